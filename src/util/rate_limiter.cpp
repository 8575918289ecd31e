#include "util/rate_limiter.h"

#include <algorithm>
#include <cassert>

namespace rn {

RateLimiter::RateLimiter(int max_events, std::chrono::seconds window, const Clock& clock,
                         std::size_t max_keys)
    : max_events_(static_cast<std::size_t>(std::max(max_events, 1))),
      window_(window),
      clock_(clock),
      max_keys_(max_keys) {
  assert(max_events >= 1);
  assert(window >= std::chrono::seconds(1));
  assert(max_keys >= 1);
}

std::optional<std::chrono::seconds> RateLimiter::Acquire(std::string_view key) {
  std::lock_guard lock(mutex_);
  const Instant now = clock_.Now();
  DropStale(now);

  if (auto it = entries_.find(key); it != entries_.end()) {
    std::vector<Instant>& events = it->second.events;
    events.erase(events.begin(), FirstInWindow(events, now));
    if (auto wait = WaitOf(events, now)) return wait;
    events.push_back(now);
    recency_.splice(recency_.begin(), recency_, it->second.position);
    return std::nullopt;
  }

  if (entries_.size() >= max_keys_) Erase(entries_.find(*recency_.back()));
  auto [it, inserted] = entries_.try_emplace(std::string(key));
  assert(inserted);
  it->second.events.reserve(max_events_);
  it->second.events.push_back(now);
  recency_.push_front(&it->first);
  it->second.position = recency_.begin();
  return std::nullopt;
}

std::optional<std::chrono::seconds> RateLimiter::Wait(std::string_view key) const {
  std::lock_guard lock(mutex_);
  const Instant now = clock_.Now();
  const auto it = entries_.find(key);
  if (it == entries_.end()) return std::nullopt;
  return WaitOf(it->second.events, now);
}

std::vector<Instant>::const_iterator RateLimiter::FirstInWindow(const std::vector<Instant>& events,
                                                                Instant now) const {
  return std::find_if(events.begin(), events.end(),
                      [&](Instant event) { return event + window_ > now; });
}

std::optional<std::chrono::seconds> RateLimiter::WaitOf(const std::vector<Instant>& events,
                                                        Instant now) const {
  const auto in_window = FirstInWindow(events, now);
  if (static_cast<std::size_t>(events.end() - in_window) < max_events_) return std::nullopt;
  // Clamped: a clock set back would otherwise ask for more than a window's wait.
  return std::clamp(*in_window + window_ - now, std::chrono::seconds(1), window_);
}

void RateLimiter::Forget(std::string_view key) {
  std::lock_guard lock(mutex_);
  if (auto it = entries_.find(key); it != entries_.end()) Erase(it);
}

std::size_t RateLimiter::KeyCount() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

void RateLimiter::DropStale(Instant now) {
  // The list is ordered by each key's newest event, so the stale keys are all at its end (with a
  // clock set back, some may wait until the keys behind them go).
  while (!recency_.empty()) {
    auto it = entries_.find(*recency_.back());
    if (it->second.events.back() + window_ > now) break;
    Erase(it);
  }
}

void RateLimiter::Erase(Map::iterator it) {
  recency_.erase(it->second.position);
  entries_.erase(it);
}

}  // namespace rn
