#pragma once
// Referrals: what a partner (a hospital ED, an OB clinic, a court, a shelter, a treatment program)
// sends when a person agrees to meet a peer, and the lifecycle a site takes it through. Statuses
// are the FHIR Task states the SDOH Clinical Care referral profile uses. No SQL here, no HTTP. See
// docs/casework.md.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/codes.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

// What a site's program does.
enum class ProgramKind {
  kEdCoaching,    // emergency-department recovery coaching
  kHomeVisiting,  // maternal and family recovery, at home
  kCommunity,     // drop-in centre / recovery community organisation
};
inline constexpr CodeTable<ProgramKind, 3> kProgramKinds{{{
    {ProgramKind::kEdCoaching, "ed_coaching"},
    {ProgramKind::kHomeVisiting, "home_visiting"},
    {ProgramKind::kCommunity, "community"},
}}};

// Where the person is when referred.
enum class Setting {
  kEmergencyDepartment,
  kInpatient,
  kPrenatalClinic,
  kCourt,
  kShelter,
  kTreatment,
  kSelf,
  kOther,
};
inline constexpr CodeTable<Setting, 8> kSettings{{{
    {Setting::kEmergencyDepartment, "emergency_department"},
    {Setting::kInpatient, "inpatient"},
    {Setting::kPrenatalClinic, "prenatal_clinic"},
    {Setting::kCourt, "court"},
    {Setting::kShelter, "shelter"},
    {Setting::kTreatment, "treatment"},
    {Setting::kSelf, "self"},
    {Setting::kOther, "other"},
}}};

enum class Urgency {
  kNow,      // the person is there now: page the coach on call
  kToday,    // reach them today
  kRoutine,  // in the program's usual time
};
inline constexpr CodeTable<Urgency, 3> kUrgencies{{{
    {Urgency::kNow, "now"},
    {Urgency::kToday, "today"},
    {Urgency::kRoutine, "routine"},
}}};

enum class ReferralReason {
  kOverdoseSurvivor,
  kPregnantOrParenting,
  kSeekingRecoverySupport,
  kOther,
};
inline constexpr CodeTable<ReferralReason, 4> kReferralReasons{{{
    {ReferralReason::kOverdoseSurvivor, "overdose_survivor"},
    {ReferralReason::kPregnantOrParenting, "pregnant_or_parenting"},
    {ReferralReason::kSeekingRecoverySupport, "seeking_recovery_support"},
    {ReferralReason::kOther, "other"},
}}};

// FHIR R4 TaskStatus, as far as a referral uses it (draft, received and ready are the sender's or
// the scheduler's, not a peer program's).
enum class ReferralStatus {
  kRequested,       // received, nobody has taken it yet
  kAccepted,        // a coach took it
  kRejected,        // the site will not take it (closed)
  kInProgress,      // the person has been reached
  kOnHold,          // paused (the person asked to wait, is admitted, …)
  kCompleted,       // closed: the work of the referral is done
  kCancelled,       // closed: withdrawn or no longer needed
  kFailed,          // closed: attempted but could not be done
  kEnteredInError,  // sent by mistake (closed, kept for the record)
};
inline constexpr CodeTable<ReferralStatus, 9> kReferralStatuses{{{
    {ReferralStatus::kRequested, "requested"},
    {ReferralStatus::kAccepted, "accepted"},
    {ReferralStatus::kRejected, "rejected"},
    {ReferralStatus::kInProgress, "in-progress"},
    {ReferralStatus::kOnHold, "on-hold"},
    {ReferralStatus::kCompleted, "completed"},
    {ReferralStatus::kCancelled, "cancelled"},
    {ReferralStatus::kFailed, "failed"},
    {ReferralStatus::kEnteredInError, "entered-in-error"},
}}};

// Why a referral was closed.
enum class ReferralOutcome {
  kReachedAndEngaged,
  kCouldNotContact,
  kDeclined,
  kNotEligible,
  kNoCapacity,
  kReferredElsewhere,
};
inline constexpr CodeTable<ReferralOutcome, 6> kReferralOutcomes{{{
    {ReferralOutcome::kReachedAndEngaged, "reached_and_engaged"},
    {ReferralOutcome::kCouldNotContact, "could_not_contact"},
    {ReferralOutcome::kDeclined, "declined"},
    {ReferralOutcome::kNotEligible, "not_eligible"},
    {ReferralOutcome::kNoCapacity, "no_capacity"},
    {ReferralOutcome::kReferredElsewhere, "referred_elsewhere"},
}}};

// What a referrer sends: the minimum necessary to reach the person.
struct NewReferral {
  std::string program_id;       // the site's program it is for
  std::string partner_id;       // the referring partner (a referrer's own; staff name one)
  std::string first_name;       // or an alias
  std::string phone;            // may be empty (an ED referral: the coach goes in person)
  std::string language = "en";  // BCP 47
  Setting setting = Setting::kOther;
  Urgency urgency = Urgency::kRoutine;
  ReferralReason reason = ReferralReason::kOther;
  std::string partner_reference;    // the referrer's own id for it; may be empty
  bool consent_to_contact = false;  // the person agreed to be contacted

  bool operator==(const NewReferral&) const = default;
};

// Tidies and checks `*referral` (trims the text fields, writes the language tag in its standard
// case). kInvalidArgument naming the field: program_id and partner_id are required; first_name is
// required (at most kMaxShortText code points); phone, when given, is a phone number (fields.h);
// language is a language tag; partner_reference is at most 64 characters.
Status NormalizeNewReferral(NewReferral* referral);

// What a disclosure under consent told a partner of a referral (consent.h, information
// referral_status): the referral's status, outcome and first contact when it was made. A
// referrer reading one of its partner's referrals sees the latest one told to that partner
// (ReadReferral), as what went out then — never the referral's state since.
struct DisclosedReferral {
  std::string referral_id;
  ReferralStatus status = ReferralStatus::kRequested;
  std::optional<ReferralOutcome> outcome;
  std::optional<Instant> first_contact_at;
  Instant disclosed_at{};

  bool operator==(const DisclosedReferral&) const = default;
};

// A referral as the site keeps it.
struct Referral {
  std::string id;  // random, 32 lower-case hex digits
  std::string site_id;
  NewReferral sent;
  ReferralStatus status = ReferralStatus::kRequested;
  std::optional<ReferralOutcome> outcome;  // set exactly when closed (but entered-in-error)
  std::string assigned_to;                 // the user id of the coach who accepted it; may be empty
  std::string participant_id;              // once the person is a participant; may be empty
  std::string received_by;                 // the audit actor who sent it
  Instant received_at{};
  std::optional<Instant> accepted_at;
  std::optional<Instant> first_contact_at;
  std::optional<Instant> closed_at;
  // Filled in for a referrer only, by ReadReferral and ListReferrals: the latest disclosure of
  // this referral to its partner. Never stored with the referral.
  std::optional<DisclosedReferral> disclosed;

  bool operator==(const Referral&) const = default;
};

// Whether `status` ends the referral: rejected, completed, cancelled, failed, entered-in-error.
bool IsClosed(ReferralStatus status);

// Whether a referral may go from `from` to `to`:
//   requested   → accepted, rejected, cancelled, failed (never reached, never taken)
//   accepted    → in-progress, on-hold, completed, cancelled, failed
//   in-progress → on-hold, completed, cancelled, failed
//   on-hold     → in-progress, completed, cancelled, failed
// and every status but entered-in-error → entered-in-error. Nothing else (a closed referral stays
// closed; a status does not "change" to itself).
bool CanTransition(ReferralStatus from, ReferralStatus to);

// The outcomes that may close a referral as `to` (empty for a status that does not close one, and
// for entered-in-error, which needs none):
//   completed → reached_and_engaged, referred_elsewhere
//   failed    → could_not_contact
//   rejected  → not_eligible, no_capacity, referred_elsewhere
//   cancelled → any but reached_and_engaged
std::vector<ReferralOutcome> OutcomesClosing(ReferralStatus to);

// The status a referral now `from` closes as with `outcome`, for a person who picks the outcome
// ("Close: could not contact"): reached_and_engaged → completed; could_not_contact → failed;
// declined → cancelled; not_eligible, no_capacity → rejected while requested, else cancelled;
// referred_elsewhere → rejected while requested, else completed. Nullopt when `from` is closed, and
// for reached_and_engaged while requested (someone accepts it and records the contact first).
// Whatever it returns is a legal change from `from` with `outcome` (unit-tested).
std::optional<ReferralStatus> ClosingStatus(ReferralStatus from, ReferralOutcome outcome);

// A change of status asked for by `actor_user_id` (a user id; empty for a token) at `at`.
struct StatusChange {
  ReferralStatus to = ReferralStatus::kRequested;
  std::optional<ReferralOutcome> outcome;
  Instant at{};
  std::string actor_user_id;
};

// Applies `change` to `*referral`. kConflict ("a referral that is completed cannot become
// accepted") when CanTransition refuses it; kInvalidArgument (field "outcome") when a closing
// status has no outcome or one OutcomesClosing does not allow, or a status that does not close has
// one. On success: the status and outcome are set; accepting sets accepted_at (the first time) and
// assigned_to to the actor when nobody is assigned; closing sets closed_at. On error *referral is
// unchanged.
Status ApplyStatusChange(Referral* referral, const StatusChange& change);

// Records that `actor_user_id` reached the person at `at`: keeps the first such time, and a
// referral that is requested or accepted becomes in-progress (a requested one is accepted at `at`
// by the actor on the way, as ApplyStatusChange would). Closed and on-hold referrals keep their
// status.
void RecordFirstContact(Referral* referral, Instant at, std::string_view actor_user_id);

// From receipt to the first contact, when there has been one.
std::optional<std::chrono::seconds> TimeToFirstContact(const Referral& referral);

}  // namespace rn::casework
