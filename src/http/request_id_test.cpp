#include "http/request_id.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>

namespace rn::http {
namespace {

bool IsLowerHex(std::string_view text) {
  return text.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

TEST(RequestId, IsSixteenLowerCaseHexDigitsAndDoesNotRepeat) {
  std::set<std::string> seen;
  for (int count = 0; count < 10000; ++count) {
    const std::string id = NewRequestId();
    ASSERT_EQ(id.size(), 16u) << id;
    ASSERT_TRUE(IsLowerHex(id)) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 10000u);
}

TEST(RequestId, ThreadsDoNotShareASequence) {
  std::string other;
  std::thread thread([&other] { other = NewRequestId(); });
  thread.join();
  const std::string mine = NewRequestId();
  EXPECT_NE(mine, other);
}

TEST(RequestId, CurrentIdIsScopedToTheThread) {
  EXPECT_EQ(CurrentRequestId(), "");
  {
    const std::string outer = "00000000000000aa";
    ScopedRequestId scope(outer);
    EXPECT_EQ(CurrentRequestId(), outer);
    std::string seen_elsewhere = "unset";
    std::thread thread([&seen_elsewhere] { seen_elsewhere = CurrentRequestId(); });
    thread.join();
    EXPECT_EQ(seen_elsewhere, "");
    {
      const std::string inner = "00000000000000bb";
      ScopedRequestId nested(inner);
      EXPECT_EQ(CurrentRequestId(), inner);
    }
    EXPECT_EQ(CurrentRequestId(), outer);
  }
  EXPECT_EQ(CurrentRequestId(), "");
}

}  // namespace
}  // namespace rn::http
