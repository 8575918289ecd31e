#include "casework/participant.h"

#include <algorithm>

#include "casework/fields.h"
#include "util/text.h"

namespace rn::casework {
namespace {

int DaysFrom(Day from, Day to) {
  return static_cast<int>((date::sys_days{to} - date::sys_days{from}).count());
}

Status CheckHomeVisiting(const HomeVisiting& home, Day today) {
  switch (home.pregnancy) {
    case PregnancyStatus::kPregnant:
      if (home.baby_born_on) {
        return Status::Invalid("baby_born_on", "is recorded only for a postpartum participant");
      }
      if (!home.due_date) return Status::Invalid("due_date", "is required when pregnant");
      if (DaysFrom(today, *home.due_date) > kMaxDaysToDueDate ||
          DaysFrom(*home.due_date, today) > kMaxDaysPastDueDate) {
        return Status::Invalid(
            "due_date", "must be within " + std::to_string(kMaxDaysToDueDate) + " days from today");
      }
      break;
    case PregnancyStatus::kPostpartum:
      if (home.due_date) {
        return Status::Invalid("due_date", "is recorded only for a pregnant participant");
      }
      if (!home.baby_born_on) {
        return Status::Invalid("baby_born_on", "is required when postpartum");
      }
      if (*home.baby_born_on > today) {
        return Status::Invalid("baby_born_on", "must not be in the future");
      }
      break;
    case PregnancyStatus::kNeither:
      if (home.due_date) {
        return Status::Invalid("due_date", "is recorded only for a pregnant participant");
      }
      if (home.baby_born_on) {
        return Status::Invalid("baby_born_on", "is recorded only for a postpartum participant");
      }
      break;
  }
  if (home.children_under_six < 0 || home.children_under_six > kMaxChildrenUnderSix) {
    return Status::Invalid("children_under_six",
                           "must be 0 to " + std::to_string(kMaxChildrenUnderSix));
  }
  return Status::Ok();
}

}  // namespace

Status NormalizeParticipantDetails(ParticipantDetails* details, Day today) {
  RN_RETURN_IF_ERROR(
      Take(OneLine("first_name", details->first_name, kMaxShortText, true), &details->first_name));
  RN_RETURN_IF_ERROR(
      Take(OneLine("last_name", details->last_name, kMaxShortText, false), &details->last_name));
  if (details->date_of_birth && *details->date_of_birth > today) {
    return Status::Invalid("date_of_birth", "must not be in the future");
  }
  RN_RETURN_IF_ERROR(
      Take(OneLine("pronouns", details->pronouns, kMaxPronouns, false), &details->pronouns));
  RN_RETURN_IF_ERROR(Take(LanguageTag("language", details->language), &details->language));
  RN_RETURN_IF_ERROR(Take(Phone("phone", details->phone, false), &details->phone));
  if (details->phone.empty()) details->may_leave_message = false;
  RN_RETURN_IF_ERROR(
      Take(OneLine("do_not_contact", details->do_not_contact, kMaxContactTimes, false),
           &details->do_not_contact));
  RN_RETURN_IF_ERROR(Take(Note("address", details->address, kMaxAddress), &details->address));
  return Status::Ok();
}

std::string NameKey(std::string_view first_name, std::string_view last_name) {
  std::string key;
  for (std::string_view part : {first_name, last_name}) {
    for (const std::string& word : text::Words(part)) {
      if (!key.empty()) key += ' ';
      key += word;
    }
  }
  return key;
}

bool PossibleDuplicate(const ParticipantDetails& a, const ParticipantDetails& b) {
  return a.date_of_birth && a.date_of_birth == b.date_of_birth &&
         NameKey(a.first_name, a.last_name) == NameKey(b.first_name, b.last_name);
}

Status CheckNewEnrolment(const Enrolment& enrolment, ProgramKind kind,
                         const std::vector<Enrolment>& existing, Day today) {
  if (enrolment.started_on > today) {
    return Status::Invalid("started_on", "must not be in the future");
  }
  const bool home = kind == ProgramKind::kHomeVisiting;
  if (home && !enrolment.home_visiting) {
    return Status::Invalid("pregnancy_status", "is required for a home-visiting program");
  }
  if (!home && enrolment.home_visiting) {
    return Status::Invalid("pregnancy_status", "is recorded only for a home-visiting program");
  }
  if (enrolment.home_visiting) {
    RN_RETURN_IF_ERROR(CheckHomeVisiting(*enrolment.home_visiting, today));
  }
  for (const Enrolment& other : existing) {
    if (other.program_id != enrolment.program_id) continue;
    if (other.is_open()) {
      return Status(StatusCode::kConflict,
                    "the participant is already enrolled in " + enrolment.program_id, "program");
    }
    if (*other.discharged_on > enrolment.started_on) {
      return Status(StatusCode::kConflict,
                    "an earlier episode in " + enrolment.program_id + " ended after this start",
                    "program");
    }
  }
  return Status::Ok();
}

Status Discharge(Enrolment* enrolment, Day on, DischargeReason reason, Day today) {
  if (!enrolment->is_open()) {
    return Status(StatusCode::kConflict, "this enrolment has been discharged already");
  }
  if (on < enrolment->started_on) {
    return Status::Invalid("discharged_on", "must not be before the enrolment started");
  }
  if (on > today) return Status::Invalid("discharged_on", "must not be in the future");
  enrolment->discharged_on = on;
  enrolment->discharge_reason = reason;
  return Status::Ok();
}

Status CheckAddressAllowed(std::string_view address, const std::vector<ProgramKind>& kinds) {
  if (address.empty()) return Status::Ok();
  if (std::find(kinds.begin(), kinds.end(), ProgramKind::kHomeVisiting) != kinds.end()) {
    return Status::Ok();
  }
  return Status::Invalid("address", "is kept only for a participant of a home-visiting program");
}

EngagementState EngagementOf(const std::vector<Enrolment>& enrolments) {
  EngagementState state;
  state.active = enrolments.empty();
  for (const Enrolment& enrolment : enrolments) {
    if (!enrolment.is_open()) continue;
    state.active = true;
    if (!state.engaged_since || enrolment.started_on < *state.engaged_since) {
      state.engaged_since = enrolment.started_on;
    }
  }
  return state;
}

}  // namespace rn::casework
