// directory::ImportSourceStore: import_sources and pending_imports (migration 0006),
// bmlt_documents (migration 0015).

#include <chrono>

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using directory::ImportSource;
using directory::PendingImport;

constexpr std::string_view kRecordImportSource =
    "INSERT INTO import_sources (source, format, timezone, fellowship) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (source) DO UPDATE SET format = excluded.format, timezone = excluded.timezone, "
    "fellowship = excluded.fellowship";
constexpr std::string_view kSetImportSourceUrl =
    "INSERT INTO import_sources (source, url) VALUES (?1, ?2) "
    "ON CONFLICT (source) DO UPDATE SET url = excluded.url";
constexpr std::string_view kSelectImportSources =
    "WITH names AS (SELECT source FROM listings UNION SELECT source FROM import_sources) "
    "SELECT n.source, COALESCE(s.format, ''), COALESCE(s.url, ''), COALESCE(s.timezone, ''), "
    "COALESCE(s.fellowship, ''), (SELECT COUNT(*) FROM listings l WHERE l.source = n.source) "
    "FROM names n LEFT JOIN import_sources s ON s.source = n.source ORDER BY n.source";
constexpr std::string_view kPurgePendingImports =
    "DELETE FROM pending_imports WHERE created_at < ?1";
constexpr std::string_view kInsertPendingImport =
    "INSERT INTO pending_imports (id, site_id, source, actor, created_at, body) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectPendingImport =
    "SELECT id, site_id, source, actor, created_at, body FROM pending_imports WHERE id = ?1";
constexpr std::string_view kDeletePendingImport = "DELETE FROM pending_imports WHERE id = ?1";
constexpr std::string_view kUpsertBmltDocuments =
    "INSERT INTO bmlt_documents (source, meetings, formats, service_bodies) VALUES (?1, ?2, ?3, "
    "?4) "
    "ON CONFLICT (source) DO UPDATE SET meetings = excluded.meetings, formats = excluded.formats, "
    "service_bodies = excluded.service_bodies";
constexpr std::string_view kDeleteBmltDocuments = "DELETE FROM bmlt_documents WHERE source = ?1";
constexpr std::string_view kSelectBmltDocuments =
    "SELECT source, meetings, formats, service_bodies FROM bmlt_documents ORDER BY source";

// How long a pending import is kept.
constexpr std::chrono::hours kPendingImportLifetime{24};

}  // namespace

Status SqlImportSourceStore::Record(const ImportSource& source) {
  Result<ScopedStatement> upsert = connection_.Prepare(kRecordImportSource);
  if (!upsert.ok()) return upsert.status();
  return (*upsert)
      ->Bind(1, source.source)
      .Bind(2, source.format)
      .Bind(3, source.timezone)
      .Bind(4, source.fellowship)
      .Run();
}

Status SqlImportSourceStore::SetUrl(std::string_view source, std::string_view url) {
  Result<ScopedStatement> upsert = connection_.Prepare(kSetImportSourceUrl);
  if (!upsert.ok()) return upsert.status();
  return (*upsert)->Bind(1, source).Bind(2, url).Run();
}

Result<std::vector<ImportSource>> SqlImportSourceStore::List() {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectImportSources);
  if (!statement.ok()) return statement.status();
  std::vector<ImportSource> sources;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ImportSource source;
    source.source = (*statement)->ColumnText(0);
    source.format = (*statement)->ColumnText(1);
    source.url = (*statement)->ColumnText(2);
    source.timezone = (*statement)->ColumnText(3);
    source.fellowship = (*statement)->ColumnText(4);
    source.listings = (*statement)->ColumnInt64(5);
    sources.push_back(std::move(source));
  }
  return sources;
}

Status SqlImportSourceStore::SavePending(const PendingImport& pending) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  {
    Result<ScopedStatement> purge = connection_.Prepare(kPurgePendingImports);
    if (!purge.ok()) return purge.status();
    RN_RETURN_IF_ERROR(
        (*purge)->Bind(1, UnixSeconds(pending.created_at - kPendingImportLifetime)).Run());
    Result<ScopedStatement> insert = connection_.Prepare(kInsertPendingImport);
    if (!insert.ok()) return insert.status();
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, pending.id)
                           .Bind(2, pending.site_id)
                           .Bind(3, pending.source)
                           .Bind(4, pending.actor)
                           .Bind(5, UnixSeconds(pending.created_at))
                           .BindBlob(6, pending.body)
                           .Run());
  }
  return (*transaction)->Commit();
}

Result<std::optional<PendingImport>> SqlImportSourceStore::TakePending(std::string_view id) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  PendingImport pending;
  {
    Result<ScopedStatement> select = connection_.Prepare(kSelectPendingImport);
    if (!select.ok()) return select.status();
    (*select)->Bind(1, id);
    Result<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<PendingImport>();
    pending.id = (*select)->ColumnText(0);
    pending.site_id = (*select)->ColumnText(1);
    pending.source = (*select)->ColumnText(2);
    pending.actor = (*select)->ColumnText(3);
    pending.created_at = Instant(std::chrono::seconds((*select)->ColumnInt64(4)));
    pending.body = (*select)->ColumnBlob(5);
  }
  {
    Result<ScopedStatement> remove = connection_.Prepare(kDeletePendingImport);
    if (!remove.ok()) return remove.status();
    RN_RETURN_IF_ERROR((*remove)->Bind(1, id).Run());
  }
  RN_RETURN_IF_ERROR((*transaction)->Commit());
  return std::optional<PendingImport>(std::move(pending));
}

Status SqlImportSourceStore::KeepBmltDocuments(const directory::KeptBmltDocuments& documents) {
  Result<ScopedStatement> upsert = connection_.Prepare(kUpsertBmltDocuments);
  if (!upsert.ok()) return upsert.status();
  return (*upsert)
      ->Bind(1, documents.source)
      .BindBlob(2, documents.meetings)
      .BindBlob(3, documents.formats)
      .BindBlob(4, documents.service_bodies)
      .Run();
}

Status SqlImportSourceStore::ForgetBmltDocuments(std::string_view source) {
  Result<ScopedStatement> remove = connection_.Prepare(kDeleteBmltDocuments);
  if (!remove.ok()) return remove.status();
  return (*remove)->Bind(1, source).Run();
}

Result<std::vector<directory::KeptBmltDocuments>> SqlImportSourceStore::LoadBmltDocuments() {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectBmltDocuments);
  if (!statement.ok()) return statement.status();
  std::vector<directory::KeptBmltDocuments> kept;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    kept.push_back(
        {std::string((*statement)->ColumnText(0)), std::string((*statement)->ColumnBlob(1)),
         std::string((*statement)->ColumnBlob(2)), std::string((*statement)->ColumnBlob(3))});
  }
  return kept;
}

}  // namespace rn::storage::sql
