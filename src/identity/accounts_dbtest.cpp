// The account use cases (accounts.h) against a real database: their rules, the audit entries they
// write, and that a refused change writes neither the change nor an entry.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identity/accounts.h"
#include "identity/audit_actions.h"
#include "identity/site_zone.h"
#include "identity/test_database.h"

namespace rn::identity {
namespace {

const Instant kAt{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};
constexpr std::string_view kPassword = "correct horse battery staple 7";

class AccountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase();
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    ASSERT_TRUE(CreateSite(stores(), {"north", "North"}, change_).ok());
  }

  Stores& stores() { return db_->stores(); }

  std::vector<AuditEvent> Audit() {
    Result<std::vector<AuditEvent>> events = stores().audit.LoadAll();
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<AuditEvent>{};
  }
  std::size_t AuditCount() { return Audit().size(); }
  AuditEvent LastAudit() {
    std::vector<AuditEvent> events = Audit();
    return events.empty() ? AuditEvent{} : events.back();
  }
  void ExpectChainIntact() {
    Result<AuditHead> head = stores().audit.LoadHead();
    ASSERT_TRUE(head.ok());
    EXPECT_FALSE(VerifyChain(Audit(), *head).has_value());
  }

  User MustAdd(const std::string& name, std::vector<RoleGrant> grants) {
    Result<User> added =
        AddStaffMember(stores(), {name, "Test Person", std::string(kPassword), grants}, change_);
    EXPECT_TRUE(added.ok()) << added.status().message();
    return added.ok() ? *added : User{};
  }

  std::unique_ptr<testing::TestDatabase<Stores>> db_;
  const Change change_{"cli:tester", kAt, "192.0.2.7"};
};

TEST_F(AccountsTest, ASiteIsValidatedAndAudited) {
  EXPECT_EQ(LastAudit().action, audit_action::kSiteCreate);
  EXPECT_EQ(LastAudit().target, "site:north");
  EXPECT_EQ(LastAudit().site, "north");
  const std::size_t entries = AuditCount();
  EXPECT_EQ(CreateSite(stores(), {"Bad Id", "Bad"}, change_).field(), "site");
  EXPECT_EQ(CreateSite(stores(), {"south", ""}, change_).field(), "name");
  EXPECT_EQ(CreateSite(stores(), {"south", "South\x1b[2J"}, change_).field(), "name");
  EXPECT_EQ(CreateSite(stores(), {"north", "Again"}, change_).code(), StatusCode::kConflict);
  EXPECT_EQ(AuditCount(), entries) << "a refused site writes no entry";
}

TEST_F(AccountsTest, ASiteHasATimeZoneThatMustBeAnIanaOne) {
  Result<std::optional<Site>> north = stores().accounts.GetSite("north");
  ASSERT_TRUE(north.ok() && *north);
  EXPECT_EQ((*north)->time_zone, kDefaultSiteTimeZone);
  EXPECT_EQ(LastAudit().details, R"({"name":"North","time_zone":"America/Chicago"})");
  ASSERT_TRUE(CreateSite(stores(), {"east", "East", "America/New_York"}, change_).ok());
  EXPECT_EQ((**stores().accounts.GetSite("east")).time_zone, "America/New_York");
  const std::size_t entries = AuditCount();
  EXPECT_EQ(CreateSite(stores(), {"west", "West", "Pacific/Nowhere"}, change_).field(),
            "time_zone");
  EXPECT_EQ(CreateSite(stores(), {"west", "West", ""}, change_).field(), "time_zone");
  EXPECT_EQ(AuditCount(), entries);
  EXPECT_FALSE(*stores().accounts.GetSite("west"));
  EXPECT_EQ((*SiteTimeZone(stores().accounts, "east"))->name(), "America/New_York");
  EXPECT_EQ(SiteTimeZone(stores().accounts, "west").status().code(), StatusCode::kNotFound);
}

TEST_F(AccountsTest, PagerContactsAreCheckedStoredAsE164AndAuditedWithoutTheirValues) {
  Result<User> added = AddStaffMember(stores(),
                                      {"coach.a",
                                       "Coach A",
                                       std::string(kPassword),
                                       {{"", Role::kCoach, "north", {}}},
                                       " coach.a@north.example.org ",
                                       "+1 (806) 555-0101"},
                                      change_);
  ASSERT_TRUE(added.ok()) << added.status().message();
  const User stored = (**stores().accounts.GetUser(added->id)).user;
  EXPECT_EQ(stored.email, "coach.a@north.example.org");
  EXPECT_EQ(stored.pager_phone, "+18065550101");
  EXPECT_EQ(AddStaffMember(stores(),
                           {"coach.b", "Coach B", std::string(kPassword), {}, "not an address", ""},
                           change_)
                .status()
                .field(),
            "email");
  EXPECT_EQ(
      AddStaffMember(
          stores(), {"coach.b", "Coach B", std::string(kPassword), {}, "", "806-555-0102"}, change_)
          .status()
          .field(),
      "pager_phone");
  EXPECT_FALSE(*stores().accounts.FindUserByName("coach.b"));

  ASSERT_TRUE(SetStaffContact(stores(), added->id, "", "+44 20 7946 0958", change_).ok());
  EXPECT_EQ(LastAudit().action, audit_action::kUserContactSet);
  EXPECT_EQ(LastAudit().details, R"({"email":false,"pager_phone":true})");
  EXPECT_EQ(LastAudit().details.find("7946"), std::string::npos);
  const User changed = (**stores().accounts.GetUser(added->id)).user;
  EXPECT_EQ(changed.email, "");
  EXPECT_EQ(changed.pager_phone, "+442079460958");
  EXPECT_EQ(SetStaffContact(stores(), added->id, "x@", "", change_).field(), "email");
  EXPECT_EQ(SetStaffContact(stores(), "no-such-user", "", "", change_).code(),
            StatusCode::kNotFound);

  Result<std::vector<User>> coaches = stores().accounts.ListUsersWithRole("north", Role::kCoach);
  ASSERT_TRUE(coaches.ok());
  ASSERT_EQ(coaches->size(), 1u);
  EXPECT_EQ((*coaches)[0].pager_phone, "+442079460958");
  EXPECT_TRUE(stores().accounts.ListUsersWithRole("north", Role::kSupervisor)->empty());
  ExpectChainIntact();
}

TEST_F(AccountsTest, AStaffMemberIsCreatedWithGrantsAndOneEntryWithoutThePassword) {
  const User user = MustAdd("test.coach", {{"", Role::kCoach, "north", {}}});
  EXPECT_EQ(user.created_at, "2026-11-23T00:00:00Z");
  const AuditEvent entry = LastAudit();
  EXPECT_EQ(entry.action, audit_action::kUserCreate);
  EXPECT_EQ(entry.actor, "cli:tester");
  EXPECT_EQ(entry.target, "user:" + user.id);
  EXPECT_EQ(entry.details, R"({"name":"test.coach","roles":[{"role":"coach","site":"north"}]})");
  EXPECT_EQ(entry.details.find("argon2id"), std::string::npos);
  Result<std::vector<RoleGrant>> grants = stores().accounts.ListGrants(user.id);
  ASSERT_TRUE(grants.ok());
  ASSERT_EQ(grants->size(), 1u);
  EXPECT_EQ((*grants)[0].role, Role::kCoach);
  ExpectChainIntact();
}

TEST_F(AccountsTest, ARefusedStaffMemberWritesNothing) {
  MustAdd("test.coach", {});
  const std::size_t entries = AuditCount();
  auto add = [&](NewStaffMember member) {
    return AddStaffMember(stores(), std::move(member), change_).status();
  };
  EXPECT_EQ(add({"TEST.COACH", "Test", std::string(kPassword), {}}).code(), StatusCode::kConflict);
  EXPECT_EQ(add({"bad name!", "Test", std::string(kPassword), {}}).field(), "name");
  EXPECT_EQ(add({"test.other", "", std::string(kPassword), {}}).field(), "display_name");
  EXPECT_EQ(
      add({"test.other", std::string("Test\0Person", 11), std::string(kPassword), {}}).field(),
      "display_name");
  EXPECT_EQ(add({"test.other", "Test", "short", {}}).field(), "password");
  EXPECT_EQ(add({"test.other", "Test", std::string(kPassword), {{"", Role::kCoach, "nowhere", {}}}})
                .field(),
            "site");
  EXPECT_EQ(AuditCount(), entries);
  Result<std::optional<StoredUser>> other = stores().accounts.FindUserByName("test.other");
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->has_value()) << "the user rolls back with a grant it cannot have";
}

TEST_F(AccountsTest, RolesAreGrantedAndTakenBackWithTheirEntries) {
  const User user = MustAdd("test.editor", {});
  const RoleGrant grant{user.id, Role::kDirectoryEditor, "north", {"feed-a"}};
  ASSERT_TRUE(GrantRole(stores(), grant, change_).ok());
  EXPECT_EQ(LastAudit().action, audit_action::kUserRoleSet);
  EXPECT_EQ(LastAudit().site, "north");
  EXPECT_EQ(LastAudit().details,
            R"({"op":"add","role":"directory_editor","site":"north","scope":["feed-a"]})");
  const std::size_t entries = AuditCount();
  EXPECT_EQ(GrantRole(stores(), {user.id, Role::kNetworkAdmin, "north", {}}, change_).field(),
            "site");
  EXPECT_EQ(GrantRole(stores(), {user.id, Role::kSupervisor, "", {}}, change_).field(), "site");
  EXPECT_EQ(GrantRole(stores(), {user.id, Role::kSupervisor, "south", {}}, change_).field(),
            "site");
  EXPECT_EQ(GrantRole(stores(), {"nobody", Role::kCoach, "north", {}}, change_).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), entries) << "refusals write no entry";
  ASSERT_TRUE(RemoveRole(stores(), user.id, Role::kDirectoryEditor, "north", change_).ok());
  EXPECT_EQ(LastAudit().details, R"({"op":"remove","role":"directory_editor","site":"north"})");
  EXPECT_EQ(RemoveRole(stores(), user.id, Role::kDirectoryEditor, "north", change_).code(),
            StatusCode::kNotFound);
}

TEST_F(AccountsTest, APasswordResetOrDisablingEndsTheSessionsAndIsAudited) {
  const User user = MustAdd("test.coach", {{"", Role::kCoach, "north", {}}});
  auto session = [&](const std::string& id_hash) {
    Session made;
    made.id_hash = id_hash;
    made.user_id = user.id;
    made.csrf_token = "csrf";
    made.created_at = made.last_seen_at = kAt;
    ASSERT_TRUE(stores().sessions.Insert(made).ok());
  };
  auto live = [&](const std::string& id_hash) {
    Result<std::optional<SessionRecord>> found = stores().sessions.Find(id_hash);
    return found.ok() && found->has_value();
  };
  session("a");
  ASSERT_TRUE(SetPassword(stores(), user, "another long passphrase 9", change_).ok());
  EXPECT_EQ(LastAudit().action, audit_action::kUserPasswordReset);
  EXPECT_EQ(LastAudit().details, "{}");
  EXPECT_FALSE(live("a"));
  EXPECT_EQ(SetPassword(stores(), user, "short", change_).field(), "password");

  session("b");
  ASSERT_TRUE(SetUserDisabled(stores(), user.id, false, change_).ok());
  EXPECT_EQ(LastAudit().action, audit_action::kUserEnable);
  EXPECT_TRUE(live("b")) << "enabling keeps the sessions";
  ASSERT_TRUE(SetUserDisabled(stores(), user.id, true, change_).ok());
  EXPECT_EQ(LastAudit().action, audit_action::kUserDisable);
  EXPECT_FALSE(live("b"));

  const std::size_t entries = AuditCount();
  EXPECT_EQ(SetUserDisabled(stores(), "nobody", true, change_).code(), StatusCode::kNotFound);
  User nobody = user;
  nobody.id = "nobody";
  EXPECT_EQ(SetPassword(stores(), nobody, "another long passphrase 9", change_).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(AuditCount(), entries);
  ExpectChainIntact();
}

TEST_F(AccountsTest, ATokenIsIssuedShownOnceAndRevokedOnce) {
  ApiToken token;
  token.label = "ED referrals";
  token.site_id = "north";
  token.role = Role::kReferrer;
  Result<std::string> value = IssueApiToken(stores(), token, change_);
  ASSERT_TRUE(value.ok()) << value.status().message();
  EXPECT_TRUE(value->starts_with(kApiTokenPrefix));
  const AuditEvent created = LastAudit();
  EXPECT_EQ(created.action, audit_action::kTokenCreate);
  EXPECT_EQ(created.site, "north");
  EXPECT_EQ(created.remote_address, "192.0.2.7");
  EXPECT_EQ(created.details, R"({"label":"ED referrals","role":"referrer"})");
  const std::string id = created.target.substr(std::string_view("token:").size());
  Result<std::optional<ApiToken>> stored = stores().tokens.Get(id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->created_by, "cli:tester");
  EXPECT_EQ((*stored)->created_at, "2026-11-23T00:00:00Z");
  EXPECT_EQ(created.details.find(value->substr(3)), std::string::npos);

  const std::size_t entries = AuditCount();
  token.site_id = "nowhere";
  EXPECT_EQ(IssueApiToken(stores(), token, change_).status().field(), "site");
  token.site_id = "north";
  token.label = "";
  EXPECT_EQ(IssueApiToken(stores(), token, change_).status().field(), "label");
  EXPECT_EQ(AuditCount(), entries);

  ASSERT_TRUE(RevokeApiToken(stores(), id, change_).ok());
  EXPECT_EQ(LastAudit().action, audit_action::kTokenRevoke);
  EXPECT_EQ(stores().tokens.Get(id)->value().revoked_at, "2026-11-23T00:00:00Z");
  EXPECT_EQ(RevokeApiToken(stores(), id, change_).code(), StatusCode::kConflict);
  EXPECT_EQ(RevokeApiToken(stores(), "nope", change_).code(), StatusCode::kNotFound);
  ExpectChainIntact();
}

TEST(GrantDetails, NamesTheOperationRoleSiteAndScope) {
  EXPECT_EQ(GrantDetails("add", {"u", Role::kCoach, "north", {}}),
            R"({"op":"add","role":"coach","site":"north"})");
  EXPECT_EQ(GrantDetails("remove", {"u", Role::kDirectoryEditor, "north", {"a", "b"}}),
            R"({"op":"remove","role":"directory_editor","site":"north","scope":["a","b"]})");
}

}  // namespace
}  // namespace rn::identity
