#pragma once
// Fetching a feed over HTTP(S) (Boost.Beast + OpenSSL): what the staff console uses to re-run an
// import from a source's stored URL. Beast and Asio stay inside src/http/.

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::http {

struct FetchLimits {
  std::size_t max_body_bytes = 64u << 20;
  std::chrono::seconds timeout{30};  // for the whole fetch, redirects included
  int max_redirects = 3;
  // Whether addresses on this machine or its private networks (loopback, RFC 1918, link-local,
  // unique-local, unspecified) may be fetched. Off: a feed URL typed into the staff console must
  // not reach internal services (server-side request forgery). Tests turn it on.
  bool allow_private_addresses = false;
};

// GETs `url` (http:// or https://; a server's certificate is verified against the system's CA
// store and its host name) and returns the body of a 2xx answer, following up to
// max_redirects redirects. kInvalidArgument (field "url") for a URL it cannot fetch, or one whose
// host resolves to a private address when those are not allowed;
// kUnavailable, saying what happened, for a failed connection, TLS handshake or read, a timeout,
// a non-2xx status or a body over the limit.
Result<std::string> FetchUrl(std::string_view url, const FetchLimits& limits = {});

}  // namespace rn::http
