#include "api/errors.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace rn::api {
namespace {

struct ErrorRow {
  StatusCode code;
  int http_status;
  const char* title;
};

constexpr ErrorRow kErrorTable[] = {
    {StatusCode::kInvalidArgument, 400, "Bad Request"},
    {StatusCode::kUnauthenticated, 401, "Unauthorized"},
    {StatusCode::kForbidden, 403, "Forbidden"},
    {StatusCode::kNotFound, 404, "Not Found"},
    {StatusCode::kConflict, 409, "Conflict"},
    {StatusCode::kRateLimited, 429, "Too Many Requests"},
    {StatusCode::kUnavailable, 503, "Service Unavailable"},
    {StatusCode::kInternal, 500, "Internal Server Error"},
};

const ErrorRow& RowOf(StatusCode code) {
  for (const ErrorRow& row : kErrorTable) {
    if (row.code == code) return row;
  }
  return kErrorTable[std::size(kErrorTable) - 1];
}

}  // namespace

int HttpStatusOf(StatusCode code) { return RowOf(code).http_status; }

http::Response ProblemResponse(const Status& status) {
  const ErrorRow& row = RowOf(status.code());
  boost::json::object body;
  body["type"] = "about:blank";
  body["title"] = row.title;
  body["status"] = row.http_status;
  const std::string detail =
      status.field().empty() ? status.message() : status.field() + ": " + status.message();
  body["detail"] = detail;
  if (!status.field().empty()) body["field"] = status.field();
  http::Response response;
  response.status = row.http_status;
  response.content_type = "application/problem+json";
  response.body = boost::json::serialize(body);
  return response;
}

}  // namespace rn::api
