#pragma once
// Staff accounts: sites, users, the roles a user holds, and the password rules. No SQL here:
// identity/account_store.h declares where users, sites and role grants are kept. See
// docs/security.md ("Roles", "Passwords").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rn::identity {

// What a user may do. Site roles are held per site; network roles span the whole network.
enum class Role {
  kCoach,            // site: works with participants
  kSupervisor,       // site: oversees coaches
  kSiteAdmin,        // site: manages the site's staff
  kReferrer,         // site: a partner's staff member who sends referrals
  kDirectoryEditor,  // site: edits the directory, optionally only some import sources
  kResourcePartner,  // site: a partner's staff member who keeps the availability figures (beds
                     // available) of the organizations its scope names (community resources)
  kNetworkAdmin,     // network: manages sites and staff everywhere
  kNetworkAnalyst,   // network: aggregates only, never a participant's identity
};

// Every role, site roles first, in declaration order.
const std::vector<Role>& AllRoles();
// The stored and command-line name: "coach", "supervisor", "site_admin", "referrer",
// "directory_editor", "resource_partner", "network_admin", "network_analyst".
std::string_view RoleName(Role role);
// The role named `name` (exactly, lower case), or nullopt.
std::optional<Role> ParseRole(std::string_view name);
// True for network_admin and network_analyst, which are held without a site.
bool IsNetworkRole(Role role);

// The time zone of a site that names none (sites made before migration 0012 too).
inline constexpr std::string_view kDefaultSiteTimeZone = "America/Chicago";

// A place where a network works with participants.
struct Site {
  std::string id;    // short stable code, e.g. "north"
  std::string name;  // display name
  // The IANA zone its days, rosters and follow-ups are counted in (casework/calendar.h).
  std::string time_zone = std::string(kDefaultSiteTimeZone);

  bool operator==(const Site&) const = default;
};

// A staff account. The password hash is kept by the store, not here.
struct User {
  std::string id;            // random, assigned on creation (NewUserId)
  std::string name;          // login; unique ignoring case
  std::string display_name;  // shown to other staff
  bool disabled = false;
  std::string created_at;  // RFC 3339 UTC
  // Where pages reach them (an urgent referral while they are on call or supervise): a work e-mail
  // address and a mobile number in E.164 form ("+18065550142"); each may be empty.
  std::string email = {};
  std::string pager_phone = {};

  bool operator==(const User&) const = default;
};

// One role held by one user: at one site, or network-wide (site_id empty).
struct RoleGrant {
  std::string user_id;
  Role role = Role::kCoach;
  std::string site_id;  // empty exactly for network roles
  // directory_editor: the import sources it may edit (empty = all); referrer: the partner it acts
  // for (empty: none yet, so it can send nothing).
  std::vector<std::string> scope;

  bool operator==(const RoleGrant&) const = default;
};

// OK when a site id may be used: 1 to 64 characters of [a-z0-9_-]. Otherwise kInvalidArgument
// (field "site").
Status ValidateSiteId(std::string_view id);
// OK when `name` is an IANA time zone of the system's tz database ("America/Chicago"). Otherwise
// kInvalidArgument (field "time_zone").
Status ValidateTimeZone(std::string_view name);

// Tidies and checks a staff member's pager contacts in place (util/contact.h): `*email` an e-mail
// address (field "email"), `*pager_phone` a phone number in international form, stored as E.164
// (field "pager_phone"); either may be empty.
Status NormalizeStaffContact(std::string* email, std::string* pager_phone);

// OK when a login may be used: 1 to 64 characters of [A-Za-z0-9._@-]. Otherwise kInvalidArgument
// (field "name").
Status ValidateUserName(std::string_view name);
// OK when `grant` is well formed: a network role has no site and a site role has one (field
// "site"); only directory_editor (the import sources it may edit) and referrer (the one partner it
// acts for, casework/program.h) have a scope, a referrer's at most one entry, and no scope entry is
// empty (field "scope").
// Whether the site exists is GrantRole's and AddStaffMember's check (identity/accounts.h).
Status ValidateRoleGrant(const RoleGrant& grant);

// A new random user id: 32 lower-case hex characters (128 bits from libsodium). kInternal when
// libsodium cannot start.
Result<std::string> NewUserId();

// The minimum password length, in Unicode code points.
inline constexpr std::size_t kMinPasswordLength = 12;

// OK when `password` may be set for user `user_name`: valid UTF-8, at least kMinPasswordLength code
// points, not containing the user name (ignoring ASCII case), and not on the list of common
// passwords (ignoring ASCII case). Otherwise kInvalidArgument (field "password") saying which rule
// failed; the message never repeats the password.
Status CheckPassword(std::string_view password, std::string_view user_name);

// True when `password` is on the compiled-in list of common passwords, ignoring ASCII case.
bool IsCommonPassword(std::string_view password);

// The argon2id hash of `password` in libsodium's string form ("$argon2id$v=19$m=…"), with
// crypto_pwhash_OPSLIMIT_INTERACTIVE and crypto_pwhash_MEMLIMIT_INTERACTIVE and a random salt.
// kInternal when libsodium cannot start or runs out of memory.
Result<std::string> HashPassword(std::string_view password);

// True when `hash` (from HashPassword) is the hash of `password`. False for a malformed hash.
bool VerifyPassword(std::string_view hash, std::string_view password);

}  // namespace rn::identity
