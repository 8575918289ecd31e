#pragma once
// 42 CFR Part 2 consent and disclosure. Every participant record is treated as Part 2 protected: it
// leaves the site only under a written consent that has every element §2.31 requires and covers the
// recipient, the purpose and the information of that disclosure on the day it is made, and what
// goes out carries the §2.32 notice. No SQL here, no HTTP. See docs/casework.md ("Consent and
// disclosure").

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/calendar.h"
#include "casework/codes.h"
#include "casework/program.h"
#include "casework/referral.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

// The §2.32 notice that accompanies every disclosure.
inline constexpr std::string_view kRedisclosureNotice =
    "42 CFR part 2 prohibits unauthorized use or disclosure of these records.";

// The kinds of information a consent may name (§2.31(a)(3): "specific and meaningful").
enum class Information {
  kReferralStatus,  // whether the person was reached and engaged (a referral's outcome)
  kEnrollment,      // programs enrolled in, start and discharge dates
  kContacts,        // dates, places and kinds of contacts (never private notes)
  kRecoveryPlan,    // goals and the plan's steps
  kRecord,          // the whole record but private notes
};
inline constexpr CodeTable<Information, 5> kInformation{{{
    {Information::kReferralStatus, "referral_status"},
    {Information::kEnrollment, "enrollment"},
    {Information::kContacts, "contacts"},
    {Information::kRecoveryPlan, "recovery_plan"},
    {Information::kRecord, "record"},
}}};

// Why the information may be disclosed (§2.31(a)(5)).
enum class Purpose {
  kReferralFollowUp,  // telling a referring partner whether the person was reached
  kCareCoordination,  // coordinating care with a treating provider
  kTreatment,
  kPayment,
  kLegal,  // a court or probation, at the person's request
  kOther,
};
inline constexpr CodeTable<Purpose, 6> kPurposes{{{
    {Purpose::kReferralFollowUp, "referral_follow_up"},
    {Purpose::kCareCoordination, "care_coordination"},
    {Purpose::kTreatment, "treatment"},
    {Purpose::kPayment, "payment"},
    {Purpose::kLegal, "legal"},
    {Purpose::kOther, "other"},
}}};

// How the person signed (§2.31(a)(8): a written or electronic signature).
enum class SignedHow { kWritten, kElectronic };
inline constexpr CodeTable<SignedHow, 2> kSignedHow{{{
    {SignedHow::kWritten, "written"},
    {SignedHow::kElectronic, "electronic"},
}}};

// An event that ends a consent (§2.31(a)(6): "an expiration date, event, or condition").
enum class ExpiryEvent {
  kDischarge,  // discharge from the program (the participant's last open enrolment ending)
};
inline constexpr CodeTable<ExpiryEvent, 1> kExpiryEvents{{{
    {ExpiryEvent::kDischarge, "discharge"},
}}};

// A recipient's consent withdrawn on its own, leaving the rest in force.
struct RecipientRevocation {
  std::string recipient;  // a partner id
  Instant at{};

  bool operator==(const RecipientRevocation&) const = default;
};

// One signed consent.
struct Consent {
  std::string id;  // random, 32 lower-case hex digits
  std::string participant_id;
  std::string site_id;
  std::string discloser;  // who may disclose (§2.31(a)(2)): the program or the site, by name
  std::vector<Information> information;
  std::string information_note;         // the description in the form's own words; may be empty
  std::vector<std::string> recipients;  // partner ids (§2.31(a)(4)); may be empty when…
  std::string recipient_class;          // …a designation names them ("my treating providers")
  std::vector<Purpose> purposes;
  std::optional<Day> expires_on;                // in force through the end of that day
  std::optional<ExpiryEvent> expires_on_event;  // or until that event
  Day signed_on{};
  SignedHow signed_how = SignedHow::kWritten;
  std::string recorded_by;  // the audit actor who entered it
  Instant recorded_at{};
  std::optional<Instant> revoked_at;  // revoked whole
  std::vector<RecipientRevocation> revoked_recipients;

  bool operator==(const Consent&) const = default;
};

// The designations a consent may name instead of (or beside) its recipients (§2.31(a)(4)(ii)).
// "treating_providers": the partners that treat the person (kinds hospital, clinic, treatment).
inline constexpr std::string_view kTreatingProviders = "treating_providers";
// Whether the designation `recipient_class` takes in a partner of `kind` (false for a class that
// is not known, or empty).
bool ClassCovers(std::string_view recipient_class, PartnerKind kind);

// OK when `consent` has what §2.31 requires, checked as it is recorded on `today` (the site's
// day): at least one kind of information (field "information"), a named recipient or a class
// (field "recipients"; a class must be known, ClassCovers), at least one purpose ("purpose"), an
// expiry date or event ("expires_at"; a date not before the signature), a signature date not in
// the future ("signed_on"), and who discloses ("discloser"). Otherwise kInvalidArgument naming the
// field. Sorts and de-duplicates the lists.
Status NormalizeConsent(Consent* consent, Day today);

// A disclosure asked for: to whom, why, what.
struct DisclosureRequest {
  std::string recipient;                           // a partner id
  PartnerKind partner_kind = PartnerKind::kOther;  // that partner's (for a class of recipients)
  Purpose purpose = Purpose::kOther;
  std::vector<Information> information;
};

// What the check knows beyond the consent: the instant, the site's zone, and whether the
// participant has been discharged (for a consent that ends at discharge).
struct ConsentFacts {
  Instant now{};
  const date::time_zone* zone = nullptr;
  std::optional<Instant> discharged_at;
};

// The element of a consent that does not cover a disclosure, in the order they are checked: what
// it is about (who, why, what) before when it holds, so a later gap means the consent came closer
// to covering it ("the consent for this has expired" rather than "no consent names this purpose").
enum class ConsentGap {
  kNone,         // it covers the disclosure
  kRecipient,    // it names neither the recipient nor a class the recipient is in
  kPurpose,      // the purpose is not among its purposes
  kInformation,  // some of the information is not among its kinds (record covers every kind)
  kNotSigned,    // signed after today
  kExpired,      // past its date (through the end of the day, in the site's zone), or its event
  kRevoked,      // revoked whole, or for this recipient, at or before now
};

// The first element of `consent` that does not cover `request` given `facts`, or kNone. A
// recipient named both by id and by class stays covered by the class when revoked on its own.
ConsentGap CheckConsent(const Consent& consent, const DisclosureRequest& request,
                        const ConsentFacts& facts);

// Whether any of `consents` covers `request`: the id of the first that does, or kForbidden whose
// field names the missing element ("consent" when there is none, else "recipient", "purpose",
// "information", "signed_on", "expires_at" or "revoked_at") and whose message says what is missing,
// from the consent that comes closest (the latest gap).
Result<std::string> CoveringConsent(const std::vector<Consent>& consents,
                                    const DisclosureRequest& request, const ConsentFacts& facts);

// Whether `consent` is in force at all on `facts` (neither revoked nor expired nor unsigned):
// what the participant's page lists as current.
bool InForce(const Consent& consent, const ConsentFacts& facts);

// Revokes `*consent` at `at`: whole when `recipient` is empty, else for that recipient only.
// kConflict when it is already revoked (whole, or for that recipient); kInvalidArgument (field
// "recipient") when the consent does not name `recipient`.
Status Revoke(Consent* consent, std::string_view recipient, Instant at);

// Whether `information` takes in `kind`: names it, or names the whole record.
bool TakesIn(const std::vector<Information>& information, Information kind);

// One disclosure made under a consent: what the accounting of disclosures lists (§2.24: the date,
// the recipient, a brief description of the information and the purpose).
struct Disclosure {
  std::string id;  // random, 32 lower-case hex digits
  std::string site_id;
  std::string participant_id;
  std::string consent_id;      // the consent that covered it
  std::string recipient;       // a partner id
  std::string recipient_name;  // the partner's name when it was made
  Purpose purpose = Purpose::kOther;
  std::vector<Information> information;
  std::string description;  // what went out, in words (DescribeInformation)
  std::string disclosed_by;  // the audit actor
  Instant disclosed_at{};
  // When the information takes in referral_status and the participant came from a referral: what
  // it told of that referral (its disclosed_at is this disclosure's).
  std::optional<DisclosedReferral> referral;

  bool operator==(const Disclosure&) const = default;
};

// "whether the person was reached and engaged; programs enrolled in…": `information` in words,
// for the accounting.
std::string DescribeInformation(const std::vector<Information>& information);

// How far back the accounting of disclosures goes (§2.24: three years before the request).
Instant AccountingStart(Instant now);

}  // namespace rn::casework
