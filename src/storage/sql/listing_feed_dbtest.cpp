// Two servers on one PostgreSQL database: a listing written through one server's connection is in
// the other's search snapshot soon after it commits (Database::ListenForListingChanges and
// directory::SnapshotFollower), by patching for an edit and by a rebuild for an import-sized
// change; a server does not hear its own writes. On SQLite there is nothing to listen to.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "directory/publisher.h"
#include "storage/database.h"
#include "storage/sql/dbtest_database.h"
#include "storage/sql/dbtest_listings.h"
#include "util/testing.h"

namespace rn::storage {
namespace {

using namespace std::chrono_literals;

std::unique_ptr<Database> OpenAt(const std::string& path) {
  Result<std::unique_ptr<Database>> database = Database::Open(TestLocation(path));
  EXPECT_TRUE(database.ok()) << database.status().message();
  return database.ok() ? std::move(*database) : nullptr;
}

// The ids `directory`'s snapshot finds for `text`.
std::vector<std::string> Find(const directory::Directory& directory, const std::string& text) {
  const std::shared_ptr<const directory::SearchIndex> snapshot = directory.Snapshot();
  directory::SearchQuery query;
  query.at = TestInstant();
  query.text = text;
  std::vector<std::string> ids;
  for (const directory::SearchHit& hit : snapshot->Search(query).hits) {
    ids.push_back(snapshot->Get(hit.index).id);
  }
  return ids;
}

// Waits up to 1 s for `done`; whether it came true.
template <typename Condition>
bool WithinASecond(Condition done) {
  const auto until = std::chrono::steady_clock::now() + 1s;
  while (!done()) {
    if (std::chrono::steady_clock::now() > until) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

TEST(ListingFeedTest, SqliteHasNoOtherServersToHear) {
  RN_SQLITE_ONLY();
  std::unique_ptr<Database> database = OpenAt(":memory:");
  ASSERT_NE(database, nullptr);
  EXPECT_EQ(database->ListenForListingChanges().status().code(), StatusCode::kUnavailable);
}

TEST(ListingFeedTest, AWriteOnOneServerIsInTheOthersSnapshotWithinASecond) {
  if (!TestingOnPostgres()) GTEST_SKIP() << "PostgreSQL only: SQLite has no notifications";
  const testing::TempDir dir;
  const std::string path = (dir.path() / "shared").string();
  // Server A: where the edits are made. Server B: its snapshot, its publisher's rebuild
  // connection, and the follower's connection.
  std::unique_ptr<Database> server_a = OpenAt(path);
  std::unique_ptr<Database> b_rebuilds = OpenAt(path);
  std::unique_ptr<Database> b_follows = OpenAt(path);
  ASSERT_TRUE(server_a && b_rebuilds && b_follows);
  server_a->SetOrigin("server a");
  b_follows->SetOrigin("server b");
  directory::Directory b_directory;
  directory::SnapshotPublisher b_publisher(
      b_directory, [&]() -> Result<directory::ListingStore*> { return &b_rebuilds->listings(); });
  ASSERT_TRUE(b_publisher.Republish(b_follows->listings()).ok());
  Result<std::unique_ptr<directory::ListingChangeFeed>> feed = b_follows->ListenForListingChanges();
  ASSERT_TRUE(feed.ok()) << feed.status().message();
  // A's own feed: it must not hear A's writes.
  Result<std::unique_ptr<directory::ListingChangeFeed>> a_feed =
      server_a->ListenForListingChanges();
  ASSERT_TRUE(a_feed.ok()) << a_feed.status().message();
  directory::SnapshotFollower follower(b_publisher, **feed, b_follows->listings());

  directory::Listing listing = MakeListing("oc", "first-light", "First Light Group");
  directory::ListingWrites create;
  create.creates.push_back(listing);
  ASSERT_TRUE(server_a->listings().Apply(create, "tester", TestInstant()).ok());
  EXPECT_TRUE(WithinASecond([&] { return Find(b_directory, "first light").size() == 1; }));
  EXPECT_EQ(b_publisher.rebuilds(), 0u);  // patched, not rebuilt

  listing.name = "Second Wind Group";
  directory::ListingWrites update;
  update.updates.push_back(listing);
  ASSERT_TRUE(server_a->listings().Apply(update, "tester", TestInstant()).ok());
  EXPECT_TRUE(WithinASecond([&] { return Find(b_directory, "second wind").size() == 1; }));
  EXPECT_TRUE(Find(b_directory, "first light").empty());

  // Too many ids for one notification: B rebuilds.
  directory::ListingWrites import;
  for (int i = 0; i < 600; ++i) {
    import.creates.push_back(MakeListing("big", "imported-" + std::to_string(i), "Imported Hall"));
  }
  ASSERT_TRUE(server_a->listings().Apply(import, "tester", TestInstant()).ok());
  EXPECT_TRUE(WithinASecond([&] { return b_directory.Snapshot()->size() == 601; }));
  EXPECT_GE(b_publisher.rebuilds(), 1u);

  Result<std::vector<std::string>> heard_by_a = (*a_feed)->Wait(50ms);
  ASSERT_TRUE(heard_by_a.ok()) << heard_by_a.status().message();
  EXPECT_TRUE(heard_by_a->empty());
}

}  // namespace
}  // namespace rn::storage
