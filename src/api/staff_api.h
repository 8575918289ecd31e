#pragma once
// The staff JSON API, for programs with an API token or a signed-in browser: who the caller is
// (GET /api/v1/me) and a site's audit trail (GET /api/v1/sites/{site}/audit, an audited read).
// Every route is added through the AccessGuard with the access it needs.

#include "api/access.h"
#include "http/router.h"
#include "util/clock.h"

namespace rn::api {

class StaffApi final {
 public:
  // `guard` and `clock` must outlive the routes.
  StaffApi(const AccessGuard& guard, const Clock& clock) : guard_(guard), clock_(clock) {}

  void AddRoutes(http::Router& router) const;

  // The most entries one audit request returns.
  static constexpr int kAuditPerPage = 100;

 private:
  const AccessGuard& guard_;
  const Clock& clock_;
};

}  // namespace rn::api
