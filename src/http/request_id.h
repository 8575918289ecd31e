#pragma once
// Request ids: the server gives every request one (Request::request_id, the X-Request-Id response
// header, the access log line), and a handler's thread knows the id of the request it is serving,
// so that an error answered deep inside a handler can name it to the client and in the log.
// Beast-free.

#include <string>
#include <string_view>

namespace rn::http {

// A new request id: 16 lower-case hex digits (64 bits) from a random generator of the calling
// thread, seeded from std::random_device. Not a secret; unique enough that two requests of one
// server never share one in practice.
std::string NewRequestId();

// The id of the request the calling thread is handling (set by the server around each handler
// call), or empty outside a handler.
std::string_view CurrentRequestId();

// Makes `id` the calling thread's CurrentRequestId() for this object's lifetime, then restores the
// previous one. `id` must outlive the object.
class ScopedRequestId final {
 public:
  explicit ScopedRequestId(std::string_view id);
  ~ScopedRequestId();
  ScopedRequestId(const ScopedRequestId&) = delete;
  ScopedRequestId& operator=(const ScopedRequestId&) = delete;

 private:
  std::string_view previous_;
};

}  // namespace rn::http
