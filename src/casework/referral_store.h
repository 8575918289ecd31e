#pragma once
// The repository of referrals (casework/referral.h). Declared here, implemented in storage/
// (sqlite/referral_store.cpp). It stores and reads; the lifecycle, access and audit entries are
// casework/referrals.h's. Writes join the open unit of work (identity/audit_store.h) when there is
// one. Used by one thread at a time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "casework/referral.h"
#include "util/status.h"

namespace rn::casework {

// Which of a site's referrals to list.
struct ReferralQuery {
  std::string partner_id;  // only this partner's; every partner's when empty
  bool open_only = false;  // only those not closed (referral.h IsClosed)
  // Paging, newest first: only those received before `before` (and, received at that same second,
  // with an id less than `before_id`); from the newest when nullopt.
  std::optional<Instant> before;
  std::string before_id;
  int limit = 50;
};

class ReferralStore {
 public:
  virtual ~ReferralStore() = default;

  // Stores a new referral as it is. kConflict when its id is taken, or its site, program or
  // partner does not exist (the use case checks them first, to say which).
  virtual Status Insert(const Referral& referral) = 0;
  // Referral `id` of site `site_id`, or nullopt (also when it is another site's).
  virtual Result<std::optional<Referral>> Get(std::string_view site_id, std::string_view id) = 0;
  // Writes the lifecycle of `referral` (status, outcome, assigned_to, participant_id and the
  // accepted, first-contact and closed times); what was sent never changes. kNotFound when there
  // is no such referral at its site.
  virtual Status UpdateLifecycle(const Referral& referral) = 0;
  // The site's referrals matching `query`, newest first (by received_at, then id).
  virtual Result<std::vector<Referral>> List(std::string_view site_id,
                                             const ReferralQuery& query) = 0;
  // How many of the site's referrals are `status`.
  virtual Result<int> CountWithStatus(std::string_view site_id, ReferralStatus status) = 0;
};

}  // namespace rn::casework
