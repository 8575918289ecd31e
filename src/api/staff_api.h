#pragma once
// The staff JSON API, for programs with an API token or a signed-in browser: who the caller is
// (GET /api/v1/me) and a site's audit trail (GET /api/v1/sites/{site}/audit, an audited read).
// Every route is added through the AccessGuard with the access it needs.

#include <vector>

#include "api/access.h"
#include "api/repositories.h"
#include "http/router.h"
#include "identity/audit.h"
#include "util/clock.h"

namespace rn::api {

// The most entries one page of a site's audit trail holds.
inline constexpr int kAuditPerPage = 100;

// The page of site `site`'s audit trail that `request`'s ?before=SEQ asks for (the newest when
// absent), recorded as `caller`'s read at `now` (identity::ReadSiteAudit). kInvalidArgument (field
// "before") unless SEQ is an entry number. Shared by this API and the console's audit page.
Result<std::vector<identity::AuditEvent>> ReadSiteAuditPage(Repositories& repos,
                                                            const http::Request& request,
                                                            const identity::Caller& caller,
                                                            std::string_view site, Instant now);

class StaffApi final {
 public:
  // `guard` and `clock` must outlive the routes.
  StaffApi(const AccessGuard& guard, const Clock& clock) : guard_(guard), clock_(clock) {}

  void AddRoutes(http::Router& router) const;

 private:
  const AccessGuard& guard_;
  const Clock& clock_;
};

}  // namespace rn::api
