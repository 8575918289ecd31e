#include "api/consents_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/casework_api.h"
#include "api/casework_json.h"
#include "api/json_body.h"
#include "api/participants_api.h"
#include "casework/consents.h"

namespace rn::api {
namespace {

using identity::Caller;
using identity::Permission;
namespace cw = casework;
using casework_json::CodeNames;
using casework_json::CodeOrNull;
using casework_json::Created;
using casework_json::DayOrNull;
using casework_json::Param;
using casework_json::TakeCode;
using casework_json::TakeCodes;
using casework_json::TakeDay;
using casework_json::TakeOptionalCode;
using casework_json::TakeText;
using casework_json::TimeOrNull;

// Recipients a consent names: up to this many partner ids (and a designation).
constexpr std::size_t kMaxRecipients = 50;

// The site's name, who discloses when a consent names no one else (its id when it has none).
std::string SiteName(Repositories& repos, std::string_view site) {
  auto found = repos.identity.accounts.GetSite(site);
  return found.ok() && *found ? (*found)->name : std::string(site);
}

std::string ParticipantPath(std::string_view site, std::string_view id) {
  return "/api/v1/sites/" + std::string(site) + "/participants/" + std::string(id);
}

boost::json::object RenderConsent(const cw::Consent& consent) {
  boost::json::array recipients;
  for (const std::string& recipient : consent.recipients) recipients.emplace_back(recipient);
  if (!consent.recipient_class.empty()) recipients.emplace_back(consent.recipient_class);
  boost::json::array revoked;
  for (const cw::RecipientRevocation& revocation : consent.revoked_recipients) {
    revoked.push_back(
        boost::json::object{{"recipient", revocation.recipient}, {"at", FormatUtc(revocation.at)}});
  }
  return {{"id", consent.id},
          {"discloser", consent.discloser},
          {"information", CodeNames(consent.information, cw::kInformation)},
          {"information_note", consent.information_note},
          {"recipients", std::move(recipients)},
          {"purpose", CodeNames(consent.purposes, cw::kPurposes)},
          {"expires_at", DayOrNull(consent.expires_on)},
          {"expires_on_event", consent.expires_on_event
                                   ? boost::json::value(cw::kExpiryEvents.Name(
                                         *consent.expires_on_event))
                                   : boost::json::value(nullptr)},
          {"signed_on", cw::FormatDay(consent.signed_on)},
          {"signed_how", cw::kSignedHow.Name(consent.signed_how)},
          {"recorded_by", consent.recorded_by},
          {"recorded_at", FormatUtc(consent.recorded_at)},
          {"revoked_at", TimeOrNull(consent.revoked_at)},
          {"revoked_recipients", std::move(revoked)}};
}

boost::json::object RenderDisclosure(const cw::Disclosure& disclosure) {
  return {{"id", disclosure.id},
          {"disclosed_at", FormatUtc(disclosure.disclosed_at)},
          {"recipient", disclosure.recipient},
          {"recipient_name", disclosure.recipient_name},
          {"purpose", cw::kPurposes.Name(disclosure.purpose)},
          {"information", CodeNames(disclosure.information, cw::kInformation)},
          {"description", disclosure.description},
          {"consent", disclosure.consent_id},
          {"disclosed_by", disclosure.disclosed_by}};
}

// What went out: only the parts the information asked for takes in.
boost::json::object RenderDisclosed(const cw::DisclosedRecord& record, Repositories& repos) {
  boost::json::object out;
  if (record.details) {
    cw::Participant participant;
    participant.id = record.disclosure.participant_id;
    participant.details = *record.details;
    boost::json::object person = RenderParticipant(participant);
    for (std::string_view internal : {"site", "referral", "created_by", "created_at"}) {
      person.erase(internal);
    }
    out["participant"] = std::move(person);
  }
  if (record.referral) {
    const cw::Referral& referral = *record.referral;
    out["referral"] = boost::json::object{
        {"id", referral.id},
        {"partner", referral.sent.partner_id},
        {"partner_reference", referral.sent.partner_reference},
        {"status", cw::kReferralStatuses.Name(referral.status)},
        {"outcome", CodeOrNull(referral.outcome, cw::kReferralOutcomes)},
        {"received_at", FormatUtc(referral.received_at)},
        {"first_contact_at", TimeOrNull(referral.first_contact_at)},
        {"closed_at", TimeOrNull(referral.closed_at)}};
  }
  const std::vector<cw::Information>& information = record.disclosure.information;
  if (cw::TakesIn(information, cw::Information::kEnrollment)) {
    boost::json::array enrolments;
    for (const cw::Enrolment& enrolment : record.enrolments) {
      enrolments.push_back(RenderEnrolment(enrolment));
    }
    out["enrolments"] = std::move(enrolments);
  }
  if (cw::TakesIn(information, cw::Information::kContacts)) {
    boost::json::array contacts;
    for (const cw::Contact& contact : record.contacts) {
      boost::json::object json = RenderContact(contact, repos);
      json.erase("has_private_note");
      json.erase("private_note");
      contacts.push_back(std::move(json));
    }
    out["contacts"] = std::move(contacts);
  }
  if (record.recovery_plan) out["recovery_plan"] = boost::json::array();
  return out;
}

}  // namespace

// The body of POST …/consents: information (codes), information_note, recipients (partner ids,
// or the designation treating_providers), purpose (codes), expires_at (a day) and/or
// expires_on_event ("discharge"), signed_on (a day), signed_how ("written" when absent),
// discloser (the site's name when absent).
Result<cw::Consent> ReadConsent(const http::Request& request) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  cw::Consent consent;
  RN_RETURN_IF_ERROR(TakeText(*fields, "discloser", &consent.discloser));
  RN_RETURN_IF_ERROR(TakeCodes(*fields, "information", cw::kInformation, &consent.information));
  RN_RETURN_IF_ERROR(TakeText(*fields, "information_note", &consent.information_note));
  Result<std::optional<std::vector<std::string>>> recipients =
      fields->TakeStrings("recipients", kMaxRecipients);
  if (!recipients.ok()) return recipients.status();
  for (std::string& recipient : recipients->value_or(std::vector<std::string>{})) {
    if (recipient == cw::kTreatingProviders) {
      consent.recipient_class = std::move(recipient);
    } else {
      consent.recipients.push_back(std::move(recipient));
    }
  }
  RN_RETURN_IF_ERROR(TakeCodes(*fields, "purpose", cw::kPurposes, &consent.purposes));
  RN_RETURN_IF_ERROR(TakeDay(*fields, "expires_at", &consent.expires_on));
  RN_RETURN_IF_ERROR(
      TakeOptionalCode(*fields, "expires_on_event", cw::kExpiryEvents, &consent.expires_on_event));
  std::optional<cw::Day> signed_on;
  RN_RETURN_IF_ERROR(TakeDay(*fields, "signed_on", &signed_on));
  if (!signed_on) return Status::Invalid("signed_on", "is required: the day it was signed");
  consent.signed_on = *signed_on;
  std::optional<cw::SignedHow> how;
  RN_RETURN_IF_ERROR(TakeOptionalCode(*fields, "signed_how", cw::kSignedHow, &how));
  consent.signed_how = how.value_or(cw::SignedHow::kWritten);
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return consent;
}

// The body of POST …/disclosures: recipient (a partner id), purpose (a code), information (codes).
Result<cw::DisclosureAsked> ReadDisclosure(const http::Request& request) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  cw::DisclosureAsked asked;
  RN_RETURN_IF_ERROR(TakeText(*fields, "recipient", &asked.recipient));
  if (asked.recipient.empty()) return Status::Invalid("recipient", "is required: a partner id");
  RN_RETURN_IF_ERROR(TakeCode(*fields, "purpose", cw::kPurposes, &asked.purpose));
  RN_RETURN_IF_ERROR(TakeCodes(*fields, "information", cw::kInformation, &asked.information));
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return asked;
}

void AddConsentRoutes(http::Router& router, const AccessGuard& guard, const Clock& clock) {
  const std::string one = "/api/v1/sites/{site}/participants/{id}";
  auto context = [&clock](const http::Request& request, const http::PathParams& params,
                          const Caller& caller, Repositories& repos) {
    const std::string& site = Param(params, "site");
    return std::pair{CaseworkActor(caller, request, site, clock.Now()), SiteZone(repos, site)};
  };

  guard.Add(router, "POST", one + "/consents", Permission::kParticipantsRecord, Surface::kApi,
            [context](const http::Request& request, const http::PathParams& params,
                      const Caller& caller, Repositories& repos) {
              const auto [actor, zone] = context(request, params, caller, repos);
              const std::string& site = Param(params, "site");
              Result<cw::Consent> sent = ReadConsent(request);
              if (!sent.ok()) return ProblemResponse(sent.status());
              if (sent->discloser.empty()) sent->discloser = SiteName(repos, site);
              auto consent = cw::RecordConsent(repos.casework, actor, site, Param(params, "id"),
                                               std::move(*sent), zone);
              if (!consent.ok()) return ProblemResponse(consent.status());
              boost::json::object json = RenderConsent(*consent);
              json["in_force"] = true;
              return Created(json, ParticipantPath(site, Param(params, "id")) + "/consents");
            });
  guard.Add(router, "GET", one + "/consents", Permission::kParticipantsView, Surface::kApi,
            [context](const http::Request& request, const http::PathParams& params,
                      const Caller& caller, Repositories& repos) {
              const auto [actor, zone] = context(request, params, caller, repos);
              auto consents = cw::ListConsents(repos.casework, actor, Param(params, "site"),
                                               Param(params, "id"), zone);
              if (!consents.ok()) return ProblemResponse(consents.status());
              boost::json::array items;
              for (const cw::ListedConsent& listed : *consents) {
                boost::json::object json = RenderConsent(listed.consent);
                json["in_force"] = listed.in_force;
                items.push_back(std::move(json));
              }
              return JsonResponse(boost::json::object{{"items", std::move(items)}});
            });
  guard.Add(router, "POST", one + "/consents/{consent}/revoke", Permission::kParticipantsRecord,
            Surface::kApi,
            [context](const http::Request& request, const http::PathParams& params,
                      const Caller& caller, Repositories& repos) {
              const auto [actor, zone] = context(request, params, caller, repos);
              Result<JsonFields> fields = JsonFields::FromBody(request);
              if (!fields.ok()) return ProblemResponse(fields.status());
              std::string recipient;
              Status read = TakeText(*fields, "recipient", &recipient);
              if (read.ok()) read = fields->RejectUnknown();
              if (!read.ok()) return ProblemResponse(read);
              auto consent =
                  cw::RevokeConsent(repos.casework, actor, Param(params, "site"),
                                    Param(params, "id"), Param(params, "consent"), recipient);
              return consent.ok() ? JsonResponse(RenderConsent(*consent))
                                  : ProblemResponse(consent.status());
            });
  guard.Add(router, "POST", one + "/disclosures", Permission::kParticipantsRecord, Surface::kApi,
            [context](const http::Request& request, const http::PathParams& params,
                      const Caller& caller, Repositories& repos) {
              const auto [actor, zone] = context(request, params, caller, repos);
              Result<cw::DisclosureAsked> asked = ReadDisclosure(request);
              if (!asked.ok()) return ProblemResponse(asked.status());
              const std::string& site = Param(params, "site");
              auto made = cw::Disclose(repos.casework, actor, site, Param(params, "id"),
                                       std::move(*asked), zone);
              if (!made.ok()) return ProblemResponse(made.status());
              return Created(
                  boost::json::object{{"notice", cw::kRedisclosureNotice},
                                      {"disclosure", RenderDisclosure(made->disclosure)},
                                      {"disclosed", RenderDisclosed(*made, repos)}},
                  ParticipantPath(site, Param(params, "id")) + "/disclosures");
            });
  guard.Add(router, "GET", one + "/disclosures", Permission::kParticipantsView, Surface::kApi,
            [context](const http::Request& request, const http::PathParams& params,
                      const Caller& caller, Repositories& repos) {
              const auto [actor, zone] = context(request, params, caller, repos);
              auto disclosures = cw::AccountDisclosures(repos.casework, actor,
                                                        Param(params, "site"), Param(params, "id"));
              if (!disclosures.ok()) return ProblemResponse(disclosures.status());
              boost::json::array items;
              for (const cw::Disclosure& disclosure : *disclosures) {
                items.push_back(RenderDisclosure(disclosure));
              }
              return JsonResponse(boost::json::object{
                  {"since", FormatUtc(cw::AccountingStart(actor.change.at))},
                  {"items", std::move(items)}});
            });
}

}  // namespace rn::api
