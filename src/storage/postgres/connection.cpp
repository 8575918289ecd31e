#include "storage/postgres/connection.h"

#include <spdlog/spdlog.h>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/prepared_statement>
#include <pqxx/result>
#include <utility>

namespace rn::storage::postgres {
namespace {

// What PostgreSQL said, as a Status naming `context`.
Status ErrorStatus(const std::exception& error, std::string_view context) {
  std::string message = "database error while trying to ";
  message.append(context).append(": ");
  std::string_view what = error.what();
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.remove_suffix(1);
  message.append(what);
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr ||
      dynamic_cast<const pqxx::transaction_rollback*>(&error) != nullptr) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    const std::string& state = sql->sqlstate();
    if (state.starts_with("23")) return Status(StatusCode::kConflict, std::move(message));
    // Serialization failure, deadlock, lock not available, query cancelled (statement timeout).
    if (state == "40001" || state == "40P01" || state == "55P03" || state == "57014") {
      return Status(StatusCode::kUnavailable, std::move(message));
    }
  }
  return Status(StatusCode::kInternal, std::move(message));
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& uri) {
  try {
    return std::unique_ptr<Connection>(new Connection(std::make_unique<pqxx::connection>(uri)));
  } catch (const std::exception& error) {
    return ErrorStatus(error, "connect");
  }
}

Connection::Connection(std::unique_ptr<pqxx::connection> connection)
    : connection_(std::move(connection)) {}

Connection::~Connection() = default;

Status Connection::Failed(const std::exception& error, std::string_view context) {
  if (transaction_depth_ > 0) aborted_ = true;
  return ErrorStatus(error, context);
}

// Statements run through a nontransaction, which sends them as they are: the connection's own
// transactions are BEGIN and SAVEPOINT statements of Transaction, not libpqxx's.
Status Connection::Exec(std::string_view sql, std::string_view context) {
  try {
    pqxx::nontransaction work(*connection_);
    work.exec(std::string(sql));
    return Status::Ok();
  } catch (const std::exception& error) {
    return Failed(error, context);
  }
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, const std::vector<Value>& params,
                                           std::string_view context) {
  std::vector<const char*> texts;  // a null pointer is NULL to libpqxx
  texts.reserve(params.size());
  for (const Value& param : params) texts.push_back(param ? param->c_str() : nullptr);
  try {
    pqxx::nontransaction work(*connection_);
    const pqxx::result result =
        work.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(texts));
    std::vector<Row> rows;
    rows.reserve(result.size());
    for (const auto& row : result) {
      Row& values = rows.emplace_back();
      values.reserve(row.size());
      for (const auto& field : row) {
        values.push_back(field.is_null() ? Value() : Value(std::string(field.c_str())));
      }
    }
    return rows;
  } catch (const std::exception& error) {
    return Failed(error, context);
  }
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Connection& connection) {
  const int depth = connection.transaction_depth_ + 1;
  // Made once the statement has run: one that failed has nothing to roll back.
  RN_RETURN_IF_ERROR(
      depth == 1 ? connection.Exec("BEGIN", "begin a transaction")
                 : connection.Exec("SAVEPOINT " + SavepointName(depth), "begin a savepoint"));
  connection.transaction_depth_ = depth;
  return std::unique_ptr<Transaction>(new Transaction(connection, depth));
}

std::string Transaction::SavepointName(int depth) {
  return "rn_savepoint_" + std::to_string(depth);
}

Transaction::~Transaction() {
  if (!open_) return;
  const Status status = depth_ == 1
                            ? connection_.Exec("ROLLBACK", "roll back a transaction")
                            : connection_.Exec("ROLLBACK TO SAVEPOINT " + SavepointName(depth_) +
                                                   "; RELEASE SAVEPOINT " + SavepointName(depth_),
                                               "roll back a savepoint");
  if (!status.ok()) spdlog::error("postgres: {}", status.message());
  // Rolled back to where it began: what failed in it no longer stops the enclosing transaction.
  if (status.ok()) connection_.aborted_ = false;
  connection_.transaction_depth_ = depth_ - 1;
}

Status Transaction::Commit() {
  if (depth_ == 1 && connection_.aborted_) {
    // PostgreSQL would answer COMMIT with a rollback; say so instead, and leave it to be rolled
    // back.
    return Status::Internal(
        "database error while trying to commit a transaction: a statement in it had failed");
  }
  RN_RETURN_IF_ERROR(depth_ == 1 ? connection_.Exec("COMMIT", "commit a transaction")
                                 : connection_.Exec("RELEASE SAVEPOINT " + SavepointName(depth_),
                                                    "release a savepoint"));
  open_ = false;
  connection_.transaction_depth_ = depth_ - 1;
  return Status::Ok();
}

}  // namespace rn::storage::postgres
