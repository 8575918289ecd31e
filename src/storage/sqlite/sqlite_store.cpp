#include "storage/sqlite/sqlite_store.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <limits>
#include <numeric>
#include <system_error>
#include <utility>

#include "directory/correction.h"
#include "directory/listing_json.h"
#include "directory/schedule.h"
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
constexpr std::string_view kInsertSite = "INSERT INTO sites (id, name) VALUES (?1, ?2)";
constexpr std::string_view kSelectSites = "SELECT id, name FROM sites ORDER BY id";
constexpr std::string_view kSelectSiteExists = "SELECT 1 FROM sites WHERE id = ?1";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (id, name, display_name, password_hash, disabled, created_at, "
    "password_changed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)";
// users.name is COLLATE NOCASE, so = ignores ASCII case.
constexpr std::string_view kSelectUserByName =
    "SELECT id, name, display_name, disabled, created_at, password_hash FROM users WHERE name = ?1";
constexpr std::string_view kSelectUsers =
    "SELECT id, name, display_name, disabled, created_at, '' FROM users ORDER BY name";
constexpr std::string_view kSelectUserExists = "SELECT 1 FROM users WHERE id = ?1";
constexpr std::string_view kUpdatePasswordHash =
    "UPDATE users SET password_hash = ?2, password_changed_at = ?3 WHERE id = ?1";
constexpr std::string_view kUpdateUserDisabled = "UPDATE users SET disabled = ?2 WHERE id = ?1";
constexpr std::string_view kUpsertRoleGrant =
    "INSERT INTO role_grants (user_id, role, site_id, scope) VALUES (?1, ?2, ?3, ?4) "
    "ON CONFLICT (user_id, role, site_id) DO UPDATE SET scope = excluded.scope";
constexpr std::string_view kSelectRoleGrantExists =
    "SELECT 1 FROM role_grants WHERE user_id = ?1 AND role = ?2 AND site_id = ?3";
constexpr std::string_view kDeleteRoleGrant =
    "DELETE FROM role_grants WHERE user_id = ?1 AND role = ?2 AND site_id = ?3";
constexpr std::string_view kSelectRoleGrants =
    "SELECT role, site_id, scope FROM role_grants WHERE user_id = ?1 ORDER BY site_id, role";
constexpr std::string_view kSelectUserById =
    "SELECT id, name, display_name, disabled, created_at, password_hash FROM users WHERE id = ?1";
constexpr std::string_view kPing = "SELECT 1";

// Sessions and API tokens (migration 0005).
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
constexpr std::string_view kInsertApiToken =
    "INSERT INTO api_tokens (id, secret_hash, label, site_id, role, created_by, created_at, "
    "expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
constexpr std::string_view kApiTokenColumns =
    "SELECT id, label, site_id, role, created_by, created_at, revoked_at, last_used_at, "
    "expires_at FROM api_tokens ";
constexpr std::string_view kRevokeApiToken =
    "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = ''";
constexpr std::string_view kTouchApiToken = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1";
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
constexpr std::string_view kSelectSiteAudit =
    "SELECT seq, at, actor, action, target, site, remote_address, details, prev_hash, hash "
    "FROM audit_events WHERE site = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3";

// Correction requests (migration 0004).
constexpr std::string_view kInsertCorrection =
    "INSERT INTO correction_requests (listing_id, field, details, email, language, created_at, "
    "status, resolved_by, resolved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', '', '') "
    "RETURNING id";
constexpr std::string_view kSelectCorrections =
    "SELECT id, listing_id, field, details, email, language, created_at, status, resolved_by, "
    "resolved_at FROM correction_requests ORDER BY created_at DESC, id DESC";
constexpr std::string_view kSelectCorrectionsWithStatus =
    "SELECT id, listing_id, field, details, email, language, created_at, status, resolved_by, "
    "resolved_at FROM correction_requests WHERE status = ?1 ORDER BY created_at DESC, id DESC";
constexpr std::string_view kSelectCorrectionState =
    "SELECT listing_id, field, status FROM correction_requests WHERE id = ?1";
constexpr std::string_view kResolveCorrection =
    "UPDATE correction_requests SET status = ?2, resolved_by = ?3, resolved_at = ?4 "
    "WHERE id = ?1 AND status = 'open'";

// ---- Helpers ----

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

// The audit details of a role grant change: {"op":…,"role":…,"site":…[,"scope":[…]]}.
std::string GrantDetails(std::string_view op, const identity::RoleGrant& grant) {
  boost::json::object details;
  details["op"] = op;
  details["role"] = identity::RoleName(grant.role);
  details["site"] = grant.site_id;
  if (!grant.scope.empty()) {
    boost::json::array scope;
    for (const std::string& source : grant.scope) scope.emplace_back(source);
    details["scope"] = std::move(scope);
  }
  return boost::json::serialize(details);
}

// The audit details of a correction request: {"correction":<id>,"field":<field>}. Never its text
// or email.
std::string CorrectionDetails(std::int64_t id, std::string_view field) {
  boost::json::object details;
  details["correction"] = id;
  details["field"] = field;
  return boost::json::serialize(details);
}

// The correction request in the current row of a kSelectCorrections* statement.
directory::CorrectionRequest CorrectionFromRow(const sqlite::Statement& row) {
  directory::CorrectionRequest request;
  request.id = row.ColumnInt64(0);
  request.listing_id = row.ColumnText(1);
  request.field = row.ColumnText(2);
  request.details = row.ColumnText(3);
  request.email = row.ColumnText(4);
  request.language = row.ColumnText(5);
  request.created_at = row.ColumnText(6);
  request.status = row.ColumnText(7);
  request.resolved_by = row.ColumnText(8);
  request.resolved_at = row.ColumnText(9);
  return request;
}

identity::AuditEvent AccountEvent(const AccountChange& change, std::string action,
                                  std::string target, std::string site, std::string details) {
  return identity::MakeAuditEvent({change.at, change.actor, std::move(action), std::move(target),
                                   site.empty() ? change.site : std::move(site),
                                   change.remote_address, std::move(details)});
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

  Status CreateSite(const identity::Site& site, const AccountChange& change) override;
  Result<std::vector<identity::Site>> ListSites() override;
  Status CreateUser(const identity::User& user, std::string_view password_hash,
                    const std::vector<identity::RoleGrant>& grants,
                    const AccountChange& change) override;
  Result<std::optional<StoredUser>> FindUserByName(std::string_view name) override;
  Result<std::vector<identity::User>> ListUsers() override;
  Status SetPasswordHash(std::string_view user_id, std::string_view password_hash,
                         const AccountChange& change) override;
  Status SetUserDisabled(std::string_view user_id, bool disabled,
                         const AccountChange& change) override;
  Status AddRoleGrant(const identity::RoleGrant& grant, const AccountChange& change) override;
  Status RemoveRoleGrant(std::string_view user_id, identity::Role role, std::string_view site_id,
                         const AccountChange& change) override;
  Result<std::vector<identity::RoleGrant>> ListRoleGrants(std::string_view user_id) override;
  Result<std::optional<StoredUser>> GetUser(std::string_view user_id) override;

  Status CreateSession(const identity::Session& session, identity::AuditEvent* login) override;
  Result<std::optional<SessionRecord>> FindSession(std::string_view id_hash) override;
  Status TouchSession(std::string_view id_hash, Instant at) override;
  Result<int> DeleteSession(std::string_view id_hash, identity::AuditEvent* logout) override;
  Result<int> DeleteUserSessions(std::string_view user_id, identity::AuditEvent* logout) override;
  Result<int> PurgeSessions(Instant created_before, Instant seen_before) override;
  Status CreateApiToken(const identity::ApiToken& token, std::string_view secret_hash,
                        const AccountChange& change) override;
  Result<std::vector<identity::ApiToken>> ListApiTokens(std::string_view site_id) override;
  Result<std::optional<identity::ApiToken>> GetApiToken(std::string_view id) override;
  Result<std::optional<identity::ApiToken>> FindApiToken(std::string_view secret_hash) override;
  Status RevokeApiToken(std::string_view id, const AccountChange& change) override;
  Status TouchApiToken(std::string_view id, Instant at) override;
  Result<std::vector<identity::AuditEvent>> ListSiteAudit(std::string_view site_id,
                                                          std::int64_t before_seq,
                                                          int limit) override;
  Status RecordImportSource(const ImportSource& source) override;
  Status SetImportSourceUrl(std::string_view source, std::string_view url,
                            const AccountChange& change) override;
  Result<std::vector<ImportSource>> ListImportSources() override;
  Status SavePendingImport(const PendingImport& pending) override;
  Result<std::optional<PendingImport>> TakePendingImport(std::string_view id) override;

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

  Status AddCorrection(directory::CorrectionRequest* request) override;
  Result<std::vector<directory::CorrectionRequest>> ListCorrections(
      std::optional<std::string_view> status) override;
  Status ResolveCorrection(std::int64_t id, std::string_view status,
                           const AccountChange& change) override;

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
  // Runs `write` and appends `event` in one write transaction; commits only when both succeed.
  Status WriteWithAudit(const std::function<Status()>& write, identity::AuditEvent event);
  // Like WriteWithAudit, for an entry that depends on what `write` finds or assigns: runs `write`
  // in one write transaction, then validates and appends the entry it returns; commits only when
  // both succeed.
  Status WriteWithAuditFrom(const std::function<Result<identity::AuditEvent>()>& write);
  // True when `sql` (one ?1 parameter, or ?1..?3 from `keys`) returns a row.
  Result<bool> Exists(std::string_view sql, const std::vector<std::string_view>& keys);
  // Inserts or updates one grant after checking it. REQUIRES: a write transaction is open.
  Status UpsertGrantInTransaction(const identity::RoleGrant& grant);
  // Runs `sql` with `key` bound to ?1 and returns the number of rows it changed.
  Result<int> RunCounted(std::string_view sql, std::string_view key);
  // Runs the delete `sql` (?1 = key) and, when `event` is set, appends it, in one transaction.
  Result<int> DeleteWithOptionalAudit(std::string_view sql, std::string_view key,
                                      identity::AuditEvent* event);
  // The api_tokens row selected by kApiTokenColumns + `where` (one ?1 parameter = key).
  Result<std::vector<identity::ApiToken>> SelectApiTokens(std::string_view where,
                                                          std::string_view key);
  // The user selected by `sql` (kSelectUserByName's columns) with ?1 = key, or nullopt.
  Result<std::optional<StoredUser>> SelectUser(std::string_view sql, std::string_view key);

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

Status SqliteStore::WriteWithAudit(const std::function<Status()>& write,
                                   identity::AuditEvent event) {
  if (event.details.empty()) event.details = "{}";
  RN_RETURN_IF_ERROR(identity::ValidateAuditEvent(event));
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  RN_RETURN_IF_ERROR(write());
  RN_RETURN_IF_ERROR(AppendAuditInTransaction(&event));
  return (*transaction)->Commit();
}

Status SqliteStore::WriteWithAuditFrom(const std::function<Result<identity::AuditEvent>()>& write) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  Result<identity::AuditEvent> event = write();
  if (!event.ok()) return event.status();
  if (event->details.empty()) event->details = "{}";
  RN_RETURN_IF_ERROR(identity::ValidateAuditEvent(*event));
  RN_RETURN_IF_ERROR(AppendAuditInTransaction(&*event));
  return (*transaction)->Commit();
}

Result<bool> SqliteStore::Exists(std::string_view sql, const std::vector<std::string_view>& keys) {
  Result<ScopedStatement> statement = connection_->Prepare(sql);
  if (!statement.ok()) return statement.status();
  for (std::size_t i = 0; i < keys.size(); ++i) {
    (*statement)->Bind(static_cast<int>(i + 1), keys[i]);
  }
  return (*statement)->Step();
}

Status SqliteStore::UpsertGrantInTransaction(const identity::RoleGrant& grant) {
  RN_RETURN_IF_ERROR(identity::ValidateRoleGrant(grant));
  if (!identity::IsNetworkRole(grant.role)) {
    Result<bool> site = Exists(kSelectSiteExists, {grant.site_id});
    if (!site.ok()) return site.status();
    if (!*site) return Status::Invalid("site", "there is no site " + grant.site_id);
  }
  const std::string scope = ScopeJson(grant.scope);
  Result<ScopedStatement> upsert = connection_->Prepare(kUpsertRoleGrant);
  if (!upsert.ok()) return upsert.status();
  return (*upsert)
      ->Bind(1, grant.user_id)
      .Bind(2, identity::RoleName(grant.role))
      .Bind(3, grant.site_id)
      .Bind(4, scope)
      .Run();
}

Status SqliteStore::CreateSite(const identity::Site& site, const AccountChange& change) {
  RN_RETURN_IF_ERROR(identity::ValidateSiteId(site.id));
  if (site.name.empty()) return Status::Invalid("name", "a site needs a name");
  boost::json::object details;
  details["name"] = site.name;
  return WriteWithAudit(
      [&] {
        Result<ScopedStatement> insert = connection_->Prepare(kInsertSite);
        if (!insert.ok()) return insert.status();
        return (*insert)->Bind(1, site.id).Bind(2, site.name).Run();
      },
      AccountEvent(change, "site.create", "site:" + site.id, site.id,
                   boost::json::serialize(details)));
}

Result<std::vector<identity::Site>> SqliteStore::ListSites() {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectSites);
  if (!statement.ok()) return statement.status();
  std::vector<identity::Site> sites;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    sites.push_back(
        {std::string((*statement)->ColumnText(0)), std::string((*statement)->ColumnText(1))});
  }
  return sites;
}

Status SqliteStore::CreateUser(const identity::User& user, std::string_view password_hash,
                               const std::vector<identity::RoleGrant>& grants,
                               const AccountChange& change) {
  if (user.id.empty()) return Status::Invalid("id", "a user needs an id");
  RN_RETURN_IF_ERROR(identity::ValidateUserName(user.name));
  if (user.display_name.empty()) {
    return Status::Invalid("display_name", "a user needs a display name");
  }
  if (password_hash.empty()) return Status::Invalid("password", "a user needs a password hash");
  boost::json::object details;
  details["name"] = user.name;
  boost::json::array roles;
  for (const identity::RoleGrant& grant : grants) {
    boost::json::object role;
    role["role"] = identity::RoleName(grant.role);
    role["site"] = grant.site_id;
    roles.push_back(std::move(role));
  }
  details["roles"] = std::move(roles);
  const std::string created_at = identity::AuditTimestamp(change.at);
  return WriteWithAudit(
      [&]() -> Status {
        {
          Result<bool> taken = Exists(kSelectUserByName, {user.name});
          if (!taken.ok()) return taken.status();
          if (*taken) {
            return Status(StatusCode::kConflict, "there is already a user named " + user.name,
                          "name");
          }
        }
        {
          Result<ScopedStatement> insert = connection_->Prepare(kInsertUser);
          if (!insert.ok()) return insert.status();
          RN_RETURN_IF_ERROR((*insert)
                                 ->Bind(1, user.id)
                                 .Bind(2, user.name)
                                 .Bind(3, user.display_name)
                                 .Bind(4, password_hash)
                                 .Bind(5, std::int64_t{user.disabled ? 1 : 0})
                                 .Bind(6, created_at)
                                 .Run());
        }
        for (identity::RoleGrant grant : grants) {
          grant.user_id = user.id;
          RN_RETURN_IF_ERROR(UpsertGrantInTransaction(grant));
        }
        return Status::Ok();
      },
      AccountEvent(change, "user.create", "user:" + user.id, "", boost::json::serialize(details)));
}

Result<std::optional<StoredUser>> SqliteStore::FindUserByName(std::string_view name) {
  return SelectUser(kSelectUserByName, name);
}

Result<std::optional<StoredUser>> SqliteStore::GetUser(std::string_view user_id) {
  return SelectUser(kSelectUserById, user_id);
}

Result<std::optional<StoredUser>> SqliteStore::SelectUser(std::string_view sql,
                                                          std::string_view key) {
  Result<ScopedStatement> statement = connection_->Prepare(sql);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, key);
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<StoredUser>();
  StoredUser stored;
  stored.user.id = (*statement)->ColumnText(0);
  stored.user.name = (*statement)->ColumnText(1);
  stored.user.display_name = (*statement)->ColumnText(2);
  stored.user.disabled = (*statement)->ColumnInt64(3) != 0;
  stored.user.created_at = (*statement)->ColumnText(4);
  stored.password_hash = (*statement)->ColumnText(5);
  return std::optional<StoredUser>(std::move(stored));
}

Result<std::vector<identity::User>> SqliteStore::ListUsers() {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectUsers);
  if (!statement.ok()) return statement.status();
  std::vector<identity::User> users;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    identity::User user;
    user.id = (*statement)->ColumnText(0);
    user.name = (*statement)->ColumnText(1);
    user.display_name = (*statement)->ColumnText(2);
    user.disabled = (*statement)->ColumnInt64(3) != 0;
    user.created_at = (*statement)->ColumnText(4);
    users.push_back(std::move(user));
  }
  return users;
}

Status SqliteStore::SetPasswordHash(std::string_view user_id, std::string_view password_hash,
                                    const AccountChange& change) {
  if (password_hash.empty()) return Status::Invalid("password", "the password hash is empty");
  const std::string at = identity::AuditTimestamp(change.at);
  return WriteWithAudit(
      [&]() -> Status {
        Result<bool> exists = Exists(kSelectUserExists, {user_id});
        if (!exists.ok()) return exists.status();
        if (!*exists) return Status::NotFound("there is no such user");
        Result<ScopedStatement> update = connection_->Prepare(kUpdatePasswordHash);
        if (!update.ok()) return update.status();
        RN_RETURN_IF_ERROR((*update)->Bind(1, user_id).Bind(2, password_hash).Bind(3, at).Run());
        Result<int> ended = RunCounted(kDeleteUserSessions, user_id);
        return ended.ok() ? Status::Ok() : ended.status();
      },
      AccountEvent(change, "user.password.reset", "user:" + std::string(user_id), "", "{}"));
}

Status SqliteStore::SetUserDisabled(std::string_view user_id, bool disabled,
                                    const AccountChange& change) {
  return WriteWithAudit(
      [&]() -> Status {
        Result<bool> exists = Exists(kSelectUserExists, {user_id});
        if (!exists.ok()) return exists.status();
        if (!*exists) return Status::NotFound("there is no such user");
        Result<ScopedStatement> update = connection_->Prepare(kUpdateUserDisabled);
        if (!update.ok()) return update.status();
        RN_RETURN_IF_ERROR(
            (*update)->Bind(1, user_id).Bind(2, std::int64_t{disabled ? 1 : 0}).Run());
        if (!disabled) return Status::Ok();
        Result<int> ended = RunCounted(kDeleteUserSessions, user_id);
        return ended.ok() ? Status::Ok() : ended.status();
      },
      AccountEvent(change, disabled ? "user.disable" : "user.enable",
                   "user:" + std::string(user_id), "", "{}"));
}

Status SqliteStore::AddRoleGrant(const identity::RoleGrant& grant, const AccountChange& change) {
  return WriteWithAudit(
      [&]() -> Status {
        Result<bool> exists = Exists(kSelectUserExists, {grant.user_id});
        if (!exists.ok()) return exists.status();
        if (!*exists) return Status::NotFound("there is no such user");
        return UpsertGrantInTransaction(grant);
      },
      AccountEvent(change, "user.role.set", "user:" + grant.user_id, grant.site_id,
                   GrantDetails("add", grant)));
}

Status SqliteStore::RemoveRoleGrant(std::string_view user_id, identity::Role role,
                                    std::string_view site_id, const AccountChange& change) {
  identity::RoleGrant grant{std::string(user_id), role, std::string(site_id), {}};
  return WriteWithAudit(
      [&]() -> Status {
        const std::string_view role_name = identity::RoleName(role);
        Result<bool> held = Exists(kSelectRoleGrantExists, {user_id, role_name, site_id});
        if (!held.ok()) return held.status();
        if (!*held) return Status::NotFound("the user does not hold that role there");
        Result<ScopedStatement> remove = connection_->Prepare(kDeleteRoleGrant);
        if (!remove.ok()) return remove.status();
        return (*remove)->Bind(1, user_id).Bind(2, role_name).Bind(3, site_id).Run();
      },
      AccountEvent(change, "user.role.set", "user:" + grant.user_id, grant.site_id,
                   GrantDetails("remove", grant)));
}

Result<std::vector<identity::RoleGrant>> SqliteStore::ListRoleGrants(std::string_view user_id) {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectRoleGrants);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, user_id);
  std::vector<identity::RoleGrant> grants;
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

// ---- Correction requests ----

Status SqliteStore::AddCorrection(directory::CorrectionRequest* request) {
  directory::NormalizeCorrection(request);
  RN_RETURN_IF_ERROR(directory::ValidateCorrection(*request));
  Result<Instant> created = directory::ParseRfc3339(request->created_at);
  if (!created.ok()) return Status::Invalid("created_at", "not an RFC 3339 instant");
  const std::string created_at = FormatUtc(*created);
  std::int64_t id = 0;
  RN_RETURN_IF_ERROR(WriteWithAuditFrom([&]() -> Result<identity::AuditEvent> {
    {
      Result<bool> listing = Exists(kSelectListingExists, {request->listing_id});
      if (!listing.ok()) return listing.status();
      if (!*listing) return Status::NotFound("there is no such meeting");
    }
    Result<ScopedStatement> insert = connection_->Prepare(kInsertCorrection);
    if (!insert.ok()) return insert.status();
    Result<bool> row = (*insert)
                           ->Bind(1, request->listing_id)
                           .Bind(2, request->field)
                           .Bind(3, request->details)
                           .Bind(4, request->email)
                           .Bind(5, request->language)
                           .Bind(6, created_at)
                           .Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("inserting a correction request returned no id");
    id = (*insert)->ColumnInt64(0);
    identity::AuditEvent event;
    event.at = created_at;
    event.actor = "public";
    event.action = "directory.correction.submit";
    event.target = "listing:" + request->listing_id;
    event.details = CorrectionDetails(id, request->field);
    return event;
  }));
  request->id = id;
  request->created_at = created_at;
  request->status = directory::kCorrectionOpen;
  request->resolved_by.clear();
  request->resolved_at.clear();
  return Status::Ok();
}

Result<std::vector<directory::CorrectionRequest>> SqliteStore::ListCorrections(
    std::optional<std::string_view> status) {
  if (status.has_value() && !directory::IsCorrectionStatus(*status)) {
    return Status::Invalid("status", "the status is one of open, applied and dismissed");
  }
  Result<ScopedStatement> statement =
      connection_->Prepare(status.has_value() ? kSelectCorrectionsWithStatus : kSelectCorrections);
  if (!statement.ok()) return statement.status();
  if (status.has_value()) (*statement)->Bind(1, *status);
  std::vector<directory::CorrectionRequest> requests;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    requests.push_back(CorrectionFromRow(**statement));
  }
  return requests;
}

Status SqliteStore::ResolveCorrection(std::int64_t id, std::string_view status,
                                      const AccountChange& change) {
  if (status != directory::kCorrectionApplied && status != directory::kCorrectionDismissed) {
    return Status::Invalid("status", "a request is resolved as applied or dismissed");
  }
  if (change.actor.empty()) return Status::Invalid("actor", "who resolves the request is unknown");
  const std::string at = identity::AuditTimestamp(change.at);
  return WriteWithAuditFrom([&]() -> Result<identity::AuditEvent> {
    std::string listing_id;
    std::string field;
    {
      Result<ScopedStatement> select = connection_->Prepare(kSelectCorrectionState);
      if (!select.ok()) return select.status();
      Result<bool> row = (*select)->Bind(1, id).Step();
      if (!row.ok()) return row.status();
      if (!*row) return Status::NotFound("there is no correction request " + std::to_string(id));
      listing_id = (*select)->ColumnText(0);
      field = (*select)->ColumnText(1);
      const std::string_view current = (*select)->ColumnText(2);
      if (current != directory::kCorrectionOpen) {
        return Status(StatusCode::kConflict, "correction request " + std::to_string(id) +
                                                 " is already " + std::string(current));
      }
    }
    Result<ScopedStatement> update = connection_->Prepare(kResolveCorrection);
    if (!update.ok()) return update.status();
    RN_RETURN_IF_ERROR(
        (*update)->Bind(1, id).Bind(2, status).Bind(3, change.actor).Bind(4, at).Run());
    return AccountEvent(change, "directory.correction." + std::string(status),
                        "listing:" + listing_id, "", CorrectionDetails(id, field));
  });
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

// The audit entries a prepared statement selects (kSelectAudit's columns), in its order.
Result<std::vector<identity::AuditEvent>> ReadAuditRows(sqlite::Statement& statement) {
  std::vector<identity::AuditEvent> events;
  for (;;) {
    Result<bool> row = statement.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    identity::AuditEvent event;
    event.seq = statement.ColumnInt64(0);
    event.at = statement.ColumnText(1);
    event.actor = statement.ColumnText(2);
    event.action = statement.ColumnText(3);
    event.target = statement.ColumnText(4);
    event.site = statement.ColumnText(5);
    event.remote_address = statement.ColumnText(6);
    event.details = statement.ColumnText(7);
    event.prev_hash = statement.ColumnText(8);
    event.hash = statement.ColumnText(9);
    events.push_back(std::move(event));
  }
  return events;
}

Result<std::vector<identity::AuditEvent>> SqliteStore::LoadAudit() {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectAudit);
  if (!statement.ok()) return statement.status();
  return ReadAuditRows(**statement);
}

Result<std::vector<identity::AuditEvent>> SqliteStore::ListSiteAudit(std::string_view site_id,
                                                                     std::int64_t before_seq,
                                                                     int limit) {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectSiteAudit);
  if (!statement.ok()) return statement.status();
  (*statement)
      ->Bind(1, site_id)
      .Bind(2, before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max())
      .Bind(3, std::int64_t{limit});
  return ReadAuditRows(**statement);
}

// ---- Sessions and API tokens ----

std::int64_t UnixSeconds(Instant at) { return at.time_since_epoch().count(); }

Status SqliteStore::CreateSession(const identity::Session& session, identity::AuditEvent* login) {
  if (login->details.empty()) login->details = "{}";
  RN_RETURN_IF_ERROR(identity::ValidateAuditEvent(*login));
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  {
    Result<ScopedStatement> insert = connection_->Prepare(kInsertSession);
    if (!insert.ok()) return insert.status();
    // A repeated id_hash is a constraint failure, which the connection reports as kConflict.
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, session.id_hash)
                           .Bind(2, session.user_id)
                           .Bind(3, session.csrf_token)
                           .Bind(4, UnixSeconds(session.created_at))
                           .Bind(5, UnixSeconds(session.last_seen_at))
                           .Bind(6, session.remote_address)
                           .Run());
  }
  RN_RETURN_IF_ERROR(AppendAuditInTransaction(login));
  return (*transaction)->Commit();
}

Result<std::optional<SessionRecord>> SqliteStore::FindSession(std::string_view id_hash) {
  SessionRecord record;
  {
    Result<ScopedStatement> statement = connection_->Prepare(kSelectSession);
    if (!statement.ok()) return statement.status();
    (*statement)->Bind(1, id_hash);
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<SessionRecord>();
    sqlite::Statement& found = **statement;
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
  Result<std::vector<identity::RoleGrant>> grants = ListRoleGrants(record.user.id);
  if (!grants.ok()) return grants.status();
  record.grants = std::move(*grants);
  return std::optional<SessionRecord>(std::move(record));
}

Status SqliteStore::TouchSession(std::string_view id_hash, Instant at) {
  Result<ScopedStatement> update = connection_->Prepare(kTouchSession);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, id_hash).Bind(2, UnixSeconds(at)).Run();
}

Result<int> SqliteStore::RunCounted(std::string_view sql, std::string_view key) {
  Result<ScopedStatement> statement = connection_->Prepare(sql);
  if (!statement.ok()) return statement.status();
  RN_RETURN_IF_ERROR((*statement)->Bind(1, key).Run());
  return sqlite3_changes(connection_->handle());
}

Result<int> SqliteStore::DeleteWithOptionalAudit(std::string_view sql, std::string_view key,
                                                 identity::AuditEvent* event) {
  if (event != nullptr) {
    if (event->details.empty()) event->details = "{}";
    RN_RETURN_IF_ERROR(identity::ValidateAuditEvent(*event));
  }
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  Result<int> deleted = RunCounted(sql, key);
  if (!deleted.ok()) return deleted.status();
  if (event != nullptr) RN_RETURN_IF_ERROR(AppendAuditInTransaction(event));
  RN_RETURN_IF_ERROR((*transaction)->Commit());
  return *deleted;
}

Result<int> SqliteStore::DeleteSession(std::string_view id_hash, identity::AuditEvent* logout) {
  return DeleteWithOptionalAudit(kDeleteSession, id_hash, logout);
}

Result<int> SqliteStore::DeleteUserSessions(std::string_view user_id,
                                            identity::AuditEvent* logout) {
  return DeleteWithOptionalAudit(kDeleteUserSessions, user_id, logout);
}

Result<int> SqliteStore::PurgeSessions(Instant created_before, Instant seen_before) {
  Result<ScopedStatement> statement = connection_->Prepare(kPurgeSessions);
  if (!statement.ok()) return statement.status();
  RN_RETURN_IF_ERROR(
      (*statement)->Bind(1, UnixSeconds(created_before)).Bind(2, UnixSeconds(seen_before)).Run());
  return sqlite3_changes(connection_->handle());
}

Status SqliteStore::CreateApiToken(const identity::ApiToken& token, std::string_view secret_hash,
                                   const AccountChange& change) {
  RN_RETURN_IF_ERROR(identity::ValidateApiToken(token));
  if (token.id.empty()) return Status::Invalid("id", "a token needs an id");
  if (secret_hash.empty()) return Status::Invalid("token", "a token needs its hash");
  boost::json::object details;
  details["label"] = token.label;
  details["role"] = identity::RoleName(token.role);
  return WriteWithAudit(
      [&]() -> Status {
        Result<bool> site = Exists(kSelectSiteExists, {token.site_id});
        if (!site.ok()) return site.status();
        if (!*site) return Status::Invalid("site", "there is no site " + token.site_id);
        Result<ScopedStatement> insert = connection_->Prepare(kInsertApiToken);
        if (!insert.ok()) return insert.status();
        return (*insert)
            ->Bind(1, token.id)
            .Bind(2, secret_hash)
            .Bind(3, token.label)
            .Bind(4, token.site_id)
            .Bind(5, identity::RoleName(token.role))
            .Bind(6, change.actor)
            .Bind(7, identity::AuditTimestamp(change.at))
            .Bind(8, token.expires_at)
            .Run();
      },
      AccountEvent(change, "token.create", "token:" + token.id, token.site_id,
                   boost::json::serialize(details)));
}

Result<std::vector<identity::ApiToken>> SqliteStore::SelectApiTokens(std::string_view where,
                                                                     std::string_view key) {
  Result<ScopedStatement> statement =
      connection_->Prepare(std::string(kApiTokenColumns) + std::string(where));
  if (!statement.ok()) return statement.status();
  if (where.find("?1") != std::string_view::npos) (*statement)->Bind(1, key);
  std::vector<identity::ApiToken> tokens;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    identity::ApiToken token;
    token.id = (*statement)->ColumnText(0);
    token.label = (*statement)->ColumnText(1);
    token.site_id = (*statement)->ColumnText(2);
    const std::optional<identity::Role> role = identity::ParseRole((*statement)->ColumnText(3));
    if (!role) return Status::Internal("api_tokens.role holds an unknown role");
    token.role = *role;
    token.created_by = (*statement)->ColumnText(4);
    token.created_at = (*statement)->ColumnText(5);
    token.revoked_at = (*statement)->ColumnText(6);
    token.last_used_at = (*statement)->ColumnText(7);
    token.expires_at = (*statement)->ColumnText(8);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

Result<std::vector<identity::ApiToken>> SqliteStore::ListApiTokens(std::string_view site_id) {
  return site_id.empty()
             ? SelectApiTokens("ORDER BY created_at DESC, id", "")
             : SelectApiTokens("WHERE site_id = ?1 ORDER BY created_at DESC, id", site_id);
}

Result<std::optional<identity::ApiToken>> SqliteStore::GetApiToken(std::string_view id) {
  Result<std::vector<identity::ApiToken>> found = SelectApiTokens("WHERE id = ?1", id);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<identity::ApiToken>();
  return std::optional<identity::ApiToken>(std::move(found->front()));
}

Result<std::optional<identity::ApiToken>> SqliteStore::FindApiToken(std::string_view secret_hash) {
  Result<std::vector<identity::ApiToken>> found =
      SelectApiTokens("WHERE secret_hash = ?1", secret_hash);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<identity::ApiToken>();
  return std::optional<identity::ApiToken>(std::move(found->front()));
}

Status SqliteStore::RevokeApiToken(std::string_view id, const AccountChange& change) {
  return WriteWithAuditFrom([&]() -> Result<identity::AuditEvent> {
    Result<std::optional<identity::ApiToken>> token = GetApiToken(id);
    if (!token.ok()) return token.status();
    if (!*token) return Status::NotFound("there is no such token");
    if (!(*token)->revoked_at.empty()) {
      return Status(StatusCode::kConflict, "the token is already revoked", "token");
    }
    Result<ScopedStatement> update = connection_->Prepare(kRevokeApiToken);
    if (!update.ok()) return update.status();
    RN_RETURN_IF_ERROR((*update)->Bind(1, id).Bind(2, identity::AuditTimestamp(change.at)).Run());
    return AccountEvent(change, "token.revoke", "token:" + std::string(id), (*token)->site_id,
                        "{}");
  });
}

Status SqliteStore::RecordImportSource(const ImportSource& source) {
  Result<ScopedStatement> upsert = connection_->Prepare(kRecordImportSource);
  if (!upsert.ok()) return upsert.status();
  return (*upsert)
      ->Bind(1, source.source)
      .Bind(2, source.format)
      .Bind(3, source.timezone)
      .Bind(4, source.fellowship)
      .Run();
}

Status SqliteStore::SetImportSourceUrl(std::string_view source, std::string_view url,
                                       const AccountChange& change) {
  boost::json::object details;
  details["url"] = url;
  return WriteWithAudit(
      [&]() -> Status {
        Result<ScopedStatement> upsert = connection_->Prepare(kSetImportSourceUrl);
        if (!upsert.ok()) return upsert.status();
        return (*upsert)->Bind(1, source).Bind(2, url).Run();
      },
      AccountEvent(change, "directory.source.url", "source:" + std::string(source), "",
                   boost::json::serialize(details)));
}

Result<std::vector<ImportSource>> SqliteStore::ListImportSources() {
  Result<ScopedStatement> statement = connection_->Prepare(kSelectImportSources);
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

Status SqliteStore::SavePendingImport(const PendingImport& pending) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  {
    Result<ScopedStatement> purge = connection_->Prepare(kPurgePendingImports);
    if (!purge.ok()) return purge.status();
    RN_RETURN_IF_ERROR(
        (*purge)->Bind(1, UnixSeconds(pending.created_at - std::chrono::hours(24))).Run());
    Result<ScopedStatement> insert = connection_->Prepare(kInsertPendingImport);
    if (!insert.ok()) return insert.status();
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, pending.id)
                           .Bind(2, pending.site_id)
                           .Bind(3, pending.source)
                           .Bind(4, pending.actor)
                           .Bind(5, UnixSeconds(pending.created_at))
                           .Bind(6, pending.body)
                           .Run());
  }
  return (*transaction)->Commit();
}

Result<std::optional<PendingImport>> SqliteStore::TakePendingImport(std::string_view id) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
  if (!transaction.ok()) return transaction.status();
  PendingImport pending;
  {
    Result<ScopedStatement> select = connection_->Prepare(kSelectPendingImport);
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
    pending.body = (*select)->ColumnText(5);
  }
  Result<int> deleted = RunCounted(kDeletePendingImport, id);
  if (!deleted.ok()) return deleted.status();
  RN_RETURN_IF_ERROR((*transaction)->Commit());
  return std::optional<PendingImport>(std::move(pending));
}

Status SqliteStore::TouchApiToken(std::string_view id, Instant at) {
  Result<ScopedStatement> update = connection_->Prepare(kTouchApiToken);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, id).Bind(2, identity::AuditTimestamp(at)).Run();
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
