// The console's referrals (referrals_area.h).

#include "web/console/referrals_area.h"

#include <algorithm>
#include <map>

#include "api/casework_api.h"
#include "casework/calendar.h"
#include "casework/consent.h"
#include "casework/program.h"
#include "casework/referrals.h"
#include "directory/schedule.h"
#include "web/console/code_options.h"
#include "web/format.h"
#include "web/render.h"

namespace rn::web {
namespace {

namespace cw = casework;
using identity::Permission;

// What staff read for each code, in the code table's order.
constexpr std::string_view kSettingLabels[] = {"Emergency department",
                                               "Inpatient ward",
                                               "Prenatal clinic",
                                               "Court",
                                               "Shelter",
                                               "Treatment program",
                                               "Self-referral",
                                               "Other"};
constexpr std::string_view kUrgencyLabels[] = {"Now: the person is there now", "Today", "Routine"};
constexpr std::string_view kReasonLabels[] = {"Overdose survivor", "Pregnant or parenting",
                                              "Seeking recovery support", "Other"};
constexpr std::string_view kStatusLabels[] = {"Waiting for a coach", "Accepted", "Turned away",
                                              "In progress",         "On hold",  "Completed",
                                              "Cancelled",           "Not done", "Sent in error"};
constexpr std::string_view kOutcomeLabels[] = {
    "Reached and engaged", "Could not contact", "Declined",
    "Not eligible",        "No capacity",       "Referred elsewhere"};

// "Today, 4:05 PM UTC", "Yesterday, …", "Monday, November 30, …".
std::string WhenLine(Instant at, Instant now, const date::time_zone* zone) {
  const int days_ago = cw::DaysBetween(at, now, zone);
  const std::string name = days_ago == 0 ? "Today"
                           : days_ago == 1
                               ? "Yesterday"
                               : FormatDate(at, zone, Messages::For(Language::kEnglish));
  return name + ", " +
         FormatClock(directory::ToLocalDayMinute(at, zone).minute, Language::kEnglish) + " " +
         ZoneAbbreviation(zone, at);
}

// "just now", "12 min", "3 h 5 min", "2 days".
std::string Duration(std::chrono::seconds length) {
  const auto minutes = std::chrono::duration_cast<std::chrono::minutes>(length).count();
  if (minutes < 1) return "under a minute";
  if (minutes < 60) return std::to_string(minutes) + " min";
  if (minutes < 48 * 60) {
    return std::to_string(minutes / 60) + " h" +
           (minutes % 60 ? " " + std::to_string(minutes % 60) + " min" : "");
  }
  return std::to_string(minutes / (24 * 60)) + " days";
}

// The site's programs and partners by id, for their names.
struct SiteNames {
  std::vector<cw::Program> programs;
  std::vector<cw::Partner> partners;

  template <typename Record>
  static std::string NameOf(const std::vector<Record>& records, std::string_view id) {
    for (const Record& record : records) {
      if (record.id == id) return record.name;
    }
    return std::string(id);
  }
  std::string Program(std::string_view id) const { return NameOf(programs, id); }
  std::string Partner(std::string_view id) const { return NameOf(partners, id); }
};

Result<SiteNames> NamesAt(api::Repositories& repos, std::string_view site) {
  SiteNames names;
  auto programs = repos.casework.programs.ListPrograms(site);
  if (!programs.ok()) return programs.status();
  auto partners = repos.casework.programs.ListPartners(site);
  if (!partners.ok()) return partners.status();
  names.programs = std::move(*programs);
  names.partners = std::move(*partners);
  return names;
}

// What every row and the referral page show of `referral` to `actor`.
mustache::data ReferralData(const cw::Referral& referral, const cw::Actor& actor,
                            const SiteNames& names, Instant now, const date::time_zone* zone) {
  mustache::data row;
  const cw::NewReferral& sent = referral.sent;
  row.set("id", referral.id);
  row.set("site", referral.site_id);
  row.set("first_name", sent.first_name);
  // Sections test for presence: text that may be empty is set only when it is not.
  if (!sent.phone.empty()) row.set("phone", sent.phone);
  row.set("language", sent.language);
  row.set("program", names.Program(sent.program_id));
  row.set("partner", names.Partner(sent.partner_id));
  if (!sent.partner_reference.empty()) row.set("partner_reference", sent.partner_reference);
  row.set("setting", CodeLabel(sent.setting, kSettingLabels));
  row.set("urgency", CodeLabel(sent.urgency, kUrgencyLabels));
  row.set("urgent", sent.urgency == cw::Urgency::kNow);
  row.set("reason", CodeLabel(sent.reason, kReasonLabels));
  row.set("consent", sent.consent_to_contact);
  row.set("received", WhenLine(referral.received_at, now, zone));
  row.set("waiting", Duration(now - referral.received_at));
  const cw::ReferralStatus status =
      actor.is_referrer() ? cw::AcknowledgedStatus(referral.status) : referral.status;
  row.set("status", CodeLabel(status, kStatusLabels));
  row.set("status_code", std::string(cw::kReferralStatuses.Name(status)));
  row.set("waiting_for_coach", status == cw::ReferralStatus::kRequested);
  if (actor.is_referrer()) {
    if (const std::optional<cw::DisclosedReferral>& told = referral.disclosed) {
      mustache::data disclosed;
      disclosed.set("status", CodeLabel(told->status, kStatusLabels));
      if (told->outcome) disclosed.set("outcome", CodeLabel(*told->outcome, kOutcomeLabels));
      if (told->first_contact_at) {
        disclosed.set("first_contact", WhenLine(*told->first_contact_at, now, zone));
      }
      disclosed.set("when", WhenLine(told->disclosed_at, now, zone));
      disclosed.set("notice", std::string(cw::kRedisclosureNotice));
      row.set("disclosed", disclosed);
    }
    return row;
  }
  if (referral.outcome) row.set("outcome", CodeLabel(*referral.outcome, kOutcomeLabels));
  if (referral.accepted_at) row.set("accepted", WhenLine(*referral.accepted_at, now, zone));
  if (referral.first_contact_at) {
    row.set("first_contact", WhenLine(*referral.first_contact_at, now, zone));
  }
  if (std::optional<std::chrono::seconds> wait = cw::TimeToFirstContact(referral)) {
    row.set("time_to_first_contact", Duration(*wait));
  }
  if (referral.closed_at) row.set("closed", WhenLine(*referral.closed_at, now, zone));
  return row;
}

// The order of the staff inbox: urgent first, then by how long each has waited.
bool ComesFirst(const cw::Referral& a, const cw::Referral& b) {
  if (a.sent.urgency != b.sent.urgency) return a.sent.urgency < b.sent.urgency;
  return a.received_at < b.received_at;
}

// One status change a button on the referral page asks for.
mustache::data Action(std::string_view status, std::string label, bool primary) {
  mustache::data action;
  action.set("status", std::string(status));
  action.set("label", std::move(label));
  action.set("primary", primary);
  return action;
}

}  // namespace

http::Response ReferralsArea::Inbox(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const Instant now = kit_.clock().Now();
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  Result<SiteNames> names = NamesAt(repos, site);
  if (!names.ok()) return kit_.Failure(names.status());
  cw::ReferralQuery query;
  query.open_only = !actor.is_referrer();
  query.limit = 200;
  auto referrals = cw::ListReferrals(repos.casework, actor, site, query);
  if (!referrals.ok()) return kit_.Failure(referrals.status());
  if (!actor.is_referrer()) std::stable_sort(referrals->begin(), referrals->end(), ComesFirst);

  const date::time_zone* zone = api::SiteZone(repos, site);
  mustache::data waiting{mustache::data::type::list};
  mustache::data in_hand{mustache::data::type::list};
  for (const cw::Referral& referral : *referrals) {
    mustache::data row = ReferralData(referral, actor, *names, now, zone);
    (actor.is_referrer() || referral.status == cw::ReferralStatus::kRequested ? waiting : in_hand)
        .push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("referrer", actor.is_referrer());
  data.set("partner", actor.is_referrer() ? names->Partner(*actor.referrer_partner) : "");
  data.set("can_send", identity::Allows(caller.grants, Permission::kReferralsSend, site));
  data.set("waiting_count", std::to_string(waiting.list_value().size()));
  data.set("waiting", waiting);
  data.set("in_hand", in_hand);
  data.set("none_waiting", waiting.list_value().empty());
  data.set("none_in_hand", in_hand.list_value().empty());
  return kit_.Page(request, repos, caller, site, "Referrals",
                   Render("staff_referrals", Language::kEnglish, data));
}

http::Response ReferralsArea::Form(const http::Request& request, const Caller& caller,
                                   api::Repositories& repos, std::string_view site,
                                   const cw::NewReferral& values, const Status& error) const {
  Result<SiteNames> names = NamesAt(repos, site);
  if (!names.ok()) return kit_.Failure(names.status());
  const std::optional<std::string> partner = identity::ReferrerPartnerAt(caller.grants, site);
  mustache::data data = kit_.BaseData(caller, site);
  if (!error.ok()) data.set("error", kit_.Explain(error));
  mustache::data programs{mustache::data::type::list};
  for (const cw::Program& program : names->programs) {
    programs.push_back(Option(program.id, program.name, program.id == values.program_id));
  }
  data.set("programs", programs);
  if (partner) {
    data.set("own_partner", names->Partner(*partner));
  } else {
    mustache::data partners{mustache::data::type::list};
    for (const cw::Partner& each : names->partners) {
      partners.push_back(Option(each.id, each.name, each.id == values.partner_id));
    }
    data.set("partners", partners);
    data.set("choose_partner", true);
  }
  data.set("first_name", values.first_name);
  data.set("phone", values.phone);
  data.set("language", values.language);
  data.set("partner_reference", values.partner_reference);
  const bool fresh = error.ok();
  data.set("settings", CodeOptions(cw::kSettings, kSettingLabels,
                                   fresh ? std::nullopt : std::optional(values.setting)));
  data.set("urgencies", CodeOptions(cw::kUrgencies, kUrgencyLabels,
                                    fresh ? std::nullopt : std::optional(values.urgency)));
  data.set("reasons", CodeOptions(cw::kReferralReasons, kReasonLabels,
                                  fresh ? std::nullopt : std::optional(values.reason)));
  data.set("consent_yes", !fresh && values.consent_to_contact);
  return kit_.Page(request, repos, caller, site, "Send a referral",
                   Render("staff_referral_form", Language::kEnglish, data), fresh ? 200 : 422);
}

http::Response ReferralsArea::NewReferral(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          api::Repositories& repos) const {
  return Form(request, caller, repos, kit_.Param(params, "site"), {}, Status::Ok());
}

http::Response ReferralsArea::Send(const http::Request& request, const http::PathParams& params,
                                   const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  cw::NewReferral sent;
  for (const auto& [name, member] : api::kReferralTextFields) {
    if (std::optional<std::string> value = form->Get(name)) sent.*member = std::move(*value);
  }
  // Each choice must be made: an urgent referral must never default to routine.
  Status read = Status::Ok();
  auto choose = [&](const auto& table, std::string_view field, auto* out) {
    if (!read.ok()) return;
    auto code = table.Parse(std::string(field), form->Get(field).value_or(""));
    if (code.ok()) {
      *out = *code;
    } else {
      read = Status::Invalid(std::string(field), "choose one");
    }
  };
  choose(cw::kSettings, "setting", &sent.setting);
  choose(cw::kUrgencies, "urgency", &sent.urgency);
  choose(cw::kReferralReasons, "reason", &sent.reason);
  const std::string consent = form->Get("consent").value_or("");
  if (read.ok() && consent != "yes" && consent != "no") {
    read = Status::Invalid("consent", "say whether the person agreed to be contacted");
  }
  sent.consent_to_contact = consent == "yes";
  if (!read.ok()) return Form(request, caller, repos, site, sent, read);

  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  Result<cw::Referral> referral = cw::ReceiveReferral(repos.casework, actor, site, sent);
  if (!referral.ok()) {
    if (referral.status().code() == StatusCode::kInvalidArgument) {
      return Form(request, caller, repos, site, sent, referral.status());
    }
    return kit_.Failure(referral.status());
  }
  return kit_.Redirect(kit_.SitePath(site, "/referrals/" + referral->id + "?done=referral_sent"));
}

http::Response ReferralsArea::Show(const http::Request& request, const http::PathParams& params,
                                   const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const Instant now = kit_.clock().Now();
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  auto referral = cw::ReadReferral(repos.casework, actor, site, kit_.Param(params, "id"));
  if (!referral.ok()) return kit_.Failure(referral.status());
  Result<SiteNames> names = NamesAt(repos, site);
  if (!names.ok()) return kit_.Failure(names.status());

  mustache::data data = ReferralData(*referral, actor, *names, now, api::SiteZone(repos, site));
  data.set("csrf", caller.csrf_token);
  data.set("staff", !actor.is_referrer());
  // A referrer reads who took it in and the participant record no more than its outcome: not even
  // that there is one.
  if (!actor.is_referrer()) {
    data.set("received_by", referral->received_by);
    if (!referral->assigned_to.empty()) {
      data.set("assigned_to", kit_.StaffName(repos, referral->assigned_to));
    }
    if (!referral->participant_id.empty()) {
      data.set("participant", referral->participant_id);
    } else {
      data.set("can_add_participant",
               identity::Allows(caller.grants, Permission::kParticipantsRecord, site) &&
                   (referral->status == cw::ReferralStatus::kAccepted ||
                    referral->status == cw::ReferralStatus::kInProgress));
    }
  }
  const cw::ReferralStatus status = referral->status;
  const bool manage =
      identity::Allows(caller.grants, Permission::kReferralsManage, site) && !cw::IsClosed(status);
  data.set("manage", manage);
  if (manage) {
    using S = cw::ReferralStatus;
    mustache::data actions{mustache::data::type::list};
    if (status == S::kRequested)
      actions.push_back(Action("accepted", "Accept: I'll take it", true));
    if (status == S::kAccepted) {
      actions.push_back(Action("in-progress", "I reached the person", true));
    }
    if (status == S::kOnHold) actions.push_back(Action("in-progress", "Resume", true));
    if (status == S::kAccepted || status == S::kInProgress) {
      actions.push_back(Action("on-hold", "Put on hold", false));
    }
    data.set("actions", actions);
    mustache::data outcomes{mustache::data::type::list};
    for (const auto& code : cw::kReferralOutcomes.codes()) {
      if (cw::ClosingStatus(status, code.value)) {
        outcomes.push_back(
            Option(std::string(code.name), CodeLabel(code.value, kOutcomeLabels), false));
      }
    }
    data.set("outcomes", outcomes);
  }
  return kit_.Page(request, repos, caller, site, "Referral for " + referral->sent.first_name,
                   Render("staff_referral", Language::kEnglish, data));
}

http::Response ReferralsArea::ChangeStatus(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  std::optional<cw::ReferralStatus> to;
  std::optional<cw::ReferralOutcome> outcome;
  if (auto text = form->Get("status"); text && !text->empty()) {
    auto code = cw::kReferralStatuses.Parse("status", *text);
    if (!code.ok()) return kit_.Failure(code.status());
    to = *code;
  }
  if (auto text = form->Get("outcome"); text && !text->empty()) {
    auto code = cw::kReferralOutcomes.Parse("outcome", *text);
    if (!code.ok()) return kit_.Failure(code.status());
    outcome = *code;
  }
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  auto changed = cw::ChangeReferralStatus(repos.casework, actor, site, id, to, outcome);
  if (!changed.ok()) return kit_.Failure(changed.status());
  const std::string done = changed->status == cw::ReferralStatus::kAccepted ? "referral_accepted"
                           : cw::IsClosed(changed->status)                  ? "referral_closed"
                                                                            : "referral_updated";
  return kit_.Redirect(kit_.SitePath(site, "/referrals/" + id + "?done=" + done));
}

void ReferralsArea::AddRoutes(http::Router& router) const {
  kit_.AddPage(router, "GET", "/staff/sites/{site}/referrals", Permission::kReferralsView,
               kit_.Bind(this, &ReferralsArea::Inbox));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/referrals/new", Permission::kReferralsSend,
               kit_.Bind(this, &ReferralsArea::NewReferral));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/referrals", Permission::kReferralsSend,
               kit_.Bind(this, &ReferralsArea::Send));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/referrals/{id}", Permission::kReferralsView,
               kit_.Bind(this, &ReferralsArea::Show));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/referrals/{id}/status",
               Permission::kReferralsManage, kit_.Bind(this, &ReferralsArea::ChangeStatus));
}

}  // namespace rn::web
