// Opening a Database: the file and its directory, the connection's configuration, and the
// migrations (applied once, in order, and never to a database from a newer program).

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "storage/migrations/migrations.h"
#include "storage/sql/dbtest_database.h"
#include "storage/sql/dbtest_listings.h"

namespace rn::storage {
namespace {

using directory::ListingWrites;

std::unique_ptr<Database> MustOpen(const std::string& path) {
  Result<std::unique_ptr<Database>> db = Database::Open(path);
  EXPECT_TRUE(db.ok()) << db.status().message();
  if (!db.ok()) return nullptr;
  return std::move(*db);
}

// Opening a database; the tests of a SQLite file's own behaviour (its folder, its locks, its WAL)
// skip on PostgreSQL, whose migrations postgres/migrations_dbtest.cpp tests.
class DatabaseOpenTest : public ::testing::Test {
 protected:
  std::string DbPath() const { return (dir_.path() / "data" / "directory.db").string(); }

  testing::TempDir dir_;
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

TEST_F(DatabaseOpenTest, OpenCreatesTheParentDirectoryAndAppliesEveryMigrationOnce) {
  RN_SQLITE_ONLY();
  ASSERT_FALSE(std::filesystem::exists(dir_.path() / "data"));
  std::unique_ptr<Database> db = MustOpen(DbPath());
  ASSERT_NE(db, nullptr);
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

TEST_F(DatabaseOpenTest, ReopeningIsANoOpAndKeepsTheData) {
  {
    std::unique_ptr<Database> db = MustOpen(TestLocation(DbPath()));
    ASSERT_NE(db, nullptr);
    ListingWrites writes;
    writes.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
    ASSERT_TRUE(db->listings().Apply(writes, "tester", TestInstant()).ok());
  }
  RawDb raw(DbPath());
  const std::vector<std::string> before =
      raw.Column("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY version");
  std::unique_ptr<Database> db = MustOpen(TestLocation(DbPath()));
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(
      raw.Column("SELECT version || ' ' || applied_at FROM schema_migrations ORDER BY version"),
      before);
  Result<std::int64_t> count = db->listings().Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST_F(DatabaseOpenTest, AnOlderDatabaseIsMigratedToTheNewestSchemaKeepingItsData) {
  RN_SQLITE_ONLY();
  // A database made by a program that knew only the first migrations, with a site in it.
  const auto migrations = SqliteMigrations();
  ASSERT_GE(migrations.size(), 3u);
  std::filesystem::create_directories(dir_.path() / "data");
  {
    RawDb raw(DbPath());
    ASSERT_EQ(raw.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY NOT NULL, "
                       "name TEXT NOT NULL, applied_at TEXT NOT NULL)"),
              "");
    for (std::size_t index = 0; index < 3; ++index) {
      ASSERT_EQ(raw.Exec(std::string(migrations[index].sql)), "") << migrations[index].version;
      ASSERT_EQ(raw.Exec("INSERT INTO schema_migrations VALUES (" +
                         std::to_string(migrations[index].version) + ", '" +
                         std::string(migrations[index].name) + "', '2026-01-01T00:00:00Z')"),
                "");
    }
    ASSERT_EQ(raw.Exec("INSERT INTO sites (id, name) VALUES ('north', 'North Site')"), "");
  }
  std::unique_ptr<Database> db = MustOpen(DbPath());
  ASSERT_NE(db, nullptr);
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Scalar("SELECT MAX(version) FROM schema_migrations"),
            std::to_string(LatestSchemaVersion()));
  EXPECT_EQ(raw.Scalar("SELECT applied_at FROM schema_migrations WHERE version = 1"),
            "2026-01-01T00:00:00Z");  // the old ones are not applied again
  Result<std::vector<identity::Site>> sites = db->accounts().ListSites();
  ASSERT_TRUE(sites.ok());
  EXPECT_EQ(*sites, (std::vector<identity::Site>{{"north", "North Site"}}));
  // The newer tables work.
  identity::ApiToken token;
  token.id = "0123456789abcdef";
  token.label = "Test token";
  token.site_id = "north";
  token.created_by = "cli:tester";
  token.created_at = "2026-11-23T00:00:00Z";
  token.expires_at = "2027-11-23T00:00:00Z";
  ASSERT_TRUE(db->tokens().Insert(token, "hash").ok());
  EXPECT_EQ(db->tokens().Get(token.id)->value().expires_at, "2027-11-23T00:00:00Z");
}

TEST_F(DatabaseOpenTest, OpeningAnUpToDateDatabaseTakesNoWriteLock) {
  RN_SQLITE_ONLY();
  ASSERT_NE(MustOpen(DbPath()), nullptr);
  RawDb writer(DbPath());
  ASSERT_EQ(writer.Exec("BEGIN IMMEDIATE"), "");  // holds the write lock, as a long import would
  const auto start = std::chrono::steady_clock::now();
  std::unique_ptr<Database> db = MustOpen(DbPath());
  ASSERT_NE(db, nullptr);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(db->listings().LoadAll().ok());
  EXPECT_EQ(writer.Exec("ROLLBACK"), "");
}

TEST_F(DatabaseOpenTest, UsesWalMode) {
  RN_SQLITE_ONLY();
  std::unique_ptr<Database> db = MustOpen(DbPath());
  ASSERT_NE(db, nullptr);
  // WAL is a property of the file, so a second connection sees it.
  RawDb raw(DbPath());
  EXPECT_EQ(raw.Scalar("PRAGMA journal_mode"), "wal");
}

TEST_F(DatabaseOpenTest, RefusesADatabaseFromANewerVersion) {
  ASSERT_NE(MustOpen(TestLocation(DbPath())), nullptr);
  {
    RawDb raw(DbPath());
    ASSERT_EQ(raw.Exec("INSERT INTO schema_migrations (version, name, applied_at) "
                       "VALUES (999, 'future', '2030-01-01T00:00:00Z')"),
              "");
  }
  Result<std::unique_ptr<Database>> db = Database::Open(TestLocation(DbPath()));
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInternal);
  EXPECT_NE(db.status().message().find("999"), std::string::npos) << db.status().message();
}

TEST_F(DatabaseOpenTest, EmptyPathIsInvalid) {
  Result<std::unique_ptr<Database>> db = Database::Open("");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DatabaseOpenTest, UnopenablePathIsAnError) {
  RN_SQLITE_ONLY();
  // The parent "directory" is a regular file.
  const std::filesystem::path blocker = dir_.path() / "blocker";
  { std::ofstream(blocker.string()) << "x"; }
  Result<std::unique_ptr<Database>> db = Database::Open((blocker / "db.sqlite").string());
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kInternal);
}

TEST_F(DatabaseOpenTest, TwoDatabasesOnOneFileSeeEachOthersWrites) {
  std::unique_ptr<Database> writer = MustOpen(TestLocation(DbPath()));
  std::unique_ptr<Database> reader = MustOpen(TestLocation(DbPath()));
  ASSERT_NE(writer, nullptr);
  ASSERT_NE(reader, nullptr);
  ListingWrites writes;
  writes.creates = {MakeListing("src", "alpha", "Testing Group Alpha")};
  ASSERT_TRUE(writer->listings().Apply(writes, "tester", TestInstant()).ok());
  Result<std::int64_t> count = reader->listings().Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 1);
}

TEST(DatabaseMemoryTest, InMemoryDatabasesArePrivate) {
  std::unique_ptr<Database> first = MustOpen(":memory:");
  std::unique_ptr<Database> second = MustOpen(":memory:");
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  ListingWrites writes;
  writes.creates = {MakeListing("src", "alpha", "Testing Group Alpha")};
  ASSERT_TRUE(first->listings().Apply(writes, "tester", TestInstant()).ok());
  EXPECT_EQ(*first->listings().Count(), 1);
  EXPECT_EQ(*second->listings().Count(), 0);
}

TEST(DatabaseMemoryTest, TheRepositoriesShareOneConnection) {
  std::unique_ptr<Database> db = MustOpen(":memory:");
  ASSERT_NE(db, nullptr);
  // A write through one repository is seen by the queries of another: a listing's source is an
  // import source.
  ListingWrites writes;
  writes.creates = {MakeListing("src", "alpha", "Testing Group Alpha")};
  ASSERT_TRUE(db->listings().Apply(writes, "tester", TestInstant()).ok());
  Result<std::vector<directory::ImportSource>> sources = db->import_sources().List();
  ASSERT_TRUE(sources.ok());
  ASSERT_EQ(sources->size(), 1u);
  EXPECT_EQ((*sources)[0].source, "src");
  EXPECT_EQ((*sources)[0].listings, 1);
}

// A postgresql:// URI loads the PostgreSQL module (librn_postgres.so beside the executable) and
// connects through it: with no server there, the error is the connection's.
TEST(PostgresDatabaseTest, AServerThatIsNotThereIsUnavailableAndSaysSo) {
  Result<std::unique_ptr<Database>> db =
      Database::Open("postgresql://postgres@/rn?host=/nonexistent-rn-socket-dir&port=1");
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), StatusCode::kUnavailable) << db.status().message();
  EXPECT_NE(db.status().message().find("connect"), std::string::npos) << db.status().message();
}

}  // namespace
}  // namespace rn::storage
