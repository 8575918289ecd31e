#pragma once
// A thin layer over the SQLite C API for the sqlite/ repositories: one connection with a cache of
// prepared statements, statements with bound parameters, and transactions that nest (savepoints)
// and roll back unless committed. SQLite errors become Status values: constraint violations
// kConflict, a busy or locked database kUnavailable, anything else kInternal; the message names
// what was being done and SQLite's reason.

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "util/status.h"

namespace rn::storage::sqlite {

// The Status for SQLite result code `rc` on `db`, while doing `context` (e.g. "insert listing").
Status ErrorStatus(sqlite3* db, int rc, std::string_view context);

// A prepared statement, owned by the Connection that prepared it. Not thread-safe.
class Statement final {
 public:
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Bind parameter `index` (1-based). Text is not copied: it must stay alive until Reset(). A bind
  // error is kept and returned by the next Step() or Run().
  Statement& Bind(int index, std::string_view text);
  Statement& Bind(int index, std::int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, std::optional<double> value);
  Statement& BindNull(int index);
  // Binds `bytes` as a BLOB (not copied, as text).
  Statement& BindBlob(int index, std::string_view bytes);

  // Advances: true when a row is available, false when done, else the error.
  Result<bool> Step();
  // Steps to completion, ignoring rows; for statements that return none.
  Status Run();

  // Columns of the current row (0-based). Text is valid until the next Step() or Reset().
  std::string_view ColumnText(int column) const;
  // A BLOB column's bytes (empty for NULL). Valid until the next Step() or Reset().
  std::string_view ColumnBlob(int column) const;
  std::int64_t ColumnInt64(int column) const { return sqlite3_column_int64(stmt_, column); }
  double ColumnDouble(int column) const { return sqlite3_column_double(stmt_, column); }
  bool ColumnIsNull(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }
  std::optional<double> ColumnOptionalDouble(int column) const;

  // Makes the statement ready to run again, with no parameters bound.
  void Reset();

 private:
  void NoteBind(int rc, int index);

  sqlite3_stmt* stmt_;
  int bind_rc_ = SQLITE_OK;
};

// A cached statement in use: resets it when it goes out of scope.
class ScopedStatement final {
 public:
  explicit ScopedStatement(Statement* statement) : statement_(statement) {}
  ~ScopedStatement() {
    if (statement_ != nullptr) statement_->Reset();
  }
  ScopedStatement(ScopedStatement&& other) noexcept : statement_(other.statement_) {
    other.statement_ = nullptr;
  }
  ScopedStatement(const ScopedStatement&) = delete;
  ScopedStatement& operator=(const ScopedStatement&) = delete;
  ScopedStatement& operator=(ScopedStatement&&) = delete;

  Statement* operator->() const { return statement_; }
  Statement& operator*() const { return *statement_; }

 private:
  Statement* statement_;
};

// One SQLite connection. Used by one thread at a time.
class Connection final {
 public:
  // Opens (creating if needed) the database file at `path`; ":memory:" is a private in-memory
  // database. Sets extended result codes and `busy_timeout_ms`; configures nothing else.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, int busy_timeout_ms);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql`, one or more statements without parameters (schema, pragmas).
  Status Exec(std::string_view sql, std::string_view context);

  // The prepared statement for `sql`, prepared on first use and cached for the connection's life.
  // Each `sql` should be a named constant; at most one ScopedStatement per `sql` may be live at
  // once.
  Result<ScopedStatement> Prepare(std::string_view sql);

  // The number of rows the latest INSERT, UPDATE or DELETE on this connection changed.
  int Changes() const { return sqlite3_changes(db_); }

  // The number of Transactions open on this connection (0 outside any).
  int transaction_depth() const { return transaction_depth_; }

  sqlite3* handle() const { return db_; }

 private:
  friend class Transaction;

  explicit Connection(sqlite3* db) : db_(db) {}

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  sqlite3* db_;
  int transaction_depth_ = 0;
  std::unordered_map<std::string, std::unique_ptr<Statement>, StringHash, std::equal_to<>>
      statements_;
};

// A write transaction that nests. The outermost Begin on a connection is BEGIN IMMEDIATE (it takes
// the write lock up front, so it cannot deadlock on upgrade) and Commit is COMMIT. A Begin while
// another Transaction is open on the same connection is a SAVEPOINT named after its depth
// ("rn_savepoint_2", ...): its Commit is RELEASE, which keeps its writes as part of the enclosing
// transaction, and destroying it without a successful Commit is ROLLBACK TO + RELEASE, which undoes
// only its own writes. Destroying the outermost one without a Commit rolls everything back.
// Transactions on one connection end in the reverse order of their Begin (they are scoped).
//
// So a write that runs several statements opens a Transaction and is atomic on its own, and the
// same write made inside an enclosing Transaction (a unit of work) joins it.
class Transaction final {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // COMMIT (outermost) or RELEASE (nested). On failure the Transaction stays open and rolls back
  // when destroyed.
  Status Commit();

  // 1 for the outermost transaction, 2 for a savepoint inside it, and so on.
  int depth() const { return depth_; }

 private:
  Transaction(Connection& connection, int depth) : connection_(connection), depth_(depth) {}

  // "rn_savepoint_<depth>".
  std::string SavepointName() const;
  // Ends this transaction's frame on the connection (decrements the depth).
  void Close();

  Connection& connection_;
  const int depth_;
  bool open_ = true;
};

}  // namespace rn::storage::sqlite
