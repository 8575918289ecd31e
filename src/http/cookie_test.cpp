#include "http/cookie.h"

#include <gtest/gtest.h>

namespace rn::http {
namespace {

TEST(CookieTest, FindsANamedCookie) {
  EXPECT_EQ(CookieValue("rn_session=abc; theme=dark", "rn_session"), "abc");
  EXPECT_EQ(CookieValue("theme=dark;rn_session=abc", "rn_session"), "abc");
  EXPECT_EQ(CookieValue("  rn_session = abc ;", "rn_session"), "abc");
  EXPECT_EQ(CookieValue("rn_session=first; rn_session=second", "rn_session"), "first");
  EXPECT_EQ(CookieValue("xrn_session=abc", "rn_session"), std::nullopt);
  EXPECT_EQ(CookieValue("rn_session", "rn_session"), std::nullopt);
  EXPECT_EQ(CookieValue("", "rn_session"), std::nullopt);
  EXPECT_EQ(CookieValue("rn_session=", "rn_session"), "");
}

TEST(CookieTest, SetCookieIsHttpOnlyAndLaxAndSecureOnRequest) {
  EXPECT_EQ(SetCookie("rn_session", "abc", {}), "rn_session=abc; Path=/; HttpOnly; SameSite=Lax");
  CookieOptions options;
  options.secure = true;
  options.expire = true;
  options.path = "/staff";
  EXPECT_EQ(SetCookie("rn_session", "", options),
            "rn_session=; Path=/staff; HttpOnly; SameSite=Lax; Secure; Max-Age=0");
}

}  // namespace
}  // namespace rn::http
