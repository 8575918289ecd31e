#pragma once
// When a message whose delivery failed is tried again: exponential backoff, capped, and a limit
// on attempts after which it is failed. Pure.

#include <chrono>
#include <optional>

#include "util/clock.h"
#include "util/status.h"

namespace rn::notify {

struct RetryPolicy {
  std::chrono::seconds first_delay{10};  // after the first failed attempt
  std::chrono::seconds max_delay{600};   // no wait is longer
  int max_attempts = 10;                 // attempts in all, the first included
};

// OK when 1 s ≤ first_delay ≤ max_delay ≤ 1 day and 1 ≤ max_attempts ≤ 100; else
// kInvalidArgument naming "retry_first_seconds", "retry_max_seconds" or "max_attempts".
Status ValidateRetryPolicy(const RetryPolicy& policy);

// When to try again after `attempts` attempts have failed (1 after the first), the latest at
// `now`: first_delay × 2^(attempts − 1), at most max_delay, after `now`. Nullopt once `attempts`
// reaches max_attempts (the message has failed for good).
std::optional<Instant> NextAttempt(const RetryPolicy& policy, int attempts, Instant now);

}  // namespace rn::notify
