#include "notify/retry.h"

#include <gtest/gtest.h>

namespace rn::notify {
namespace {

using namespace std::chrono_literals;

const Instant kNow = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 5h;

TEST(NextAttempt, DoublesFromTheFirstDelayUpToTheCap) {
  const RetryPolicy policy{10s, 60s, 10};
  EXPECT_EQ(NextAttempt(policy, 1, kNow), kNow + 10s);
  EXPECT_EQ(NextAttempt(policy, 2, kNow), kNow + 20s);
  EXPECT_EQ(NextAttempt(policy, 3, kNow), kNow + 40s);
  EXPECT_EQ(NextAttempt(policy, 4, kNow), kNow + 60s);
  EXPECT_EQ(NextAttempt(policy, 9, kNow), kNow + 60s);
}

TEST(NextAttempt, StopsAtTheLastAttempt) {
  const RetryPolicy policy{10s, 60s, 3};
  EXPECT_TRUE(NextAttempt(policy, 2, kNow).has_value());
  EXPECT_EQ(NextAttempt(policy, 3, kNow), std::nullopt);
  EXPECT_EQ(NextAttempt(policy, 4, kNow), std::nullopt);
  EXPECT_EQ(NextAttempt({1s, 1s, 1}, 1, kNow), std::nullopt);  // one attempt only
}

TEST(NextAttempt, ManyAttemptsDoNotOverflow) {
  const RetryPolicy policy{1s, 24h, 100};
  EXPECT_EQ(NextAttempt(policy, 99, kNow), kNow + 24h);
}

TEST(ValidateRetryPolicy, NamesTheSettingAtFault) {
  EXPECT_TRUE(ValidateRetryPolicy({}).ok());
  EXPECT_EQ(ValidateRetryPolicy({0s, 60s, 3}).field(), "retry_first_seconds");
  EXPECT_EQ(ValidateRetryPolicy({10s, 5s, 3}).field(), "retry_max_seconds");
  EXPECT_EQ(ValidateRetryPolicy({10s, 60s, 0}).field(), "max_attempts");
}

}  // namespace
}  // namespace rn::notify
