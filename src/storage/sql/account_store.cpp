// identity::AccountStore: sites, users and role_grants (migration 0003; the sites' time
// zones and the users' pager contacts, 0012).

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <utility>

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using identity::RoleGrant;
using identity::StoredUser;

constexpr std::string_view kInsertSite =
    "INSERT INTO sites (id, name, time_zone) VALUES (?1, ?2, ?3)";
constexpr std::string_view kSelectSites = "SELECT id, name, time_zone FROM sites ORDER BY id";
constexpr std::string_view kSelectSite = "SELECT id, name, time_zone FROM sites WHERE id = ?1";
constexpr std::string_view kSelectSiteExists = "SELECT 1 FROM sites WHERE id = ?1";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, name, display_name, password_hash, disabled, created_at, "
    "password_changed_at, email, pager_phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8)";
constexpr std::string_view kPostgresInsertUser =
    "INSERT INTO users (id, name, display_name, password_hash, disabled, created_at, "
    "password_changed_at, email, pager_phone) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8) "
    "ON CONFLICT DO NOTHING RETURNING 1";  // InsertUnlessTaken
// users.name is COLLATE NOCASE, so = ignores ASCII case; PostgreSQL's users.name compares as it is
// and the same folding is rn_ascii_lower (migration 0003). The columns are UserFromRow's, then the
// password hash.
constexpr std::string_view kSelectUserByName =
    "SELECT id, name, display_name, disabled, created_at, email, pager_phone, password_hash "
    "FROM users WHERE name = ?1";
constexpr std::string_view kPostgresSelectUserByName =
    "SELECT id, name, display_name, disabled, created_at, email, pager_phone, password_hash "
    "FROM users WHERE rn_ascii_lower(name) = rn_ascii_lower(?1)";
constexpr std::string_view kSelectUserById =
    "SELECT id, name, display_name, disabled, created_at, email, pager_phone, password_hash "
    "FROM users WHERE id = ?1";
constexpr std::string_view kSelectUsers =
    "SELECT id, name, display_name, disabled, created_at, email, pager_phone FROM users "
    "ORDER BY name";
constexpr std::string_view kPostgresSelectUsers =
    "SELECT id, name, display_name, disabled, created_at, email, pager_phone FROM users "
    "ORDER BY rn_ascii_lower(name)";
constexpr std::string_view kSelectUsersWithRole =
    "SELECT u.id, u.name, u.display_name, u.disabled, u.created_at, u.email, u.pager_phone "
    "FROM users u JOIN role_grants g ON g.user_id = u.id WHERE g.site_id = ?1 AND g.role = ?2 "
    "ORDER BY u.name";
constexpr std::string_view kPostgresSelectUsersWithRole =
    "SELECT u.id, u.name, u.display_name, u.disabled, u.created_at, u.email, u.pager_phone "
    "FROM users u JOIN role_grants g ON g.user_id = u.id WHERE g.site_id = ?1 AND g.role = ?2 "
    "ORDER BY rn_ascii_lower(u.name)";
constexpr std::string_view kUpdateUserContact =
    "UPDATE users SET email = ?2, pager_phone = ?3 WHERE id = ?1";
constexpr std::string_view kUpdatePasswordHash =
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1";
constexpr std::string_view kUpdateUserDisabled = "UPDATE users SET disabled = ?2 WHERE id = ?1";
constexpr std::string_view kUpsertRoleGrant =
    "INSERT INTO role_grants (user_id, role, site_id, scope) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_id, role, site_id) DO UPDATE SET scope = excluded.scope";
constexpr std::string_view kDeleteRoleGrant =
    "DELETE FROM role_grants WHERE user_id = ?1 AND role = ?2 AND site_id = ?3";
constexpr std::string_view kSelectRoleGrants =
    "SELECT role, site_id, scope FROM role_grants WHERE user_id = ?1 ORDER BY site_id, role";

// A directory_editor scope as stored: a JSON array of strings.
std::string ScopeJson(const std::vector<std::string>& scope) {
  boost::json::array array;
  for (const std::string& source : scope) array.emplace_back(source);
  return boost::json::serialize(array);
}

// The stored scope back; kInternal when the column holds something else.
Result<std::vector<std::string>> ParseScope(std::string_view json) {
  boost::system::error_code error;
  const boost::json::value value = boost::json::parse(json, error);
  if (error || !value.is_array()) return Status::Internal("role_grants.scope is not a JSON array");
  std::vector<std::string> scope;
  for (const boost::json::value& entry : value.get_array()) {
    if (!entry.is_string()) return Status::Internal("role_grants.scope holds a non-string");
    scope.emplace_back(entry.get_string());
  }
  return scope;
}

// The user of the current row (id, name, display_name, disabled, created_at, email, pager_phone).
identity::User UserFromRow(const Statement& row) {
  identity::User user;
  user.id = row.ColumnText(0);
  user.name = row.ColumnText(1);
  user.display_name = row.ColumnText(2);
  user.disabled = row.ColumnInt64(3) != 0;
  user.created_at = row.ColumnText(4);
  user.email = row.ColumnText(5);
  user.pager_phone = row.ColumnText(6);
  return user;
}

identity::Site SiteFromRow(const Statement& row) {
  return {std::string(row.ColumnText(0)), std::string(row.ColumnText(1)),
          std::string(row.ColumnText(2))};
}

// Every user `statement` (bound, with UserFromRow's columns) selects.
Result<std::vector<identity::User>> Users(ScopedStatement& statement) {
  std::vector<identity::User> users;
  for (;;) {
    Result<bool> row = statement->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    users.push_back(UserFromRow(*statement));
  }
  return users;
}

}  // namespace

Result<bool> InsertUnlessTaken(const Connection& connection, Statement& insert) {
  if (connection.dialect() == Dialect::kPostgres) return insert.Step();  // a row when inserted
  const Status status = insert.Run();
  if (status.code() == StatusCode::kConflict) return false;
  if (!status.ok()) return status;
  return true;
}

Result<std::vector<RoleGrant>> SelectGrants(Connection& connection, std::string_view user_id) {
  Result<ScopedStatement> statement = connection.Prepare(kSelectRoleGrants);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, user_id);
  std::vector<RoleGrant> grants;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const std::optional<identity::Role> role = identity::ParseRole((*statement)->ColumnText(0));
    if (!role) return Status::Internal("role_grants holds an unknown role");
    Result<std::vector<std::string>> scope = ParseScope((*statement)->ColumnText(2));
    if (!scope.ok()) return scope.status();
    grants.push_back(
        {std::string(user_id), *role, std::string((*statement)->ColumnText(1)), std::move(*scope)});
  }
  return grants;
}

Status SqlAccountStore::InsertSite(const identity::Site& site) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertSite);
  if (!insert.ok()) return insert.status();
  // A repeated id is a constraint failure, which the connection reports as kConflict.
  return (*insert)->Bind(1, site.id).Bind(2, site.name).Bind(3, site.time_zone).Run();
}

Result<std::vector<identity::Site>> SqlAccountStore::ListSites() {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectSites);
  if (!statement.ok()) return statement.status();
  std::vector<identity::Site> sites;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    sites.push_back(SiteFromRow(**statement));
  }
  return sites;
}

Result<std::optional<identity::Site>> SqlAccountStore::GetSite(std::string_view id) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectSite);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Bind(1, id).Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<identity::Site>();
  return std::optional<identity::Site>(SiteFromRow(**statement));
}

Result<bool> SqlAccountStore::SiteExists(std::string_view id) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectSiteExists);
  if (!statement.ok()) return statement.status();
  return (*statement)->Bind(1, id).Step();
}

Status SqlAccountStore::InsertUser(const identity::User& user, std::string_view password_hash) {
  {
    Result<ScopedStatement> insert =
        connection_.Prepare(Spelled(connection_, kInsertUser, kPostgresInsertUser));
    if (!insert.ok()) return insert.status();
    (*insert)
        ->Bind(1, user.id)
        .Bind(2, user.name)
        .Bind(3, user.display_name)
        .Bind(4, password_hash)
        .Bind(5, std::int64_t{user.disabled ? 1 : 0})
        .Bind(6, user.created_at)
        .Bind(7, user.email)
        .Bind(8, user.pager_phone);
    Result<bool> inserted = InsertUnlessTaken(connection_, **insert);
    if (!inserted.ok()) return inserted.status();
    if (*inserted) return Status::Ok();
  }
  // users.name is UNIQUE COLLATE NOCASE and users.id the key: say which one was taken.
  Result<std::optional<StoredUser>> named = FindUserByName(user.name);
  if (!named.ok()) return named.status();
  if (named->has_value()) {
    return Status(StatusCode::kConflict, "there is already a user named " + user.name, "name");
  }
  return Status(StatusCode::kConflict, "there is already a user with the id " + user.id, "id");
}

Result<std::optional<StoredUser>> SqlAccountStore::FindUserByName(std::string_view name) {
  return SelectUser(Spelled(connection_, kSelectUserByName, kPostgresSelectUserByName), name);
}

Result<std::optional<StoredUser>> SqlAccountStore::GetUser(std::string_view user_id) {
  return SelectUser(kSelectUserById, user_id);
}

Result<std::optional<StoredUser>> SqlAccountStore::SelectUser(std::string_view sql,
                                                              std::string_view key) {
  Result<ScopedStatement> statement = connection_.Prepare(sql);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, key);
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StoredUser>();
  StoredUser stored;
  stored.user = UserFromRow(**statement);
  stored.password_hash = (*statement)->ColumnText(7);
  return std::optional<StoredUser>(std::move(stored));
}

Result<std::vector<identity::User>> SqlAccountStore::ListUsers() {
  Result<ScopedStatement> statement =
      connection_.Prepare(Spelled(connection_, kSelectUsers, kPostgresSelectUsers));
  if (!statement.ok()) return statement.status();
  return Users(*statement);
}

Result<std::vector<identity::User>> SqlAccountStore::ListUsersWithRole(std::string_view site_id,
                                                                       identity::Role role) {
  Result<ScopedStatement> statement =
      connection_.Prepare(Spelled(connection_, kSelectUsersWithRole, kPostgresSelectUsersWithRole));
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, site_id).Bind(2, identity::RoleName(role));
  return Users(*statement);
}

Result<bool> SqlAccountStore::SetContact(std::string_view user_id, std::string_view email,
                                         std::string_view pager_phone) {
  Result<ScopedStatement> update = connection_.Prepare(kUpdateUserContact);
  if (!update.ok()) return update.status();
  RN_RETURN_IF_ERROR((*update)->Bind(1, user_id).Bind(2, email).Bind(3, pager_phone).Run());
  return connection_.Changes() > 0;
}

Result<bool> SqlAccountStore::SetPasswordHash(std::string_view user_id,
                                              std::string_view password_hash, Instant at) {
  const std::string changed_at = identity::AuditTimestamp(at);
  Result<ScopedStatement> update = connection_.Prepare(kUpdatePasswordHash);
  if (!update.ok()) return update.status();
  RN_RETURN_IF_ERROR((*update)->Bind(1, user_id).Bind(2, password_hash).Bind(3, changed_at).Run());
  return connection_.Changes() > 0;
}

Result<bool> SqlAccountStore::SetDisabled(std::string_view user_id, bool disabled) {
  Result<ScopedStatement> update = connection_.Prepare(kUpdateUserDisabled);
  if (!update.ok()) return update.status();
  RN_RETURN_IF_ERROR((*update)->Bind(1, user_id).Bind(2, std::int64_t{disabled ? 1 : 0}).Run());
  return connection_.Changes() > 0;
}

Status SqlAccountStore::UpsertGrant(const RoleGrant& grant) {
  const std::string scope = ScopeJson(grant.scope);
  Result<ScopedStatement> upsert = connection_.Prepare(kUpsertRoleGrant);
  if (!upsert.ok()) return upsert.status();
  // role_grants.user_id references users: a grant to a missing user is kConflict.
  return (*upsert)
      ->Bind(1, grant.user_id)
      .Bind(2, identity::RoleName(grant.role))
      .Bind(3, grant.site_id)
      .Bind(4, scope)
      .Run();
}

Result<bool> SqlAccountStore::RemoveGrant(std::string_view user_id, identity::Role role,
                                          std::string_view site_id) {
  Result<ScopedStatement> remove = connection_.Prepare(kDeleteRoleGrant);
  if (!remove.ok()) return remove.status();
  RN_RETURN_IF_ERROR(
      (*remove)->Bind(1, user_id).Bind(2, identity::RoleName(role)).Bind(3, site_id).Run());
  return connection_.Changes() > 0;
}

Result<std::vector<RoleGrant>> SqlAccountStore::ListGrants(std::string_view user_id) {
  return SelectGrants(connection_, user_id);
}

}  // namespace rn::storage::sql
