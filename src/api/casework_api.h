#pragma once
// The casework JSON API (docs/casework.md, docs/casework.md "The API"): a site's programs, partners
// and on-call rosters (site admins set them up), and referrals — sent by a partner's referrer or
// the site's staff, read and taken through their lifecycle by coaches and supervisors. Every route
// is added through the AccessGuard with its permission; the handlers read the body, call one
// casework use case and render its result. What a referrer may see is the use case's and
// RenderReferral's business, not the route's.

#include <boost/json/object.hpp>
#include <string_view>
#include <utility>

#include "api/access.h"
#include "casework/referral.h"
#include "casework/referrals.h"
#include "casework/setup.h"
#include "http/router.h"
#include "identity/access.h"
#include "util/clock.h"

namespace rn::api {

// Whom `caller` acts as at `site` for casework, at `now`: its audit context, its user, for a
// referrer there its partner (identity::ReferrerPartnerAt), and the participants it sees
// (casework::ParticipantScopeAt). Shared with the staff console.
casework::Actor CaseworkActor(const identity::Caller& caller, const http::Request& request,
                              std::string_view site, Instant now);

// The time zone of site `site`'s days and times (identity::SiteTimeZone); UTC for a site that
// does not exist (whose use cases refuse it anyway).
const date::time_zone* SiteZone(Repositories& repos, std::string_view site);

// `referral` as JSON for `actor`: the site's staff see all of it; a referrer sees what was sent,
// when, and the site's acknowledgement (casework::AcknowledgedStatus) — nothing of what became of
// the person.
boost::json::object RenderReferral(const casework::Referral& referral,
                                   const casework::Actor& actor);

// The text fields of a referral by the name the API and the console's form give them.
inline constexpr std::pair<std::string_view, std::string casework::NewReferral::*>
    kReferralTextFields[] = {{"program", &casework::NewReferral::program_id},
                             {"partner", &casework::NewReferral::partner_id},
                             {"first_name", &casework::NewReferral::first_name},
                             {"phone", &casework::NewReferral::phone},
                             {"language", &casework::NewReferral::language},
                             {"partner_reference", &casework::NewReferral::partner_reference}};

// The request bodies the routes take (application/json; docs/casework.md "The API"), each refused
// with kInvalidArgument naming the field ("shifts[2].start", "Content-Type", "body") when it cannot
// be read; a field the route does not take is refused too. The domain's own checks come after, in
// the use case.
//
// PUT …/programs/{program}/roster: {"shifts": [{"user", "weekday", "start": "HH:MM",
// "duration_minutes", "rank"}]}, every field required.
Result<std::vector<casework::NamedShift>> ReadRosterBody(const http::Request& request);
// POST …/referrals: program, partner, first_name, phone, language, partner_reference (text);
// setting, urgency, reason (codes, required); consent (true or false, required).
Result<casework::NewReferral> ReadNewReferral(const http::Request& request);
// POST …/referrals/{id}/status: {"status", "outcome"}; one of them is required (an outcome alone
// closes the referral as casework::ClosingStatus says).
struct StatusRequest {
  std::optional<casework::ReferralStatus> to;
  std::optional<casework::ReferralOutcome> outcome;
};
Result<StatusRequest> ReadStatusRequest(const http::Request& request);

class CaseworkApi final {
 public:
  // `guard` and `clock` must outlive the routes.
  CaseworkApi(const AccessGuard& guard, const Clock& clock) : guard_(guard), clock_(clock) {}

  void AddRoutes(http::Router& router) const;

 private:
  const AccessGuard& guard_;
  const Clock& clock_;
};

}  // namespace rn::api
