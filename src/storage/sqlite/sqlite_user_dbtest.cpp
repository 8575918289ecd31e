// Staff accounts in the SQLite store: sites, users (names unique ignoring case), role grants at a
// site or network-wide, and one audit entry per write in the same transaction.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "identity/audit.h"
#include "identity/user.h"
#include "storage/sqlite/dbtest_store.h"

namespace rn::storage {
namespace {

using identity::Role;
using identity::RoleGrant;
using identity::User;

constexpr std::string_view kFakeHash = "$argon2id$v=19$m=65536,t=2,p=1$ZmFrZXNhbHQ$ZmFrZWhhc2g";

AccountChange Change() {
  return {"cli:tester", Instant(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)), ""};
}

User TestUser(std::string id, std::string name) {
  User user;
  user.id = std::move(id);
  user.name = std::move(name);
  user.display_name = "Test Person";
  return user;
}

using SqliteUserTest = InMemoryStoreTest;

TEST_F(SqliteUserTest, SitesAreCreatedListedAndUnique) {
  ASSERT_TRUE(store_->CreateSite({"south", "South Site"}, Change()).ok());
  ASSERT_TRUE(store_->CreateSite({"north", "North Site"}, Change()).ok());
  EXPECT_EQ(store_->CreateSite({"north", "Again"}, Change()).code(), StatusCode::kConflict);
  EXPECT_EQ(store_->CreateSite({"Bad Id", "X"}, Change()).field(), "site");
  Result<std::vector<identity::Site>> sites = store_->ListSites();
  ASSERT_TRUE(sites.ok());
  EXPECT_EQ(*sites,
            (std::vector<identity::Site>{{"north", "North Site"}, {"south", "South Site"}}));
  EXPECT_EQ(AuditCount(), 2);  // the refused writes added nothing
  EXPECT_EQ(LastAudit().action, "site.create");
  EXPECT_EQ(LastAudit().target, "site:north");
}

TEST_F(SqliteUserTest, CreateAndFindIgnoringCase) {
  ASSERT_TRUE(store_->CreateSite({"north", "North Site"}, Change()).ok());
  const std::int64_t before = AuditCount();
  ASSERT_TRUE(store_
                  ->CreateUser(TestUser("u1", "Test.Coach"), kFakeHash,
                               {{"", Role::kCoach, "north", {}}}, Change())
                  .ok());
  EXPECT_EQ(AuditCount(), before + 1);
  const identity::AuditEvent event = LastAudit();
  EXPECT_EQ(event.action, "user.create");
  EXPECT_EQ(event.actor, "cli:tester");
  EXPECT_EQ(event.target, "user:u1");
  EXPECT_EQ(event.details.find("argon2id"), std::string::npos) << event.details;

  Result<std::optional<StoredUser>> found = store_->FindUserByName("test.COACH");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user.id, "u1");
  EXPECT_EQ((*found)->user.name, "Test.Coach");
  EXPECT_EQ((*found)->user.created_at, "2026-11-23T00:00:00Z");
  EXPECT_FALSE((*found)->user.disabled);
  EXPECT_EQ((*found)->password_hash, kFakeHash);
  Result<std::optional<StoredUser>> missing = store_->FindUserByName("nobody");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());

  Result<std::vector<RoleGrant>> grants = store_->ListRoleGrants("u1");
  ASSERT_TRUE(grants.ok());
  EXPECT_EQ(*grants, (std::vector<RoleGrant>{{"u1", Role::kCoach, "north", {}}}));
  ExpectChainIntact();
}

TEST_F(SqliteUserTest, DuplicateNameIgnoringCaseIsConflictAndWritesNothing) {
  ASSERT_TRUE(store_->CreateUser(TestUser("u1", "test-coach"), kFakeHash, {}, Change()).ok());
  const std::int64_t before = AuditCount();
  Status status = store_->CreateUser(TestUser("u2", "TEST-COACH"), kFakeHash, {}, Change());
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(AuditCount(), before);
  Result<std::vector<User>> users = store_->ListUsers();
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->size(), 1u);
}

TEST_F(SqliteUserTest, SiteRoleNeedsAnExistingSiteAndNothingIsWrittenWithoutOne) {
  const std::int64_t before = AuditCount();
  Status status = store_->CreateUser(TestUser("u1", "test-coach"), kFakeHash,
                                     {{"", Role::kCoach, "nowhere", {}}}, Change());
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "site");
  EXPECT_EQ(AuditCount(), before);
  Result<std::optional<StoredUser>> found = store_->FindUserByName("test-coach");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());  // the user row was rolled back with the grant
}

TEST_F(SqliteUserTest, GrantsForSiteAndNetworkRoles) {
  ASSERT_TRUE(store_->CreateSite({"north", "North Site"}, Change()).ok());
  ASSERT_TRUE(store_->CreateUser(TestUser("u1", "test-editor"), kFakeHash, {}, Change()).ok());
  std::int64_t count = AuditCount();

  ASSERT_TRUE(store_->AddRoleGrant({"u1", Role::kNetworkAnalyst, "", {}}, Change()).ok());
  EXPECT_EQ(AuditCount(), ++count);
  ASSERT_TRUE(
      store_->AddRoleGrant({"u1", Role::kDirectoryEditor, "north", {"feed-a"}}, Change()).ok());
  EXPECT_EQ(AuditCount(), ++count);
  EXPECT_EQ(LastAudit().action, "user.role.set");
  EXPECT_EQ(LastAudit().site, "north");
  EXPECT_EQ(LastAudit().details,
            R"({"op":"add","role":"directory_editor","site":"north","scope":["feed-a"]})");
  // Granting the same role again replaces its scope.
  ASSERT_TRUE(
      store_->AddRoleGrant({"u1", Role::kDirectoryEditor, "north", {"feed-a", "feed-b"}}, Change())
          .ok());
  EXPECT_EQ(AuditCount(), ++count);

  // A network role with a site, a site role without one, or at an unknown site: refused.
  EXPECT_EQ(store_->AddRoleGrant({"u1", Role::kNetworkAdmin, "north", {}}, Change()).field(),
            "site");
  EXPECT_EQ(store_->AddRoleGrant({"u1", Role::kSupervisor, "", {}}, Change()).field(), "site");
  EXPECT_EQ(store_->AddRoleGrant({"u1", Role::kSupervisor, "south", {}}, Change()).field(), "site");
  EXPECT_EQ(store_->AddRoleGrant({"nobody", Role::kCoach, "north", {}}, Change()).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), count);

  Result<std::vector<RoleGrant>> grants = store_->ListRoleGrants("u1");
  ASSERT_TRUE(grants.ok());
  EXPECT_EQ(*grants, (std::vector<RoleGrant>{
                         {"u1", Role::kNetworkAnalyst, "", {}},
                         {"u1", Role::kDirectoryEditor, "north", {"feed-a", "feed-b"}},
                     }));

  ASSERT_TRUE(store_->RemoveRoleGrant("u1", Role::kNetworkAnalyst, "", Change()).ok());
  EXPECT_EQ(AuditCount(), ++count);
  EXPECT_EQ(store_->RemoveRoleGrant("u1", Role::kNetworkAnalyst, "", Change()).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), count);
  grants = store_->ListRoleGrants("u1");
  ASSERT_TRUE(grants.ok());
  EXPECT_EQ(grants->size(), 1u);
  ExpectChainIntact();
}

TEST_F(SqliteUserTest, DisableAndPasswordReset) {
  ASSERT_TRUE(store_->CreateUser(TestUser("u1", "test-coach"), kFakeHash, {}, Change()).ok());
  std::int64_t count = AuditCount();
  ASSERT_TRUE(store_->SetUserDisabled("u1", true, Change()).ok());
  EXPECT_EQ(AuditCount(), ++count);
  EXPECT_EQ(LastAudit().action, "user.disable");
  ASSERT_TRUE(store_->SetPasswordHash("u1", "$argon2id$new", Change()).ok());
  EXPECT_EQ(AuditCount(), ++count);
  EXPECT_EQ(LastAudit().action, "user.password.reset");
  EXPECT_EQ(LastAudit().details, "{}");
  EXPECT_EQ(store_->SetUserDisabled("nobody", true, Change()).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->SetPasswordHash("nobody", "$argon2id$x", Change()).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), count);

  Result<std::optional<StoredUser>> found = store_->FindUserByName("test-coach");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->user.disabled);
  EXPECT_EQ((*found)->password_hash, "$argon2id$new");
  ExpectChainIntact();
}

}  // namespace
}  // namespace rn::storage
