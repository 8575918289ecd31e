#pragma once
// The repository of participants, their enrolments, their assignments to coaches and the summary
// a caseload reads (casework/participant.h, casework/caseload.h). Declared here, implemented in
// storage/ (sqlite/participant_store.cpp). It stores and reads; the rules, access and audit
// entries are casework/participants.h's and caseloads.h's. Writes join the open unit of work
// (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/caseload.h"
#include "casework/participant.h"
#include "util/status.h"

namespace rn::casework {

class ParticipantStore {
 public:
  virtual ~ParticipantStore() = default;

  // Stores a new participant with `summary` (usually empty but for its coach). kConflict when its
  // id is taken or its site does not exist.
  virtual Status Insert(const Participant& participant, const ParticipantSummary& summary) = 0;
  // Participant `id` of site `site_id`, or nullopt (also when it is another site's).
  virtual Result<std::optional<Participant>> Get(std::string_view site_id, std::string_view id) = 0;
  // The summary of participant `id` of site `site_id`, or nullopt.
  virtual Result<std::optional<ParticipantSummary>> GetSummary(std::string_view site_id,
                                                               std::string_view id) = 0;
  // Replaces the summary of participant `id`. kNotFound when there is no such participant.
  virtual Status UpdateSummary(std::string_view site_id, std::string_view id,
                               const ParticipantSummary& summary) = 0;
  // The ids of the site's participants with this NameKey and date of birth, oldest first, at
  // most `limit`.
  virtual Result<std::vector<std::string>> FindByNameAndBirth(std::string_view site_id,
                                                              std::string_view name_key, Day born,
                                                              int limit) = 0;

  // Stores a new enrolment. kConflict when its id is taken, or its participant or program does
  // not exist at its site.
  virtual Status InsertEnrolment(const Enrolment& enrolment) = 0;
  // Writes the discharge of `enrolment` (discharged_on, discharge_reason). kNotFound when there
  // is no such enrolment of that participant at that site.
  virtual Status UpdateDischarge(const Enrolment& enrolment) = 0;
  // The participant's enrolments, by start then id.
  virtual Result<std::vector<Enrolment>> ListEnrolments(std::string_view site_id,
                                                        std::string_view participant_id) = 0;

  // Ends the participant's current assignment at `at` (nothing when there is none).
  virtual Status EndAssignment(std::string_view site_id, std::string_view participant_id,
                               Instant at) = 0;
  // Stores a new assignment of participant `assignment.participant_id` at `site_id`. kConflict
  // when the participant or the coach (a user) does not exist.
  virtual Status InsertAssignment(std::string_view site_id, const Assignment& assignment) = 0;
  // The participant's assignments, oldest first.
  virtual Result<std::vector<Assignment>> ListAssignments(std::string_view site_id,
                                                          std::string_view participant_id) = 0;

  // The active participants of the site assigned to `coach_id` (one indexed read): the next
  // follow-up soonest first, so the most overdue lead and those without one come last; then the
  // longest since the last contact; at most `limit`.
  virtual Result<std::vector<CaseloadEntry>> Caseload(std::string_view site_id,
                                                      std::string_view coach_id, int limit) = 0;
  // For every coach with active participants at the site (and "" for the unassigned ones), how
  // many, and how many follow-ups are due on `today` and before it. By coach id.
  virtual Result<std::vector<CoachLoad>> CoachLoads(std::string_view site_id, Day today) = 0;
};

}  // namespace rn::casework
