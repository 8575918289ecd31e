#pragma once
// Publishing the public search snapshot (directory/search_index.h) from the store: at start-up
// and after every directory change, so the finder shows a change as soon as it is saved.
//
// An edit is published by patching the current snapshot (SearchIndex::Patched), which costs about
// what the edited listings cost; once more than `rebuild_after` are patched (each patch searches
// a little slower than the full build), a full rebuild runs on the publisher's rebuild thread, at
// a lower priority, over a listing store of its own. Edits go on being published by patching
// meanwhile, and those published after the rebuild's load began are patched onto the rebuilt
// snapshot before it is published (most of them without holding the publisher's lock), so no edit
// is lost or shown older.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "directory/listing_store.h"
#include "directory/search_index.h"
#include "util/status.h"

namespace rn::directory {

// The calling thread's listing store, over a database connection of that thread's own (the
// publisher calls it on its rebuild thread only, which keeps the store for its lifetime).
using ListingStoreSource = std::function<Result<ListingStore*>()>;

// The default PublisherOptions::rebuild_after: a query searches the full build and each of the
// patch's levels of patched listings (search_index.cpp, a handful), so a patch costs every query a
// little; past a few hundred listings a rebuild is worth its second or two of one core.
inline constexpr std::size_t kRebuildAfter = 250;

struct PublisherOptions {
  // A rebuild starts once more than this many listings are patched (SearchIndex::patched()).
  std::size_t rebuild_after = kRebuildAfter;
  // Called on the rebuild thread between a rebuild's load and its publication, when set: the
  // tests hold a rebuild there to edit meanwhile.
  std::function<void()> after_load;
};

class SnapshotPublisher final {
 public:
  // Starts the rebuild thread. `directory` must outlive the publisher; `listings` is called on the
  // rebuild thread only.
  SnapshotPublisher(Directory& directory, ListingStoreSource listings,
                    PublisherOptions options = {});
  // Stops the rebuild thread, after the rebuild under way (if any) ends; one asked for but not
  // begun does not run.
  ~SnapshotPublisher();
  SnapshotPublisher(const SnapshotPublisher&) = delete;
  SnapshotPublisher& operator=(const SnapshotPublisher&) = delete;

  // Loads every listing from `listings` (the calling thread's), builds a new snapshot and
  // publishes it, holding every edit's publication until it is done; returns how many listings it
  // holds. For start-up, before edits begin. A background rebuild whose load began before this
  // one is not published when it ends. Thread-safe.
  Result<std::size_t> Republish(ListingStore& listings);
  // Publishes the listings with `ids` as they are now in `listings` (the calling thread's; a
  // missing one is taken out) by patching the current snapshot: milliseconds, whatever the
  // directory's size, and never waiting for a rebuild. Once more than `rebuild_after` listings
  // are patched it asks the rebuild thread for a rebuild (at most one runs). Thread-safe; call
  // after the change has committed.
  Status Refresh(ListingStore& listings, const std::vector<std::string>& ids);
  // Rebuilds the snapshot on the rebuild thread from a load that begins after this call, and
  // waits until it is published (edits are published meanwhile, by patching); returns how many
  // listings the load read. For a change too big to patch, e.g. an import. kUnavailable when the
  // publisher is being destroyed. Thread-safe.
  Result<std::size_t> Rebuild();
  // Waits until no rebuild is running or asked for; returns how the last one ended (Ok when none
  // ran). Thread-safe.
  Status WaitForRebuild();
  // How many rebuilds the rebuild thread has published. Thread-safe.
  std::size_t rebuilds() const;

  Directory& directory() const { return directory_; }

 private:
  // Asks for a rebuild whose load begins after now; returns its number. REQUIRES: mutex_ held.
  std::uint64_t AskForRebuild();
  // Asks for a rebuild when more than rebuild_after listings are patched and none is outstanding.
  // REQUIRES: mutex_ held.
  void AskForRebuildIfDue();
  // Whether a rebuild is asked for or running. REQUIRES: mutex_ held.
  bool RebuildOutstanding() const { return asked_ > finished_; }
  // The rebuild thread: loads, builds and publishes each rebuild asked for, until stopping_.
  void RunRebuilds();
  // Publishes `rebuilt` with the edits published since its load began put in again, unless a
  // full snapshot was published since (full_builds_ is no longer `full_builds`, as it was when the
  // load began). Returns the snapshot to free once mutex_ is let go: the one replaced, or `rebuilt`
  // itself when it is not published. REQUIRES: mutex_ held.
  std::shared_ptr<const SearchIndex> PublishRebuilt(std::shared_ptr<const SearchIndex> rebuilt,
                                                    std::uint64_t full_builds);
  // `rebuilt` with most of the edits published since its load began (since_load_) patched in,
  // letting go of `lock` (on mutex_) while it patches, so that edits do not wait for it; the
  // edits it put in leave since_load_. REQUIRES: `lock` held.
  std::shared_ptr<const SearchIndex> CatchUp(std::shared_ptr<const SearchIndex> rebuilt,
                                             std::unique_lock<std::mutex>& lock);

  Directory& directory_;
  const ListingStoreSource listings_;
  const PublisherOptions options_;

  mutable std::mutex mutex_;       // orders publications: each patches the last one published
  std::condition_variable wake_;   // the rebuild thread waits for work on it
  std::condition_variable ended_;  // a rebuild ended
  bool stopping_ = false;
  std::uint64_t asked_ = 0;        // the number of the last rebuild asked for
  std::uint64_t started_ = 0;      // of the last begun
  std::uint64_t finished_ = 0;     // of the last ended
  std::uint64_t full_builds_ = 0;  // full snapshots published (Republish or rebuild)
  std::size_t rebuilds_ = 0;       // of them, by the rebuild thread
  Result<std::size_t> last_rebuild_ = std::size_t{0};
  // While a rebuild is outstanding: each listing published since its load began, as published
  // (nullopt: taken out), to put in again when it ends.
  std::map<std::string, std::optional<Listing>, std::less<>> since_load_;

  std::thread thread_;  // last: starts once the members above are ready
};

// Keeps a publisher's snapshot up to date with the listing writes other servers on the same
// database commit: on a thread of its own, waits on `feed` and publishes what it names by patching
// (SnapshotPublisher::Refresh, reading `listings`), or by a rebuild for a change too big to name or
// after the feed failed (a lost connection may have missed some). `feed` and `listings` are used on
// that thread only (they may share a connection) and must outlive the follower.
class SnapshotFollower final {
 public:
  // How long each wait on the feed lasts: the longest the destructor waits for the thread.
  static constexpr std::chrono::milliseconds kWaitFor{250};

  SnapshotFollower(SnapshotPublisher& publisher, ListingChangeFeed& feed, ListingStore& listings);
  ~SnapshotFollower();
  SnapshotFollower(const SnapshotFollower&) = delete;
  SnapshotFollower& operator=(const SnapshotFollower&) = delete;

 private:
  void Run();

  SnapshotPublisher& publisher_;
  ListingChangeFeed& feed_;
  ListingStore& listings_;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace rn::directory
