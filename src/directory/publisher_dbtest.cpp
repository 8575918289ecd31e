// SnapshotPublisher (publisher.h) over a real database file: edits are published by patching, a
// full rebuild runs on the publisher's thread over a connection of its own once enough listings
// are patched, and an edit published while it runs is in the snapshot it publishes.

#include <gtest/gtest.h>

#include <future>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "directory/publisher.h"
#include "directory/test_database.h"

namespace rn::directory {
namespace {

const Instant kAt{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};

Listing MakeListing(const std::string& slug, const std::string& name) {
  Listing listing;
  listing.source = "oc";
  listing.slug = slug;
  listing.id = MakeListingId(listing.source, listing.slug);
  listing.name = name;
  listing.timezone = "America/Los_Angeles";
  listing.schedule = {{.day = 2, .start_minute = 19 * 60, .duration_minutes = 60}};
  return listing;
}

class PublisherTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = Open(); }

  std::unique_ptr<testing::TestDatabase<Stores>> Open() {
    auto database = OpenTestDatabase((dir_.path() / "directory.db").string());
    EXPECT_TRUE(database.ok()) << database.status().message();
    return database.ok() ? std::move(*database) : nullptr;
  }

  // Starts the publisher; its rebuild thread opens a connection of its own to the same file.
  void Start(PublisherOptions options) {
    publisher_ = std::make_unique<SnapshotPublisher>(
        directory_,
        [this]() -> Result<ListingStore*> {
          if (!rebuild_db_) rebuild_db_ = Open();
          if (!rebuild_db_) return Status::Internal("cannot open the rebuild thread's database");
          return &rebuild_db_->stores().listings;
        },
        std::move(options));
  }

  ListingStore& listings() { return db_->stores().listings; }

  // Stores `listing` (`create`d or updated) on `store`, as an edit does, and publishes it.
  static void Save(ListingStore& store, SnapshotPublisher& publisher, const Listing& listing,
                   bool create) {
    ListingWrites writes;
    (create ? writes.creates : writes.updates).push_back(listing);
    ASSERT_TRUE(store.Apply(writes, "tester", kAt).ok());
    Status published = publisher.Refresh(store, {listing.id});
    ASSERT_TRUE(published.ok()) << published.message();
  }
  void Save(const Listing& listing, bool create = false) {
    Save(listings(), *publisher_, listing, create);
  }

  // The ids of the listings the current snapshot finds for `text`.
  std::vector<std::string> Find(const std::string& text) const {
    const std::shared_ptr<const SearchIndex> snapshot = directory_.Snapshot();
    SearchQuery query;
    query.at = kAt;
    query.text = text;
    std::vector<std::string> ids;
    for (const SearchHit& hit : snapshot->Search(query).hits) {
      ids.push_back(snapshot->Get(hit.index).id);
    }
    return ids;
  }

  testing::TempDir dir_;
  std::unique_ptr<testing::TestDatabase<Stores>> db_;
  Directory directory_;
  std::unique_ptr<testing::TestDatabase<Stores>> rebuild_db_;  // the rebuild thread's
  std::unique_ptr<SnapshotPublisher> publisher_;               // last: stopped first
};

TEST_F(PublisherTest, AnEditIsPublishedByPatchingTheSnapshot) {
  Start({});
  const Listing listing = MakeListing("first", "First Light");
  Save(listing, /*create=*/true);
  EXPECT_EQ(Find("first light"), std::vector<std::string>{listing.id});
  EXPECT_EQ(directory_.Snapshot()->patched(), 1u);
  EXPECT_TRUE(publisher_->WaitForRebuild().ok());
  EXPECT_EQ(publisher_->rebuilds(), 0u);
}

TEST_F(PublisherTest, PatchingMoreThanTheThresholdRebuildsOnTheRebuildThread) {
  Start({.rebuild_after = 2, .after_load = nullptr});
  for (const char* slug : {"one", "two"}) Save(MakeListing(slug, "Group"), /*create=*/true);
  ASSERT_TRUE(publisher_->WaitForRebuild().ok());
  EXPECT_EQ(publisher_->rebuilds(), 0u);
  EXPECT_EQ(directory_.Snapshot()->patched(), 2u);

  Save(MakeListing("three", "Group"), /*create=*/true);
  ASSERT_TRUE(publisher_->WaitForRebuild().ok());
  EXPECT_EQ(publisher_->rebuilds(), 1u);
  EXPECT_EQ(directory_.Snapshot()->patched(), 0u);
  EXPECT_EQ(Find("group").size(), 3u);
}

TEST_F(PublisherTest, AnEditPublishedDuringARebuildIsInTheSnapshotItPublishes) {
  std::promise<void> loaded;
  std::promise<void> go_on;
  std::shared_future<void> resume = go_on.get_future().share();
  bool held = false;
  Start({.rebuild_after = 2, .after_load = [&]() {
           if (std::exchange(held, true)) return;
           loaded.set_value();
           resume.wait();
         }});
  const Listing kept = MakeListing("kept", "Kept Group");
  const Listing other = MakeListing("other", "Other Group");
  Listing renamed = MakeListing("renamed", "Old Name");
  const Listing removed = MakeListing("removed", "Removed Group");
  Save(kept, /*create=*/true);
  Save(other, /*create=*/true);
  Save(renamed, /*create=*/true);  // the third patched listing: a rebuild is asked for
  loaded.get_future().wait();

  // The rebuild's load is done: these edits are not in it.
  renamed.name = "New Name";
  Save(renamed);
  Save(removed, /*create=*/true);
  ListingWrites deletes;
  deletes.delete_ids = {removed.id};
  ASSERT_TRUE(listings().Apply(deletes, "tester", kAt).ok());
  ASSERT_TRUE(publisher_->Refresh(listings(), {removed.id}).ok());
  EXPECT_EQ(Find("new name"), std::vector<std::string>{renamed.id});
  EXPECT_TRUE(Find("removed").empty());

  go_on.set_value();
  ASSERT_TRUE(publisher_->WaitForRebuild().ok());
  EXPECT_EQ(publisher_->rebuilds(), 1u);
  EXPECT_EQ(Find("new name"), std::vector<std::string>{renamed.id});
  EXPECT_TRUE(Find("old").empty());
  EXPECT_TRUE(Find("removed").empty());
  EXPECT_EQ(Find("kept"), std::vector<std::string>{kept.id});
  // The rebuilt snapshot holds the load; the edit since is patched onto it (the renamed listing
  // in, its loaded version out).
  EXPECT_EQ(directory_.Snapshot()->patched(), 2u);
  EXPECT_EQ(directory_.Snapshot()->size(), 3u);
}

// Enough edits during the load that the rebuild thread patches them onto the rebuilt snapshot
// without the lock first (SnapshotPublisher::CatchUp), then publishes: none is lost or shown older.
TEST_F(PublisherTest, ManyEditsPublishedDuringARebuildAreAllInTheSnapshotItPublishes) {
  std::promise<void> loaded;
  std::promise<void> go_on;
  std::shared_future<void> resume = go_on.get_future().share();
  bool held = false;
  Start({.rebuild_after = 2, .after_load = [&]() {
           if (std::exchange(held, true)) return;
           loaded.set_value();
           resume.wait();
         }});
  for (const char* slug : {"one", "two", "three"}) Save(MakeListing(slug, "Loaded"), true);
  loaded.get_future().wait();

  constexpr int kEdits = 40;  // well over the few the rebuild patches holding the lock
  for (int edit = 0; edit < kEdits; ++edit) {
    Save(MakeListing("edited-" + std::to_string(edit % 20), "Draft"), /*create=*/edit < 20);
  }
  for (int edit = 0; edit < 20; ++edit) {
    Save(MakeListing("edited-" + std::to_string(edit), "Final " + std::to_string(edit)));
  }
  go_on.set_value();
  ASSERT_TRUE(publisher_->WaitForRebuild().ok());
  EXPECT_GE(publisher_->rebuilds(), 1u);
  EXPECT_TRUE(Find("draft").empty());
  EXPECT_EQ(Find("final").size(), 20u);
  EXPECT_EQ(Find("loaded").size(), 3u);
  EXPECT_EQ(directory_.Snapshot()->size(), 23u);
}

TEST_F(PublisherTest, RebuildWaitsForALoadBegunAfterTheCall) {
  Start({});
  ListingWrites writes;
  writes.creates = {MakeListing("a", "Imported Group"), MakeListing("b", "Imported Group")};
  ASSERT_TRUE(listings().Apply(writes, "import:oc", kAt).ok());
  Result<std::size_t> rebuilt = publisher_->Rebuild();
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().message();
  EXPECT_EQ(*rebuilt, 2u);
  EXPECT_EQ(Find("imported").size(), 2u);
  EXPECT_EQ(directory_.Snapshot()->patched(), 0u);
}

TEST_F(PublisherTest, ConcurrentEditsAreAllPublished) {
  Start({.rebuild_after = 5, .after_load = nullptr});
  constexpr int kEditsPerThread = 40;
  auto edit = [this](const std::string& thread_name) {
    std::unique_ptr<testing::TestDatabase<Stores>> own = Open();
    ASSERT_NE(own, nullptr);
    for (int edit = 0; edit < kEditsPerThread; ++edit) {
      const std::string slug = thread_name + "-" + std::to_string(edit % 10);
      Listing listing = MakeListing(slug, "Draft");
      Save(own->stores().listings, *publisher_, listing, /*create=*/edit < 10);
      if (edit >= kEditsPerThread - 10) {
        listing.name = "Final " + thread_name;
        Save(own->stores().listings, *publisher_, listing, /*create=*/false);
      }
    }
  };
  std::thread north(edit, "north");
  std::thread south(edit, "south");
  north.join();
  south.join();
  ASSERT_TRUE(publisher_->WaitForRebuild().ok());
  EXPECT_GE(publisher_->rebuilds(), 1u);
  EXPECT_EQ(Find("final north").size(), 10u);
  EXPECT_EQ(Find("final south").size(), 10u);
  EXPECT_TRUE(Find("draft").empty());
  EXPECT_EQ(directory_.Snapshot()->size(), 20u);
}

TEST_F(PublisherTest, StoppingWithARebuildAskedForEnds) {
  Start({.rebuild_after = 0, .after_load = nullptr});
  Save(MakeListing("one", "Group"), true);
  publisher_.reset();
  EXPECT_EQ(Find("group").size(), 1u);
}

}  // namespace
}  // namespace rn::directory
