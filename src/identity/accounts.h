#pragma once
// The use cases that change sites, staff accounts, roles and API tokens: the one home of their
// rules, called by the staff console (web/) and the command line (app/) alike. Each validates its
// input (kInvalidArgument naming the field), checks what must exist (kNotFound) or must not
// (kConflict), and writes the change with its audit entry in one unit of work: on any error
// nothing is written, neither the change nor the entry. Entries never hold a password, its hash or
// a token's secret. Who may make which change (identity/access.h) is the caller's check.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/audit.h"
#include "identity/session.h"
#include "identity/stores.h"
#include "identity/user.h"
#include "util/status.h"

namespace rn::identity {

// Creates `site` (site.create, target "site:<id>", details name and time_zone). kInvalidArgument
// for a bad id (field "id"), an empty name (field "name") or a time zone the tz database does not
// have (field "time_zone"); kConflict when the id exists.
Status CreateSite(Stores& stores, const Site& site, const Change& change);

// A staff member as an administrator enters them.
struct NewStaffMember {
  std::string name;
  std::string display_name;
  std::string password;  // checked against the password policy (CheckPassword), then hashed
  std::vector<RoleGrant> grants;  // their user_id is filled in
  std::string email = {};         // pager contacts; may be empty (NormalizeStaffContact)
  std::string pager_phone = {};
};

// kInvalidArgument when `name` is not a valid user name, kConflict (field "name") when a user has
// it ignoring case. Lets the command line refuse a name before asking for a password.
Status CheckNewUserName(AccountStore& accounts, std::string_view name);

// Adds a staff member with their grants (user.create, target "user:<id>", details the name and
// the roles). kInvalidArgument naming the field for a bad name ("name"), an empty display name
// ("display_name"), a password the policy refuses ("password"), a bad pager contact ("email",
// "pager_phone"), a bad grant or a grant at a site
// that does not exist ("site"); kConflict when the name is taken. Returns the new user.
Result<User> AddStaffMember(Stores& stores, NewStaffMember member, const Change& change);

// Gives `grant`, replacing the scope of the same (user, role, site) grant if held
// (user.role.set, details {"op":"add","role","site"[,"scope"]}). kInvalidArgument when
// ValidateRoleGrant fails or a site role's site does not exist (field "site"); kNotFound for no
// such user.
Status GrantRole(Stores& stores, const RoleGrant& grant, const Change& change);

// Takes back the (user, role, site) grant (user.role.set, details {"op":"remove",…}). kNotFound
// when the user does not hold it.
Status RemoveRole(Stores& stores, std::string_view user_id, Role role, std::string_view site_id,
                  const Change& change);

// Sets `user`'s password (user.password.reset) and ends all of their sessions. kInvalidArgument
// (field "password") when the policy refuses it; kNotFound for no such user.
Status SetPassword(Stores& stores, const User& user, std::string_view password,
                   const Change& change);

// Replaces the pager contacts of `user_id` after NormalizeStaffContact (user.contact.set, details
// which of the two are set — {"email":true,"pager_phone":false} — never the values).
// kInvalidArgument naming the field; kNotFound for no such user.
Status SetStaffContact(Stores& stores, std::string_view user_id, std::string email,
                       std::string pager_phone, const Change& change);

// Disables (ending the user's sessions) or re-enables `user_id` (user.disable / user.enable).
// kNotFound for no such user.
Status SetUserDisabled(Stores& stores, std::string_view user_id, bool disabled,
                       const Change& change);

// The expiry of a token made at `now` that lasts `days` days ("" for 0: valid until revoked).
std::string TokenExpiry(Instant now, int days);

// Makes a new API token acting as token.role at token.site_id (its id, created_by and created_at
// are assigned here), stores its hash and audits it (token.create, target "token:<id>", site the
// token's, details label and role). Returns the token ("rn_" + a secret), shown once and never
// stored. kInvalidArgument naming the field when ValidateApiToken fails or the site does not exist
// ("site").
Result<std::string> IssueApiToken(Stores& stores, ApiToken token, const Change& change);

// Revokes token `id` (token.revoke, site the token's). kNotFound for no such token; kConflict
// (field "token") when it is already revoked.
Status RevokeApiToken(Stores& stores, std::string_view id, const Change& change);

// The audit details of a role grant change: {"op":…,"role":…,"site":…[,"scope":[…]]}.
std::string GrantDetails(std::string_view op, const RoleGrant& grant);

}  // namespace rn::identity
