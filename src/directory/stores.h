#pragma once
// The directory domain's repositories over one database connection, as its use cases take them,
// with the audit trail and the unit of work its audited writes share (identity/audit_store.h).

#include "directory/correction_store.h"
#include "directory/import_source_store.h"
#include "directory/listing_store.h"
#include "identity/audit_store.h"

namespace rn::directory {

struct Stores {
  ListingStore& listings;
  CorrectionStore& corrections;
  ImportSourceStore& import_sources;
  identity::AuditStore& audit;
  identity::UnitOfWork& unit_of_work;
};

}  // namespace rn::directory
