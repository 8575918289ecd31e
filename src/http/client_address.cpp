#include "http/client_address.h"

#include <algorithm>

#include "util/text.h"

namespace rn::http {

bool IsTrustedProxy(std::string_view peer, const std::vector<std::string>& trusted_proxies) {
  return std::find(trusted_proxies.begin(), trusted_proxies.end(), peer) != trusted_proxies.end();
}

std::string ClientAddress(std::string_view peer, std::string_view x_forwarded_for,
                          const std::vector<std::string>& trusted_proxies) {
  if (!IsTrustedProxy(peer, trusted_proxies)) return std::string(peer);
  while (!x_forwarded_for.empty()) {
    const std::size_t comma = x_forwarded_for.rfind(',');
    const std::string_view entry = text::TrimOws(
        comma == std::string_view::npos ? x_forwarded_for : x_forwarded_for.substr(comma + 1));
    if (!entry.empty() && !IsTrustedProxy(entry, trusted_proxies)) return std::string(entry);
    if (comma == std::string_view::npos) break;
    x_forwarded_for = x_forwarded_for.substr(0, comma);
  }
  return std::string(peer);
}

}  // namespace rn::http
