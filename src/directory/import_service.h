#pragma once
// Applies a parsed feed to the store: diff-only and idempotent. Listings of `source` that are
// unchanged stay untouched, changed ones are updated, new ones created, ones gone from the feed
// removed; every write lands in the change history (actor "import:<source>"). An import that writes
// anything also appends one audit entry (action "directory.import", target "source:<source>",
// details the counts) in the same transaction; an import that changes nothing appends none.

#include <string_view>
#include <vector>

#include "directory/listing.h"
#include "storage/store.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::directory {

struct ImportSummary {
  int imported = 0;  // new listings created
  int updated = 0;
  int unchanged = 0;
  int removed = 0;
  int rejected = 0;  // rows the parser rejected (passed through from the parse)
};

// What an import would do, worked out without writing: the counts and the writes, the audit entry
// (action "directory.import", actor "import:<source>") included.
struct ImportPlan {
  ImportSummary summary;
  storage::ListingWrites writes;
  std::vector<Listing> removed;  // the stored listings the feed no longer has
  // The stored version of each listing in writes.updates, in the same order.
  std::vector<Listing> before_updates;
};

// Plans the import of `incoming` as `source`. kInvalidArgument (field "listings[i]") when a
// listing breaks the REQUIRES below.
Result<ImportPlan> PlanImport(storage::Store& store, std::string_view source,
                              const std::vector<Listing>& incoming, int rejected, Instant now);

// Plans and applies. REQUIRES: every incoming listing has source == `source`, a non-empty slug,
// an id from MakeListingId, and slugs are unique. The whole import is one transaction: on error
// nothing changes.
Result<ImportSummary> ApplyImport(storage::Store& store, std::string_view source,
                                  const std::vector<Listing>& incoming, int rejected, Instant now);

}  // namespace rn::directory
