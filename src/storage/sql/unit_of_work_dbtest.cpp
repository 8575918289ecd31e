// identity::UnitOfWork on SQLite: the writes of `work`, through any repository, and the audit
// entry it returns commit together or not at all; a Run inside a Run is a savepoint.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "storage/sql/dbtest_database.h"
#include "storage/sql/dbtest_listings.h"

namespace rn::storage {
namespace {

using directory::Listing;
using directory::ListingWrites;
using identity::AuditEvent;

class UnitOfWorkTest : public InMemoryDatabaseTest {
 protected:
  identity::UnitOfWork& unit() { return db_->unit_of_work(); }

  std::vector<std::string> SiteIds() {
    std::vector<std::string> ids;
    Result<std::vector<identity::Site>> sites = db_->accounts().ListSites();
    EXPECT_TRUE(sites.ok());
    if (sites.ok()) {
      for (const identity::Site& site : *sites) ids.push_back(site.id);
    }
    return ids;
  }

  // Creates site `id` in a Run whose entry is "site.create" on "site:<id>".
  Status CreateSite(const std::string& id) {
    return unit().Run([&]() -> Result<AuditEvent> {
      RN_RETURN_IF_ERROR(db_->accounts().InsertSite({id, "Site " + id}));
      return TestEntry("site.create", "site:" + id);
    });
  }

  std::vector<std::string> AuditTargets() {
    std::vector<std::string> targets;
    for (const AuditEvent& event : LoadAudit()) targets.push_back(event.target);
    return targets;
  }
};

TEST_F(UnitOfWorkTest, TheWritesAndTheEntryCommitTogether) {
  ASSERT_TRUE(CreateSite("north").ok());
  EXPECT_EQ(SiteIds(), std::vector<std::string>{"north"});
  const std::vector<AuditEvent> events = LoadAudit();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].seq, 1);
  EXPECT_EQ(events[0].action, "site.create");
  EXPECT_EQ(events[0].target, "site:north");
  EXPECT_EQ(events[0].hash, identity::AuditHash(events[0]));
  ASSERT_TRUE(CreateSite("south").ok());
  EXPECT_EQ(AuditCount(), 2);
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, AFailingWorkLeavesNeitherAndItsErrorIsReturned) {
  Status status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"north", "North Site"}));
    return Status::NotFound("the work's own error");
  });
  EXPECT_EQ(status.code(), StatusCode::kNotFound);
  EXPECT_EQ(status.message(), "the work's own error");
  EXPECT_TRUE(SiteIds().empty());
  EXPECT_EQ(AuditCount(), 0);

  // A repository error the work passes on is returned as it is, and undoes the rest.
  ASSERT_TRUE(CreateSite("north").ok());
  status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"south", "South Site"}));
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"north", "Again"}));
    return TestEntry("site.create", "site:north");
  });
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(SiteIds(), std::vector<std::string>{"north"});
  EXPECT_EQ(AuditCount(), 1);

  // The connection is usable afterwards, for a unit of work and outside one.
  ASSERT_TRUE(CreateSite("south").ok());
  ASSERT_TRUE(db_->accounts().InsertSite({"east", "East Site"}).ok());
  EXPECT_EQ(SiteIds(), (std::vector<std::string>{"east", "north", "south"}));
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, AnInvalidEntryLeavesNeither) {
  Status status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"north", "North Site"}));
    AuditEvent entry = TestEntry("site.create", "site:north");
    entry.actor.clear();
    return entry;
  });
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(status.field(), "actor");
  status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"north", "North Site"}));
    AuditEvent entry = TestEntry("site.create", "site:north");
    entry.details = "[1]";
    return entry;
  });
  EXPECT_EQ(status.field(), "details");
  EXPECT_TRUE(SiteIds().empty());
  EXPECT_EQ(AuditCount(), 0);
}

TEST_F(UnitOfWorkTest, AnEmptyDetailsBecomesAnEmptyObject) {
  ASSERT_TRUE(unit()
                  .Run([&]() -> Result<AuditEvent> {
                    AuditEvent entry = TestEntry("user.enable", "user:u1");
                    entry.details.clear();
                    return entry;
                  })
                  .ok());
  EXPECT_EQ(LastAudit().details, "{}");
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, ANestedRunWhoseWorkFailsUndoesOnlyItsOwnWrites) {
  Status inner_status;
  Status status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"north", "North Site"}));
    inner_status = unit().Run([&]() -> Result<AuditEvent> {
      RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"south", "South Site"}));
      return Status(StatusCode::kConflict, "the inner work fails");
    });
    // The outer work goes on without the inner writes.
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"east", "East Site"}));
    return TestEntry("outer", "site:north");
  });
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(inner_status.code(), StatusCode::kConflict);
  EXPECT_EQ(SiteIds(), (std::vector<std::string>{"east", "north"}));
  EXPECT_EQ(AuditTargets(), std::vector<std::string>{"site:north"});
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, ANestedRunWithAnInvalidEntryUndoesOnlyItsOwnWrites) {
  Status inner_status;
  ASSERT_TRUE(unit()
                  .Run([&]() -> Result<AuditEvent> {
                    inner_status = unit().Run([&]() -> Result<AuditEvent> {
                      RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"south", "South Site"}));
                      return TestEntry("");
                    });
                    return TestEntry("outer", "outer");
                  })
                  .ok());
  EXPECT_EQ(inner_status.field(), "action");
  EXPECT_TRUE(SiteIds().empty());
  EXPECT_EQ(AuditTargets(), std::vector<std::string>{"outer"});
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, ANestedRunThatSucceedsCommitsWithTheOuterOne) {
  Status status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(CreateSite("north"));
    RN_RETURN_IF_ERROR(CreateSite("south"));
    return TestEntry("outer", "outer");
  });
  ASSERT_TRUE(status.ok()) << status.message();
  EXPECT_EQ(SiteIds(), (std::vector<std::string>{"north", "south"}));
  // The inner entries come first: each is appended when its own work is done.
  EXPECT_EQ(AuditTargets(), (std::vector<std::string>{"site:north", "site:south", "outer"}));
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, AnOuterFailureUndoesTheNestedRunsToo) {
  Status status = unit().Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(CreateSite("north"));
    return Status::Internal("the outer work fails after the inner one succeeded");
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_TRUE(SiteIds().empty());
  EXPECT_EQ(AuditCount(), 0);
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, ListingWritesAndTheirEntryCommitTogether) {
  ASSERT_TRUE(unit()
                  .Run([&]() -> Result<AuditEvent> {
                    ListingWrites writes;
                    writes.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
                    RN_RETURN_IF_ERROR(db_->listings().Apply(writes, "tester", TestInstant(12, 0)));
                    return TestEntry("directory.listing.create", "listing:src-a");
                  })
                  .ok());
  EXPECT_EQ(ListingCount(), 1);
  EXPECT_EQ(AuditCount(), 1);

  // The second create conflicts: neither the listings nor the entry land.
  Status status = unit().Run([&]() -> Result<AuditEvent> {
    ListingWrites failing;
    failing.creates.push_back(MakeListing("src", "b", "Testing Group Bravo"));
    failing.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
    RN_RETURN_IF_ERROR(db_->listings().Apply(failing, "tester", TestInstant(12, 1)));
    return TestEntry("directory.listing.create", "listing:src-b");
  });
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(ListingCount(), 1);
  EXPECT_EQ(AuditCount(), 1);

  // An invalid entry undoes listing writes that succeeded, history included.
  const Listing charlie = MakeListing("src", "c", "Testing Group Charlie");
  status = unit().Run([&]() -> Result<AuditEvent> {
    ListingWrites writes;
    writes.creates.push_back(charlie);
    RN_RETURN_IF_ERROR(db_->listings().Apply(writes, "tester", TestInstant(12, 2)));
    AuditEvent entry = TestEntry("directory.listing.create", "listing:src-c");
    entry.actor.clear();
    return entry;
  });
  EXPECT_EQ(status.field(), "actor");
  EXPECT_EQ(ListingCount(), 1);
  EXPECT_FALSE(db_->listings().Get(charlie.id)->has_value());
  EXPECT_TRUE(db_->listings().History(charlie.id)->empty());
  EXPECT_EQ(AuditCount(), 1);
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, AFailedRepositoryWriteInsideRunUndoesOnlyItsOwnStatements) {
  // Apply runs several statements in its own savepoint: when its last delete fails, its creates
  // are undone, and the work may carry on with what it wrote before.
  const Listing alpha = MakeListing("src", "a", "Testing Group Alpha");
  const Listing bravo = MakeListing("src", "b", "Testing Group Bravo");
  Status apply_status;
  ASSERT_TRUE(unit()
                  .Run([&]() -> Result<AuditEvent> {
                    ListingWrites first;
                    first.creates = {alpha};
                    RN_RETURN_IF_ERROR(db_->listings().Apply(first, "tester", TestInstant(12, 0)));
                    ListingWrites failing;
                    failing.creates = {bravo};
                    failing.delete_ids = {"ffffffffffffffff"};
                    apply_status = db_->listings().Apply(failing, "tester", TestInstant(12, 1));
                    return TestEntry("directory.listing.create", "listing:src-a");
                  })
                  .ok());
  EXPECT_EQ(apply_status.code(), StatusCode::kConflict);
  EXPECT_TRUE(db_->listings().Get(alpha.id)->has_value());
  EXPECT_FALSE(db_->listings().Get(bravo.id)->has_value());
  EXPECT_TRUE(db_->listings().History(bravo.id)->empty());
  EXPECT_EQ(db_->listings().History(alpha.id)->size(), 1u);
  EXPECT_EQ(AuditCount(), 1);
}

TEST_F(UnitOfWorkTest, EveryRepositorysWritesInsideRunAreRolledBackWithIt) {
  ASSERT_TRUE(CreateSite("north").ok());
  identity::User user;
  user.id = "u1";
  user.name = "test.coach";
  user.display_name = "Test Coach";
  user.created_at = "2026-11-23T00:00:00Z";
  ASSERT_TRUE(db_->accounts().InsertUser(user, "$argon2id$fake").ok());
  const std::int64_t entries = AuditCount();

  Status status = unit().Run([&]() -> Result<AuditEvent> {
    ListingWrites writes;
    writes.creates.push_back(MakeListing("src", "a", "Testing Group Alpha"));
    RN_RETURN_IF_ERROR(db_->listings().Apply(writes, "tester", TestInstant()));
    directory::CorrectionRequest request;
    request.listing_id = writes.creates[0].id;
    request.field = "time";
    request.details = "Test details";
    request.created_at = "2026-11-23T00:00:00Z";
    RN_RETURN_IF_ERROR(db_->corrections().Insert(request).status_or_ok());
    RN_RETURN_IF_ERROR(db_->import_sources().Record({"src", "meeting-guide", "", "UTC", "aa", 0}));
    RN_RETURN_IF_ERROR(
        db_->import_sources().SavePending({"p1", "north", "src", "tester", TestInstant(), "{}"}));
    RN_RETURN_IF_ERROR(db_->accounts().InsertSite({"south", "South Site"}));
    RN_RETURN_IF_ERROR(db_->accounts().UpsertGrant({"u1", identity::Role::kCoach, "north", {}}));
    RN_RETURN_IF_ERROR(db_->accounts().SetDisabled("u1", true).status_or_ok());
    identity::Session session;
    session.id_hash = "session-hash";
    session.user_id = "u1";
    session.csrf_token = "csrf";
    session.created_at = TestInstant();
    session.last_seen_at = TestInstant();
    RN_RETURN_IF_ERROR(db_->sessions().Insert(session));
    identity::ApiToken token;
    token.id = "0123456789abcdef";
    token.label = "Test token";
    token.site_id = "north";
    token.created_by = "tester";
    token.created_at = "2026-11-23T00:00:00Z";
    RN_RETURN_IF_ERROR(db_->tokens().Insert(token, "token-hash"));
    AuditEvent direct = TestEntry("appended directly");
    RN_RETURN_IF_ERROR(db_->audit().Append(&direct));
    return Status::Internal("undo it all");
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);

  EXPECT_EQ(ListingCount(), 0);
  EXPECT_TRUE(db_->corrections().List(std::nullopt)->empty());
  EXPECT_TRUE(db_->import_sources().List()->empty());
  EXPECT_FALSE(db_->import_sources().TakePending("p1")->has_value());
  EXPECT_EQ(SiteIds(), std::vector<std::string>{"north"});
  EXPECT_TRUE(db_->accounts().ListGrants("u1")->empty());
  EXPECT_FALSE(db_->accounts().GetUser("u1")->value().user.disabled);
  EXPECT_FALSE(db_->sessions().Find("session-hash")->has_value());
  EXPECT_FALSE(db_->tokens().Get("0123456789abcdef")->has_value());
  EXPECT_EQ(AuditCount(), entries);
  ExpectChainIntact();
}

TEST_F(UnitOfWorkTest, AnEntryAppendedInsideTheWorkComesBeforeTheWorksOwn) {
  ASSERT_TRUE(unit()
                  .Run([&]() -> Result<AuditEvent> {
                    AuditEvent direct = TestEntry("first", "first");
                    RN_RETURN_IF_ERROR(db_->audit().Append(&direct));
                    EXPECT_EQ(direct.seq, 1);
                    return TestEntry("second", "second");
                  })
                  .ok());
  EXPECT_EQ(AuditTargets(), (std::vector<std::string>{"first", "second"}));
  ExpectChainIntact();
}

}  // namespace
}  // namespace rn::storage
