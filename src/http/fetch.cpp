#include "http/fetch.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/url/parse.hpp>
#include <optional>

namespace rn::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;

struct Target {
  bool tls = false;
  std::string host;
  std::string port;
  std::string path;  // path and query
};

Result<Target> ParseTarget(std::string_view url) {
  auto parsed = boost::urls::parse_uri(url);
  const Status invalid = Status::Invalid("url", "the feed URL must be an http:// or https:// URL");
  if (!parsed) return invalid;
  Target target;
  const std::string scheme(parsed->scheme());
  if (scheme != "http" && scheme != "https") return invalid;
  target.tls = scheme == "https";
  target.host = std::string(parsed->encoded_host());
  if (target.host.size() > 2 && target.host.front() == '[' && target.host.back() == ']') {
    target.host = target.host.substr(1, target.host.size() - 2);  // an IPv6 literal
  }
  if (target.host.empty()) return invalid;
  target.port = parsed->has_port() ? std::string(parsed->port()) : (target.tls ? "443" : "80");
  target.path = std::string(parsed->encoded_path());
  if (target.path.empty()) target.path = "/";
  if (parsed->has_query()) target.path += "?" + std::string(parsed->encoded_query());
  return target;
}

// Loopback, private, link-local, unique-local, unspecified or multicast: not a public feed host.
bool IsPrivate(const asio::ip::address& address) {
  if (address.is_v6()) {
    const asio::ip::address_v6 v6 = address.to_v6();
    if (v6.is_v4_mapped()) return IsPrivate(asio::ip::make_address_v4(asio::ip::v4_mapped, v6));
    const auto bytes = v6.to_bytes();
    return v6.is_loopback() || v6.is_unspecified() || v6.is_link_local() || v6.is_multicast() ||
           (bytes[0] & 0xFE) == 0xFC;  // fc00::/7
  }
  const auto bytes = address.to_v4().to_bytes();
  return bytes[0] == 127 || bytes[0] == 10 || bytes[0] == 0 ||
         (bytes[0] == 172 && (bytes[1] & 0xF0) == 16) || (bytes[0] == 192 && bytes[1] == 168) ||
         (bytes[0] == 169 && bytes[1] == 254) || (bytes[0] == 100 && (bytes[1] & 0xC0) == 64) ||
         bytes[0] >= 224;
}

struct Answer {
  int status = 0;
  std::string location;
  std::string body;
};

// One request and its answer; `error` says what failed.
asio::awaitable<void> Exchange(const Target& target, const FetchLimits& limits,
                               std::chrono::steady_clock::time_point deadline,
                               asio::ssl::context& tls, Answer* answer, std::string* error) {
  auto executor = co_await asio::this_coro::executor;
  ErrorCode ec;
  auto step = [&](std::string_view what) {
    if (ec) *error = std::string(what) + ": " + ec.message();
    return !ec;
  };
  tcp::resolver resolver(executor);
  auto endpoints = co_await resolver.async_resolve(target.host, target.port,
                                                   asio::redirect_error(asio::use_awaitable, ec));
  if (!step("could not find " + target.host)) co_return;
  if (!limits.allow_private_addresses) {
    for (const auto& endpoint : endpoints) {
      if (IsPrivate(endpoint.endpoint().address())) {
        *error = "private:" + target.host;
        co_return;
      }
    }
  }

  bhttp::request<bhttp::empty_body> request{bhttp::verb::get, target.path, 11};
  request.set(bhttp::field::host, target.host);
  request.set(bhttp::field::user_agent, "recoverynet feed import");
  request.set(bhttp::field::accept, "application/json, */*;q=0.5");
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(limits.max_body_bytes);
  beast::flat_buffer buffer;

  auto exchange = [&](auto& stream) -> asio::awaitable<bool> {
    co_await bhttp::async_write(stream, request, asio::redirect_error(asio::use_awaitable, ec));
    if (!step("could not send the request")) co_return false;
    co_await bhttp::async_read(stream, buffer, parser,
                               asio::redirect_error(asio::use_awaitable, ec));
    if (ec == bhttp::error::body_limit) {
      *error = "the feed is larger than " + std::to_string(limits.max_body_bytes >> 20) + " MiB";
      co_return false;
    }
    co_return step("could not read the answer");
  };

  beast::tcp_stream plain(executor);
  plain.expires_at(deadline);
  co_await plain.async_connect(endpoints, asio::redirect_error(asio::use_awaitable, ec));
  if (!step("could not connect to " + target.host)) co_return;
  bool ok = false;
  if (target.tls) {
    beast::ssl_stream<beast::tcp_stream> secure(std::move(plain), tls);
    if (!SSL_set_tlsext_host_name(secure.native_handle(), target.host.c_str())) {
      *error = "could not set up TLS for " + target.host;
      co_return;
    }
    secure.set_verify_callback(asio::ssl::host_name_verification(target.host));
    co_await secure.async_handshake(asio::ssl::stream_base::client,
                                    asio::redirect_error(asio::use_awaitable, ec));
    if (!step("TLS with " + target.host + " failed")) co_return;
    ok = co_await exchange(secure);
  } else {
    ok = co_await exchange(plain);
  }
  if (!ok) co_return;
  const auto& response = parser.get();
  answer->status = static_cast<int>(response.result_int());
  answer->location = std::string(response[bhttp::field::location]);
  answer->body = std::move(parser.get().body());
}

}  // namespace

Result<std::string> FetchUrl(std::string_view url, const FetchLimits& limits) {
  Result<Target> target = ParseTarget(url);
  if (!target.ok()) return target.status();
  asio::ssl::context tls(asio::ssl::context::tls_client);
  tls.set_default_verify_paths();
  tls.set_verify_mode(asio::ssl::verify_peer);
  const auto deadline = std::chrono::steady_clock::now() + limits.timeout;
  std::string current(url);
  for (int redirects = 0;; ++redirects) {
    asio::io_context io;
    Answer answer;
    std::string error;
    asio::co_spawn(io, Exchange(*target, limits, deadline, tls, &answer, &error), asio::detached);
    io.run();
    if (error.starts_with("private:")) {
      return Status::Invalid(
          "url", error.substr(8) + " is an address on this machine or a private network");
    }
    if (!error.empty()) {
      if (std::chrono::steady_clock::now() >= deadline) error = "no answer within the time limit";
      return Status(StatusCode::kUnavailable, error);
    }
    if (answer.status >= 200 && answer.status < 300) return std::move(answer.body);
    const bool redirect = answer.status == 301 || answer.status == 302 || answer.status == 303 ||
                          answer.status == 307 || answer.status == 308;
    if (!redirect || answer.location.empty()) {
      return Status(StatusCode::kUnavailable,
                    "the server answered HTTP " + std::to_string(answer.status));
    }
    if (redirects == limits.max_redirects) {
      return Status(StatusCode::kUnavailable, "too many redirects");
    }
    // A relative Location is resolved against the current URL's origin.
    if (answer.location.starts_with("/")) {
      answer.location = std::string(target->tls ? "https://" : "http://") + target->host + ":" +
                        target->port + answer.location;
    }
    current = answer.location;
    target = ParseTarget(current);
    if (!target.ok()) return Status(StatusCode::kUnavailable, "a redirect to an unusable URL");
  }
}

}  // namespace rn::http
