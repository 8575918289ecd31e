#include "api/participants_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "api/casework_api.h"
#include "api/casework_json.h"
#include "api/consents_api.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "casework/caseloads.h"
#include "casework/contacts.h"
#include "casework/participants.h"
#include "directory/schedule.h"

namespace rn::api {
namespace {

using identity::Caller;
using identity::Permission;
namespace cw = casework;
using casework_json::CodeNames;
using casework_json::CodeOrNull;
using casework_json::Created;
using casework_json::DayOrNull;
using casework_json::IntOrNull;
using casework_json::Param;
using casework_json::TakeCode;
using casework_json::TakeCodes;
using casework_json::TakeDay;
using casework_json::TakeFlag;
using casework_json::TakeOptionalCode;
using casework_json::TakeText;
using casework_json::TextOrNull;
using casework_json::TimeOrNull;

std::string ParticipantPath(std::string_view site, std::string_view id) {
  return "/api/v1/sites/" + std::string(site) + "/participants/" + std::string(id);
}

// The user id of staff member `login` (kInvalidArgument naming `field` when there is none).
Result<std::string> StaffId(Repositories& repos, std::string_view login, std::string_view field) {
  auto user = repos.identity.accounts.FindUserByName(login);
  if (!user.ok()) return user.status();
  if (!*user) {
    return Status::Invalid(std::string(field), "there is no staff member " + std::string(login));
  }
  return (*user)->user.id;
}

// The login of user `id`, null for "" (nobody), the id itself when the account is gone.
boost::json::value StaffLogin(Repositories& repos, const std::string& id) {
  if (id.empty()) return nullptr;
  auto user = repos.identity.accounts.GetUser(id);
  return user.ok() && *user ? boost::json::value((*user)->user.name) : boost::json::value(id);
}

// ---- Reading bodies ----

// An enrolment's fields (program, started_on and the home-visiting ones) from `fields`; nullopt
// when there is no program and none of them. An enrolment field without a program is refused.
Result<std::optional<cw::NewEnrolment>> ReadEnrolment(JsonFields& fields) {
  cw::NewEnrolment enrolment;
  RN_RETURN_IF_ERROR(TakeText(fields, "program", &enrolment.program_id));
  RN_RETURN_IF_ERROR(TakeDay(fields, "started_on", &enrolment.started_on));
  std::optional<cw::PregnancyStatus> pregnancy;
  RN_RETURN_IF_ERROR(
      TakeOptionalCode(fields, "pregnancy_status", cw::kPregnancyStatuses, &pregnancy));
  cw::HomeVisiting home;
  RN_RETURN_IF_ERROR(TakeDay(fields, "due_date", &home.due_date));
  RN_RETURN_IF_ERROR(TakeDay(fields, "baby_born_on", &home.baby_born_on));
  Result<std::optional<std::int64_t>> children =
      fields.TakeInt("children_under_six", 0, cw::kMaxChildrenUnderSix);
  if (!children.ok()) return children.status();
  if (*children) home.children_under_six = static_cast<int>(**children);
  const bool any_home = pregnancy || home.due_date || home.baby_born_on || *children;
  if (enrolment.program_id.empty()) {
    if (enrolment.started_on || any_home) {
      return Status::Invalid("program", "is required with an enrolment's dates and details");
    }
    return std::optional<cw::NewEnrolment>();
  }
  if (pregnancy) {
    home.pregnancy = *pregnancy;
    enrolment.home_visiting = home;
  } else if (any_home) {
    return Status::Invalid("pregnancy_status", "is required with the home-visiting details");
  }
  return std::optional<cw::NewEnrolment>(std::move(enrolment));
}

Result<cw::NewParticipant> ReadNewParticipant(const http::Request& request, Repositories& repos) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  cw::NewParticipant created;
  cw::ParticipantDetails& details = created.details;
  for (auto [name, out] :
       {std::pair{"first_name", &details.first_name}, std::pair{"last_name", &details.last_name},
        std::pair{"pronouns", &details.pronouns}, std::pair{"language", &details.language},
        std::pair{"phone", &details.phone}, std::pair{"do_not_contact", &details.do_not_contact},
        std::pair{"address", &details.address}, std::pair{"referral", &created.referral_id}}) {
    RN_RETURN_IF_ERROR(TakeText(*fields, name, out));
  }
  RN_RETURN_IF_ERROR(TakeDay(*fields, "date_of_birth", &details.date_of_birth));
  RN_RETURN_IF_ERROR(TakeFlag(*fields, "may_leave_message", &details.may_leave_message));
  std::string coach;
  RN_RETURN_IF_ERROR(TakeText(*fields, "coach", &coach));
  if (!coach.empty()) {
    Result<std::string> id = StaffId(repos, coach, "coach");
    if (!id.ok()) return id.status();
    created.coach_id = *id;
  }
  Result<std::optional<cw::NewEnrolment>> enrolment = ReadEnrolment(*fields);
  if (!enrolment.ok()) return enrolment.status();
  created.enrolment = std::move(*enrolment);
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return created;
}

}  // namespace

Result<cw::NewContact> ReadNewContact(const http::Request& request, Instant now) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  cw::NewContact contact;
  contact.at = now;
  Result<std::optional<std::string>> at = fields->TakeString("at");
  if (!at.ok()) return at.status();
  if (*at) {
    Result<Instant> parsed = directory::ParseRfc3339(**at);
    if (!parsed.ok()) return Status::Invalid("at", "must be an RFC 3339 time with its offset");
    contact.at = *parsed;
  }
  Result<std::optional<std::int64_t>> minutes =
      fields->TakeInt("duration_minutes", 0, cw::kMaxContactMinutes);
  if (!minutes.ok()) return minutes.status();
  if (*minutes) contact.duration_minutes = static_cast<int>(**minutes);
  RN_RETURN_IF_ERROR(TakeCode(*fields, "place", cw::kContactPlaces, &contact.place));
  std::optional<cw::ContactOutcome> outcome;
  RN_RETURN_IF_ERROR(TakeOptionalCode(*fields, "outcome", cw::kContactOutcomes, &outcome));
  contact.outcome = outcome.value_or(cw::ContactOutcome::kCompleted);
  RN_RETURN_IF_ERROR(TakeCodes(*fields, "supports", cw::kSupportKinds, &contact.supports));
  RN_RETURN_IF_ERROR(TakeCodes(*fields, "activities", cw::kPeerActivities, &contact.activities));
  RN_RETURN_IF_ERROR(TakeText(*fields, "note", &contact.note));
  RN_RETURN_IF_ERROR(TakeText(*fields, "private_note", &contact.private_note));
  RN_RETURN_IF_ERROR(TakeDay(*fields, "follow_up_on", &contact.follow_up_on));
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return contact;
}

// ---- Rendering ----

boost::json::object RenderEnrolment(const cw::Enrolment& enrolment) {
  boost::json::object json{
      {"id", enrolment.id},
      {"program", enrolment.program_id},
      {"started_on", cw::FormatDay(enrolment.started_on)},
      {"discharged_on", DayOrNull(enrolment.discharged_on)},
      {"discharge_reason", CodeOrNull(enrolment.discharge_reason, cw::kDischargeReasons)}};
  if (const std::optional<cw::HomeVisiting>& home = enrolment.home_visiting) {
    json["pregnancy_status"] = cw::kPregnancyStatuses.Name(home->pregnancy);
    json["due_date"] = DayOrNull(home->due_date);
    json["baby_born_on"] = DayOrNull(home->baby_born_on);
    json["children_under_six"] = home->children_under_six;
  }
  return json;
}

boost::json::object RenderContact(const cw::Contact& stored, Repositories& repos) {
  const cw::NewContact& contact = stored.contact;
  return {{"id", stored.id},
          {"at", FormatUtc(contact.at)},
          {"duration_minutes", contact.duration_minutes},
          {"place", cw::kContactPlaces.Name(contact.place)},
          {"outcome", cw::kContactOutcomes.Name(contact.outcome)},
          {"supports", CodeNames(contact.supports, cw::kSupportKinds)},
          {"activities", CodeNames(contact.activities, cw::kPeerActivities)},
          {"note", contact.note},
          {"has_private_note", stored.has_private_note},
          // The text only for its author and the site's supervisors (contacts.h OpenPrivateNote).
          {"private_note", TextOrNull(contact.private_note)},
          {"follow_up_on", DayOrNull(contact.follow_up_on)},
          {"author", StaffLogin(repos, stored.author_user_id)},
          {"recorded_at", FormatUtc(stored.recorded_at)}};
}

boost::json::object RenderParticipant(const cw::Participant& participant) {
  const cw::ParticipantDetails& details = participant.details;
  return {{"id", participant.id},
          {"site", participant.site_id},
          {"first_name", details.first_name},
          {"last_name", details.last_name},
          {"date_of_birth", DayOrNull(details.date_of_birth)},
          {"pronouns", details.pronouns},
          {"language", details.language},
          {"phone", details.phone},
          {"may_leave_message", details.may_leave_message},
          {"do_not_contact", details.do_not_contact},
          {"address", details.address},
          {"referral", TextOrNull(participant.referral_id)},
          {"created_by", participant.created_by},
          {"created_at", FormatUtc(participant.created_at)}};
}

namespace {

boost::json::array RenderAssignments(const std::vector<cw::Assignment>& history,
                                     Repositories& repos) {
  boost::json::array items;
  for (const cw::Assignment& assignment : history) {
    items.push_back(boost::json::object{{"coach", StaffLogin(repos, assignment.coach_id)},
                                        {"started_at", FormatUtc(assignment.started_at)},
                                        {"ended_at", TimeOrNull(assignment.ended_at)},
                                        {"assigned_by", assignment.assigned_by}});
  }
  return items;
}

boost::json::object RenderRecord(const cw::ParticipantRecord& record, Repositories& repos) {
  boost::json::object json = RenderParticipant(record.participant);
  json["coach"] = StaffLogin(repos, record.summary.coach_id);
  json["last_contact_at"] = TimeOrNull(record.summary.last_contact_at);
  json["next_follow_up"] = DayOrNull(record.summary.next_follow_up);
  json["active"] = record.summary.engagement.active;
  boost::json::array enrolments;
  for (const cw::Enrolment& enrolment : record.enrolments) {
    enrolments.push_back(RenderEnrolment(enrolment));
  }
  json["enrolments"] = std::move(enrolments);
  json["assignments"] = RenderAssignments(record.assignments, repos);
  boost::json::array contacts;
  for (const cw::Contact& contact : record.contacts) {
    contacts.push_back(RenderContact(contact, repos));
  }
  json["contacts"] = std::move(contacts);
  return json;
}

constexpr std::string_view kFollowUpStates[] = {"none", "upcoming", "due_today", "overdue"};

boost::json::object RenderCaseloadRow(const cw::CaseloadRow& row) {
  return {{"participant", row.participant_id},
          {"first_name", row.first_name},
          {"last_name", row.last_name},
          {"last_contact_at", TimeOrNull(row.last_contact_at)},
          {"last_contact_outcome", CodeOrNull(row.last_contact_outcome, cw::kContactOutcomes)},
          {"days_since_contact", IntOrNull(row.days_since_contact)},
          {"days_since_reached", IntOrNull(row.days_since_reached)},
          {"follow_up",
           boost::json::object{
               {"state", kFollowUpStates[static_cast<std::size_t>(row.follow_up.state)]},
               {"days", row.follow_up.days}}},
          {"days_engaged", IntOrNull(row.days_engaged)}};
}

boost::json::object RenderLoad(const cw::CoachLoad& load, Repositories& repos) {
  return {{"coach", StaffLogin(repos, load.coach_id)},
          {"participants", load.participants},
          {"due_today", load.due_today},
          {"overdue", load.overdue}};
}

}  // namespace

void ParticipantsApi::AddRoutes(http::Router& router) const {
  AddConsentRoutes(router, guard_, clock_);
  const std::string site_path = "/api/v1/sites/{site}";
  const std::string one = site_path + "/participants/{id}";
  // The actor at the route's site, now, and the site's zone.
  auto context = [this](const http::Request& request, const http::PathParams& params,
                        const Caller& caller, Repositories& repos) {
    const std::string& site = Param(params, "site");
    return std::pair{CaseworkActor(caller, request, site, clock_.Now()), SiteZone(repos, site)};
  };

  guard_.Add(router, "POST", site_path + "/participants", Permission::kParticipantsRecord,
             Surface::kApi,
             [context](const http::Request& request, const http::PathParams& params,
                       const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               Result<cw::NewParticipant> sent = ReadNewParticipant(request, repos);
               if (!sent.ok()) return ProblemResponse(sent.status());
               auto created = cw::CreateParticipant(repos.casework, actor, Param(params, "site"),
                                                    std::move(*sent), zone);
               if (!created.ok()) return ProblemResponse(created.status());
               boost::json::object json = RenderParticipant(created->participant);
               boost::json::array enrolments;
               if (created->enrolment) enrolments.push_back(RenderEnrolment(*created->enrolment));
               json["enrolments"] = std::move(enrolments);
               boost::json::array duplicates;
               for (const std::string& id : created->possible_duplicates)
                 duplicates.push_back(id.c_str());
               json["possible_duplicates"] = std::move(duplicates);
               return Created(
                   json, ParticipantPath(created->participant.site_id, created->participant.id));
             });
  guard_.Add(router, "GET", one, Permission::kParticipantsView, Surface::kApi,
             [context](const http::Request& request, const http::PathParams& params,
                       const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               auto record = cw::ReadParticipant(repos.casework, actor, Param(params, "site"),
                                                 Param(params, "id"));
               return record.ok() ? JsonResponse(RenderRecord(*record, repos))
                                  : ProblemResponse(record.status());
             });
  guard_.Add(router, "POST", one + "/contacts", Permission::kParticipantsRecord, Surface::kApi,
             [this, context](const http::Request& request, const http::PathParams& params,
                             const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               Result<cw::NewContact> sent = ReadNewContact(request, clock_.Now());
               if (!sent.ok()) return ProblemResponse(sent.status());
               auto contact = cw::RecordContact(repos.casework, actor, Param(params, "site"),
                                                Param(params, "id"), std::move(*sent), zone);
               if (!contact.ok()) return ProblemResponse(contact.status());
               return Created(RenderContact(*contact, repos),
                              ParticipantPath(Param(params, "site"), Param(params, "id")));
             });
  guard_.Add(router, "POST", one + "/enrolments", Permission::kParticipantsRecord, Surface::kApi,
             [context](const http::Request& request, const http::PathParams& params,
                       const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               Result<JsonFields> fields = JsonFields::FromBody(request);
               if (!fields.ok()) return ProblemResponse(fields.status());
               Result<std::optional<cw::NewEnrolment>> sent = ReadEnrolment(*fields);
               if (sent.ok() && !*sent) sent = Status::Invalid("program", "is required");
               if (sent.ok()) {
                 if (Status unknown = fields->RejectUnknown(); !unknown.ok()) sent = unknown;
               }
               if (!sent.ok()) return ProblemResponse(sent.status());
               auto enrolment = cw::Enrol(repos.casework, actor, Param(params, "site"),
                                          Param(params, "id"), std::move(**sent), zone);
               if (!enrolment.ok()) return ProblemResponse(enrolment.status());
               return Created(RenderEnrolment(*enrolment),
                              ParticipantPath(Param(params, "site"), Param(params, "id")));
             });
  guard_.Add(router, "POST", one + "/enrolments/{enrolment}/discharge",
             Permission::kParticipantsRecord, Surface::kApi,
             [this, context](const http::Request& request, const http::PathParams& params,
                             const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               Result<JsonFields> fields = JsonFields::FromBody(request);
               if (!fields.ok()) return ProblemResponse(fields.status());
               std::optional<cw::Day> on;
               cw::DischargeReason reason = cw::DischargeReason::kOther;
               Status read = TakeDay(*fields, "discharged_on", &on);
               if (read.ok()) read = TakeCode(*fields, "reason", cw::kDischargeReasons, &reason);
               if (read.ok()) read = fields->RejectUnknown();
               if (!read.ok()) return ProblemResponse(read);
               auto enrolment = cw::DischargeEnrolment(
                   repos.casework, actor, Param(params, "site"), Param(params, "id"),
                   Param(params, "enrolment"), on.value_or(cw::LocalDay(clock_.Now(), zone)),
                   reason, zone);
               return enrolment.ok() ? JsonResponse(RenderEnrolment(*enrolment))
                                     : ProblemResponse(enrolment.status());
             });
  guard_.Add(router, "POST", one + "/coach", Permission::kCaseloadsOversee, Surface::kApi,
             [context](const http::Request& request, const http::PathParams& params,
                       const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               Result<JsonFields> fields = JsonFields::FromBody(request);
               if (!fields.ok()) return ProblemResponse(fields.status());
               std::string coach;
               Status read = TakeText(*fields, "coach", &coach);
               if (read.ok()) read = fields->RejectUnknown();
               if (!read.ok()) return ProblemResponse(read);
               std::string coach_id;
               if (!coach.empty()) {
                 Result<std::string> id = StaffId(repos, coach, "coach");
                 if (!id.ok()) return ProblemResponse(id.status());
                 coach_id = *id;
               }
               auto history = cw::AssignParticipant(repos.casework, actor, Param(params, "site"),
                                                    Param(params, "id"), coach_id);
               if (!history.ok()) return ProblemResponse(history.status());
               return JsonResponse(
                   boost::json::object{{"assignments", RenderAssignments(*history, repos)}});
             });
  guard_.Add(router, "GET", site_path + "/caseload", Permission::kParticipantsView, Surface::kApi,
             [context](const http::Request& request, const http::PathParams& params,
                       const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               Result<QueryParams> query = QueryParams::Parse(request.query);
               if (!query.ok()) return ProblemResponse(query.status());
               const std::optional<std::string> coach = query->Take("coach");
               if (Status unknown = query->RejectUnknown(); !unknown.ok()) {
                 return ProblemResponse(unknown);
               }
               std::string coach_id;
               if (coach) {
                 Result<std::string> id = StaffId(repos, *coach, "coach");
                 if (!id.ok()) return ProblemResponse(id.status());
                 coach_id = *id;
               }
               auto rows =
                   cw::ReadCaseload(repos.casework, actor, Param(params, "site"), coach_id, zone);
               if (!rows.ok()) return ProblemResponse(rows.status());
               boost::json::array items;
               for (const cw::CaseloadRow& row : *rows) items.push_back(RenderCaseloadRow(row));
               return JsonResponse(boost::json::object{
                   {"coach", StaffLogin(repos, coach_id.empty() ? actor.user_id : coach_id)},
                   {"items", std::move(items)}});
             });
  guard_.Add(router, "GET", site_path + "/overview", Permission::kCaseloadsOversee, Surface::kApi,
             [context](const http::Request& request, const http::PathParams& params,
                       const Caller& caller, Repositories& repos) {
               const auto [actor, zone] = context(request, params, caller, repos);
               auto overview =
                   cw::ReadSiteOverview(repos.casework, actor, Param(params, "site"), zone);
               if (!overview.ok()) return ProblemResponse(overview.status());
               boost::json::array coaches;
               for (const cw::CoachLoad& load : overview->coaches) {
                 coaches.push_back(RenderLoad(load, repos));
               }
               boost::json::object unassigned = RenderLoad(overview->unassigned, repos);
               unassigned.erase("coach");
               return JsonResponse(
                   boost::json::object{{"coaches", std::move(coaches)},
                                       {"unassigned", std::move(unassigned)},
                                       {"unaccepted_referrals", overview->unaccepted_referrals}});
             });
}

}  // namespace rn::api
