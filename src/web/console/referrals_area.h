#pragma once
// The console's referrals (docs/casework.md): the site's inbox — urgent ones first, then those
// waiting longest — for coaches and supervisors, a partner's own referrals for its referrer, the
// form that sends one (phone-first: one column, no script), one referral with what can be done
// next (accept, reached the person, on hold, close with an outcome), and the change itself. The
// rules, access and audit entries are casework/referrals.h's; what a referrer is shown is
// api::RenderReferral's rule, kept here too.

#include <string>
#include <string_view>

#include "api/repositories.h"
#include "casework/referral.h"
#include "http/message.h"
#include "http/router.h"
#include "web/console/kit.h"

namespace rn::web {

class ReferralsArea final {
 public:
  explicit ReferralsArea(const ConsoleKit& kit) : kit_(kit) {}

  // GET /staff/sites/{site}/referrals, GET …/referrals/new, POST …/referrals,
  // GET …/referrals/{id}, POST …/referrals/{id}/status.
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  http::Response Inbox(const http::Request& request, const http::PathParams& params,
                       const Caller& caller, api::Repositories& repos) const;
  http::Response NewReferral(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, api::Repositories& repos) const;
  http::Response Send(const http::Request& request, const http::PathParams& params,
                      const Caller& caller, api::Repositories& repos) const;
  http::Response Show(const http::Request& request, const http::PathParams& params,
                      const Caller& caller, api::Repositories& repos) const;
  http::Response ChangeStatus(const http::Request& request, const http::PathParams& params,
                              const Caller& caller, api::Repositories& repos) const;
  // The send form with `values` filled in, and `error` above it when it is not OK (422).
  http::Response Form(const http::Request& request, const Caller& caller, api::Repositories& repos,
                      std::string_view site, const casework::NewReferral& values,
                      const Status& error) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
