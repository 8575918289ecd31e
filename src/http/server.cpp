#include "http/server.h"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cassert>
#include <charconv>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <exception>
#include <iterator>
#include <limits>
#include <list>
#include <optional>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "http/client_address.h"
#include "http/compression.h"
#include "http/cors.h"
#include "http/problem.h"
#include "http/request_id.h"
#include "http/target.h"
#include "spdlog/spdlog.h"
#include "util/text.h"

namespace rn::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using ErrorCode = boost::system::error_code;
using SteadyClock = std::chrono::steady_clock;

// How much to read at once while waiting for the next request on a keep-alive connection.
constexpr std::size_t kReadChunk = 16 * 1024;
// After an error response the server stops sending and discards what the client still sends for
// at most this long (and this many bytes), so that closing does not reset the connection before
// the client has read the response.
constexpr std::chrono::seconds kLingerTimeout{1};
constexpr std::size_t kLingerMaxBytes = 1 << 20;
// Inline handlers' responses of this size or more are compressed on the worker pool, not on the
// network thread (blocking handlers' responses always are, where the handler ran). Measured on this
// 2-core machine: a 16 KB JSON body takes 0.11 ms (gzip-6) / 0.21 ms (br q5), small enough to do
// inline; a 150 KB HTML page 1.8 / 1.5 ms in a loop, and a 174 KB /api/v1/meetings page
// 2.5-3.5 / 3.1-4.3 ms inside the server, against 0.4 ms for the handler that renders it.
constexpr std::size_t kPoolCompressBytes = 16 * 1024;
// Pause after a failed accept (e.g. out of file descriptors) so the loop does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{50};

constexpr std::string_view kServerName = "recoverynet";
constexpr std::string_view kDefaultContentSecurityPolicy =
    "default-src 'none'; frame-ancestors 'none'";
constexpr std::string_view kContinueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;
using RequestParser = bhttp::request_parser<bhttp::string_body>;

// The completion token of the server's coroutine operations: errors become values, not exceptions.
auto Redirect(ErrorCode& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

// Completion handler for detached coroutines: an escaping exception is logged, never rethrown.
auto LogFailure(const char* what) {
  return [what](std::exception_ptr failure) {
    if (!failure) return;
    try {
      std::rethrow_exception(failure);
    } catch (const std::exception& e) {
      spdlog::error("http: {} failed: {}", what, e.what());
    } catch (...) {
      spdlog::error("http: {} failed with a non-standard exception", what);
    }
  };
}

using text::EqualsIgnoringAsciiCase;

// True for a header name a handler may set: a non-empty token without separators.
bool IsValidHeaderName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || c == ':' || c == '(' || c == ')' || c == ',' || c == ';' ||
        c == '"' || c == '/' || c == '\\')
      return false;
  }
  return true;
}

// True for a header value that cannot break the response framing (no CR, LF or NUL).
bool IsValidHeaderValue(std::string_view value) {
  return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// Headers the server owns (the framing, and the request id); handlers cannot set them.
bool IsReservedHeader(std::string_view name) {
  return EqualsIgnoringAsciiCase(name, "content-length") ||
         EqualsIgnoringAsciiCase(name, "transfer-encoding") ||
         EqualsIgnoringAsciiCase(name, "connection") ||
         EqualsIgnoringAsciiCase(name, "x-request-id");
}

// The current time as an IMF-fixdate, formatted at most once per second per thread.
std::string_view HttpDate() {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  thread_local std::time_t cached_second = -1;
  thread_local char text[64];
  thread_local std::size_t length = 0;
  std::time_t now = std::time(nullptr);
  if (now != cached_second) {
    std::tm utc{};
    gmtime_r(&now, &utc);
    int written = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT",
                                kDays[utc.tm_wday % 7], utc.tm_mday, kMonths[utc.tm_mon % 12],
                                utc.tm_year + 1900, utc.tm_hour, utc.tm_min, utc.tm_sec);
    length = written > 0 ? std::min(static_cast<std::size_t>(written), sizeof text - 1) : 0;
    cached_second = now;
  }
  return {text, length};
}

void AppendNumber(std::string& out, std::uint64_t number) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, number);
  out.append(digits, end);
}

void AppendHeader(std::string& out, std::string_view name, std::string_view value) {
  out.append(name);
  out.append(": ");
  out.append(value);
  out.append("\r\n");
}

// Writes the status line and headers of `response` into `out` (cleared first). The body itself is
// sent separately. `keep_alive` and `http_version` (10 or 11) decide the Connection header;
// `request_id` is sent as X-Request-Id.
void RenderHead(const Response& response, bool keep_alive, unsigned http_version,
                std::string_view request_id, std::string& out) {
  out.clear();
  out.append("HTTP/1.1 ");
  AppendNumber(out, static_cast<std::uint64_t>(response.status));
  out.push_back(' ');
  out.append(StatusReason(response.status));
  out.append("\r\n");
  AppendHeader(out, "Server", kServerName);
  AppendHeader(out, "Date", HttpDate());
  AppendHeader(out, "X-Request-Id", request_id);

  bool has_content_type = false;
  bool has_nosniff = false;
  bool has_referrer_policy = false;
  bool has_csp = false;
  for (const auto& [name, value] : response.headers) {
    has_content_type = has_content_type || EqualsIgnoringAsciiCase(name, "content-type");
    has_nosniff = has_nosniff || EqualsIgnoringAsciiCase(name, "x-content-type-options");
    has_referrer_policy = has_referrer_policy || EqualsIgnoringAsciiCase(name, "referrer-policy");
    has_csp = has_csp || EqualsIgnoringAsciiCase(name, "content-security-policy");
  }
  if (!has_content_type && !response.content_type.empty() &&
      IsValidHeaderValue(response.content_type))
    AppendHeader(out, "Content-Type", response.content_type);
  bool bodyless_status = response.status == 204 || response.status == 304;
  if (!bodyless_status) {
    out.append("Content-Length: ");
    AppendNumber(out, response.body.size());
    out.append("\r\n");
  }
  if (!has_nosniff) AppendHeader(out, "X-Content-Type-Options", "nosniff");
  if (!has_referrer_policy) AppendHeader(out, "Referrer-Policy", "no-referrer");
  if (!has_csp) AppendHeader(out, "Content-Security-Policy", kDefaultContentSecurityPolicy);
  for (const auto& [name, value] : response.headers) {
    if (!IsValidHeaderName(name) || !IsValidHeaderValue(value) || IsReservedHeader(name)) {
      spdlog::warn("http: dropped invalid or reserved response header name={:?}", name);
      continue;
    }
    AppendHeader(out, name, value);
  }
  if (!keep_alive) {
    AppendHeader(out, "Connection", "close");
  } else if (http_version == 10) {
    AppendHeader(out, "Connection", "keep-alive");
  }
  out.append("\r\n");
}

// The status for a failed request read: 431, 413, 400, or 0 when the connection should simply close
// (client gone, timeout, Stop()).
int ReadErrorStatus(const ErrorCode& ec) {
  if (ec == bhttp::error::header_limit) return 431;
  if (ec == bhttp::error::body_limit) return 413;
  if (ec.category() != bhttp::make_error_code(bhttp::error::bad_target).category()) return 0;
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message ||
      ec == bhttp::error::short_read)
    return 0;
  return 400;
}

// Why a request whose header Beast accepted still cannot be framed safely, or empty when it can
// (RFC 9112 §3.2, §6.1, §6.3). A request whose body length a proxy in front could read otherwise is
// the opening of request smuggling, so the server answers 400 and closes the connection, parsing
// nothing after it:
//  - Transfer-Encoding, unless its codings (all its lines together) are exactly "chunked": a final
//    coding other than chunked ("chunked, identity", "identity", "xchunked") leaves the length
//    unknown, and the server decodes no other coding ("gzip, chunked");
//  - Transfer-Encoding together with Content-Length, in either order, or in an HTTP/1.0 request;
//  - an HTTP/1.1 request without exactly one Host line.
std::string_view FramingError(const bhttp::request<bhttp::string_body>& header) {
  auto [first_coding, last_coding] = header.equal_range(bhttp::field::transfer_encoding);
  if (first_coding != last_coding) {
    if (header.version() < 11) return "Transfer-Encoding is not allowed in an HTTP/1.0 request.";
    if (header.find(bhttp::field::content_length) != header.end()) {
      return "A request may have Transfer-Encoding or Content-Length, not both.";
    }
    std::size_t codings = 0;
    bool chunked_only = true;
    for (auto line = first_coding; line != last_coding; ++line) {
      std::string_view rest = line->value();
      while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        const std::string_view coding = text::TrimOws(rest.substr(0, comma));
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        if (coding.empty()) continue;
        ++codings;
        chunked_only = chunked_only && EqualsIgnoringAsciiCase(coding, "chunked");
      }
    }
    if (codings != 1 || !chunked_only) {
      return "Transfer-Encoding must be exactly chunked: the body's length cannot be read "
             "otherwise.";
    }
  }
  auto [first_host, last_host] = header.equal_range(bhttp::field::host);
  const auto hosts = std::distance(first_host, last_host);
  if (hosts > 1) return "A request must have one Host header, not several.";
  if (hosts == 0 && header.version() >= 11) return "An HTTP/1.1 request must have a Host header.";
  return {};
}

std::string_view ReadErrorDetail(int status) {
  switch (status) {
    case 431:
      return "The request line and headers exceed the server's limit.";
    case 413:
      return "The request body exceeds the server's limit.";
    default:
      return "The request is not valid HTTP/1.1.";
  }
}

// The encoding for the response to `message`, negotiated from its Accept-Encoding lines; identity
// for a Range request (a range would apply to the unencoded representation).
ContentEncoding ResponseEncoding(const bhttp::request<bhttp::string_body>& message) {
  if (message.find(bhttp::field::range) != message.end()) return ContentEncoding::kIdentity;
  auto [first, last] = message.equal_range(bhttp::field::accept_encoding);
  if (first == last) return ContentEncoding::kIdentity;
  if (std::next(first) == last) return NegotiateContentEncoding(first->value());
  std::string joined;
  for (auto line = first; line != last; ++line) {
    if (!joined.empty()) joined.append(", ");
    joined.append(line->value());
  }
  return NegotiateContentEncoding(joined);
}

// Calls the route's handler with the request's id as the thread's CurrentRequestId(); an exception
// or an impossible status becomes a 500 with the request id, logged with the internal detail that
// the client does not see.
Response CallHandler(const Route& route, const Request& request, const PathParams& params,
                     std::string_view log_path) {
  ScopedRequestId scope(request.request_id);
  try {
    Response response = route.handler(request, params);
    if (response.status >= 200 && response.status <= 599) return response;
    spdlog::error("http: handler returned invalid status={} request_id={} method={} path={}",
                  response.status, request.request_id, request.method, log_path);
  } catch (const std::exception& e) {
    spdlog::error("http: handler failed request_id={} method={} path={} error={:?}",
                  request.request_id, request.method, log_path, e.what());
  } catch (...) {
    spdlog::error(
        "http: handler failed request_id={} method={} path={} error=non-standard exception",
        request.request_id, request.method, log_path);
  }
  return ServerErrorResponse(500, request.request_id);
}

// CallHandler, with the CORS headers the route declares (and none a handler set itself).
Response Invoke(const Route& route, const Request& request, const PathParams& params,
                std::string_view log_path) {
  Response response = CallHandler(route, request, params, log_path);
  ApplyCrossOriginPolicy(route.ReadableFromAnyOrigin(), response);
  return response;
}

// One accepted connection. Lives in its coroutine's frame.
struct Connection {
  explicit Connection(tcp::socket socket) : stream(std::move(socket)) {}

  beast::tcp_stream stream;
  beast::flat_buffer buffer;  // reused across the connection's requests
  std::string head;           // reused buffer for rendered response heads
  std::string remote_address;
  // Set by ReadRequest when it refuses a request's framing (FramingError): the detail of the 400.
  std::string_view framing_error;
  // True while waiting for or reading a request (or lingering before close): Stop() may cancel
  // it. False while a request is being handled and answered.
  bool interruptible = true;
};

// A network thread: its own io_context and acceptor, and the connections it serves. Everything
// here except `io_context` is touched only from that io_context's thread.
struct NetworkThread {
  std::list<Connection*> connections;  // declared first: outlives frames destroyed with the ioc
  asio::io_context io_context{1};
  tcp::acceptor acceptor{io_context};
};

// Keeps a connection listed in its network thread for the lifetime of the serving coroutine.
class ConnectionRegistration final {
 public:
  ConnectionRegistration(std::list<Connection*>& list, Connection* connection)
      : list_(list), position_(list.insert(list.end(), connection)) {}
  ~ConnectionRegistration() { list_.erase(position_); }
  ConnectionRegistration(const ConnectionRegistration&) = delete;
  ConnectionRegistration& operator=(const ConnectionRegistration&) = delete;

 private:
  std::list<Connection*>& list_;
  std::list<Connection*>::iterator position_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions server_options, const Router& server_router)
      : options(std::move(server_options)),
        router(server_router),
        pool(static_cast<std::size_t>(std::max(1, options.worker_threads))) {}

  asio::awaitable<void> Accept(NetworkThread& network_thread);
  // Serves one connection's requests in order until it closes, fails, times out or Stop().
  asio::awaitable<void> Serve(NetworkThread& network_thread, tcp::socket socket);
  // Reads the next request into `parser`, answering "Expect: 100-continue" on the way.
  asio::awaitable<ErrorCode> ReadRequest(Connection& connection, RequestParser& parser,
                                         bool first_request);
  // Routes the read request, runs its handler (on the worker pool for kBlocking routes) and
  // Finish()es the response (on the pool too when it is a large one to compress). Fills `request`,
  // including `request.target`, which the caller logs.
  asio::awaitable<Response> Handle(bhttp::request<bhttp::string_body>& message,
                                   const Connection& connection, Request& request);
  // `response` compressed for `encoding` when options.compress (CompressResponse).
  Response Finish(Response response, ContentEncoding encoding) const;
  // Sends `response` (head, then body unless `head_only`) with X-Request-Id `request_id`. Logs it
  // when info logging is on.
  asio::awaitable<ErrorCode> Send(Connection& connection, Response& response, bool head_only,
                                  bool keep_alive, unsigned http_version,
                                  std::string_view request_id, std::string_view log_method,
                                  std::string_view log_path, SteadyClock::time_point started);
  // Answers a request that could not be read with `status` and closes the connection. `detail`
  // is the problem's detail; empty: ReadErrorDetail(status).
  asio::awaitable<void> Reject(Connection& connection, int status, std::string_view request_id,
                               std::string_view log_method, std::string_view log_path,
                               SteadyClock::time_point started, std::string_view detail);
  // Half-closes, discards what the client still sends for a short while, then closes.
  asio::awaitable<void> Close(Connection& connection);
  // On `network_thread`'s own thread: stops accepting and cancels every waiting connection.
  void StopNetworkThread(NetworkThread& network_thread);

  const ServerOptions options;
  const Router& router;
  asio::thread_pool pool;  // Execution::kBlocking handlers
  std::vector<std::unique_ptr<NetworkThread>> network_threads;
  std::optional<asio::signal_set> signals;  // on network_threads[0], during Run()
  std::atomic<bool> stopping{false};
  unsigned short bound_port = 0;
};

asio::awaitable<void> Server::Impl::Accept(NetworkThread& network_thread) {
  asio::steady_timer retry_timer(network_thread.io_context);
  while (!stopping.load(std::memory_order_relaxed)) {
    ErrorCode ec;
    tcp::socket socket = co_await network_thread.acceptor.async_accept(Redirect(ec));
    if (stopping.load(std::memory_order_relaxed)) break;
    if (ec) {
      if (ec == asio::error::operation_aborted || !network_thread.acceptor.is_open()) break;
      spdlog::warn("http: accept failed: {}", ec.message());
      retry_timer.expires_after(kAcceptRetryDelay);
      co_await retry_timer.async_wait(Redirect(ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    asio::co_spawn(network_thread.io_context, Serve(network_thread, std::move(socket)),
                   LogFailure("connection"));
  }
}

asio::awaitable<void> Server::Impl::Serve(NetworkThread& network_thread, tcp::socket socket) {
  Connection connection(std::move(socket));
  ConnectionRegistration registration(network_thread.connections, &connection);
  ErrorCode ec;
  tcp::endpoint remote = connection.stream.socket().remote_endpoint(ec);
  if (!ec) connection.remote_address = remote.address().to_string();

  const auto write_timeout = std::max(options.read_timeout, options.idle_timeout);
  spdlog::logger& logger = *spdlog::default_logger_raw();
  std::optional<RequestParser> parser;
  bool first_request = true;

  while (!stopping.load(std::memory_order_relaxed)) {
    connection.interruptible = true;
    parser.emplace();
    ec = co_await ReadRequest(connection, *parser, first_request);
    first_request = false;
    SteadyClock::time_point started =
        logger.should_log(spdlog::level::info) ? SteadyClock::now() : SteadyClock::time_point{};
    Request request;
    request.request_id = NewRequestId();
    if (ec) {
      int status = ReadErrorStatus(ec);
      if (status != 0) {
        std::string_view method = "-";
        std::string_view path = "-";
        if (parser->is_header_done()) {
          method = parser->get().method_string();
          path = SplitTarget(parser->get().target()).path;
        }
        co_await Reject(connection, status, request.request_id, method, path, started,
                        connection.framing_error);
      }
      co_return;
    }

    connection.interruptible = false;
    bhttp::request<bhttp::string_body>& message = parser->get();
    const bool keep_alive = message.keep_alive();
    const unsigned http_version = message.version();
    Response response = co_await Handle(message, connection, request);

    const bool keep_open = keep_alive && !stopping.load(std::memory_order_relaxed);
    connection.stream.expires_after(write_timeout);
    ec = co_await Send(connection, response, request.method == "HEAD", keep_open, http_version,
                       request.request_id, request.method, SplitTarget(request.target).path,
                       started);
    if (ec) co_return;
    if (!keep_open) break;
  }
  co_await Close(connection);
}

asio::awaitable<ErrorCode> Server::Impl::ReadRequest(Connection& connection, RequestParser& parser,
                                                     bool first_request) {
  ErrorCode ec;
  // Between keep-alive requests the idle timeout applies until the next request starts; the
  // first request must arrive whole within read_timeout of the connection being accepted.
  if (!first_request && connection.buffer.size() == 0) {
    connection.stream.expires_after(options.idle_timeout);
    std::size_t received = co_await connection.stream.async_read_some(
        connection.buffer.prepare(kReadChunk), Redirect(ec));
    if (ec) co_return ec;  // closed by the client, idle timeout, or Stop()
    connection.buffer.commit(received);
  }

  connection.stream.expires_after(options.read_timeout);
  parser.header_limit(static_cast<std::uint32_t>(
      std::min<std::size_t>(options.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
  // The body limit depends on the route (a feed upload may be larger than the default), so it is
  // set once the header names the route; Beast would otherwise refuse a larger Content-Length
  // while reading the header.
  parser.body_limit(std::numeric_limits<std::uint64_t>::max());
  co_await bhttp::async_read_header(connection.stream, connection.buffer, parser, Redirect(ec));
  if (ec) co_return ec;
  connection.framing_error = FramingError(parser.get());
  if (!connection.framing_error.empty()) co_return ErrorCode(bhttp::error::bad_transfer_encoding);

  if (parser.is_done()) co_return ec;  // no body

  const auto& header = parser.get();
  std::size_t body_limit = options.max_body_bytes;
  // The route is looked up here only for a body that may be larger than the default: the usual
  // request (no body, or a small one) is matched once, in Handle.
  const boost::optional<std::uint64_t> length = parser.content_length();
  if (!length || *length > body_limit) {
    if (std::optional<std::string> path = DecodePath(SplitTarget(header.target()).path)) {
      const RouteMatch match = router.Match(header.method_string(), *path);
      if (match.method_allowed && match.route->max_body_bytes > 0) {
        body_limit = match.route->max_body_bytes;
      }
    }
  }
  if (length && *length > body_limit) co_return ErrorCode(bhttp::error::body_limit);
  parser.body_limit(body_limit);
  if (header.version() == 11 &&
      EqualsIgnoringAsciiCase(header[bhttp::field::expect], "100-continue")) {
    co_await asio::async_write(connection.stream, asio::buffer(kContinueResponse), Redirect(ec));
    if (ec) co_return ec;
  }
  co_await bhttp::async_read(connection.stream, connection.buffer, parser, Redirect(ec));
  co_return ec;
}

asio::awaitable<Response> Server::Impl::Handle(bhttp::request<bhttp::string_body>& message,
                                               const Connection& connection, Request& request) {
  const ContentEncoding encoding = ResponseEncoding(message);
  request.method = message.method_string();
  request.target = message.target();
  TargetParts target = SplitTarget(request.target);
  if (target.path.empty()) {
    co_return Finish(ProblemResponse(400, "The request target must be a path."), encoding);
  }
  std::optional<std::string> decoded_path = DecodePath(target.path);
  if (!decoded_path) {
    co_return Finish(ProblemResponse(400, "The request path is not valid percent-encoding."),
                     encoding);
  }
  request.path = std::move(*decoded_path);
  request.query = target.query;

  RouteMatch match = router.Match(request.method, request.path);
  if (match.route == nullptr) {
    co_return Finish(ProblemResponse(404, "There is no resource at this path."), encoding);
  }
  if (!match.method_allowed && match.readable_from_any_origin && request.method == "OPTIONS") {
    co_return Finish(
        CrossOriginOptionsResponse(message[bhttp::field::access_control_request_method],
                                   message[bhttp::field::access_control_request_headers]),
        encoding);
  }
  if (!match.method_allowed) {
    Response response = ProblemResponse(405, "This resource does not support the request method.");
    response.headers.emplace_back("Allow", std::move(match.allow));
    co_return Finish(std::move(response), encoding);
  }

  request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
  // X-Forwarded-For and X-Forwarded-Proto say where a request came from and whether it was over
  // TLS: believed only from a trusted proxy, dropped from anyone else.
  const bool from_proxy = IsTrustedProxy(connection.remote_address, options.trusted_proxies);
  for (const auto& field : message) {
    std::string name = text::AsciiLower(field.name_string());
    if (!from_proxy && name.starts_with("x-forwarded-")) continue;
    request.headers.emplace_back(std::move(name), std::string(field.value()));
  }
  request.body = std::move(message.body());
  request.remote_address = ClientAddress(
      connection.remote_address, request.Header("x-forwarded-for"), options.trusted_proxies);

  const Route& route = *match.route;
  if (route.execution == Execution::kBlocking) {
    co_return co_await asio::co_spawn(
        pool,
        [&]() -> asio::awaitable<Response> {
          co_return Finish(Invoke(route, request, match.params, target.path), encoding);
        },
        asio::use_awaitable);
  }
  Response response = Invoke(route, request, match.params, target.path);
  if (options.compress && response.body.size() >= kPoolCompressBytes &&
      ShouldCompress(encoding, response)) {
    co_return co_await asio::co_spawn(
        pool,
        [&]() -> asio::awaitable<Response> { co_return Finish(std::move(response), encoding); },
        asio::use_awaitable);
  }
  co_return Finish(std::move(response), encoding);
}

Response Server::Impl::Finish(Response response, ContentEncoding encoding) const {
  if (options.compress) CompressResponse(encoding, response);
  return response;
}

asio::awaitable<ErrorCode> Server::Impl::Send(Connection& connection, Response& response,
                                              bool head_only, bool keep_alive,
                                              unsigned http_version, std::string_view request_id,
                                              std::string_view log_method,
                                              std::string_view log_path,
                                              SteadyClock::time_point started) {
  RenderHead(response, keep_alive, http_version, request_id, connection.head);
  const bool send_body = !head_only && response.status != 204 && response.status != 304;
  std::array<asio::const_buffer, 2> buffers{
      asio::buffer(connection.head),
      send_body ? asio::buffer(response.body) : asio::const_buffer()};
  ErrorCode ec;
  co_await asio::async_write(connection.stream, buffers, Redirect(ec));
  spdlog::logger& logger = *spdlog::default_logger_raw();
  if (logger.should_log(spdlog::level::info)) {
    auto micros =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started).count();
    logger.info("http method={} path={} status={} bytes={} us={} request_id={}", log_method,
                log_path, response.status, send_body ? response.body.size() : 0, micros,
                request_id);
  }
  co_return ec;
}

asio::awaitable<void> Server::Impl::Reject(Connection& connection, int status,
                                           std::string_view request_id, std::string_view log_method,
                                           std::string_view log_path,
                                           SteadyClock::time_point started,
                                           std::string_view detail) {
  connection.interruptible = false;
  Response response = ProblemResponse(status, detail.empty() ? ReadErrorDetail(status) : detail);
  connection.stream.expires_after(options.read_timeout);
  ErrorCode ec = co_await Send(connection, response, false, false, 11, request_id, log_method,
                               log_path, started);
  if (!ec) co_await Close(connection);
}

asio::awaitable<void> Server::Impl::Close(Connection& connection) {
  connection.interruptible = true;
  ErrorCode ec;
  connection.stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (ec || stopping.load(std::memory_order_relaxed)) co_return;
  connection.stream.expires_after(kLingerTimeout);
  std::size_t discarded = 0;
  while (discarded < kLingerMaxBytes) {
    connection.buffer.clear();
    std::size_t received = co_await connection.stream.async_read_some(
        connection.buffer.prepare(kReadChunk), Redirect(ec));
    if (ec) break;
    discarded += received;
  }
}

void Server::Impl::StopNetworkThread(NetworkThread& network_thread) {
  ErrorCode ec;
  network_thread.acceptor.close(ec);
  for (Connection* connection : network_thread.connections)
    if (connection->interruptible) connection->stream.cancel();
}

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() = default;

Status Server::Listen() {
  Impl& impl = *impl_;
  ErrorCode ec;
  const std::string where = impl.options.host + ":" + std::to_string(impl.options.port);
  asio::io_context resolver_context;
  tcp::resolver resolver(resolver_context);
  auto endpoints = resolver.resolve(impl.options.host, std::to_string(impl.options.port),
                                    tcp::resolver::passive | tcp::resolver::address_configured, ec);
  if (ec || endpoints.empty()) {
    return Status(StatusCode::kUnavailable,
                  "cannot resolve listen address " + where + ": " + ec.message());
  }
  tcp::endpoint endpoint = endpoints.begin()->endpoint();

  // Every network thread binds its own SO_REUSEPORT socket, so the kernel would also happily share
  // the port with another running server. Binding once without SO_REUSEPORT first makes "port in
  // use" an error, as operators expect.
  if (endpoint.port() != 0) {
    tcp::acceptor probe(resolver_context);
    probe.open(endpoint.protocol(), ec);
    if (!ec) probe.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) probe.bind(endpoint, ec);
    if (ec)
      return Status(StatusCode::kUnavailable, "cannot listen on " + where + ": " + ec.message());
  }

  int thread_count = impl.options.threads;
  if (thread_count <= 0) thread_count = static_cast<int>(std::thread::hardware_concurrency());
  thread_count = std::max(1, thread_count);
  for (int index = 0; index < thread_count; ++index) {
    auto network_thread = std::make_unique<NetworkThread>();
    tcp::acceptor& acceptor = network_thread->acceptor;
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor.set_option(ReusePort(true), ec);
    if (!ec) acceptor.bind(endpoint, ec);
    if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (!ec && index == 0) endpoint.port(acceptor.local_endpoint(ec).port());
    if (ec) {
      impl.network_threads.clear();
      return Status(StatusCode::kUnavailable, "cannot listen on " + where + ": " + ec.message());
    }
    impl.network_threads.push_back(std::move(network_thread));
  }
  impl.bound_port = endpoint.port();
  spdlog::info("http: listening on {}:{} with {} network threads and {} workers",
               endpoint.address().to_string(), impl.bound_port, thread_count,
               std::max(1, impl.options.worker_threads));
  return Status::Ok();
}

unsigned short Server::port() const { return impl_->bound_port; }

void Server::Run() {
  Impl& impl = *impl_;
  assert(!impl.network_threads.empty());
  for (auto& network_thread : impl.network_threads) {
    asio::co_spawn(network_thread->io_context, impl.Accept(*network_thread), LogFailure("accept"));
  }
  impl.signals.emplace(impl.network_threads.front()->io_context, SIGINT, SIGTERM);
  impl.signals->async_wait([this](const ErrorCode& ec, int signal_number) {
    if (ec) return;
    spdlog::info("http: received signal {}, stopping", signal_number);
    Stop();
  });

  auto run = [](asio::io_context& io_context) {
    for (;;) {
      try {
        io_context.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: network thread caught: {}", e.what());
      }
    }
  };
  std::vector<std::thread> extra_threads;
  for (std::size_t index = 1; index < impl.network_threads.size(); ++index) {
    extra_threads.emplace_back(
        [&run, &io_context = impl.network_threads[index]->io_context] { run(io_context); });
  }
  run(impl.network_threads.front()->io_context);
  for (std::thread& thread : extra_threads) thread.join();
  impl.signals.reset();
  spdlog::info("http: stopped");
}

void Server::Stop() {
  Impl& impl = *impl_;
  if (impl.stopping.exchange(true)) return;
  for (auto& network_thread : impl.network_threads) {
    asio::post(network_thread->io_context,
               [&impl, &thread = *network_thread] { impl.StopNetworkThread(thread); });
  }
  if (!impl.network_threads.empty()) {
    asio::post(impl.network_threads.front()->io_context, [&impl] {
      if (!impl.signals) return;
      ErrorCode ec;
      impl.signals->clear(ec);
      impl.signals->cancel(ec);
    });
  }
}

}  // namespace rn::http
