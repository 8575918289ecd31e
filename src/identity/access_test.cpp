#include "identity/access.h"

#include <gtest/gtest.h>

#include "identity/secret.h"
#include "identity/session.h"

namespace rn::identity {
namespace {

TEST(AccessTest, SiteRolesGrantOnlyAtTheirSiteAndNetworkRolesEverywhere) {
  const std::vector<RoleGrant> editor = {{"u", Role::kDirectoryEditor, "north", {}}};
  EXPECT_TRUE(Allows(editor, Permission::kDirectoryEdit, "north"));
  EXPECT_FALSE(Allows(editor, Permission::kDirectoryEdit, "south"));
  EXPECT_FALSE(Allows(editor, Permission::kAuditView, "north"));
  EXPECT_TRUE(Allows(editor, Permission::kSiteView, "north"));

  const std::vector<RoleGrant> network_admin = {{"u", Role::kNetworkAdmin, "", {}}};
  EXPECT_TRUE(Allows(network_admin, Permission::kAuditView, "south"));
  EXPECT_FALSE(Allows(network_admin, Permission::kDirectoryEdit, "south"));

  // An analyst sees aggregates only: no site's page, audit trail or directory editing.
  const std::vector<RoleGrant> analyst = {{"u", Role::kNetworkAnalyst, "", {}}};
  for (Permission permission : AllPermissions())
    EXPECT_FALSE(Allows(analyst, permission, "north")) << PermissionName(permission);
  EXPECT_FALSE(Allows({}, Permission::kSiteView, "north"));
}

TEST(AccessTest, ReferralsAreForReferrersCoachesAndSupervisorsNeverAdminsOrTheNetwork) {
  for (Permission permission :
       {Permission::kReferralsSend, Permission::kReferralsView, Permission::kReferralsManage,
        Permission::kParticipantsView, Permission::kParticipantsRecord}) {
    for (Role role :
         {Role::kSiteAdmin, Role::kDirectoryEditor, Role::kNetworkAdmin, Role::kNetworkAnalyst}) {
      const std::string site = IsNetworkRole(role) ? "" : "north";
      EXPECT_FALSE(Allows({{"u", role, site, {}}}, permission, "north"))
          << PermissionName(permission) << " " << RoleName(role);
    }
    EXPECT_TRUE(Allows({{"u", Role::kCoach, "north", {}}}, permission, "north"));
    EXPECT_TRUE(Allows({{"u", Role::kSupervisor, "north", {}}}, permission, "north"));
    EXPECT_FALSE(Allows({{"u", Role::kCoach, "south", {}}}, permission, "north"));
  }
  const std::vector<RoleGrant> referrer = {{"u", Role::kReferrer, "north", {"mercy-ed"}}};
  EXPECT_TRUE(Allows(referrer, Permission::kReferralsSend, "north"));
  EXPECT_TRUE(Allows(referrer, Permission::kReferralsView, "north"));
  EXPECT_FALSE(Allows(referrer, Permission::kReferralsManage, "north"));
  EXPECT_FALSE(Allows(referrer, Permission::kParticipantsView, "north"));
  EXPECT_TRUE(
      Allows({{"u", Role::kSupervisor, "north", {}}}, Permission::kCaseloadsOversee, "north"));
  EXPECT_FALSE(Allows({{"u", Role::kCoach, "north", {}}}, Permission::kCaseloadsOversee, "north"));
  // Setting a site up is its admins' work, and the network admin's.
  EXPECT_TRUE(Allows({{"u", Role::kSiteAdmin, "north", {}}}, Permission::kCaseworkSetup, "north"));
  EXPECT_TRUE(Allows({{"u", Role::kNetworkAdmin, "", {}}}, Permission::kCaseworkSetup, "south"));
  EXPECT_FALSE(
      Allows({{"u", Role::kSupervisor, "north", {}}}, Permission::kCaseworkSetup, "north"));
}

TEST(AccessTest, EveryPermissionHasANameAndAGrantingRole) {
  for (Permission permission : AllPermissions()) {
    EXPECT_FALSE(PermissionName(permission).empty());
    EXPECT_FALSE(RolesGranting(permission).empty());
  }
  EXPECT_EQ(PermissionName(Permission::kDirectoryEdit), "directory.edit");
}

TEST(AccessTest, EditableSourcesIsTheUnionOfScopesAtTheSiteOrAll) {
  const std::vector<RoleGrant> scoped = {{"u", Role::kDirectoryEditor, "north", {"oc-aa", "nwta"}},
                                         {"u", Role::kDirectoryEditor, "south", {"bmlt"}},
                                         {"u", Role::kCoach, "north", {}}};
  const EditableSources north = EditableSourcesAt(scoped, "north");
  EXPECT_FALSE(north.all);
  EXPECT_EQ(north.scope, (std::vector<std::string>{"nwta", "oc-aa"}));
  EXPECT_TRUE(CanEditSource(north, "oc-aa", "north"));
  EXPECT_FALSE(CanEditSource(north, "bmlt", "north"));
  EXPECT_FALSE(CanEditSource(north, "local-north", "north"));
  EXPECT_TRUE(EditableSourcesAt(scoped, "east").scope.empty());

  // Unscoped: every imported source and the site's own listings, not another site's.
  const std::vector<RoleGrant> unscoped = {{"u", Role::kDirectoryEditor, "north", {}}};
  const EditableSources all = EditableSourcesAt(unscoped, "north");
  EXPECT_TRUE(all.all);
  EXPECT_TRUE(CanEditSource(all, "anything", "north"));
  EXPECT_TRUE(CanEditSource(all, "local-north", "north"));
  EXPECT_FALSE(CanEditSource(all, "local-south", "north"));
  EXPECT_FALSE(CanEditSource(EditableSourcesAt(unscoped, "south"), "nwta", "south"));
}

TEST(AccessTest, SitesOfListsSiteRolesOnce) {
  const std::vector<RoleGrant> grants = {{"u", Role::kCoach, "south", {}},
                                         {"u", Role::kSupervisor, "south", {}},
                                         {"u", Role::kCoach, "north", {}},
                                         {"u", Role::kNetworkAnalyst, "", {}}};
  EXPECT_EQ(SitesOf(grants), (std::vector<std::string>{"north", "south"}));
  EXPECT_TRUE(HasNetworkRole(grants));
  EXPECT_FALSE(HasNetworkRole({grants[0]}));
}

TEST(AccessTest, ASiteAdminManagesOnlyStaffWhollyAtItsSite) {
  const std::vector<RoleGrant> admin = {{"a", Role::kSiteAdmin, "north", {}}};
  const std::vector<RoleGrant> coach_north = {{"c", Role::kCoach, "north", {}}};
  const std::vector<RoleGrant> coach_both = {{"c", Role::kCoach, "north", {}},
                                             {"c", Role::kCoach, "south", {}}};
  const std::vector<RoleGrant> analyst = {{"n", Role::kNetworkAnalyst, "", {}}};
  EXPECT_TRUE(CanManageUser(admin, coach_north, "north"));
  EXPECT_FALSE(CanManageUser(admin, {}, "north"));  // an account that left every site
  EXPECT_FALSE(CanManageUser(admin, admin, "north", /*self=*/true));
  EXPECT_FALSE(CanManageUser(admin, coach_both, "north"));
  EXPECT_FALSE(CanManageUser(admin, analyst, "north"));
  EXPECT_FALSE(CanManageUser(admin, coach_north, "south"));
  EXPECT_FALSE(CanManageUser(coach_north, coach_north, "north"));
  const std::vector<RoleGrant> network_admin = {{"x", Role::kNetworkAdmin, "", {}}};
  EXPECT_TRUE(CanManageUser(network_admin, coach_both, "south"));
  EXPECT_TRUE(CanManageUser(network_admin, network_admin, "south", /*self=*/true));
}

TEST(AccessTest, TokensActAsCaseworkRolesOrRolesTheIssuerHolds) {
  const std::vector<RoleGrant> admin = {{"a", Role::kSiteAdmin, "north", {}}};
  EXPECT_TRUE(CanIssueToken(admin, Role::kReferrer, "north"));
  EXPECT_TRUE(CanIssueToken(admin, Role::kSiteAdmin, "north"));
  EXPECT_FALSE(CanIssueToken(admin, Role::kDirectoryEditor, "north"));
  EXPECT_FALSE(CanIssueToken(admin, Role::kReferrer, "south"));
  EXPECT_FALSE(CanIssueToken(admin, Role::kNetworkAdmin, "north"));
  const std::vector<RoleGrant> network_admin = {{"x", Role::kNetworkAdmin, "", {}}};
  EXPECT_TRUE(CanIssueToken(network_admin, Role::kDirectoryEditor, "south"));
}

TEST(SessionTest, IdleAndAbsoluteExpiry) {
  const SessionPolicy policy{std::chrono::minutes(30), std::chrono::hours(12)};
  const Instant login{std::chrono::seconds(1'800'000'000)};
  Session session;
  session.created_at = login;
  session.last_seen_at = login;
  EXPECT_EQ(CheckSession(session, login + std::chrono::minutes(29), policy), SessionState::kActive);
  EXPECT_EQ(CheckSession(session, login + std::chrono::minutes(30), policy), SessionState::kIdle);
  session.last_seen_at = login + std::chrono::hours(11) + std::chrono::minutes(50);
  EXPECT_EQ(
      CheckSession(session, login + std::chrono::hours(11) + std::chrono::minutes(59), policy),
      SessionState::kActive);
  EXPECT_EQ(CheckSession(session, login + std::chrono::hours(12), policy), SessionState::kExpired);
  EXPECT_EQ(policy.TouchInterval(), std::chrono::minutes(3));
  EXPECT_EQ(SessionPolicy{std::chrono::seconds(2)}.TouchInterval(), std::chrono::seconds(1));
}

TEST(SessionTest, TokensNeedALabelAndASiteRole) {
  ApiToken token;
  token.label = "St. Mary's ED referrals";
  token.role = Role::kReferrer;
  EXPECT_TRUE(ValidateApiToken(token).ok());
  token.role = Role::kNetworkAdmin;
  EXPECT_EQ(ValidateApiToken(token).field(), "role");
  token.role = Role::kReferrer;
  token.label = "";
  EXPECT_EQ(ValidateApiToken(token).field(), "label");
  token.label = "x";
  token.expires_at = "2027-11-23T00:00:00Z";
  EXPECT_TRUE(ValidateApiToken(token).ok());
  token.expires_at = "next year";
  EXPECT_EQ(ValidateApiToken(token).field(), "expires_at");
  token.expires_at = "";
  token.partner = "mercy-ed";
  EXPECT_TRUE(ValidateApiToken(token).ok());
  token.partner = "Mercy ED";
  EXPECT_EQ(ValidateApiToken(token).field(), "partner");
  token.partner = "mercy-ed";
  token.role = Role::kCoach;
  EXPECT_EQ(ValidateApiToken(token).field(), "partner");
}

TEST(SecretTest, SecretsAreRandomUrlSafeAndHashToSha256) {
  auto a = NewSecret();
  auto b = NewSecret();
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->size(), 43u);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(
      a->find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(SecretEquals(*a, *a));
  EXPECT_FALSE(SecretEquals(*a, *b));
  EXPECT_FALSE(SecretEquals(*a, a->substr(1)));
  auto hex = RandomHex(8);
  ASSERT_TRUE(hex.ok());
  EXPECT_EQ(hex->size(), 16u);
}

}  // namespace
}  // namespace rn::identity

namespace rn::identity {
namespace {

TEST(ReferrerPartnerAt, AReferrerActsForItsGrantsPartnerAndStaffActAsStaff) {
  const RoleGrant referrer{"u", Role::kReferrer, "north", {"mercy-ed"}};
  EXPECT_EQ(ReferrerPartnerAt({referrer}, "north"), "mercy-ed");
  EXPECT_EQ(ReferrerPartnerAt({{"u", Role::kReferrer, "north", {}}}, "north"), "");
  EXPECT_EQ(ReferrerPartnerAt({referrer, {"u", Role::kCoach, "north", {}}}, "north"), std::nullopt);
  EXPECT_EQ(ReferrerPartnerAt({{"u", Role::kCoach, "north", {}}}, "north"), std::nullopt);
  // A referrer grant at another site says nothing about this one.
  EXPECT_EQ(ReferrerPartnerAt({referrer}, "south"), std::nullopt);
  EXPECT_EQ(ReferrerPartnerAt({referrer, {"u", Role::kNetworkAdmin, "", {}}}, "north"),
            std::nullopt);
}

}  // namespace
}  // namespace rn::identity

namespace rn::identity {
namespace {

TEST(AccessTest, CapacityIsUpdatedByTheOrganizationsPartnerOrAnEditorOfTheSource) {
  const std::vector<RoleGrant> partner = {{"u", Role::kResourcePartner, "north", {"org-1"}}};
  EXPECT_TRUE(Allows(partner, Permission::kCapacityUpdate, "north"));
  EXPECT_TRUE(Allows(partner, Permission::kSiteView, "north"));
  EXPECT_FALSE(Allows(partner, Permission::kDirectoryEdit, "north"));
  EXPECT_FALSE(Allows(partner, Permission::kReferralsView, "north"));
  EXPECT_TRUE(MayUpdateCapacity(partner, "north", "org-1", "any-source"));
  EXPECT_FALSE(MayUpdateCapacity(partner, "north", "org-2", "any-source"));
  EXPECT_FALSE(MayUpdateCapacity(partner, "south", "org-1", "any-source"));
  const std::vector<RoleGrant> scoped = {{"u", Role::kDirectoryEditor, "north", {"demo"}}};
  EXPECT_TRUE(MayUpdateCapacity(scoped, "north", "org-9", "demo"));
  EXPECT_FALSE(MayUpdateCapacity(scoped, "north", "org-9", "linksf"));
  EXPECT_FALSE(MayUpdateCapacity({{"u", Role::kCoach, "north", {}}}, "north", "org-1", "demo"));
  EXPECT_FALSE(ValidateRoleGrant({"u", Role::kResourcePartner, "north", {}}).ok());  // names an org
}

}  // namespace
}  // namespace rn::identity
