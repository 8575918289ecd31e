#include "identity/throttle.h"

#include <algorithm>

#include "identity/secret.h"

namespace rn::identity {

Throttle::Throttle(std::string scope, int max_events, std::chrono::seconds window)
    : scope_(std::move(scope)),
      max_events_(static_cast<std::size_t>(std::max(max_events, 1))),
      window_(std::max(window, std::chrono::seconds(1))) {}

std::optional<std::chrono::seconds> Throttle::WaitOf(const std::vector<Instant>& events,
                                                     Instant now) const {
  if (events.size() < max_events_) return std::nullopt;
  // Room comes when the event that makes the count reach the limit leaves the window.
  const Instant leaves = events[events.size() - max_events_] + window_;
  return std::max(leaves - now, std::chrono::seconds(1));
}

Result<std::optional<std::chrono::seconds>> Throttle::Wait(ThrottleStore& store,
                                                           std::string_view key,
                                                           Instant now) const {
  Result<std::vector<Instant>> events = store.Since(scope_, Sha256Hex(key), now - window_);
  if (!events.ok()) return events.status();
  return WaitOf(*events, now);
}

Status Throttle::Record(ThrottleStore& store, std::string_view key, Instant now) const {
  return store.Record(scope_, Sha256Hex(key), now, now - window_);
}

Status Throttle::Forget(ThrottleStore& store, std::string_view key) const {
  return store.Forget(scope_, Sha256Hex(key));
}

}  // namespace rn::identity
