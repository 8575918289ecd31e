#pragma once
// The resources domain's repositories over one database connection, as its use cases take them,
// with the audit trail and the unit of work its audited writes share (identity/audit_store.h).

#include "identity/audit_store.h"
#include "resources/resource_store.h"

namespace rn::resources {

struct Stores {
  ResourceStore& records;
  identity::AuditStore& audit;
  identity::UnitOfWork& unit_of_work;
};

}  // namespace rn::resources
