// resources::ResourceStore: resource_records as key columns plus the canonical HSDS document, and
// resource_changes (migration 0017).

#include <spdlog/spdlog.h>

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using resources::RecordKey;
using resources::StoredRecord;

constexpr std::string_view kSelectOfSource =
    "SELECT kind, id, source, doc, updated_at FROM resource_records WHERE source = ?1 "
    "ORDER BY kind, id";
constexpr std::string_view kSelectAll =
    "SELECT kind, id, source, doc, updated_at FROM resource_records ORDER BY kind, id";
constexpr std::string_view kSelectOne =
    "SELECT kind, id, source, doc, updated_at FROM resource_records WHERE kind = ?1 AND id = ?2";
constexpr std::string_view kSelectDoc =
    "SELECT doc FROM resource_records WHERE kind = ?1 AND id = ?2";
#define RN_INSERT_RECORD                                                                      \
  "INSERT INTO resource_records (kind, id, source, doc, updated_at) VALUES (?1, ?2, ?3, ?4, " \
  "?5)"
constexpr std::string_view kInsert = RN_INSERT_RECORD;
constexpr std::string_view kPostgresInsert = RN_INSERT_RECORD " ON CONFLICT DO NOTHING RETURNING 1";
constexpr std::string_view kUpdate =
    "UPDATE resource_records SET source = ?3, doc = ?4, updated_at = ?5 WHERE kind = ?1 AND "
    "id = ?2";
constexpr std::string_view kDelete = "DELETE FROM resource_records WHERE kind = ?1 AND id = ?2";
constexpr std::string_view kCount = "SELECT COUNT(*) FROM resource_records WHERE kind = ?1";
constexpr std::string_view kInsertChange =
    "INSERT INTO resource_changes (kind, record_id, at, actor, action, before_doc, after_doc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kSelectHistory =
    "SELECT seq, at, actor, action, before_doc, after_doc FROM resource_changes "
    "WHERE kind = ?1 AND record_id = ?2 ORDER BY seq";

constexpr std::string_view kLatestChange = "SELECT COALESCE(MAX(seq), 0) FROM resource_changes";
constexpr std::string_view kUpsertSource =
    "INSERT INTO resource_sources (source, format, timezone, imported_at) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (source) DO UPDATE SET format = excluded.format, timezone = excluded.timezone, "
    "imported_at = excluded.imported_at";
constexpr std::string_view kSelectSources =
    "SELECT source, format, timezone, imported_at FROM resource_sources ORDER BY source";

Result<StoredRecord> ReadRow(const Statement& statement) {
  const std::optional<resources::RecordKind> kind = resources::KindNamed(statement.ColumnText(0));
  if (!kind) {
    return Status::Internal("stored resource record of unknown kind " +
                            std::string(statement.ColumnText(0)));
  }
  return StoredRecord{{*kind, std::string(statement.ColumnText(1))},
                      std::string(statement.ColumnText(2)),
                      std::string(statement.ColumnText(3)),
                      std::string(statement.ColumnText(4))};
}

std::string_view KindText(const RecordKey& key) { return resources::KindName(key.kind); }

std::string Describe(const RecordKey& key) { return std::string(KindText(key)) + " " + key.id; }

}  // namespace

Result<std::vector<StoredRecord>> SqlResourceStore::OfSource(std::string_view source) {
  std::vector<StoredRecord> records;
  RN_RETURN_IF_ERROR(Scan(kSelectOfSource, source,
                          [&](StoredRecord&& record) { records.push_back(std::move(record)); }));
  return records;
}

Status SqlResourceStore::ScanAll(const std::function<void(StoredRecord&&)>& visit) {
  return Scan(kSelectAll, {}, visit);
}

Status SqlResourceStore::Scan(std::string_view sql, std::string_view key,
                              const std::function<void(StoredRecord&&)>& visit) {
  Result<ScopedStatement> statement = connection_.Prepare(sql);
  if (!statement.ok()) return statement.status();
  if (!key.empty()) (*statement)->Bind(1, key);
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
    Result<StoredRecord> record = ReadRow(**statement);
    if (!record.ok()) return record.status();
    visit(std::move(*record));
  }
}

Result<std::optional<StoredRecord>> SqlResourceStore::Get(const RecordKey& key) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectOne);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Bind(1, KindText(key)).Bind(2, key.id).Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StoredRecord>();
  Result<StoredRecord> record = ReadRow(**statement);
  if (!record.ok()) return record.status();
  return std::optional<StoredRecord>(std::move(*record));
}

Result<std::int64_t> SqlResourceStore::Count(resources::RecordKind kind) {
  Result<ScopedStatement> statement = connection_.Prepare(kCount);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Bind(1, resources::KindName(kind)).Step();
  if (!row.ok()) return row.status();
  return (*statement)->ColumnInt64(0);
}

Result<std::vector<resources::RecordChange>> SqlResourceStore::History(const RecordKey& key) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectHistory);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, KindText(key)).Bind(2, key.id);
  std::vector<resources::RecordChange> changes;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return changes;
    changes.push_back(
        {(*statement)->ColumnInt64(0), key, std::string((*statement)->ColumnText(1)),
         std::string((*statement)->ColumnText(2)), std::string((*statement)->ColumnText(3)),
         std::string((*statement)->ColumnText(4)), std::string((*statement)->ColumnText(5))});
  }
}

Result<std::optional<std::string>> SqlResourceStore::StoredDoc(const RecordKey& key) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectDoc);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Bind(1, KindText(key)).Bind(2, key.id).Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*statement)->ColumnText(0)));
}

Status SqlResourceStore::InsertChange(const RecordKey& key, std::string_view at,
                                      std::string_view actor, std::string_view action,
                                      std::optional<std::string_view> before,
                                      std::optional<std::string_view> after) {
  Result<ScopedStatement> statement = connection_.Prepare(kInsertChange);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, KindText(key)).Bind(2, key.id).Bind(3, at).Bind(4, actor).Bind(5, action);
  if (before.has_value()) {
    (*statement)->Bind(6, *before);
  } else {
    (*statement)->BindNull(6);
  }
  if (after.has_value()) {
    (*statement)->Bind(7, *after);
  } else {
    (*statement)->BindNull(7);
  }
  return (*statement)->Run();
}

Status SqlResourceStore::Apply(const resources::RecordWrites& writes, std::string_view actor,
                               Instant at) {
  if (writes.empty()) return Status::Ok();
  // Documents are made before the transaction starts, so the write lock is held only for SQL.
  std::vector<std::string> docs;
  docs.reserve(writes.creates.size() + writes.updates.size());
  for (const auto* batch : {&writes.creates, &writes.updates}) {
    for (const resources::Record& record : *batch) {
      Status valid = resources::CheckRecord(record);
      if (!valid.ok()) {
        return Status::Invalid(valid.field(), std::string(resources::KindName(record.kind)) + " " +
                                                  record.id + ": " + valid.message());
      }
      docs.push_back(resources::CanonicalJson(record.doc));
    }
  }
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  Status status = ApplyInTransaction(writes, docs, actor, FormatUtc(at));
  if (status.ok()) status = (*transaction)->Commit();
  if (!status.ok()) {
    spdlog::warn("resource writes rolled back ({} creates, {} updates, {} deletes): {}",
                 writes.creates.size(), writes.updates.size(), writes.deletes.size(),
                 status.message());
  }
  return status;
}

// Creates, then updates, then deletes, each in the order given; the first failure stops.
Status SqlResourceStore::ApplyInTransaction(const resources::RecordWrites& writes,
                                            const std::vector<std::string>& docs,
                                            std::string_view actor, std::string_view at) {
  std::size_t doc_index = 0;
  for (const resources::Record& record : writes.creates) {
    const std::string& doc = docs[doc_index++];
    const RecordKey key{record.kind, record.id};
    {
      Result<ScopedStatement> insert =
          connection_.Prepare(Spelled(connection_, kInsert, kPostgresInsert));
      if (!insert.ok()) return insert.status();
      (*insert)
          ->Bind(1, KindText(key))
          .Bind(2, record.id)
          .Bind(3, record.source)
          .Bind(4, doc)
          .Bind(5, at);
      Result<bool> inserted = InsertUnlessTaken(connection_, **insert);
      if (!inserted.ok()) return inserted.status();
      if (!*inserted) return Status(StatusCode::kConflict, Describe(key) + " already exists");
    }
    RN_RETURN_IF_ERROR(InsertChange(key, at, actor, "create", std::nullopt, doc));
  }
  for (const resources::Record& record : writes.updates) {
    const std::string& doc = docs[doc_index++];
    const RecordKey key{record.kind, record.id};
    Result<std::optional<std::string>> before = StoredDoc(key);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return Status(StatusCode::kConflict, Describe(key) + " does not exist");
    }
    {
      Result<ScopedStatement> update = connection_.Prepare(kUpdate);
      if (!update.ok()) return update.status();
      RN_RETURN_IF_ERROR((*update)
                             ->Bind(1, KindText(key))
                             .Bind(2, record.id)
                             .Bind(3, record.source)
                             .Bind(4, doc)
                             .Bind(5, at)
                             .Run());
    }
    RN_RETURN_IF_ERROR(InsertChange(key, at, actor, "update", **before, doc));
  }
  for (const RecordKey& key : writes.deletes) {
    Result<std::optional<std::string>> before = StoredDoc(key);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return Status(StatusCode::kConflict, Describe(key) + " does not exist");
    }
    {
      Result<ScopedStatement> remove = connection_.Prepare(kDelete);
      if (!remove.ok()) return remove.status();
      RN_RETURN_IF_ERROR((*remove)->Bind(1, KindText(key)).Bind(2, key.id).Run());
    }
    RN_RETURN_IF_ERROR(InsertChange(key, at, actor, "delete", **before, std::nullopt));
  }
  return Status::Ok();
}

Result<std::int64_t> SqlResourceStore::LatestChange() {
  Result<ScopedStatement> statement = connection_.Prepare(kLatestChange);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  return (*statement)->ColumnInt64(0);
}

Status SqlResourceStore::RecordSource(const resources::ResourceSource& source) {
  Result<ScopedStatement> statement = connection_.Prepare(kUpsertSource);
  if (!statement.ok()) return statement.status();
  return (*statement)
      ->Bind(1, source.source)
      .Bind(2, source.format)
      .Bind(3, source.timezone)
      .Bind(4, source.imported_at)
      .Run();
}

Result<std::vector<resources::ResourceSource>> SqlResourceStore::Sources() {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectSources);
  if (!statement.ok()) return statement.status();
  std::vector<resources::ResourceSource> sources;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return sources;
    sources.push_back(
        {std::string((*statement)->ColumnText(0)), std::string((*statement)->ColumnText(1)),
         std::string((*statement)->ColumnText(2)), std::string((*statement)->ColumnText(3))});
  }
}

}  // namespace rn::storage::sql
