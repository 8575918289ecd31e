// casework::ReferralStore: referrals (migration 0008; the status index, 0011).

#include "storage/sql/casework_columns.h"
#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using casework::Referral;

constexpr std::string_view kColumns =
    "id, site_id, program_id, partner_id, first_name, phone, language, setting, urgency, reason, "
    "partner_reference, consent_to_contact, status, outcome, assigned_to, participant_id, "
    "received_by, received_at, accepted_at, first_contact_at, closed_at";

constexpr std::string_view kInsertReferral =
    "INSERT INTO referrals (id, site_id, program_id, partner_id, first_name, phone, language, "
    "setting, urgency, reason, partner_reference, consent_to_contact, status, outcome, "
    "assigned_to, participant_id, received_by, received_at, accepted_at, first_contact_at, "
    "closed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17, ?18, ?19, ?20, ?21)";
constexpr std::string_view kCountWithStatus =
    "SELECT COUNT(*) FROM referrals WHERE site_id = ?1 AND status = ?2";
constexpr std::string_view kUpdateLifecycle =
    "UPDATE referrals SET status = ?3, outcome = ?4, assigned_to = ?5, participant_id = ?6, "
    "accepted_at = ?7, first_contact_at = ?8, closed_at = ?9 WHERE site_id = ?1 AND id = ?2";

const std::string& SelectOne() {
  static const std::string sql =
      "SELECT " + std::string(kColumns) + " FROM referrals WHERE site_id = ?1 AND id = ?2";
  return sql;
}

// ?2 partner ('' for all), ?3 open only (0/1), ?4 before (NULL for the newest), ?5 before_id,
// ?6 limit. "Open" is every status casework::IsClosed does not close, spelt from its table.
const std::string& SelectMany() {
  static const std::string sql = [] {
    std::string closed;
    for (const auto& code : casework::kReferralStatuses.codes()) {
      if (!casework::IsClosed(code.value)) continue;
      if (!closed.empty()) closed += ", ";
      closed += "'" + std::string(code.name) + "'";
    }
    return "SELECT " + std::string(kColumns) +
           " FROM referrals WHERE site_id = ?1 AND (?2 = '' OR partner_id = ?2) AND (?3 = 0 OR "
           "status NOT IN (" +
           closed +
           ")) AND (CAST(?4 AS BIGINT) IS NULL OR received_at < ?4 OR (received_at = ?4 AND id < "
           "?5)) "
           "ORDER BY received_at DESC, id DESC LIMIT ?6";
  }();
  return sql;
}

Result<Referral> FromRow(const Statement& row) {
  Referral r;
  r.id = row.ColumnText(0);
  r.site_id = row.ColumnText(1);
  r.sent.program_id = row.ColumnText(2);
  r.sent.partner_id = row.ColumnText(3);
  r.sent.first_name = row.ColumnText(4);
  r.sent.phone = row.ColumnText(5);
  r.sent.language = row.ColumnText(6);
  RN_RETURN_IF_ERROR(ReadCode(row, 7, casework::kSettings, "referrals.setting", &r.sent.setting));
  RN_RETURN_IF_ERROR(ReadCode(row, 8, casework::kUrgencies, "referrals.urgency", &r.sent.urgency));
  RN_RETURN_IF_ERROR(
      ReadCode(row, 9, casework::kReferralReasons, "referrals.reason", &r.sent.reason));
  r.sent.partner_reference = row.ColumnText(10);
  r.sent.consent_to_contact = row.ColumnInt64(11) != 0;
  RN_RETURN_IF_ERROR(ReadCode(row, 12, casework::kReferralStatuses, "referrals.status", &r.status));
  RN_RETURN_IF_ERROR(
      ReadOptionalCode(row, 13, casework::kReferralOutcomes, "referrals.outcome", &r.outcome));
  r.assigned_to = row.ColumnText(14);
  r.participant_id = row.ColumnText(15);
  r.received_by = row.ColumnText(16);
  r.received_at = ColumnInstant(row, 17);
  r.accepted_at = ColumnOptionalInstant(row, 18);
  r.first_contact_at = ColumnOptionalInstant(row, 19);
  r.closed_at = ColumnOptionalInstant(row, 20);
  return r;
}

Result<std::vector<Referral>> Collect(Statement& statement) {
  return CollectRows<Referral>(statement, FromRow);
}

std::string_view OutcomeName(const Referral& referral) {
  return referral.outcome ? casework::kReferralOutcomes.Name(*referral.outcome) : "";
}

}  // namespace

Status SqlReferralStore::Insert(const Referral& r) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertReferral);
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  s.Bind(1, r.id)
      .Bind(2, r.site_id)
      .Bind(3, r.sent.program_id)
      .Bind(4, r.sent.partner_id)
      .Bind(5, r.sent.first_name)
      .Bind(6, r.sent.phone)
      .Bind(7, r.sent.language)
      .Bind(8, casework::kSettings.Name(r.sent.setting))
      .Bind(9, casework::kUrgencies.Name(r.sent.urgency))
      .Bind(10, casework::kReferralReasons.Name(r.sent.reason))
      .Bind(11, r.sent.partner_reference)
      .Bind(12, std::int64_t{r.sent.consent_to_contact ? 1 : 0})
      .Bind(13, casework::kReferralStatuses.Name(r.status))
      .Bind(14, OutcomeName(r))
      .Bind(15, r.assigned_to)
      .Bind(16, r.participant_id)
      .Bind(17, r.received_by)
      .Bind(18, UnixSeconds(r.received_at));
  BindInstant(s, 19, r.accepted_at);
  BindInstant(s, 20, r.first_contact_at);
  BindInstant(s, 21, r.closed_at);
  return s.Run();
}

Result<std::optional<Referral>> SqlReferralStore::Get(std::string_view site_id,
                                                      std::string_view id) {
  Result<ScopedStatement> statement = connection_.Prepare(SelectOne());
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, site_id).Bind(2, id);
  Result<std::vector<Referral>> found = Collect(**statement);
  if (!found.ok()) return found.status();
  if (found->empty()) return std::optional<Referral>();
  return std::optional<Referral>(std::move(found->front()));
}

Status SqlReferralStore::UpdateLifecycle(const Referral& r) {
  Result<ScopedStatement> update = connection_.Prepare(kUpdateLifecycle);
  if (!update.ok()) return update.status();
  Statement& s = **update;
  s.Bind(1, r.site_id)
      .Bind(2, r.id)
      .Bind(3, casework::kReferralStatuses.Name(r.status))
      .Bind(4, OutcomeName(r))
      .Bind(5, r.assigned_to)
      .Bind(6, r.participant_id);
  BindInstant(s, 7, r.accepted_at);
  BindInstant(s, 8, r.first_contact_at);
  BindInstant(s, 9, r.closed_at);
  RN_RETURN_IF_ERROR(s.Run());
  if (connection_.Changes() == 0) return Status::NotFound("there is no such referral");
  return Status::Ok();
}

Result<std::vector<Referral>> SqlReferralStore::List(std::string_view site_id,
                                                     const casework::ReferralQuery& query) {
  Result<ScopedStatement> statement = connection_.Prepare(SelectMany());
  if (!statement.ok()) return statement.status();
  Statement& s = **statement;
  s.Bind(1, site_id).Bind(2, query.partner_id).Bind(3, std::int64_t{query.open_only ? 1 : 0});
  BindInstant(s, 4, query.before);
  s.Bind(5, query.before_id).Bind(6, std::int64_t{query.limit});
  return Collect(s);
}

Result<int> SqlReferralStore::CountWithStatus(std::string_view site_id,
                                              casework::ReferralStatus status) {
  Result<ScopedStatement> statement = connection_.Prepare(kCountWithStatus);
  if (!statement.ok()) return statement.status();
  (*statement)->Bind(1, site_id).Bind(2, casework::kReferralStatuses.Name(status));
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  return static_cast<int>((*statement)->ColumnInt64(0));
}

}  // namespace rn::storage::sql
