#pragma once
// The console's availability figures (issue 14): a partner's staff member (resource_partner, for
// the organizations of its scope) or a directory editor updates "beds available" from a phone in
// one step — one number and one button per figure. The rules are resources/capacity.h's.

#include "api/repositories.h"
#include "http/message.h"
#include "http/router.h"
#include "resources/snapshot.h"
#include "web/console/kit.h"

namespace rn::web {

class CapacityArea final {
 public:
  // `resources` must outlive the routes.
  CapacityArea(const ConsoleKit& kit, const resources::ResourceDirectory& resources)
      : kit_(kit), resources_(resources) {}

  // GET /staff/sites/{site}/capacity, POST …/capacity/{service}/{capacity}.
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  http::Response Figures(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, api::Repositories& repos) const;
  http::Response Update(const http::Request& request, const http::PathParams& params,
                        const Caller& caller, api::Repositories& repos) const;
  // The page, with `error` on the form of `failed` ("service/capacity") after a refused update.
  http::Response Page(const http::Request& request, const Caller& caller, api::Repositories& repos,
                      std::string_view site, int status, std::string_view failed,
                      const Status& error) const;

  const ConsoleKit& kit_;
  const resources::ResourceDirectory& resources_;
};

}  // namespace rn::web
