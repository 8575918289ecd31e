#pragma once
// Publishing the public search snapshot (directory/search_index.h) from the store: at start-up
// and after every directory change, so the finder shows a change as soon as it is saved.

#include <mutex>
#include <string>
#include <vector>

#include "directory/listing_store.h"
#include "directory/search_index.h"
#include "util/status.h"

namespace rn::directory {

class SnapshotPublisher final {
 public:
  // `directory` must outlive the publisher.
  explicit SnapshotPublisher(Directory& directory) : directory_(directory) {}

  // Loads every listing from `listings`, builds a new snapshot and publishes it; returns how many
  // listings it holds. One rebuild at a time (a second waits), so an older rebuild never replaces
  // a newer one. Thread-safe; `listings` is the calling thread's.
  Result<std::size_t> Republish(ListingStore& listings);
  // Publishes the listings with `ids` as they are now in `listings` (a missing one is taken out) by
  // patching the snapshot (SearchIndex::Patched): milliseconds, whatever the directory's size. Once
  // more than kRebuildAfter listings are patched, it rebuilds instead (Republish). Thread-safe;
  // call after the change has committed.
  Status Refresh(ListingStore& listings, const std::vector<std::string>& ids);

  static constexpr std::size_t kRebuildAfter = 2000;

  Directory& directory() const { return directory_; }

 private:
  Directory& directory_;
  std::mutex mutex_;
};

}  // namespace rn::directory
