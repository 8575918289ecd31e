#include "http/problem.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

namespace rn::http {

namespace {

struct StatusEntry {
  int status;
  std::string_view reason;
};

constexpr StatusEntry kReasons[] = {
    {100, "Continue"},
    {200, "OK"},
    {201, "Created"},
    {202, "Accepted"},
    {204, "No Content"},
    {206, "Partial Content"},
    {301, "Moved Permanently"},
    {302, "Found"},
    {303, "See Other"},
    {304, "Not Modified"},
    {307, "Temporary Redirect"},
    {308, "Permanent Redirect"},
    {400, "Bad Request"},
    {401, "Unauthorized"},
    {403, "Forbidden"},
    {404, "Not Found"},
    {405, "Method Not Allowed"},
    {406, "Not Acceptable"},
    {408, "Request Timeout"},
    {409, "Conflict"},
    {410, "Gone"},
    {411, "Length Required"},
    {412, "Precondition Failed"},
    {413, "Content Too Large"},
    {414, "URI Too Long"},
    {415, "Unsupported Media Type"},
    {416, "Range Not Satisfiable"},
    {417, "Expectation Failed"},
    {422, "Unprocessable Content"},
    {428, "Precondition Required"},
    {429, "Too Many Requests"},
    {431, "Request Header Fields Too Large"},
    {500, "Internal Server Error"},
    {501, "Not Implemented"},
    {502, "Bad Gateway"},
    {503, "Service Unavailable"},
    {504, "Gateway Timeout"},
};

}  // namespace

std::string_view StatusReason(int status) {
  for (const StatusEntry& entry : kReasons)
    if (entry.status == status) return entry.reason;
  return "Unknown";
}

namespace {

// The problem document without its optional members.
boost::json::object ProblemObject(int status, std::string_view detail) {
  boost::json::object problem;
  problem["type"] = "about:blank";
  problem["title"] = StatusReason(status);
  problem["status"] = status;
  problem["detail"] = detail;
  return problem;
}

Response ProblemJson(int status, const boost::json::object& problem) {
  Response response;
  response.status = status;
  response.content_type = std::string(kProblemContentType);
  response.body = boost::json::serialize(problem);
  return response;
}

}  // namespace

Response ProblemResponse(int status, std::string_view detail, std::string_view field) {
  boost::json::object problem = ProblemObject(status, detail);
  if (!field.empty()) problem["field"] = field;
  return ProblemJson(status, problem);
}

std::string_view ServerErrorDetail(int status) {
  if (status == 503) return "The service is busy: try again in a moment.";
  return "The server could not complete the request.";
}

Response ServerErrorResponse(int status, std::string_view request_id) {
  boost::json::object problem = ProblemObject(status, ServerErrorDetail(status));
  if (!request_id.empty()) problem["request_id"] = request_id;
  return ProblemJson(status, problem);
}

}  // namespace rn::http
