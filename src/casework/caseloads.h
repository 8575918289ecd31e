#pragma once
// The caseload use cases, shared by the JSON API and the staff console: a coach's caseload (its
// participants with their last contact, days since, follow-ups due today or overdue and days
// engaged, counted in the site's zone at the actor's instant) and the supervisor's overview of the
// site. Each is an audited read.

#include <string>
#include <string_view>
#include <vector>

#include "casework/caseload.h"
#include "casework/referrals.h"
#include "casework/stores.h"
#include "util/status.h"

namespace rn::casework {

// The most rows a caseload read returns.
inline constexpr int kMaxCaseload = 500;

// The caseload of coach `coach_id` ("" for the actor's own) at `site_id`: its active participants
// in follow-up order (the most overdue first, those without a follow-up last; ParticipantStore::
// Caseload), at most kMaxCaseload, each row counted on the actor's instant in `zone`
// (CaseloadRowOf). A coach reads its own caseload only and a supervisor anyone's; any other
// request is refused (kForbidden, an audited scope denial of "coach:<id>"); kInvalidArgument
// ("coach") when none is named and the actor has no user id. Recorded as a read
// (casework.caseload.view, target "coach:<id>", details the number of participants and their
// ids, "participant_ids": every record whose row is read is named).
Result<std::vector<CaseloadRow>> ReadCaseload(Stores& stores, const Actor& actor,
                                              std::string_view site_id, std::string_view coach_id,
                                              const date::time_zone* zone);

// The site's active participants nobody is assigned to, as caseload rows in the same order, for a
// supervisor to assign (kForbidden, audited, for anyone else). Recorded as a read
// (casework.caseload.view, target "site:<id>", details the number of participants and
// "unassigned": true).
Result<std::vector<CaseloadRow>> ReadUnassigned(Stores& stores, const Actor& actor,
                                                std::string_view site_id,
                                                const date::time_zone* zone);

// The user ids of the site's enabled coaches and supervisors (who may have a caseload), sorted.
Result<std::vector<std::string>> StaffWithCaseloads(Stores& stores, std::string_view site_id);

// What a supervisor sees of the whole site.
struct SiteOverview {
  std::vector<CoachLoad> coaches;  // every coach and supervisor of the site (0s when idle), by id
  CoachLoad unassigned;            // the active participants nobody is assigned to (coach_id "")
  int unaccepted_referrals = 0;    // referrals still requested: nobody has taken them
};

// The overview of `site_id` on the actor's day in `zone`. Supervisors only (kForbidden, audited,
// for anyone else). Recorded as a read (casework.overview.view, target "site:<id>").
Result<SiteOverview> ReadSiteOverview(Stores& stores, const Actor& actor, std::string_view site_id,
                                      const date::time_zone* zone);

}  // namespace rn::casework
