#include "directory/publisher.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "util/thread_priority.h"

namespace rn::directory {
namespace {

// The listings with `ids` as they are now in `listings`: those found in `changed`, the ids of the
// missing ones in `removed`.
Status ReadListings(ListingStore& listings, const std::vector<std::string>& ids,
                    std::vector<Listing>* changed, std::vector<std::string>* removed) {
  for (const std::string& id : ids) {
    Result<std::optional<Listing>> found = listings.Get(id);
    if (!found.ok()) return found.status();
    if (found->has_value()) {
      changed->push_back(std::move(**found));
    } else {
      removed->push_back(id);
    }
  }
  return Status::Ok();
}

// A full snapshot of every listing in `listings`.
// Streamed: the listings are never all held at once, only the snapshot's parts of them.
Result<std::shared_ptr<const SearchIndex>> BuildSnapshot(ListingStore& listings) {
  SearchIndex::Builder builder;
  Status scanned = listings.ScanAll([&](Listing&& listing) { builder.Add(listing); });
  if (!scanned.ok()) return scanned;
  return std::move(builder).Finish();
}

// Below this many edits published during a rebuild's load, the rebuild thread patches them onto
// the rebuilt snapshot holding the publisher's lock; above, it patches without, first.
constexpr std::size_t kCatchUpUnder = 16;

// `snapshot` with `edits` (as since_load_ holds them) put in.
std::shared_ptr<const SearchIndex> PatchedWith(
    const SearchIndex& snapshot, std::map<std::string, std::optional<Listing>, std::less<>> edits) {
  std::vector<Listing> changed;
  std::vector<std::string> removed;
  for (auto& [id, listing] : edits) {
    if (listing) {
      changed.push_back(std::move(*listing));
    } else {
      removed.push_back(id);
    }
  }
  return SearchIndex::Patched(snapshot, std::move(changed), removed);
}

}  // namespace

SnapshotPublisher::SnapshotPublisher(Directory& directory, ListingStoreSource listings,
                                     PublisherOptions options)
    : directory_(directory),
      listings_(std::move(listings)),
      options_(std::move(options)),
      thread_([this] { RunRebuilds(); }) {}

SnapshotPublisher::~SnapshotPublisher() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  ended_.notify_all();
  thread_.join();
}

Result<std::size_t> SnapshotPublisher::Republish(ListingStore& listings) {
  std::shared_ptr<const SearchIndex> replaced;  // freed once the lock is let go
  std::lock_guard lock(mutex_);
  Result<std::shared_ptr<const SearchIndex>> built = BuildSnapshot(listings);
  if (!built.ok()) return built.status();
  const std::size_t size = (*built)->size();
  replaced = directory_.Publish(std::move(*built));
  ++full_builds_;
  return size;
}

Status SnapshotPublisher::Refresh(ListingStore& listings, const std::vector<std::string>& ids) {
  std::shared_ptr<const SearchIndex> replaced;  // freed once the lock is let go
  std::lock_guard lock(mutex_);
  std::vector<Listing> changed;
  std::vector<std::string> removed;
  RN_RETURN_IF_ERROR(ReadListings(listings, ids, &changed, &removed));
  if (RebuildOutstanding()) {
    for (const Listing& listing : changed) since_load_.insert_or_assign(listing.id, listing);
    for (const std::string& id : removed) since_load_.insert_or_assign(id, std::nullopt);
  }
  replaced =
      directory_.Publish(SearchIndex::Patched(*directory_.Snapshot(), std::move(changed), removed));
  AskForRebuildIfDue();
  return Status::Ok();
}

Result<std::size_t> SnapshotPublisher::Rebuild() {
  std::unique_lock lock(mutex_);
  const std::uint64_t number = AskForRebuild();
  ended_.wait(lock, [&] { return stopping_ || finished_ >= number; });
  if (finished_ < number) return Status(StatusCode::kUnavailable, "the publisher is stopping");
  return last_rebuild_;
}

Status SnapshotPublisher::WaitForRebuild() {
  std::unique_lock lock(mutex_);
  ended_.wait(lock, [&] { return stopping_ || !RebuildOutstanding(); });
  if (RebuildOutstanding()) return Status(StatusCode::kUnavailable, "the publisher is stopping");
  return last_rebuild_.status_or_ok();
}

std::size_t SnapshotPublisher::rebuilds() const {
  std::lock_guard lock(mutex_);
  return rebuilds_;
}

std::uint64_t SnapshotPublisher::AskForRebuild() {
  asked_ = std::max(asked_, started_ + 1);
  wake_.notify_one();
  return asked_;
}

void SnapshotPublisher::AskForRebuildIfDue() {
  if (directory_.Snapshot()->patched() > options_.rebuild_after && !RebuildOutstanding()) {
    AskForRebuild();
  }
}

void SnapshotPublisher::RunRebuilds() {
  LowerThisThreadPriority();  // a rebuild keeps a core busy for a second or more
  std::unique_lock lock(mutex_);
  while (true) {
    wake_.wait(lock, [&] { return stopping_ || asked_ > started_; });
    if (stopping_) return;
    const std::uint64_t number = ++started_;
    const std::uint64_t full_builds = full_builds_;
    // Every edit committed before now is in the load below; those after are recorded again.
    since_load_.clear();
    lock.unlock();
    Result<std::shared_ptr<const SearchIndex>> built = [&]() {
      Result<ListingStore*> store = listings_();
      if (!store.ok()) return Result<std::shared_ptr<const SearchIndex>>(store.status());
      return BuildSnapshot(**store);
    }();
    if (options_.after_load) options_.after_load();
    lock.lock();
    std::shared_ptr<const SearchIndex> replaced;
    if (built.ok()) {
      last_rebuild_ = (*built)->size();
      replaced = PublishRebuilt(CatchUp(std::move(*built), lock), full_builds);
    } else {
      last_rebuild_ = built.status();
    }
    since_load_.clear();
    finished_ = number;
    ended_.notify_all();
    AskForRebuildIfDue();
    // The replaced full build is freed without the lock, so edits need not wait for it.
    lock.unlock();
    replaced.reset();
    lock.lock();
  }
}

std::shared_ptr<const SearchIndex> SnapshotPublisher::PublishRebuilt(
    std::shared_ptr<const SearchIndex> rebuilt, std::uint64_t full_builds) {
  if (full_builds_ != full_builds) return rebuilt;
  ++full_builds_;
  ++rebuilds_;
  if (since_load_.empty()) return directory_.Publish(std::move(rebuilt));
  return directory_.Publish(PatchedWith(*rebuilt, std::move(since_load_)));
}

std::shared_ptr<const SearchIndex> SnapshotPublisher::CatchUp(
    std::shared_ptr<const SearchIndex> rebuilt, std::unique_lock<std::mutex>& lock) {
  // Each round patches the edits of the round before, so they dwindle; a few rounds at most, in
  // case edits come as fast as they are patched.
  for (int round = 0; round < 3 && since_load_.size() >= kCatchUpUnder; ++round) {
    auto edits = std::exchange(since_load_, {});
    lock.unlock();
    rebuilt = PatchedWith(*rebuilt, std::move(edits));
    lock.lock();
  }
  return rebuilt;
}

SnapshotFollower::SnapshotFollower(SnapshotPublisher& publisher, ListingChangeFeed& feed,
                                   ListingStore& listings)
    : publisher_(publisher), feed_(feed), listings_(listings), thread_([this] { Run(); }) {}

SnapshotFollower::~SnapshotFollower() {
  stopping_ = true;
  thread_.join();
}

void SnapshotFollower::Run() {
  bool missed = false;  // the feed failed: changes may have been missed meanwhile
  while (!stopping_) {
    Result<std::vector<std::string>> ids = feed_.Wait(kWaitFor);
    if (!ids.ok()) {
      spdlog::warn("event=listing_feed_failed message=\"{}\"", ids.status().message());
      missed = true;
      std::this_thread::sleep_for(kWaitFor);
      continue;
    }
    if (ids->empty() && !missed) continue;
    const bool everything =
        missed || std::find(ids->begin(), ids->end(), ListingChangeFeed::kEverything) != ids->end();
    const Status published =
        everything ? publisher_.Rebuild().status_or_ok() : publisher_.Refresh(listings_, *ids);
    if (!published.ok()) {
      spdlog::warn("event=listing_feed_publish_failed message=\"{}\"", published.message());
      missed = true;
      continue;
    }
    missed = false;
  }
}

}  // namespace rn::directory
