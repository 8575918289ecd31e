#pragma once
// Time is injected: everything that needs "now" takes a Clock.

#include <atomic>
#include <chrono>
#include <string>

namespace rn {

using Instant = std::chrono::sys_seconds;

// `instant` as RFC 3339 UTC to the second: "2026-11-23T12:00:00Z".
std::string FormatUtc(Instant instant);

class Clock {
 public:
  virtual ~Clock() = default;
  // The current instant, to the second. Thread-safe.
  virtual Instant Now() const = 0;
};

// The system's real-time clock.
class SystemClock final : public Clock {
 public:
  Instant Now() const override {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  }
};

// A clock pinned to one instant, for tests.
class FixedClock final : public Clock {
 public:
  explicit FixedClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_; }

 private:
  Instant now_;
};

// A clock a test moves by hand. Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Instant now) : now_(now) {}
  Instant Now() const override { return now_.load(); }
  void Advance(std::chrono::seconds by) { now_.store(now_.load() + by); }
  void Set(Instant now) { now_.store(now); }

 private:
  std::atomic<Instant> now_;
};

}  // namespace rn
