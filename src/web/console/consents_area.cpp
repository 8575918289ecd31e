// The console's consent and disclosure page (consents_area.h).

#include "web/console/consents_area.h"

#include <map>

#include "api/casework_api.h"
#include "casework/consents.h"
#include "casework/participants.h"
#include "web/console/code_options.h"
#include "web/format.h"
#include "web/render.h"

namespace rn::web {
namespace {

namespace cw = casework;
using identity::Permission;

constexpr std::string_view kInformationLabels[] = {
    "Whether they were reached and engaged (the referral's outcome)",
    "Programs enrolled in, with start and discharge dates",
    "Dates, places and kinds of contacts (never private notes)", "The recovery plan",
    "The whole record but private notes"};
constexpr std::string_view kPurposeLabels[] = {
    "Telling the referring partner whether they were reached", "Coordinating care",
    "Treatment", "Payment", "A court or probation, at their request", "Other"};
constexpr std::string_view kSignedHowLabels[] = {"On paper", "Electronically"};
constexpr std::string_view kTreatingProvidersLabel = "Their treating providers (a class)";

using PartnerNames = std::map<std::string, std::string, std::less<>>;

std::string NameOf(const PartnerNames& partners, std::string_view id) {
  if (id == cw::kTreatingProviders) return std::string(kTreatingProvidersLabel);
  const auto found = partners.find(id);
  return found == partners.end() ? std::string(id) : found->second;
}

// The labels of `values`, joined with "; ".
template <typename E, std::size_t N>
std::string Labels(const std::vector<E>& values, const std::string_view (&labels)[N]) {
  std::string joined;
  for (E value : values) joined += (joined.empty() ? "" : "; ") + CodeLabel(value, labels);
  return joined;
}

// Every code of `field` the form names, refusing one that is not of `table`.
template <typename E, std::size_t N>
Status TakeCodes(const http::Form& form, std::string_view field,
                 const cw::CodeTable<E, N>& table, std::vector<E>* out) {
  for (const std::string& name : form.GetAll(field)) {
    Result<E> code = table.Parse(field, name);
    if (!code.ok()) return code.status();
    out->push_back(*code);
  }
  return Status::Ok();
}

// A day the form gives in `field`, nullopt when it is left empty.
Result<std::optional<cw::Day>> TakeDay(const http::Form& form, std::string_view field) {
  const std::string text = form.Get(field).value_or("");
  if (text.empty()) return std::optional<cw::Day>();
  Result<cw::Day> day = cw::ParseDay(field, text);
  if (!day.ok()) return day.status();
  return std::optional<cw::Day>(*day);
}

// The consent form: information, information_note, recipients (partner ids and the class),
// purpose, expires_at, ends_at_discharge, signed_on, signed_how.
Result<cw::Consent> ReadConsent(const http::Form& form, std::string discloser) {
  cw::Consent consent;
  consent.discloser = std::move(discloser);
  RN_RETURN_IF_ERROR(TakeCodes(form, "information", cw::kInformation, &consent.information));
  consent.information_note = form.Get("information_note").value_or("");
  for (const std::string& recipient : form.GetAll("recipients")) {
    if (recipient == cw::kTreatingProviders) {
      consent.recipient_class = recipient;
    } else {
      consent.recipients.push_back(recipient);
    }
  }
  RN_RETURN_IF_ERROR(TakeCodes(form, "purpose", cw::kPurposes, &consent.purposes));
  Result<std::optional<cw::Day>> expires = TakeDay(form, "expires_at");
  if (!expires.ok()) return expires.status();
  consent.expires_on = *expires;
  if (form.Get("ends_at_discharge").value_or("") == "yes") {
    consent.expires_on_event = cw::ExpiryEvent::kDischarge;
  }
  Result<std::optional<cw::Day>> signed_on = TakeDay(form, "signed_on");
  if (!signed_on.ok()) return signed_on.status();
  if (!*signed_on) return Status::Invalid("signed_on", "give the day it was signed");
  consent.signed_on = **signed_on;
  Result<cw::SignedHow> how =
      cw::kSignedHow.Parse("signed_how", form.Get("signed_how").value_or("written"));
  if (!how.ok()) return how.status();
  consent.signed_how = *how;
  return consent;
}

// What went out, as the page shows it under the notice.
mustache::data DisclosedData(const cw::DisclosedRecord& record, const PartnerNames& partners,
                             const date::time_zone* zone) {
  const Messages& messages = Messages::For(Language::kEnglish);
  mustache::data data;
  data.set("recipient", record.disclosure.recipient_name);
  data.set("purpose", CodeLabel(record.disclosure.purpose, kPurposeLabels));
  data.set("description", record.disclosure.description);
  data.set("notice", std::string(cw::kRedisclosureNotice));
  if (record.details) {
    const cw::ParticipantDetails& details = *record.details;
    data.set("person", details.first_name +
                           (details.last_name.empty() ? "" : " " + details.last_name) +
                           (details.date_of_birth
                                ? ", born " + cw::FormatDay(*details.date_of_birth)
                                : std::string()));
  }
  if (record.referral) {
    const cw::Referral& referral = *record.referral;
    std::string line = "Referral from " + NameOf(partners, referral.sent.partner_id) +
                       (referral.sent.partner_reference.empty()
                            ? ""
                            : " (" + referral.sent.partner_reference + ")") +
                       ": " + std::string(cw::kReferralStatuses.Name(referral.status));
    if (referral.outcome) line += ", " + std::string(cw::kReferralOutcomes.Name(*referral.outcome));
    line += referral.first_contact_at
                ? "; first contact " + FormatDate(*referral.first_contact_at, zone, messages)
                : "; not reached yet";
    data.set("referral", line);
  }
  mustache::data enrolments{mustache::data::type::list};
  for (const cw::Enrolment& enrolment : record.enrolments) {
    enrolments.push_back(mustache::data(
        "line", enrolment.program_id + " from " + cw::FormatDay(enrolment.started_on) +
                    (enrolment.discharged_on
                         ? " to " + cw::FormatDay(*enrolment.discharged_on) +
                               (enrolment.discharge_reason
                                    ? " (" + std::string(cw::kDischargeReasons.Name(
                                                *enrolment.discharge_reason)) + ")"
                                    : std::string())
                         : std::string(", open"))));
  }
  data.set("enrolments", enrolments);
  data.set("has_enrolments", !record.enrolments.empty());
  mustache::data contacts{mustache::data::type::list};
  for (const cw::Contact& stored : record.contacts) {
    const cw::NewContact& contact = stored.contact;
    contacts.push_back(mustache::data(
        "line", FormatDate(contact.at, zone, messages) + " · " +
                    std::string(cw::kContactPlaces.Name(contact.place)) +
                    (contact.outcome == cw::ContactOutcome::kAttempted
                         ? std::string(" · tried, not reached")
                         : " · " + std::to_string(contact.duration_minutes) + " min")));
  }
  data.set("contacts", contacts);
  data.set("has_contacts", !record.contacts.empty());
  data.set("recovery_plan", record.recovery_plan);
  return data;
}

}  // namespace

http::Response ConsentsArea::ConsentsPage(const http::Request& request, const Caller& caller,
                                          api::Repositories& repos, std::string_view site,
                                          std::string_view id, std::string_view form,
                                          const Status& error) const {
  const Instant now = kit_.clock().Now();
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  const date::time_zone* zone = api::SiteZone(repos, site);
  auto visible = cw::FindVisibleParticipant(repos.casework, actor, site, id);
  if (!visible.ok()) return kit_.Failure(visible.status());
  auto consents = cw::ListConsents(repos.casework, actor, site, id, zone);
  if (!consents.ok()) return kit_.Failure(consents.status());
  auto disclosures = cw::AccountDisclosures(repos.casework, actor, site, id);
  if (!disclosures.ok()) return kit_.Failure(disclosures.status());
  auto partners = repos.casework.programs.ListPartners(site);
  if (!partners.ok()) return kit_.Failure(partners.status());
  PartnerNames names;
  mustache::data partner_options{mustache::data::type::list};
  for (const cw::Partner& partner : *partners) {
    names.emplace(partner.id, partner.name);
    partner_options.push_back(Option(partner.id, partner.name, false));
  }

  const cw::ParticipantDetails& details = visible->participant.details;
  mustache::data data = kit_.BaseData(caller, site);
  data.set("id", std::string(id));
  data.set("name", details.first_name + (details.last_name.empty() ? "" : " " + details.last_name));
  if (!error.ok()) data.set(form == "consent" ? "consent_error" : "disclosure_error",
                            kit_.Explain(error));
  mustache::data listed{mustache::data::type::list};
  for (const cw::ListedConsent& entry : *consents) {
    const cw::Consent& consent = entry.consent;
    mustache::data item;
    item.set("consent", consent.id);
    item.set("in_force", entry.in_force);
    item.set("revoked", consent.revoked_at.has_value());
    mustache::data recipients{mustache::data::type::list};
    std::vector<std::string> named = consent.recipients;
    if (!consent.recipient_class.empty()) named.push_back(consent.recipient_class);
    for (const std::string& recipient : named) {
      mustache::data row;
      row.set("name", NameOf(names, recipient));
      row.set("value", recipient);
      for (const cw::RecipientRevocation& revocation : consent.revoked_recipients) {
        if (revocation.recipient == recipient) {
          row.set("withdrawn", FormatDate(revocation.at, zone, Messages::For(Language::kEnglish)));
        }
      }
      recipients.push_back(row);
    }
    item.set("recipients", recipients);
    item.set("purposes", Labels(consent.purposes, kPurposeLabels));
    item.set("information", Labels(consent.information, kInformationLabels));
    if (!consent.information_note.empty()) item.set("information_note", consent.information_note);
    std::string until;
    if (consent.expires_on) until = "the end of " + cw::FormatDay(*consent.expires_on);
    if (consent.expires_on_event) until += std::string(until.empty() ? "" : " or ") + "discharge";
    item.set("until", until);
    item.set("signed", cw::FormatDay(consent.signed_on) + ", " +
                           CodeLabel(consent.signed_how, kSignedHowLabels));
    listed.push_back(item);
  }
  data.set("consents", listed);
  data.set("no_consents", consents->empty());
  mustache::data accounting{mustache::data::type::list};
  for (const cw::Disclosure& disclosure : *disclosures) {
    mustache::data row;
    row.set("when", FormatDate(disclosure.disclosed_at, zone, Messages::For(Language::kEnglish)));
    row.set("recipient", disclosure.recipient_name);
    row.set("description", disclosure.description);
    row.set("purpose", CodeLabel(disclosure.purpose, kPurposeLabels));
    accounting.push_back(row);
  }
  data.set("disclosures", accounting);
  data.set("no_disclosures", disclosures->empty());
  data.set("partners", partner_options);
  data.set("treating_providers", std::string(cw::kTreatingProviders));
  data.set("treating_providers_label", std::string(kTreatingProvidersLabel));
  data.set("information_options", CodeOptions(cw::kInformation, kInformationLabels));
  data.set("purpose_options", CodeOptions(cw::kPurposes, kPurposeLabels));
  data.set("signed_how_options",
           CodeOptions(cw::kSignedHow, kSignedHowLabels, std::optional(cw::SignedHow::kWritten)));
  data.set("today", cw::FormatDay(cw::LocalDay(now, zone)));
  const int status =
      error.ok() ? 200 : (error.code() == StatusCode::kForbidden ? 403 : 422);
  return kit_.Page(request, repos, caller, site, "Consents: " + data.get("name")->string_value(),
                   Render("staff_consents", Language::kEnglish, data), status);
}

http::Response ConsentsArea::Consents(const http::Request& request, const http::PathParams& params,
                                      const Caller& caller, api::Repositories& repos) const {
  return ConsentsPage(request, caller, repos, kit_.Param(params, "site"), kit_.Param(params, "id"),
                      "", Status::Ok());
}

http::Response ConsentsArea::Record(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Result<cw::Consent> consent = ReadConsent(*form, kit_.SiteName(repos, site));
  Status outcome = consent.status_or_ok();
  if (consent.ok()) {
    const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
    outcome = cw::RecordConsent(repos.casework, actor, site, id, std::move(*consent),
                                api::SiteZone(repos, site))
                  .status_or_ok();
  }
  if (outcome.code() == StatusCode::kInvalidArgument) {
    return ConsentsPage(request, caller, repos, site, id, "consent", outcome);
  }
  if (!outcome.ok()) return kit_.Failure(outcome);
  return kit_.Redirect(kit_.SitePath(site, "/participants/" + id + "/consents?done=consent_recorded"));
}

http::Response ConsentsArea::Revoke(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  auto revoked = cw::RevokeConsent(repos.casework, actor, site, id, kit_.Param(params, "consent"),
                                   form->Get("recipient").value_or(""));
  if (!revoked.ok()) return kit_.Failure(revoked.status());
  return kit_.Redirect(kit_.SitePath(site, "/participants/" + id + "/consents?done=consent_revoked"));
}

http::Response ConsentsArea::Disclose(const http::Request& request, const http::PathParams& params,
                                      const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  cw::DisclosureAsked asked;
  asked.recipient = form->Get("recipient").value_or("");
  Status read = asked.recipient.empty()
                    ? Status::Invalid("recipient", "choose whom to disclose to")
                    : Status::Ok();
  if (read.ok()) {
    Result<cw::Purpose> purpose =
        cw::kPurposes.Parse("purpose", form->Get("purpose").value_or(""));
    if (purpose.ok()) asked.purpose = *purpose;
    read = purpose.status_or_ok();
  }
  if (read.ok()) read = TakeCodes(*form, "information", cw::kInformation, &asked.information);
  if (!read.ok()) return ConsentsPage(request, caller, repos, site, id, "disclosure", read);
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  const date::time_zone* zone = api::SiteZone(repos, site);
  auto made = cw::Disclose(repos.casework, actor, site, id, std::move(asked), zone);
  if (!made.ok()) {
    const StatusCode code = made.status().code();
    if (code == StatusCode::kInvalidArgument ||
        (code == StatusCode::kForbidden && !made.status().field().empty())) {
      return ConsentsPage(request, caller, repos, site, id, "disclosure", made.status());
    }
    return kit_.Failure(made.status());
  }
  auto partners = repos.casework.programs.ListPartners(site);
  if (!partners.ok()) return kit_.Failure(partners.status());
  PartnerNames names;
  for (const cw::Partner& partner : *partners) names.emplace(partner.id, partner.name);
  mustache::data data = DisclosedData(*made, names, zone);
  data.set("site", site);
  data.set("id", id);
  return kit_.Page(request, repos, caller, site, "Disclosed to " + made->disclosure.recipient_name,
                   Render("staff_disclosed", Language::kEnglish, data));
}

void ConsentsArea::AddRoutes(http::Router& router) const {
  kit_.AddPage(router, "GET", "/staff/sites/{site}/participants/{id}/consents",
               Permission::kParticipantsView, kit_.Bind(this, &ConsentsArea::Consents));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/participants/{id}/consents",
               Permission::kParticipantsRecord, kit_.Bind(this, &ConsentsArea::Record));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/participants/{id}/consents/{consent}/revoke",
               Permission::kParticipantsRecord, kit_.Bind(this, &ConsentsArea::Revoke));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/participants/{id}/disclosures",
               Permission::kParticipantsRecord, kit_.Bind(this, &ConsentsArea::Disclose));
}

}  // namespace rn::web
