#pragma once
// The consent and disclosure routes of the participant JSON API (docs/casework.md "Consent and
// disclosure"): a participant's consents (42 CFR §2.31), their revocation, disclosures outside the
// site under a covering consent (what goes out carries the §2.32 notice) and the accounting of
// disclosures. The rules are casework/consents.h's; these read bodies and render answers.

#include "api/access.h"
#include "casework/consents.h"
#include "http/message.h"
#include "http/router.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::api {

// POST /api/v1/sites/{site}/participants/{id}/consents, GET …/participants/{id}/consents,
// POST …/consents/{consent}/revoke, POST …/participants/{id}/disclosures and
// GET …/participants/{id}/disclosures. `guard` and `clock` must outlive the routes.
void AddConsentRoutes(http::Router& router, const AccessGuard& guard, const Clock& clock);

// The body of POST …/consents as a consent (its discloser empty when the body names none; the
// route fills in the site's name), or kInvalidArgument naming the field. The domain's checks
// (casework::NormalizeConsent) come after.
Result<casework::Consent> ReadConsent(const http::Request& request);
// The body of POST …/disclosures, or kInvalidArgument naming the field.
Result<casework::DisclosureAsked> ReadDisclosure(const http::Request& request);

}  // namespace rn::api
