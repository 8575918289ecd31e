#pragma once
// What the repositories (storage/sql/) stand on, whichever database is underneath: a connection
// with prepared statements, statements with bound parameters, and transactions that nest
// (savepoints) and roll back unless committed. storage/sqlite/connection.h and
// storage/postgres/connection.h implement it. Errors are Status values with the same codes on
// both: an integrity constraint violated kConflict; a busy or locked database, a serialization
// failure or a lost connection kUnavailable; anything else kInternal. The message names what was
// being done and the database's reason.
//
// SQL is written once for both databases, with parameters numbered ?1, ?2, … (PostgreSQL's
// connection reads them as $1, $2, …). Where the two dialects differ, a repository asks
// dialect().

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace rn::storage::sql {

enum class Dialect { kSqlite, kPostgres };

// A prepared statement, owned by the Connection that prepared it. Not thread-safe.
class Statement {
 public:
  virtual ~Statement() = default;

  // Bind parameter `index` (1-based). Text and bytes are not copied: they must stay alive until
  // the statement has run (Step() or Run()) or Reset(). A bind error is kept and returned by the
  // next Step() or Run().
  virtual Statement& Bind(int index, std::string_view text) = 0;
  virtual Statement& Bind(int index, std::int64_t value) = 0;
  virtual Statement& Bind(int index, double value) = 0;
  Statement& Bind(int index, std::optional<double> value) {
    return value.has_value() ? Bind(index, *value) : BindNull(index);
  }
  virtual Statement& BindNull(int index) = 0;
  // Binds `bytes` as a BLOB (BYTEA on PostgreSQL).
  virtual Statement& BindBlob(int index, std::string_view bytes) = 0;

  // Advances: true when a row is available, false when done, else the error.
  virtual Result<bool> Step() = 0;
  // Steps to completion, ignoring rows; for statements that return none.
  Status Run();

  // Columns of the current row (0-based). Text is valid until the next Step() or Reset().
  virtual std::string_view ColumnText(int column) const = 0;
  // A BLOB column's bytes (empty for NULL). Valid until the next Step() or Reset().
  virtual std::string_view ColumnBlob(int column) const = 0;
  virtual std::int64_t ColumnInt64(int column) const = 0;
  virtual double ColumnDouble(int column) const = 0;
  virtual bool ColumnIsNull(int column) const = 0;
  std::optional<double> ColumnOptionalDouble(int column) const {
    if (ColumnIsNull(column)) return std::nullopt;
    return ColumnDouble(column);
  }

  // Makes the statement ready to run again, with no parameters bound.
  virtual void Reset() = 0;
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

// One database connection. Used by one thread at a time.
class Connection {
 public:
  virtual ~Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  virtual Dialect dialect() const = 0;

  // Runs `sql`, one or more statements without parameters (schema, settings).
  virtual Status Exec(std::string_view sql, std::string_view context) = 0;

  // The prepared statement for `sql`, prepared on first use and cached for the connection's life.
  // Each `sql` should be a named constant; at most one ScopedStatement per `sql` may be live at
  // once.
  virtual Result<ScopedStatement> Prepare(std::string_view sql) = 0;

  // The number of rows the latest INSERT, UPDATE or DELETE on this connection changed.
  virtual int Changes() const = 0;

  // Asks to be told of the notifications sent on `channel` (PostgreSQL's LISTEN; what
  // `SELECT pg_notify(channel, payload)` sends is delivered when its transaction commits).
  // kUnavailable on SQLite, whose database has no other servers to hear from.
  virtual Status Listen(std::string_view channel) {
    return Status(StatusCode::kUnavailable,
                  "only a PostgreSQL database sends notifications (asked to listen on " +
                      std::string(channel) + ")");
  }
  // Waits up to `timeout` for notifications on the channels listened to; their payloads, in the
  // order they came (none when the time ran out).
  virtual Result<std::vector<std::string>> AwaitNotifications(std::chrono::milliseconds timeout) {
    (void)timeout;
    return Status(StatusCode::kUnavailable, "only a PostgreSQL database sends notifications");
  }

  // Who this connection writes for, in the notifications it sends (the listing writes other
  // servers hear): empty for this process, whose connections are one server; tests set it to
  // make two servers of one process.
  const std::string& origin() const { return origin_; }
  void set_origin(std::string origin) { origin_ = std::move(origin); }

  // The number of Transactions open on this connection (0 outside any).
  int transaction_depth() const { return transaction_depth_; }

 protected:
  Connection() = default;

 private:
  friend class Transaction;

  // The statements of a Transaction at `depth` (1: the transaction itself; 2 and more: a
  // savepoint, "rn_savepoint_<depth>"). Open: BEGIN (taking the database's write lock, so that
  // writers take turns as they do on SQLite) or SAVEPOINT. Commit: COMMIT or RELEASE. Roll back:
  // ROLLBACK, or ROLLBACK TO + RELEASE, which undoes only the savepoint's own writes; it logs what
  // it cannot do.
  virtual Status OpenFrame(int depth) = 0;
  virtual Status CommitFrame(int depth) = 0;
  virtual void RollbackFrame(int depth) = 0;

  int transaction_depth_ = 0;
  std::string origin_;
};

// A write transaction that nests. The outermost Begin on a connection begins a transaction that
// holds the database's write lock (on SQLite BEGIN IMMEDIATE, which cannot deadlock on upgrade);
// a Begin while another Transaction is open on the same connection is a SAVEPOINT: its Commit
// keeps its writes as part of the enclosing transaction, and destroying it without a successful
// Commit undoes only its own writes. Destroying the outermost one without a Commit rolls
// everything back. Transactions on one connection end in the reverse order of their Begin (they
// are scoped).
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
  // Ends this transaction's frame on the connection (decrements the depth).
  void Close();

  Connection& connection_;
  const int depth_;
  bool open_ = true;
};

// `sqlite` on SQLite, `postgres` on PostgreSQL: for the few statements the two spell differently.
inline std::string_view Spelled(const Connection& connection, std::string_view sqlite,
                                std::string_view postgres) {
  return connection.dialect() == Dialect::kPostgres ? postgres : sqlite;
}

// "rn_savepoint_<depth>". Inline, as is all of this header but Transaction and Statement::Run:
// the PostgreSQL connection is built into a module of its own (storage/postgres/module.h).
inline std::string SavepointName(int depth) { return "rn_savepoint_" + std::to_string(depth); }

}  // namespace rn::storage::sql
