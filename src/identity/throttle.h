#pragma once
// A sliding-window throttle whose events are kept in a ThrottleStore (the database), so that it
// holds across every server on one database: at most `max_events` events per key in any `window`,
// to the second. Keys (an account name, a client address) are stored only as their SHA-256, so a
// password typed into the name box is never kept.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "identity/throttle_store.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

class Throttle final {
 public:
  // REQUIRES: max_events >= 1, window >= 1 s. `scope` names the throttle in the store.
  Throttle(std::string scope, int max_events, std::chrono::seconds window);

  // Without recording anything: nullopt when an event of `key` at `now` would be within the
  // limit, else how long until one would be (at least 1 s).
  Result<std::optional<std::chrono::seconds>> Wait(ThrottleStore& store, std::string_view key,
                                                   Instant now) const;
  // Records an event of `key` at `now` (and forgets the scope's events that no longer count).
  Status Record(ThrottleStore& store, std::string_view key, Instant now) const;
  // Forgets every event of `key` (e.g. after a successful sign-in).
  Status Forget(ThrottleStore& store, std::string_view key) const;

  // How long until events at `events` (oldest first, all after now - window) leave room for one
  // more at `now`; nullopt when they do. Exposed for tests.
  std::optional<std::chrono::seconds> WaitOf(const std::vector<Instant>& events, Instant now) const;

 private:
  std::string scope_;
  std::size_t max_events_;
  std::chrono::seconds window_;
};

}  // namespace rn::identity
