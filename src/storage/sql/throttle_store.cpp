// identity::ThrottleStore: throttled events (migration 0016), one row per event with the SHA-256
// of its key; times are Unix seconds.

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

constexpr std::string_view kSelectEvents =
    "SELECT at FROM throttle_events WHERE scope = ?1 AND key_hash = ?2 AND at > ?3 ORDER BY at";
constexpr std::string_view kInsertEvent =
    "INSERT INTO throttle_events (scope, key_hash, at) VALUES (?1, ?2, ?3)";
constexpr std::string_view kDeleteOld = "DELETE FROM throttle_events WHERE scope = ?1 AND at <= ?2";
constexpr std::string_view kDeleteKey =
    "DELETE FROM throttle_events WHERE scope = ?1 AND key_hash = ?2";

}  // namespace

Result<std::vector<Instant>> SqlThrottleStore::Since(std::string_view scope,
                                                     std::string_view key_hash, Instant since) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectEvents);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, scope).Bind(2, key_hash).Bind(3, UnixSeconds(since));
  std::vector<Instant> events;
  for (;;) {
    Result<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return events;
    events.push_back(Instant(std::chrono::seconds((*select)->ColumnInt64(0))));
  }
}

Status SqlThrottleStore::Record(std::string_view scope, std::string_view key_hash, Instant at,
                                Instant forget_before) {
  {
    Result<ScopedStatement> remove = connection_.Prepare(kDeleteOld);
    if (!remove.ok()) return remove.status();
    RN_RETURN_IF_ERROR((*remove)->Bind(1, scope).Bind(2, UnixSeconds(forget_before)).Run());
  }
  Result<ScopedStatement> insert = connection_.Prepare(kInsertEvent);
  if (!insert.ok()) return insert.status();
  return (*insert)->Bind(1, scope).Bind(2, key_hash).Bind(3, UnixSeconds(at)).Run();
}

Status SqlThrottleStore::Forget(std::string_view scope, std::string_view key_hash) {
  Result<ScopedStatement> remove = connection_.Prepare(kDeleteKey);
  if (!remove.ok()) return remove.status();
  return (*remove)->Bind(1, scope).Bind(2, key_hash).Run();
}

}  // namespace rn::storage::sql
