#include "api/errors.h"

#include "http/problem.h"

namespace rn::api {
namespace {

struct ErrorRow {
  StatusCode code;
  int http_status;
};

// The one table from protocol-neutral codes to HTTP statuses.
constexpr ErrorRow kErrorTable[] = {
    {StatusCode::kInvalidArgument, 400}, {StatusCode::kUnauthenticated, 401},
    {StatusCode::kForbidden, 403},       {StatusCode::kNotFound, 404},
    {StatusCode::kConflict, 409},        {StatusCode::kRateLimited, 429},
    {StatusCode::kUnavailable, 503},     {StatusCode::kInternal, 500},
};

}  // namespace

int HttpStatusOf(StatusCode code) {
  for (const ErrorRow& row : kErrorTable) {
    if (row.code == code) return row.http_status;
  }
  return 500;
}

http::Response ProblemResponse(const Status& status) {
  const std::string detail =
      status.field().empty() ? status.message() : status.field() + ": " + status.message();
  return http::ProblemResponse(HttpStatusOf(status.code()), detail, status.field());
}

}  // namespace rn::api
