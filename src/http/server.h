#pragma once
// The HTTP/1.1 server: Boost.Beast with C++20 coroutines, one io_context per thread with
// SO_REUSEPORT, keep-alive, request limits and timeouts, response compression. Errors it produces
// itself (404, 405, 413, 431, 400, 500) are application/problem+json. Every request gets an id
// (http/request_id.h): Request::request_id, the X-Request-Id response header, the access log line,
// and CurrentRequestId() while its handler runs. Beast and Asio stay inside src/http/.

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.h"
#include "util/status.h"

namespace rn::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;
  int threads = 0;                          // network threads; 0 = hardware concurrency
  int worker_threads = 4;                   // bounded pool for Execution::kBlocking handlers
  std::size_t max_body_bytes = 1 << 20;     // 413 beyond, unless the route allows more
  std::size_t max_header_bytes = 16 << 10;  // 431 beyond (request line + headers)
  std::chrono::seconds read_timeout{10};    // a request must arrive whole within this
  std::chrono::seconds idle_timeout{60};    // keep-alive connections idle longer are closed
  // Compress text responses of kMinCompressBytes or more with the encoding the request accepts
  // (br, gzip; http/compression.h). false sends every body as the handler made it, without
  // Vary: Accept-Encoding (e.g. for a benchmark of the uncompressed path).
  bool compress = true;
  // Addresses of reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed
  // (http/client_address.h); such headers from any other peer are dropped. Empty: the client is the
  // connection's peer, and no request counts as having come over TLS.
  std::vector<std::string> trusted_proxies;
};

class Server final {
 public:
  Server(ServerOptions options, const Router& router);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds and listens; kUnavailable when the address cannot be bound.
  Status Listen();
  // The bound port (useful with port 0). REQUIRES: Listen() succeeded.
  unsigned short port() const;
  // Serves until Stop() or SIGINT/SIGTERM. REQUIRES: Listen() succeeded.
  void Run();
  // Thread-safe; makes Run() return after in-flight responses finish.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rn::http
