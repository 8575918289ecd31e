#include "casework/contacts.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "casework/caseload.h"
#include "casework/paging.h"
#include "casework/participants.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"
#include "identity/secret.h"

namespace rn::casework {
namespace {

namespace audit_action = identity::audit_action;

constexpr int kMaxListLimit = 200;

// Records the first contact with the person on the referral they came from.
Status NoteFirstContact(Stores& stores, std::string_view site_id, std::string_view referral_id,
                        const Contact& contact) {
  Result<std::optional<Referral>> referral = stores.referrals.Get(site_id, referral_id);
  if (!referral.ok()) return referral.status();
  if (!*referral) return Status::Ok();
  const Referral before = **referral;
  RecordFirstContact(&**referral, contact.contact.at, contact.author_user_id);
  if (**referral == before) return Status::Ok();
  // Reaching the person takes the referral out of requested: nobody need be paged for it now.
  if (before.status == ReferralStatus::kRequested && (*referral)->status != before.status) {
    Result<int> cancelled = CancelPages(stores, referral_id, contact.recorded_at);
    if (!cancelled.ok()) return cancelled.status();
  }
  return stores.referrals.UpdateLifecycle(**referral);
}

// What a contact's private note is sealed for: that contact (identity/secret_box.h).
std::string NoteBinding(std::string_view contact_id) {
  return "contact:" + std::string(contact_id);
}

}  // namespace

Status OpenPrivateNote(Stores& stores, const Actor& actor, Contact* contact) {
  contact->contact.private_note.clear();
  if (contact->has_private_note && MaySeePrivateNote(actor.viewer(), contact->author_user_id)) {
    Result<std::string> opened =
        stores.private_notes.Open(contact->sealed_private_note, NoteBinding(contact->id));
    if (!opened.ok()) return opened.status();
    contact->contact.private_note = std::move(*opened);
  }
  contact->sealed_private_note.clear();
  return Status::Ok();
}

Result<Contact> RecordContact(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, NewContact asked,
                              const date::time_zone* zone) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  RN_RETURN_IF_ERROR(NormalizeNewContact(&asked, change.at, zone));
  if (!asked.private_note.empty() && actor.user_id.empty()) {
    return Status::Invalid("private_note", "only a signed-in person may write a private note");
  }
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return id.status();
  Contact contact;
  contact.id = std::move(*id);
  contact.site_id = std::string(site_id);
  contact.participant_id = std::string(participant_id);
  contact.has_private_note = !asked.private_note.empty();
  if (contact.has_private_note) {
    Result<std::string> sealed =
        stores.private_notes.Seal(asked.private_note, NoteBinding(contact.id));
    if (!sealed.ok()) return sealed.status();
    contact.sealed_private_note = std::move(*sealed);
  }
  contact.contact = std::move(asked);
  contact.author_user_id = actor.user_id;
  contact.recorded_by = change.actor;
  contact.recorded_at = change.at;

  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.contacts.Insert(contact));
    Result<std::optional<ParticipantSummary>> summary =
        stores.participants.GetSummary(site_id, participant_id);
    if (!summary.ok()) return summary.status();
    if (!*summary) return Status::NotFound("there is no such participant");
    ApplyContact(&**summary, contact.contact);
    RN_RETURN_IF_ERROR(stores.participants.UpdateSummary(site_id, participant_id, **summary));
    const std::string& referral_id = visible->participant.referral_id;
    if (contact.contact.outcome == ContactOutcome::kCompleted && !referral_id.empty()) {
      RN_RETURN_IF_ERROR(NoteFirstContact(stores, site_id, referral_id, contact));
    }
    return identity::ChangeEvent(change, audit_action::kContactRecord,
                                 ParticipantTarget(participant_id),
                                 boost::json::serialize(boost::json::object{
                                     {"contact", contact.id},
                                     {"place", kContactPlaces.Name(contact.contact.place)},
                                     {"outcome", kContactOutcomes.Name(contact.contact.outcome)},
                                     {"private_note", contact.has_private_note}}));
  }));
  contact.sealed_private_note.clear();
  return contact;
}

Result<std::vector<Contact>> ListContacts(Stores& stores, const Actor& actor,
                                          std::string_view site_id, std::string_view participant_id,
                                          ContactQuery query) {
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return Status::Invalid("limit", "must be 1 to " + std::to_string(kMaxListLimit));
  }
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  Result<std::vector<Contact>> contacts = stores.contacts.List(site_id, participant_id, query);
  if (!contacts.ok()) return contacts.status();
  for (Contact& contact : *contacts) RN_RETURN_IF_ERROR(OpenPrivateNote(stores, actor, &contact));
  RN_RETURN_IF_ERROR(identity::RecordRead(stores.audit, actor.AtSite(site_id),
                                          audit_action::kContactsView,
                                          ParticipantTarget(participant_id)));
  return contacts;
}

}  // namespace rn::casework
