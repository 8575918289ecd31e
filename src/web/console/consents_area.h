#pragma once
// The console's consent and disclosure page for one participant (docs/casework.md, "Consent and
// disclosure"), phone-first: the participant's 42 CFR Part 2 consents, each saying whether it is in
// force, with revoking it whole or for one recipient; recording a new consent with every §2.31
// element; making a disclosure to a partner (refused, naming the missing element, unless a consent
// covers it; when made, the §2.32 notice and what went out); and the accounting of disclosures.
// The rules, access and audit entries are casework/consents.h's.

#include "api/repositories.h"
#include "http/message.h"
#include "http/router.h"
#include "web/console/kit.h"

namespace rn::web {

class ConsentsArea final {
 public:
  explicit ConsentsArea(const ConsoleKit& kit) : kit_(kit) {}

  // GET /staff/sites/{site}/participants/{id}/consents, POST …/consents,
  // POST …/consents/{consent}/revoke, POST …/participants/{id}/disclosures.
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  http::Response Consents(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) const;
  http::Response Record(const http::Request& request, const http::PathParams& params,
                        const Caller& caller, api::Repositories& repos) const;
  http::Response Revoke(const http::Request& request, const http::PathParams& params,
                        const Caller& caller, api::Repositories& repos) const;
  http::Response Disclose(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) const;
  // The page, with `error` above the form `form` ("consent" or "disclosure") when it is not OK
  // (422, or 403 for a disclosure no consent covers).
  http::Response ConsentsPage(const http::Request& request, const Caller& caller,
                              api::Repositories& repos, std::string_view site, std::string_view id,
                              std::string_view form, const Status& error) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
