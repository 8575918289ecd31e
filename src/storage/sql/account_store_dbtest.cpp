// identity::AccountStore on SQLite: sites, users (names unique ignoring case) and role grants at a
// site or network-wide, stored and read back.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "identity/user.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

using identity::Role;
using identity::RoleGrant;
using identity::StoredUser;
using identity::User;

constexpr std::string_view kFakeHash = "$argon2id$v=19$m=65536,t=2,p=1$ZmFrZXNhbHQ$ZmFrZWhhc2g";

User TestUser(std::string id, std::string name) {
  User user;
  user.id = std::move(id);
  user.name = std::move(name);
  user.display_name = "Test Person";
  user.created_at = "2026-11-23T00:00:00Z";
  return user;
}

class AccountStoreTest : public FileDatabaseTest {
 protected:
  identity::AccountStore& accounts() { return db_->accounts(); }
};

TEST_F(AccountStoreTest, SitesAreStoredListedByIdAndUnique) {
  ASSERT_TRUE(accounts().InsertSite({"south", "South Site"}).ok());
  ASSERT_TRUE(accounts().InsertSite({"north", "North Site"}).ok());
  EXPECT_EQ(accounts().InsertSite({"north", "Again"}).code(), StatusCode::kConflict);
  Result<std::vector<identity::Site>> sites = accounts().ListSites();
  ASSERT_TRUE(sites.ok());
  EXPECT_EQ(*sites,
            (std::vector<identity::Site>{{"north", "North Site"}, {"south", "South Site"}}));
  EXPECT_EQ(accounts().SiteExists("north").value_or(false), true);
  EXPECT_EQ(accounts().SiteExists("east").value_or(true), false);
  EXPECT_EQ(AuditCount(), 0);  // the repository writes no audit entry of its own
}

TEST_F(AccountStoreTest, AUserIsStoredAndFoundByNameIgnoringCaseOrById) {
  User user = TestUser("u1", "Test.Coach");
  user.disabled = true;
  ASSERT_TRUE(accounts().InsertUser(user, kFakeHash).ok());

  Result<std::optional<StoredUser>> found = accounts().FindUserByName("test.COACH");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user, user);
  EXPECT_EQ((*found)->password_hash, kFakeHash);
  found = accounts().GetUser("u1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->user, user);
  EXPECT_EQ((*found)->password_hash, kFakeHash);

  Result<std::optional<StoredUser>> missing = accounts().FindUserByName("nobody");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  missing = accounts().GetUser("Test.Coach");  // a name is not an id
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(AuditCount(), 0);
}

TEST_F(AccountStoreTest, ADuplicateNameIgnoringCaseOrIdIsAConflictAndWritesNothing) {
  ASSERT_TRUE(accounts().InsertUser(TestUser("u1", "test-coach"), kFakeHash).ok());
  Status status = accounts().InsertUser(TestUser("u2", "TEST-COACH"), kFakeHash);
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(status.field(), "name");
  EXPECT_EQ(status.message(), "there is already a user named TEST-COACH");
  status = accounts().InsertUser(TestUser("u1", "someone-else"), kFakeHash);
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(status.field(), "id");
  Result<std::vector<User>> users = accounts().ListUsers();
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(*users, std::vector<User>{TestUser("u1", "test-coach")});
}

TEST_F(AccountStoreTest, UsersAreListedByName) {
  ASSERT_TRUE(accounts().InsertUser(TestUser("u1", "test-zed"), kFakeHash).ok());
  ASSERT_TRUE(accounts().InsertUser(TestUser("u2", "Test-Amy"), kFakeHash).ok());
  ASSERT_TRUE(accounts().InsertUser(TestUser("u3", "test-bob"), kFakeHash).ok());
  Result<std::vector<User>> users = accounts().ListUsers();
  ASSERT_TRUE(users.ok());
  std::vector<std::string> names;
  for (const User& user : *users) names.push_back(user.name);
  EXPECT_EQ(names, (std::vector<std::string>{"Test-Amy", "test-bob", "test-zed"}));
}

TEST_F(AccountStoreTest, PasswordHashAndDisabledAreReplacedForAnExistingUserOnly) {
  ASSERT_TRUE(accounts().InsertUser(TestUser("u1", "test-coach"), kFakeHash).ok());
  EXPECT_EQ(accounts().SetPasswordHash("u1", "$argon2id$new", TestInstant(13, 30)).value_or(false),
            true);
  EXPECT_EQ(accounts().SetDisabled("u1", true).value_or(false), true);
  EXPECT_EQ(accounts().SetPasswordHash("nobody", "$argon2id$x", TestInstant()).value_or(true),
            false);
  EXPECT_EQ(accounts().SetDisabled("nobody", true).value_or(true), false);

  Result<std::optional<StoredUser>> found = accounts().GetUser("u1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_TRUE((*found)->user.disabled);
  EXPECT_EQ((*found)->password_hash, "$argon2id$new");
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Scalar("SELECT password_changed_at FROM users WHERE id = 'u1'"),
            "2026-11-23T13:30:00Z");

  // Setting the same value again still finds the user.
  EXPECT_EQ(accounts().SetDisabled("u1", true).value_or(false), true);
  EXPECT_EQ(accounts().SetDisabled("u1", false).value_or(false), true);
  EXPECT_FALSE(accounts().GetUser("u1")->value().user.disabled);
  EXPECT_EQ(AuditCount(), 0);
}

TEST_F(AccountStoreTest, GrantsAreUpsertedListedBySiteThenRoleAndRemoved) {
  ASSERT_TRUE(accounts().InsertSite({"north", "North Site"}).ok());
  ASSERT_TRUE(accounts().InsertSite({"south", "South Site"}).ok());
  ASSERT_TRUE(accounts().InsertUser(TestUser("u1", "test-editor"), kFakeHash).ok());

  ASSERT_TRUE(accounts().UpsertGrant({"u1", Role::kSupervisor, "south", {}}).ok());
  ASSERT_TRUE(accounts().UpsertGrant({"u1", Role::kNetworkAnalyst, "", {}}).ok());
  ASSERT_TRUE(accounts().UpsertGrant({"u1", Role::kDirectoryEditor, "north", {"feed-a"}}).ok());
  ASSERT_TRUE(accounts().UpsertGrant({"u1", Role::kCoach, "north", {}}).ok());
  // The same (user, role, site) again replaces its scope.
  ASSERT_TRUE(
      accounts().UpsertGrant({"u1", Role::kDirectoryEditor, "north", {"feed-a", "feed-b"}}).ok());

  Result<std::vector<RoleGrant>> grants = accounts().ListGrants("u1");
  ASSERT_TRUE(grants.ok());
  EXPECT_EQ(*grants, (std::vector<RoleGrant>{
                         {"u1", Role::kNetworkAnalyst, "", {}},
                         {"u1", Role::kCoach, "north", {}},
                         {"u1", Role::kDirectoryEditor, "north", {"feed-a", "feed-b"}},
                         {"u1", Role::kSupervisor, "south", {}},
                     }));
  EXPECT_TRUE(accounts().ListGrants("nobody")->empty());

  EXPECT_EQ(accounts().RemoveGrant("u1", Role::kNetworkAnalyst, "").value_or(false), true);
  EXPECT_EQ(accounts().RemoveGrant("u1", Role::kNetworkAnalyst, "").value_or(true), false);
  EXPECT_EQ(accounts().RemoveGrant("u1", Role::kCoach, "south").value_or(true), false);
  grants = accounts().ListGrants("u1");
  ASSERT_TRUE(grants.ok());
  EXPECT_EQ(grants->size(), 3u);
  EXPECT_EQ(AuditCount(), 0);
}

TEST_F(AccountStoreTest, AGrantToAMissingUserIsAConflict) {
  // role_grants.user_id references users.
  EXPECT_EQ(accounts().UpsertGrant({"nobody", Role::kNetworkAdmin, "", {}}).code(),
            StatusCode::kConflict);
  EXPECT_TRUE(accounts().ListGrants("nobody")->empty());
}

TEST_F(AccountStoreTest, AnUnreadableStoredScopeIsAnInternalError) {
  ASSERT_TRUE(accounts().InsertUser(TestUser("u1", "test-editor"), kFakeHash).ok());
  ASSERT_TRUE(accounts().UpsertGrant({"u1", Role::kNetworkAdmin, "", {}}).ok());
  {
    RawDb raw(DbPath());
    ASSERT_EQ(raw.Exec("UPDATE role_grants SET scope = '{\"a\":1}'"), "");
  }
  Result<std::vector<RoleGrant>> grants = accounts().ListGrants("u1");
  ASSERT_FALSE(grants.ok());
  EXPECT_EQ(grants.status().code(), StatusCode::kInternal);
}

}  // namespace
}  // namespace rn::storage
