#include "notify/retry.h"

namespace rn::notify {

Status ValidateRetryPolicy(const RetryPolicy& policy) {
  using namespace std::chrono_literals;
  if (policy.first_delay < 1s || policy.first_delay > 24h) {
    return Status::Invalid("retry_first_seconds", "must be 1 second to 1 day");
  }
  if (policy.max_delay < policy.first_delay || policy.max_delay > 24h) {
    return Status::Invalid("retry_max_seconds", "must be from retry_first_seconds to 1 day");
  }
  if (policy.max_attempts < 1 || policy.max_attempts > 100) {
    return Status::Invalid("max_attempts", "must be 1 to 100");
  }
  return Status::Ok();
}

std::optional<Instant> NextAttempt(const RetryPolicy& policy, int attempts, Instant now) {
  if (attempts >= policy.max_attempts) return std::nullopt;
  std::chrono::seconds delay = policy.first_delay;
  // Doubling stops at the cap, so it never overflows however many attempts there were.
  for (int i = 1; i < attempts && delay < policy.max_delay; ++i) delay *= 2;
  return now + std::min(delay, policy.max_delay);
}

}  // namespace rn::notify
