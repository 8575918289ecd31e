// casework::ProgramStore: programs and partners (migration 0008).

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using casework::Partner;
using casework::Program;

constexpr std::string_view kInsertProgram =
    "INSERT INTO programs (site_id, id, name, kind) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kSelectPrograms =
    "SELECT site_id, id, name, kind FROM programs WHERE site_id = ?1 ORDER BY id";
constexpr std::string_view kSelectProgram =
    "SELECT site_id, id, name, kind FROM programs WHERE site_id = ?1 AND id = ?2";
constexpr std::string_view kInsertPartner =
    "INSERT INTO partners (site_id, id, name, kind) VALUES (?1, ?2, ?3, ?4)";
constexpr std::string_view kSelectPartners =
    "SELECT site_id, id, name, kind FROM partners WHERE site_id = ?1 ORDER BY id";
constexpr std::string_view kDeleteRoster =
    "DELETE FROM on_call_shifts WHERE site_id = ?1 AND program_id = ?2";
constexpr std::string_view kInsertShift =
    "INSERT INTO on_call_shifts (site_id, program_id, user_id, weekday, start_minute, "
    "duration_minutes, rank) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
constexpr std::string_view kSelectRoster =
    "SELECT user_id, weekday, start_minute, duration_minutes, rank FROM on_call_shifts "
    "WHERE site_id = ?1 AND program_id = ?2 ORDER BY weekday, start_minute, rank, user_id";
constexpr std::string_view kSelectPartner =
    "SELECT site_id, id, name, kind FROM partners WHERE site_id = ?1 AND id = ?2";

// A program or partner from the current row (site_id, id, name, kind), its kind read with
// `kinds`; kInternal for a kind the table does not know.
template <typename Record, typename Kinds>
Result<Record> FromRow(const Statement& row, const Kinds& kinds, std::string_view table) {
  Record record;
  record.site_id = row.ColumnText(0);
  record.id = row.ColumnText(1);
  record.name = row.ColumnText(2);
  const auto kind = kinds.Find(row.ColumnText(3));
  if (!kind) return Status::Internal(std::string(table) + ".kind holds an unknown kind");
  record.kind = *kind;
  return record;
}

template <typename Record, typename Kinds>
Result<std::vector<Record>> Select(Connection& connection, std::string_view sql,
                                   std::string_view site_id, std::optional<std::string_view> id,
                                   const Kinds& kinds, std::string_view table) {
  Result<ScopedStatement> statement = connection.Prepare(sql);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, site_id);
  if (id) (*statement)->Bind(2, *id);
  std::vector<Record> records;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Result<Record> record = FromRow<Record>(**statement, kinds, table);
    if (!record.ok()) return record.status();
    records.push_back(std::move(*record));
  }
  return records;
}

template <typename Record>
Result<std::optional<Record>> First(Result<std::vector<Record>> records) {
  if (!records.ok()) return records.status();
  if (records->empty()) return std::optional<Record>();
  return std::optional<Record>(std::move(records->front()));
}

template <typename Record, typename Kinds>
Status Insert(Connection& connection, std::string_view sql, const Record& record,
              const Kinds& kinds) {
  Result<ScopedStatement> insert = connection.Prepare(sql);
  if (!insert.ok()) return insert.status();
  return (*insert)
      ->Bind(1, record.site_id)
      .Bind(2, record.id)
      .Bind(3, record.name)
      .Bind(4, kinds.Name(record.kind))
      .Run();
}

}  // namespace

Status SqlProgramStore::InsertProgram(const Program& program) {
  return Insert(connection_, kInsertProgram, program, casework::kProgramKinds);
}

Result<std::vector<Program>> SqlProgramStore::ListPrograms(std::string_view site_id) {
  return Select<Program>(connection_, kSelectPrograms, site_id, std::nullopt,
                         casework::kProgramKinds, "programs");
}

Result<std::optional<Program>> SqlProgramStore::GetProgram(std::string_view site_id,
                                                           std::string_view id) {
  return First(Select<Program>(connection_, kSelectProgram, site_id, id, casework::kProgramKinds,
                               "programs"));
}

Status SqlProgramStore::InsertPartner(const Partner& partner) {
  return Insert(connection_, kInsertPartner, partner, casework::kPartnerKinds);
}

Result<std::vector<Partner>> SqlProgramStore::ListPartners(std::string_view site_id) {
  return Select<Partner>(connection_, kSelectPartners, site_id, std::nullopt,
                         casework::kPartnerKinds, "partners");
}

Result<std::optional<Partner>> SqlProgramStore::GetPartner(std::string_view site_id,
                                                           std::string_view id) {
  return First(Select<Partner>(connection_, kSelectPartner, site_id, id, casework::kPartnerKinds,
                               "partners"));
}

Status SqlProgramStore::ReplaceRoster(std::string_view site_id, std::string_view program_id,
                                      const std::vector<casework::Shift>& shifts) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  {
    Result<ScopedStatement> clear = connection_.Prepare(kDeleteRoster);
    if (!clear.ok()) return clear.status();
    RN_RETURN_IF_ERROR((*clear)->Bind(1, site_id).Bind(2, program_id).Run());
  }
  for (const casework::Shift& shift : shifts) {
    Result<ScopedStatement> insert = connection_.Prepare(kInsertShift);
    if (!insert.ok()) return insert.status();
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, site_id)
                           .Bind(2, program_id)
                           .Bind(3, shift.user_id)
                           .Bind(4, std::int64_t{shift.weekday})
                           .Bind(5, std::int64_t{shift.start_minute})
                           .Bind(6, std::int64_t{shift.duration_minutes})
                           .Bind(7, std::int64_t{shift.rank})
                           .Run());
  }
  return (*transaction)->Commit();
}

Result<std::vector<casework::Shift>> SqlProgramStore::ListRoster(std::string_view site_id,
                                                                 std::string_view program_id) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectRoster);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, site_id).Bind(2, program_id);
  std::vector<casework::Shift> shifts;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    const Statement& s = **statement;
    shifts.push_back({std::string(s.ColumnText(0)), static_cast<int>(s.ColumnInt64(1)),
                      static_cast<int>(s.ColumnInt64(2)), static_cast<int>(s.ColumnInt64(3)),
                      static_cast<int>(s.ColumnInt64(4))});
  }
  return shifts;
}

}  // namespace rn::storage::sql
