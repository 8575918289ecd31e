#pragma once
// The consent and disclosure routes of the participant JSON API (docs/casework.md "Consent and
// disclosure"): a participant's consents (42 CFR §2.31), their revocation, disclosures outside the
// site under a covering consent (what goes out carries the §2.32 notice) and the accounting of
// disclosures. The rules are casework/consents.h's; these read bodies and render answers.

#include "api/access.h"
#include "http/router.h"
#include "util/clock.h"

namespace rn::api {

// POST /api/v1/sites/{site}/participants/{id}/consents, GET …/participants/{id}/consents,
// POST …/consents/{consent}/revoke, POST …/participants/{id}/disclosures and
// GET …/participants/{id}/disclosures. `guard` and `clock` must outlive the routes.
void AddConsentRoutes(http::Router& router, const AccessGuard& guard, const Clock& clock);

}  // namespace rn::api
