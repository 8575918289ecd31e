#pragma once
// Contacts: the service log of a coach's work with a participant — when, how long, where,
// whether the person was reached, the support given, a short note, an optional private note and
// the next follow-up. No SQL here, no HTTP. See docs/casework.md ("Contacts").

#include <optional>
#include <string>
#include <vector>

#include "casework/calendar.h"
#include "casework/codes.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

// The longest contact, in minutes (a day in the ED with someone).
inline constexpr int kMaxContactMinutes = 720;
// The longest note on a contact, in code points: a short note; what was shared in confidence is
// the private note (fields.h kMaxNote).
inline constexpr std::size_t kMaxContactNote = 500;
// How far ahead of the server's clock a contact's time may be (a phone's clock that runs fast).
inline constexpr std::chrono::minutes kContactClockSkew{10};

// Where a contact took place.
enum class ContactPlace {
  kEmergencyDepartment,
  kHomeVisit,
  kCommunity,
  kOffice,
  kPhone,
  kVideo,
  kText,
};
inline constexpr CodeTable<ContactPlace, 7> kContactPlaces{{{
    {ContactPlace::kEmergencyDepartment, "emergency_department"},
    {ContactPlace::kHomeVisit, "home_visit"},
    {ContactPlace::kCommunity, "community"},
    {ContactPlace::kOffice, "office"},
    {ContactPlace::kPhone, "phone"},
    {ContactPlace::kVideo, "video"},
    {ContactPlace::kText, "text"},
}}};

// Whether the person was reached. An attempt that did not reach them still counts for follow-up:
// it is the last contact, and its follow-up date is the next one.
enum class ContactOutcome { kAttempted, kCompleted };
inline constexpr CodeTable<ContactOutcome, 2> kContactOutcomes{{{
    {ContactOutcome::kAttempted, "attempted"},
    {ContactOutcome::kCompleted, "completed"},
}}};

// The four kinds of social support peers give.
enum class SupportKind { kEmotional, kInformational, kInstrumental, kAffiliational };
inline constexpr CodeTable<SupportKind, 4> kSupportKinds{{{
    {SupportKind::kEmotional, "emotional"},
    {SupportKind::kInformational, "informational"},
    {SupportKind::kInstrumental, "instrumental"},
    {SupportKind::kAffiliational, "affiliational"},
}}};

// The peer recovery support activities.
enum class PeerActivity {
  kMentoring,            // peer mentoring or coaching
  kConnectingResources,  // connecting to resources
  kRecoveryGroup,        // leading a recovery group
  kBuildingCommunity,    // building community
};
inline constexpr CodeTable<PeerActivity, 4> kPeerActivities{{{
    {PeerActivity::kMentoring, "mentoring"},
    {PeerActivity::kConnectingResources, "connecting_resources"},
    {PeerActivity::kRecoveryGroup, "recovery_group"},
    {PeerActivity::kBuildingCommunity, "building_community"},
}}};

// What a coach records. Every field but the place has a default a phone form can leave alone.
struct NewContact {
  Instant at{};  // when it took place
  int duration_minutes = 0;
  ContactPlace place = ContactPlace::kPhone;
  ContactOutcome outcome = ContactOutcome::kCompleted;
  std::vector<SupportKind> supports;
  std::vector<PeerActivity> activities;
  std::string note;          // short, shown with the record
  std::string private_note;  // what the person shared in confidence; sealed at rest
  std::optional<Day> follow_up_on;

  bool operator==(const NewContact&) const = default;
};

// Tidies and checks `*contact`, recorded at `now` in a site in `zone`: `at` not more than
// kContactClockSkew after now ("at"); duration 0 to kMaxContactMinutes, and at least 1 for a
// completed contact ("duration_minutes"); supports and activities only for a completed contact
// ("supports", "activities"; sorted, without repeats); note at most kMaxContactNote and
// private_note at most kMaxNote (fields.h Note); follow_up_on not before the contact's day in
// `zone` ("follow_up_on"). kInvalidArgument naming the field.
Status NormalizeNewContact(NewContact* contact, Instant now, const date::time_zone* zone);

// A contact as the site keeps it. The private note is held sealed (identity/secret_box.h): only
// `sealed_private_note` is stored, and `contact.private_note` is filled in only for a reader who
// may see it (MaySeePrivateNote, caseload.h).
struct Contact {
  std::string id;  // random, 32 lower-case hex digits
  std::string site_id;
  std::string participant_id;
  NewContact contact;
  bool has_private_note = false;
  std::string sealed_private_note;  // nonce + ciphertext; empty when there is none
  std::string author_user_id;       // who recorded it (a user id)
  std::string recorded_by;          // the audit actor
  Instant recorded_at{};

  bool operator==(const Contact&) const = default;
};

}  // namespace rn::casework
