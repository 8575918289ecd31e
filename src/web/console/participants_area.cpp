// The console's participants (participants_area.h).

#include "web/console/participants_area.h"

#include "api/casework_api.h"
#include "casework/caseloads.h"
#include "casework/contacts.h"
#include "casework/participants.h"
#include "util/text.h"
#include "web/console/code_options.h"
#include "web/format.h"
#include "web/render.h"

namespace rn::web {
namespace {

namespace cw = casework;
using identity::Permission;

constexpr std::string_view kPlaceLabels[] = {
    "Emergency department", "Home visit", "Community", "Office", "Phone", "Video", "Text"};
constexpr std::string_view kSupportLabels[] = {"Emotional", "Informational", "Instrumental",
                                               "Affiliational"};
constexpr std::string_view kActivityLabels[] = {"Mentoring or coaching", "Connecting to resources",
                                                "Leading a recovery group", "Building community"};

// "Due today", "Overdue by 3 days", "In 2 days", "" (none).
std::string FollowUpLine(const cw::FollowUp& follow_up) {
  const std::string days =
      std::to_string(follow_up.days) + (follow_up.days == 1 ? " day" : " days");
  switch (follow_up.state) {
    case cw::FollowUpState::kDueToday:
      return "Follow-up due today";
    case cw::FollowUpState::kOverdue:
      return "Follow-up overdue by " + days;
    case cw::FollowUpState::kUpcoming:
      return "Follow-up in " + days;
    case cw::FollowUpState::kNone:
      break;
  }
  return "No follow-up set";
}

}  // namespace

http::Response ParticipantsArea::Caseload(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  auto rows = cw::ReadCaseload(repos.casework, actor, site, "", api::SiteZone(repos, site));
  if (!rows.ok()) return kit_.Failure(rows.status());
  mustache::data items{mustache::data::type::list};
  for (const cw::CaseloadRow& row : *rows) {
    mustache::data item;
    item.set("site", site);
    item.set("id", row.participant_id);
    item.set("name", row.first_name + (row.last_name.empty() ? "" : " " + row.last_name));
    item.set("follow_up", FollowUpLine(row.follow_up));
    item.set("attention", row.follow_up.state == cw::FollowUpState::kDueToday ||
                              row.follow_up.state == cw::FollowUpState::kOverdue);
    item.set("last_contact", row.days_since_contact
                                 ? "Last contact " + std::to_string(*row.days_since_contact) +
                                       (*row.days_since_contact == 1 ? " day ago" : " days ago")
                                 : std::string("No contact yet"));
    if (row.days_engaged) item.set("engaged", std::to_string(*row.days_engaged) + " days engaged");
    items.push_back(item);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("participants", items);
  data.set("empty", items.list_value().empty());
  data.set("count", std::to_string(items.list_value().size()));
  return kit_.Page(request, repos, caller, site, "My caseload",
                   Render("staff_caseload", Language::kEnglish, data));
}

http::Response ParticipantsArea::ParticipantPage(const http::Request& request, const Caller& caller,
                                                 api::Repositories& repos, std::string_view site,
                                                 std::string_view id, const Status& error) const {
  const Instant now = kit_.clock().Now();
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  auto record = cw::ReadParticipant(repos.casework, actor, site, id);
  if (!record.ok()) return kit_.Failure(record.status());
  const date::time_zone* zone = api::SiteZone(repos, site);
  const cw::ParticipantDetails& details = record->participant.details;
  mustache::data data = kit_.BaseData(caller, site);
  if (!error.ok()) data.set("error", kit_.Explain(error));
  data.set("id", record->participant.id);
  data.set("name", details.first_name + (details.last_name.empty() ? "" : " " + details.last_name));
  if (!details.pronouns.empty()) data.set("pronouns", details.pronouns);
  if (!details.phone.empty()) data.set("phone", details.phone);
  data.set("may_leave_message", details.may_leave_message);
  if (!details.do_not_contact.empty()) data.set("do_not_contact", details.do_not_contact);
  data.set("language", details.language);
  data.set("follow_up",
           FollowUpLine(cw::FollowUpOn(record->summary.next_follow_up, cw::LocalDay(now, zone))));
  data.set("places", CodeOptions(cw::kContactPlaces, kPlaceLabels));
  data.set("supports", CodeOptions(cw::kSupportKinds, kSupportLabels));
  data.set("activities", CodeOptions(cw::kPeerActivities, kActivityLabels));
  data.set("today", cw::FormatDay(cw::LocalDay(now, zone)));
  mustache::data contacts{mustache::data::type::list};
  for (const cw::Contact& stored : record->contacts) {
    const cw::NewContact& contact = stored.contact;
    mustache::data item;
    item.set("when", FormatDate(contact.at, zone, Messages::For(Language::kEnglish)));
    item.set("place", CodeLabel(contact.place, kPlaceLabels));
    item.set("attempted", contact.outcome == cw::ContactOutcome::kAttempted);
    item.set("minutes", std::to_string(contact.duration_minutes));
    if (!contact.note.empty()) item.set("note", contact.note);
    if (!contact.private_note.empty()) item.set("private_note", contact.private_note);
    item.set("sealed", stored.has_private_note && contact.private_note.empty());
    contacts.push_back(item);
  }
  data.set("contacts", contacts);
  data.set("coach", kit_.StaffName(repos, record->summary.coach_id));
  if (identity::Allows(caller.grants, Permission::kCaseloadsOversee, site)) {
    Result<std::vector<std::string>> staff = cw::StaffWithCaseloads(repos.casework, site);
    if (!staff.ok()) return kit_.Failure(staff.status());
    mustache::data coaches{mustache::data::type::list};
    for (const std::string& user_id : *staff) {
      if (user_id == record->summary.coach_id) continue;
      coaches.push_back(Option(user_id, kit_.StaffName(repos, user_id), false));
    }
    data.set("coaches", coaches);
    data.set("can_reassign", true);
  }
  return kit_.Page(request, repos, caller, site, data.get("name")->string_value(),
                   Render("staff_participant", Language::kEnglish, data), error.ok() ? 200 : 422);
}

http::Response ParticipantsArea::Participant(const http::Request& request,
                                             const http::PathParams& params, const Caller& caller,
                                             api::Repositories& repos) const {
  return ParticipantPage(request, caller, repos, kit_.Param(params, "site"),
                         kit_.Param(params, "id"), Status::Ok());
}

http::Response ParticipantsArea::RecordContact(const http::Request& request,
                                               const http::PathParams& params, const Caller& caller,
                                               api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const Instant now = kit_.clock().Now();
  cw::NewContact contact;
  contact.at = now;
  Status read = Status::Ok();
  auto place = cw::kContactPlaces.Parse("place", form->Get("place").value_or(""));
  if (place.ok())
    contact.place = *place;
  else
    read = Status::Invalid("place", "choose where it took place");
  contact.outcome = form->Get("reached").value_or("yes") == "no" ? cw::ContactOutcome::kAttempted
                                                                 : cw::ContactOutcome::kCompleted;
  const std::string minutes = form->Get("duration_minutes").value_or("");
  if (read.ok()) {
    auto parsed = minutes.empty() ? std::optional<int>(0)
                                  : text::ParseNumber<int>(minutes, 0, cw::kMaxContactMinutes);
    if (parsed)
      contact.duration_minutes = *parsed;
    else
      read = Status::Invalid("duration_minutes", "give the minutes as a number");
  }
  for (const std::string& name : form->GetAll("supports")) {
    if (auto code = cw::kSupportKinds.Find(name)) contact.supports.push_back(*code);
  }
  for (const std::string& name : form->GetAll("activities")) {
    if (auto code = cw::kPeerActivities.Find(name)) contact.activities.push_back(*code);
  }
  contact.note = form->Get("note").value_or("");
  contact.private_note = form->Get("private_note").value_or("");
  if (const std::string day = form->Get("follow_up_on").value_or(""); read.ok() && !day.empty()) {
    auto parsed = cw::ParseDay("follow_up_on", day);
    if (parsed.ok())
      contact.follow_up_on = *parsed;
    else
      read = parsed.status();
  }
  if (!read.ok()) return ParticipantPage(request, caller, repos, site, id, read);
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  auto recorded = cw::RecordContact(repos.casework, actor, site, id, std::move(contact),
                                    api::SiteZone(repos, site));
  if (!recorded.ok()) {
    if (recorded.status().code() == StatusCode::kInvalidArgument) {
      return ParticipantPage(request, caller, repos, site, id, recorded.status());
    }
    return kit_.Failure(recorded.status());
  }
  return kit_.Redirect(kit_.SitePath(site, "/participants/" + id + "?done=contact_recorded"));
}

http::Response ParticipantsArea::FromReferral(const http::Request& request,
                                              const http::PathParams& params, const Caller& caller,
                                              api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  auto made = cw::CreateParticipantFromReferral(
      repos.casework, actor, site, kit_.Param(params, "id"), api::SiteZone(repos, site));
  if (!made.ok()) return kit_.Failure(made.status());
  return kit_.Redirect(
      kit_.SitePath(site, "/participants/" + made->participant.id + "?done=participant_added"));
}

http::Response ParticipantsArea::Overview(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  auto overview = cw::ReadSiteOverview(repos.casework, actor, site, api::SiteZone(repos, site));
  if (!overview.ok()) return kit_.Failure(overview.status());
  mustache::data coaches{mustache::data::type::list};
  for (const cw::CoachLoad& load : overview->coaches) {
    mustache::data row;
    row.set("name", kit_.StaffName(repos, load.coach_id));
    row.set("participants", std::to_string(load.participants));
    row.set("due_today", std::to_string(load.due_today));
    row.set("overdue", std::to_string(load.overdue));
    row.set("behind", load.overdue > 0);
    coaches.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("coaches", coaches);
  data.set("unassigned", std::to_string(overview->unassigned.participants));
  data.set("unaccepted", std::to_string(overview->unaccepted_referrals));
  return kit_.Page(request, repos, caller, site, "Overview",
                   Render("staff_overview", Language::kEnglish, data));
}

http::Response ParticipantsArea::Reassign(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
  auto history =
      cw::AssignParticipant(repos.casework, actor, site, id, form->Get("coach").value_or(""));
  if (!history.ok()) return kit_.Failure(history.status());
  return kit_.Redirect(kit_.SitePath(site, "/participants/" + id + "?done=reassigned"));
}

void ParticipantsArea::AddRoutes(http::Router& router) const {
  kit_.AddPage(router, "GET", "/staff/sites/{site}/overview", Permission::kCaseloadsOversee,
               kit_.Bind(this, &ParticipantsArea::Overview));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/participants/{id}/coach",
               Permission::kCaseloadsOversee, kit_.Bind(this, &ParticipantsArea::Reassign));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/caseload", Permission::kParticipantsView,
               kit_.Bind(this, &ParticipantsArea::Caseload));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/participants/{id}",
               Permission::kParticipantsView, kit_.Bind(this, &ParticipantsArea::Participant));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/participants/{id}/contacts",
               Permission::kParticipantsRecord, kit_.Bind(this, &ParticipantsArea::RecordContact));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/referrals/{id}/participant",
               Permission::kParticipantsRecord, kit_.Bind(this, &ParticipantsArea::FromReferral));
}

}  // namespace rn::web
