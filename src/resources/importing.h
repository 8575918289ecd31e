#pragma once
// Imports the records an HSDS reader (interop/hsds/hsds.h) made of a source: diff-only and
// idempotent, as the meeting imports are (directory/import_service.h). Records of the source that
// are unchanged stay untouched, changed ones are updated, new ones created, ones gone from the
// input removed; every write lands in the change history, and an import that writes anything
// appends one audit entry (resources.import, target "source:<source>", details the counts) in the
// same unit of work. Used by `recoverynet import hsds` and (later) the staff console alike.

#include <array>
#include <string_view>
#include <vector>

#include "identity/audit.h"
#include "resources/record.h"
#include "resources/stores.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::resources {

struct ImportSummary {
  int created = 0;
  int updated = 0;
  int unchanged = 0;
  int removed = 0;
  int rejected = 0;  // passed through from the reader, plus records another source holds
  // The records of the source after the import, by kind (kRecordKinds order).
  std::array<int, kRecordKinds.size()> kept{};
};

// Imports `incoming` (each with source == `source`, keys unique) as `source`, as actor
// "import:<source>" at `now`. A record whose key another source already holds is not imported
// (counted as rejected, and named in `taken` when given). kInvalidArgument (field "input") when
// `incoming` is empty while the source has records, unless `allow_empty`. On error nothing
// changes.
Result<ImportSummary> ImportRecords(Stores& stores, std::string_view source,
                                    std::vector<Record> incoming, int rejected, Instant now,
                                    bool allow_empty = false,
                                    std::vector<RecordKey>* taken = nullptr);

}  // namespace rn::resources
