#include "http/cors.h"

#include <algorithm>
#include <array>

#include "util/text.h"

namespace rn::http {
namespace {

constexpr std::string_view kCorsPrefix = "access-control-";

// Request headers a cross-origin reader of public data may send. Credentials (Authorization,
// Cookie) and the console's CSRF header are not among them.
constexpr std::array<std::string_view, 8> kSafeRequestHeaders = {
    "accept",        "accept-language", "cache-control",    "content-language", "if-modified-since",
    "if-none-match", "pragma",          "x-requested-with",
};

}  // namespace

bool IsCorsHeader(std::string_view name) {
  return name.size() >= kCorsPrefix.size() &&
         text::EqualsIgnoringAsciiCase(name.substr(0, kCorsPrefix.size()), kCorsPrefix);
}

void ApplyCrossOriginPolicy(bool readable_from_any_origin, Response& response) {
  std::erase_if(response.headers, [](const auto& header) { return IsCorsHeader(header.first); });
  if (readable_from_any_origin) response.headers.emplace_back("Access-Control-Allow-Origin", "*");
}

std::string AllowedRequestHeaders(std::string_view access_control_request_headers) {
  std::string allowed;
  std::string_view rest = access_control_request_headers;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    const std::string name = text::AsciiLower(text::TrimOws(rest.substr(0, comma)));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    if (std::find(kSafeRequestHeaders.begin(), kSafeRequestHeaders.end(), name) ==
        kSafeRequestHeaders.end())
      continue;
    if (!allowed.empty()) allowed.append(", ");
    allowed.append(name);
  }
  return allowed;
}

Response CrossOriginOptionsResponse(std::string_view access_control_request_method,
                                    std::string_view access_control_request_headers) {
  Response response;
  response.status = 204;
  response.content_type.clear();
  response.headers.emplace_back("Allow", std::string(kCrossOriginMethods));
  const std::string_view method = text::TrimOws(access_control_request_method);
  if (method != "GET" && method != "HEAD") return response;
  response.headers.emplace_back("Access-Control-Allow-Origin", "*");
  response.headers.emplace_back("Access-Control-Allow-Methods", std::string(kCrossOriginMethods));
  if (std::string headers = AllowedRequestHeaders(access_control_request_headers); !headers.empty())
    response.headers.emplace_back("Access-Control-Allow-Headers", std::move(headers));
  response.headers.emplace_back("Access-Control-Max-Age", std::string(kPreflightMaxAgeSeconds));
  response.headers.emplace_back("Vary",
                                "Access-Control-Request-Method, Access-Control-Request-Headers");
  return response;
}

}  // namespace rn::http
