// identity::AuditStore on SQLite: appends build the hash chain and advance the head, the schema
// refuses changes behind the store's back, and VerifyChain names what someone without the triggers
// changed.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "identity/audit.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

using identity::AuditEvent;
using identity::AuditHead;

class AuditStoreTest : public FileDatabaseTest {
 protected:
  AuditHead Head() {
    Result<AuditHead> head = db_->audit().LoadHead();
    EXPECT_TRUE(head.ok()) << head.status().message();
    return head.ok() ? *head : AuditHead{-1, ""};
  }
};

TEST_F(AuditStoreTest, ANewDatabaseHasAnEmptyLogAndAGenesisHead) {
  EXPECT_TRUE(LoadAudit().empty());
  const AuditHead head = Head();
  EXPECT_EQ(head.last_seq, 0);
  EXPECT_EQ(head.last_hash, std::string(64, '0'));
  EXPECT_EQ(VerifyAudit(), "intact");
}

TEST_F(AuditStoreTest, AppendAssignsTheChainAndAdvancesTheHead) {
  std::vector<AuditEvent> appended;
  for (const char* target : {"listing:a", "listing:b", "listing:c"}) {
    AuditEvent event = TestEntry("directory.listing.update", target);
    event.seq = 77;                 // whatever the caller put there is replaced
    event.hash = "caller's guess";  // likewise
    ASSERT_TRUE(db_->audit().Append(&event).ok());
    appended.push_back(event);
  }
  ASSERT_EQ(appended.size(), 3u);
  for (std::size_t index = 0; index < appended.size(); ++index) {
    const AuditEvent& event = appended[index];
    EXPECT_EQ(event.seq, static_cast<std::int64_t>(index) + 1);
    EXPECT_EQ(event.prev_hash, index == 0 ? std::string(64, '0') : appended[index - 1].hash);
    EXPECT_EQ(event.hash, identity::AuditHash(event));
  }
  EXPECT_EQ(LoadAudit(), appended);
  const AuditHead head = Head();
  EXPECT_EQ(head.last_seq, 3);
  EXPECT_EQ(head.last_hash, appended.back().hash);
  EXPECT_EQ(VerifyAudit(), "intact");
}

TEST_F(AuditStoreTest, EmptyDetailsAreStoredAsAnEmptyObject) {
  AuditEvent event = TestEntry("auth.login");
  event.details.clear();
  ASSERT_TRUE(db_->audit().Append(&event).ok());
  EXPECT_EQ(LoadAudit().front().details, "{}");
  EXPECT_EQ(VerifyAudit(), "intact");
}

TEST_F(AuditStoreTest, AnInvalidEventIsRefusedNamingTheFieldAndWritesNothing) {
  AuditEvent event = TestEntry("auth.login.failure");
  event.details = "not json";
  Status status = db_->audit().Append(&event);
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "details");
  event = TestEntry("");
  EXPECT_EQ(db_->audit().Append(&event).field(), "action");
  EXPECT_TRUE(LoadAudit().empty());
  EXPECT_EQ(Head().last_seq, 0);
}

TEST_F(AuditStoreTest, SqlUpdateAndDeleteOfAnEntryAreRefused) {
  AuditEvent event = TestEntry("access.denied", "listing:a");
  ASSERT_TRUE(db_->audit().Append(&event).ok());
  RawDb raw(DbPath());
  EXPECT_NE(raw.Exec("UPDATE audit_events SET details = '{}' WHERE seq = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit_events WHERE seq = 1").find("append-only"),
            std::string::npos);
  EXPECT_NE(raw.Exec("DELETE FROM audit_events").find("append-only"), std::string::npos);
  // REPLACE deletes the old row without firing DELETE triggers, and PostgreSQL's upsert updates it
  // without firing UPDATE triggers when the INSERT trigger refuses first: it still fires.
  EXPECT_NE(raw.Exec(TestingOnPostgres()
                         ? "INSERT INTO audit_events SELECT * FROM audit_events ON CONFLICT (seq) "
                           "DO UPDATE SET details = '{}'"
                         : "INSERT OR REPLACE INTO audit_events SELECT * FROM audit_events")
                .find("append-only"),
            std::string::npos);
  if (TestingOnPostgres()) {
    EXPECT_NE(raw.Exec("TRUNCATE audit_events").find("append-only"), std::string::npos);
  }
  EXPECT_NE(raw.Exec("INSERT INTO audit_events SELECT 5, at, actor, action, target, site, "
                     "remote_address, details, prev_hash, hash FROM audit_events")
                .find("append-only"),
            std::string::npos);
  EXPECT_EQ(LoadAudit(), std::vector<AuditEvent>{event});
  EXPECT_EQ(VerifyAudit(), "intact");
}

TEST_F(AuditStoreTest, TheHeadCanOnlyAdvanceToTheNewestEntry) {
  AuditEvent event = TestEntry("auth.login");
  ASSERT_TRUE(db_->audit().Append(&event).ok());
  RawDb raw(DbPath());
  EXPECT_NE(
      raw.Exec("UPDATE audit_head SET last_seq = 0, last_hash = '" + std::string(64, '0') + "'"),
      "");
  EXPECT_NE(raw.Exec("UPDATE audit_head SET last_seq = 2"), "");
  EXPECT_NE(raw.Exec("DELETE FROM audit_head"), "");
  EXPECT_NE(raw.Exec("INSERT INTO audit_head (id, last_seq, last_hash) VALUES (2, 0, 'x')"), "");
  // REPLACE deletes the old row without firing DELETE triggers; the INSERT trigger still fires.
  EXPECT_NE(raw.Exec((TestingOnPostgres() ? "INSERT INTO audit_head (id, last_seq, last_hash) "
                                            "VALUES (1, 0, '"
                                          : "INSERT OR REPLACE INTO audit_head (id, last_seq, "
                                            "last_hash) VALUES (1, 0, '") +
                     std::string(64, '0') + "')" +
                     (TestingOnPostgres() ? " ON CONFLICT (id) DO UPDATE SET last_seq = 0" : "")),
            "");
  if (TestingOnPostgres()) {
    EXPECT_NE(raw.Exec("TRUNCATE audit_head"), "");
  }
  EXPECT_EQ(Head().last_seq, 1);
  EXPECT_EQ(VerifyAudit(), "intact");
}

TEST_F(AuditStoreTest, AnEntryEditedBehindTheTriggersIsNamedByVerify) {
  for (const char* target : {"listing:a", "listing:b", "listing:c"}) {
    AuditEvent event = TestEntry("directory.listing.update", target);
    ASSERT_TRUE(db_->audit().Append(&event).ok());
  }
  RawDb raw(DbPath());
  ASSERT_EQ(raw.Exec(std::string("DROP TRIGGER audit_events_no_update") +
                     (TestingOnPostgres() ? " ON audit_events" : "")),
            "");
  ASSERT_EQ(raw.Exec("UPDATE audit_events SET actor = 'someone-else' WHERE seq = 2"), "");
  EXPECT_EQ(VerifyAudit(), "entry 2: the stored hash does not match the entry's content");
}

TEST_F(AuditStoreTest, DeletingTheNewestEntryBehindTheTriggersIsCaughtByTheHead) {
  for (const char* target : {"listing:a", "listing:b"}) {
    AuditEvent event = TestEntry("directory.listing.update", target);
    ASSERT_TRUE(db_->audit().Append(&event).ok());
  }
  RawDb raw(DbPath());
  ASSERT_EQ(raw.Exec(std::string("DROP TRIGGER audit_events_no_delete") +
                     (TestingOnPostgres() ? " ON audit_events" : "")),
            "");
  ASSERT_EQ(raw.Exec("DELETE FROM audit_events WHERE seq = 2"), "");
  const std::string result = VerifyAudit();
  EXPECT_EQ(result.rfind("entry 2: missing", 0), 0u) << result;
}

TEST_F(AuditStoreTest, SiteEntriesAreListedNewestFirstAndPaged) {
  for (int i = 0; i < 6; ++i) {
    AuditEvent event = TestEntry("x", "", "north");
    ASSERT_TRUE(db_->audit().Append(&event).ok());
  }
  AuditEvent south = TestEntry("y", "", "south");
  ASSERT_TRUE(db_->audit().Append(&south).ok());
  auto page = db_->audit().ListSite("north", 0, 3);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_EQ((*page)[0].seq, 6);
  EXPECT_GT((*page)[0].seq, (*page)[1].seq);
  EXPECT_GT((*page)[1].seq, (*page)[2].seq);
  for (const AuditEvent& event : *page) EXPECT_EQ(event.site, "north");
  auto next = db_->audit().ListSite("north", page->back().seq, 10);
  ASSERT_TRUE(next.ok());
  // Six for north, three on the first page.
  ASSERT_EQ(next->size(), 3u);
  EXPECT_LT(next->front().seq, page->back().seq);
  EXPECT_EQ(next->back().seq, 1);
  EXPECT_EQ(next->front(), LoadAudit()[2]);  // as stored, hashes and all
  EXPECT_TRUE(db_->audit().ListSite("east", 0, 10)->empty());
  EXPECT_EQ(db_->audit().ListSite("south", 0, 10)->size(), 1u);
}

}  // namespace
}  // namespace rn::storage
