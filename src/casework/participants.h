#pragma once
// The participant use cases, shared by the JSON API and the staff console: creating a
// participant (with a warning of a possible duplicate), reading a participant's record,
// enrolling and discharging, and assigning a participant to a coach. Each write and its audit
// entry are one unit of work; each read of a record is an audited read naming the participant.
// Whether the caller may call these at all is the route's permission (identity/access.h); which
// participants it sees is decided here (Actor::participants, caseload.h MaySeeParticipant), and a
// refusal is an audited scope denial.
//
// Days ("today", a start not in the future) are the site's: each use case that needs one takes
// the site's zone, and the instant is the actor's (Actor::change.at).

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/caseload.h"
#include "casework/contact.h"
#include "casework/participant.h"
#include "casework/referrals.h"
#include "casework/stores.h"
#include "util/status.h"

namespace rn::casework {

// An enrolment asked for: the program, the start (the site's today when nullopt) and, for a
// home-visiting program, its fields.
struct NewEnrolment {
  std::string program_id;
  std::optional<Day> started_on;
  std::optional<HomeVisiting> home_visiting;
};

// A participant to create.
struct NewParticipant {
  ParticipantDetails details;
  std::string referral_id;  // the site's referral the person came from; may be empty
  // The coach to assign: for a coach, itself (when empty) and nobody else; for a supervisor, any
  // coach or supervisor of the site, or nobody (empty).
  std::string coach_id;
  std::optional<NewEnrolment> enrolment;  // the first enrolment, made with it
};

// What creating returns: the participant as stored, its enrolment, and the ids of the site's
// participants it may duplicate (same name and date of birth: PossibleDuplicate). The warning
// does not stop the creation; reading those records is access-checked as any other read.
struct CreatedParticipant {
  Participant participant;
  std::optional<Enrolment> enrolment;
  std::vector<std::string> possible_duplicates;
};

// Creates a participant at `site_id`. kForbidden (an audited scope denial) when the actor sees
// no participants, or a coach names another coach. kInvalidArgument naming the field: the details
// (NormalizeParticipantDetails on the site's today), "coach" (not a coach or supervisor here),
// "referral" (no such referral here), "program" (no such program), the enrolment's fields
// (CheckNewEnrolment), "address" (CheckAddressAllowed: only with a home-visiting enrolment).
// kConflict ("referral") when the referral already has a participant. Stores the participant,
// its assignment, its enrolment and the referral's link to it, with the audit entry
// casework.participant.create (target "participant:<id>", details referral, coach, program,
// enrolment ids and the number of possible duplicates), in one unit of work.
Result<CreatedParticipant> CreateParticipant(Stores& stores, const Actor& actor,
                                             std::string_view site_id, NewParticipant created,
                                             const date::time_zone* zone);

// Makes the person of referral `referral_id` a participant, as a coach does on meeting them: the
// first name, phone and language as sent, the actor its coach, enrolled from today in the
// referral's program unless that is home visiting (whose details the coach records with the
// enrolment). Read as ReadReferral reads it (audited), then CreateParticipant; kConflict
// ("referral") when the referral's person is a participant already.
Result<CreatedParticipant> CreateParticipantFromReferral(Stores& stores, const Actor& actor,
                                                         std::string_view site_id,
                                                         std::string_view referral_id,
                                                         const date::time_zone* zone);

// A participant's record as a reader may see it: the newest contacts come with their private
// note's text only where the reader may see it (MaySeePrivateNote); the sealed bytes never leave.
struct ParticipantRecord {
  Participant participant;
  ParticipantSummary summary;
  std::vector<Enrolment> enrolments;    // by start
  std::vector<Assignment> assignments;  // oldest first; the last without an end is current
  std::vector<Contact> contacts;        // the newest kRecordContacts, newest first
};
inline constexpr int kRecordContacts = 20;

// Participant `id` of `site_id` with its enrolments, assignments and newest contacts, recorded as
// a read (casework.participant.view, target "participant:<id>") before it is returned. kNotFound
// when the site has no such participant; kForbidden (audited) when the actor may not see it.
Result<ParticipantRecord> ReadParticipant(Stores& stores, const Actor& actor,
                                          std::string_view site_id, std::string_view id);

// Enrols participant `participant_id` in `enrolment.program_id` (CheckNewEnrolment on the site's
// today: kInvalidArgument naming the field, kConflict "program" while an episode of that program
// is open), with the audit entry casework.enrolment.start (details enrolment, program) in one unit
// of work that also updates the caseload summary. kNotFound / kForbidden as ReadParticipant;
// kInvalidArgument ("program") for a program the site does not have.
Result<Enrolment> Enrol(Stores& stores, const Actor& actor, std::string_view site_id,
                        std::string_view participant_id, NewEnrolment enrolment,
                        const date::time_zone* zone);

// Discharges enrolment `enrolment_id` of the participant on `on` for `reason` (Discharge:
// kConflict when already discharged, kInvalidArgument "discharged_on"), with the audit entry
// casework.enrolment.discharge (details enrolment, program, reason) in one unit of work that also
// updates the caseload summary (a participant with no open episode left leaves the caseload).
// kNotFound for an enrolment the participant does not have.
Result<Enrolment> DischargeEnrolment(Stores& stores, const Actor& actor, std::string_view site_id,
                                     std::string_view participant_id, std::string_view enrolment_id,
                                     Day on, DischargeReason reason, const date::time_zone* zone);

// Assigns participant `participant_id` to `coach_id` ("" to nobody), keeping the history
// (Reassign: the current assignment ends now). Supervisors only (kForbidden, audited, for anyone
// else); kInvalidArgument ("coach") when `coach_id` is not a coach or supervisor of the site;
// kConflict ("coach") when already so assigned. Audit entry casework.participant.assign (details
// from, to: user ids) in one unit of work with the history and the summary. Returns the history.
Result<std::vector<Assignment>> AssignParticipant(Stores& stores, const Actor& actor,
                                                  std::string_view site_id,
                                                  std::string_view participant_id,
                                                  std::string_view coach_id);

// The participant `id` of `site_id` and its summary when `actor` may see it: kNotFound when there
// is none; kForbidden, recorded as a scope denial of "participant:<id>", when the actor may not
// (MaySeeParticipant). Shared by the use cases of this header and contacts.h.
struct VisibleParticipant {
  Participant participant;
  ParticipantSummary summary;
};
Result<VisibleParticipant> FindVisibleParticipant(Stores& stores, const Actor& actor,
                                                  std::string_view site_id, std::string_view id);

// "participant:<id>", the audit target of a participant's record.
std::string ParticipantTarget(std::string_view id);

}  // namespace rn::casework
