#include "directory/publisher.h"

#include <memory>
#include <vector>

namespace rn::directory {

Result<std::size_t> SnapshotPublisher::Republish(ListingStore& listings) {
  std::lock_guard lock(mutex_);
  // Streamed: the listings are never all held at once, only the snapshot's parts of them.
  SearchIndex::Builder builder;
  Status scanned = listings.ScanAll([&](Listing&& listing) { builder.Add(listing); });
  if (!scanned.ok()) return scanned;
  std::shared_ptr<const SearchIndex> next = std::move(builder).Finish();
  const std::size_t count = next->size();
  directory_.Publish(std::move(next));
  return count;
}

Status SnapshotPublisher::Refresh(ListingStore& listings, const std::vector<std::string>& ids) {
  std::lock_guard lock(mutex_);
  const std::shared_ptr<const SearchIndex> current = directory_.Snapshot();
  if (current->patched() + ids.size() > kRebuildAfter) {
    Result<std::vector<Listing>> loaded = listings.LoadAll();
    if (!loaded.ok()) return loaded.status();
    directory_.Publish(std::make_shared<const SearchIndex>(*loaded));
    return Status::Ok();
  }
  std::vector<Listing> changed;
  std::vector<std::string> removed;
  for (const std::string& id : ids) {
    Result<std::optional<Listing>> found = listings.Get(id);
    if (!found.ok()) return found.status();
    if (found->has_value()) {
      changed.push_back(std::move(**found));
    } else {
      removed.push_back(id);
    }
  }
  directory_.Publish(SearchIndex::Patched(*current, std::move(changed), removed));
  return Status::Ok();
}

}  // namespace rn::directory
