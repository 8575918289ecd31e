#include "casework/caseloads.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "casework/setup.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"

namespace rn::casework {
namespace {

namespace audit_action = identity::audit_action;

// The caseload rows of `coach_id` ("": the unassigned) on the actor's instant, recorded as a read
// of `target`.
Result<std::vector<CaseloadRow>> CaseloadOf(Stores& stores, const identity::Change& change,
                                            std::string_view site_id, std::string_view coach_id,
                                            const date::time_zone* zone, std::string target) {
  Result<std::vector<CaseloadEntry>> entries =
      stores.participants.Caseload(site_id, coach_id, kMaxCaseload);
  if (!entries.ok()) return entries.status();
  std::vector<CaseloadRow> rows;
  rows.reserve(entries->size());
  // Every participant whose row is read is named, as every read of a record is.
  boost::json::array ids;
  ids.reserve(entries->size());
  for (const CaseloadEntry& entry : *entries) {
    rows.push_back(CaseloadRowOf(entry, change.at, zone));
    ids.emplace_back(rows.back().participant_id);
  }
  boost::json::object details{{"participants", rows.size()}, {"participant_ids", std::move(ids)}};
  if (coach_id.empty()) details["unassigned"] = true;
  RN_RETURN_IF_ERROR(identity::RecordRead(stores.audit, change, audit_action::kCaseloadView,
                                          std::move(target), boost::json::serialize(details)));
  return rows;
}

}  // namespace

Result<std::vector<CaseloadRow>> ReadCaseload(Stores& stores, const Actor& actor,
                                              std::string_view site_id, std::string_view coach_id,
                                              const date::time_zone* zone) {
  const identity::Change change = actor.AtSite(site_id);
  const std::string coach(coach_id.empty() ? std::string_view(actor.user_id) : coach_id);
  const bool own =
      actor.participants == ParticipantScope::kOwn && !coach.empty() && coach == actor.user_id;
  if (actor.participants != ParticipantScope::kSite && !own) {
    return identity::DenyScope(stores.audit, change, "coach:" + coach,
                               "a coach sees its own caseload only");
  }
  if (coach.empty()) {
    return Status::Invalid("coach", "name the coach whose caseload to read");
  }
  return CaseloadOf(stores, change, site_id, coach, zone, "coach:" + coach);
}

Result<std::vector<CaseloadRow>> ReadUnassigned(Stores& stores, const Actor& actor,
                                                std::string_view site_id,
                                                const date::time_zone* zone) {
  const identity::Change change = actor.AtSite(site_id);
  if (actor.participants != ParticipantScope::kSite) {
    return identity::DenyScope(stores.audit, change, "site:" + std::string(site_id),
                               "only a supervisor sees the unassigned participants");
  }
  return CaseloadOf(stores, change, site_id, "", zone, "site:" + std::string(site_id));
}

Result<SiteOverview> ReadSiteOverview(Stores& stores, const Actor& actor, std::string_view site_id,
                                      const date::time_zone* zone) {
  const identity::Change change = actor.AtSite(site_id);
  if (actor.participants != ParticipantScope::kSite) {
    return identity::DenyScope(stores.audit, change, "site:" + std::string(site_id),
                               "only a supervisor sees the site's caseloads");
  }
  Result<std::vector<CoachLoad>> loads =
      stores.participants.CoachLoads(site_id, LocalDay(change.at, zone));
  if (!loads.ok()) return loads.status();
  Result<std::vector<std::string>> staff = StaffWithCaseloads(stores, site_id);
  if (!staff.ok()) return staff.status();
  SiteOverview overview;
  for (const std::string& user_id : *staff) overview.coaches.push_back({user_id, 0, 0, 0});
  for (CoachLoad& load : *loads) {
    if (load.coach_id.empty()) {
      overview.unassigned = load;
      continue;
    }
    auto known = std::find_if(overview.coaches.begin(), overview.coaches.end(),
                              [&](const CoachLoad& c) { return c.coach_id == load.coach_id; });
    if (known != overview.coaches.end()) {
      *known = load;
    } else {
      // No longer a coach here, yet still assigned participants: shown, so they are reassigned.
      overview.coaches.push_back(load);
    }
  }
  std::sort(overview.coaches.begin(), overview.coaches.end(),
            [](const CoachLoad& a, const CoachLoad& b) { return a.coach_id < b.coach_id; });
  Result<int> unaccepted = stores.referrals.CountWithStatus(site_id, ReferralStatus::kRequested);
  if (!unaccepted.ok()) return unaccepted.status();
  overview.unaccepted_referrals = *unaccepted;
  RN_RETURN_IF_ERROR(identity::RecordRead(stores.audit, change, audit_action::kSiteOverviewView,
                                          "site:" + std::string(site_id)));
  return overview;
}

Result<std::vector<std::string>> StaffWithCaseloads(Stores& stores, std::string_view site_id) {
  Result<std::vector<identity::User>> users = stores.accounts.ListUsers();
  if (!users.ok()) return users.status();
  std::vector<std::string> staff;
  for (const identity::User& user : *users) {
    if (user.disabled) continue;
    Result<bool> works = WorksWithParticipants(stores.accounts, user.id, site_id);
    if (!works.ok()) return works.status();
    if (*works) staff.push_back(user.id);
  }
  std::sort(staff.begin(), staff.end());
  return staff;
}

}  // namespace rn::casework
