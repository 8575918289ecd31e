#pragma once
// A sliding-window rate limiter keyed by string (a client address, an account name, ...), with a
// fixed memory bound, in one process. Used for the public correction form (sign-in throttling,
// which must hold across servers, counts in the database: identity/throttle.h).

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "util/clock.h"

namespace rn {

// Allows at most `max_events` events per key in any `window` (a sliding window to the second of
// the Clock). Memory is bounded: a key is forgotten once its newest event has left the window, and
// when `max_keys` keys are held, a new key evicts the one whose newest event is oldest (which then
// starts afresh if it comes back). Thread-safe.
class RateLimiter final {
 public:
  // REQUIRES: max_events >= 1, window >= 1 s, max_keys >= 1. `clock` must outlive the limiter.
  RateLimiter(int max_events, std::chrono::seconds window, const Clock& clock,
              std::size_t max_keys = 100000);
  RateLimiter(const RateLimiter&) = delete;
  RateLimiter& operator=(const RateLimiter&) = delete;

  // Records an event for `key` and returns nullopt when fewer than max_events of its events are in
  // the window ending now; otherwise records nothing and returns how long until the next event
  // would be allowed (at least 1 s).
  [[nodiscard]] std::optional<std::chrono::seconds> Acquire(std::string_view key);

  // Without recording anything: nullopt when Acquire(key) would now succeed, else how long until
  // it would (at least 1 s).
  [[nodiscard]] std::optional<std::chrono::seconds> Wait(std::string_view key) const;

  // Forgets every event of `key` (e.g. after a successful sign-in). Does nothing for an unknown
  // key.
  void Forget(std::string_view key);

  // The number of keys currently held.
  std::size_t KeyCount() const;

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };
  // Keys, most recently recorded first. Points into the map's keys, which never move.
  using Recency = std::list<const std::string*>;
  struct Entry {
    std::vector<Instant> events;  // oldest first, at most max_events_
    Recency::iterator position;
  };
  using Map = std::unordered_map<std::string, Entry, StringHash, std::equal_to<>>;

  // The first of `events` (oldest first) still inside the window ending at `now`.
  std::vector<Instant>::const_iterator FirstInWindow(const std::vector<Instant>& events,
                                                     Instant now) const;
  // How long until `events` leave room for one more at `now` (at least 1 s); nullopt when they do.
  std::optional<std::chrono::seconds> WaitOf(const std::vector<Instant>& events, Instant now) const;

  // Drops the least recent keys whose newest event is outside the window ending at `now`.
  // REQUIRES: mutex_ held.
  void DropStale(Instant now);
  // Removes `it` from the map and the recency list. REQUIRES: mutex_ held.
  void Erase(Map::iterator it);

  const std::size_t max_events_;
  const std::chrono::seconds window_;
  const Clock& clock_;
  const std::size_t max_keys_;

  mutable std::mutex mutex_;
  Map entries_;      // guarded by mutex_
  Recency recency_;  // guarded by mutex_
};

}  // namespace rn
