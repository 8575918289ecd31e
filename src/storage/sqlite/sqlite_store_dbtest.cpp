#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "directory/listing_json.h"
#include "storage/migrations/migrations.h"
#include "storage/sqlite/dbtest_listings.h"
#include "storage/sqlite/sqlite_store.h"
#include "util/testing.h"

namespace rn::storage {
namespace {

using directory::Listing;

using testing::TempDir;

// A raw SQLite connection to inspect the file behind the store's back.
class RawDb final {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
    sqlite3_busy_timeout(db_, 2000);
  }
  ~RawDb() { sqlite3_close(db_); }

  // The first column of every row of `sql`, as text ("NULL" for null).
  std::vector<std::string> Column(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << " in " << sql;
      return {};
    }
    std::vector<std::string> values;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      values.push_back(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
    }
    sqlite3_finalize(stmt);
    return values;
  }
  std::string Scalar(const std::string& sql) {
    std::vector<std::string> values = Column(sql);
    return values.empty() ? "" : values.front();
  }
  void Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      ADD_FAILURE() << error << " in " << sql;
      sqlite3_free(error);
    }
  }

 private:
  sqlite3* db_ = nullptr;
};

Instant At(int year, int month, int day, int hour, int minute, int second) {
  using namespace std::chrono;
  return sys_days(std::chrono::year(year) / month / day) + hours(hour) + minutes(minute) +
         seconds(second);
}

std::unique_ptr<Store> MustOpen(const std::string& path) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(path);
  EXPECT_TRUE(store.ok()) << store.status().message();
  if (!store.ok()) return nullptr;
  return std::move(*store);
}

class SqliteStoreTest : public ::testing::Test {
 protected:
  std::string DbPath() const { return (dir_.path() / "data" / "directory.db").string(); }

  TempDir dir_;
};

TEST(SqliteMigrationsTest, VersionsAreContiguousFromOne) {
  int expected = 1;
  for (const Migration& migration : SqliteMigrations()) {
    EXPECT_EQ(migration.version, expected++);
    EXPECT_FALSE(migration.name.empty());
    EXPECT_FALSE(migration.sql.empty());
  }
  EXPECT_EQ(LatestSchemaVersion(), expected - 1);
  EXPECT_GE(LatestSchemaVersion(), 1);
}

TEST_F(SqliteStoreTest, OpenCreatesTheParentDirectoryAndAppliesEveryMigrationOnce) {
  ASSERT_FALSE(std::filesystem::exists(dir_.path() / "data"));
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(std::filesystem::exists(DbPath()));

  RawDb raw(DbPath());
  std::vector<std::string> expected_versions;
  for (const Migration& migration : SqliteMigrations()) {
    expected_versions.push_back(std::to_string(migration.version));
  }
  EXPECT_EQ(raw.Column("SELECT version FROM schema_migrations ORDER BY version"),
            expected_versions);
  EXPECT_EQ(raw.Scalar("SELECT name FROM schema_migrations WHERE version = 1"), "directory");
  EXPECT_EQ(raw.Column("SELECT name FROM sqlite_master WHERE type = 'table' AND name IN "
                       "('listings', 'listing_changes') ORDER BY name"),
            (std::vector<std::string>{"listing_changes", "listings"}));
}

TEST_F(SqliteStoreTest, ReopeningIsANoOpAndKeepsTheData) {
  {
    std::unique_ptr<Store> store = MustOpen(DbPath());
    ASSERT_NE(store, nullptr);
    ListingWrites writes;
    writes.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
    ASSERT_TRUE(store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  }
  RawDb raw(DbPath());
  const std::vector<std::string> before =
      raw.Column("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY version");
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  EXPECT_EQ(
      raw.Column("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY version"),
      before);
  Result<std::int64_t> count = store->CountListings();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST_F(SqliteStoreTest, OpeningAnUpToDateDatabaseTakesNoWriteLock) {
  ASSERT_NE(MustOpen(DbPath()), nullptr);
  RawDb writer(DbPath());
  writer.Exec("BEGIN IMMEDIATE");  // holds the write lock, as a long import would
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(store->LoadListings().ok());
  writer.Exec("ROLLBACK");
}

TEST_F(SqliteStoreTest, UsesWalMode) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  // WAL is a property of the file, so a second connection sees it.
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Scalar("PRAGMA journal_mode"), "wal");
  EXPECT_TRUE(store->Ping().ok());
}

TEST_F(SqliteStoreTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_NE(MustOpen(DbPath()), nullptr);
  {
    RawDb raw(DbPath());
    raw.Exec(
        "INSERT INTO schema_migrations (version, name, applied_at) "
        "VALUES (999, 'future', '2030-01-01T00:00:00Z')");
  }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore(DbPath());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInternal);
  EXPECT_NE(store.status().message().find("999"), std::string::npos) << store.status().message();
}

TEST_F(SqliteStoreTest, EmptyPathIsInvalid) {
  Result<std::unique_ptr<Store>> store = OpenSqliteStore("");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, UnopenablePathIsAnError) {
  // The parent "directory" is a regular file.
  const std::filesystem::path blocker = dir_.path() / "blocker";
  { std::ofstream(blocker.string()) << "x"; }
  Result<std::unique_ptr<Store>> store = OpenSqliteStore((blocker / "db.sqlite").string());
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kInternal);
}

TEST_F(SqliteStoreTest, CreateReadUpdateDelete) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  Listing beta = MakeListing("src", "beta", "Testing Group Beta");
  Listing gamma = MakeListing("other", "gamma", "Testing Group Gamma");
  gamma.location.latitude.reset();
  gamma.location.longitude.reset();
  gamma.schedule.clear();

  ListingWrites creates;
  creates.creates = {alpha, beta, gamma};
  ASSERT_TRUE(store->ApplyListingWrites(creates, "tester", At(2024, 5, 6, 7, 8, 9)).ok());

  Result<std::int64_t> count = store->CountListings();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 3);
  Result<std::optional<Listing>> got = store->GetListing(beta.id);
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  EXPECT_EQ(**got, beta);
  got = store->GetListing(gamma.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, gamma);
  got = store->GetListing("ffffffffffffffff");
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());

  Result<std::vector<Listing>> of_source = store->LoadListingsOfSource("src");
  ASSERT_TRUE(of_source.ok());
  ASSERT_EQ(of_source->size(), 2u);
  Result<std::vector<Listing>> of_nobody = store->LoadListingsOfSource("nobody");
  ASSERT_TRUE(of_nobody.ok());
  EXPECT_TRUE(of_nobody->empty());

  Listing beta_changed = beta;
  beta_changed.name = "Testing Group Beta (renamed)";
  beta_changed.attendance = directory::Attendance::kOnline;
  ListingWrites update;
  update.updates = {beta_changed};
  ASSERT_TRUE(store->ApplyListingWrites(update, "tester", At(2024, 5, 7, 0, 0, 0)).ok());
  got = store->GetListing(beta.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, beta_changed);

  ListingWrites remove;
  remove.delete_ids = {alpha.id};
  ASSERT_TRUE(store->ApplyListingWrites(remove, "tester", At(2024, 5, 8, 0, 0, 0)).ok());
  got = store->GetListing(alpha.id);
  ASSERT_TRUE(got.ok());
  EXPECT_FALSE(got->has_value());
  count = store->CountListings();
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

TEST_F(SqliteStoreTest, LoadListingsIsOrderedById) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  ListingWrites writes;
  std::vector<std::string> ids;
  for (int index = 0; index < 40; ++index) {
    Listing listing = MakeListing(index % 2 == 0 ? "even" : "odd", "group-" + std::to_string(index),
                                  "Testing Group " + std::to_string(index));
    ids.push_back(listing.id);
    writes.creates.push_back(listing);
  }
  ASSERT_TRUE(store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  std::sort(ids.begin(), ids.end());
  ASSERT_NE(ids.front(), writes.creates.front().id);  // insertion order is not id order

  Result<std::vector<Listing>> all = store->LoadListings();
  ASSERT_TRUE(all.ok());
  std::vector<std::string> loaded_ids;
  for (const Listing& listing : *all) loaded_ids.push_back(listing.id);
  EXPECT_EQ(loaded_ids, ids);

  Result<std::vector<Listing>> odd = store->LoadListingsOfSource("odd");
  ASSERT_TRUE(odd.ok());
  ASSERT_EQ(odd->size(), 20u);
  for (std::size_t index = 1; index < odd->size(); ++index) {
    EXPECT_LT((*odd)[index - 1].id, (*odd)[index].id);
    EXPECT_EQ((*odd)[index].source, "odd");
  }
}

TEST_F(SqliteStoreTest, HistoryRecordsEveryWriteAndOutlivesTheListing) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  const Listing original = MakeListing("src", "alpha", "Testing Group Alpha");
  Listing changed = original;
  changed.notes = "Now meets in the annex";

  ListingWrites create;
  create.creates = {original};
  ASSERT_TRUE(store->ApplyListingWrites(create, "import:src", At(2024, 5, 6, 7, 8, 9)).ok());
  ListingWrites update;
  update.updates = {changed};
  ASSERT_TRUE(store->ApplyListingWrites(update, "editor-one", At(2024, 5, 6, 8, 0, 0)).ok());
  ListingWrites remove;
  remove.delete_ids = {original.id};
  ASSERT_TRUE(store->ApplyListingWrites(remove, "import:src", At(2024, 12, 31, 23, 59, 59)).ok());

  Result<std::vector<ListingChange>> history = store->ListingHistory(original.id);
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

  Result<std::vector<ListingChange>> none = store->ListingHistory("0000000000000000");
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

TEST_F(SqliteStoreTest, ConflictsAreReportedAndWriteNothing) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  const Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  ListingWrites setup;
  setup.creates = {alpha};
  ASSERT_TRUE(store->ApplyListingWrites(setup, "tester", At(2024, 1, 1, 0, 0, 0)).ok());

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
    Status status = store->ApplyListingWrites(test_case.writes, "tester", At(2024, 2, 2, 0, 0, 0));
    EXPECT_EQ(status.code(), StatusCode::kConflict) << test_case.what;
    EXPECT_NE(status.message().find(test_case.message_part), std::string::npos)
        << test_case.what << ": " << status.message();
    ExpectContents(DbPath(), {alpha.id}, 1);
  }
}

TEST_F(SqliteStoreTest, AFailureRollsBackTheWholeBatch) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  ListingWrites setup;
  setup.creates = {alpha};
  ASSERT_TRUE(store->ApplyListingWrites(setup, "tester", At(2024, 1, 1, 0, 0, 0)).ok());

  Listing alpha_changed = alpha;
  alpha_changed.name = "Testing Group Alpha II";
  ListingWrites batch;
  batch.creates = {MakeListing("src", "beta", "Testing Group Beta"),
                   MakeListing("src", "gamma", "Testing Group Gamma")};
  batch.updates = {alpha_changed};
  batch.delete_ids = {alpha.id, "2222222222222222"};  // the second delete fails, last of all
  Status status = store->ApplyListingWrites(batch, "tester", At(2024, 1, 2, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kConflict);

  ExpectContents(DbPath(), {alpha.id}, 1);
  Result<std::optional<Listing>> got = store->GetListing(alpha.id);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, alpha);

  // The store is still usable afterwards.
  ListingWrites next;
  next.updates = {alpha_changed};
  EXPECT_TRUE(store->ApplyListingWrites(next, "tester", At(2024, 1, 3, 0, 0, 0)).ok());
  ExpectContents(DbPath(), {alpha.id}, 2);
}

TEST_F(SqliteStoreTest, AListingThatCouldNotBeReadBackIsRejectedBeforeWriting) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  Listing good = MakeListing("src", "good", "Testing Group Good");
  Listing bad_day = MakeListing("src", "bad", "Testing Group Bad");
  bad_day.schedule = {{.day = 9, .start_minute = 0, .duration_minutes = 60}};
  Listing one_coordinate = MakeListing("src", "half", "Testing Group Half");
  one_coordinate.location.longitude.reset();
  Listing no_id = MakeListing("src", "noid", "Testing Group No Id");
  no_id.id.clear();

  ListingWrites writes;
  writes.creates = {good, bad_day};
  Status status = store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "schedule[0].day");
  EXPECT_NE(status.message().find(bad_day.id), std::string::npos) << status.message();

  writes.creates = {good, one_coordinate};
  status = store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "location.longitude");

  Listing latin1 = MakeListing("src", "latin1", "Testing Group Espa\xF1ol");
  writes.creates = {good, latin1};
  status = store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "name");

  writes.creates = {no_id};
  status = store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0));
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "id");

  ExpectContents(DbPath(), {}, 0);
}

TEST_F(SqliteStoreTest, CoordinatesComeBackExactly) {
  // Full-precision doubles that Boost.JSON 1.81 reads back one unit in the last place off; they
  // occur in real feeds (geocoder output such as -101.84852280000001).
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
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
  ASSERT_TRUE(store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  for (const Listing& listing : writes.creates) {
    Result<std::optional<Listing>> got = store->GetListing(listing.id);
    ASSERT_TRUE(got.ok() && got->has_value());
    EXPECT_EQ(**got, listing);
    EXPECT_EQ(directory::ListingToJsonString(**got), directory::ListingToJsonString(listing));
  }
}

TEST_F(SqliteStoreTest, AnUnreadableStoredDocumentIsAnInternalErrorNamingTheListing) {
  std::unique_ptr<Store> store = MustOpen(DbPath());
  ASSERT_NE(store, nullptr);
  const Listing alpha = MakeListing("src", "alpha", "Testing Group Alpha");
  ListingWrites writes;
  writes.creates = {alpha};
  ASSERT_TRUE(store->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  {
    RawDb raw(DbPath());
    raw.Exec("UPDATE listings SET doc = '{\"id\":' WHERE id = '" + alpha.id + "'");
  }
  Result<std::vector<Listing>> all = store->LoadListings();
  ASSERT_FALSE(all.ok());
  EXPECT_EQ(all.status().code(), StatusCode::kInternal);
  EXPECT_NE(all.status().message().find(alpha.id), std::string::npos);

  {
    RawDb raw(DbPath());
    raw.Exec("UPDATE listings SET doc = '{\"id\":\"x\"}' WHERE id = '" + alpha.id + "'");
  }
  Result<std::optional<Listing>> got = store->GetListing(alpha.id);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kInternal);
  EXPECT_NE(got.status().message().find("source"), std::string::npos) << got.status().message();
}

TEST_F(SqliteStoreTest, TwoStoresOnOneFileSeeEachOthersWrites) {
  std::unique_ptr<Store> writer = MustOpen(DbPath());
  std::unique_ptr<Store> reader = MustOpen(DbPath());
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(reader, nullptr);
  ListingWrites writes;
  writes.creates = {MakeListing("src", "alpha", "Testing Group Alpha")};
  ASSERT_TRUE(writer->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  Result<std::int64_t> count = reader->CountListings();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST(SqliteStoreMemoryTest, InMemoryStoresArePrivate) {
  std::unique_ptr<Store> first = MustOpen(":memory:");
  std::unique_ptr<Store> second = MustOpen(":memory:");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ListingWrites writes;
  writes.creates = {MakeListing("src", "alpha", "Testing Group Alpha")};
  ASSERT_TRUE(first->ApplyListingWrites(writes, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  EXPECT_EQ(*first->CountListings(), 1);
  EXPECT_EQ(*second->CountListings(), 0);
  EXPECT_TRUE(first->Ping().ok());
}

TEST(SqliteStoreMemoryTest, AnEmptyBatchIsOk) {
  std::unique_ptr<Store> store = MustOpen(":memory:");
  ASSERT_NE(store, nullptr);
  EXPECT_TRUE(store->ApplyListingWrites({}, "tester", At(2024, 1, 1, 0, 0, 0)).ok());
  EXPECT_EQ(*store->CountListings(), 0);
}

}  // namespace
}  // namespace rn::storage
