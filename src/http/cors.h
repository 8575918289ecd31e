#pragma once
// Cross-origin reads (CORS, the Fetch standard) of the routes declared
// CrossOrigin::kAnyOriginRead (Router::AddPublicRead): their responses carry
// Access-Control-Allow-Origin: *, and an OPTIONS request for them is answered here. Every other
// route is same-origin: no Access-Control-* header ever leaves the server for it, even one its
// handler set. Beast-free; the server calls these (server.cpp).

#include <string>
#include <string_view>

#include "http/message.h"

namespace rn::http {

// The methods a cross-origin reader may use, as sent in Allow and Access-Control-Allow-Methods.
inline constexpr std::string_view kCrossOriginMethods = "GET, HEAD, OPTIONS";
// How long (seconds) a browser may cache a preflight answer; Chromium caps it at 7200.
inline constexpr std::string_view kPreflightMaxAgeSeconds = "7200";

// True for a header name that belongs to CORS ("Access-Control-…", any case).
bool IsCorsHeader(std::string_view name);

// Makes `response`'s CORS headers what the route declares: removes every Access-Control-* header
// a handler set, then adds Access-Control-Allow-Origin: * when `readable_from_any_origin`. The
// value does not depend on the request's Origin, so no Vary: Origin is needed.
void ApplyCrossOriginPolicy(bool readable_from_any_origin, Response& response);

// The requested header names (`access_control_request_headers`, a comma-separated list as a
// browser sends it) that a cross-origin reader may send, lower-cased, in request order, joined by
// ", "; a name outside the safe list (e.g. Authorization, Cookie, X-CSRF-Token) is left out, so
// the browser refuses a request that needs it. Empty when none is allowed.
std::string AllowedRequestHeaders(std::string_view access_control_request_headers);

// The answer to OPTIONS on a path readable from any origin: 204 with Allow. When it is a CORS
// preflight for GET or HEAD (`access_control_request_method`), also
// Access-Control-Allow-Origin: *, -Allow-Methods, -Allow-Headers (AllowedRequestHeaders, when
// any were requested and allowed), -Max-Age and Vary on the request headers it depends on. A
// preflight for any other method gets no Access-Control-* header: the browser then refuses it.
Response CrossOriginOptionsResponse(std::string_view access_control_request_method,
                                    std::string_view access_control_request_headers);

}  // namespace rn::http
