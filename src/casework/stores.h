#pragma once
// The casework domain's repositories over one database connection, as its use cases take them,
// with the identity repositories it reads staff from and its audited writes and reads go through.
// The program (app/) builds one per thread from storage/; tests build one over a real database.

#include "casework/program_store.h"
#include "casework/referral_store.h"
#include "identity/account_store.h"
#include "identity/audit_store.h"

namespace rn::casework {

struct Stores {
  ProgramStore& programs;
  ReferralStore& referrals;
  identity::AccountStore& accounts;  // the site's staff: who may be on call, who supervises
  identity::AuditStore& audit;
  identity::UnitOfWork& unit_of_work;
};

}  // namespace rn::casework
