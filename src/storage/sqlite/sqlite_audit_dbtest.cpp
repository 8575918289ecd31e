// The audit trail in the SQLite store: appends build the hash chain, the schema refuses changes,
// and listing writes (imports) append their audit entry in the same transaction.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "directory/import_service.h"
#include "identity/audit.h"
#include "storage/sqlite/dbtest_listings.h"
#include "storage/sqlite/sqlite_store.h"
#include "util/testing.h"

namespace rn::storage {
namespace {

using directory::Listing;
using identity::AuditEvent;
using identity::AuditHead;
using testing::TempDir;

// A raw SQLite connection that goes behind the store's back, as someone with the file would.
class RawDb final {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
    sqlite3_busy_timeout(db_, 2000);
  }
  ~RawDb() { sqlite3_close(db_); }

  // Runs `sql`; returns "" on success, else SQLite's error message.
  std::string Exec(const std::string& sql) {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
    std::string message = error == nullptr ? "error" : error;
    sqlite3_free(error);
    return message;
  }

  // The first column of the first row of `sql` as text, or "" when there is none.
  std::string Scalar(const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << " in " << sql;
      return "";
    }
    std::string value;
    if (sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      value = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    return value;
  }

 private:
  sqlite3* db_ = nullptr;
};

Instant At(int hour, int minute) {
  using namespace std::chrono;
  return sys_days(year(2026) / 11 / 23) + hours(hour) + minutes(minute);
}

AuditEvent Event(const std::string& action, const std::string& target) {
  AuditEvent event;
  event.at = "2026-11-23T12:00:00Z";
  event.actor = "tester";
  event.action = action;
  event.target = target;
  event.site = "Test Site";
  event.remote_address = "192.0.2.10";
  event.details = R"({"reason":"test"})";
  return event;
}

// "intact", or "entry SEQ: REASON".
std::string Verify(Store& store) {
  Result<AuditHead> head = store.LoadAuditHead();
  Result<std::vector<AuditEvent>> events = store.LoadAudit();
  if (!head.ok()) return "head: " + head.status().message();
  if (!events.ok()) return "events: " + events.status().message();
  auto broken = identity::VerifyChain(*events, *head);
  if (!broken.has_value()) return "intact";
  return "entry " + std::to_string(broken->seq) + ": " + broken->reason;
}

class SqliteAuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(DbPath());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  std::string DbPath() const { return (dir_.path() / "audit.db").string(); }

  std::vector<AuditEvent> Load() {
    Result<std::vector<AuditEvent>> events = store_->LoadAudit();
    EXPECT_TRUE(events.ok()) << events.status().message();
    return events.ok() ? *events : std::vector<AuditEvent>();
  }

  AuditHead Head() {
    Result<AuditHead> head = store_->LoadAuditHead();
    EXPECT_TRUE(head.ok()) << head.status().message();
    return head.ok() ? *head : AuditHead{-1, ""};
  }

  TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST_F(SqliteAuditTest, ANewDatabaseHasAnEmptyLogAndAGenesisHead) {
  EXPECT_TRUE(Load().empty());
  const AuditHead head = Head();
  EXPECT_EQ(head.last_seq, 0);
  EXPECT_EQ(head.last_hash, std::string(64, '0'));
  EXPECT_EQ(Verify(*store_), "intact");
}

TEST_F(SqliteAuditTest, AppendAssignsTheChainAndAdvancesTheHead) {
  std::vector<AuditEvent> appended;
  for (const char* target : {"listing:a", "listing:b", "listing:c"}) {
    AuditEvent event = Event("directory.listing.update", target);
    event.seq = 77;                 // whatever the caller put there is replaced
    event.hash = "caller's guess";  // likewise
    ASSERT_TRUE(store_->AppendAudit(&event).ok());
    appended.push_back(event);
  }
  ASSERT_EQ(appended.size(), 3u);
  for (std::size_t index = 0; index < appended.size(); ++index) {
    const AuditEvent& event = appended[index];
    EXPECT_EQ(event.seq, static_cast<std::int64_t>(index) + 1);
    EXPECT_EQ(event.prev_hash, index == 0 ? std::string(64, '0') : appended[index - 1].hash);
    EXPECT_EQ(event.hash, identity::AuditHash(event));
  }
  EXPECT_EQ(Load(), appended);
  const AuditHead head = Head();
  EXPECT_EQ(head.last_seq, 3);
  EXPECT_EQ(head.last_hash, appended.back().hash);
  EXPECT_EQ(Verify(*store_), "intact");
}

TEST_F(SqliteAuditTest, EmptyDetailsAreStoredAsAnEmptyObject) {
  AuditEvent event = Event("login.success", "");
  event.details.clear();
  ASSERT_TRUE(store_->AppendAudit(&event).ok());
  EXPECT_EQ(Load().front().details, "{}");
  EXPECT_EQ(Verify(*store_), "intact");
}

TEST_F(SqliteAuditTest, AnInvalidEventIsRefusedNamingTheFieldAndWritesNothing) {
  AuditEvent event = Event("login.failure", "");
  event.details = "not json";
  Status status = store_->AppendAudit(&event);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "details");
  event = Event("", "");
  EXPECT_EQ(store_->AppendAudit(&event).field(), "action");
  EXPECT_TRUE(Load().empty());
  EXPECT_EQ(Head().last_seq, 0);
}

TEST_F(SqliteAuditTest, SqlUpdateAndDeleteOfAnEntryAreRefused) {
  AuditEvent event = Event("permission.denied", "listing:a");
  ASSERT_TRUE(store_->AppendAudit(&event).ok());
  RawDb raw(DbPath());
  EXPECT_NE(raw.Exec("UPDATE audit_events SET details = '{}' WHERE seq = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit_events WHERE seq = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit_events").find("append-only"), std::string::npos);
  // REPLACE deletes the old row without firing DELETE triggers; the INSERT trigger still fires.
  EXPECT_NE(raw.Exec("INSERT OR REPLACE INTO audit_events SELECT * FROM audit_events")
                .find("append-only"),
            std::string::npos);
  EXPECT_NE(raw.Exec("INSERT INTO audit_events SELECT 5, at, actor, action, target, site, "
                     "remote_address, details, prev_hash, hash FROM audit_events")
                .find("append-only"),
            std::string::npos);
  EXPECT_EQ(Load(), std::vector<AuditEvent>{event});
  EXPECT_EQ(Verify(*store_), "intact");
}

TEST_F(SqliteAuditTest, TheHeadCanOnlyAdvanceToTheNewestEntry) {
  AuditEvent event = Event("login.success", "");
  ASSERT_TRUE(store_->AppendAudit(&event).ok());
  RawDb raw(DbPath());
  EXPECT_NE(
      raw.Exec("UPDATE audit_head SET last_seq = 0, last_hash = '" + std::string(64, '0') + "'"),
      "");
  EXPECT_NE(raw.Exec("UPDATE audit_head SET last_seq = 2"), "");
  EXPECT_NE(raw.Exec("DELETE FROM audit_head"), "");
  EXPECT_NE(raw.Exec("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (2, 0, 'x')"), "");
  // REPLACE deletes the old row without firing DELETE triggers; the INSERT trigger still fires.
  EXPECT_NE(raw.Exec("INSERT OR REPLACE INTO audit_head (id, last_seq, last_hash) VALUES (1, 0, '" +
                     std::string(64, '0') + "')"),
            "");
  EXPECT_EQ(Head().last_seq, 1);
  EXPECT_EQ(Verify(*store_), "intact");
}

TEST_F(SqliteAuditTest, AnEntryEditedBehindTheTriggersIsNamedByVerify) {
  for (const char* target : {"listing:a", "listing:b", "listing:c"}) {
    AuditEvent event = Event("directory.listing.update", target);
    ASSERT_TRUE(store_->AppendAudit(&event).ok());
  }
  RawDb raw(DbPath());
  ASSERT_EQ(raw.Exec("DROP TRIGGER audit_events_no_update"), "");
  ASSERT_EQ(raw.Exec("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2"), "");
  EXPECT_EQ(Verify(*store_), "entry 2: the stored hash does not match the entry's content");
}

TEST_F(SqliteAuditTest, DeletingTheNewestEntryBehindTheTriggersIsCaughtByTheHead) {
  for (const char* target : {"listing:a", "listing:b"}) {
    AuditEvent event = Event("directory.listing.update", target);
    ASSERT_TRUE(store_->AppendAudit(&event).ok());
  }
  RawDb raw(DbPath());
  ASSERT_EQ(raw.Exec("DROP TRIGGER audit_events_no_delete"), "");
  ASSERT_EQ(raw.Exec("DELETE FROM audit_events WHERE seq = 2"), "");
  const std::string result = Verify(*store_);
  EXPECT_EQ(result.rfind("entry 2: missing", 0), 0u) << result;
}

TEST_F(SqliteAuditTest, ListingWritesAppendTheirAuditEntryAtomically) {
  ListingWrites writes;
  writes.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
  writes.audit = Event("directory.listing.create", "listing:src-a");
  ASSERT_TRUE(store_->ApplyListingWrites(writes, "tester", At(12, 0)).ok());
  ASSERT_EQ(Load().size(), 1u);

  // The second create conflicts: neither the listings nor the audit entry may land.
  ListingWrites failing;
  failing.creates.push_back(MakeListing("src", "b", "Testing Group Bravo"));
  failing.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
  failing.audit = Event("directory.listing.create", "listing:src-b");
  EXPECT_EQ(store_->ApplyListingWrites(failing, "tester", At(12, 1)).code(), StatusCode::kConflict);
  EXPECT_EQ(Load().size(), 1u);
  EXPECT_EQ(Head().last_seq, 1);
  EXPECT_EQ(*store_->CountListings(), 1);

  // An invalid audit entry stops the writes before anything is written.
  ListingWrites bad_audit;
  bad_audit.creates.push_back(MakeListing("src", "c", "Testing Group Charlie"));
  bad_audit.audit = Event("directory.listing.create", "listing:src-c");
  bad_audit.audit->actor.clear();
  EXPECT_EQ(store_->ApplyListingWrites(bad_audit, "tester", At(12, 2)).field(), "actor");
  EXPECT_EQ(*store_->CountListings(), 1);
  EXPECT_EQ(Load().size(), 1u);
  EXPECT_EQ(Verify(*store_), "intact");
}

TEST_F(SqliteAuditTest, AnImportThatWritesAppendsOneEntryWithItsCounts) {
  std::vector<Listing> feed = {MakeListing("test-feed", "a", "Testing Group Alpha"),
                               MakeListing("test-feed", "b", "Testing Group Bravo")};
  ASSERT_TRUE(directory::ApplyImport(*store_, "test-feed", feed, 1, At(9, 30)).ok());
  std::vector<AuditEvent> events = Load();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq, 1);
  EXPECT_EQ(events[0].at, "2026-11-23T09:30:00Z");
  EXPECT_EQ(events[0].actor, "import:test-feed");
  EXPECT_EQ(events[0].action, "directory.import");
  EXPECT_EQ(events[0].target, "source:test-feed");
  EXPECT_EQ(events[0].details,
            R"({"imported":2,"updated":0,"unchanged":0,"removed":0,"rejected":1})");

  // The same feed again writes nothing, so it records nothing.
  ASSERT_TRUE(directory::ApplyImport(*store_, "test-feed", feed, 0, At(9, 31)).ok());
  EXPECT_EQ(Load().size(), 1u);

  feed[1].name = "Testing Group Bravo Renamed";
  feed.push_back(MakeListing("test-feed", "c", "Testing Group Charlie"));
  feed.erase(feed.begin());
  ASSERT_TRUE(directory::ApplyImport(*store_, "test-feed", feed, 0, At(9, 32)).ok());
  events = Load();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].details,
            R"({"imported":1,"updated":1,"unchanged":0,"removed":1,"rejected":0})");
  EXPECT_EQ(events[1].prev_hash, events[0].hash);
  EXPECT_EQ(Verify(*store_), "intact");
}

}  // namespace
}  // namespace rn::storage
