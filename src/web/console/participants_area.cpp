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
  const std::string days = text::CountOf(follow_up.days, "day", "days");
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

constexpr std::string_view kProgramKindSuffix[] = {" (ED coaching)", " (home visiting)",
                                                   " (community)"};
constexpr std::string_view kDischargeLabels[] = {
    "Completed the program", "Transferred", "Lost contact", "Withdrew", "Moved away",
    "Incarcerated",          "Deceased",    "Other"};
constexpr std::string_view kPregnancyLabels[] = {"Pregnant", "Postpartum", "Neither"};

// "November 24, 2026".
std::string DayLine(cw::Day day) {
  return FormatDateWithYear(date::sys_days(day) + std::chrono::hours(12), date::locate_zone("UTC"),
                            Messages::For(Language::kEnglish));
}

// The enrolment the form asks for: the program, the start (today when blank) and the home-visiting
// details when any is given. kInvalidArgument naming a field that is not a date or a number, or
// "program" when none is chosen; the rest is casework::Enrol's to check.
Result<cw::NewEnrolment> ReadEnrolmentForm(const http::Form& form) {
  cw::NewEnrolment enrolment;
  enrolment.program_id = form.Get("program").value_or("");
  if (enrolment.program_id.empty()) return Status::Invalid("program", "choose a program");
  if (auto day = form.Get("started_on")) {
    auto parsed = cw::ParseDay("started_on", *day);
    if (!parsed.ok()) return parsed.status();
    enrolment.started_on = *parsed;
  }
  cw::HomeVisiting home;
  const std::optional<std::string> pregnancy = form.Get("pregnancy_status");
  bool any_home = pregnancy.has_value();
  for (auto [name, out] :
       {std::pair{"due_date", &home.due_date}, std::pair{"baby_born_on", &home.baby_born_on}}) {
    if (auto day = form.Get(name)) {
      auto parsed = cw::ParseDay(name, *day);
      if (!parsed.ok()) return parsed.status();
      *out = *parsed;
      any_home = true;
    }
  }
  if (auto children = form.Get("children_under_six")) {
    auto parsed = text::ParseNumber<int>(*children, 0, cw::kMaxChildrenUnderSix);
    if (!parsed) {
      return Status::Invalid("children_under_six",
                             "give a number from 0 to " + std::to_string(cw::kMaxChildrenUnderSix));
    }
    home.children_under_six = *parsed;
    any_home = true;
  }
  if (!any_home) return enrolment;
  if (!pregnancy) {
    return Status::Invalid("pregnancy_status", "choose one for a home-visiting enrolment");
  }
  auto status = cw::kPregnancyStatuses.Parse("pregnancy_status", *pregnancy);
  if (!status.ok()) return status.status();
  home.pregnancy = *status;
  enrolment.home_visiting = home;
  return enrolment;
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
                                 ? "Last contact " +
                                       text::CountOf(*row.days_since_contact, "day", "days") +
                                       " ago"
                                 : std::string("No contact yet"));
    if (row.days_engaged) item.set("engaged", std::to_string(*row.days_engaged) + " days engaged");
    items.push_back(item);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("participants", items);
  data.set("empty", items.list_value().empty());
  data.set("count", text::CountOf(static_cast<long long>(items.list_value().size()),
                                  "participant", "participants"));
  return kit_.Page(request, repos, caller, site, "My caseload",
                   Render("staff_caseload", Language::kEnglish, data));
}

http::Response ParticipantsArea::ParticipantPage(const http::Request& request, const Caller& caller,
                                                 api::Repositories& repos, std::string_view site,
                                                 std::string_view id,
                                                 const Refusal* refused) const {
  using RefusedForm = Refusal::Form;
  const Status error = refused == nullptr ? Status::Ok() : refused->error;
  const Instant now = kit_.clock().Now();
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  auto record = cw::ReadParticipant(repos.casework, actor, site, id);
  if (!record.ok()) return kit_.Failure(record.status());
  const date::time_zone* zone = api::SiteZone(repos, site);
  const cw::ParticipantDetails& details = record->participant.details;
  mustache::data data = kit_.BaseData(caller, site);
  if (refused != nullptr && refused->form == RefusedForm::kContact) {
    data.set("error", kit_.Explain(error));
  }
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

  // Programs: the episodes, discharging an open one, and enrolling.
  auto programs = repos.casework.programs.ListPrograms(site);
  if (!programs.ok()) return kit_.Failure(programs.status());
  auto program_name = [&](const std::string& program_id) {
    for (const cw::Program& program : *programs) {
      if (program.id == program_id) return program.name;
    }
    return program_id;
  };
  const std::string today = cw::FormatDay(cw::LocalDay(now, zone));
  mustache::data episodes{mustache::data::type::list};
  for (const cw::Enrolment& enrolment : record->enrolments) {
    mustache::data episode;
    episode.set("enrolment", enrolment.id);
    episode.set("program", program_name(enrolment.program_id));
    episode.set("started_on", DayLine(enrolment.started_on));
    episode.set("started_min", cw::FormatDay(enrolment.started_on));
    episode.set("open", enrolment.is_open());
    if (enrolment.discharged_on) episode.set("discharged_on", DayLine(*enrolment.discharged_on));
    if (enrolment.discharge_reason) {
      episode.set("discharge_reason", CodeLabel(*enrolment.discharge_reason, kDischargeLabels));
    }
    if (const std::optional<cw::HomeVisiting>& home = enrolment.home_visiting) {
      std::string line = CodeLabel(home->pregnancy, kPregnancyLabels);
      if (home->due_date) line += ", due " + DayLine(*home->due_date);
      if (home->baby_born_on) line += ", baby born " + DayLine(*home->baby_born_on);
      line += " · children under six: " + std::to_string(home->children_under_six);
      episode.set("home_visiting", line);
    }
    mustache::data discharge;
    discharge.set("discharged_on_value", today);
    std::optional<cw::DischargeReason> reason;
    const bool this_one = refused != nullptr && refused->form == RefusedForm::kDischarge &&
                          refused->enrolment_id == enrolment.id;
    kit_.SetFormError(discharge, this_one ? error : Status::Ok());
    if (this_one) {
      discharge.set("discharged_on_value", refused->values.Get("discharged_on").value_or(""));
      reason = cw::kDischargeReasons.Find(refused->values.Get("reason").value_or(""));
      episode.set("refused", true);
    }
    discharge.set("reasons", CodeOptions(cw::kDischargeReasons, kDischargeLabels, reason));
    episode.set("discharge", discharge);
    episodes.push_back(episode);
  }
  data.set("episodes", episodes);
  data.set("no_episodes", episodes.list_value().empty());
  const bool enrolling = refused != nullptr && refused->form == RefusedForm::kEnrol;
  const http::Form sent = enrolling ? refused->values : http::Form();
  mustache::data enrol;
  kit_.SetFormError(enrol, enrolling ? error : Status::Ok());
  mustache::data program_options{mustache::data::type::list};
  for (const cw::Program& program : *programs) {
    program_options.push_back(Option(program.id,
                                     program.name + CodeLabel(program.kind, kProgramKindSuffix),
                                     sent.Get("program") == program.id));
  }
  enrol.set("programs", program_options);
  enrol.set("started_on", sent.Get("started_on").value_or(today));
  enrol.set("pregnancy_options",
            CodeOptions(cw::kPregnancyStatuses, kPregnancyLabels,
                        cw::kPregnancyStatuses.Find(sent.Get("pregnancy_status").value_or(""))));
  for (const std::string_view name : {"due_date", "baby_born_on", "children_under_six"}) {
    enrol.set(std::string(name), sent.Get(name).value_or(""));
  }
  data.set("enrol", enrol);
  data.set("enrolling", enrolling);
  data.set("no_programs", programs->empty());
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

http::Response ParticipantsArea::Enrol(const http::Request& request, const http::PathParams& params,
                                       const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Result<cw::NewEnrolment> asked = ReadEnrolmentForm(*form);
  Status done = asked.status_or_ok();
  if (asked.ok()) {
    const cw::Actor actor = api::CaseworkActor(caller, request, site, kit_.clock().Now());
    done = cw::Enrol(repos.casework, actor, site, id, std::move(*asked), api::SiteZone(repos, site))
               .status_or_ok();
  }
  if (!done.ok()) {
    if (done.code() == StatusCode::kInvalidArgument || done.code() == StatusCode::kConflict) {
      const Refusal refused{Refusal::Form::kEnrol, done, "", *form};
      return ParticipantPage(request, caller, repos, site, id, &refused);
    }
    return kit_.Failure(done);
  }
  return kit_.Redirect(kit_.SitePath(site, "/participants/" + id + "?done=enrolled#programs"));
}

http::Response ParticipantsArea::Discharge(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string id = kit_.Param(params, "id");
  const std::string enrolment = kit_.Param(params, "enrolment");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const Instant now = kit_.clock().Now();
  const date::time_zone* zone = api::SiteZone(repos, site);
  Status read = Status::Ok();
  cw::Day on = cw::LocalDay(now, zone);
  if (auto day = form->Get("discharged_on")) {
    auto parsed = cw::ParseDay("discharged_on", *day);
    if (parsed.ok())
      on = *parsed;
    else
      read = parsed.status();
  }
  const auto reason = cw::kDischargeReasons.Find(form->Get("reason").value_or(""));
  if (read.ok() && !reason) read = Status::Invalid("reason", "choose why the episode ends");
  if (read.ok()) {
    const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
    auto discharged =
        cw::DischargeEnrolment(repos.casework, actor, site, id, enrolment, on, *reason, zone);
    if (discharged.ok()) {
      return kit_.Redirect(
          kit_.SitePath(site, "/participants/" + id + "?done=discharged#programs"));
    }
    read = discharged.status();
    if (read.code() != StatusCode::kInvalidArgument) return kit_.Failure(read);
  }
  const Refusal refused{Refusal::Form::kDischarge, read, enrolment, *form};
  return ParticipantPage(request, caller, repos, site, id, &refused);
}

http::Response ParticipantsArea::Participant(const http::Request& request,
                                             const http::PathParams& params, const Caller& caller,
                                             api::Repositories& repos) const {
  return ParticipantPage(request, caller, repos, kit_.Param(params, "site"),
                         kit_.Param(params, "id"));
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
  if (!read.ok()) {
    const Refusal refused{Refusal::Form::kContact, read};
    return ParticipantPage(request, caller, repos, site, id, &refused);
  }
  const cw::Actor actor = api::CaseworkActor(caller, request, site, now);
  auto recorded = cw::RecordContact(repos.casework, actor, site, id, std::move(contact),
                                    api::SiteZone(repos, site));
  if (!recorded.ok()) {
    if (recorded.status().code() == StatusCode::kInvalidArgument) {
      const Refusal refused{Refusal::Form::kContact, recorded.status()};
      return ParticipantPage(request, caller, repos, site, id, &refused);
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
  kit_.AddPage(router, "POST", "/staff/sites/{site}/participants/{id}/enrolments",
               Permission::kParticipantsRecord, kit_.Bind(this, &ParticipantsArea::Enrol));
  kit_.AddPage(router, "POST",
               "/staff/sites/{site}/participants/{id}/enrolments/{enrolment}/discharge",
               Permission::kParticipantsRecord, kit_.Bind(this, &ParticipantsArea::Discharge));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/referrals/{id}/participant",
               Permission::kParticipantsRecord, kit_.Bind(this, &ParticipantsArea::FromReferral));
}

}  // namespace rn::web
