// directory::ListingStore on SQLite: round trips (with exact coordinates), ordering, the change
// history, conflicts, and batches that are written whole or not at all.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "directory/listing_json.h"
#include "storage/sql/dbtest_database.h"
#include "storage/sql/dbtest_listings.h"

namespace rn::storage {
namespace {

using directory::Listing;
using directory::ListingChange;
using directory::ListingWrites;

Instant At(int year, int month, int day, int hour, int minute, int second) {
  using namespace std::chrono;
  return sys_days(std::chrono::year(year) / month / day) + hours(hour) + minutes(minute) +
         seconds(second);
}

// A file database, so that RawDb can look at the rows beside the documents.
using ListingStoreTest = FileDatabaseTest;

TEST_F(ListingStoreTest, CreateReadUpdateDelete) {
  directory::ListingStore* store = &db_->listings();
  Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  Listing beta = MakeListing("src", "beta", "Testing Group Beta");
  Listing gamma = MakeListing("other", "gamma", "Testing Group Gamma");
  gamma.location.latitude.reset();
  gamma.location.longitude.reset();
  gamma.schedule.clear();

  ListingWrites creates;
  creates.creates = {alpha, beta, gamma};
  ASSERT_TRUE(store->Apply(creates, "tester", At(2024, 5, 6, 7, 8, 9)).ok());

  Result<std::int64_t> count = store->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 3);
  Result<std::optional<Listing>> got = store->Get(beta.id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, beta);
  got = store->Get(gamma.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, gamma);
  got = store->Get("ffffffffffffffff");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());

  Result<std::vector<Listing>> of_source = store->LoadOfSource("src");
  ASSERT_TRUE(of_source.ok());
  ASSERT_EQ(of_source->size(), 2u);
  Result<std::vector<Listing>> of_nobody = store->LoadOfSource("nobody");
  ASSERT_TRUE(of_nobody.ok());
  EXPECT_TRUE(of_nobody->empty());

  Listing beta_changed = beta;
  beta_changed.name = "Testing Group Beta (renamed)";
  beta_changed.attendance = directory::Attendance::kOnline;
  ListingWrites update;
  update.updates = {beta_changed};
  ASSERT_TRUE(store->Apply(update, "tester", At(2024, 5, 7, 0, 0, 0)).ok());
  got = store->Get(beta.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, beta_changed);

  ListingWrites remove;
  remove.delete_ids = {alpha.id};
  ASSERT_TRUE(store->Apply(remove, "tester", At(2024, 5, 8, 0, 0, 0)).ok());
  got = store->Get(alpha.id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  count = store->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 2);

  // The columns beside the document follow the listing.
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Scalar("SELECT name || '|' || attendance || '|' || updated_at FROM listings "
                       "WHERE id = '" +
                       beta.id + "'"),
            "Testing Group Beta (renamed)|online|2024-05-07T00:00:00Z");
  EXPECT_EQ(raw.Scalar("SELECT doc FROM listings WHERE id = '" + beta.id + "'"),
            directory::ListingToJsonString(beta_changed));
}

// What an import compares: each listing's stored document is its canonical JSON.
TEST_F(ListingStoreTest, DocumentsOfSourceAreTheCanonicalDocuments) {
  directory::ListingStore* store = &db_->listings();
  Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  Listing beta = MakeListing("src", "beta", "Testing Group Beta");
  Listing gamma = MakeListing("other", "gamma", "Testing Group Gamma");
  ListingWrites creates;
  creates.creates = {beta, alpha, gamma};
  ASSERT_TRUE(store->Apply(creates, "tester", At(2024, 5, 6, 7, 8, 9)).ok());

  Result<std::vector<directory::StoredDocument>> documents = store->DocumentsOfSource("src");
  ASSERT_TRUE(documents.ok()) << documents.status().message();
  ASSERT_EQ(documents->size(), 2u);
  std::sort(documents->begin(), documents->end(),
            [](const auto& a, const auto& b) { return a.id < b.id; });
  const bool alpha_first = alpha.id < beta.id;
  const Listing& first = alpha_first ? alpha : beta;
  const Listing& second = alpha_first ? beta : alpha;
  EXPECT_EQ((*documents)[0].id, first.id);
  EXPECT_EQ((*documents)[0].doc, directory::ListingToJsonString(first));
  EXPECT_EQ((*documents)[1].id, second.id);
  EXPECT_EQ((*documents)[1].doc, directory::ListingToJsonString(second));

  Result<std::vector<directory::StoredDocument>> none = store->DocumentsOfSource("nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_F(ListingStoreTest, LoadAllAndScanAllAreOrderedById) {
  directory::ListingStore* store = &db_->listings();
  ListingWrites writes;
  std::vector<std::string> ids;
  for (int index = 0; index < 40; ++index) {
    Listing listing = MakeListing(index % 2 == 0 ? "even" : "odd", "group-" + std::to_string(index),
                                  "Testing Group " + std::to_string(index));
    ids.push_back(listing.id);
    writes.creates.push_back(listing);
  }
  ASSERT_TRUE(store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  std::sort(ids.begin(), ids.end());
  ASSERT_NE(ids.front(), writes.creates.front().id);  // insertion order is not id order

  Result<std::vector<Listing>> all = store->LoadAll();
  ASSERT_TRUE(all.ok());
  std::vector<std::string> loaded_ids;
  for (const Listing& listing : *all) loaded_ids.push_back(listing.id);
  EXPECT_EQ(loaded_ids, ids);

  std::vector<Listing> scanned;
  ASSERT_TRUE(
      store->ScanAll([&](Listing&& listing) { scanned.push_back(std::move(listing)); }).ok());
  EXPECT_EQ(scanned, *all);

  Result<std::vector<Listing>> odd = store->LoadOfSource("odd");
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->size(), 20u);
  for (std::size_t index = 1; index < odd->size(); ++index) {
    EXPECT_LT((*odd)[index - 1].id, (*odd)[index].id);
    EXPECT_EQ((*odd)[index].source, "odd");
  }
}

TEST_F(ListingStoreTest, HistoryRecordsEveryWriteAndOutlivesTheListing) {
  directory::ListingStore* store = &db_->listings();
  const Listing original = MakeListing("src", "alpha", "Testing Group Alpha");
  Listing changed = original;
  changed.notes = "Now meets in the annex";

  ListingWrites create;
  create.creates = {original};
  ASSERT_TRUE(store->Apply(create, "import:src", At(2024, 5, 6, 7, 8, 9)).ok());
  ListingWrites update;
  update.updates = {changed};
  ASSERT_TRUE(store->Apply(update, "editor-one", At(2024, 5, 6, 8, 0, 0)).ok());
  ListingWrites remove;
  remove.delete_ids = {original.id};
  ASSERT_TRUE(store->Apply(remove, "import:src", At(2024, 12, 31, 23, 59, 59)).ok());

  Result<std::vector<ListingChange>> history = store->History(original.id);
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 3u);
  const std::string original_doc = directory::ListingToJsonString(original);
  const std::string changed_doc = directory::ListingToJsonString(changed);

  const ListingChange& created = (*history)[0];
  EXPECT_EQ(created.listing_id, original.id);
  EXPECT_EQ(created.action, "create");
  EXPECT_EQ(created.actor, "import:src");
  EXPECT_EQ(created.at, "2024-05-06T07:08:09Z");
  EXPECT_EQ(created.before, "");
  EXPECT_EQ(created.after, original_doc);

  const ListingChange& updated = (*history)[1];
  EXPECT_EQ(updated.action, "update");
  EXPECT_EQ(updated.actor, "editor-one");
  EXPECT_EQ(updated.at, "2024-05-06T08:00:00Z");
  EXPECT_EQ(updated.before, original_doc);
  EXPECT_EQ(updated.after, changed_doc);

  const ListingChange& deleted = (*history)[2];
  EXPECT_EQ(deleted.action, "delete");
  EXPECT_EQ(deleted.at, "2024-12-31T23:59:59Z");
  EXPECT_EQ(deleted.before, changed_doc);
  EXPECT_EQ(deleted.after, "");

  EXPECT_LT(created.seq, updated.seq);
  EXPECT_LT(updated.seq, deleted.seq);

  Result<std::vector<ListingChange>> none = store->History("0000000000000000");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// Checks that the store holds exactly `expected_ids` and `expected_history_rows` history entries.
void ExpectContents(const std::string& path, const std::vector<std::string>& expected_ids,
                    int expected_history_rows) {
  RawDb raw(path);
  EXPECT_EQ(raw.Column("SELECT id FROM listings ORDER BY id"), expected_ids);
  EXPECT_EQ(raw.Scalar("SELECT COUNT(*) FROM listing_changes"),
            std::to_string(expected_history_rows));
}

TEST_F(ListingStoreTest, ConflictsAreReportedAndWriteNothing) {
  directory::ListingStore* store = &db_->listings();
  const Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  ListingWrites setup;
  setup.creates = {alpha};
  ASSERT_TRUE(store->Apply(setup, "tester", At(2024, 1, 1, 0, 0, 0)).ok());

  const Listing missing = MakeListing("src", "missing", "Testing Group Missing");
  Listing same_slug_other_id = MakeListing("src", "alpha", "Testing Group Impostor");
  same_slug_other_id.id = "1111111111111111";

  auto creates = [](std::vector<Listing> listings) {
    ListingWrites writes;
    writes.creates = std::move(listings);
    return writes;
  };
  ListingWrites update_missing;
  update_missing.updates = {missing};
  ListingWrites delete_missing;
  delete_missing.delete_ids = {missing.id};
  ListingWrites delete_twice;
  delete_twice.delete_ids = {alpha.id, alpha.id};

  struct Case {
    const char* what;
    ListingWrites writes;
    const char* message_part;
  };
  const std::vector<Case> cases = {
      {"create of an existing id", creates({alpha}), "already exists"},
      {"update of a missing id", update_missing, "does not exist"},
      {"delete of a missing id", delete_missing, "does not exist"},
      {"create reusing a source/slug", creates({same_slug_other_id}), "slug"},
      {"the same id created twice in one batch", creates({missing, missing}), "already exists"},
      {"the same id deleted twice in one batch", delete_twice, "does not exist"},
  };
  for (const Case& test_case : cases) {
    Status status = store->Apply(test_case.writes, "tester", At(2024, 2, 2, 0, 0, 0));
    EXPECT_EQ(status.code(), StatusCode::kConflict) << test_case.what;
    EXPECT_NE(status.message().find(test_case.message_part), std::string::npos)
        << test_case.what << ": " << status.message();
    ExpectContents(DbPath(), {alpha.id}, 1);
  }
}

TEST_F(ListingStoreTest, AnUpdateTakingAnotherListingsSlugIsAConflict) {
  directory::ListingStore* store = &db_->listings();
  const Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  const Listing beta = MakeListing("src", "beta", "Testing Group Beta");
  ListingWrites setup;
  setup.creates = {alpha, beta};
  ASSERT_TRUE(store->Apply(setup, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  Listing beta_as_alpha = beta;
  beta_as_alpha.slug = "alpha";
  ListingWrites update;
  update.updates = {beta_as_alpha};
  Status status = store->Apply(update, "tester", At(2024, 1, 2, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_NE(status.message().find("has the slug \"alpha\""), std::string::npos) << status.message();
  std::vector<std::string> ids = {alpha.id, beta.id};
  std::sort(ids.begin(), ids.end());
  ExpectContents(DbPath(), ids, 2);
  EXPECT_EQ(store->Get(beta.id)->value(), beta);
}

TEST_F(ListingStoreTest, AFailureRollsBackTheWholeBatch) {
  directory::ListingStore* store = &db_->listings();
  Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  ListingWrites setup;
  setup.creates = {alpha};
  ASSERT_TRUE(store->Apply(setup, "tester", At(2024, 1, 1, 0, 0, 0)).ok());

  Listing alpha_changed = alpha;
  alpha_changed.name = "Testing Group Alpha II";
  ListingWrites batch;
  batch.creates = {MakeListing("src", "beta", "Testing Group Beta"),
                   MakeListing("src", "gamma", "Testing Group Gamma")};
  batch.updates = {alpha_changed};
  batch.delete_ids = {alpha.id, "2222222222222222"};  // the second delete fails, last of all
  Status status = store->Apply(batch, "tester", At(2024, 1, 2, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kConflict);

  ExpectContents(DbPath(), {alpha.id}, 1);
  Result<std::optional<Listing>> got = store->Get(alpha.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, alpha);

  // The store is still usable afterwards.
  ListingWrites next;
  next.updates = {alpha_changed};
  EXPECT_TRUE(store->Apply(next, "tester", At(2024, 1, 3, 0, 0, 0)).ok());
  ExpectContents(DbPath(), {alpha.id}, 2);
}

TEST_F(ListingStoreTest, AListingThatCouldNotBeReadBackIsRejectedBeforeWriting) {
  directory::ListingStore* store = &db_->listings();
  Listing good = MakeListing("src", "good", "Testing Group Good");
  Listing bad_day = MakeListing("src", "bad", "Testing Group Bad");
  bad_day.schedule = {{.day = 9, .start_minute = 0, .duration_minutes = 60}};
  Listing one_coordinate = MakeListing("src", "half", "Testing Group Half");
  one_coordinate.location.longitude.reset();
  Listing no_id = MakeListing("src", "noid", "Testing Group No Id");
  no_id.id.clear();

  ListingWrites writes;
  writes.creates = {good, bad_day};
  Status status = store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "schedule[0].day");
  EXPECT_NE(status.message().find(bad_day.id), std::string::npos) << status.message();

  writes.creates = {good, one_coordinate};
  status = store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "location.longitude");

  Listing latin1 = MakeListing("src", "latin1", "Testing Group Espa\xF1ol");
  writes.creates = {good, latin1};
  status = store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "name");

  writes.creates = {no_id};
  status = store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "id");

  ExpectContents(DbPath(), {}, 0);
}

TEST_F(ListingStoreTest, CoordinatesComeBackExactly) {
  // Full-precision doubles that Boost.JSON 1.81 reads back one unit in the last place off; they
  // occur in real feeds (geocoder output such as -101.84852280000001).
  directory::ListingStore* store = &db_->listings();
  const std::vector<std::pair<double, double>> coordinates = {
      {-9.6845503473323049, -15.111250257404805},
      {52.892626196894156, -20.889744003267438},
      {33.584683899999997, -101.84852280000001},
  };
  ListingWrites writes;
  for (std::size_t index = 0; index < coordinates.size(); ++index) {
    Listing listing = MakeListing("src", "exact-" + std::to_string(index), "Testing Group Exact");
    listing.location.latitude = coordinates[index].first;
    listing.location.longitude = coordinates[index].second;
    writes.creates.push_back(listing);
  }
  ASSERT_TRUE(store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  for (const Listing& listing : writes.creates) {
    Result<std::optional<Listing>> got = store->Get(listing.id);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ(**got, listing);
    EXPECT_EQ(directory::ListingToJsonString(**got), directory::ListingToJsonString(listing));
  }
}

TEST_F(ListingStoreTest, AnUnreadableStoredDocumentIsAnInternalErrorNamingTheListing) {
  directory::ListingStore* store = &db_->listings();
  const Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  ListingWrites writes;
  writes.creates = {alpha};
  ASSERT_TRUE(store->Apply(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  {
    RawDb raw(DbPath());
    ASSERT_EQ(raw.Exec("UPDATE listings SET doc = '{\"id\":' WHERE id = '" + alpha.id + "'"), "");
  }
  Result<std::vector<Listing>> all = store->LoadAll();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kInternal);
  EXPECT_NE(all.status().message().find(alpha.id), std::string::npos);

  {
    RawDb raw(DbPath());
    ASSERT_EQ(raw.Exec("UPDATE listings SET doc = '{\"id\":\"x\"}' WHERE id = '" + alpha.id + "'"),
              "");
  }
  Result<std::optional<Listing>> got = store->Get(alpha.id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kInternal);
  EXPECT_NE(got.status().message().find("source"), std::string::npos) << got.status().message();
}

TEST_F(ListingStoreTest, AnEmptyBatchIsOk) {
  EXPECT_TRUE(db_->listings().Apply({}, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  EXPECT_EQ(ListingCount(), 0);
}

}  // namespace
}  // namespace rn::storage
