#include "http/cookie.h"

#include "util/text.h"

namespace rn::http {

std::optional<std::string_view> CookieValue(std::string_view cookie_header, std::string_view name) {
  while (!cookie_header.empty()) {
    const std::size_t end = cookie_header.find(';');
    const std::string_view pair = text::TrimOws(cookie_header.substr(0, end));
    const std::size_t equals = pair.find('=');
    if (equals != std::string_view::npos && text::TrimOws(pair.substr(0, equals)) == name) {
      return text::TrimOws(pair.substr(equals + 1));
    }
    if (end == std::string_view::npos) break;
    cookie_header.remove_prefix(end + 1);
  }
  return std::nullopt;
}

std::string SetCookie(std::string_view name, std::string_view value,
                      const CookieOptions& options) {
  std::string cookie;
  cookie.append(name).append("=").append(value);
  cookie.append("; Path=").append(options.path);
  cookie.append("; HttpOnly; SameSite=Lax");
  if (options.secure) cookie.append("; Secure");
  if (options.expire) cookie.append("; Max-Age=0");
  return cookie;
}

}  // namespace rn::http
