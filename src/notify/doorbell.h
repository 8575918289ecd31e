#pragma once
// Wakes the dispatcher when a message has been enqueued, so that an urgent page leaves at once
// instead of at the next poll. Any thread may ring; one thread waits. Waiting is a poll(2) on an
// eventfd with a relative timeout, so it keeps working when the process's clocks are faked or
// jump (the tests move the wall clock with libfaketime).

#include <chrono>

#include "util/status.h"

namespace rn::notify {

class Doorbell final {
 public:
  Doorbell();
  ~Doorbell();
  Doorbell(const Doorbell&) = delete;
  Doorbell& operator=(const Doorbell&) = delete;

  // Rings: the current or next Wait returns at once. Rings before a Wait count once. Thread-safe.
  void Ring();
  // Waits until the bell rings or `timeout` passes; true when it rang. Clears the rings it saw.
  // REQUIRES: one waiting thread at a time.
  bool Wait(std::chrono::milliseconds timeout);

 private:
  int fd_;  // an eventfd; -1 when it could not be made (then Wait only sleeps)
};

}  // namespace rn::notify
