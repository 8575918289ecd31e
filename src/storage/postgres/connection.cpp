#include "storage/postgres/connection.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/notification>
#include <pqxx/prepared_statement>
#include <utility>

namespace rn::storage::postgres {
namespace {

// The key of the advisory lock every outermost transaction takes (writers take turns); any
// number, the same in every process on the database.
constexpr std::string_view kBeginWriting = "BEGIN; SELECT pg_advisory_xact_lock(4827309126)";

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

std::vector<const char*> TextsOf(const std::vector<Value>& values) {
  std::vector<const char*> texts;  // a null pointer is NULL to libpqxx
  texts.reserve(values.size());
  for (const Value& value : values) texts.push_back(value ? value->c_str() : nullptr);
  return texts;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string NumberedParameters(std::string_view sql) {
  std::string out;
  out.reserve(sql.size());
  char quote = 0;  // the quote we are inside, if any
  for (char c : sql) {
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '\'' || c == '"') {
      quote = c;
    } else if (c == '?') {
      c = '$';
    }
    out.push_back(c);
  }
  return out;
}

// ---- Statement ----

Statement::Statement(Connection& connection, std::string name, int parameters)
    : connection_(connection), name_(std::move(name)), parameters_(parameters) {}

Value& Statement::Parameter(int index) {
  if (index < 1 || index > static_cast<int>(parameters_.size())) {
    if (!bind_failed_) spdlog::error("postgres: binding parameter {} out of range", index);
    bind_failed_ = true;
    static Value ignored;
    return ignored;
  }
  return parameters_[static_cast<std::size_t>(index - 1)];
}

Statement& Statement::Bind(int index, std::string_view text) {
  Parameter(index) = std::string(text);
  return *this;
}

Statement& Statement::Bind(int index, std::int64_t value) {
  Parameter(index) = std::to_string(value);
  return *this;
}

Statement& Statement::Bind(int index, double value) {
  char buffer[32];
  const auto [end, error] = std::to_chars(buffer, buffer + sizeof buffer, value);  // shortest exact
  Parameter(index) = std::string(buffer, error == std::errc() ? end : buffer);
  return *this;
}

Statement& Statement::BindNull(int index) {
  Parameter(index).reset();
  return *this;
}

Statement& Statement::BindBlob(int index, std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex = "\\x";
  hex.reserve(2 + 2 * bytes.size());
  for (unsigned char byte : bytes) {
    hex.push_back(kDigits[byte >> 4]);
    hex.push_back(kDigits[byte & 0xf]);
  }
  Parameter(index) = std::move(hex);
  return *this;
}

Result<bool> Statement::Step() {
  if (bind_failed_) return Status::Internal("database error while trying to bind a parameter");
  if (!ran_) {
    Result<pqxx::result> result = connection_.RunPrepared(name_, parameters_);
    if (!result.ok()) return result.status();
    result_ = std::move(*result);
    ran_ = true;
  }
  ++row_;
  return row_ < static_cast<std::ptrdiff_t>(result_.size());
}

std::string_view Statement::ColumnText(int column) const {
  const pqxx::field field = result_[static_cast<pqxx::result::size_type>(row_)][column];
  return {field.c_str(), field.size()};
}

std::string_view Statement::ColumnBlob(int column) const {
  const std::string_view hex = ColumnText(column);  // "\x0a1b…"
  blob_.clear();
  if (hex.size() < 2) return {};
  blob_.reserve((hex.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < hex.size(); i += 2) {
    blob_.push_back(static_cast<char>(HexDigit(hex[i]) * 16 + HexDigit(hex[i + 1])));
  }
  return blob_;
}

std::int64_t Statement::ColumnInt64(int column) const {
  const std::string_view text = ColumnText(column);
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);  // NULL and '' read as 0
  return value;
}

double Statement::ColumnDouble(int column) const {
  const std::string_view text = ColumnText(column);
  double value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

bool Statement::ColumnIsNull(int column) const {
  return result_[static_cast<pqxx::result::size_type>(row_)][column].is_null();
}

void Statement::Reset() {
  for (Value& parameter : parameters_) parameter.reset();
  bind_failed_ = false;
  ran_ = false;
  result_.clear();
  row_ = -1;
}

// ---- Connection ----

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& uri) {
  try {
    return std::unique_ptr<Connection>(new Connection(std::make_unique<pqxx::connection>(uri)));
  } catch (const std::exception& error) {
    return ErrorStatus(error, "connect");
  }
}

// Keeps what arrives on one channel for AwaitNotifications.
class Connection::Receiver final : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& connection, const std::string& channel,
           std::vector<std::string>& into)
      : pqxx::notification_receiver(connection, channel), into_(into) {}
  void operator()(const std::string& payload, int /*backend_pid*/) override {
    into_.push_back(payload);
  }

 private:
  std::vector<std::string>& into_;
};

Connection::Connection(std::unique_ptr<pqxx::connection> connection)
    : connection_(std::move(connection)) {}

Connection::~Connection() = default;

Status Connection::Listen(std::string_view channel) {
  try {
    receivers_.push_back(
        std::make_unique<Receiver>(*connection_, std::string(channel), notifications_));
    return Status::Ok();
  } catch (const std::exception& error) {
    return Failed(error, "listen for notifications");
  }
}

Result<std::vector<std::string>> Connection::AwaitNotifications(std::chrono::milliseconds timeout) {
  try {
    if (notifications_.empty() && connection_->get_notifs() == 0) {
      const auto micros = std::chrono::duration_cast<std::chrono::microseconds>(timeout).count();
      connection_->await_notification(static_cast<long>(micros / 1000000),
                                      static_cast<long>(micros % 1000000));
    }
    return std::exchange(notifications_, {});
  } catch (const std::exception& error) {
    return Failed(error, "wait for notifications");
  }
}

Status Connection::Failed(const std::exception& error, std::string_view context) {
  if (transaction_depth() > 0) aborted_ = true;
  return ErrorStatus(error, context);
}

// Statements run through a nontransaction, which sends them as they are: the connection's own
// transactions are BEGIN and SAVEPOINT statements, not libpqxx's.
Status Connection::Exec(std::string_view sql, std::string_view context) {
  try {
    pqxx::nontransaction work(*connection_);
    work.exec(std::string(sql));
    return Status::Ok();
  } catch (const std::exception& error) {
    return Failed(error, context);
  }
}

Result<sql::ScopedStatement> Connection::Prepare(std::string_view sql) {
  auto found = statements_.find(sql);
  if (found == statements_.end()) {
    int parameters = 0;
    for (std::size_t at = sql.find('?'); at != std::string_view::npos; at = sql.find('?', at + 1)) {
      int number = 0;
      std::from_chars(sql.data() + at + 1, sql.data() + sql.size(), number);
      parameters = std::max(parameters, number);
    }
    std::string name = "rn_" + std::to_string(statements_.size() + 1);
    try {
      connection_->prepare(name, NumberedParameters(sql));  // sent at its first use
    } catch (const std::exception& error) {
      return Failed(error, "prepare a statement");
    }
    found = statements_
                .emplace(std::string(sql),
                         std::make_unique<Statement>(*this, std::move(name), parameters))
                .first;
  }
  return sql::ScopedStatement(found->second.get());
}

Result<pqxx::result> Connection::RunPrepared(const std::string& name,
                                             const std::vector<Value>& parameters) {
  try {
    pqxx::nontransaction work(*connection_);
    pqxx::result result =
        work.exec_prepared(name, pqxx::prepare::make_dynamic_params(TextsOf(parameters)));
    changes_ = static_cast<int>(result.affected_rows());
    return result;
  } catch (const std::exception& error) {
    return Failed(error, "run a statement");
  }
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, const std::vector<Value>& params,
                                           std::string_view context) {
  try {
    pqxx::nontransaction work(*connection_);
    const pqxx::result result =
        work.exec_params(std::string(sql), pqxx::prepare::make_dynamic_params(TextsOf(params)));
    changes_ = static_cast<int>(result.affected_rows());
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

// ---- Transactions ----

Status Connection::OpenFrame(int depth) {
  if (depth == 1) return Exec(kBeginWriting, "begin a transaction");
  return Exec("SAVEPOINT " + sql::SavepointName(depth), "begin a savepoint");
}

Status Connection::CommitFrame(int depth) {
  if (depth > 1)
    return Exec("RELEASE SAVEPOINT " + sql::SavepointName(depth), "release a savepoint");
  if (aborted_) {
    // PostgreSQL would answer COMMIT with a rollback; say so instead, and leave it to be rolled
    // back.
    return Status::Internal(
        "database error while trying to commit a transaction: a statement in it had failed");
  }
  return Exec("COMMIT", "commit a transaction");
}

void Connection::RollbackFrame(int depth) {
  const std::string name = sql::SavepointName(depth);
  const Status status = depth == 1
                            ? Exec("ROLLBACK", "roll back a transaction")
                            : Exec("ROLLBACK TO SAVEPOINT " + name + "; RELEASE SAVEPOINT " + name,
                                   "roll back a savepoint");
  if (!status.ok()) spdlog::error("postgres: {}", status.message());
  // Rolled back to where it began: what failed in it no longer stops the enclosing transaction.
  if (status.ok()) aborted_ = false;
}

}  // namespace rn::storage::postgres
