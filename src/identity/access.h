#pragma once
// Who may do what: the permissions routes declare, which roles grant them, and the caller a
// request runs as. The one place roles are turned into permissions; handlers never look at roles.
// See docs/security.md ("Roles and what each can see").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/user.h"

namespace rn::identity {

// What a protected route needs, always at one site (the route's {site}).
enum class Permission {
  kSiteView,         // any role at the site: the site's page in the staff console
  kDirectoryEdit,    // directory_editor: edit listings (within its scope), review corrections
  kDirectoryImport,  // directory_editor: re-run an import of a source in its scope
  kAuditView,        // site_admin, network_admin: the site's audit trail
  kTokensManage,     // site_admin, network_admin: the site's API tokens
  kStaffManage,      // site_admin, network_admin: the site's staff accounts and their roles there
  kCaseworkSetup,    // site_admin, network_admin: the site's programs, partners and rosters
  kReferralsSend,    // referrer (for its partner), coach, supervisor: send a referral
  kReferralsView,    // referrer (its partner's only), coach, supervisor: read referrals
  kReferralsManage,  // coach, supervisor: take a referral through its lifecycle
  kParticipantsView,    // coach (its own), supervisor (the site's): participants and caseloads
  kParticipantsRecord,  // coach, supervisor: add participants, enrol, record contacts
  kCaseloadsOversee,    // supervisor: the site's overview, assigning participants to coaches
  kCapacityUpdate,      // directory_editor, resource_partner: a service's beds or places available
};

// Every permission, in declaration order.
const std::vector<Permission>& AllPermissions();
// "site.view", "directory.edit", "directory.import", "audit.view", "tokens.manage",
// "staff.manage", "casework.setup", "referrals.send", "referrals.view", "referrals.manage",
// "participants.view", "participants.record", "caseloads.oversee", "capacity.update".
std::string_view PermissionName(Permission permission);

// The roles that grant `permission` at a site. Network roles grant at every site.
const std::vector<Role>& RolesGranting(Permission permission);

// Whether `grants` give `permission` at site `site_id`: a site role held at that site, or a
// network role, that grants it (RolesGranting).
bool Allows(const std::vector<RoleGrant>& grants, Permission permission, std::string_view site_id);

// The sources a holder of `grants` may edit at `site_id`. A site's own listings made in the staff
// console have the source "local-<site>" (directory/listing_edit.h LocalSource).
struct EditableSources {
  // The union of the scopes of the directory_editor grants at the site; unused when `all`.
  std::vector<std::string> scope;
  // A directory_editor grant there without a scope: every imported source and the site's own
  // local source, never another site's local source.
  bool all = false;
};
EditableSources EditableSourcesAt(const std::vector<RoleGrant>& grants, std::string_view site_id);

// Whether `source` may be edited from `site_id` by someone with `editable`.
bool CanEditSource(const EditableSources& editable, std::string_view source,
                   std::string_view site_id);

// Whether a holder of `grants` may update, from `site_id`, the availability figures of a service
// of organization `organization_id` imported as `source`: a resource_partner there whose scope
// names the organization, or a directory_editor there who may edit the source (CanEditSource).
bool MayUpdateCapacity(const std::vector<RoleGrant>& grants, std::string_view site_id,
                       std::string_view organization_id, std::string_view source);

// Whether a holder of `grants` acts at `site_id` as a referrer, and for which partner
// (casework/program.h): the scope of its referrer grant there, "" when that grant names none.
// Nullopt when it acts as the site's staff: it holds no referrer grant there, or holds another
// role there too. (Whether it may act at the site at all is the route's permission.)
std::optional<std::string> ReferrerPartnerAt(const std::vector<RoleGrant>& grants,
                                             std::string_view site_id);

// The sites where `grants` hold a site role, sorted and without repeats; network roles add none.
std::vector<std::string> SitesOf(const std::vector<RoleGrant>& grants);

// Whether `grants` include a network role.
bool HasNetworkRole(const std::vector<RoleGrant>& grants);

// Whether a holder of `caller` grants may change the roles, password or access of a user holding
// `target` grants, from site `site_id`: a network admin may manage anyone; a site admin there may
// manage a user who holds a role at that site and none elsewhere (no network role), so no site
// can lock out or take over another site's staff, or an account that has left every site.
// Nobody but a network admin changes their own account here: pass the caller's own grants as
// `target` and `self` true to check that.
bool CanManageUser(const std::vector<RoleGrant>& caller, const std::vector<RoleGrant>& target,
                   std::string_view site_id, bool self = false);

// Whether a holder of `caller` grants may make an API token acting as `role` at `site_id`: a
// network admin may; a site admin there may for the roles programs use to send and follow
// casework (referrer, coach, supervisor) and for any role it holds there itself.
bool CanIssueToken(const std::vector<RoleGrant>& caller, Role role, std::string_view site_id);

// Whom a request runs as, once the session cookie or API token is checked.
struct Caller {
  enum class Via { kSession, kToken };
  Via via = Via::kSession;
  std::string actor;              // the audit trail's actor: the user name, or "token:<id>"
  std::string user_id;            // empty for an API token
  std::string display_name;       // the user's, or the token's label
  std::vector<RoleGrant> grants;  // an API token: exactly its one grant
  std::string csrf_token;         // a session's; empty for an API token
};

}  // namespace rn::identity
