#include "casework/consents.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "casework/participants.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"
#include "identity/secret.h"

namespace rn::casework {
namespace {

namespace audit_action = identity::audit_action;

template <typename Table, typename E>
boost::json::array CodeArray(const Table& table, const std::vector<E>& values) {
  boost::json::array codes;
  for (E value : values) codes.emplace_back(table.Name(value));
  return codes;
}

// The partner `id` of the site, or kInvalidArgument naming `field`.
Result<Partner> PartnerOf(Stores& stores, std::string_view site_id, std::string_view id,
                          std::string_view field) {
  Result<std::optional<Partner>> partner = stores.programs.GetPartner(site_id, id);
  if (!partner.ok()) return partner.status();
  if (!*partner) {
    return Status::Invalid(std::string(field), "there is no partner " + std::string(id) + " here");
  }
  return std::move(**partner);
}

// When the participant was discharged for good: the start of the last discharge day once every
// enrolment is discharged; nullopt while one is open (or there is none).
std::optional<Instant> DischargedAt(const std::vector<Enrolment>& enrolments,
                                    const date::time_zone* zone) {
  std::optional<Day> last;
  for (const Enrolment& enrolment : enrolments) {
    if (!enrolment.discharged_on) return std::nullopt;
    if (!last || *enrolment.discharged_on > *last) last = enrolment.discharged_on;
  }
  if (!last) return std::nullopt;
  return StartOfDay(*last, zone);
}

// What a consent check of the participant knows at the actor's instant.
Result<ConsentFacts> FactsNow(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, const date::time_zone* zone) {
  Result<std::vector<Enrolment>> enrolments =
      stores.participants.ListEnrolments(site_id, participant_id);
  if (!enrolments.ok()) return enrolments.status();
  return ConsentFacts{actor.change.at, zone, DischargedAt(*enrolments, zone)};
}

// Every contact of the participant, newest first, with no note's text or sealed bytes.
Result<std::vector<Contact>> AllContacts(Stores& stores, std::string_view site_id,
                                         std::string_view participant_id) {
  std::vector<Contact> all;
  ContactQuery page;
  page.limit = 200;
  for (;;) {
    Result<std::vector<Contact>> got = stores.contacts.List(site_id, participant_id, page);
    if (!got.ok()) return got.status();
    const bool more = static_cast<int>(got->size()) == page.limit;
    for (Contact& contact : *got) {
      contact.contact.private_note.clear();
      contact.has_private_note = false;
      contact.sealed_private_note.clear();
      all.push_back(std::move(contact));
    }
    if (!more) break;
    page.before = all.back().contact.at;
    page.before_id = all.back().id;
  }
  return all;
}

// Fills in what `record.disclosure.information` lets go out.
Status Gather(Stores& stores, const Participant& participant, DisclosedRecord* record) {
  const std::vector<Information>& information = record->disclosure.information;
  if (TakesIn(information, Information::kRecord)) record->details = participant.details;
  if (TakesIn(information, Information::kReferralStatus) && !participant.referral_id.empty()) {
    Result<std::optional<Referral>> referral =
        stores.referrals.Get(participant.site_id, participant.referral_id);
    if (!referral.ok()) return referral.status();
    record->referral = std::move(*referral);
  }
  if (TakesIn(information, Information::kEnrollment)) {
    Result<std::vector<Enrolment>> enrolments =
        stores.participants.ListEnrolments(participant.site_id, participant.id);
    if (!enrolments.ok()) return enrolments.status();
    record->enrolments = std::move(*enrolments);
  }
  if (TakesIn(information, Information::kContacts)) {
    Result<std::vector<Contact>> contacts =
        AllContacts(stores, participant.site_id, participant.id);
    if (!contacts.ok()) return contacts.status();
    record->contacts = std::move(*contacts);
  }
  record->recovery_plan = TakesIn(information, Information::kRecoveryPlan);
  return Status::Ok();
}

}  // namespace

Result<Consent> RecordConsent(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, Consent consent,
                              const date::time_zone* zone) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  RN_RETURN_IF_ERROR(NormalizeConsent(&consent, LocalDay(change.at, zone)));
  for (const std::string& recipient : consent.recipients) {
    if (Result<Partner> named = PartnerOf(stores, site_id, recipient, "recipients"); !named.ok()) {
      return named.status();
    }
  }
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return id.status();
  consent.id = std::move(*id);
  consent.site_id = std::string(site_id);
  consent.participant_id = std::string(participant_id);
  consent.recorded_by = change.actor;
  consent.recorded_at = change.at;
  consent.revoked_at.reset();
  consent.revoked_recipients.clear();
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.consents.Insert(consent));
    boost::json::array recipients(consent.recipients.begin(), consent.recipients.end());
    if (!consent.recipient_class.empty()) recipients.emplace_back(consent.recipient_class);
    return identity::ChangeEvent(
        change, audit_action::kConsentRecord, ParticipantTarget(participant_id),
        boost::json::serialize(
            boost::json::object{{"consent", consent.id},
                                {"recipients", std::move(recipients)},
                                {"purposes", CodeArray(kPurposes, consent.purposes)},
                                {"information", CodeArray(kInformation, consent.information)}}));
  }));
  return consent;
}

Result<Consent> RevokeConsent(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view participant_id, std::string_view consent_id,
                              std::string_view recipient) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  Consent revoked;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::optional<Consent>> stored =
        stores.consents.Get(site_id, participant_id, consent_id);
    if (!stored.ok()) return stored.status();
    if (!*stored) return Status::NotFound("there is no such consent");
    revoked = std::move(**stored);
    RN_RETURN_IF_ERROR(Revoke(&revoked, recipient, change.at));
    RN_RETURN_IF_ERROR(stores.consents.UpdateRevocations(revoked));
    boost::json::object details{{"consent", revoked.id}};
    details["recipient"] = recipient.empty() ? boost::json::value(nullptr)
                                             : boost::json::value(std::string(recipient));
    return identity::ChangeEvent(change, audit_action::kConsentRevoke,
                                 ParticipantTarget(participant_id),
                                 boost::json::serialize(details));
  }));
  return revoked;
}

Result<std::vector<ListedConsent>> ListConsents(Stores& stores, const Actor& actor,
                                                std::string_view site_id,
                                                std::string_view participant_id,
                                                const date::time_zone* zone) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  Result<std::vector<Consent>> consents = stores.consents.List(site_id, participant_id);
  if (!consents.ok()) return consents.status();
  Result<ConsentFacts> facts = FactsNow(stores, actor, site_id, participant_id, zone);
  if (!facts.ok()) return facts.status();
  std::vector<ListedConsent> listed;
  for (Consent& consent : *consents) {
    const bool in_force = InForce(consent, *facts);
    listed.push_back({std::move(consent), in_force});
  }
  RN_RETURN_IF_ERROR(identity::RecordRead(stores.audit, actor.AtSite(site_id),
                                          audit_action::kConsentsView,
                                          ParticipantTarget(participant_id)));
  return listed;
}

Result<DisclosedRecord> Disclose(Stores& stores, const Actor& actor, std::string_view site_id,
                                 std::string_view participant_id, DisclosureAsked asked,
                                 const date::time_zone* zone) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  Result<Partner> partner = PartnerOf(stores, site_id, asked.recipient, "recipient");
  if (!partner.ok()) return partner.status();
  std::sort(asked.information.begin(), asked.information.end());
  asked.information.erase(std::unique(asked.information.begin(), asked.information.end()),
                          asked.information.end());
  if (asked.information.empty()) {
    return Status::Invalid("information", "name the information to disclose");
  }

  DisclosedRecord record;
  Disclosure& disclosure = record.disclosure;
  std::optional<Status> refused;  // no consent covers it: answered after the refusal is audited
  const Status made = stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::vector<Consent>> consents = stores.consents.List(site_id, participant_id);
    if (!consents.ok()) return consents.status();
    Result<ConsentFacts> facts = FactsNow(stores, actor, site_id, participant_id, zone);
    if (!facts.ok()) return facts.status();
    const DisclosureRequest request{partner->id, partner->kind, asked.purpose, asked.information};
    Result<std::string> covering = CoveringConsent(*consents, request, *facts);
    if (!covering.ok()) {
      refused = covering.status();
      return covering.status();
    }
    Result<std::string> id = identity::RandomHex(16);
    if (!id.ok()) return id.status();
    disclosure.id = std::move(*id);
    disclosure.site_id = std::string(site_id);
    disclosure.participant_id = std::string(participant_id);
    disclosure.consent_id = std::move(*covering);
    disclosure.recipient = partner->id;
    disclosure.recipient_name = partner->name;
    disclosure.purpose = asked.purpose;
    disclosure.information = asked.information;
    disclosure.description = DescribeInformation(asked.information);
    disclosure.disclosed_by = change.actor;
    disclosure.disclosed_at = change.at;
    // What goes out is read in the disclosure's own transaction, so the log says what it was.
    RN_RETURN_IF_ERROR(Gather(stores, visible->participant, &record));
    if (const std::optional<Referral>& referral = record.referral) {
      disclosure.referral = DisclosedReferral{referral->id, referral->status, referral->outcome,
                                              referral->first_contact_at, change.at};
    }
    RN_RETURN_IF_ERROR(stores.consents.InsertDisclosure(disclosure));
    return identity::ChangeEvent(
        change, audit_action::kDisclosureMake, ParticipantTarget(participant_id),
        boost::json::serialize(
            boost::json::object{{"disclosure", disclosure.id},
                                {"consent", disclosure.consent_id},
                                {"recipient", disclosure.recipient},
                                {"purpose", kPurposes.Name(disclosure.purpose)},
                                {"information", CodeArray(kInformation, disclosure.information)}}));
  });
  if (refused) {
    RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
      return identity::ChangeEvent(
          change, audit_action::kDisclosureRefuse, ParticipantTarget(participant_id),
          boost::json::serialize(boost::json::object{
              {"recipient", partner->id},
              {"purpose", kPurposes.Name(asked.purpose)},
              {"information", CodeArray(kInformation, asked.information)},
              {"missing", refused->field()}}));
    }));
    return *refused;
  }
  RN_RETURN_IF_ERROR(made);
  return record;
}

Result<std::vector<Disclosure>> AccountDisclosures(Stores& stores, const Actor& actor,
                                                   std::string_view site_id,
                                                   std::string_view participant_id) {
  Result<VisibleParticipant> visible =
      FindVisibleParticipant(stores, actor, site_id, participant_id);
  if (!visible.ok()) return visible.status();
  const identity::Change change = actor.AtSite(site_id);
  Result<std::vector<Disclosure>> disclosures =
      stores.consents.ListDisclosures(site_id, participant_id, AccountingStart(change.at));
  if (!disclosures.ok()) return disclosures.status();
  RN_RETURN_IF_ERROR(identity::RecordRead(
      stores.audit, change, audit_action::kDisclosuresView, ParticipantTarget(participant_id),
      boost::json::serialize(boost::json::object{{"disclosures", disclosures->size()}})));
  return disclosures;
}

}  // namespace rn::casework
