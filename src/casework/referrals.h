#pragma once
// The referral use cases, shared by the JSON API and the staff console: receiving a referral from
// a partner, reading and listing a site's referrals, and taking one through its lifecycle. Each
// write and its audit entry are one unit of work; each read of referrals (they name people) is an
// audited read. Whether the caller may do it at all is the route's permission
// (identity/access.h); which referrals it may see is decided here.

#include <string>
#include <string_view>
#include <vector>

#include "casework/caseload.h"
#include "casework/referral.h"
#include "casework/referral_store.h"
#include "casework/stores.h"
#include "identity/audit.h"
#include "util/status.h"

namespace rn::casework {

// Who acts: the audit context (actor, instant, address, site), the user id (empty for an API
// token), for a referrer the one partner it acts for (identity::ReferrerPartnerAt), and which
// participants it sees (caseload.h: kSite for a supervisor at the site, kOwn for a coach there,
// kNone for everyone else — site admins, referrers, network roles).
struct Actor {
  identity::Change change;
  std::string user_id;
  // Set for a referrer: its partner ("" when its grant names none, so it may do nothing); nullopt
  // for the site's own staff.
  std::optional<std::string> referrer_partner;
  ParticipantScope participants = ParticipantScope::kNone;

  bool is_referrer() const { return referrer_partner.has_value(); }
  Viewer viewer() const { return {user_id, participants}; }
  // The audit context of acting at `site_id`.
  identity::Change AtSite(std::string_view site_id) const {
    identity::Change at_site = change;
    at_site.site = std::string(site_id);
    return at_site;
  }
};

// What a referrer may see of a referral's status: the site's acknowledgement, not what became of
// the person (telling that is a disclosure, consent.h). requested and entered-in-error are shown
// as they are; every other status is "accepted".
ReferralStatus AcknowledgedStatus(ReferralStatus status);

// Receives `sent` at `site_id` from `actor`: a referrer's own partner is the referral's (naming
// another is refused as out of scope and audited); staff name the partner. Checks the program and
// partner exist at the site (kInvalidArgument, field "program" / "partner") and the fields
// (NormalizeNewReferral), assigns a random id, and stores the referral as requested, received now,
// with the audit entry casework.referral.receive (target "referral:<id>", details program,
// partner, urgency and, for a `now` referral, "pages": how many pages it enqueued) and its pages
// (paging.h EnqueuePages) in one unit of work; then rings stores.paging.doorbell when there are
// pages.
Result<Referral> ReceiveReferral(Stores& stores, const Actor& actor, std::string_view site_id,
                                 NewReferral sent);

// Referral `id` of `site_id`, recorded as a read (casework.referral.view). kNotFound when the site
// has no such referral; a referrer asking for another partner's is refused as out of scope
// (kForbidden, audited). A referrer's own comes with `disclosed`: what the latest disclosure to
// its partner told of it (consents.h Disclose), if any.
Result<Referral> ReadReferral(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view id);

// The site's referrals matching `query`, recorded as a read (casework.referrals.view, target
// "site:<id>"). A referrer's query is limited to its own partner (naming another is refused as
// out of scope), each with `disclosed` as ReadReferral's. kInvalidArgument (field "limit")
// unless 1 ≤ limit ≤ 200.
Result<std::vector<Referral>> ListReferrals(Stores& stores, const Actor& actor,
                                            std::string_view site_id, ReferralQuery query);

// Changes referral `id`'s status to `to` with `outcome` (ApplyStatusChange: kConflict for an
// illegal change, kInvalidArgument "outcome"), at the actor's instant and as the actor's user,
// with the audit entry casework.referral.status (details from, to, outcome, and "pages_cancelled"
// when any were) in one unit of work; a referral that leaves `requested` has its pages not yet
// sent cancelled in that unit of work (paging.h CancelPages). Without `to`, closes it with
// `outcome` as the status ClosingStatus gives (kInvalidArgument "outcome" without one; kConflict
// when it cannot close so). A referrer may not change a status
// (kForbidden, audited). Returns the referral as stored.
Result<Referral> ChangeReferralStatus(Stores& stores, const Actor& actor, std::string_view site_id,
                                      std::string_view id, std::optional<ReferralStatus> to,
                                      std::optional<ReferralOutcome> outcome);

}  // namespace rn::casework
