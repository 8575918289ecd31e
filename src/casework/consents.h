#pragma once
// The consent and disclosure use cases (42 CFR Part 2), shared by the JSON API and the staff
// console: recording a participant's consent, revoking it (whole or for one recipient), making a
// disclosure outside the site under a consent that covers it, and the accounting of disclosures.
// Who may call them is the route's permission (identity/access.h); whose record it is, is decided
// as for every participant read (participants.h FindVisibleParticipant, audited). Each write and
// its audit entry are one unit of work; each read is an audited read naming the participant; a
// disclosure refused for want of consent is audited too (casework.disclosure.refuse).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/consent.h"
#include "casework/contact.h"
#include "casework/participant.h"
#include "casework/referral.h"
#include "casework/referrals.h"
#include "casework/stores.h"
#include "util/status.h"

namespace rn::casework {

// Records `consent` (its id, site, participant, recorder and instant are filled in here) for
// participant `participant_id`: NormalizeConsent on the site's today (kInvalidArgument naming the
// field), and every named recipient a partner of the site (kInvalidArgument "recipients"). The
// consent and the audit entry casework.consent.record (target "participant:<id>", details consent
// id, recipients, purposes, information codes) in one unit of work. kNotFound / kForbidden as
// ReadParticipant. Returns the consent as stored.
Result<Consent> RecordConsent(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, Consent consent,
                              const date::time_zone* zone);

// Revokes consent `consent_id` of the participant at the actor's instant, whole when `recipient`
// is empty, else for that recipient (Revoke: kConflict when already so revoked, kInvalidArgument
// "recipient" for one it does not name), with the audit entry casework.consent.revoke. kNotFound
// for a consent the participant does not have.
Result<Consent> RevokeConsent(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, std::string_view consent_id,
                              std::string_view recipient);

// A consent as the participant's page lists it: whether it is in force now (InForce, with a
// consent that ends at discharge ended once every enrolment is discharged).
struct ListedConsent {
  Consent consent;
  bool in_force = false;
};

// The participant's consents, oldest first, recorded as a read (casework.consents.view).
Result<std::vector<ListedConsent>> ListConsents(Stores& stores, const Actor& actor,
                                                std::string_view site_id,
                                                std::string_view participant_id,
                                                const date::time_zone* zone);

// A disclosure asked for by the site's staff: to which partner, why, what.
struct DisclosureAsked {
  std::string recipient;  // a partner id of the site
  Purpose purpose = Purpose::kOther;
  std::vector<Information> information;
};

// What a disclosure lets go out, beside its log entry: each part present only when the
// information asked for takes it in (kRecord takes in every part).
struct DisclosedRecord {
  Disclosure disclosure;
  std::optional<ParticipantDetails> details;  // kRecord
  std::optional<Referral> referral;           // kReferralStatus: the referral the person came from
  std::vector<Enrolment> enrolments;          // kEnrollment
  std::vector<Contact> contacts;              // kContacts: every contact, newest first, no notes
  bool recovery_plan = false;                 // kRecoveryPlan asked (there are no plans yet)
};

// Discloses what `asked` names of participant `participant_id` to partner `asked.recipient`.
// kInvalidArgument naming the field: "recipient" (not a partner of the site), "information"
// (none named). kForbidden naming the missing consent element (CoveringConsent: "consent",
// "recipient", "signed_on", "expires_at", "revoked_at", "purpose", "information"), audited as
// casework.disclosure.refuse, when no in-force consent covers it on the site's today (a consent
// that ends at discharge has ended once every enrolment is discharged, from the start of the last
// discharge day). When one does: the disclosure logged (ConsentStore::InsertDisclosure) with the
// audit entry casework.disclosure.make (details disclosure and consent ids, recipient, purpose,
// information codes) in one unit of work, then what goes out. kNotFound / kForbidden as
// ReadParticipant.
Result<DisclosedRecord> Disclose(Stores& stores, const Actor& actor, std::string_view site_id,
                                 std::string_view participant_id, DisclosureAsked asked,
                                 const date::time_zone* zone);

// The accounting of disclosures (§2.24): the participant's disclosures of the three years before
// the actor's instant (AccountingStart), newest first, recorded as a read
// (casework.disclosures.view).
Result<std::vector<Disclosure>> AccountDisclosures(Stores& stores, const Actor& actor,
                                                   std::string_view site_id,
                                                   std::string_view participant_id);

}  // namespace rn::casework
