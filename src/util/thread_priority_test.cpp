#include "util/thread_priority.h"

#include <gtest/gtest.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <thread>

namespace rn {
namespace {

TEST(ThreadPriority, LowersOnlyTheCallingThread) {
  const int before = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  int lowered = 0;
  std::thread background([&] {
    LowerThisThreadPriority();
    lowered = getpriority(PRIO_PROCESS, static_cast<id_t>(gettid()));
  });
  background.join();
  EXPECT_EQ(lowered, std::max(before, 10));
  EXPECT_EQ(getpriority(PRIO_PROCESS, static_cast<id_t>(gettid())), before);
}

}  // namespace
}  // namespace rn
