#pragma once
// Internal to sql/: how the casework repositories bind and read their columns. Instants are
// Unix seconds (NULL while they have not happened), days "YYYY-MM-DD" text, codes as casework's
// code tables spell them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/calendar.h"
#include "storage/sql/connection.h"
#include "storage/sql/repositories.h"
#include "util/text.h"

namespace rn::storage::sql {

inline Statement& BindInstant(Statement& statement, int index, const std::optional<Instant>& at) {
  return at ? statement.Bind(index, UnixSeconds(*at)) : statement.BindNull(index);
}

inline Instant ColumnInstant(const Statement& row, int column) {
  return Instant{std::chrono::seconds{row.ColumnInt64(column)}};
}

inline std::optional<Instant> ColumnOptionalInstant(const Statement& row, int column) {
  if (row.ColumnIsNull(column)) return std::nullopt;
  return ColumnInstant(row, column);
}

// Binds `day` as "YYYY-MM-DD", or NULL. The text lives in `*keep`, which must outlive the run.
inline Statement& BindDay(Statement& statement, int index, const std::optional<casework::Day>& day,
                          std::string* keep) {
  if (!day) return statement.BindNull(index);
  *keep = casework::FormatDay(*day);
  return statement.Bind(index, *keep);
}

// The day in `column` (nullopt for NULL); kInternal naming `column_name` for one that is not a
// day.
inline Result<std::optional<casework::Day>> ColumnDay(const Statement& row, int column,
                                                      std::string_view column_name) {
  if (row.ColumnIsNull(column)) return std::optional<casework::Day>();
  Result<casework::Day> day = casework::ParseDay(column_name, row.ColumnText(column));
  if (!day.ok()) return Status::Internal(std::string(column_name) + " holds a day that is not one");
  return std::optional<casework::Day>(*day);
}

// Reads the code in `column` with `table` into `*into`; kInternal naming `column_name`
// ("referrals.status") for a code the table does not know.
template <typename Table, typename Value>
Status ReadCode(const Statement& row, int column, const Table& table, std::string_view column_name,
                Value* into) {
  const auto value = table.Find(row.ColumnText(column));
  if (!value) return Status::Internal(std::string(column_name) + " holds an unknown code");
  *into = *value;
  return Status::Ok();
}

// As ReadCode, into `*into`: nullopt for NULL or an empty text (a code not given).
template <typename Table, typename Value>
Status ReadOptionalCode(const Statement& row, int column, const Table& table,
                        std::string_view column_name, std::optional<Value>* into) {
  into->reset();
  if (row.ColumnIsNull(column) || row.ColumnText(column).empty()) return Status::Ok();
  Value value{};
  RN_RETURN_IF_ERROR(ReadCode(row, column, table, column_name, &value));
  *into = value;
  return Status::Ok();
}

// "a,b,c": the codes of `values`, in their order.
template <typename Table, typename E>
std::string JoinCodes(const Table& table, const std::vector<E>& values) {
  std::string out;
  for (E value : values) {
    if (!out.empty()) out += ',';
    out += table.Name(value);
  }
  return out;
}

// Appends the codes of comma-joined `text` (empty: none) read with `table` to `*into`; kInternal
// naming `column_name` for one the table does not know.
template <typename Table, typename E>
Status SplitCodes(std::string_view text, const Table& table, std::string_view column_name,
                  std::vector<E>* into) {
  if (text.empty()) return Status::Ok();
  for (std::string_view code : text::SplitCommas(text)) {
    const auto value = table.Find(code);
    if (!value) return Status::Internal(std::string(column_name) + " holds an unknown code");
    into->push_back(*value);
  }
  return Status::Ok();
}

// Every row `statement` returns, each read with `from_row` (Result<T>(const Statement&)).
template <typename T, typename FromRow>
Result<std::vector<T>> CollectRows(Statement& statement, FromRow from_row) {
  std::vector<T> records;
  for (;;) {
    Result<bool> row = statement.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Result<T> record = from_row(statement);
    if (!record.ok()) return record.status();
    records.push_back(std::move(*record));
  }
  return records;
}

}  // namespace rn::storage::sql
