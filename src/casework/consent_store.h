#pragma once
// The repository of participants' consents and the disclosures made under them
// (casework/consent.h). Declared here, implemented in storage/ (sqlite/consent_store.cpp). It
// stores and reads; the rules, access and audit entries are casework/consents.h's. Writes join the
// open unit of work (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <optional>
#include <string_view>
#include <vector>

#include "casework/consent.h"
#include "util/status.h"

namespace rn::casework {

class ConsentStore {
 public:
  virtual ~ConsentStore() = default;

  // Stores a new consent, with its revocations. kConflict when its id is taken or its participant
  // does not exist at its site.
  virtual Status Insert(const Consent& consent) = 0;
  // Consent `id` of the participant at the site, or nullopt.
  virtual Result<std::optional<Consent>> Get(std::string_view site_id,
                                             std::string_view participant_id,
                                             std::string_view id) = 0;
  // The participant's consents, oldest signature first (then by id).
  virtual Result<std::vector<Consent>> List(std::string_view site_id,
                                            std::string_view participant_id) = 0;
  // Writes `consent`'s revocations (revoked_at, revoked_recipients). kNotFound when there is no
  // such consent.
  virtual Status UpdateRevocations(const Consent& consent) = 0;

  // Stores a disclosure. kConflict when its id is taken or its participant does not exist.
  virtual Status InsertDisclosure(const Disclosure& disclosure) = 0;
  // The participant's disclosures made at or after `since`, newest first.
  virtual Result<std::vector<Disclosure>> ListDisclosures(std::string_view site_id,
                                                          std::string_view participant_id,
                                                          Instant since) = 0;
  // What the latest disclosure to `recipient` told of referral `referral_id`, or nullopt when
  // none told of it.
  virtual Result<std::optional<DisclosedReferral>> LatestReferralDisclosure(
      std::string_view site_id, std::string_view referral_id, std::string_view recipient) = 0;
};

}  // namespace rn::casework
