#include "identity/user.h"

#include <date/tz.h>
#include <sodium.h>

#include <algorithm>
#include <array>
#include <cctype>

#include "identity/secret.h"
#include "util/contact.h"
#include "util/text.h"

namespace rn::identity {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 8> kRoleNames = {{
    {Role::kCoach, "coach"},
    {Role::kSupervisor, "supervisor"},
    {Role::kSiteAdmin, "site_admin"},
    {Role::kReferrer, "referrer"},
    {Role::kDirectoryEditor, "directory_editor"},
    {Role::kResourcePartner, "resource_partner"},
    {Role::kNetworkAdmin, "network_admin"},
    {Role::kNetworkAnalyst, "network_analyst"},
}};

constexpr std::size_t kMaxIdLength = 64;

std::string AsciiLower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

// Code points in valid UTF-8: every byte that is not a continuation byte starts one.
std::size_t CodePoints(std::string_view utf8) {
  return static_cast<std::size_t>(std::count_if(utf8.begin(), utf8.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  }));
}

}  // namespace

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = [] {
    std::vector<Role> all;
    for (const auto& [role, name] : kRoleNames) all.push_back(role);
    return all;
  }();
  return roles;
}

std::string_view RoleName(Role role) {
  for (const auto& [known, name] : kRoleNames) {
    if (known == role) return name;
  }
  return "unknown";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (const auto& [role, known] : kRoleNames) {
    if (known == name) return role;
  }
  return std::nullopt;
}

bool IsNetworkRole(Role role) {
  return role == Role::kNetworkAdmin || role == Role::kNetworkAnalyst;
}

Status ValidateTimeZone(std::string_view name) {
  // locate_zone throws for a name the tz database does not have.
  try {
    if (!name.empty() && date::locate_zone(name) != nullptr) return Status::Ok();
  } catch (const std::exception&) {
  }
  return Status::Invalid("time_zone", "must be an IANA time zone such as America/Chicago");
}

Status NormalizeStaffContact(std::string* email, std::string* pager_phone) {
  Result<std::string> checked_email = contact::EmailAddress("email", *email, false);
  if (!checked_email.ok()) return checked_email.status();
  Result<std::string> checked_phone =
      contact::InternationalPhone("pager_phone", *pager_phone, false);
  if (!checked_phone.ok()) return checked_phone.status();
  *email = std::move(*checked_email);
  *pager_phone = std::move(*checked_phone);
  return Status::Ok();
}

Status ValidateSiteId(std::string_view id) {
  const bool ok = !id.empty() && id.size() <= kMaxIdLength &&
                  std::all_of(id.begin(), id.end(), [](unsigned char c) {
                    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
                  });
  if (ok) return Status::Ok();
  return Status::Invalid("site", "a site id is 1 to 64 characters of a-z, 0-9, _ and -");
}

Status ValidateUserName(std::string_view name) {
  const bool ok = !name.empty() && name.size() <= kMaxIdLength &&
                  std::all_of(name.begin(), name.end(), [](unsigned char c) {
                    return std::isalnum(c) || c == '.' || c == '_' || c == '@' || c == '-';
                  });
  if (ok) return Status::Ok();
  return Status::Invalid("name",
                         "a user name is 1 to 64 characters of A-Z, a-z, 0-9, ., _, @ and -");
}

Status ValidateRoleGrant(const RoleGrant& grant) {
  const std::string role(RoleName(grant.role));
  if (IsNetworkRole(grant.role) && !grant.site_id.empty()) {
    return Status::Invalid("site", role + " is a network role and is held without a site");
  }
  if (!IsNetworkRole(grant.role)) {
    if (grant.site_id.empty())
      return Status::Invalid("site", role + " is held at a site: name one");
    RN_RETURN_IF_ERROR(ValidateSiteId(grant.site_id));
  }
  const bool scoped = grant.role == Role::kDirectoryEditor || grant.role == Role::kReferrer ||
                      grant.role == Role::kResourcePartner;
  if (!grant.scope.empty() && !scoped) {
    return Status::Invalid("scope",
                           "only directory_editor, referrer and resource_partner have a scope");
  }
  if (grant.role == Role::kResourcePartner && grant.scope.empty()) {
    return Status::Invalid(
        "scope",
        "a resource_partner keeps the figures of the organizations its scope names: name one");
  }
  if (grant.role == Role::kReferrer && grant.scope.size() > 1) {
    return Status::Invalid("scope", "a referrer acts for one partner");
  }
  for (const std::string& entry : grant.scope) {
    if (entry.empty()) return Status::Invalid("scope", "a scope entry is empty");
  }
  return Status::Ok();
}

Result<std::string> NewUserId() { return RandomHex(16); }

Status CheckPassword(std::string_view password, std::string_view user_name) {
  if (!text::IsValidUtf8(password))
    return Status::Invalid("password", "the password is not valid UTF-8");
  if (CodePoints(password) < kMinPasswordLength) {
    return Status::Invalid("password", "the password is shorter than " +
                                           std::to_string(kMinPasswordLength) + " characters");
  }
  if (!user_name.empty() && AsciiLower(password).find(AsciiLower(user_name)) != std::string::npos) {
    return Status::Invalid("password", "the password contains the user name");
  }
  if (IsCommonPassword(password)) {
    return Status::Invalid("password", "the password is on the list of common passwords");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(std::string_view password) {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Internal("password hashing ran out of memory");
  }
  return std::string(hash);
}

bool VerifyPassword(std::string_view hash, std::string_view password) {
  if (!SodiumReady()) return false;
  // crypto_pwhash_str_verify needs a NUL-terminated hash.
  const std::string terminated(hash);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

}  // namespace rn::identity
