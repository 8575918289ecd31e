#include "directory/publisher.h"

#include <memory>
#include <vector>

namespace rn::directory {

Result<std::size_t> SnapshotPublisher::Republish(ListingStore& listings) {
  std::lock_guard lock(mutex_);
  Result<std::vector<Listing>> loaded = listings.LoadAll();
  if (!loaded.ok()) return loaded.status();
  directory_.Publish(std::make_shared<const SearchIndex>(*loaded));
  return loaded->size();
}

}  // namespace rn::directory
