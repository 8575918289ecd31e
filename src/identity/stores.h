#pragma once
// The identity domain's repositories over one database connection, as its use cases take them.
// The program (app/) builds one per thread from storage/; tests build one over a real database.

#include "identity/account_store.h"
#include "identity/audit_store.h"
#include "identity/session_store.h"
#include "identity/throttle_store.h"

namespace rn::identity {

struct Stores {
  AccountStore& accounts;
  SessionStore& sessions;
  TokenStore& tokens;
  ThrottleStore& throttles;
  AuditStore& audit;
  UnitOfWork& unit_of_work;
};

}  // namespace rn::identity
