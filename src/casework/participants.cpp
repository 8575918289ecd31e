#include "casework/participants.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "casework/contacts.h"
#include "casework/setup.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"
#include "identity/secret.h"

namespace rn::casework {
namespace {

namespace audit_action = identity::audit_action;

// The most possible duplicates a creation reports.
constexpr int kMaxDuplicates = 10;

// The program `id` of the site, or kInvalidArgument naming "program".
Result<Program> ProgramOf(Stores& stores, std::string_view site_id, std::string_view id) {
  Result<std::optional<Program>> program = stores.programs.GetProgram(site_id, id);
  if (!program.ok()) return program.status();
  if (!*program)
    return Status::Invalid("program", "there is no program " + std::string(id) + " here");
  return std::move(**program);
}

// The enrolment `asked` would make for `participant`, checked against `existing` on `today`.
Result<Enrolment> NewEpisode(Stores& stores, const identity::Change& change,
                             const Participant& participant, NewEnrolment asked,
                             const std::vector<Enrolment>& existing, Day today) {
  Result<Program> program = ProgramOf(stores, participant.site_id, asked.program_id);
  if (!program.ok()) return program.status();
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return id.status();
  Enrolment enrolment;
  enrolment.id = std::move(*id);
  enrolment.site_id = participant.site_id;
  enrolment.participant_id = participant.id;
  enrolment.program_id = std::move(asked.program_id);
  enrolment.started_on = asked.started_on.value_or(today);
  enrolment.home_visiting = asked.home_visiting;
  enrolment.created_by = change.actor;
  enrolment.created_at = change.at;
  RN_RETURN_IF_ERROR(CheckNewEnrolment(enrolment, program->kind, existing, today));
  return enrolment;
}

// The kinds of the programs of `enrolments`.
Result<std::vector<ProgramKind>> KindsOf(Stores& stores, const std::vector<Enrolment>& enrolments) {
  std::vector<ProgramKind> kinds;
  for (const Enrolment& enrolment : enrolments) {
    Result<Program> program = ProgramOf(stores, enrolment.site_id, enrolment.program_id);
    if (!program.ok()) return program.status();
    kinds.push_back(program->kind);
  }
  return kinds;
}

// Re-reads the participant's summary inside a unit of work, sets its engagement from
// `enrolments` and writes it back.
Status UpdateEngagement(Stores& stores, std::string_view site_id, std::string_view id,
                        const std::vector<Enrolment>& enrolments) {
  Result<std::optional<ParticipantSummary>> summary = stores.participants.GetSummary(site_id, id);
  if (!summary.ok()) return summary.status();
  if (!*summary) return Status::NotFound("there is no such participant");
  (*summary)->engagement = EngagementOf(enrolments);
  return stores.participants.UpdateSummary(site_id, id, **summary);
}

// The coach a new participant is assigned to, as `actor` may ask.
Result<std::string> CoachForNew(Stores& stores, const Actor& actor, const identity::Change& change,
                                std::string_view asked) {
  if (actor.participants == ParticipantScope::kOwn) {
    if (!asked.empty() && asked != actor.user_id) {
      return identity::DenyScope(stores.audit, change, "coach:" + std::string(asked),
                                 "a coach assigns new participants to itself only");
    }
    return actor.user_id;
  }
  if (!asked.empty()) {
    Result<bool> staff = WorksWithParticipants(stores.accounts, asked, change.site);
    if (!staff.ok()) return staff.status();
    if (!*staff) return Status::Invalid("coach", "must be a coach or supervisor here");
  }
  return std::string(asked);
}

}  // namespace

std::string ParticipantTarget(std::string_view id) { return "participant:" + std::string(id); }

Result<VisibleParticipant> FindVisibleParticipant(Stores& stores, const Actor& actor,
                                                  std::string_view site_id, std::string_view id) {
  const identity::Change change = actor.AtSite(site_id);
  if (actor.participants == ParticipantScope::kNone) {
    return identity::DenyScope(stores.audit, change, ParticipantTarget(id),
                               "this role sees no participant records");
  }
  Result<std::optional<Participant>> participant = stores.participants.Get(site_id, id);
  if (!participant.ok()) return participant.status();
  Result<std::optional<ParticipantSummary>> summary = stores.participants.GetSummary(site_id, id);
  if (!summary.ok()) return summary.status();
  if (!*participant || !*summary) return Status::NotFound("there is no such participant");
  bool recorded_contact = false;
  if (actor.participants == ParticipantScope::kOwn && !actor.user_id.empty() &&
      (*summary)->coach_id != actor.user_id) {
    Result<bool> has = stores.contacts.HasContactBy(site_id, id, actor.user_id);
    if (!has.ok()) return has.status();
    recorded_contact = *has;
  }
  if (!MaySeeParticipant(actor.viewer(), (*summary)->coach_id, recorded_contact)) {
    return identity::DenyScope(stores.audit, change, ParticipantTarget(id),
                               "this participant is not on your caseload");
  }
  return VisibleParticipant{std::move(**participant), std::move(**summary)};
}

Result<CreatedParticipant> CreateParticipant(Stores& stores, const Actor& actor,
                                             std::string_view site_id, NewParticipant created,
                                             const date::time_zone* zone) {
  const identity::Change change = actor.AtSite(site_id);
  if (actor.participants == ParticipantScope::kNone) {
    return identity::DenyScope(stores.audit, change, "site:" + std::string(site_id),
                               "this role does not create participant records");
  }
  const Day today = LocalDay(change.at, zone);
  RN_RETURN_IF_ERROR(NormalizeParticipantDetails(&created.details, today));
  Result<std::string> coach = CoachForNew(stores, actor, change, created.coach_id);
  if (!coach.ok()) return coach.status();
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return id.status();

  CreatedParticipant result;
  Participant& participant = result.participant;
  participant.id = std::move(*id);
  participant.site_id = std::string(site_id);
  participant.details = std::move(created.details);
  participant.referral_id = std::move(created.referral_id);
  participant.created_by = change.actor;
  participant.created_at = change.at;

  std::vector<ProgramKind> kinds;
  if (created.enrolment) {
    Result<Enrolment> enrolment =
        NewEpisode(stores, change, participant, std::move(*created.enrolment), {}, today);
    if (!enrolment.ok()) return enrolment.status();
    result.enrolment = std::move(*enrolment);
    Result<std::vector<ProgramKind>> enrolled = KindsOf(stores, {*result.enrolment});
    if (!enrolled.ok()) return enrolled.status();
    kinds = std::move(*enrolled);
  }
  RN_RETURN_IF_ERROR(CheckAddressAllowed(participant.details.address, kinds));

  ParticipantSummary summary;
  summary.coach_id = *coach;
  summary.engagement = EngagementOf(result.enrolment ? std::vector<Enrolment>{*result.enrolment}
                                                     : std::vector<Enrolment>{});
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    std::optional<Referral> referral;
    if (!participant.referral_id.empty()) {
      Result<std::optional<Referral>> found =
          stores.referrals.Get(site_id, participant.referral_id);
      if (!found.ok()) return found.status();
      if (!*found) return Status::Invalid("referral", "there is no such referral here");
      if (!(*found)->participant_id.empty()) {
        return Status(StatusCode::kConflict, "this referral's person is a participant already",
                      "referral");
      }
      referral = std::move(**found);
    }
    if (participant.details.date_of_birth) {
      Result<std::vector<std::string>> same = stores.participants.FindByNameAndBirth(
          site_id, NameKey(participant.details.first_name, participant.details.last_name),
          *participant.details.date_of_birth, kMaxDuplicates);
      if (!same.ok()) return same.status();
      result.possible_duplicates = std::move(*same);
    }
    RN_RETURN_IF_ERROR(stores.participants.Insert(participant, summary));
    if (!summary.coach_id.empty()) {
      RN_RETURN_IF_ERROR(stores.participants.InsertAssignment(
          site_id, {participant.id, summary.coach_id, change.at, std::nullopt, change.actor}));
    }
    if (result.enrolment) {
      RN_RETURN_IF_ERROR(stores.participants.InsertEnrolment(*result.enrolment));
    }
    if (referral) {
      referral->participant_id = participant.id;
      RN_RETURN_IF_ERROR(stores.referrals.UpdateLifecycle(*referral));
    }
    boost::json::object details{{"coach", summary.coach_id},
                                {"possible_duplicates", result.possible_duplicates.size()}};
    if (referral) details["referral"] = referral->id;
    if (result.enrolment) {
      details["enrolment"] = result.enrolment->id;
      details["program"] = result.enrolment->program_id;
    }
    return identity::ChangeEvent(change, audit_action::kParticipantCreate,
                                 ParticipantTarget(participant.id),
                                 boost::json::serialize(details));
  }));
  return result;
}

Result<ParticipantRecord> ReadParticipant(Stores& stores, const Actor& actor,
                                          std::string_view site_id, std::string_view id) {
  Result<VisibleParticipant> visible = FindVisibleParticipant(stores, actor, site_id, id);
  if (!visible.ok()) return visible.status();
  ParticipantRecord record;
  record.participant = std::move(visible->participant);
  record.summary = std::move(visible->summary);
  Result<std::vector<Enrolment>> enrolments = stores.participants.ListEnrolments(site_id, id);
  if (!enrolments.ok()) return enrolments.status();
  record.enrolments = std::move(*enrolments);
  Result<std::vector<Assignment>> assignments = stores.participants.ListAssignments(site_id, id);
  if (!assignments.ok()) return assignments.status();
  record.assignments = std::move(*assignments);
  ContactQuery newest;
  newest.limit = kRecordContacts;
  Result<std::vector<Contact>> contacts = stores.contacts.List(site_id, id, newest);
  if (!contacts.ok()) return contacts.status();
  for (Contact& contact : *contacts) RN_RETURN_IF_ERROR(OpenPrivateNote(stores, actor, &contact));
  record.contacts = std::move(*contacts);
  RN_RETURN_IF_ERROR(identity::RecordRead(stores.audit, actor.AtSite(site_id),
                                          audit_action::kParticipantView, ParticipantTarget(id)));
  return record;
}

Result<Enrolment> Enrol(Stores& stores, const Actor& actor, std::string_view site_id,
                        std::string_view participant_id, NewEnrolment asked,
                        const date::time_zone* zone) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  const Day today = LocalDay(change.at, zone);
  Enrolment enrolment;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::vector<Enrolment>> existing =
        stores.participants.ListEnrolments(site_id, participant_id);
    if (!existing.ok()) return existing.status();
    Result<Enrolment> made =
        NewEpisode(stores, change, visible->participant, std::move(asked), *existing, today);
    if (!made.ok()) return made.status();
    enrolment = std::move(*made);
    RN_RETURN_IF_ERROR(stores.participants.InsertEnrolment(enrolment));
    existing->push_back(enrolment);
    RN_RETURN_IF_ERROR(UpdateEngagement(stores, site_id, participant_id, *existing));
    return identity::ChangeEvent(
        change, audit_action::kEnrolmentStart, ParticipantTarget(participant_id),
        boost::json::serialize(
            boost::json::object{{"enrolment", enrolment.id}, {"program", enrolment.program_id}}));
  }));
  return enrolment;
}

Result<Enrolment> DischargeEnrolment(Stores& stores, const Actor& actor, std::string_view site_id,
                                     std::string_view participant_id, std::string_view enrolment_id,
                                     Day on, DischargeReason reason, const date::time_zone* zone) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  const Day today = LocalDay(change.at, zone);
  Enrolment discharged;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::vector<Enrolment>> enrolments =
        stores.participants.ListEnrolments(site_id, participant_id);
    if (!enrolments.ok()) return enrolments.status();
    auto found = std::find_if(enrolments->begin(), enrolments->end(),
                              [&](const Enrolment& e) { return e.id == enrolment_id; });
    if (found == enrolments->end()) return Status::NotFound("there is no such enrolment");
    RN_RETURN_IF_ERROR(Discharge(&*found, on, reason, today));
    RN_RETURN_IF_ERROR(stores.participants.UpdateDischarge(*found));
    RN_RETURN_IF_ERROR(UpdateEngagement(stores, site_id, participant_id, *enrolments));
    discharged = *found;
    return identity::ChangeEvent(
        change, audit_action::kEnrolmentDischarge, ParticipantTarget(participant_id),
        boost::json::serialize(boost::json::object{{"enrolment", discharged.id},
                                                   {"program", discharged.program_id},
                                                   {"reason", kDischargeReasons.Name(reason)}}));
  }));
  return discharged;
}

Result<std::vector<Assignment>> AssignParticipant(Stores& stores, const Actor& actor,
                                                  std::string_view site_id,
                                                  std::string_view participant_id,
                                                  std::string_view coach_id) {
  const identity::Change change = actor.AtSite(site_id);
  if (actor.participants != ParticipantScope::kSite) {
    return identity::DenyScope(stores.audit, change, ParticipantTarget(participant_id),
                               "only a supervisor assigns participants to coaches");
  }
  if (!coach_id.empty()) {
    Result<bool> staff = WorksWithParticipants(stores.accounts, coach_id, site_id);
    if (!staff.ok()) return staff.status();
    if (!*staff) return Status::Invalid("coach", "must be a coach or supervisor here");
  }
  std::vector<Assignment> history;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::optional<ParticipantSummary>> summary =
        stores.participants.GetSummary(site_id, participant_id);
    if (!summary.ok()) return summary.status();
    if (!*summary) return Status::NotFound("there is no such participant");
    Result<std::vector<Assignment>> stored =
        stores.participants.ListAssignments(site_id, participant_id);
    if (!stored.ok()) return stored.status();
    history = std::move(*stored);
    const std::string from = (*summary)->coach_id;
    Result<std::optional<Assignment>> next =
        Reassign(&history, participant_id, coach_id, change.at, change.actor);
    if (!next.ok()) return next.status();
    RN_RETURN_IF_ERROR(stores.participants.EndAssignment(site_id, participant_id, change.at));
    if (*next) RN_RETURN_IF_ERROR(stores.participants.InsertAssignment(site_id, **next));
    (*summary)->coach_id = std::string(coach_id);
    RN_RETURN_IF_ERROR(stores.participants.UpdateSummary(site_id, participant_id, **summary));
    return identity::ChangeEvent(
        change, audit_action::kParticipantAssign, ParticipantTarget(participant_id),
        boost::json::serialize(boost::json::object{{"from", from}, {"to", coach_id}}));
  }));
  return history;
}

Result<CreatedParticipant> CreateParticipantFromReferral(Stores& stores, const Actor& actor,
                                                         std::string_view site_id,
                                                         std::string_view referral_id,
                                                         const date::time_zone* zone) {
  Result<Referral> referral = ReadReferral(stores, actor, site_id, referral_id);
  if (!referral.ok()) return referral.status();
  Result<std::optional<Program>> program =
      stores.programs.GetProgram(site_id, referral->sent.program_id);
  if (!program.ok()) return program.status();
  NewParticipant created;
  created.details.first_name = referral->sent.first_name;
  created.details.phone = referral->sent.phone;
  created.details.language = referral->sent.language;
  created.referral_id = referral->id;
  if (*program && (*program)->kind != ProgramKind::kHomeVisiting) {
    created.enrolment = NewEnrolment{(*program)->id, std::nullopt, std::nullopt};
  }
  return CreateParticipant(stores, actor, site_id, std::move(created), zone);
}

}  // namespace rn::casework
