// casework::ParticipantStore: participants with their caseload summary, enrolments and
// assignments (migration 0011).

#include "storage/sql/casework_columns.h"
#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using casework::Assignment;
using casework::CaseloadEntry;
using casework::CoachLoad;
using casework::Enrolment;
using casework::Participant;
using casework::ParticipantSummary;

constexpr std::string_view kInsertParticipant =
    "INSERT INTO participants (id, site_id, first_name, last_name, name_key, date_of_birth, "
    "pronouns, language, phone, may_leave_message, do_not_contact, address, referral_id, "
    "created_by, created_at, coach_id, last_contact_at, last_contact_outcome, last_reached_at, "
    "next_follow_up_on, active, engaged_since) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
    "?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)";
constexpr std::string_view kSelectParticipant =
    "SELECT id, site_id, first_name, last_name, date_of_birth, pronouns, language, phone, "
    "may_leave_message, do_not_contact, address, referral_id, created_by, created_at "
    "FROM participants WHERE site_id = ?1 AND id = ?2";
// The summary's columns are in ParticipantSummary's order wherever they are read (SummaryFrom).
constexpr std::string_view kSelectSummary =
    "SELECT coach_id, last_contact_at, last_contact_outcome, last_reached_at, next_follow_up_on, "
    "active, engaged_since FROM participants WHERE site_id = ?1 AND id = ?2";
constexpr std::string_view kUpdateSummary =
    "UPDATE participants SET coach_id = ?3, last_contact_at = ?4, last_contact_outcome = ?5, "
    "last_reached_at = ?6, next_follow_up_on = ?7, active = ?8, engaged_since = ?9 "
    "WHERE site_id = ?1 AND id = ?2";
constexpr std::string_view kSelectByNameAndBirth =
    "SELECT id FROM participants WHERE site_id = ?1 AND name_key = ?2 AND date_of_birth = ?3 "
    "ORDER BY created_at, id LIMIT ?4";
// One read of participants_caseload: the rows of (site, active, coach) in follow-up order, with
// those without a follow-up last.
constexpr std::string_view kSelectCaseload =
    "SELECT id, first_name, last_name, coach_id, last_contact_at, last_contact_outcome, "
    "last_reached_at, next_follow_up_on, active, engaged_since "
    "FROM participants WHERE site_id = ?1 AND active = 1 AND coach_id = ?2 "
    "ORDER BY next_follow_up_on IS NULL, next_follow_up_on, last_contact_at, id LIMIT ?3";
constexpr std::string_view kSelectCoachLoads =
    "SELECT coach_id, COUNT(*), COUNT(CASE WHEN next_follow_up_on = ?2 THEN 1 END), "
    "COUNT(CASE WHEN next_follow_up_on < ?2 THEN 1 END) FROM participants "
    "WHERE site_id = ?1 AND active = 1 GROUP BY coach_id ORDER BY coach_id";

constexpr std::string_view kInsertEnrolment =
    "INSERT INTO enrolments (id, site_id, participant_id, program_id, started_on, discharged_on, "
    "discharge_reason, pregnancy_status, due_date, baby_born_on, children_under_six, created_by, "
    "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
constexpr std::string_view kUpdateDischarge =
    "UPDATE enrolments SET discharged_on = ?4, discharge_reason = ?5 "
    "WHERE site_id = ?1 AND participant_id = ?2 AND id = ?3";
constexpr std::string_view kSelectEnrolments =
    "SELECT id, site_id, participant_id, program_id, started_on, discharged_on, discharge_reason, "
    "pregnancy_status, due_date, baby_born_on, children_under_six, created_by, created_at "
    "FROM enrolments WHERE site_id = ?1 AND participant_id = ?2 ORDER BY started_on, id";

constexpr std::string_view kEndAssignment =
    "UPDATE assignments SET ended_at = ?3 "
    "WHERE site_id = ?1 AND participant_id = ?2 AND ended_at IS NULL";
constexpr std::string_view kInsertAssignment =
    "INSERT INTO assignments (site_id, participant_id, coach_id, started_at, ended_at, "
    "assigned_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
constexpr std::string_view kSelectAssignments =
    "SELECT participant_id, coach_id, started_at, ended_at, assigned_by FROM assignments "
    "WHERE site_id = ?1 AND participant_id = ?2 ORDER BY seq";

// The summary in columns `first` … `first` + 6 (coach_id … engaged_since).
Result<ParticipantSummary> SummaryFrom(const Statement& row, int first) {
  ParticipantSummary summary;
  summary.coach_id = row.ColumnText(first);
  summary.last_contact_at = ColumnOptionalInstant(row, first + 1);
  if (!row.ColumnText(first + 2).empty()) {
    casework::ContactOutcome outcome{};
    RN_RETURN_IF_ERROR(ReadCode(row, first + 2, casework::kContactOutcomes,
                                "participants.last_contact_outcome", &outcome));
    summary.last_contact_outcome = outcome;
  }
  summary.last_reached_at = ColumnOptionalInstant(row, first + 3);
  Result<std::optional<casework::Day>> next =
      ColumnDay(row, first + 4, "participants.next_follow_up_on");
  if (!next.ok()) return next.status();
  summary.next_follow_up = *next;
  summary.engagement.active = row.ColumnInt64(first + 5) != 0;
  Result<std::optional<casework::Day>> since =
      ColumnDay(row, first + 6, "participants.engaged_since");
  if (!since.ok()) return since.status();
  summary.engagement.engaged_since = *since;
  return summary;
}

// The text each summary column is bound to, kept alive while the statement runs.
struct SummaryText {
  std::string next_follow_up;
  std::string engaged_since;
};

// Binds the summary to ?first … ?first+6 (coach_id … engaged_since).
void BindSummary(Statement& s, int first, const ParticipantSummary& summary, SummaryText* keep) {
  s.Bind(first, summary.coach_id);
  BindInstant(s, first + 1, summary.last_contact_at);
  s.Bind(first + 2, summary.last_contact_outcome
                        ? casework::kContactOutcomes.Name(*summary.last_contact_outcome)
                        : std::string_view(""));
  BindInstant(s, first + 3, summary.last_reached_at);
  BindDay(s, first + 4, summary.next_follow_up, &keep->next_follow_up);
  s.Bind(first + 5, std::int64_t{summary.engagement.active ? 1 : 0});
  BindDay(s, first + 6, summary.engagement.engaged_since, &keep->engaged_since);
}

Result<Participant> ParticipantFrom(const Statement& row) {
  Participant p;
  p.id = row.ColumnText(0);
  p.site_id = row.ColumnText(1);
  p.details.first_name = row.ColumnText(2);
  p.details.last_name = row.ColumnText(3);
  Result<std::optional<casework::Day>> born = ColumnDay(row, 4, "participants.date_of_birth");
  if (!born.ok()) return born.status();
  p.details.date_of_birth = *born;
  p.details.pronouns = row.ColumnText(5);
  p.details.language = row.ColumnText(6);
  p.details.phone = row.ColumnText(7);
  p.details.may_leave_message = row.ColumnInt64(8) != 0;
  p.details.do_not_contact = row.ColumnText(9);
  p.details.address = row.ColumnText(10);
  p.referral_id = row.ColumnText(11);
  p.created_by = row.ColumnText(12);
  p.created_at = ColumnInstant(row, 13);
  return p;
}

Result<Enrolment> EnrolmentFrom(const Statement& row) {
  Enrolment e;
  e.id = row.ColumnText(0);
  e.site_id = row.ColumnText(1);
  e.participant_id = row.ColumnText(2);
  e.program_id = row.ColumnText(3);
  Result<std::optional<casework::Day>> started = ColumnDay(row, 4, "enrolments.started_on");
  if (!started.ok()) return started.status();
  if (!*started) return Status::Internal("enrolments.started_on is empty");
  e.started_on = **started;
  Result<std::optional<casework::Day>> discharged = ColumnDay(row, 5, "enrolments.discharged_on");
  if (!discharged.ok()) return discharged.status();
  e.discharged_on = *discharged;
  RN_RETURN_IF_ERROR(ReadOptionalCode(row, 6, casework::kDischargeReasons,
                                      "enrolments.discharge_reason", &e.discharge_reason));
  if (!row.ColumnText(7).empty()) {
    casework::HomeVisiting home;
    RN_RETURN_IF_ERROR(ReadCode(row, 7, casework::kPregnancyStatuses, "enrolments.pregnancy_status",
                                &home.pregnancy));
    Result<std::optional<casework::Day>> due = ColumnDay(row, 8, "enrolments.due_date");
    if (!due.ok()) return due.status();
    home.due_date = *due;
    Result<std::optional<casework::Day>> born = ColumnDay(row, 9, "enrolments.baby_born_on");
    if (!born.ok()) return born.status();
    home.baby_born_on = *born;
    home.children_under_six = static_cast<int>(row.ColumnInt64(10));
    e.home_visiting = home;
  }
  e.created_by = row.ColumnText(11);
  e.created_at = ColumnInstant(row, 12);
  return e;
}

Result<Assignment> AssignmentFrom(const Statement& row) {
  return Assignment{std::string(row.ColumnText(0)), std::string(row.ColumnText(1)),
                    ColumnInstant(row, 2), ColumnOptionalInstant(row, 3),
                    std::string(row.ColumnText(4))};
}

Result<CaseloadEntry> CaseloadEntryFrom(const Statement& row) {
  Result<ParticipantSummary> summary = SummaryFrom(row, 3);
  if (!summary.ok()) return summary.status();
  return CaseloadEntry{std::string(row.ColumnText(0)), std::string(row.ColumnText(1)),
                       std::string(row.ColumnText(2)), std::move(*summary)};
}

Result<CoachLoad> CoachLoadFrom(const Statement& row) {
  return CoachLoad{std::string(row.ColumnText(0)), static_cast<int>(row.ColumnInt64(1)),
                   static_cast<int>(row.ColumnInt64(2)), static_cast<int>(row.ColumnInt64(3))};
}

template <typename T>
Result<std::optional<T>> FirstOf(Result<std::vector<T>> rows) {
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<T>();
  return std::optional<T>(std::move(rows->front()));
}

}  // namespace

Status SqlParticipantStore::Insert(const Participant& p, const ParticipantSummary& summary) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertParticipant);
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  const std::string name_key = casework::NameKey(p.details.first_name, p.details.last_name);
  std::string born;
  SummaryText keep;
  s.Bind(1, p.id)
      .Bind(2, p.site_id)
      .Bind(3, p.details.first_name)
      .Bind(4, p.details.last_name)
      .Bind(5, name_key);
  BindDay(s, 6, p.details.date_of_birth, &born);
  s.Bind(7, p.details.pronouns)
      .Bind(8, p.details.language)
      .Bind(9, p.details.phone)
      .Bind(10, std::int64_t{p.details.may_leave_message ? 1 : 0})
      .Bind(11, p.details.do_not_contact)
      .Bind(12, p.details.address)
      .Bind(13, p.referral_id)
      .Bind(14, p.created_by)
      .Bind(15, UnixSeconds(p.created_at));
  BindSummary(s, 16, summary, &keep);
  return s.Run();
}

Result<std::optional<Participant>> SqlParticipantStore::Get(std::string_view site_id,
                                                            std::string_view id) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectParticipant);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, id);
  return FirstOf(CollectRows<Participant>(**select, ParticipantFrom));
}

Result<std::optional<ParticipantSummary>> SqlParticipantStore::GetSummary(std::string_view site_id,
                                                                          std::string_view id) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectSummary);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, id);
  return FirstOf(CollectRows<ParticipantSummary>(
      **select, [](const Statement& row) { return SummaryFrom(row, 0); }));
}

Status SqlParticipantStore::UpdateSummary(std::string_view site_id, std::string_view id,
                                          const ParticipantSummary& summary) {
  Result<ScopedStatement> update = connection_.Prepare(kUpdateSummary);
  if (!update.ok()) return update.status();
  SummaryText keep;
  (*update)->Bind(1, site_id).Bind(2, id);
  BindSummary(**update, 3, summary, &keep);
  RN_RETURN_IF_ERROR((*update)->Run());
  if (connection_.Changes() == 0) return Status::NotFound("there is no such participant");
  return Status::Ok();
}

Result<std::vector<std::string>> SqlParticipantStore::FindByNameAndBirth(std::string_view site_id,
                                                                         std::string_view name_key,
                                                                         casework::Day born,
                                                                         int limit) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectByNameAndBirth);
  if (!select.ok()) return select.status();
  const std::string born_text = casework::FormatDay(born);
  (*select)->Bind(1, site_id).Bind(2, name_key).Bind(3, born_text).Bind(4, std::int64_t{limit});
  return CollectRows<std::string>(**select, [](const Statement& row) -> Result<std::string> {
    return std::string(row.ColumnText(0));
  });
}

Status SqlParticipantStore::InsertEnrolment(const Enrolment& e) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertEnrolment);
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  std::string started, discharged, due, born;
  s.Bind(1, e.id).Bind(2, e.site_id).Bind(3, e.participant_id).Bind(4, e.program_id);
  BindDay(s, 5, e.started_on, &started);
  BindDay(s, 6, e.discharged_on, &discharged);
  s.Bind(7, e.discharge_reason ? casework::kDischargeReasons.Name(*e.discharge_reason)
                               : std::string_view(""));
  if (e.home_visiting) {
    s.Bind(8, casework::kPregnancyStatuses.Name(e.home_visiting->pregnancy));
    BindDay(s, 9, e.home_visiting->due_date, &due);
    BindDay(s, 10, e.home_visiting->baby_born_on, &born);
    s.Bind(11, std::int64_t{e.home_visiting->children_under_six});
  } else {
    s.Bind(8, std::string_view("")).BindNull(9).BindNull(10).BindNull(11);
  }
  s.Bind(12, e.created_by).Bind(13, UnixSeconds(e.created_at));
  return s.Run();
}

Status SqlParticipantStore::UpdateDischarge(const Enrolment& e) {
  Result<ScopedStatement> update = connection_.Prepare(kUpdateDischarge);
  if (!update.ok()) return update.status();
  Statement& s = **update;
  std::string discharged;
  s.Bind(1, e.site_id).Bind(2, e.participant_id).Bind(3, e.id);
  BindDay(s, 4, e.discharged_on, &discharged);
  s.Bind(5, e.discharge_reason ? casework::kDischargeReasons.Name(*e.discharge_reason)
                               : std::string_view(""));
  RN_RETURN_IF_ERROR(s.Run());
  if (connection_.Changes() == 0) return Status::NotFound("there is no such enrolment");
  return Status::Ok();
}

Result<std::vector<Enrolment>> SqlParticipantStore::ListEnrolments(
    std::string_view site_id, std::string_view participant_id) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectEnrolments);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, participant_id);
  return CollectRows<Enrolment>(**select, EnrolmentFrom);
}

Status SqlParticipantStore::EndAssignment(std::string_view site_id, std::string_view participant_id,
                                          Instant at) {
  Result<ScopedStatement> update = connection_.Prepare(kEndAssignment);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, site_id).Bind(2, participant_id).Bind(3, UnixSeconds(at)).Run();
}

Status SqlParticipantStore::InsertAssignment(std::string_view site_id, const Assignment& a) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertAssignment);
  if (!insert.ok()) return insert.status();
  Statement& s = **insert;
  s.Bind(1, site_id)
      .Bind(2, a.participant_id)
      .Bind(3, a.coach_id)
      .Bind(4, UnixSeconds(a.started_at));
  BindInstant(s, 5, a.ended_at);
  s.Bind(6, a.assigned_by);
  return s.Run();
}

Result<std::vector<Assignment>> SqlParticipantStore::ListAssignments(
    std::string_view site_id, std::string_view participant_id) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectAssignments);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, participant_id);
  return CollectRows<Assignment>(**select, AssignmentFrom);
}

Result<std::vector<CaseloadEntry>> SqlParticipantStore::Caseload(std::string_view site_id,
                                                                 std::string_view coach_id,
                                                                 int limit) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectCaseload);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, site_id).Bind(2, coach_id).Bind(3, std::int64_t{limit});
  return CollectRows<CaseloadEntry>(**select, CaseloadEntryFrom);
}

Result<std::vector<CoachLoad>> SqlParticipantStore::CoachLoads(std::string_view site_id,
                                                               casework::Day today) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectCoachLoads);
  if (!select.ok()) return select.status();
  const std::string today_text = casework::FormatDay(today);
  (*select)->Bind(1, site_id).Bind(2, today_text);
  return CollectRows<CoachLoad>(**select, CoachLoadFrom);
}

}  // namespace rn::storage::sql
