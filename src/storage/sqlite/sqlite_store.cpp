#include "storage/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <numeric>
#include <system_error>
#include <utility>

#include "directory/listing_json.h"
#include "storage/migrations/migrations.h"
#include "storage/sqlite/connection.h"

namespace rn::storage {
namespace {

using directory::Listing;
using sqlite::Connection;
using sqlite::ScopedStatement;
using sqlite::Transaction;

constexpr int kBusyTimeoutMs = 5000;

// ---- SQL ----

constexpr std::string_view kCreateSchemaMigrations = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY NOT NULL,
  name        TEXT NOT NULL,
  applied_at  TEXT NOT NULL
))sql";
constexpr std::string_view kSchemaMigrationsExists =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kInsertSchemaMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

constexpr std::string_view kSelectAllListings =
    "SELECT id, doc, latitude, longitude FROM listings ORDER BY id";
// Unordered: sorting whole rows in SQL costs more than sorting the loaded listings.
constexpr std::string_view kSelectListingsOfSource =
    "SELECT id, doc, latitude, longitude FROM listings WHERE source = ?1";
constexpr std::string_view kSelectListing =
    "SELECT id, doc, latitude, longitude FROM listings WHERE id = ?1";
constexpr std::string_view kSelectListingDoc = "SELECT doc FROM listings WHERE id = ?1";
constexpr std::string_view kSelectListingExists = "SELECT 1 FROM listings WHERE id = ?1";
constexpr std::string_view kInsertListing =
    "INSERT INTO listings (id, source, slug, name, timezone, attendance, latitude, longitude, doc, "
    "updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kUpdateListing =
    "UPDATE listings SET source = ?2, slug = ?3, name = ?4, timezone = ?5, attendance = ?6, "
    "latitude = ?7, longitude = ?8, doc = ?9, updated_at = ?10 WHERE id = ?1";
constexpr std::string_view kDeleteListing = "DELETE FROM listings WHERE id = ?1";
constexpr std::string_view kCountListings = "SELECT COUNT(*) FROM listings";
constexpr std::string_view kInsertChange =
    "INSERT INTO listing_changes (listing_id, at, actor, action, before_doc, after_doc) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectHistory =
    "SELECT seq, listing_id, at, actor, action, before_doc, after_doc FROM listing_changes "
    "WHERE listing_id = ?1 ORDER BY seq";
constexpr std::string_view kSelectAuditHead =
    "SELECT last_seq, last_hash FROM audit_head WHERE id = 1";
constexpr std::string_view kInsertAuditEvent =
    "INSERT INTO audit_events (seq, at, actor, action, target, site, remote_address, details, "
    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kAdvanceAuditHead =
    "UPDATE audit_head SET last_seq = ?1, last_hash = ?2 WHERE id = 1";
constexpr std::string_view kSelectAudit =
    "SELECT seq, at, actor, action, target, site, remote_address, details, prev_hash, hash "
    "FROM audit_events ORDER BY seq";
constexpr std::string_view kPing = "SELECT 1";

// ---- Helpers ----

// `instant` as RFC 3339 UTC: "2024-01-02T03:04:05Z".
std::string FormatUtc(Instant instant) {
  const auto day = std::chrono::floor<std::chrono::days>(instant);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time(instant - day);
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02d:%02d:%02dZ", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                static_cast<int>(time.seconds().count()));
  return out;
}

Status CreateParentDirectory(const std::string& path) {
  if (path == ":memory:") return Status::Ok();
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (parent.empty()) return Status::Ok();
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) {
    return Status::Internal("cannot create the database directory " + parent.string() + ": " +
                            error.message());
  }
  return Status::Ok();
}

// The canonical document of `listing`, after checking it will read back (the store never writes a
// document it could not load).
Result<std::string> CanonicalDoc(const Listing& listing) {
  if (listing.id.empty()) return Status::Invalid("id", "a listing needs an id");
  Status valid = directory::ValidateListing(listing);
  if (!valid.ok()) {
    return Status::Invalid(valid.field(), "listing " + listing.id + ": " + valid.message());
  }
  return directory::ListingToJsonString(listing);
}

void BindListingRow(sqlite::Statement& statement, const Listing& listing, std::string_view doc,
                    std::string_view at) {
  statement.Bind(1, listing.id)
      .Bind(2, listing.source)
      .Bind(3, listing.slug)
      .Bind(4, listing.name)
      .Bind(5, listing.timezone)
      .Bind(6, std::string_view(directory::AttendanceName(listing.attendance)))
      .Bind(7, listing.location.latitude)
      .Bind(8, listing.location.longitude)
      .Bind(9, doc)
      .Bind(10, at);
}

class SqliteStore final : public Store {
 public:
  explicit SqliteStore(std::unique_ptr<Connection> connection)
      : connection_(std::move(connection)) {}

  // Applies the migrations newer than the stored schema version, each in its own transaction.
  Status Migrate();

  Result<std::vector<Listing>> LoadListings() override {
    return SelectListings(kSelectAllListings, {});
  }

  Result<std::vector<Listing>> LoadListingsOfSource(std::string_view source) override {
    Result<std::vector<Listing>> listings = SelectListings(kSelectListingsOfSource, source);
    if (!listings.ok()) return listings;
    // Sort positions, then move each listing once: swapping whole listings moves ~30 strings a
    // time.
    std::vector<std::size_t> order(listings->size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return (*listings)[a].id < (*listings)[b].id; });
    std::vector<Listing> sorted;
    sorted.reserve(order.size());
    for (std::size_t position : order) sorted.push_back(std::move((*listings)[position]));
    return sorted;
  }

  Result<std::optional<Listing>> GetListing(std::string_view id) override {
    Result<std::vector<Listing>> found = SelectListings(kSelectListing, id);
    if (!found.ok()) return found.status();
    if (found->empty()) return std::optional<Listing>();
    return std::optional<Listing>(std::move(found->front()));
  }

  Status ApplyListingWrites(const ListingWrites& writes, std::string_view actor,
                            Instant at) override;

  Result<std::vector<ListingChange>> ListingHistory(std::string_view id) override;

  Status AppendAudit(identity::AuditEvent* event) override;
  Result<std::vector<identity::AuditEvent>> LoadAudit() override;
  Result<identity::AuditHead> LoadAuditHead() override;

  Result<std::int64_t> CountListings() override {
    Result<ScopedStatement> statement = connection_->Prepare(kCountListings);
    if (!statement.ok()) return statement.status();
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    return (*statement)->ColumnInt64(0);
  }

  Status Ping() override {
    Result<ScopedStatement> statement = connection_->Prepare(kPing);
    if (!statement.ok()) return statement.status();
    return (*statement)->Run();
  }

 private:
  // The stored schema version; 0 for a new database.
  Result<std::int64_t> SchemaVersion();
  // Runs a listing SELECT (columns id, doc, latitude, longitude) with `key` bound to ?1 unless
  // empty.
  Result<std::vector<Listing>> SelectListings(std::string_view sql, std::string_view key);
  // The stored document of listing `id`, or nullopt when there is none.
  Result<std::optional<std::string>> StoredDoc(std::string_view id);
  Status InsertChange(std::string_view listing_id, std::string_view at, std::string_view actor,
                      std::string_view action, std::optional<std::string_view> before,
                      std::optional<std::string_view> after);
  Status ApplyInTransaction(const ListingWrites& writes, const std::vector<std::string>& docs,
                            std::string_view actor, std::string_view at);
  // Appends `*event` (already validated) after the stored head and advances the head. REQUIRES: a
  // write transaction is open.
  Status AppendAuditInTransaction(identity::AuditEvent* event);

  std::unique_ptr<Connection> connection_;
  boost::json::parser parser_;
};

Result<std::int64_t> SqliteStore::SchemaVersion() {
  {
    Result<ScopedStatement> exists = connection_->Prepare(kSchemaMigrationsExists);
    if (!exists.ok()) return exists.status();
    Result<bool> row = (*exists)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::int64_t{0};
  }
  Result<ScopedStatement> select = connection_->Prepare(kSelectSchemaVersion);
  if (!select.ok()) return select.status();
  Result<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  return (*select)->ColumnInt64(0);
}

Status SqliteStore::Migrate() {
  const int latest = LatestSchemaVersion();
  auto too_new = [latest](std::int64_t current) {
    return Status::Internal("the database schema version " + std::to_string(current) +
                            " is newer than this program's " + std::to_string(latest) +
                            "; use a newer recoverynet");
  };
  // An up-to-date database (every open but the first) is only read: no write lock is taken.
  Result<std::int64_t> current = SchemaVersion();
  if (!current.ok()) return current.status();
  if (*current > latest) return too_new(*current);

  for (const Migration& migration : SqliteMigrations()) {
    if (migration.version <= *current) continue;
    Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
    if (!transaction.ok()) return transaction.status();
    Status status =
        connection_->Exec(kCreateSchemaMigrations, "create the schema_migrations table");
    if (!status.ok()) return status;
    // Read again under the write lock: another process may have migrated in the meantime.
    current = SchemaVersion();
    if (!current.ok()) return current.status();
    if (*current > latest) return too_new(*current);
    if (migration.version <= *current) continue;

    status =
        connection_->Exec(migration.sql, "apply migration " + std::to_string(migration.version));
    if (!status.ok()) return status;
    {
      Result<ScopedStatement> insert = connection_->Prepare(kInsertSchemaMigration);
      if (!insert.ok()) return insert.status();
      const std::string applied_at = FormatUtc(SystemClock().Now());
      status = (*insert)
                   ->Bind(1, static_cast<std::int64_t>(migration.version))
                   .Bind(2, migration.name)
                   .Bind(3, applied_at)
                   .Run();
      if (!status.ok()) return status;
    }
    status = (*transaction)->Commit();
    if (!status.ok()) return status;
    spdlog::info("database migrated to schema version {} ({})", migration.version, migration.name);
  }
  return Status::Ok();
}

Result<std::vector<Listing>> SqliteStore::SelectListings(std::string_view sql,
                                                         std::string_view key) {
  Result<ScopedStatement> statement = connection_->Prepare(sql);
  if (!statement.ok()) return statement.status();
  if (!key.empty()) (*statement)->Bind(1, key);
  std::vector<Listing> listings;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const std::string_view id = (*statement)->ColumnText(0);
    const std::string_view doc = (*statement)->ColumnText(1);

    // The parsed tree lives only until it is read into a Listing: allocate it from a stack arena.
    unsigned char buffer[8192];
    boost::json::monotonic_resource arena(buffer, sizeof buffer);
    parser_.reset(boost::json::storage_ptr(&arena));
    boost::system::error_code error;
    parser_.write(doc.data(), doc.size(), error);
    if (error) {
      parser_.reset();
      return Status::Internal("stored listing " + std::string(id) +
                              " is not valid JSON: " + error.message());
    }
    Result<Listing> listing = directory::ListingFromJson(parser_.release());
    parser_.reset();
    if (!listing.ok()) {
      return Status::Internal("stored listing " + std::string(id) + " is unreadable: " +
                              listing.status().field() + ": " + listing.status().message());
    }
    // The REAL columns hold the coordinates exactly (see migration 0001).
    if (listing->location.latitude.has_value() && !(*statement)->ColumnIsNull(2) &&
        !(*statement)->ColumnIsNull(3)) {
      listing->location.latitude = (*statement)->ColumnDouble(2);
      listing->location.longitude = (*statement)->ColumnDouble(3);
    }
    listings.push_back(std::move(*listing));
  }
  return listings;
}

Result<std::optional<std::string>> SqliteStore::StoredDoc(std::string_view id) {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectListingDoc);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, id);
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<std::string>();
  return std::optional<std::string>(std::string((*statement)->ColumnText(0)));
}

Status SqliteStore::InsertChange(std::string_view listing_id, std::string_view at,
                                 std::string_view actor, std::string_view action,
                                 std::optional<std::string_view> before,
                                 std::optional<std::string_view> after) {
  Result<ScopedStatement> statement = connection_->Prepare(kInsertChange);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, listing_id).Bind(2, at).Bind(3, actor).Bind(4, action);
  if (before.has_value()) {
    (*statement)->Bind(5, *before);
  } else {
    (*statement)->BindNull(5);
  }
  if (after.has_value()) {
    (*statement)->Bind(6, *after);
  } else {
    (*statement)->BindNull(6);
  }
  return (*statement)->Run();
}

Status SqliteStore::ApplyListingWrites(const ListingWrites& writes, std::string_view actor,
                                       Instant at) {
  const std::size_t total =
      writes.creates.size() + writes.updates.size() + writes.delete_ids.size();
  if (total == 0) return Status::Ok();

  std::optional<identity::AuditEvent> audit = writes.audit;
  if (audit.has_value()) {
    if (audit->details.empty()) audit->details = "{}";
    RN_RETURN_IF_ERROR(identity::ValidateAuditEvent(*audit));
  }

  // Documents are built before the transaction starts, so the write lock is held only for SQL.
  std::vector<std::string> docs;
  docs.reserve(writes.creates.size() + writes.updates.size());
  for (const auto* batch : {&writes.creates, &writes.updates}) {
    for (const Listing& listing : *batch) {
      Result<std::string> doc = CanonicalDoc(listing);
      if (!doc.ok()) return doc.status();
      docs.push_back(std::move(*doc));
    }
  }

  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  Status status = ApplyInTransaction(writes, docs, actor, FormatUtc(at));
  if (status.ok() && audit.has_value()) status = AppendAuditInTransaction(&*audit);
  if (status.ok()) status = (*transaction)->Commit();
  if (!status.ok()) {
    spdlog::warn("listing writes rolled back ({} creates, {} updates, {} deletes): {}",
                 writes.creates.size(), writes.updates.size(), writes.delete_ids.size(),
                 status.message());
    return status;  // the transaction rolls back as it goes out of scope
  }
  spdlog::debug("listing writes committed: {} creates, {} updates, {} deletes",
                writes.creates.size(), writes.updates.size(), writes.delete_ids.size());
  return Status::Ok();
}

// Creates first, then updates, then deletes, each in the order given; the first failure stops.
Status SqliteStore::ApplyInTransaction(const ListingWrites& writes,
                                       const std::vector<std::string>& docs, std::string_view actor,
                                       std::string_view at) {
  std::size_t doc_index = 0;
  for (const Listing& listing : writes.creates) {
    const std::string& doc = docs[doc_index++];
    {
      Result<ScopedStatement> insert = connection_->Prepare(kInsertListing);
      if (!insert.ok()) return insert.status();
      BindListingRow(**insert, listing, doc, at);
      Status status = (*insert)->Run();
      if (status.code() == StatusCode::kConflict) {
        Result<ScopedStatement> exists = connection_->Prepare(kSelectListingExists);
        if (!exists.ok()) return exists.status();
        Result<bool> row = (*exists)->Bind(1, listing.id).Step();
        if (!row.ok()) return row.status();
        return Status(StatusCode::kConflict,
                      *row ? "listing " + listing.id + " already exists"
                           : "listing " + listing.id + ": another listing of source \"" +
                                 listing.source + "\" has the slug \"" + listing.slug + "\"");
      }
      if (!status.ok()) return status;
    }
    Status status = InsertChange(listing.id, at, actor, "create", std::nullopt, doc);
    if (!status.ok()) return status;
  }

  for (const Listing& listing : writes.updates) {
    const std::string& doc = docs[doc_index++];
    Result<std::optional<std::string>> before = StoredDoc(listing.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return Status(StatusCode::kConflict, "listing " + listing.id + " does not exist");
    }
    {
      Result<ScopedStatement> update = connection_->Prepare(kUpdateListing);
      if (!update.ok()) return update.status();
      BindListingRow(**update, listing, doc, at);
      Status status = (*update)->Run();
      if (status.code() == StatusCode::kConflict) {
        return Status(StatusCode::kConflict, "listing " + listing.id +
                                                 ": another listing of source \"" + listing.source +
                                                 "\" has the slug \"" + listing.slug + "\"");
      }
      if (!status.ok()) return status;
    }
    Status status = InsertChange(listing.id, at, actor, "update", **before, doc);
    if (!status.ok()) return status;
  }

  for (const std::string& id : writes.delete_ids) {
    Result<std::optional<std::string>> before = StoredDoc(id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {
      return Status(StatusCode::kConflict, "listing " + id + " does not exist");
    }
    {
      Result<ScopedStatement> remove = connection_->Prepare(kDeleteListing);
      if (!remove.ok()) return remove.status();
      Status status = (*remove)->Bind(1, id).Run();
      if (!status.ok()) return status;
    }
    Status status = InsertChange(id, at, actor, "delete", **before, std::nullopt);
    if (!status.ok()) return status;
  }
  return Status::Ok();
}

Result<std::vector<ListingChange>> SqliteStore::ListingHistory(std::string_view id) {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectHistory);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, id);
  std::vector<ListingChange> changes;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ListingChange change;
    change.seq = (*statement)->ColumnInt64(0);
    change.listing_id = (*statement)->ColumnText(1);
    change.at = (*statement)->ColumnText(2);
    change.actor = (*statement)->ColumnText(3);
    change.action = (*statement)->ColumnText(4);
    change.before = (*statement)->ColumnText(5);
    change.after = (*statement)->ColumnText(6);
    changes.push_back(std::move(change));
  }
  return changes;
}

Status SqliteStore::AppendAudit(identity::AuditEvent* event) {
  if (event->details.empty()) event->details = "{}";
  RN_RETURN_IF_ERROR(identity::ValidateAuditEvent(*event));
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  RN_RETURN_IF_ERROR(AppendAuditInTransaction(event));
  return (*transaction)->Commit();  // rolls back as it goes out of scope if the commit fails
}

Status SqliteStore::AppendAuditInTransaction(identity::AuditEvent* event) {
  // Read under the write lock taken by BEGIN IMMEDIATE, so two appends cannot take the same seq.
  Result<identity::AuditHead> head = LoadAuditHead();
  if (!head.ok()) return head.status();
  event->seq = head->last_seq + 1;
  event->prev_hash = head->last_hash;
  event->hash = identity::AuditHash(*event);
  {
    Result<ScopedStatement> insert = connection_->Prepare(kInsertAuditEvent);
    if (!insert.ok()) return insert.status();
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, event->seq)
                           .Bind(2, event->at)
                           .Bind(3, event->actor)
                           .Bind(4, event->action)
                           .Bind(5, event->target)
                           .Bind(6, event->site)
                           .Bind(7, event->remote_address)
                           .Bind(8, event->details)
                           .Bind(9, event->prev_hash)
                           .Bind(10, event->hash)
                           .Run());
  }
  Result<ScopedStatement> advance = connection_->Prepare(kAdvanceAuditHead);
  if (!advance.ok()) return advance.status();
  return (*advance)->Bind(1, event->seq).Bind(2, event->hash).Run();
}

Result<identity::AuditHead> SqliteStore::LoadAuditHead() {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectAuditHead);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("the audit_head row is missing");
  identity::AuditHead head;
  head.last_seq = (*statement)->ColumnInt64(0);
  head.last_hash = (*statement)->ColumnText(1);
  return head;
}

Result<std::vector<identity::AuditEvent>> SqliteStore::LoadAudit() {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectAudit);
  if (!statement.ok()) return statement.status();
  std::vector<identity::AuditEvent> events;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    identity::AuditEvent event;
    event.seq = (*statement)->ColumnInt64(0);
    event.at = (*statement)->ColumnText(1);
    event.actor = (*statement)->ColumnText(2);
    event.action = (*statement)->ColumnText(3);
    event.target = (*statement)->ColumnText(4);
    event.site = (*statement)->ColumnText(5);
    event.remote_address = (*statement)->ColumnText(6);
    event.details = (*statement)->ColumnText(7);
    event.prev_hash = (*statement)->ColumnText(8);
    event.hash = (*statement)->ColumnText(9);
    events.push_back(std::move(event));
  }
  return events;
}

// Sets the connection up as every store connection must be, and checks WAL took effect.
Status ConfigureConnection(Connection& connection, bool in_memory) {
  // Takes effect only when the file is created (before WAL is on); listing documents are ~1 KB, and
  // 8 KiB pages mean fewer page writes per import than the default 4 KiB.
  RN_RETURN_IF_ERROR(connection.Exec("PRAGMA page_size = 8192", "set the page size"));
  {
    Result<ScopedStatement> journal = connection.Prepare("PRAGMA journal_mode = WAL");
    if (!journal.ok()) return journal.status();
    Result<bool> row = (*journal)->Step();
    if (!row.ok()) return row.status();
    const std::string_view mode = *row ? (*journal)->ColumnText(0) : std::string_view();
    if (mode != "wal" && !(in_memory && mode == "memory")) {
      return Status::Internal("the database could not be switched to WAL mode (journal mode is \"" +
                              std::string(mode) + "\")");
    }
  }
  return connection.Exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;",
                         "configure the connection");
}

}  // namespace

int LatestSchemaVersion() {
  const auto migrations = SqliteMigrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path) {
  if (path.empty()) return Status::Invalid("path", "the database path is empty");
  Status status = CreateParentDirectory(path);
  if (!status.ok()) return status;
  Result<std::unique_ptr<Connection>> connection = Connection::Open(path, kBusyTimeoutMs);
  if (!connection.ok()) return connection.status();
  status = ConfigureConnection(**connection, path == ":memory:");
  if (!status.ok()) return status;
  auto store = std::make_unique<SqliteStore>(std::move(*connection));
  status = store->Migrate();
  if (!status.ok()) return status;
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace rn::storage
