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
};

// Every permission, in declaration order.
const std::vector<Permission>& AllPermissions();
// "site.view", "directory.edit", "directory.import", "audit.view", "tokens.manage",
// "staff.manage".
std::string_view PermissionName(Permission permission);

// The roles that grant `permission` at a site. Network roles grant at every site.
const std::vector<Role>& RolesGranting(Permission permission);

// Whether `grants` give `permission` at site `site_id`: a site role held at that site, or a
// network role, that grants it (RolesGranting).
bool Allows(const std::vector<RoleGrant>& grants, Permission permission, std::string_view site_id);

// The import sources a holder of `grants` may edit at `site_id`: nullopt for all of them (a
// directory_editor grant there without a scope), else the union of the scopes of its
// directory_editor grants there (empty when it holds none).
std::optional<std::vector<std::string>> EditableSources(const std::vector<RoleGrant>& grants,
                                                        std::string_view site_id);

// Whether `source` is among `editable` (nullopt: every source).
bool CanEditSource(const std::optional<std::vector<std::string>>& editable,
                   std::string_view source);

// The sites where `grants` hold a site role, sorted and without repeats; network roles add none.
std::vector<std::string> SitesOf(const std::vector<RoleGrant>& grants);

// Whether `grants` include a network role.
bool HasNetworkRole(const std::vector<RoleGrant>& grants);

// Whether a holder of `caller` grants may disable, re-enable or set the password of a user holding
// `target` grants, from site `site_id`: a network admin may manage anyone; a site admin there may
// manage a user whose roles are all at that site (none elsewhere, no network role), so no site
// can lock out or take over another site's staff.
bool CanManageUser(const std::vector<RoleGrant>& caller, const std::vector<RoleGrant>& target,
                   std::string_view site_id);

// Whom a request runs as, once the session cookie or API token is checked.
struct Caller {
  enum class Via { kSession, kToken };
  Via via = Via::kSession;
  std::string actor;            // the audit trail's actor: the user name, or "token:<id>"
  std::string user_id;          // empty for an API token
  std::string display_name;     // the user's, or the token's label
  std::vector<RoleGrant> grants;  // an API token: exactly its one grant
  std::string csrf_token;       // a session's; empty for an API token
};

}  // namespace rn::identity
