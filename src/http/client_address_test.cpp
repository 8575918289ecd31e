#include "http/client_address.h"

#include <gtest/gtest.h>

namespace rn::http {
namespace {

TEST(ClientAddressTest, OnlyATrustedProxyIsBelieved) {
  const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  EXPECT_EQ(ClientAddress("203.0.113.9", "198.51.100.1", proxies), "203.0.113.9");
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "", proxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1", {}), "127.0.0.1");
}

TEST(ClientAddressTest, IsTrustedProxyComparesExactAddresses) {
  EXPECT_TRUE(IsTrustedProxy("127.0.0.1", {"10.0.0.2", "127.0.0.1"}));
  EXPECT_FALSE(IsTrustedProxy("127.0.0.10", {"127.0.0.1"}));
  EXPECT_FALSE(IsTrustedProxy("127.0.0.1", {}));
}

TEST(ClientAddressTest, TheRightMostUntrustedEntryWins) {
  const std::vector<std::string> proxies = {"127.0.0.1", "10.0.0.2"};
  // A client's own X-Forwarded-For (the spoofed first entry) is ignored.
  EXPECT_EQ(ClientAddress("127.0.0.1", "1.2.3.4, 198.51.100.1", proxies), "198.51.100.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "198.51.100.1 , 10.0.0.2", proxies), "198.51.100.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", "10.0.0.2,127.0.0.1", proxies), "127.0.0.1");
  EXPECT_EQ(ClientAddress("127.0.0.1", " , ", proxies), "127.0.0.1");
}

}  // namespace
}  // namespace rn::http
