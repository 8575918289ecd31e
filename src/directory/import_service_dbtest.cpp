#include <gtest/gtest.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "directory/import_service.h"
#include "directory/listing_json.h"
#include "directory/test_database.h"
#include "util/testing.h"

namespace rn::directory {
namespace {

using testing::TempDir;

const std::vector<std::string> kFakeNames = {"Alpha",   "Bravo", "Charlie", "Delta", "Echo",
                                             "Foxtrot", "Golf",  "Hotel",   "India", "Juliett"};

// A synthetic listing of `source`, number `index`, with every kind of field filled in the way a
// feed parser fills them.
Listing SyntheticListing(const std::string& source, int index) {
  Listing listing;
  listing.source = source;
  listing.slug = "testing-group-" + std::to_string(index);
  listing.id = MakeListingId(listing.source, listing.slug);
  listing.name =
      "Testing Group " + kFakeNames[index % kFakeNames.size()] + " " + std::to_string(index);
  listing.timezone = index % 3 == 0 ? "America/New_York" : "America/Los_Angeles";
  listing.fellowship = "aa";
  listing.schedule = {{.day = index % 7,
                       .start_minute = (index * 37) % 1440,
                       .duration_minutes = 60 + index % 4 * 15}};
  if (index % 5 == 0) {
    listing.schedule.push_back(
        {.day = (index + 3) % 7, .start_minute = 19 * 60, .duration_minutes = 90});
  }
  listing.attendance = index % 4 == 0 ? Attendance::kHybrid : Attendance::kInPerson;
  listing.types = {"O", index % 2 == 0 ? "D" : "BB", "Custom Format"};
  if (index % 6 == 0) {
    listing.types.push_back("S");
    listing.languages = {"es"};
  }
  listing.regions = {"Test County", "Testville " + std::to_string(index % 20)};
  listing.location.name = "Fake Community Hall " + std::to_string(index % 200);
  listing.location.address = std::to_string(100 + index) + " Example Ave";
  listing.location.city = "Testville";
  listing.location.state = "CA";
  listing.location.postal_code = "90000";
  listing.location.country = "US";
  listing.location.formatted_address = listing.location.address + ", Testville, CA 90000, USA";
  // Full-precision coordinates, as geocoders produce them.
  listing.location.latitude = 33.0 + index * 0.000123456789012345;
  listing.location.longitude = -117.0 - index * 0.000987654321098765;
  listing.location.notes = "Use the side door";
  if (listing.attendance == Attendance::kHybrid) {
    listing.conference.url = "https://example.invalid/j/" + std::to_string(index);
    listing.conference.phone = "+1-555-0100";
  }
  listing.contact.website = "https://example.invalid/groups/" + std::to_string(index);
  listing.group = "Testing Group " + kFakeNames[index % kFakeNames.size()];
  listing.notes = "Literature on the table. Sesión abierta.";
  listing.updated = "2024-03-04T05:06:07Z";
  return listing;
}

std::vector<Listing> SyntheticFeed(const std::string& source, int count) {
  std::vector<Listing> listings;
  listings.reserve(count);
  for (int index = 0; index < count; ++index) listings.push_back(SyntheticListing(source, index));
  return listings;
}

Instant At(int day_of_month, int hour) {
  using namespace std::chrono;
  return sys_days(2024y / March / day_of_month) + hours(hour);
}

class ImportServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase((dir_.path() / "directory.db").string());
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
  }

  ImportSummary MustImport(const std::string& source, const std::vector<Listing>& listings,
                           Instant at, int rejected = 0, bool allow_empty = false) {
    Result<ImportSummary> summary =
        ApplyImport(stores(), source, listings, rejected, at, allow_empty);
    EXPECT_TRUE(summary.ok()) << summary.status().message();
    return summary.ok() ? *summary : ImportSummary{};
  }

  std::vector<ListingChange> History(const std::string& id) {
    Result<std::vector<ListingChange>> history = stores().listings.History(id);
    EXPECT_TRUE(history.ok()) << history.status().message();
    return history.ok() ? *history : std::vector<ListingChange>{};
  }

  // Total history entries over `ids`.
  std::size_t HistorySize(const std::vector<Listing>& listings) {
    std::size_t total = 0;
    for (const Listing& listing : listings) total += History(listing.id).size();
    return total;
  }

  std::vector<Listing> Stored(const std::string& source) {
    Result<std::vector<Listing>> listings = stores().listings.LoadOfSource(source);
    EXPECT_TRUE(listings.ok()) << listings.status().message();
    return listings.ok() ? *listings : std::vector<Listing>{};
  }

  TempDir dir_;
  Stores& stores() { return db_->stores(); }
  std::unique_ptr<testing::TestDatabase<Stores>> db_;
};

void ExpectSummary(const ImportSummary& summary, int imported, int updated, int unchanged,
                   int removed, int rejected) {
  EXPECT_EQ(summary.imported, imported);
  EXPECT_EQ(summary.updated, updated);
  EXPECT_EQ(summary.unchanged, unchanged);
  EXPECT_EQ(summary.removed, removed);
  EXPECT_EQ(summary.rejected, rejected);
}

std::vector<Listing> SortedById(std::vector<Listing> listings) {
  std::sort(listings.begin(), listings.end(),
            [](const Listing& a, const Listing& b) { return a.id < b.id; });
  return listings;
}

TEST_F(ImportServiceTest, FirstImportCreatesEverythingWithHistory) {
  const std::vector<Listing> feed = SyntheticFeed("test-feed", 60);
  ExpectSummary(MustImport("test-feed", feed, At(1, 9), 4), 60, 0, 0, 0, 4);
  EXPECT_EQ(Stored("test-feed"), SortedById(feed));
  const std::vector<ListingChange> history = History(feed[7].id);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].action, "create");
  EXPECT_EQ(history[0].actor, "import:test-feed");
  EXPECT_EQ(history[0].at, "2024-03-01T09:00:00Z");
  EXPECT_EQ(history[0].after, ListingToJsonString(feed[7]));
}

TEST_F(ImportServiceTest, ReimportingTheSameFeedChangesNothing) {
  const std::vector<Listing> feed = SyntheticFeed("test-feed", 60);
  MustImport("test-feed", feed, At(1, 9));
  ExpectSummary(MustImport("test-feed", feed, At(2, 9)), 0, 0, 60, 0, 0);
  EXPECT_EQ(HistorySize(feed), 60u);
  // Nothing was rewritten: every row still carries the first import's time.
  for (const Listing& listing : feed) {
    const std::vector<ListingChange> history = History(listing.id);
    ASSERT_EQ(history.size(), 1u);
    EXPECT_EQ(history[0].at, "2024-03-01T09:00:00Z");
  }
}

TEST_F(ImportServiceTest, AChangedListingIsUpdatedWithBeforeAndAfter) {
  const std::vector<Listing> feed = SyntheticFeed("test-feed", 30);
  MustImport("test-feed", feed, At(1, 9));
  std::vector<Listing> changed_feed = feed;
  changed_feed[12].schedule[0].start_minute += 30;
  ExpectSummary(MustImport("test-feed", changed_feed, At(2, 9)), 0, 1, 29, 0, 0);

  const std::vector<ListingChange> history = History(feed[12].id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].action, "update");
  EXPECT_EQ(history[1].actor, "import:test-feed");
  EXPECT_EQ(history[1].at, "2024-03-02T09:00:00Z");
  EXPECT_EQ(history[1].before, ListingToJsonString(feed[12]));
  EXPECT_EQ(history[1].after, ListingToJsonString(changed_feed[12]));
  EXPECT_EQ(HistorySize(feed), 31u);
  EXPECT_EQ(Stored("test-feed"), SortedById(changed_feed));

  // Importing the changed feed again is a no-op.
  ExpectSummary(MustImport("test-feed", changed_feed, At(3, 9)), 0, 0, 30, 0, 0);
  EXPECT_EQ(HistorySize(feed), 31u);
}

TEST_F(ImportServiceTest, AListingGoneFromTheFeedIsRemovedAndItsHistoryKept) {
  const std::vector<Listing> feed = SyntheticFeed("test-feed", 30);
  MustImport("test-feed", feed, At(1, 9));
  std::vector<Listing> shorter = feed;
  shorter.erase(shorter.begin() + 5);
  ExpectSummary(MustImport("test-feed", shorter, At(2, 9)), 0, 0, 29, 1, 0);

  Result<std::optional<Listing>> gone = stores().listings.Get(feed[5].id);
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  const std::vector<ListingChange> history = History(feed[5].id);
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[1].action, "delete");
  EXPECT_EQ(history[1].before, ListingToJsonString(feed[5]));
  EXPECT_EQ(history[1].after, "");

  // It comes back as a new listing when the feed lists it again.
  ExpectSummary(MustImport("test-feed", feed, At(3, 9)), 1, 0, 29, 0, 0);
  EXPECT_EQ(History(feed[5].id).size(), 3u);
}

TEST_F(ImportServiceTest, AnImportThatWritesAppendsOneEntryWithItsCounts) {
  std::vector<Listing> feed = SyntheticFeed("test-feed", 2);
  MustImport("test-feed", feed, At(1, 9), 1);
  MustImport("test-feed", feed, At(1, 10));  // unchanged: no entry
  feed[0].name = "Testing Group Renamed";
  feed.pop_back();
  feed.push_back(SyntheticListing("test-feed", 7));
  MustImport("test-feed", feed, At(1, 11));
  Result<std::vector<identity::AuditEvent>> audit = stores().audit.LoadAll();
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 2u);
  EXPECT_EQ((*audit)[0].actor, "import:test-feed");
  EXPECT_EQ((*audit)[0].action, "directory.import");
  EXPECT_EQ((*audit)[0].target, "source:test-feed");
  EXPECT_EQ((*audit)[0].at, "2024-03-01T09:00:00Z");
  EXPECT_EQ((*audit)[0].details,
            R"({"imported":2,"updated":0,"unchanged":0,"removed":0,"rejected":1})");
  EXPECT_EQ((*audit)[1].details,
            R"({"imported":1,"updated":1,"unchanged":0,"removed":1,"rejected":0})");
  EXPECT_EQ((*audit)[1].prev_hash, (*audit)[0].hash);
}

TEST_F(ImportServiceTest, OtherSourcesAreUntouched) {
  const std::vector<Listing> first = SyntheticFeed("first-feed", 20);
  const std::vector<Listing> second = SyntheticFeed("second-feed", 20);
  MustImport("first-feed", first, At(1, 9));
  MustImport("second-feed", second, At(1, 10));

  std::vector<Listing> first_changed(first.begin() + 2, first.end());  // two dropped
  first_changed[0].name = "Testing Group Renamed";
  first_changed.push_back(SyntheticListing("first-feed", 100));
  ExpectSummary(MustImport("first-feed", first_changed, At(2, 9)), 1, 1, 17, 2, 0);

  EXPECT_EQ(Stored("second-feed"), SortedById(second));
  EXPECT_EQ(HistorySize(second), 20u);
  EXPECT_EQ(Stored("first-feed"), SortedById(first_changed));
  Result<std::int64_t> count = stores().listings.Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 39);

  // An empty feed is refused while the source has listings (field "feed")…
  Result<ImportSummary> refused = ApplyImport(stores(), "first-feed", {}, 0, At(3, 8));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "feed");
  EXPECT_EQ(Stored("first-feed"), SortedById(first_changed));

  // …and when allowed, removes only its own source's listings.
  ExpectSummary(MustImport("first-feed", {}, At(3, 9), 0, true), 0, 0, 0, 19, 0);
  EXPECT_EQ(Stored("second-feed"), SortedById(second));
}

TEST_F(ImportServiceTest, AFailedImportChangesNothing) {
  const std::vector<Listing> feed = SyntheticFeed("test-feed", 10);
  MustImport("test-feed", feed, At(1, 9));

  // A listing of another source that happens to hold the id a new row of this feed will get.
  Listing squatter = SyntheticListing("other-feed", 1);
  squatter.id = MakeListingId("test-feed", "newcomer");
  ListingWrites writes;
  writes.creates = {squatter};
  ASSERT_TRUE(stores().listings.Apply(writes, "tester", At(1, 10)).ok());

  std::vector<Listing> next = feed;
  next[0].notes = "Changed notes";
  next.erase(next.begin() + 1);
  Listing newcomer = SyntheticListing("test-feed", 50);
  newcomer.slug = "newcomer";
  newcomer.id = MakeListingId("test-feed", "newcomer");
  next.push_back(newcomer);
  Result<ImportSummary> summary = ApplyImport(stores(), "test-feed", next, 0, At(2, 9));
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kConflict);

  EXPECT_EQ(Stored("test-feed"), SortedById(feed));
  EXPECT_EQ(HistorySize(feed), 10u);
}

TEST_F(ImportServiceTest, RejectsListingsThatBreakThePreconditions) {
  std::vector<Listing> wrong_source = SyntheticFeed("test-feed", 3);
  wrong_source[2] = SyntheticListing("other-feed", 2);
  std::vector<Listing> duplicate = SyntheticFeed("test-feed", 3);
  duplicate[2] = duplicate[0];
  std::vector<Listing> bad_id = SyntheticFeed("test-feed", 3);
  bad_id[1].id = "0123456789abcdef";
  std::vector<Listing> no_slug = SyntheticFeed("test-feed", 3);
  no_slug[1].slug.clear();
  no_slug[1].id = MakeListingId("test-feed", "");

  for (const auto& [what, listings, field] :
       {std::tuple{"wrong source", wrong_source, "listings[2]"},
        std::tuple{"duplicate slug", duplicate, "listings[2]"},
        std::tuple{"id not from MakeListingId", bad_id, "listings[1]"},
        std::tuple{"empty slug", no_slug, "listings[1]"}}) {
    Result<ImportSummary> summary = ApplyImport(stores(), "test-feed", listings, 0, At(1, 9));
    ASSERT_FALSE(summary.ok()) << what;
    EXPECT_EQ(summary.status().code(), StatusCode::kInvalidArgument) << what;
    EXPECT_EQ(summary.status().field(), field) << what;
  }
  Result<std::int64_t> count = stores().listings.Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
}

// A feed of realistic size, fresh, re-imported unchanged and with every tenth row changed. Import
// speed is measured by `make bench`, not here.
TEST_F(ImportServiceTest, ThreeThousandRowFeedDiffsExactly) {
  constexpr int kRows = 3000;
  const std::vector<Listing> feed = SyntheticFeed("big-feed", kRows);
  std::vector<Listing> changed = feed;
  for (int index = 0; index < kRows; index += 10) changed[index].notes = "Changed";

  ExpectSummary(MustImport("big-feed", feed, At(1, 9)), kRows, 0, 0, 0, 0);
  ExpectSummary(MustImport("big-feed", feed, At(2, 9)), 0, 0, kRows, 0, 0);
  ExpectSummary(MustImport("big-feed", changed, At(3, 9)), 0, kRows / 10, kRows - kRows / 10, 0, 0);
  EXPECT_EQ(Stored("big-feed").size(), static_cast<std::size_t>(kRows));
}

}  // namespace
}  // namespace rn::directory
