#include "api/staff_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "api/errors.h"
#include "http/form.h"
#include "identity/audited_reads.h"
#include "util/text.h"

namespace rn::api {
namespace {

using identity::Caller;

http::Response Json(boost::json::object body) {
  http::Response response;
  response.body = boost::json::serialize(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}

http::Response Me(const Caller& caller) {
  boost::json::array grants;
  for (const identity::RoleGrant& grant : caller.grants) {
    grants.push_back(
        boost::json::object{{"role", identity::RoleName(grant.role)}, {"site", grant.site_id}});
  }
  return Json({{"actor", caller.actor},
               {"display_name", caller.display_name},
               {"via", caller.via == Caller::Via::kToken ? "token" : "session"},
               {"roles", std::move(grants)}});
}

// ?before=SEQ: the entries older than SEQ (0, the newest, when absent).
Result<std::int64_t> BeforeOf(const http::Request& request) {
  auto query = http::Form::Parse(request.query);
  if (!query.ok()) return std::int64_t{0};
  auto text = query->Get("before");
  if (!text) return std::int64_t{0};
  const std::optional<std::int64_t> seq =
      text::ParseNumber<std::int64_t>(*text, 1, std::numeric_limits<std::int64_t>::max());
  if (!seq) return Status::Invalid("before", "must be an entry number");
  return *seq;
}

}  // namespace

void StaffApi::AddRoutes(http::Router& router) const {
  guard_.AddSignedIn(router, "GET", "/api/v1/me", Surface::kApi,
                     [](const http::Request&, const http::PathParams&, const Caller& caller,
                        Repositories&) { return Me(caller); });
  guard_.Add(
      router, "GET", "/api/v1/sites/{site}/audit", identity::Permission::kAuditView,
      Surface::kApi,
      [this](const http::Request& request, const http::PathParams& params, const Caller& caller,
             Repositories& repos) {
        const std::string site = params.find("site")->second;
        Result<std::int64_t> before = BeforeOf(request);
        if (!before.ok()) return ProblemResponse(before.status());
        Result<std::vector<identity::AuditEvent>> events = identity::ReadSiteAudit(
            repos.identity.audit, {caller.actor, clock_.Now(), request.remote_address, site},
            site, *before, kAuditPerPage);
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
        return Json({{"items", std::move(items)}});
      });
}

}  // namespace rn::api
