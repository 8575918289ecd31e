#include "api/errors.h"

#include <spdlog/spdlog.h>

#include "http/problem.h"
#include "http/request_id.h"

namespace rn::api {
namespace {

struct ErrorRow {
  StatusCode code;
  int http_status;
  const char* name;  // for the log line
};

// The one table from protocol-neutral codes to HTTP statuses.
constexpr ErrorRow kErrorTable[] = {
    {StatusCode::kInvalidArgument, 400, "invalid_argument"},
    {StatusCode::kUnauthenticated, 401, "unauthenticated"},
    {StatusCode::kForbidden, 403, "forbidden"},
    {StatusCode::kNotFound, 404, "not_found"},
    {StatusCode::kConflict, 409, "conflict"},
    {StatusCode::kRateLimited, 429, "rate_limited"},
    {StatusCode::kUnavailable, 503, "unavailable"},
    {StatusCode::kInternal, 500, "internal"},
};

const ErrorRow* RowOf(StatusCode code) {
  for (const ErrorRow& row : kErrorTable) {
    if (row.code == code) return &row;
  }
  return nullptr;
}

}  // namespace

int HttpStatusOf(StatusCode code) {
  const ErrorRow* row = RowOf(code);
  return row != nullptr ? row->http_status : 500;
}

std::string ClientError::Sentence() const {
  if (!server_error() || request_id.empty()) return detail;
  std::string sentence = detail;
  if (sentence.ends_with('.')) sentence.pop_back();
  return sentence + " (reference " + request_id + ").";
}

ClientError ClientErrorOf(const Status& status) {
  ClientError error;
  error.http_status = HttpStatusOf(status.code());
  error.title = std::string(http::StatusReason(error.http_status));
  if (!error.server_error()) {
    error.detail =
        status.field().empty() ? status.message() : status.field() + ": " + status.message();
    error.field = status.field();
    return error;
  }
  error.detail = std::string(http::ServerErrorDetail(error.http_status));
  error.request_id = std::string(http::CurrentRequestId());
  const ErrorRow* row = RowOf(status.code());
  spdlog::log(error.http_status == 503 ? spdlog::level::warn : spdlog::level::err,
              "event=server_error request_id={} status={} code={} error={:?}",
              error.request_id.empty() ? "-" : error.request_id, error.http_status,
              row != nullptr ? row->name : "unknown", status.message());
  return error;
}

http::Response ProblemResponse(const Status& status) {
  const ClientError error = ClientErrorOf(status);
  if (error.server_error()) return http::ServerErrorResponse(error.http_status, error.request_id);
  return http::ProblemResponse(error.http_status, error.detail, error.field);
}

}  // namespace rn::api
