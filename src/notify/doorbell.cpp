#include "notify/doorbell.h"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cstdint>
#include <thread>

namespace rn::notify {

Doorbell::Doorbell() : fd_(eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK)) {}

Doorbell::~Doorbell() {
  if (fd_ >= 0) close(fd_);
}

void Doorbell::Ring() {
  if (fd_ < 0) return;
  const std::uint64_t one = 1;
  // A full counter (2^64 − 2 rings unread) is as rung as it gets: the error is not one.
  [[maybe_unused]] const ssize_t written = write(fd_, &one, sizeof one);
}

bool Doorbell::Wait(std::chrono::milliseconds timeout) {
  if (fd_ < 0) {
    std::this_thread::sleep_for(timeout);
    return false;
  }
  pollfd watched{fd_, POLLIN, 0};
  const int ready = poll(&watched, 1, static_cast<int>(timeout.count()));
  if (ready <= 0) return false;
  std::uint64_t rings = 0;
  return read(fd_, &rings, sizeof rings) == static_cast<ssize_t>(sizeof rings) && rings > 0;
}

}  // namespace rn::notify
