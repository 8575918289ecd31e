#pragma once
// Protocol-level request and response, free of Beast so api/ and web/ can use them.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rn::http {

struct Request {
  std::string method;  // "GET", "POST", …
  std::string target;  // as received: path + optional "?query"
  std::string path;    // percent-decoded path, without the query
  std::string query;   // raw query string without '?', not decoded
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;
  // Made by the server for this request (http/request_id.h): sent back as X-Request-Id, written in
  // the access log line and in the log line of a 5xx answer, shown to the client as its reference.
  std::string request_id;

  // The first header named `name` (lower-case), or empty.
  std::string_view Header(std::string_view name) const {
    for (const auto& [key, value] : headers)
      if (key == name) return value;
    return {};
  }
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
};

}  // namespace rn::http
