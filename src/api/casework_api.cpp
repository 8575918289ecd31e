#include "api/casework_api.h"

#include <boost/json/array.hpp>
#include <charconv>
#include <limits>

#include "api/casework_json.h"
#include "api/errors.h"
#include "api/json_body.h"
#include "api/query_params.h"
#include "casework/consent.h"
#include "casework/program.h"
#include "casework/setup.h"
#include "directory/schedule.h"
#include "identity/site_zone.h"

namespace rn::api {
namespace {

using identity::Caller;
using identity::Permission;
namespace cw = casework;
using casework_json::CodeOrNull;
using casework_json::Created;
using casework_json::Param;
using casework_json::TakeCode;
using casework_json::TakeOptionalCode;
using casework_json::TakeText;
using casework_json::TextOrNull;
using casework_json::TimeOrNull;

constexpr std::string_view kSites = "/api/v1/sites/";
// The most shifts one roster may have: every hour of a week at three ranks, and then some.
constexpr std::size_t kMaxShifts = 600;

// ---- Programs, partners, rosters ----

template <typename Record, std::size_t N>
Result<Record> ReadNamedRecord(const http::Request& request,
                               const cw::CodeTable<decltype(Record::kind), N>& kinds) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  Record record;
  RN_RETURN_IF_ERROR(TakeText(*fields, "id", &record.id));
  RN_RETURN_IF_ERROR(TakeText(*fields, "name", &record.name));
  RN_RETURN_IF_ERROR(TakeCode(*fields, "kind", kinds, &record.kind));
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return record;
}

template <typename Record, std::size_t N>
boost::json::object RenderNamedRecord(const Record& record,
                                      const cw::CodeTable<decltype(Record::kind), N>& kinds) {
  return {{"id", record.id}, {"name", record.name}, {"kind", kinds.Name(record.kind)}};
}

http::Response RosterResponse(const std::vector<cw::NamedShift>& roster) {
  boost::json::array shifts;
  for (const cw::NamedShift& line : roster) {
    shifts.push_back(boost::json::object{{"user", line.user_name},
                                         {"display_name", line.display_name},
                                         {"weekday", cw::kWeekdays.Name(line.shift.weekday)},
                                         {"start", directory::FormatHhMm(line.shift.start_minute)},
                                         {"duration_minutes", line.shift.duration_minutes},
                                         {"rank", line.shift.rank}});
  }
  return JsonResponse(boost::json::object{{"shifts", std::move(shifts)}});
}

// ---- Referrals ----

// The cursor of the page after `last`: "<received_at, Unix seconds>.<id>".
std::string CursorAfter(const cw::Referral& last) {
  return std::to_string(last.received_at.time_since_epoch().count()) + "." + last.id;
}

Status ApplyCursor(std::string_view cursor, cw::ReferralQuery* query) {
  const Status refused = Status::Invalid("cursor", "is not a cursor this server gave out");
  const std::size_t dot = cursor.find('.');
  if (dot == std::string_view::npos) return refused;
  std::int64_t seconds = 0;
  const char* end = cursor.data() + dot;
  if (std::from_chars(cursor.data(), end, seconds).ptr != end || seconds < 0) return refused;
  const std::string_view id = cursor.substr(dot + 1);
  if (id.empty() || id.size() > 64 ||
      id.find_first_not_of("0123456789abcdef") != std::string_view::npos) {
    return refused;
  }
  query->before = Instant(std::chrono::seconds(seconds));
  query->before_id = std::string(id);
  return Status::Ok();
}

Result<cw::ReferralQuery> ReadReferralQuery(const http::Request& request) {
  Result<QueryParams> params = QueryParams::Parse(request.query);
  if (!params.ok()) return params.status();
  cw::ReferralQuery query;
  if (auto partner = params->Take("partner")) query.partner_id = *partner;
  Result<std::optional<bool>> open = params->TakeBool("open");
  if (!open.ok()) return open.status();
  query.open_only = open->value_or(false);
  Result<std::optional<int>> limit = params->TakeInt("limit", 1, 200);
  if (!limit.ok()) return limit.status();
  query.limit = limit->value_or(50);
  if (auto cursor = params->Take("cursor")) RN_RETURN_IF_ERROR(ApplyCursor(*cursor, &query));
  RN_RETURN_IF_ERROR(params->RejectUnknown());
  return query;
}

}  // namespace

Result<std::vector<cw::NamedShift>> ReadRosterBody(const http::Request& request) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  Result<std::optional<std::vector<JsonFields>>> items = fields->TakeObjects("shifts", kMaxShifts);
  if (!items.ok()) return items.status();
  if (!*items) return Status::Invalid("shifts", "is required (an empty list clears the roster)");
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  std::vector<cw::NamedShift> shifts;
  for (JsonFields& item : **items) {
    cw::NamedShift shift;
    RN_RETURN_IF_ERROR(TakeText(item, "user", &shift.user_name));
    if (shift.user_name.empty()) return Status::Invalid(item.FieldName("user"), "is required");
    RN_RETURN_IF_ERROR(TakeCode(item, "weekday", cw::kWeekdays, &shift.shift.weekday));
    std::string start;
    RN_RETURN_IF_ERROR(TakeText(item, "start", &start));
    const std::optional<int> minute = directory::ParseHhMm(start);
    if (!minute)
      return Status::Invalid(item.FieldName("start"), "must be a time HH:MM, 00:00 to 23:59");
    shift.shift.start_minute = *minute;
    for (auto [name, out] : {std::pair{"duration_minutes", &shift.shift.duration_minutes},
                             std::pair{"rank", &shift.shift.rank}}) {
      Result<std::optional<std::int64_t>> number = item.TakeInt(name, 0, 100000);
      if (!number.ok()) return number.status();
      if (!*number) return Status::Invalid(item.FieldName(name), "is required");
      *out = static_cast<int>(**number);
    }
    RN_RETURN_IF_ERROR(item.RejectUnknown());
    shifts.push_back(std::move(shift));
  }
  return shifts;
}

Result<cw::NewReferral> ReadNewReferral(const http::Request& request) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  cw::NewReferral sent;
  for (const auto& [name, member] : kReferralTextFields) {
    RN_RETURN_IF_ERROR(TakeText(*fields, name, &(sent.*member)));
  }
  RN_RETURN_IF_ERROR(TakeCode(*fields, "setting", cw::kSettings, &sent.setting));
  RN_RETURN_IF_ERROR(TakeCode(*fields, "urgency", cw::kUrgencies, &sent.urgency));
  RN_RETURN_IF_ERROR(TakeCode(*fields, "reason", cw::kReferralReasons, &sent.reason));
  Result<std::optional<bool>> consent = fields->TakeBool("consent");
  if (!consent.ok()) return consent.status();
  if (!*consent) {
    return Status::Invalid("consent", "is required: whether the person agreed to be contacted");
  }
  sent.consent_to_contact = **consent;
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return sent;
}

Result<StatusRequest> ReadStatusRequest(const http::Request& request) {
  Result<JsonFields> fields = JsonFields::FromBody(request);
  if (!fields.ok()) return fields.status();
  StatusRequest change;
  RN_RETURN_IF_ERROR(TakeOptionalCode(*fields, "status", cw::kReferralStatuses, &change.to));
  RN_RETURN_IF_ERROR(TakeOptionalCode(*fields, "outcome", cw::kReferralOutcomes, &change.outcome));
  if (!change.to && !change.outcome) {
    return Status::Invalid("status", "is required (or an outcome, to close the referral)");
  }
  RN_RETURN_IF_ERROR(fields->RejectUnknown());
  return change;
}

const date::time_zone* SiteZone(Repositories& repos, std::string_view site) {
  Result<const date::time_zone*> zone = identity::SiteTimeZone(repos.identity.accounts, site);
  return zone.ok() ? *zone : date::locate_zone("UTC");
}

casework::Actor CaseworkActor(const Caller& caller, const http::Request& request,
                              std::string_view site, Instant now) {
  return {{caller.actor, now, request.remote_address, std::string(site)},
          caller.user_id,
          identity::ReferrerPartnerAt(caller.grants, site),
          casework::ParticipantScopeAt(caller.grants, site)};
}

// What a disclosure under consent told the referrer of its referral, with the §2.32 notice.
boost::json::object RenderDisclosed(const cw::DisclosedReferral& disclosed) {
  return {{"status", cw::kReferralStatuses.Name(disclosed.status)},
          {"outcome", CodeOrNull(disclosed.outcome, cw::kReferralOutcomes)},
          {"first_contact_at", TimeOrNull(disclosed.first_contact_at)},
          {"disclosed_at", FormatUtc(disclosed.disclosed_at)},
          {"notice", cw::kRedisclosureNotice}};
}

boost::json::object RenderReferral(const cw::Referral& referral, const cw::Actor& actor) {
  const cw::NewReferral& sent = referral.sent;
  boost::json::object json{{"id", referral.id},
                           {"site", referral.site_id},
                           {"program", sent.program_id},
                           {"partner", sent.partner_id},
                           {"first_name", sent.first_name},
                           {"phone", sent.phone},
                           {"language", sent.language},
                           {"setting", cw::kSettings.Name(sent.setting)},
                           {"urgency", cw::kUrgencies.Name(sent.urgency)},
                           {"reason", cw::kReferralReasons.Name(sent.reason)},
                           {"partner_reference", sent.partner_reference},
                           {"consent", sent.consent_to_contact},
                           {"received_at", FormatUtc(referral.received_at)}};
  if (actor.is_referrer()) {
    json["status"] = cw::kReferralStatuses.Name(cw::AcknowledgedStatus(referral.status));
    json["disclosed"] = referral.disclosed ? boost::json::value(RenderDisclosed(*referral.disclosed))
                                           : boost::json::value(nullptr);
    return json;
  }
  json["status"] = cw::kReferralStatuses.Name(referral.status);
  json["outcome"] = CodeOrNull(referral.outcome, cw::kReferralOutcomes);
  json["assigned_to"] = TextOrNull(referral.assigned_to);
  json["participant"] = TextOrNull(referral.participant_id);
  json["received_by"] = referral.received_by;
  json["accepted_at"] = TimeOrNull(referral.accepted_at);
  json["first_contact_at"] = TimeOrNull(referral.first_contact_at);
  json["closed_at"] = TimeOrNull(referral.closed_at);
  const std::optional<std::chrono::seconds> wait = cw::TimeToFirstContact(referral);
  json["seconds_to_first_contact"] =
      wait ? boost::json::value(wait->count()) : boost::json::value(nullptr);
  return json;
}

void CaseworkApi::AddRoutes(http::Router& router) const {
  const std::string site_path = std::string(kSites) + "{site}";
  auto change_at = [this](const Caller& caller, const http::Request& request,
                          const http::PathParams& params) -> identity::Change {
    return {caller.actor, clock_.Now(), request.remote_address, Param(params, "site")};
  };

  // Programs and partners: listed to the site's staff and referrers, made by its admins.
  guard_.Add(
      router, "GET", site_path + "/programs", Permission::kSiteView, Surface::kApi,
      [](const http::Request&, const http::PathParams& params, const Caller&, Repositories& repos) {
        auto programs = repos.casework.programs.ListPrograms(Param(params, "site"));
        if (!programs.ok()) return ProblemResponse(programs.status());
        boost::json::array items;
        for (const cw::Program& program : *programs) {
          items.push_back(RenderNamedRecord(program, cw::kProgramKinds));
        }
        return JsonResponse(boost::json::object{{"items", std::move(items)}});
      });
  guard_.Add(router, "POST", site_path + "/programs", Permission::kCaseworkSetup, Surface::kApi,
             [change_at](const http::Request& request, const http::PathParams& params,
                         const Caller& caller, Repositories& repos) {
               Result<cw::Program> program =
                   ReadNamedRecord<cw::Program>(request, cw::kProgramKinds);
               if (program.ok()) {
                 program = cw::CreateProgram(repos.casework, change_at(caller, request, params),
                                             std::move(*program));
               }
               if (!program.ok()) return ProblemResponse(program.status());
               return Created(RenderNamedRecord(*program, cw::kProgramKinds),
                              std::string(kSites) + program->site_id + "/programs/" + program->id);
             });
  guard_.Add(
      router, "GET", site_path + "/partners", Permission::kSiteView, Surface::kApi,
      [](const http::Request&, const http::PathParams& params, const Caller&, Repositories& repos) {
        auto partners = repos.casework.programs.ListPartners(Param(params, "site"));
        if (!partners.ok()) return ProblemResponse(partners.status());
        boost::json::array items;
        for (const cw::Partner& partner : *partners) {
          items.push_back(RenderNamedRecord(partner, cw::kPartnerKinds));
        }
        return JsonResponse(boost::json::object{{"items", std::move(items)}});
      });
  guard_.Add(router, "POST", site_path + "/partners", Permission::kCaseworkSetup, Surface::kApi,
             [change_at](const http::Request& request, const http::PathParams& params,
                         const Caller& caller, Repositories& repos) {
               Result<cw::Partner> partner =
                   ReadNamedRecord<cw::Partner>(request, cw::kPartnerKinds);
               if (partner.ok()) {
                 partner = cw::CreatePartner(repos.casework, change_at(caller, request, params),
                                             std::move(*partner));
               }
               if (!partner.ok()) return ProblemResponse(partner.status());
               return Created(RenderNamedRecord(*partner, cw::kPartnerKinds),
                              std::string(kSites) + partner->site_id + "/partners/" + partner->id);
             });

  // On-call rosters.
  guard_.Add(
      router, "GET", site_path + "/programs/{program}/roster", Permission::kSiteView, Surface::kApi,
      [](const http::Request&, const http::PathParams& params, const Caller&, Repositories& repos) {
        auto roster =
            cw::ReadRoster(repos.casework, Param(params, "site"), Param(params, "program"));
        return roster.ok() ? RosterResponse(*roster) : ProblemResponse(roster.status());
      });
  guard_.Add(router, "PUT", site_path + "/programs/{program}/roster", Permission::kCaseworkSetup,
             Surface::kApi,
             [change_at](const http::Request& request, const http::PathParams& params,
                         const Caller& caller, Repositories& repos) {
               Result<std::vector<cw::NamedShift>> roster = ReadRosterBody(request);
               if (roster.ok()) {
                 roster = cw::SetNamedRoster(repos.casework, change_at(caller, request, params),
                                             Param(params, "program"), std::move(*roster));
               }
               return roster.ok() ? RosterResponse(*roster) : ProblemResponse(roster.status());
             });

  // Referrals.
  guard_.Add(router, "POST", site_path + "/referrals", Permission::kReferralsSend, Surface::kApi,
             [this](const http::Request& request, const http::PathParams& params,
                    const Caller& caller, Repositories& repos) {
               const std::string& site = Param(params, "site");
               const cw::Actor actor = CaseworkActor(caller, request, site, clock_.Now());
               Result<cw::NewReferral> sent = ReadNewReferral(request);
               if (!sent.ok()) return ProblemResponse(sent.status());
               Result<cw::Referral> referral =
                   cw::ReceiveReferral(repos.casework, actor, site, std::move(*sent));
               if (!referral.ok()) return ProblemResponse(referral.status());
               return Created(RenderReferral(*referral, actor),
                              std::string(kSites) + site + "/referrals/" + referral->id);
             });
  guard_.Add(router, "GET", site_path + "/referrals", Permission::kReferralsView, Surface::kApi,
             [this](const http::Request& request, const http::PathParams& params,
                    const Caller& caller, Repositories& repos) {
               const std::string& site = Param(params, "site");
               const cw::Actor actor = CaseworkActor(caller, request, site, clock_.Now());
               Result<cw::ReferralQuery> query = ReadReferralQuery(request);
               if (!query.ok()) return ProblemResponse(query.status());
               const int limit = query->limit;
               auto referrals = cw::ListReferrals(repos.casework, actor, site, std::move(*query));
               if (!referrals.ok()) return ProblemResponse(referrals.status());
               boost::json::array items;
               for (const cw::Referral& referral : *referrals) {
                 items.push_back(RenderReferral(referral, actor));
               }
               const bool full = static_cast<int>(referrals->size()) == limit;
               return JsonResponse(boost::json::object{
                   {"items", std::move(items)},
                   {"next_cursor", full ? boost::json::value(CursorAfter(referrals->back()))
                                        : boost::json::value(nullptr)}});
             });
  guard_.Add(router, "GET", site_path + "/referrals/{id}", Permission::kReferralsView,
             Surface::kApi,
             [this](const http::Request& request, const http::PathParams& params,
                    const Caller& caller, Repositories& repos) {
               const std::string& site = Param(params, "site");
               const cw::Actor actor = CaseworkActor(caller, request, site, clock_.Now());
               auto referral = cw::ReadReferral(repos.casework, actor, site, Param(params, "id"));
               return referral.ok() ? JsonResponse(RenderReferral(*referral, actor))
                                    : ProblemResponse(referral.status());
             });
  guard_.Add(router, "POST", site_path + "/referrals/{id}/status", Permission::kReferralsManage,
             Surface::kApi,
             [this](const http::Request& request, const http::PathParams& params,
                    const Caller& caller, Repositories& repos) {
               const std::string& site = Param(params, "site");
               const cw::Actor actor = CaseworkActor(caller, request, site, clock_.Now());
               Result<StatusRequest> change = ReadStatusRequest(request);
               if (!change.ok()) return ProblemResponse(change.status());
               auto referral = cw::ChangeReferralStatus(
                   repos.casework, actor, site, Param(params, "id"), change->to, change->outcome);
               return referral.ok() ? JsonResponse(RenderReferral(*referral, actor))
                                    : ProblemResponse(referral.status());
             });
}

}  // namespace rn::api
