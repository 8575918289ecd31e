#pragma once
// Participants and their enrolments: the minimum a site keeps about a person it works with, and
// the episodes of each program they take part in. No SQL here, no HTTP. See docs/casework.md
// ("Participants and enrolments").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/calendar.h"
#include "casework/codes.h"
#include "casework/referral.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

// The longest pronouns ("she/her", "they/them", "ze/hir"), in code points.
inline constexpr std::size_t kMaxPronouns = 40;
// The longest "times not to contact" ("not before 10am, never at work"), in code points.
inline constexpr std::size_t kMaxContactTimes = 200;
// The longest address, in code points (line breaks kept).
inline constexpr std::size_t kMaxAddress = 300;
// The most children under six a home-visiting enrolment records.
inline constexpr int kMaxChildrenUnderSix = 20;
// How far ahead of today a due date may be, and how far behind (a birth not yet recorded).
inline constexpr int kMaxDaysToDueDate = 300;
inline constexpr int kMaxDaysPastDueDate = 30;

// What a participant record holds: the minimum to work with the person. `address` is kept only
// for a participant of a home-visiting program (the coach visits at home).
struct ParticipantDetails {
  std::string first_name;  // or an alias; required
  std::string last_name;   // may be empty
  std::optional<Day> date_of_birth;
  std::string pronouns;         // may be empty
  std::string language = "en";  // preferred, BCP 47
  std::string phone;            // may be empty
  bool may_leave_message = false;
  std::string do_not_contact;  // times not to contact, in the person's words; may be empty
  std::string address;         // only for home visiting; may be empty

  bool operator==(const ParticipantDetails&) const = default;
};

// Tidies and checks `*details` as entered on `today` (the site's day): first_name required and
// last_name optional (fields.h OneLine, kMaxShortText), date_of_birth not after today, pronouns
// (kMaxPronouns), language a tag, phone a phone number when given (may_leave_message is false
// without one), do_not_contact (kMaxContactTimes), address a note of at most kMaxAddress.
// kInvalidArgument naming the field. Whether an address may be kept is CheckAddressAllowed's.
Status NormalizeParticipantDetails(ParticipantDetails* details, Day today);

// The key two records of the same person share: first and last name folded (accents and case
// ignored, util/text.h Fold), words joined by one space. "  José  GARCÍA " → "jose garcia".
std::string NameKey(std::string_view first_name, std::string_view last_name);

// Whether `a` and `b` may be the same person: the same NameKey and the same date of birth (two
// records without a date of birth are not flagged).
bool PossibleDuplicate(const ParticipantDetails& a, const ParticipantDetails& b);

// A participant as the site keeps it.
struct Participant {
  std::string id;  // random, 32 lower-case hex digits
  std::string site_id;
  ParticipantDetails details;
  std::string referral_id;  // the referral the person came from; may be empty
  std::string created_by;   // the audit actor
  Instant created_at{};

  bool operator==(const Participant&) const = default;
};

// Why an enrolment ended.
enum class DischargeReason {
  kCompleted,    // goals met, the program's course finished
  kTransferred,  // moved to another program or provider
  kLostContact,  // could not be reached any more
  kWithdrew,     // the person chose to stop
  kMoved,        // moved out of the area
  kIncarcerated,
  kDeceased,
  kOther,
};
inline constexpr CodeTable<DischargeReason, 8> kDischargeReasons{{{
    {DischargeReason::kCompleted, "completed"},
    {DischargeReason::kTransferred, "transferred"},
    {DischargeReason::kLostContact, "lost_contact"},
    {DischargeReason::kWithdrew, "withdrew"},
    {DischargeReason::kMoved, "moved"},
    {DischargeReason::kIncarcerated, "incarcerated"},
    {DischargeReason::kDeceased, "deceased"},
    {DischargeReason::kOther, "other"},
}}};

// A home-visiting participant's pregnancy.
enum class PregnancyStatus { kPregnant, kPostpartum, kNeither };
inline constexpr CodeTable<PregnancyStatus, 3> kPregnancyStatuses{{{
    {PregnancyStatus::kPregnant, "pregnant"},
    {PregnancyStatus::kPostpartum, "postpartum"},
    {PregnancyStatus::kNeither, "neither"},
}}};

// What a home-visiting enrolment records besides its dates.
struct HomeVisiting {
  PregnancyStatus pregnancy = PregnancyStatus::kNeither;
  std::optional<Day> due_date;      // pregnant only
  std::optional<Day> baby_born_on;  // postpartum only
  int children_under_six = 0;

  bool operator==(const HomeVisiting&) const = default;
};

// One episode of a participant in a program: open until discharged.
struct Enrolment {
  std::string id;  // random, 32 lower-case hex digits
  std::string site_id;
  std::string participant_id;
  std::string program_id;
  Day started_on{};
  std::optional<Day> discharged_on;
  std::optional<DischargeReason> discharge_reason;  // set exactly when discharged
  std::optional<HomeVisiting> home_visiting;        // set exactly for a home-visiting program
  std::string created_by;                           // the audit actor
  Instant created_at{};

  bool is_open() const { return !discharged_on.has_value(); }
  bool operator==(const Enrolment&) const = default;
};

// Checks a new episode in `program` (of `kind`) for `*enrolment` on `today`, against the
// participant's `existing` enrolments: started_on not after today ("started_on"); home-visiting
// fields present exactly for a home-visiting program ("pregnancy_status"); for pregnant a due date
// (required) from kMaxDaysPastDueDate before today to kMaxDaysToDueDate after ("due_date"), for
// postpartum a baby's birth date (required) not after today ("baby_born_on"), neither date
// otherwise; 0 to
// kMaxChildrenUnderSix children ("children_under_six"). kConflict (field "program") when the
// participant has an open episode in that program, or one discharged after this one would start
// (episodes of a program do not overlap).
Status CheckNewEnrolment(const Enrolment& enrolment, ProgramKind kind,
                         const std::vector<Enrolment>& existing, Day today);

// Ends `*enrolment` on `on` for `reason`. kConflict when it is already discharged;
// kInvalidArgument ("discharged_on") when `on` is before its start or after `today`.
Status Discharge(Enrolment* enrolment, Day on, DischargeReason reason, Day today);

// OK when a participant whose enrolments are in programs of `kinds` may have `address` kept:
// an empty one always, else only with a home-visiting program among them (kInvalidArgument,
// field "address").
Status CheckAddressAllowed(std::string_view address, const std::vector<ProgramKind>& kinds);

// What a participant's enrolments say for the caseload: whether the person is active (no
// enrolment yet, or an open one) and since when they have been engaged (the earliest start of
// their open episodes; nullopt when none is open).
struct EngagementState {
  bool active = true;
  std::optional<Day> engaged_since;

  bool operator==(const EngagementState&) const = default;
};
EngagementState EngagementOf(const std::vector<Enrolment>& enrolments);

}  // namespace rn::casework
