#pragma once
// The client's address behind a reverse proxy. Beast-free.

#include <string>
#include <string_view>
#include <vector>

namespace rn::http {

// The address a request came from: `peer` (the connection's address) unless `peer` is one of
// `trusted_proxies`, in which case the right-most X-Forwarded-For entry that is not a trusted proxy
// (the address the nearest trusted proxy saw), or `peer` when the header has none. Entries a client
// put in the header itself lie left of that and are ignored, so a client cannot choose the address
// that rate limits and the audit trail see.
std::string ClientAddress(std::string_view peer, std::string_view x_forwarded_for,
                          const std::vector<std::string>& trusted_proxies);

// Whether `peer` is one of `trusted_proxies`: only such a peer's X-Forwarded-* headers are believed
// (the server drops them from any other request).
bool IsTrustedProxy(std::string_view peer, const std::vector<std::string>& trusted_proxies);

}  // namespace rn::http
