#pragma once
// The casework domain's repositories over one database connection, as its use cases take them,
// with the identity repositories its audited writes and reads go through. The program (app/)
// builds one per thread from storage/; tests build one over a real database.

#include "casework/program_store.h"
#include "casework/referral_store.h"
#include "identity/audit_store.h"

namespace rn::casework {

struct Stores {
  ProgramStore& programs;
  ReferralStore& referrals;
  identity::AuditStore& audit;
  identity::UnitOfWork& unit_of_work;
};

}  // namespace rn::casework
