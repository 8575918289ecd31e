// storage/maintenance.h: backups (SQLite's online backup API, pg_dump), restores (the backup API
// the other way, pg_restore) and the copy from SQLite to PostgreSQL.

#include "storage/maintenance.h"

#include <fcntl.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <string_view>
#include <system_error>
#include <utility>

#include "storage/connect.h"
#include "storage/database.h"
#include "storage/sql/connection.h"
#include "storage/sqlite/connection.h"

extern char** environ;

namespace rn::storage {
namespace {

using sql::Connection;
using sql::ScopedStatement;

constexpr std::string_view kSqliteMagic{"SQLite format 3\0", 16};
constexpr std::string_view kPgDumpMagic = "PGDMP";  // pg_dump's custom-format archives

bool Exists(const std::string& path) {
  std::error_code ignored;
  return std::filesystem::exists(path, ignored);
}

// Whether the file at `path` starts with `magic`.
bool StartsWith(const std::string& path, std::string_view magic) {
  std::ifstream in(path, std::ios::binary);
  std::string head(magic.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  return in && head == magic;
}

// Runs `argv` (looked up on PATH) with this process's environment and output, and waits for it.
Status RunProgram(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int spawned = ::posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ);
  if (spawned != 0) {
    return Status::Internal("cannot run " + argv[0] + ": " + std::strerror(spawned) +
                            " (it comes with PostgreSQL's client programs)");
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return Status::Internal("cannot wait for " + argv[0]);
  }
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return Status::Ok();
  return Status::Internal(argv[0] + " failed (" +
                          (WIFEXITED(status) ? "exit status " + std::to_string(WEXITSTATUS(status))
                                             : std::string("killed")) +
                          "); its messages are above");
}

// Runs `sql` (no parameters) and collects the first `width` columns of each row as text.
Result<std::vector<std::vector<std::string>>> Rows(Connection& connection, std::string_view sql,
                                                   int width, std::string_view bind = {}) {
  RN_ASSIGN_OR_RETURN(statement, connection.Prepare(sql));
  if (!bind.empty()) statement->Bind(1, bind);
  std::vector<std::vector<std::string>> rows;
  for (;;) {
    RN_ASSIGN_OR_RETURN(row, statement->Step());
    if (!row) break;
    std::vector<std::string>& values = rows.emplace_back();
    for (int i = 0; i < width; ++i) values.emplace_back(statement->ColumnText(i));
  }
  return rows;
}

// The first column of the first row `sql` gives, as text ("" for none).
Result<std::string> Scalar(Connection& connection, std::string_view sql) {
  RN_ASSIGN_OR_RETURN(rows, Rows(connection, sql, 1));
  return rows.empty() ? std::string() : rows.front().front();
}

Status CheckIntegrity(Connection& connection, const std::string& path) {
  RN_ASSIGN_OR_RETURN(check, Scalar(connection, "PRAGMA integrity_check"));
  if (check != "ok") return Status::Internal(path + " is damaged: " + check);
  return Status::Ok();
}

// The SQLite file at `path`, opened as it is (created when missing: callers check first).
Result<std::unique_ptr<sqlite::Connection>> OpenFile(const std::string& path) {
  return sqlite::Connection::Open(path, kSqliteBusyTimeoutMs);
}

// Copies every page of `from` over `to` in one step (the online backup API, which
// storage/sqlite/connection.h does not wrap).
Status CopyPages(const sqlite::Connection& from, const sqlite::Connection& to,
                 const std::string& what) {
  sqlite3_backup* backup = sqlite3_backup_init(to.handle(), "main", from.handle(), "main");
  if (backup == nullptr) return Status::Internal(what + ": " + sqlite3_errmsg(to.handle()));
  const int step = sqlite3_backup_step(backup, -1);
  const int finish = sqlite3_backup_finish(backup);
  if (step != SQLITE_DONE || finish != SQLITE_OK) {
    return Status::Internal(what + ": " + sqlite3_errstr(step != SQLITE_DONE ? step : finish));
  }
  return Status::Ok();
}

Status BackUpSqlite(const std::string& location, const std::string& file) {
  if (!Exists(location)) return Status::NotFound("no database at " + location);
  RN_ASSIGN_OR_RETURN(source, OpenFile(location));
  // Made here, exclusively, so that a file that appeared meanwhile is not overwritten either.
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::Internal("cannot create " + file + ": " + std::strerror(errno));
  ::close(fd);
  Status written = [&]() -> Status {
    RN_ASSIGN_OR_RETURN(backup, OpenFile(file));
    RN_RETURN_IF_ERROR(CopyPages(*source, *backup, "back up " + location));
    return CheckIntegrity(*backup, file);
  }();
  if (!written.ok()) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
    std::filesystem::remove(file + "-wal", ignored);
    std::filesystem::remove(file + "-shm", ignored);
  }
  return written;
}

Status RestoreSqlite(const std::string& file, const std::string& location, bool replace) {
  if (!StartsWith(file, kSqliteMagic)) {
    return Status::Invalid("from", file +
                                       " is not a SQLite backup (a PostgreSQL one restores "
                                       "into a postgresql:// database)");
  }
  RN_ASSIGN_OR_RETURN(backup, OpenFile(file));
  RN_RETURN_IF_ERROR(CheckIntegrity(*backup, file));
  Result<std::string> version =
      Scalar(*backup, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  if (!version.ok()) {
    return Status::Invalid("from",
                           file + " is not a recoverynet database: " + version.status().message());
  }
  if (std::stoll(*version) > LatestSchemaVersion()) {
    return Status::Invalid("from", file + " has schema version " + *version +
                                       ", newer than this program's; use a newer recoverynet");
  }
  std::error_code error;
  const std::filesystem::path parent = std::filesystem::path(location).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, error);
  RN_ASSIGN_OR_RETURN(target, OpenFile(location));
  RN_ASSIGN_OR_RETURN(tables, Scalar(*target, "SELECT COUNT(*) FROM sqlite_master"));
  if (tables != "0" && !replace) {
    return Status::Invalid("to", location +
                                     " already holds a database; give --replace to "
                                     "overwrite it with the backup");
  }
  RN_RETURN_IF_ERROR(CopyPages(*backup, *target, "restore " + file + " into " + location));
  return CheckIntegrity(*target, location);
}

Status BackUpPostgres(const std::string& location, const std::string& file) {
  if (Exists(file))
    return Status::Invalid("to", file + " exists; a backup never overwrites a file");
  Status dumped = RunProgram({"pg_dump", "--format=custom", "--no-owner", "--no-privileges",
                              "--file=" + file, "--dbname=" + location});
  if (!dumped.ok()) {
    std::error_code ignored;
    std::filesystem::remove(file, ignored);
  }
  return dumped;
}

// Whether the database at `location` (PostgreSQL) already holds recoverynet's tables.
Result<bool> HoldsRecoverynet(const std::string& location) {
  RN_ASSIGN_OR_RETURN(connection, Connect(location, false));
  RN_ASSIGN_OR_RETURN(
      exists, connection->Prepare(
                  "SELECT CASE WHEN to_regclass('schema_migrations') IS NULL THEN 0 ELSE 1 END"));
  RN_ASSIGN_OR_RETURN(row, exists->Step());
  return row && exists->ColumnInt64(0) != 0;
}

Status RestorePostgres(const std::string& file, const std::string& location, bool replace) {
  if (!StartsWith(file, kPgDumpMagic)) {
    return Status::Invalid("from", file +
                                       " is not a PostgreSQL backup (pg_dump's custom format; "
                                       "a SQLite one restores into a SQLite file)");
  }
  RN_ASSIGN_OR_RETURN(holds, HoldsRecoverynet(location));
  if (holds && !replace) {
    return Status::Invalid("to",
                           "the database already holds recoverynet's tables; give "
                           "--replace to overwrite them with the backup");
  }
  std::vector<std::string> argv = {"pg_restore", "--single-transaction", "--exit-on-error",
                                   "--no-owner", "--no-privileges"};
  if (holds) {
    argv.push_back("--clean");
    argv.push_back("--if-exists");
  }
  argv.push_back("--dbname=" + location);
  argv.push_back(file);
  return RunProgram(argv);
}

// --- copy -------------------------------------------------------------------------------------

// What the copy leaves alone: the schema's own bookkeeping, made by the migrations on both sides,
// and the audit head, which the copy advances entry by entry.
bool IsBookkeeping(std::string_view table) {
  return table == "schema_migrations" || table == "audit_head";
}

std::string Quoted(std::string_view name) { return "\"" + std::string(name) + "\""; }

struct Column {
  std::string name;
  std::string type;  // information_schema's data_type
  bool identity = false;
  bool always = false;  // GENERATED ALWAYS: inserted with OVERRIDING SYSTEM VALUE
};

// The PostgreSQL schema's tables, each after the tables its foreign keys refer to.
Result<std::vector<std::string>> TablesInCopyOrder(Connection& target) {
  RN_ASSIGN_OR_RETURN(tables, Rows(target,
                                   "SELECT c.relname FROM pg_class c JOIN pg_namespace n "
                                   "ON n.oid = c.relnamespace WHERE c.relkind = 'r' AND "
                                   "n.nspname = current_schema() ORDER BY c.oid",
                                   1));
  RN_ASSIGN_OR_RETURN(references, Rows(target,
                                       "SELECT c.relname, r.relname FROM pg_constraint k "
                                       "JOIN pg_class c ON c.oid = k.conrelid "
                                       "JOIN pg_class r ON r.oid = k.confrelid "
                                       "JOIN pg_namespace n ON n.oid = c.relnamespace "
                                       "WHERE k.contype = 'f' AND n.nspname = current_schema()",
                                       2));
  std::map<std::string, std::set<std::string>> needs;
  for (const auto& reference : references) {
    if (reference[0] != reference[1]) needs[reference[0]].insert(reference[1]);
  }
  std::vector<std::string> ordered;
  std::set<std::string> placed;
  while (ordered.size() < tables.size()) {
    const std::size_t before = ordered.size();
    for (const auto& table : tables) {
      const std::string& name = table[0];
      if (placed.contains(name)) continue;
      const auto& wanted = needs[name];
      if (std::all_of(wanted.begin(), wanted.end(),
                      [&](const std::string& other) { return placed.contains(other); })) {
        ordered.push_back(name);
        placed.insert(name);
      }
    }
    if (ordered.size() == before) {
      return Status::Internal("the PostgreSQL tables' foreign keys form a cycle");
    }
  }
  return ordered;
}

Result<std::vector<Column>> ColumnsOf(Connection& target, const std::string& table) {
  RN_ASSIGN_OR_RETURN(rows, Rows(target,
                                 "SELECT column_name, data_type, is_identity, "
                                 "COALESCE(identity_generation, '') "
                                 "FROM information_schema.columns WHERE "
                                 "table_schema = current_schema() AND table_name = ?1 "
                                 "ORDER BY ordinal_position",
                                 4, table));
  std::vector<Column> columns;
  for (auto& row : rows) {
    columns.push_back({std::move(row[0]), std::move(row[1]), row[2] == "YES", row[3] == "ALWAYS"});
  }
  return columns;
}

// Binds column `index` of the source's current row to parameter `index + 1` of `insert`.
void BindValue(const sql::Statement& from, int index, const Column& column,
               sql::Statement& insert) {
  const int parameter = index + 1;
  if (from.ColumnIsNull(index)) {
    insert.BindNull(parameter);
  } else if (column.type == "bigint" || column.type == "integer" || column.type == "smallint") {
    insert.Bind(parameter, from.ColumnInt64(index));
  } else if (column.type == "double precision" || column.type == "real") {
    insert.Bind(parameter, from.ColumnDouble(index));
  } else if (column.type == "bytea") {
    insert.BindBlob(parameter, from.ColumnBlob(index));
  } else {
    insert.Bind(parameter, from.ColumnText(index));
  }
}

Status RefuseUnlessEmpty(Connection& target, const std::vector<std::string>& tables) {
  for (const std::string& table : tables) {
    if (IsBookkeeping(table)) continue;
    const std::string sql = "SELECT 1 FROM " + Quoted(table) + " LIMIT 1";
    RN_ASSIGN_OR_RETURN(any, target.Prepare(sql));
    RN_ASSIGN_OR_RETURN(row, any->Step());
    if (row) {
      return Status::Invalid("to", "the PostgreSQL database already holds data (table " + table +
                                       "); copy into a new, empty database");
    }
  }
  return Status::Ok();
}

// Copies `table`'s rows in insertion order; audit entries advance the audit head one by one.
Result<std::int64_t> CopyTable(Connection& source, Connection& target, const std::string& table,
                               const std::vector<Column>& columns) {
  std::string names, parameters;
  bool always = false;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += (i > 0 ? ", " : "") + Quoted(columns[i].name);
    parameters += (i > 0 ? ", ?" : "?") + std::to_string(i + 1);
    always = always || columns[i].always;
  }
  const std::string select = "SELECT " + names + " FROM " + Quoted(table) + " ORDER BY rowid";
  const std::string insert_sql = "INSERT INTO " + Quoted(table) + " (" + names + ") " +
                                 (always ? "OVERRIDING SYSTEM VALUE " : "") + "VALUES (" +
                                 parameters + ")";
  const bool audit = table == "audit_events";
  int seq = -1, hash = -1;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == "seq") seq = static_cast<int>(i);
    if (columns[i].name == "hash") hash = static_cast<int>(i);
  }
  if (audit && (seq < 0 || hash < 0)) return Status::Internal("audit_events lacks seq or hash");

  RN_ASSIGN_OR_RETURN(rows, source.Prepare(select));
  RN_ASSIGN_OR_RETURN(insert, target.Prepare(insert_sql));
  std::int64_t copied = 0;
  for (;;) {
    Result<bool> row = rows->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      BindValue(*rows, static_cast<int>(i), columns[i], *insert);
    }
    Status inserted = insert->Run();
    insert->Reset();
    if (!inserted.ok()) {
      return Status(inserted.code(), "copy row " + std::to_string(copied + 1) + " of " + table +
                                         ": " + inserted.message());
    }
    if (audit) {
      RN_ASSIGN_OR_RETURN(
          head, target.Prepare("UPDATE audit_head SET last_seq = ?1, last_hash = ?2 WHERE id = 1"));
      RN_RETURN_IF_ERROR(
          head->Bind(1, rows->ColumnInt64(seq)).Bind(2, rows->ColumnText(hash)).Run());
    }
    ++copied;
  }
  for (const Column& column : columns) {
    if (!column.identity) continue;
    // The next id after the largest copied, as SQLite's AUTOINCREMENT would give.
    const std::string sql = "SELECT setval(pg_get_serial_sequence('" + table + "', '" +
                            column.name + "'), COALESCE(MAX(" + Quoted(column.name) +
                            "), 0) + 1, false) FROM " + Quoted(table);
    RN_ASSIGN_OR_RETURN(advance, target.Prepare(sql));
    RN_RETURN_IF_ERROR(advance->Run());
  }
  return copied;
}

}  // namespace

Status BackUpDatabase(const std::string& location, const std::string& file) {
  if (file.empty()) return Status::Invalid("to", "give the backup file to write");
  return IsPostgresUri(location) ? BackUpPostgres(location, file) : BackUpSqlite(location, file);
}

Status RestoreDatabase(const std::string& file, const std::string& location, bool replace) {
  if (!Exists(file)) return Status::NotFound("no backup at " + file);
  RN_RETURN_IF_ERROR(IsPostgresUri(location) ? RestorePostgres(file, location, replace)
                                             : RestoreSqlite(file, location, replace));
  // A backup made by an older build is brought up to this one's schema, as serve would.
  return Connect(location).status_or_ok();
}

Result<std::vector<CopiedTable>> CopyDatabase(const std::string& from, const std::string& to) {
  if (IsPostgresUri(from)) {
    return Status::Invalid("from", "copy reads a SQLite database (give its file or sqlite://PATH)");
  }
  if (!IsPostgresUri(to)) {
    return Status::Invalid("to", "copy writes a PostgreSQL database (a postgresql:// URI)");
  }
  if (!Exists(from)) return Status::NotFound("no database at " + from);
  RN_ASSIGN_OR_RETURN(source, Connect(from));
  RN_ASSIGN_OR_RETURN(target, Connect(to));

  RN_ASSIGN_OR_RETURN(tables, TablesInCopyOrder(*target));
  RN_ASSIGN_OR_RETURN(sqlite_tables, Rows(*source,
                                          "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                          "name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
                                          1));
  for (const auto& table : sqlite_tables) {
    if (std::find(tables.begin(), tables.end(), table[0]) == tables.end()) {
      return Status::Internal("the SQLite table " + table[0] +
                              " has no PostgreSQL counterpart; nothing was copied");
    }
  }
  // One snapshot of the source (a read transaction; SQLite's writers carry on in the WAL), one
  // transaction on the target: the copy is whole or not there at all.
  RN_RETURN_IF_ERROR(source->Exec("BEGIN", "start reading " + from));
  struct EndRead {
    Connection& source;
    ~EndRead() { (void)source.Exec("ROLLBACK", "finish reading"); }
  } end_read{*source};
  RN_ASSIGN_OR_RETURN(transaction, sql::Transaction::Begin(*target));
  RN_RETURN_IF_ERROR(RefuseUnlessEmpty(*target, tables));
  {
    RN_ASSIGN_OR_RETURN(head, target->Prepare("SELECT last_seq FROM audit_head WHERE id = 1"));
    RN_ASSIGN_OR_RETURN(row, head->Step());
    if (!row || head->ColumnInt64(0) != 0) {
      return Status::Invalid("to", "the PostgreSQL database's audit trail is not empty");
    }
  }
  std::vector<CopiedTable> copied;
  for (const std::string& table : tables) {
    if (IsBookkeeping(table)) continue;
    RN_ASSIGN_OR_RETURN(columns, ColumnsOf(*target, table));
    RN_ASSIGN_OR_RETURN(count, CopyTable(*source, *target, table, columns));
    copied.push_back({table, count});
  }
  RN_RETURN_IF_ERROR(transaction->Commit());
  return copied;
}

}  // namespace rn::storage
