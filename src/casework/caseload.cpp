#include "casework/caseload.h"

namespace rn::casework {

bool MaySeeParticipant(const Viewer& viewer, std::string_view coach_id, bool recorded_contact) {
  switch (viewer.scope) {
    case ParticipantScope::kSite:
      return true;
    case ParticipantScope::kOwn:
      return !viewer.user_id.empty() && (coach_id == viewer.user_id || recorded_contact);
    case ParticipantScope::kNone:
      return false;
  }
  return false;
}

bool MaySeePrivateNote(const Viewer& viewer, std::string_view author_user_id) {
  switch (viewer.scope) {
    case ParticipantScope::kSite:
      return true;
    case ParticipantScope::kOwn:
      return !viewer.user_id.empty() && author_user_id == viewer.user_id;
    case ParticipantScope::kNone:
      return false;
  }
  return false;
}

const Assignment* CurrentAssignment(const std::vector<Assignment>& history) {
  for (const Assignment& assignment : history) {
    if (!assignment.ended_at) return &assignment;
  }
  return nullptr;
}

Result<std::optional<Assignment>> Reassign(std::vector<Assignment>* history,
                                           std::string_view participant_id,
                                           std::string_view coach_id, Instant at,
                                           std::string_view by) {
  Assignment* current = nullptr;
  for (Assignment& assignment : *history) {
    if (!assignment.ended_at) current = &assignment;
  }
  const std::string_view current_coach = current ? std::string_view(current->coach_id) : "";
  if (current_coach == coach_id) {
    return Status(StatusCode::kConflict,
                  coach_id.empty() ? "the participant is not assigned to anybody"
                                   : "the participant is assigned to that coach already",
                  "coach");
  }
  if (current) current->ended_at = at;
  if (coach_id.empty()) return std::optional<Assignment>();
  Assignment next{std::string(participant_id), std::string(coach_id), at, std::nullopt,
                  std::string(by)};
  history->push_back(next);
  return std::optional<Assignment>(std::move(next));
}

void ApplyContact(ParticipantSummary* summary, const NewContact& contact) {
  if (!summary->last_contact_at || contact.at >= *summary->last_contact_at) {
    summary->last_contact_at = contact.at;
    summary->last_contact_outcome = contact.outcome;
    summary->next_follow_up = contact.follow_up_on;
  }
  if (contact.outcome == ContactOutcome::kCompleted &&
      (!summary->last_reached_at || contact.at > *summary->last_reached_at)) {
    summary->last_reached_at = contact.at;
  }
}

CaseloadRow CaseloadRowOf(const CaseloadEntry& entry, Instant now, const date::time_zone* zone) {
  const ParticipantSummary& summary = entry.summary;
  const Day today = LocalDay(now, zone);
  CaseloadRow row;
  row.participant_id = entry.participant_id;
  row.first_name = entry.first_name;
  row.last_name = entry.last_name;
  row.last_contact_at = summary.last_contact_at;
  row.last_contact_outcome = summary.last_contact_outcome;
  if (summary.last_contact_at) {
    row.days_since_contact = DaysBetween(*summary.last_contact_at, now, zone);
  }
  if (summary.last_reached_at) {
    row.days_since_reached = DaysBetween(*summary.last_reached_at, now, zone);
  }
  row.follow_up = FollowUpOn(summary.next_follow_up, today);
  if (summary.engagement.engaged_since) {
    row.days_engaged = static_cast<int>(
        (date::sys_days{today} - date::sys_days{*summary.engagement.engaged_since}).count());
  }
  return row;
}

ParticipantScope ParticipantScopeAt(const std::vector<identity::RoleGrant>& grants,
                                    std::string_view site_id) {
  ParticipantScope scope = ParticipantScope::kNone;
  for (const identity::RoleGrant& grant : grants) {
    if (grant.site_id != site_id) continue;
    if (grant.role == identity::Role::kSupervisor) return ParticipantScope::kSite;
    if (grant.role == identity::Role::kCoach) scope = ParticipantScope::kOwn;
  }
  return scope;
}

}  // namespace rn::casework
