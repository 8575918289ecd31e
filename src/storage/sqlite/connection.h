#pragma once
// storage/sql/connection.h on the SQLite C API: one connection with a cache of prepared
// statements. SQLite errors become Status values: constraint violations kConflict, a busy or
// locked database kUnavailable, anything else kInternal; the message names what was being done and
// SQLite's reason.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "storage/sql/connection.h"
#include "util/status.h"

namespace rn::storage::sqlite {

// The Status for SQLite result code `rc` on `db`, while doing `context` (e.g. "insert listing").
Status ErrorStatus(sqlite3* db, int rc, std::string_view context);

// A prepared SQLite statement, owned by the Connection that prepared it.
class Statement final : public sql::Statement {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() override { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  using sql::Statement::Bind;
  Statement& Bind(int index, std::string_view text) override;
  Statement& Bind(int index, std::int64_t value) override;
  Statement& Bind(int index, double value) override;
  Statement& BindNull(int index) override;
  Statement& BindBlob(int index, std::string_view bytes) override;

  Result<bool> Step() override;

  std::string_view ColumnText(int column) const override;
  std::string_view ColumnBlob(int column) const override;
  std::int64_t ColumnInt64(int column) const override {
    return sqlite3_column_int64(stmt_, column);
  }
  double ColumnDouble(int column) const override { return sqlite3_column_double(stmt_, column); }
  bool ColumnIsNull(int column) const override {
    return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
  }

  void Reset() override;

 private:
  void NoteBind(int rc, int index);

  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

// One SQLite connection. Used by one thread at a time.
class Connection final : public sql::Connection {
 public:
  // Opens (creating if needed) the database file at `path`; ":memory:" is a private in-memory
  // database. Sets extended result codes and `busy_timeout_ms`; configures nothing else.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int busy_timeout_ms);
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kSqlite; }
  Status Exec(std::string_view sql, std::string_view context) override;
  Result<sql::ScopedStatement> Prepare(std::string_view sql) override;
  int Changes() const override { return sqlite3_changes(db_); }

  sqlite3* handle() const { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}

  // BEGIN IMMEDIATE takes the write lock up front, so a transaction cannot deadlock on upgrade.
  Status OpenFrame(int depth) override;
  Status CommitFrame(int depth) override;
  void RollbackFrame(int depth) override;

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  sqlite3* db_;
  std::unordered_map<std::string, std::unique_ptr<Statement>, StringHash, std::equal_to<>>
      statements_;
};

}  // namespace rn::storage::sqlite
