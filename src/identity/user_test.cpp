#include "identity/user.h"

#include <gtest/gtest.h>

namespace rn::identity {
namespace {

TEST(RoleTest, NamesRoundTripAndNetworkRolesAreTheTwo) {
  ASSERT_EQ(AllRoles().size(), 8u);
  for (Role role : AllRoles()) EXPECT_EQ(ParseRole(RoleName(role)), role);
  EXPECT_EQ(ParseRole("site_admin"), Role::kSiteAdmin);
  EXPECT_EQ(ParseRole("Coach"), std::nullopt);
  EXPECT_EQ(ParseRole("admin"), std::nullopt);
  EXPECT_TRUE(IsNetworkRole(Role::kNetworkAdmin));
  EXPECT_TRUE(IsNetworkRole(Role::kNetworkAnalyst));
  EXPECT_FALSE(IsNetworkRole(Role::kCoach));
  EXPECT_FALSE(IsNetworkRole(Role::kDirectoryEditor));
}

TEST(RoleTest, GrantNeedsASiteExactlyForSiteRoles) {
  EXPECT_TRUE(ValidateRoleGrant({"u", Role::kCoach, "north", {}}).ok());
  EXPECT_TRUE(ValidateRoleGrant({"u", Role::kNetworkAnalyst, "", {}}).ok());
  Status no_site = ValidateRoleGrant({"u", Role::kCoach, "", {}});
  EXPECT_EQ(no_site.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(no_site.field(), "site");
  EXPECT_EQ(ValidateRoleGrant({"u", Role::kNetworkAdmin, "north", {}}).field(), "site");
  EXPECT_TRUE(ValidateRoleGrant({"u", Role::kDirectoryEditor, "north", {"na-feed"}}).ok());
  EXPECT_EQ(ValidateRoleGrant({"u", Role::kCoach, "north", {"na-feed"}}).field(), "scope");
  EXPECT_EQ(ValidateRoleGrant({"u", Role::kDirectoryEditor, "north", {""}}).field(), "scope");
  EXPECT_TRUE(ValidateRoleGrant({"u", Role::kReferrer, "north", {"mercy-ed"}}).ok());
  EXPECT_EQ(
      ValidateRoleGrant({"u", Role::kReferrer, "north", {"mercy-ed", "county-court"}}).field(),
      "scope");
}

TEST(UserTest, NamesAndSiteIds) {
  EXPECT_TRUE(ValidateUserName("test.coach@example").ok());
  EXPECT_EQ(ValidateUserName("").field(), "name");
  EXPECT_EQ(ValidateUserName("has space").field(), "name");
  EXPECT_TRUE(ValidateSiteId("north-1").ok());
  EXPECT_EQ(ValidateSiteId("North").field(), "site");
}

TEST(UserTest, NewUserIdIsRandomHex) {
  Result<std::string> a = NewUserId();
  Result<std::string> b = NewUserId();
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(a->size(), 32u);
  EXPECT_EQ(a->find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(*a, *b);
}

TEST(PasswordPolicyTest, TooShortCountsCodePoints) {
  Status short_one = CheckPassword("Xq7#vLp2!mZ", "test-coach");  // 11 characters
  EXPECT_EQ(short_one.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(short_one.field(), "password");
  EXPECT_NE(short_one.message().find("shorter than 12"), std::string::npos);
  EXPECT_TRUE(CheckPassword("Xq7#vLp2!mZk", "test-coach").ok());  // 12
  // 11 code points in 22 bytes: still too short.
  EXPECT_FALSE(CheckPassword("ééééééééééé", "test-coach").ok());
  EXPECT_TRUE(CheckPassword("éééééééééééé", "test-coach").ok());
}

TEST(PasswordPolicyTest, RefusesTheUserNameIgnoringCase) {
  Status status = CheckPassword("my-TEST-Coach-2026", "test-coach");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("user name"), std::string::npos);
}

TEST(PasswordPolicyTest, RefusesCommonPasswordsIgnoringCase) {
  EXPECT_TRUE(IsCommonPassword("password"));
  EXPECT_TRUE(IsCommonPassword("PassWord1234"));
  EXPECT_FALSE(IsCommonPassword("Xq7#vLp2!mZk"));
  Status status = CheckPassword("Password1234", "test-coach");
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(status.message().find("common"), std::string::npos);
  EXPECT_EQ(status.message().find("Password1234"), std::string::npos);
}

TEST(PasswordPolicyTest, RefusesInvalidUtf8) {
  EXPECT_EQ(CheckPassword("abcdefghijk\xff\xfe", "x").field(), "password");
}

TEST(PasswordHashTest, Argon2idRoundTrip) {
  Result<std::string> hash = HashPassword("correct horse battery");
  ASSERT_TRUE(hash.ok()) << hash.status().message();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterY"));
  EXPECT_FALSE(VerifyPassword("not a hash", "correct horse battery"));
  // A fresh salt each time.
  Result<std::string> again = HashPassword("correct horse battery");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*hash, *again);
}

}  // namespace
}  // namespace rn::identity
