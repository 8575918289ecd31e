#include "api/staff_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "api/errors.h"
#include "api/json_body.h"
#include "http/form.h"
#include "identity/audited_reads.h"
#include "util/text.h"

namespace rn::api {
namespace {

using identity::Caller;

http::Response Me(const Caller& caller) {
  boost::json::array grants;
  for (const identity::RoleGrant& grant : caller.grants) {
    grants.push_back(
        boost::json::object{{"role", identity::RoleName(grant.role)}, {"site", grant.site_id}});
  }
  return JsonResponse(
      boost::json::object{{"actor", caller.actor},
                          {"display_name", caller.display_name},
                          {"via", caller.via == Caller::Via::kToken ? "token" : "session"},
                          {"roles", std::move(grants)}});
}

}  // namespace

Result<std::vector<identity::AuditEvent>> ReadSiteAuditPage(Repositories& repos,
                                                            const http::Request& request,
                                                            const Caller& caller,
                                                            std::string_view site, Instant now) {
  std::int64_t before = 0;
  auto query = http::Form::Parse(request.query);
  if (auto text = query.ok() ? query->Get("before") : std::nullopt) {
    const std::optional<std::int64_t> seq =
        text::ParseNumber<std::int64_t>(*text, 1, std::numeric_limits<std::int64_t>::max());
    if (!seq) return Status::Invalid("before", "must be an entry number");
    before = *seq;
  }
  return identity::ReadSiteAudit(repos.identity.audit,
                                 {caller.actor, now, request.remote_address, std::string(site)},
                                 site, before, kAuditPerPage);
}

void StaffApi::AddRoutes(http::Router& router) const {
  guard_.AddSignedIn(router, "GET", "/api/v1/me", Surface::kApi,
                     [](const http::Request&, const http::PathParams&, const Caller& caller,
                        Repositories&) { return Me(caller); });
  guard_.Add(
      router, "GET", "/api/v1/sites/{site}/audit", identity::Permission::kAuditView, Surface::kApi,
      [this](const http::Request& request, const http::PathParams& params, const Caller& caller,
             Repositories& repos) {
        const std::string site = params.find("site")->second;
        Result<std::vector<identity::AuditEvent>> events =
            ReadSiteAuditPage(repos, request, caller, site, clock_.Now());
        if (!events.ok()) return ProblemResponse(events.status());
        boost::json::array items;
        for (const identity::AuditEvent& event : *events) {
          boost::system::error_code error;
          items.push_back(boost::json::object{{"seq", event.seq},
                                              {"at", event.at},
                                              {"actor", event.actor},
                                              {"action", event.action},
                                              {"target", event.target},
                                              {"site", event.site},
                                              {"remote_address", event.remote_address},
                                              {"details", boost::json::parse(event.details, error)},
                                              {"hash", event.hash}});
        }
        return JsonResponse(boost::json::object{{"items", std::move(items)}});
      });
}

}  // namespace rn::api
