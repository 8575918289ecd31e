// identity::SessionStore: sessions (migration 0005). Only the SHA-256 of a session
// cookie is stored; times are Unix seconds.

#include <chrono>
#include <utility>

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using identity::SessionRecord;

constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, "
    "remote_address) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectSession =
    "SELECT s.id_hash, s.user_id, s.csrf_token, s.created_at, s.last_seen_at, s.remote_address, "
    "u.name, u.display_name, u.disabled, u.created_at FROM sessions s JOIN users u ON "
    "u.id = s.user_id WHERE s.id_hash = ?1";
constexpr std::string_view kTouchSession =
    "UPDATE sessions SET last_seen_at = ?2 WHERE id_hash = ?1 AND last_seen_at < ?2";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE id_hash = ?1";
constexpr std::string_view kDeleteUserSessions = "DELETE FROM sessions WHERE user_id = ?1";
constexpr std::string_view kPurgeSessions =
    "DELETE FROM sessions WHERE created_at < ?1 OR last_seen_at < ?2";

}  // namespace

Status SqlSessionStore::Insert(const identity::Session& session) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertSession);
  if (!insert.ok()) return insert.status();
  // A repeated id_hash is a constraint failure, which the connection reports as kConflict.
  return (*insert)
      ->Bind(1, session.id_hash)
      .Bind(2, session.user_id)
      .Bind(3, session.csrf_token)
      .Bind(4, UnixSeconds(session.created_at))
      .Bind(5, UnixSeconds(session.last_seen_at))
      .Bind(6, session.remote_address)
      .Run();
}

Result<std::optional<SessionRecord>> SqlSessionStore::Find(std::string_view id_hash) {
  SessionRecord record;
  {
    Result<ScopedStatement> statement = connection_.Prepare(kSelectSession);
    if (!statement.ok()) return statement.status();
    (*statement)->Bind(1, id_hash);
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<SessionRecord>();
    Statement& found = **statement;
    record.session.id_hash = found.ColumnText(0);
    record.session.user_id = found.ColumnText(1);
    record.session.csrf_token = found.ColumnText(2);
    record.session.created_at = Instant(std::chrono::seconds(found.ColumnInt64(3)));
    record.session.last_seen_at = Instant(std::chrono::seconds(found.ColumnInt64(4)));
    record.session.remote_address = found.ColumnText(5);
    record.user.id = record.session.user_id;
    record.user.name = found.ColumnText(6);
    record.user.display_name = found.ColumnText(7);
    record.user.disabled = found.ColumnInt64(8) != 0;
    record.user.created_at = found.ColumnText(9);
  }
  Result<std::vector<identity::RoleGrant>> grants = SelectGrants(connection_, record.user.id);
  if (!grants.ok()) return grants.status();
  record.grants = std::move(*grants);
  return std::optional<SessionRecord>(std::move(record));
}

Status SqlSessionStore::Touch(std::string_view id_hash, Instant at) {
  Result<ScopedStatement> update = connection_.Prepare(kTouchSession);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, id_hash).Bind(2, UnixSeconds(at)).Run();
}

Result<int> SqlSessionStore::Delete(std::string_view id_hash) {
  Result<ScopedStatement> remove = connection_.Prepare(kDeleteSession);
  if (!remove.ok()) return remove.status();
  RN_RETURN_IF_ERROR((*remove)->Bind(1, id_hash).Run());
  return connection_.Changes();
}

Result<int> SqlSessionStore::DeleteOfUser(std::string_view user_id) {
  Result<ScopedStatement> remove = connection_.Prepare(kDeleteUserSessions);
  if (!remove.ok()) return remove.status();
  RN_RETURN_IF_ERROR((*remove)->Bind(1, user_id).Run());
  return connection_.Changes();
}

Result<int> SqlSessionStore::Purge(Instant created_before, Instant seen_before) {
  Result<ScopedStatement> remove = connection_.Prepare(kPurgeSessions);
  if (!remove.ok()) return remove.status();
  RN_RETURN_IF_ERROR(
      (*remove)->Bind(1, UnixSeconds(created_before)).Bind(2, UnixSeconds(seen_before)).Run());
  return connection_.Changes();
}

}  // namespace rn::storage::sql
