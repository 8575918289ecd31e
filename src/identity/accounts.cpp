#include "identity/accounts.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <utility>

#include "identity/audit_actions.h"
#include "identity/secret.h"
#include "util/stored_text.h"

namespace rn::identity {
namespace {

// kInvalidArgument (field "site") unless the site of a site role exists. REQUIRES: the grant passed
// ValidateRoleGrant.
Status CheckGrantSite(AccountStore& accounts, const RoleGrant& grant) {
  if (IsNetworkRole(grant.role)) return Status::Ok();
  Result<bool> exists = accounts.SiteExists(grant.site_id);
  if (!exists.ok()) return exists.status();
  if (!*exists) return Status::Invalid("site", "there is no site " + grant.site_id);
  return Status::Ok();
}

// kNotFound unless user `user_id` exists.
Status CheckUserExists(AccountStore& accounts, std::string_view user_id) {
  Result<std::optional<StoredUser>> user = accounts.GetUser(user_id);
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("there is no such user");
  return Status::Ok();
}

std::string UserTarget(std::string_view user_id) { return "user:" + std::string(user_id); }

}  // namespace

std::string GrantDetails(std::string_view op, const RoleGrant& grant) {
  boost::json::object details;
  details["op"] = op;
  details["role"] = RoleName(grant.role);
  details["site"] = grant.site_id;
  if (!grant.scope.empty()) {
    boost::json::array scope;
    for (const std::string& source : grant.scope) scope.emplace_back(source);
    details["scope"] = std::move(scope);
  }
  return boost::json::serialize(details);
}

Status CreateSite(Stores& stores, const Site& site, const Change& change) {
  RN_RETURN_IF_ERROR(ValidateSiteId(site.id));
  if (site.name.empty()) return Status::Invalid("name", "a site needs a name");
  RN_RETURN_IF_ERROR(text::CheckNoControls("name", site.name, text::Lines::kOne));
  RN_RETURN_IF_ERROR(ValidateTimeZone(site.time_zone));
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(stores.accounts.InsertSite(site));
    return ChangeEvent(change, audit_action::kSiteCreate, "site:" + site.id,
                       boost::json::serialize(
                           boost::json::object{{"name", site.name}, {"time_zone", site.time_zone}}),
                       site.id);
  });
}

Status CheckNewUserName(AccountStore& accounts, std::string_view name) {
  RN_RETURN_IF_ERROR(ValidateUserName(name));
  Result<std::optional<StoredUser>> existing = accounts.FindUserByName(name);
  if (!existing.ok()) return existing.status();
  if (existing->has_value()) {
    return Status(StatusCode::kConflict, "there is already a user named " + (*existing)->user.name,
                  "name");
  }
  return Status::Ok();
}

Result<User> AddStaffMember(Stores& stores, NewStaffMember member, const Change& change) {
  RN_RETURN_IF_ERROR(ValidateUserName(member.name));
  if (member.display_name.empty()) {
    return Status::Invalid("display_name", "a user needs a display name");
  }
  RN_RETURN_IF_ERROR(text::CheckNoControls("display_name", member.display_name, text::Lines::kOne));
  RN_RETURN_IF_ERROR(NormalizeStaffContact(&member.email, &member.pager_phone));
  for (const RoleGrant& grant : member.grants) RN_RETURN_IF_ERROR(ValidateRoleGrant(grant));
  RN_RETURN_IF_ERROR(CheckPassword(member.password, member.name));
  Result<std::string> id = NewUserId();
  if (!id.ok()) return id.status();
  Result<std::string> hash = HashPassword(member.password);
  if (!hash.ok()) return hash.status();

  User user;
  user.id = std::move(*id);
  user.name = std::move(member.name);
  user.display_name = std::move(member.display_name);
  user.created_at = AuditTimestamp(change.at);
  user.email = std::move(member.email);
  user.pager_phone = std::move(member.pager_phone);
  boost::json::array roles;
  for (RoleGrant& grant : member.grants) {
    grant.user_id = user.id;
    roles.push_back(boost::json::object{{"role", RoleName(grant.role)}, {"site", grant.site_id}});
  }
  const std::string details =
      boost::json::serialize(boost::json::object{{"name", user.name}, {"roles", std::move(roles)}});
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(CheckNewUserName(stores.accounts, user.name));
    RN_RETURN_IF_ERROR(stores.accounts.InsertUser(user, *hash));
    for (const RoleGrant& grant : member.grants) {
      RN_RETURN_IF_ERROR(CheckGrantSite(stores.accounts, grant));
      RN_RETURN_IF_ERROR(stores.accounts.UpsertGrant(grant));
    }
    return ChangeEvent(change, audit_action::kUserCreate, UserTarget(user.id), details);
  }));
  return user;
}

Status GrantRole(Stores& stores, const RoleGrant& grant, const Change& change) {
  RN_RETURN_IF_ERROR(ValidateRoleGrant(grant));
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(CheckUserExists(stores.accounts, grant.user_id));
    RN_RETURN_IF_ERROR(CheckGrantSite(stores.accounts, grant));
    RN_RETURN_IF_ERROR(stores.accounts.UpsertGrant(grant));
    return ChangeEvent(change, audit_action::kUserRoleSet, UserTarget(grant.user_id),
                       GrantDetails("add", grant), grant.site_id);
  });
}

Status RemoveRole(Stores& stores, std::string_view user_id, Role role, std::string_view site_id,
                  const Change& change) {
  const RoleGrant grant{std::string(user_id), role, std::string(site_id), {}};
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<bool> removed = stores.accounts.RemoveGrant(user_id, role, site_id);
    if (!removed.ok()) return removed.status();
    if (!*removed) return Status::NotFound("the user does not hold that role there");
    return ChangeEvent(change, audit_action::kUserRoleSet, UserTarget(user_id),
                       GrantDetails("remove", grant), grant.site_id);
  });
}

Status SetStaffContact(Stores& stores, std::string_view user_id, std::string email,
                       std::string pager_phone, const Change& change) {
  RN_RETURN_IF_ERROR(NormalizeStaffContact(&email, &pager_phone));
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<bool> found = stores.accounts.SetContact(user_id, email, pager_phone);
    if (!found.ok()) return found.status();
    if (!*found) return Status::NotFound("there is no such user");
    return ChangeEvent(change, audit_action::kUserContactSet, UserTarget(user_id),
                       boost::json::serialize(boost::json::object{
                           {"email", !email.empty()}, {"pager_phone", !pager_phone.empty()}}));
  });
}

Status SetPassword(Stores& stores, const User& user, std::string_view password,
                   const Change& change) {
  RN_RETURN_IF_ERROR(CheckPassword(password, user.name));
  Result<std::string> hash = HashPassword(password);
  if (!hash.ok()) return hash.status();
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<bool> found = stores.accounts.SetPasswordHash(user.id, *hash, change.at);
    if (!found.ok()) return found.status();
    if (!*found) return Status::NotFound("there is no such user");
    RN_RETURN_IF_ERROR(stores.sessions.DeleteOfUser(user.id).status_or_ok());
    return ChangeEvent(change, audit_action::kUserPasswordReset, UserTarget(user.id));
  });
}

Status SetUserDisabled(Stores& stores, std::string_view user_id, bool disabled,
                       const Change& change) {
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<bool> found = stores.accounts.SetDisabled(user_id, disabled);
    if (!found.ok()) return found.status();
    if (!*found) return Status::NotFound("there is no such user");
    if (disabled) RN_RETURN_IF_ERROR(stores.sessions.DeleteOfUser(user_id).status_or_ok());
    return ChangeEvent(change, disabled ? audit_action::kUserDisable : audit_action::kUserEnable,
                       UserTarget(user_id));
  });
}

std::string TokenExpiry(Instant now, int days) {
  return days <= 0 ? std::string() : AuditTimestamp(now + std::chrono::days(days));
}

Result<std::string> IssueApiToken(Stores& stores, ApiToken token, const Change& change) {
  RN_RETURN_IF_ERROR(ValidateApiToken(token));
  Result<std::string> id = RandomHex(8);
  if (!id.ok()) return id.status();
  Result<std::string> secret = NewSecret();
  if (!secret.ok()) return secret.status();
  token.id = std::move(*id);
  token.created_by = change.actor;
  token.created_at = AuditTimestamp(change.at);
  token.revoked_at.clear();
  token.last_used_at.clear();
  std::string value = std::string(kApiTokenPrefix) + *secret;
  boost::json::object fields{{"label", token.label}, {"role", RoleName(token.role)}};
  if (!token.partner.empty()) fields["partner"] = token.partner;
  const std::string details = boost::json::serialize(fields);
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<bool> site = stores.accounts.SiteExists(token.site_id);
    if (!site.ok()) return site.status();
    if (!*site) return Status::Invalid("site", "there is no site " + token.site_id);
    RN_RETURN_IF_ERROR(stores.tokens.Insert(token, Sha256Hex(value)));
    return ChangeEvent(change, audit_action::kTokenCreate, "token:" + token.id, details,
                       token.site_id);
  }));
  return value;
}

Status RevokeApiToken(Stores& stores, std::string_view id, const Change& change) {
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<std::optional<ApiToken>> token = stores.tokens.Get(id);
    if (!token.ok()) return token.status();
    if (!token->has_value()) return Status::NotFound("there is no such token");
    Result<bool> revoked = stores.tokens.MarkRevoked(id, change.at);
    if (!revoked.ok()) return revoked.status();
    if (!*revoked) return Status(StatusCode::kConflict, "the token is already revoked", "token");
    return ChangeEvent(change, audit_action::kTokenRevoke, "token:" + std::string(id), "{}",
                       (*token)->site_id);
  });
}

}  // namespace rn::identity
