#pragma once
// The repository of sites, staff accounts and their role grants. Declared here, implemented in
// storage/ (sqlite/account_store.cpp). It stores and reads; the rules (what a valid user is, who
// may change what, which audit entry a change writes) are identity/accounts.h's. Writes join the
// open unit of work (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/user.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

// A user as stored, with the password hash that User leaves out.
struct StoredUser {
  User user;
  std::string password_hash;
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // Stores `site`. kConflict when its id exists.
  virtual Status InsertSite(const Site& site) = 0;
  // Every site, ordered by id.
  virtual Result<std::vector<Site>> ListSites() = 0;
  // Whether site `id` exists.
  virtual Result<bool> SiteExists(std::string_view id) = 0;
  // Site `id`, or nullopt.
  virtual Result<std::optional<Site>> GetSite(std::string_view id) = 0;

  // Stores `user` (id, name, display_name, disabled, created_at, email, pager_phone) with
  // `password_hash`. kConflict
  // when the id exists or the name exists ignoring ASCII case (field "name").
  virtual Status InsertUser(const User& user, std::string_view password_hash) = 0;
  // The user whose name equals `name` ignoring ASCII case, or nullopt.
  virtual Result<std::optional<StoredUser>> FindUserByName(std::string_view name) = 0;
  // The user with `user_id`, or nullopt.
  virtual Result<std::optional<StoredUser>> GetUser(std::string_view user_id) = 0;
  // Every user, ordered by name.
  virtual Result<std::vector<User>> ListUsers() = 0;
  // Replaces the password hash of `user_id`, changed at `at`. False when there is no such user.
  virtual Result<bool> SetPasswordHash(std::string_view user_id, std::string_view password_hash,
                                       Instant at) = 0;
  // Disables or re-enables `user_id`. False when there is no such user.
  virtual Result<bool> SetDisabled(std::string_view user_id, bool disabled) = 0;
  // Replaces the pager contacts of `user_id` (User::email, User::pager_phone). False when there is
  // no such user.
  virtual Result<bool> SetContact(std::string_view user_id, std::string_view email,
                                  std::string_view pager_phone) = 0;
  // The users holding site role `role` at `site_id`, disabled ones too, ordered by name.
  virtual Result<std::vector<User>> ListUsersWithRole(std::string_view site_id, Role role) = 0;

  // Stores `grant`, replacing the scope of the same (user, role, site) grant if held.
  virtual Status UpsertGrant(const RoleGrant& grant) = 0;
  // Removes the (user, role, site) grant. False when the user did not hold it.
  virtual Result<bool> RemoveGrant(std::string_view user_id, Role role,
                                   std::string_view site_id) = 0;
  // The grants of `user_id`, ordered by site then role name.
  virtual Result<std::vector<RoleGrant>> ListGrants(std::string_view user_id) = 0;
};

}  // namespace rn::identity
