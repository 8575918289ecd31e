#include "storage/sqlite/connection.h"

#include <spdlog/spdlog.h>

#include <utility>

namespace rn::storage::sqlite {

Status ErrorStatus(sqlite3* db, int rc, std::string_view context) {
  std::string message = "database error while trying to ";
  message.append(context);
  message.append(": ");
  // The connection's message describes the latest failure only if it is the one we were handed.
  const bool current = db != nullptr && sqlite3_extended_errcode(db) == rc;
  message.append(current ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      return Status(StatusCode::kConflict, std::move(message));
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status(StatusCode::kUnavailable, std::move(message));
    default:
      return Status(StatusCode::kInternal, std::move(message));
  }
}

// ---- Statement ----

void Statement::NoteBind(int rc, int index) {
  if (rc != SQLITE_OK && bind_rc_ == SQLITE_OK) {
    bind_rc_ = rc;
    spdlog::error("sqlite: binding parameter {} failed: {}", index, sqlite3_errstr(rc));
  }
}

Statement& Statement::Bind(int index, std::string_view text) {
  NoteBind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8),
           index);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  NoteBind(sqlite3_bind_int64(stmt_, index, value), index);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  NoteBind(sqlite3_bind_double(stmt_, index, value), index);
  return *this;
}

Statement& Statement::BindNull(int index) {
  NoteBind(sqlite3_bind_null(stmt_, index), index);
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  NoteBind(sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_STATIC), index);
  return *this;
}

Result<bool> Statement::Step() {
  sqlite3* db = sqlite3_db_handle(stmt_);
  if (bind_rc_ != SQLITE_OK) return ErrorStatus(db, bind_rc_, "bind a statement parameter");
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return ErrorStatus(db, rc, "run a statement");
}

std::string_view Statement::ColumnText(int column) const {
  const unsigned char* text = sqlite3_column_text(stmt_, column);
  if (text == nullptr) return {};
  return {reinterpret_cast<const char*>(text),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

std::string_view Statement::ColumnBlob(int column) const {
  const void* blob = sqlite3_column_blob(stmt_, column);
  if (blob == nullptr) return {};
  return {static_cast<const char*>(blob),
          static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

void Statement::Reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
  bind_rc_ = SQLITE_OK;
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, int busy_timeout_ms) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    Status status = ErrorStatus(db, rc, "open the database");
    sqlite3_close_v2(db);  // a handle is returned even on failure (or nullptr, which is fine)
    return status;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, busy_timeout_ms);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  statements_.clear();  // statements are finalized before the connection closes
  sqlite3_close_v2(db_);
}

Status Connection::Exec(std::string_view sql, std::string_view context) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return ErrorStatus(db_, rc, context);
  return Status::Ok();
}

Result<sql::ScopedStatement> Connection::Prepare(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    sqlite3_stmt* stmt = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      sqlite3_finalize(stmt);
      return ErrorStatus(db_, rc, "prepare a statement");
    }
    found = statements_.emplace(std::string(sql), std::make_unique<Statement>(stmt)).first;
  }
  return sql::ScopedStatement(found->second.get());
}

// ---- Transactions ----

Status Connection::OpenFrame(int depth) {
  if (depth == 1) return Exec("BEGIN IMMEDIATE", "begin a transaction");
  // SQLite ends the whole transaction on some errors (e.g. SQLITE_FULL, SQLITE_IOERR): a savepoint
  // begun then would start a new transaction of its own, outside the enclosing one.
  if (sqlite3_get_autocommit(db_) != 0) {
    return Status::Internal(
        "database error while trying to begin a savepoint: the enclosing transaction was "
        "already rolled back");
  }
  return Exec("SAVEPOINT " + sql::SavepointName(depth), "begin a savepoint");
}

Status Connection::CommitFrame(int depth) {
  if (depth == 1) return Exec("COMMIT", "commit a transaction");
  if (sqlite3_get_autocommit(db_) != 0) {
    // RELEASE would fail anyway ("no such savepoint"); say why.
    return Status::Internal(
        "database error while trying to release a savepoint: the enclosing transaction was "
        "already rolled back");
  }
  return Exec("RELEASE " + sql::SavepointName(depth), "release a savepoint");
}

void Connection::RollbackFrame(int depth) {
  // A failed statement may already have ended the whole transaction (SQLite rolls back on some
  // errors); then there is nothing left to roll back.
  if (sqlite3_get_autocommit(db_) != 0) return;
  const std::string name = sql::SavepointName(depth);
  const Status status =
      depth == 1 ? Exec("ROLLBACK", "roll back a transaction")
                 : Exec("ROLLBACK TO " + name + "; RELEASE " + name, "roll back a savepoint");
  if (!status.ok()) spdlog::error("sqlite: {}", status.message());
}

}  // namespace rn::storage::sqlite
