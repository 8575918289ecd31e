// directory::ImportSourceStore on SQLite: import sources (from recorded imports and from listings,
// keeping their URL), pending imports (taken once, expired after a day) and kept BMLT documents.

#include <gtest/gtest.h>

#include <chrono>

#include "storage/sql/dbtest_database.h"
#include "storage/sql/dbtest_listings.h"

namespace rn::storage {
namespace {

using directory::ImportSource;
using directory::PendingImport;

const Instant kNow = TestInstant();

class ImportSourceStoreTest : public InMemoryDatabaseTest {
 protected:
  directory::ImportSourceStore& sources() { return db_->import_sources(); }
};

TEST_F(ImportSourceStoreTest, SourcesComeFromImportsAndListingsAndKeepTheirUrl) {
  ASSERT_TRUE(sources().Record({"nwta", "meeting-guide", "", "America/Chicago", "aa", 0}).ok());
  ASSERT_TRUE(sources().SetUrl("nwta", "https://example.org/feed.json").ok());
  // A later import keeps the URL (and the url field of what is recorded is not written).
  ASSERT_TRUE(sources()
                  .Record({"nwta", "meeting-guide", "https://example.org/other.json",
                           "America/Denver", "aa", 0})
                  .ok());
  // A URL may be set before any import, and replaced.
  ASSERT_TRUE(sources().SetUrl("bmlt-test", "https://example.org/old").ok());
  ASSERT_TRUE(sources().SetUrl("bmlt-test", "https://example.org/bmlt").ok());
  // A source with listings but no recorded import is listed too, with its count.
  directory::ListingWrites writes;
  writes.creates = {MakeListing("local-north", "a", "Test A"),
                    MakeListing("local-north", "b", "Test B")};
  ASSERT_TRUE(db_->listings().Apply(writes, "test.editor", kNow).ok());
  auto listed = sources().List();
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(
      *listed,
      (std::vector<ImportSource>{
          {"bmlt-test", "", "https://example.org/bmlt", "", "", 0},
          {"local-north", "", "", "", "", 2},
          {"nwta", "meeting-guide", "https://example.org/feed.json", "America/Denver", "aa", 0},
      }));
  EXPECT_EQ(AuditCount(), 0);  // the repository writes no audit entry of its own
}

TEST_F(ImportSourceStoreTest, APendingImportIsTakenOnce) {
  // A feed's bytes as they came: JSON escapes (a backslash before digits, \u00e9) and raw UTF-8
  // must come back unchanged, not be read as the database's escape syntax.
  PendingImport pending{"p1", "north", "nwta", "test.editor", kNow,
                        "[{\"name\":\"Agap\\u00e9 \\101 \\\\x41 Agap\xc3\xa9\"}]"};
  ASSERT_TRUE(sources().SavePending(pending).ok());
  auto taken = sources().TakePending("p1");
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->id, "p1");
  EXPECT_EQ((*taken)->site_id, "north");
  EXPECT_EQ((*taken)->source, "nwta");
  EXPECT_EQ((*taken)->actor, "test.editor");
  EXPECT_EQ((*taken)->created_at, kNow);
  EXPECT_EQ((*taken)->body, pending.body);
  EXPECT_FALSE(sources().TakePending("p1")->has_value());
  EXPECT_FALSE(sources().TakePending("never")->has_value());
}

TEST_F(ImportSourceStoreTest, PendingImportsMoreThanADayOlderGoWhenANewOneIsSaved) {
  ASSERT_TRUE(sources().SavePending({"old", "north", "nwta", "a", kNow, "{}"}).ok());
  ASSERT_TRUE(sources()
                  .SavePending({"recent", "north", "nwta", "a", kNow + std::chrono::hours(2), "{}"})
                  .ok());
  ASSERT_TRUE(sources()
                  .SavePending({"new", "north", "nwta", "a", kNow + std::chrono::hours(25), "{}"})
                  .ok());
  EXPECT_FALSE(sources().TakePending("old")->has_value());
  EXPECT_TRUE(sources().TakePending("recent")->has_value());
  EXPECT_TRUE(sources().TakePending("new")->has_value());
}

TEST_F(ImportSourceStoreTest, ARepeatedPendingIdIsAConflictAndKeepsTheFirst) {
  ASSERT_TRUE(sources().SavePending({"p1", "north", "nwta", "a", kNow, "first"}).ok());
  EXPECT_EQ(sources().SavePending({"p1", "north", "nwta", "a", kNow, "second"}).code(),
            StatusCode::kConflict);
  auto taken = sources().TakePending("p1");
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->body, "first");
}

TEST_F(ImportSourceStoreTest, BmltDocumentsAreKeptReplacedAndForgotten) {
  ASSERT_TRUE(sources().KeepBmltDocuments({"zeta", "[1]", "[2]", "[3]"}).ok());
  ASSERT_TRUE(sources().KeepBmltDocuments({"alpha", "[]", "[]", "[]"}).ok());
  // PHP's json_encode writes "\/" in URLs.
  ASSERT_TRUE(sources()
                  .KeepBmltDocuments({"zeta", "[\"https:\\/\\/example.org\\/m\"]",
                                      "[\"\\101\"]", "[\"\\\\x00\"]"})
                  .ok());
  auto kept = sources().LoadBmltDocuments();
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  ASSERT_EQ(kept->size(), 2u);
  EXPECT_EQ((*kept)[0].source, "alpha");
  EXPECT_EQ((*kept)[1].source, "zeta");
  EXPECT_EQ((*kept)[1].meetings, "[\"https:\\/\\/example.org\\/m\"]");
  EXPECT_EQ((*kept)[1].formats, "[\"\\101\"]");
  EXPECT_EQ((*kept)[1].service_bodies, "[\"\\\\x00\"]");
  ASSERT_TRUE(sources().ForgetBmltDocuments("zeta").ok());
  ASSERT_TRUE(sources().ForgetBmltDocuments("never-kept").ok());
  kept = sources().LoadBmltDocuments();
  ASSERT_TRUE(kept.ok());
  ASSERT_EQ(kept->size(), 1u);
  EXPECT_EQ((*kept)[0].source, "alpha");
}

}  // namespace
}  // namespace rn::storage
