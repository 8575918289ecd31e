#pragma once
// storage/sql/connection.h on PostgreSQL (libpqxx): the repositories' statements, prepared once per
// connection, with the rules of the SQLite layer. Errors as Status: an integrity constraint
// violated kConflict; a serialization failure, deadlock, lock timeout or lost connection
// kUnavailable; anything else kInternal; the message names what was being done.
//
// Parameters are sent as text, and values come back as text: numbers are written and read in
// their shortest exact form (PostgreSQL 12 and later print doubles so they read back exactly), and
// bytes travel as BYTEA's hex form. A statement's ?N parameters are sent as $N.
//
// Transactions nest as on SQLite. The outermost takes a transaction-scoped advisory lock, so that
// writers take turns as SQLite's BEGIN IMMEDIATE makes them do: a use case that reads and then
// writes sees no other writer's commit in between, on one server or many. PostgreSQL ends a
// transaction's use at its first failed statement; rolling back to a savepoint makes the enclosing
// transaction usable again, as SQLite's savepoints do, and committing a transaction in which a
// statement failed (not undone by a savepoint's rollback) is an error.

#include <memory>
#include <optional>
#include <pqxx/connection>
#include <pqxx/result>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "storage/sql/connection.h"
#include "util/status.h"

namespace rn::storage::postgres {

// A statement's parameter or a result's value, as text; nullopt is NULL.
using Value = std::optional<std::string>;
using Row = std::vector<Value>;

// `sql` with each ?N parameter written $N, as PostgreSQL numbers them (outside quotes).
std::string NumberedParameters(std::string_view sql);

class Connection;

// A prepared statement, owned by the Connection that prepared it. It runs at its first Step()
// and keeps the whole result until Reset().
class Statement final : public sql::Statement {
 public:
  Statement(Connection& connection, std::string name, int parameters);

  using sql::Statement::Bind;
  Statement& Bind(int index, std::string_view text) override;
  Statement& Bind(int index, std::int64_t value) override;
  Statement& Bind(int index, double value) override;
  Statement& BindNull(int index) override;
  Statement& BindBlob(int index, std::string_view bytes) override;

  Result<bool> Step() override;

  std::string_view ColumnText(int column) const override;
  std::string_view ColumnBlob(int column) const override;
  std::int64_t ColumnInt64(int column) const override;
  double ColumnDouble(int column) const override;
  bool ColumnIsNull(int column) const override;

  void Reset() override;

 private:
  Value& Parameter(int index);

  Connection& connection_;
  const std::string name_;
  std::vector<Value> parameters_;
  bool bind_failed_ = false;
  bool ran_ = false;
  pqxx::result result_;
  std::ptrdiff_t row_ = -1;
  mutable std::string blob_;  // the latest ColumnBlob's bytes, decoded
};

// One PostgreSQL connection. Used by one thread at a time.
class Connection final : public sql::Connection {
 public:
  // Connects to `uri` (postgresql://user@host/database?…, as libpq reads it).
  static Result<std::unique_ptr<Connection>> Open(const std::string& uri);
  ~Connection() override;

  sql::Dialect dialect() const override { return sql::Dialect::kPostgres; }
  Status Exec(std::string_view sql, std::string_view context) override;
  Result<sql::ScopedStatement> Prepare(std::string_view sql) override;
  int Changes() const override { return changes_; }
  Status Listen(std::string_view channel) override;
  Result<std::vector<std::string>> AwaitNotifications(std::chrono::milliseconds timeout) override;

  // Runs the one statement `sql` with `params` as $1, $2, … without preparing it; its rows, every
  // value as text. For the few statements run once (settings, the schema's catalogue).
  Result<std::vector<Row>> Query(std::string_view sql, const std::vector<Value>& params,
                                 std::string_view context);

 private:
  friend class Statement;
  explicit Connection(std::unique_ptr<pqxx::connection> connection);

  Status OpenFrame(int depth) override;
  Status CommitFrame(int depth) override;
  void RollbackFrame(int depth) override;

  // Runs prepared statement `name` with `parameters`.
  Result<pqxx::result> RunPrepared(const std::string& name, const std::vector<Value>& parameters);
  // The Status of a statement that threw `error`; a failure inside a transaction marks it aborted.
  Status Failed(const std::exception& error, std::string_view context);

  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view text) const {
      return std::hash<std::string_view>{}(text);
    }
  };

  class Receiver;

  std::unique_ptr<pqxx::connection> connection_;
  // The channels listened to (destroyed before connection_, which they refer to), and the
  // payloads they have received and AwaitNotifications has not yet returned.
  std::vector<std::unique_ptr<Receiver>> receivers_;
  std::vector<std::string> notifications_;
  std::unordered_map<std::string, std::unique_ptr<Statement>, StringHash, std::equal_to<>>
      statements_;
  int changes_ = 0;
  // A statement failed inside the open transaction, which PostgreSQL then refuses to go on with
  // until it is rolled back, whole or to a savepoint begun before the failure.
  bool aborted_ = false;
};

}  // namespace rn::storage::postgres
