#pragma once
// The thin layer over PostgreSQL (libpqxx) that the PostgreSQL repositories of issue 15 will stand
// on, with the rules of the SQLite layer (storage/sqlite/connection.h): errors as Status — an
// integrity constraint violated kConflict; a serialization failure, deadlock, lock timeout or lost
// connection kUnavailable; anything else kInternal; the message names what was being done — and a
// Transaction that nests: the outermost is BEGIN … COMMIT, one begun inside it a SAVEPOINT whose
// commit is RELEASE and whose end without a commit is ROLLBACK TO + RELEASE, undoing only its own
// writes. PostgreSQL ends a transaction's use at its first failed statement; rolling back to a
// savepoint makes the enclosing transaction usable again, as SQLite's savepoints do.

#include <memory>
#include <optional>
#include <pqxx/connection>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rn::storage::postgres {

// A statement's parameter or a result's value, as text; nullopt is NULL.
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// One PostgreSQL connection. Used by one thread at a time.
class Connection final {
 public:
  // Connects to `uri` (postgresql://user@host/database?…, as libpq reads it).
  static Result<std::unique_ptr<Connection>> Open(const std::string& uri);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs `sql`, one or more statements without parameters (schema, settings).
  Status Exec(std::string_view sql, std::string_view context);
  // Runs the one statement `sql` with `params` as $1, $2, …; its rows, every value as text.
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params,
                                 std::string_view context);

  // The number of Transactions open on this connection (0 outside any).
  int transaction_depth() const { return transaction_depth_; }

 private:
  friend class Transaction;
  explicit Connection(std::unique_ptr<pqxx::connection> connection);
  // The Status of a statement that threw `error`; a failure inside a transaction marks it aborted.
  Status Failed(const std::exception& error, std::string_view context);

  std::unique_ptr<pqxx::connection> connection_;
  int transaction_depth_ = 0;
  // A statement failed inside the open transaction, which PostgreSQL then refuses to go on with
  // until it is rolled back, whole or to a savepoint begun before the failure.
  bool aborted_ = false;
};

// A write transaction that nests, as sqlite::Transaction does (the header comment above).
// Destroying one without a successful Commit rolls back its writes; transactions on one connection
// end in the reverse order of their Begin.
class Transaction final {
 public:
  static Result<std::unique_ptr<Transaction>> Begin(Connection& connection);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // COMMIT (outermost) or RELEASE (nested). Committing an outermost transaction in which a
  // statement failed (not undone by a savepoint's rollback) is an error, and it stays to be rolled
  // back. On failure the Transaction stays open and rolls back when destroyed.
  Status Commit();

  // 1 for the outermost transaction, 2 for a savepoint inside it, and so on.
  int depth() const { return depth_; }

 private:
  Transaction(Connection& connection, int depth) : connection_(connection), depth_(depth) {}
  static std::string SavepointName(int depth);

  Connection& connection_;
  const int depth_;
  bool open_ = true;
};

}  // namespace rn::storage::postgres
