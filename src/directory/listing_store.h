#pragma once
// The repository of listings and their change history. Declared here, implemented in storage/
// (sqlite/listing_store.cpp). Writes join the open unit of work (identity/audit_store.h) when
// there is one, so a listing change and its audit entry commit together. Used by one thread at a
// time.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/listing.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::directory {

// One entry of a listing's change history.
struct ListingChange {
  std::int64_t seq = 0;
  std::string listing_id;
  std::string at;      // RFC 3339 UTC
  std::string actor;   // e.g. "import:oc-aa" or a user name
  std::string action;  // "create" | "update" | "delete"
  std::string before;  // canonical JSON (directory/listing_json.h), empty for create
  std::string after;   // canonical JSON, empty for delete
};

// A batch of listing writes applied atomically.
struct ListingWrites {
  std::vector<Listing> creates;
  // Each update replaces the stored listing with the same id.
  std::vector<Listing> updates;
  std::vector<std::string> delete_ids;

  bool empty() const { return creates.empty() && updates.empty() && delete_ids.empty(); }
  // The ids of every listing written: created, updated or deleted.
  std::vector<std::string> Ids() const {
    std::vector<std::string> ids = delete_ids;
    for (const auto* written : {&creates, &updates}) {
      for (const Listing& listing : *written) ids.push_back(listing.id);
    }
    return ids;
  }
};

// A stored listing's id and canonical document (directory/listing_json.h ListingToJsonString), as
// Apply wrote it.
struct StoredDocument {
  std::string id;
  std::string doc;
};

class ListingStore {
 public:
  virtual ~ListingStore() = default;

  // Every stored listing, ordered by id.
  virtual Result<std::vector<Listing>> LoadAll() = 0;
  // Calls `visit` with every stored listing, ordered by id, one at a time, so that the caller need
  // not hold them all (SnapshotPublisher::Republish). `visit` must not use the store. On an error,
  // stops and returns it; `visit` may have seen some of the listings by then.
  virtual Status ScanAll(const std::function<void(Listing&&)>& visit) = 0;
  // The listings of one source, ordered by id.
  virtual Result<std::vector<Listing>> LoadOfSource(std::string_view source) = 0;
  // The stored document of each listing of one source, in no particular order. Equal documents
  // mean equal listings, so an import finds its unchanged listings without reading them back;
  // reading a document costs little next to reading the listing it holds.
  virtual Result<std::vector<StoredDocument>> DocumentsOfSource(std::string_view source) = 0;
  // The listing with `id`, or nullopt.
  virtual Result<std::optional<Listing>> Get(std::string_view id) = 0;
  // Applies all writes in one transaction (or in the open unit of work), adding one change-history
  // entry per listing written, by `actor` at `at`. On any error nothing is written.
  // kInvalidArgument when a listing fails ValidateListing; kConflict for a create of an existing id
  // or slug, or an update or delete of a missing id.
  virtual Status Apply(const ListingWrites& writes, std::string_view actor, Instant at) = 0;
  // A listing's change history, oldest first (kept after the listing is deleted).
  virtual Result<std::vector<ListingChange>> History(std::string_view id) = 0;
  // Number of stored listings.
  virtual Result<std::int64_t> Count() = 0;
};

// The listing changes other servers on the same database commit (PostgreSQL's LISTEN/NOTIFY;
// storage/README.md, "Many servers"), for SnapshotFollower. Over a connection of its own: Wait
// blocks it.
class ListingChangeFeed {
 public:
  // What "every listing may have changed" looks like among Wait's ids: a change too big to name
  // each listing of (an import), for which the snapshot is rebuilt.
  static constexpr std::string_view kEverything = "*";

  virtual ~ListingChangeFeed() = default;

  // Waits up to `timeout` for listing writes committed by another process on the database; the
  // ids they wrote (kEverything among them for a change too big to list), none when the time ran
  // out.
  virtual Result<std::vector<std::string>> Wait(std::chrono::milliseconds timeout) = 0;
};

}  // namespace rn::directory
