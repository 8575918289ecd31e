#include "util/rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace rn {
namespace {

using std::chrono::seconds;

const Instant kStart{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};

TEST(RateLimiter, AllowsMaxEventsThenSaysHowLongToWait) {
  ManualClock clock(kStart);
  RateLimiter limiter(5, seconds(3600), clock);
  for (int i = 0; i < 5; ++i) EXPECT_EQ(limiter.Acquire("203.0.113.7"), std::nullopt) << i;
  EXPECT_EQ(limiter.Acquire("203.0.113.7"), seconds(3600));
  clock.Advance(seconds(600));
  EXPECT_EQ(limiter.Acquire("203.0.113.7"), seconds(3000));
}

TEST(RateLimiter, WaitPeeksWithoutRecording) {
  ManualClock clock(kStart);
  RateLimiter limiter(2, seconds(60), clock);
  EXPECT_EQ(limiter.Wait("k"), std::nullopt);
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  EXPECT_EQ(limiter.Wait("k"), std::nullopt);
  EXPECT_EQ(limiter.Wait("k"), std::nullopt);  // waiting records nothing
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  clock.Advance(seconds(15));
  EXPECT_EQ(limiter.Wait("k"), seconds(45));
  clock.Advance(seconds(45));
  EXPECT_EQ(limiter.Wait("k"), std::nullopt);
}

TEST(RateLimiter, TheWindowSlidesEventByEvent) {
  ManualClock clock(kStart);
  RateLimiter limiter(3, seconds(60), clock);
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);  // t = 0
  clock.Advance(seconds(10));
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);  // t = 10
  clock.Advance(seconds(10));
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);  // t = 20
  clock.Advance(seconds(39));
  EXPECT_EQ(limiter.Acquire("k"), seconds(1));  // t = 59: the event at 0 is still in the window
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);  // t = 60: it has left
  EXPECT_EQ(limiter.Acquire("k"), seconds(10));   // next to leave: the event at 10
}

TEST(RateLimiter, RefusedAttemptsDoNotCount) {
  ManualClock clock(kStart);
  RateLimiter limiter(2, seconds(60), clock);
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  for (int i = 0; i < 50; ++i) {
    EXPECT_TRUE(limiter.Acquire("k").has_value());
    clock.Advance(seconds(1));
  }
  clock.Advance(seconds(10));  // 60 s after the two allowed events
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  EXPECT_TRUE(limiter.Acquire("k").has_value());
}

TEST(RateLimiter, KeysAreIndependent) {
  ManualClock clock(kStart);
  RateLimiter limiter(1, seconds(60), clock);
  EXPECT_EQ(limiter.Acquire("account:test-coach"), std::nullopt);
  EXPECT_EQ(limiter.Acquire("account:test-coach"), seconds(60));
  EXPECT_EQ(limiter.Acquire("address:192.0.2.1"), std::nullopt);
  EXPECT_EQ(limiter.Acquire(""), std::nullopt);
  EXPECT_EQ(limiter.KeyCount(), 3u);
}

TEST(RateLimiter, KeysWhoseEventsHaveLeftTheWindowAreDropped) {
  ManualClock clock(kStart);
  RateLimiter limiter(3, seconds(60), clock);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(limiter.Acquire("old-" + std::to_string(i)), std::nullopt);
  clock.Advance(seconds(30));
  EXPECT_EQ(limiter.Acquire("newer"), std::nullopt);
  EXPECT_EQ(limiter.KeyCount(), 11u);
  clock.Advance(seconds(30));  // the ten old keys' events have left; "newer" is 30 s old
  EXPECT_EQ(limiter.Acquire("newest"), std::nullopt);
  EXPECT_EQ(limiter.KeyCount(), 2u);
}

TEST(RateLimiter, AtCapacityTheKeyWithTheOldestNewestEventIsEvicted) {
  ManualClock clock(kStart);
  RateLimiter limiter(2, seconds(3600), clock, /*max_keys=*/3);
  EXPECT_EQ(limiter.Acquire("a"), std::nullopt);
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter.Acquire("b"), std::nullopt);
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter.Acquire("c"), std::nullopt);
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter.Acquire("a"), std::nullopt);  // a's second event makes b the oldest
  clock.Advance(seconds(1));
  EXPECT_EQ(limiter.Acquire("d"), std::nullopt);  // evicts b
  EXPECT_EQ(limiter.KeyCount(), 3u);
  EXPECT_TRUE(limiter.Acquire("a").has_value());  // a was kept, with both its events
  EXPECT_EQ(limiter.Acquire("b"), std::nullopt);  // b starts afresh, evicting c
  EXPECT_EQ(limiter.Acquire("b"), std::nullopt);
  EXPECT_TRUE(limiter.Acquire("b").has_value());
  EXPECT_EQ(limiter.KeyCount(), 3u);
}

TEST(RateLimiter, MemoryStaysBoundedUnderManyKeys) {
  ManualClock clock(kStart);
  RateLimiter limiter(1, seconds(3600), clock, /*max_keys=*/100);
  for (int i = 0; i < 10000; ++i) {
    EXPECT_EQ(limiter.Acquire("198.51.100." + std::to_string(i)), std::nullopt);
  }
  EXPECT_EQ(limiter.KeyCount(), 100u);
  // The newest 100 are the ones held.
  EXPECT_TRUE(limiter.Acquire("198.51.100.9999").has_value());
  EXPECT_TRUE(limiter.Acquire("198.51.100.9900").has_value());
}

TEST(RateLimiter, ForgetStartsAKeyAfresh) {
  ManualClock clock(kStart);
  RateLimiter limiter(1, seconds(900), clock);
  EXPECT_EQ(limiter.Acquire("account:test-coach"), std::nullopt);
  EXPECT_TRUE(limiter.Acquire("account:test-coach").has_value());
  limiter.Forget("account:test-coach");
  limiter.Forget("never-seen");
  EXPECT_EQ(limiter.KeyCount(), 0u);
  EXPECT_EQ(limiter.Acquire("account:test-coach"), std::nullopt);
}

TEST(RateLimiter, AClockSetBackNeverAsksForMoreThanAWindow) {
  ManualClock clock(kStart);
  RateLimiter limiter(1, seconds(60), clock);
  EXPECT_EQ(limiter.Acquire("k"), std::nullopt);
  clock.Advance(-seconds(3600));
  EXPECT_EQ(limiter.Acquire("k"), seconds(60));
}

TEST(RateLimiter, ConcurrentCallersShareOneBudget) {
  ManualClock clock(kStart);
  RateLimiter limiter(100, seconds(60), clock);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        if (!limiter.Acquire("shared")) allowed.fetch_add(1);
        EXPECT_EQ(limiter.Acquire("other-" + std::to_string(i)), std::nullopt);
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 100);
  EXPECT_EQ(limiter.KeyCount(), 51u);
}

}  // namespace
}  // namespace rn
