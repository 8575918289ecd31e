// storage::Database: opens and configures the connection, applies the migrations, and
// composes the repositories (sql/repositories.h) over it.

#include "storage/database.h"

#include <dlfcn.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <system_error>
#include <utility>
#include <vector>

#include "storage/connect.h"
#include "storage/migrations/migrations.h"
#include "storage/postgres/module.h"
#include "storage/sql/connection.h"
#include "storage/sql/repositories.h"
#include "storage/sqlite/connection.h"

namespace rn::storage {
namespace {

using sql::Connection;
using sql::ScopedStatement;
using sql::Transaction;

constexpr std::string_view kCreateSchemaMigrations = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version     INTEGER PRIMARY KEY NOT NULL,
  name        TEXT NOT NULL,
  applied_at  TEXT NOT NULL
))sql";
constexpr std::string_view kSchemaMigrationsExists =
    "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
constexpr std::string_view kPostgresSchemaMigrationsExists =
    "SELECT 1 WHERE to_regclass('schema_migrations') IS NOT NULL";
constexpr std::string_view kSelectSchemaVersion =
    "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
constexpr std::string_view kPageCount = "PRAGMA page_count";
constexpr std::string_view kInsertSchemaMigration =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?1, ?2, ?3)";

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

// Sets the connection up as every database connection must be, and checks WAL took effect.
Status ConfigureConnection(sqlite::Connection& connection, bool in_memory) {
  // Takes effect only when the file is created (before WAL is on); listing documents are ~1 KB, and
  // 8 KiB pages mean fewer page writes per import than the default 4 KiB.
  RN_RETURN_IF_ERROR(connection.Exec("PRAGMA page_size = 8192", "set the page size"));
  // Switching a new, empty file to WAL writes its first page. Through a rollback journal that costs
  // four syncs (journal, directory, journal, database) to protect a file that holds nothing yet, so
  // a new file writes it without a journal, and without a sync either: until the first checkpoint
  // syncs the file (at the latest when the last connection closes), a power loss leaves it empty or
  // with that one page, and SQLite drops the WAL of an empty file, so what is lost is only what the
  // WAL held — the commits synchronous = NORMAL (below) already lets a power loss take. A process
  // crash loses nothing: the page is in the OS's cache. Every write after this goes through the
  // WAL, synced as before.
  if (!in_memory) {
    Result<ScopedStatement> pages = connection.Prepare(kPageCount);
    if (!pages.ok()) return pages.status();
    Result<bool> row = (*pages)->Step();
    if (!row.ok()) return row.status();
    if (*row && (*pages)->ColumnInt64(0) == 0) {
      RN_RETURN_IF_ERROR(connection.Exec("PRAGMA synchronous = OFF; PRAGMA journal_mode = OFF",
                                         "create the database file"));
    }
  }
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

// The stored schema version; 0 for a new database.
Result<std::int64_t> SchemaVersion(Connection& connection) {
  {
    Result<ScopedStatement> exists = connection.Prepare(
        connection.dialect() == sql::Dialect::kPostgres ? kPostgresSchemaMigrationsExists
                                                        : kSchemaMigrationsExists);
    if (!exists.ok()) return exists.status();
    Result<bool> row = (*exists)->Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::int64_t{0};
  }
  Result<ScopedStatement> select = connection.Prepare(kSelectSchemaVersion);
  if (!select.ok()) return select.status();
  Result<bool> row = (*select)->Step();
  if (!row.ok()) return row.status();
  return (*select)->ColumnInt64(0);
}

// Applies the migrations newer than the stored schema version, all in one transaction: a new
// database is created with one commit, not one per migration.
Status Migrate(Connection& connection) {
  const int latest = LatestSchemaVersion();
  auto too_new = [latest](std::int64_t current) {
    return Status::Internal("the database schema version " + std::to_string(current) +
                            " is newer than this program's " + std::to_string(latest) +
                            "; use a newer recoverynet");
  };
  // An up-to-date database (every open but the first) is only read: no write lock is taken.
  Result<std::int64_t> current = SchemaVersion(connection);
  if (!current.ok()) return current.status();
  if (*current > latest) return too_new(*current);
  if (*current == latest) return Status::Ok();

  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection);
  if (!transaction.ok()) return transaction.status();
  RN_RETURN_IF_ERROR(
      connection.Exec(kCreateSchemaMigrations, "create the schema_migrations table"));
  // Read again under the write lock: another process may have migrated in the meantime.
  current = SchemaVersion(connection);
  if (!current.ok()) return current.status();
  if (*current > latest) return too_new(*current);
  const std::string applied_at = FormatUtc(SystemClock().Now());
  std::vector<const Migration*> applied;
  const std::span<const Migration> migrations =
      connection.dialect() == sql::Dialect::kPostgres ? PostgresMigrations() : SqliteMigrations();
  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    RN_RETURN_IF_ERROR(
        connection.Exec(migration.sql, "apply migration " + std::to_string(migration.version)));
    Result<ScopedStatement> insert = connection.Prepare(kInsertSchemaMigration);
    if (!insert.ok()) return insert.status();
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, static_cast<std::int64_t>(migration.version))
                           .Bind(2, migration.name)
                           .Bind(3, applied_at)
                           .Run());
    applied.push_back(&migration);
  }
  RN_RETURN_IF_ERROR((*transaction)->Commit());
  for (const Migration* migration : applied) {
    spdlog::info("database migrated to schema version {} ({})", migration->version,
                 migration->name);
  }
  return Status::Ok();
}

// The module's entry point (storage/postgres/module.h), loaded from beside the executable once;
// nullptr with `*error` saying why when it cannot be.
postgres::ModuleOpen LoadPostgresModule(std::string* error) {
  static std::string load_error;
  static const postgres::ModuleOpen open = []() -> postgres::ModuleOpen {
    std::error_code ignored;
    const std::filesystem::path program = std::filesystem::read_symlink("/proc/self/exe", ignored);
    const std::string path = (program.parent_path() / postgres::kModuleFile).string();
    // Never unloaded: its connections live as long as the process.
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (module == nullptr) {
      const char* reason = ::dlerror();
      load_error =
          "cannot load the PostgreSQL module: " + std::string(reason != nullptr ? reason : path);
      return nullptr;
    }
    auto entry = reinterpret_cast<postgres::ModuleOpen>(::dlsym(module, postgres::kModuleOpen));
    if (entry == nullptr) load_error = path + " lacks " + postgres::kModuleOpen;
    return entry;
  }();
  *error = load_error;
  return open;
}

Result<std::unique_ptr<Connection>> OpenPostgres(const std::string& uri) {
  std::string error;
  const postgres::ModuleOpen open = LoadPostgresModule(&error);
  if (open == nullptr) return Status::Internal(error);
  Result<std::unique_ptr<Connection>> connection =
      Status::Internal("the PostgreSQL module did not answer");
  open(uri, &connection);
  return connection;
}

}  // namespace

// The connection and the repositories over it. Members are destroyed in reverse order: the
// repositories (which hold only references) before the connection.
struct Database::Parts {
  explicit Parts(std::unique_ptr<Connection> opened)
      : connection(std::move(opened)),
        listings(*connection),
        corrections(*connection),
        import_sources(*connection),
        accounts(*connection),
        sessions(*connection),
        tokens(*connection),
        throttles(*connection),
        audit(*connection),
        unit_of_work(*connection, audit),
        programs(*connection),
        referrals(*connection),
        participants(*connection),
        contacts(*connection),
        consents(*connection),
        outbox(*connection),
        resources(*connection) {}

  std::unique_ptr<Connection> connection;
  sql::SqlListingStore listings;
  sql::SqlCorrectionStore corrections;
  sql::SqlImportSourceStore import_sources;
  sql::SqlAccountStore accounts;
  sql::SqlSessionStore sessions;
  sql::SqlTokenStore tokens;
  sql::SqlThrottleStore throttles;
  sql::SqlAuditStore audit;
  sql::SqlUnitOfWork unit_of_work;
  sql::SqlProgramStore programs;
  sql::SqlReferralStore referrals;
  sql::SqlParticipantStore participants;
  sql::SqlContactStore contacts;
  sql::SqlConsentStore consents;
  sql::SqlOutboxStore outbox;
  sql::SqlResourceStore resources;
};

bool IsPostgresUri(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

int LatestSchemaVersion() {
  const auto migrations = SqliteMigrations();
  return migrations.empty() ? 0 : migrations.back().version;
}

Result<std::unique_ptr<Connection>> Connect(const std::string& location, bool migrate) {
  if (location.empty()) return Status::Invalid("path", "the database path is empty");
  std::unique_ptr<Connection> opened;
  if (IsPostgresUri(location)) {
    Result<std::unique_ptr<Connection>> connection = OpenPostgres(location);
    if (!connection.ok()) return connection.status();
    opened = std::move(*connection);
  } else {
    RN_RETURN_IF_ERROR(CreateParentDirectory(location));
    Result<std::unique_ptr<sqlite::Connection>> connection =
        sqlite::Connection::Open(location, kSqliteBusyTimeoutMs);
    if (!connection.ok()) return connection.status();
    RN_RETURN_IF_ERROR(ConfigureConnection(**connection, location == ":memory:"));
    opened = std::move(*connection);
  }
  if (migrate) RN_RETURN_IF_ERROR(Migrate(*opened));
  return opened;
}

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  Result<std::unique_ptr<Connection>> connection = Connect(path);
  if (!connection.ok()) return connection.status();
  return std::unique_ptr<Database>(new Database(std::make_unique<Parts>(std::move(*connection))));
}

Database::Database(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}

void Database::SetOrigin(std::string origin) { parts_->connection->set_origin(std::move(origin)); }

Result<std::unique_ptr<directory::ListingChangeFeed>> Database::ListenForListingChanges() {
  Result<std::unique_ptr<sql::SqlListingChangeFeed>> feed =
      sql::SqlListingChangeFeed::Open(*parts_->connection);
  if (!feed.ok()) return feed.status();
  return std::unique_ptr<directory::ListingChangeFeed>(std::move(*feed));
}

Database::~Database() = default;

directory::ListingStore& Database::listings() { return parts_->listings; }
resources::ResourceStore& Database::resources() { return parts_->resources; }
directory::CorrectionStore& Database::corrections() { return parts_->corrections; }
directory::ImportSourceStore& Database::import_sources() { return parts_->import_sources; }
identity::AccountStore& Database::accounts() { return parts_->accounts; }
identity::SessionStore& Database::sessions() { return parts_->sessions; }
identity::TokenStore& Database::tokens() { return parts_->tokens; }
identity::ThrottleStore& Database::throttles() { return parts_->throttles; }
identity::AuditStore& Database::audit() { return parts_->audit; }
casework::ProgramStore& Database::programs() { return parts_->programs; }
casework::ReferralStore& Database::referrals() { return parts_->referrals; }
casework::ParticipantStore& Database::participants() { return parts_->participants; }
casework::ContactStore& Database::contacts() { return parts_->contacts; }
casework::ConsentStore& Database::consents() { return parts_->consents; }
notify::OutboxStore& Database::outbox() { return parts_->outbox; }
identity::UnitOfWork& Database::unit_of_work() { return parts_->unit_of_work; }

}  // namespace rn::storage
