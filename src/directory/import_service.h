#pragma once
// Imports a parsed feed into the directory: diff-only and idempotent. Listings of `source` that
// are unchanged stay untouched, changed ones are updated, new ones created, ones gone from the feed
// removed; every write lands in the change history. An import that writes anything also appends
// one audit entry (action directory.import, target "source:<source>", details the counts) in the
// same unit of work; an import that changes nothing appends none. Used by `recoverynet import` and
// the staff console's imports alike.

#include <string_view>
#include <vector>

#include "directory/editing.h"
#include "directory/import_source_store.h"
#include "directory/listing.h"
#include "directory/listing_store.h"
#include "directory/stores.h"
#include "identity/audit.h"
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

// What an import would do, worked out without writing.
struct ImportPlan {
  ImportSummary summary;
  ListingWrites writes;
  std::vector<Listing> removed;  // the stored listings the feed no longer has
  // The stored version of each listing in writes.updates, in the same order.
  std::vector<Listing> before_updates;
  // The counts as the audit entry's details (a JSON object).
  std::string audit_details;
};

// Plans the import of `incoming` as `source`. kInvalidArgument (field "listings[i]") when a
// listing breaks ApplyImport's REQUIRES; kInvalidArgument (field "feed") when `incoming` is empty
// while the source has listings, unless `allow_empty`: a feed with no usable rows is far more
// often a failed download than a service body that closed every meeting.
Result<ImportPlan> PlanImport(ListingStore& listings, std::string_view source,
                              const std::vector<Listing>& incoming, int rejected,
                              bool allow_empty = false);

// Applies `plan` for `source` as `change.actor` at `change.at`: its writes and its audit entry in
// one unit of work; nothing when the plan writes nothing. On error nothing changes; kConflict when
// the directory changed since the plan was made in a way that contradicts it.
Status ApplyPlan(Stores& stores, std::string_view source, const ImportPlan& plan,
                 const identity::Change& change);

// Plans and applies, as actor "import:<source>" at `now`. REQUIRES: every incoming listing has
// source == `source`, a non-empty slug, an id from MakeListingId, and slugs are unique.
Result<ImportSummary> ApplyImport(Stores& stores, std::string_view source,
                                  const std::vector<Listing>& incoming, int rejected, Instant now,
                                  bool allow_empty = false);

// The import source `name` when `editor` may import into it: kNotFound when no import of it was
// ever recorded; kForbidden (and an audited denial) when it is outside the editor's scope.
Result<ImportSource> EditableSource(Stores& stores, const Editor& editor, std::string_view name);

// Sets the address the source's feed is fetched from (directory.source.url, target
// "source:<name>", details {"url":…}). kInvalidArgument (field "url") unless it is empty or an
// http(s) address.
Status SetSourceUrl(Stores& stores, std::string_view source, std::string_view url,
                    const identity::Change& change);

}  // namespace rn::directory
