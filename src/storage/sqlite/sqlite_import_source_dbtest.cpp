// Import sources and pending imports in the SQLite store.

#include <gtest/gtest.h>

#include "storage/sqlite/dbtest_listings.h"
#include "storage/sqlite/dbtest_store.h"

namespace rn::storage {
namespace {

const Instant kNow{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};

using SqliteImportSourceTest = InMemoryStoreTest;

TEST_F(SqliteImportSourceTest, SourcesComeFromImportsAndListingsAndKeepTheirUrl) {
  ASSERT_TRUE(
      store_->RecordImportSource({"nwta", "meeting-guide", "", "America/Chicago", "aa", 0}).ok());
  ASSERT_TRUE(store_
                  ->SetImportSourceUrl("nwta", "https://example.org/feed.json",
                                       {"test.editor", kNow, "192.0.2.1", "north"})
                  .ok());
  EXPECT_EQ(LastAudit().action, "directory.source.url");
  EXPECT_EQ(LastAudit().site, "north");
  // A later import keeps the URL.
  ASSERT_TRUE(
      store_->RecordImportSource({"nwta", "meeting-guide", "", "America/Denver", "aa", 0}).ok());
  // A source with listings but no recorded import is listed too, with its count.
  ListingWrites writes;
  writes.creates = {MakeListing("local-north", "a", "Test A"),
                    MakeListing("local-north", "b", "Test B")};
  ASSERT_TRUE(store_->ApplyListingWrites(writes, "test.editor", kNow).ok());
  auto sources = store_->ListImportSources();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 2u);
  EXPECT_EQ((*sources)[0], (ImportSource{"local-north", "", "", "", "", 2}));
  EXPECT_EQ((*sources)[1], (ImportSource{"nwta", "meeting-guide", "https://example.org/feed.json",
                                         "America/Denver", "aa", 0}));
}

TEST_F(SqliteImportSourceTest, APendingImportIsTakenOnce) {
  PendingImport pending{"p1", "north", "nwta", "test.editor", kNow, "[{\"name\":\"x\"}]"};
  ASSERT_TRUE(store_->SavePendingImport(pending).ok());
  auto taken = store_->TakePendingImport("p1");
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->body, pending.body);
  EXPECT_EQ((*taken)->created_at, kNow);
  EXPECT_EQ((*taken)->source, "nwta");
  EXPECT_FALSE(store_->TakePendingImport("p1")->has_value());
  // Ones older than a day go when a new one is saved.
  ASSERT_TRUE(store_->SavePendingImport({"old", "north", "nwta", "a", kNow, "{}"}).ok());
  ASSERT_TRUE(
      store_->SavePendingImport({"new", "north", "nwta", "a", kNow + std::chrono::hours(25), "{}"})
          .ok());
  EXPECT_FALSE(store_->TakePendingImport("old")->has_value());
  EXPECT_TRUE(store_->TakePendingImport("new")->has_value());
}

}  // namespace
}  // namespace rn::storage
