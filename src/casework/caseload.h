#pragma once
// Caseloads: who a participant is assigned to (with the history of assignments), what the site
// keeps per participant for the caseload (last contact, next follow-up, engagement), a coach's
// caseload rows counted in the site's zone, and who may see a participant or a private note. No
// SQL here, no HTTP. See docs/casework.md ("Caseloads and follow-ups", "Who sees what").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/calendar.h"
#include "casework/contact.h"
#include "casework/participant.h"
#include "identity/user.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

// Which participants an actor sees (ParticipantScopeAt; identity/access.h is the route's
// permission).
enum class ParticipantScope {
  kNone,  // site admins, referrers, network roles: no participant at all
  kOwn,   // a coach: those assigned to it and those it has recorded a contact with
  kSite,  // a supervisor: every participant of the site
};

// The scope `grants` give at `site_id`: kSite with a supervisor grant there, else kOwn with a
// coach grant there, else kNone (network roles see no participant at all).
ParticipantScope ParticipantScopeAt(const std::vector<identity::RoleGrant>& grants,
                                    std::string_view site_id);

// Who looks: the user id (empty for an API token) and its scope.
struct Viewer {
  std::string user_id;
  ParticipantScope scope = ParticipantScope::kNone;
};

// Whether `viewer` may see a participant assigned to `coach_id` ("" when unassigned), given
// whether it has recorded a contact with them. A viewer without a user id sees only under kSite.
bool MaySeeParticipant(const Viewer& viewer, std::string_view coach_id, bool recorded_contact);

// Whether `viewer` may read a private note written by `author_user_id`: its author, or a
// supervisor of the site (kSite).
bool MaySeePrivateNote(const Viewer& viewer, std::string_view author_user_id);

// One period of a participant assigned to a coach.
struct Assignment {
  std::string participant_id;
  std::string coach_id;  // a user id
  Instant started_at{};
  std::optional<Instant> ended_at;  // nullopt while current
  std::string assigned_by;          // the audit actor

  bool operator==(const Assignment&) const = default;
};

// The current assignment in `history` (the one not ended), or nullptr.
const Assignment* CurrentAssignment(const std::vector<Assignment>& history);

// Assigns the participant of `*history` to `coach_id` at `at` (by `by`): the current assignment
// ends at `at` and a new one starts, so the history is kept; an empty `coach_id` only ends it.
// kConflict when the participant is already assigned to `coach_id` (or, for "", to nobody).
// Returns the new assignment (nullopt when none starts).
Result<std::optional<Assignment>> Reassign(std::vector<Assignment>* history,
                                           std::string_view participant_id,
                                           std::string_view coach_id, Instant at,
                                           std::string_view by);

// What the site keeps per participant so that a caseload is one indexed read: the current coach,
// the last contact (either outcome) and the last that reached the person, the next follow-up
// (the latest contact's) and the engagement from the enrolments. Maintained by the use cases in
// the unit of work of each contact, enrolment and assignment.
struct ParticipantSummary {
  std::string coach_id;  // "" when unassigned
  std::optional<Instant> last_contact_at;
  std::optional<ContactOutcome> last_contact_outcome;
  std::optional<Instant> last_reached_at;
  std::optional<Day> next_follow_up;
  EngagementState engagement;

  bool operator==(const ParticipantSummary&) const = default;
};

// Folds a contact at `contact.at` into `*summary`: the latest contact by its time (a later one
// recorded first is not overtaken by an earlier one recorded after it) sets the last contact, its
// outcome and the next follow-up (none when it sets none); a completed one sets the last reached.
void ApplyContact(ParticipantSummary* summary, const NewContact& contact);

// A participant as a caseload read returns it: the names a coach knows them by and the summary.
struct CaseloadEntry {
  std::string participant_id;
  std::string first_name;
  std::string last_name;
  ParticipantSummary summary;

  bool operator==(const CaseloadEntry&) const = default;
};

// One row of a caseload, on the day of `now` in the site's zone.
struct CaseloadRow {
  std::string participant_id;
  std::string first_name;
  std::string last_name;
  std::optional<Instant> last_contact_at;
  std::optional<ContactOutcome> last_contact_outcome;
  std::optional<int> days_since_contact;  // midnights since the last contact
  std::optional<int> days_since_reached;  // since the last completed contact
  FollowUp follow_up;                     // due today, overdue by N days, …
  std::optional<int> days_engaged;        // days since engaged_since, while enrolled

  bool operator==(const CaseloadRow&) const = default;
};
CaseloadRow CaseloadRowOf(const CaseloadEntry& entry, Instant now, const date::time_zone* zone);

// A coach's load as the supervisor's overview shows it, counted on `today`.
struct CoachLoad {
  std::string coach_id;  // "" for the site's unassigned active participants
  int participants = 0;  // active participants assigned
  int due_today = 0;     // of those, with a follow-up due today
  int overdue = 0;       // and overdue

  bool operator==(const CoachLoad&) const = default;
};

}  // namespace rn::casework
