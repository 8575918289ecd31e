#pragma once
// The contact use cases, shared by the JSON API and the staff console: recording a contact with a
// participant (the service log) and listing a participant's contacts. A private note is sealed
// before it is stored (Stores::private_notes) and opened only for its author and the site's
// supervisors (MaySeePrivateNote). Each write and its audit entry are one unit of work; each read
// is an audited read naming the participant.

#include <string_view>
#include <vector>

#include "casework/contact.h"
#include "casework/contact_store.h"
#include "casework/referrals.h"
#include "casework/stores.h"
#include "util/status.h"

namespace rn::casework {

// Records `contact` with participant `participant_id` of `site_id`, by the actor, in a site in
// `zone`. The caller fills in every field (a form's defaults: `at` the actor's instant, completed,
// the coach's usual place). kNotFound / kForbidden (audited) as ReadParticipant (participants.h);
// kInvalidArgument naming the field (NormalizeNewContact; "private_note" also when the actor has
// no user id, as only a person can be its author). In one unit of work: the contact (its private
// note sealed), the participant's caseload summary (ApplyContact), for a completed contact with a
// participant who came from a referral the referral's first contact (RecordFirstContact), and the
// audit entry casework.contact.record (target "participant:<id>", details contact id, place,
// outcome, whether there is a private note). Returns the contact with its private note's text.
Result<Contact> RecordContact(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, NewContact contact,
                              const date::time_zone* zone);

// The contacts of participant `participant_id` matching `query`, newest first, recorded as a read
// (casework.contacts.view, target "participant:<id>"); private notes as OpenPrivateNote leaves
// them. kInvalidArgument ("limit") unless 1 ≤ limit ≤ 200; kNotFound / kForbidden as
// ReadParticipant.
Result<std::vector<Contact>> ListContacts(Stores& stores, const Actor& actor,
                                          std::string_view site_id, std::string_view participant_id,
                                          ContactQuery query);

// Makes `*contact` (as read from the store) fit for `actor`: the private note's text filled in
// when the actor may see it, and the sealed bytes dropped either way. kInternal when a note the
// actor may see cannot be opened (another key, or altered).
Status OpenPrivateNote(Stores& stores, const Actor& actor, Contact* contact);

}  // namespace rn::casework
