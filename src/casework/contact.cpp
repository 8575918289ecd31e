#include "casework/contact.h"

#include <algorithm>

#include "casework/fields.h"

namespace rn::casework {
namespace {

template <typename E>
void SortUnique(std::vector<E>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

}  // namespace

Status NormalizeNewContact(NewContact* contact, Instant now, const date::time_zone* zone) {
  if (contact->at > now + kContactClockSkew) {
    return Status::Invalid("at", "must not be in the future");
  }
  const bool completed = contact->outcome == ContactOutcome::kCompleted;
  if (contact->duration_minutes < 0 || contact->duration_minutes > kMaxContactMinutes) {
    return Status::Invalid("duration_minutes",
                           "must be 0 to " + std::to_string(kMaxContactMinutes) + " minutes");
  }
  if (completed && contact->duration_minutes == 0) {
    return Status::Invalid("duration_minutes", "a completed contact lasts at least a minute");
  }
  if (!completed && !contact->supports.empty()) {
    return Status::Invalid("supports", "an attempt that did not reach the person gives none");
  }
  if (!completed && !contact->activities.empty()) {
    return Status::Invalid("activities", "an attempt that did not reach the person has none");
  }
  SortUnique(&contact->supports);
  SortUnique(&contact->activities);
  RN_RETURN_IF_ERROR(Take(Note("note", contact->note, kMaxContactNote), &contact->note));
  RN_RETURN_IF_ERROR(
      Take(Note("private_note", contact->private_note, kMaxNote), &contact->private_note));
  if (contact->follow_up_on && *contact->follow_up_on < LocalDay(contact->at, zone)) {
    return Status::Invalid("follow_up_on", "must not be before the day of the contact");
  }
  return Status::Ok();
}

}  // namespace rn::casework
