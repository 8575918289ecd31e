#include "identity/access.h"

#include <algorithm>

namespace rn::identity {
namespace {

struct PermissionInfo {
  Permission permission;
  std::string_view name;
  std::vector<Role> roles;
};

const std::vector<PermissionInfo>& Table() {
  static const std::vector<PermissionInfo> table = {
      {Permission::kSiteView,
       "site.view",
       {Role::kCoach, Role::kSupervisor, Role::kSiteAdmin, Role::kReferrer, Role::kDirectoryEditor,
        Role::kResourcePartner, Role::kNetworkAdmin}},
      {Permission::kDirectoryEdit, "directory.edit", {Role::kDirectoryEditor}},
      {Permission::kDirectoryImport, "directory.import", {Role::kDirectoryEditor}},
      {Permission::kAuditView, "audit.view", {Role::kSiteAdmin, Role::kNetworkAdmin}},
      {Permission::kTokensManage, "tokens.manage", {Role::kSiteAdmin, Role::kNetworkAdmin}},
      {Permission::kStaffManage, "staff.manage", {Role::kSiteAdmin, Role::kNetworkAdmin}},
      {Permission::kCaseworkSetup, "casework.setup", {Role::kSiteAdmin, Role::kNetworkAdmin}},
      // Referrals name people: no network role, and no site admin (who reads no participant).
      {Permission::kReferralsSend,
       "referrals.send",
       {Role::kReferrer, Role::kCoach, Role::kSupervisor}},
      {Permission::kReferralsView,
       "referrals.view",
       {Role::kReferrer, Role::kCoach, Role::kSupervisor}},
      {Permission::kReferralsManage, "referrals.manage", {Role::kCoach, Role::kSupervisor}},
      // Which participants each sees is casework's (ParticipantScopeAt).
      {Permission::kParticipantsView, "participants.view", {Role::kCoach, Role::kSupervisor}},
      {Permission::kParticipantsRecord, "participants.record", {Role::kCoach, Role::kSupervisor}},
      {Permission::kCaseloadsOversee, "caseloads.oversee", {Role::kSupervisor}},
      // Which services each may update is MayUpdateCapacity's.
      {Permission::kCapacityUpdate,
       "capacity.update",
       {Role::kDirectoryEditor, Role::kResourcePartner}},
  };
  return table;
}

bool IsNetworkAdmin(const std::vector<RoleGrant>& grants) {
  return std::any_of(grants.begin(), grants.end(),
                     [](const RoleGrant& grant) { return grant.role == Role::kNetworkAdmin; });
}

const PermissionInfo& Info(Permission permission) {
  const auto& table = Table();
  return *std::find_if(table.begin(), table.end(),
                       [&](const PermissionInfo& info) { return info.permission == permission; });
}

}  // namespace

const std::vector<Permission>& AllPermissions() {
  static const std::vector<Permission> all = [] {
    std::vector<Permission> permissions;
    for (const PermissionInfo& info : Table()) permissions.push_back(info.permission);
    return permissions;
  }();
  return all;
}

std::string_view PermissionName(Permission permission) { return Info(permission).name; }

const std::vector<Role>& RolesGranting(Permission permission) { return Info(permission).roles; }

bool Allows(const std::vector<RoleGrant>& grants, Permission permission, std::string_view site_id) {
  const std::vector<Role>& roles = RolesGranting(permission);
  return std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& grant) {
    const bool here = IsNetworkRole(grant.role) || grant.site_id == site_id;
    return here && std::find(roles.begin(), roles.end(), grant.role) != roles.end();
  });
}

EditableSources EditableSourcesAt(const std::vector<RoleGrant>& grants, std::string_view site_id) {
  EditableSources editable;
  for (const RoleGrant& grant : grants) {
    if (grant.role != Role::kDirectoryEditor || grant.site_id != site_id) continue;
    if (grant.scope.empty()) editable.all = true;
    editable.scope.insert(editable.scope.end(), grant.scope.begin(), grant.scope.end());
  }
  std::sort(editable.scope.begin(), editable.scope.end());
  editable.scope.erase(std::unique(editable.scope.begin(), editable.scope.end()),
                       editable.scope.end());
  return editable;
}

bool CanEditSource(const EditableSources& editable, std::string_view source,
                   std::string_view site_id) {
  if (std::find(editable.scope.begin(), editable.scope.end(), source) != editable.scope.end()) {
    return true;
  }
  if (!editable.all) return false;
  constexpr std::string_view kLocal = "local-";
  return !source.starts_with(kLocal) || source.substr(kLocal.size()) == site_id;
}

bool MayUpdateCapacity(const std::vector<RoleGrant>& grants, std::string_view site_id,
                       std::string_view organization_id, std::string_view source) {
  const bool partner = std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& grant) {
    return grant.role == Role::kResourcePartner && grant.site_id == site_id &&
           std::find(grant.scope.begin(), grant.scope.end(), organization_id) != grant.scope.end();
  });
  if (partner) return true;
  const bool editor = std::any_of(grants.begin(), grants.end(), [&](const RoleGrant& grant) {
    return grant.role == Role::kDirectoryEditor && grant.site_id == site_id;
  });
  return editor && CanEditSource(EditableSourcesAt(grants, site_id), source, site_id);
}

std::optional<std::string> ReferrerPartnerAt(const std::vector<RoleGrant>& grants,
                                             std::string_view site_id) {
  std::optional<std::string> partner;
  for (const RoleGrant& grant : grants) {
    if (IsNetworkRole(grant.role)) return std::nullopt;
    if (grant.site_id != site_id) continue;
    if (grant.role != Role::kReferrer) return std::nullopt;
    partner = grant.scope.empty() ? "" : grant.scope.front();
  }
  return partner;
}

std::vector<std::string> SitesOf(const std::vector<RoleGrant>& grants) {
  std::vector<std::string> sites;
  for (const RoleGrant& grant : grants) {
    if (!IsNetworkRole(grant.role)) sites.push_back(grant.site_id);
  }
  std::sort(sites.begin(), sites.end());
  sites.erase(std::unique(sites.begin(), sites.end()), sites.end());
  return sites;
}

bool HasNetworkRole(const std::vector<RoleGrant>& grants) {
  return std::any_of(grants.begin(), grants.end(),
                     [](const RoleGrant& grant) { return IsNetworkRole(grant.role); });
}

bool CanManageUser(const std::vector<RoleGrant>& caller, const std::vector<RoleGrant>& target,
                   std::string_view site_id, bool self) {
  if (IsNetworkAdmin(caller)) return true;
  if (self || target.empty() || !Allows(caller, Permission::kStaffManage, site_id)) return false;
  return std::all_of(target.begin(), target.end(), [&](const RoleGrant& grant) {
    return !IsNetworkRole(grant.role) && grant.site_id == site_id;
  });
}

bool CanIssueToken(const std::vector<RoleGrant>& caller, Role role, std::string_view site_id) {
  if (IsNetworkRole(role)) return false;
  if (IsNetworkAdmin(caller)) return true;
  if (!Allows(caller, Permission::kTokensManage, site_id)) return false;
  if (role == Role::kReferrer || role == Role::kCoach || role == Role::kSupervisor) return true;
  return std::any_of(caller.begin(), caller.end(), [&](const RoleGrant& grant) {
    return grant.role == role && grant.site_id == site_id && grant.scope.empty();
  });
}

}  // namespace rn::identity
