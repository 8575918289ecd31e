#pragma once
// Cookies (RFC 6265): reading one from a Cookie header and writing a Set-Cookie value. Beast-free.

#include <optional>
#include <string>
#include <string_view>

namespace rn::http {

// The value of cookie `name` in a Cookie request header ("a=1; b=2"), or nullopt. The first of
// repeated names wins; surrounding double quotes are not removed.
std::optional<std::string_view> CookieValue(std::string_view cookie_header, std::string_view name);

struct CookieOptions {
  bool secure = false;   // sent only over HTTPS
  bool expire = false;   // tells the browser to delete the cookie now
  std::string path = "/";
};

// A Set-Cookie value for a cookie only the server reads: `name=value; Path=…; HttpOnly;
// SameSite=Lax`, with `; Secure` and, to delete it, `; Max-Age=0`. No Max-Age otherwise: the
// cookie ends with the browser session, and the server ends the session it names on its own
// schedule.
std::string SetCookie(std::string_view name, std::string_view value, const CookieOptions& options);

}  // namespace rn::http
