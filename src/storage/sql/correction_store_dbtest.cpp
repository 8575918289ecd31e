// directory::CorrectionStore on SQLite: a request is stored open for an existing listing, listed
// newest first by status, resolved once, and outlives its listing; the schema refuses a request
// its CHECKs do not allow.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "directory/correction.h"
#include "storage/sql/dbtest_database.h"
#include "storage/sql/dbtest_listings.h"

namespace rn::storage {
namespace {

using directory::CorrectionRequest;
using directory::ListingWrites;

constexpr std::string_view kSecretText = "Zebra-Quartz the contact's number changed";
constexpr std::string_view kFakeEmail = "test.person@example.org";

class CorrectionStoreTest : public InMemoryDatabaseTest {
 protected:
  void SetUp() override {
    InMemoryDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ListingWrites writes;
    writes.creates.push_back(MakeListing("test-feed", "a", "Testing Group Alpha"));
    writes.creates.push_back(MakeListing("test-feed", "b", "Testing Group Bravo"));
    ASSERT_TRUE(db_->listings().Apply(writes, "tester", TestInstant(9, 0)).ok());
    alpha_ = writes.creates[0].id;
    bravo_ = writes.creates[1].id;
  }

  directory::CorrectionStore& corrections() { return db_->corrections(); }

  CorrectionRequest Request(const std::string& listing_id, std::string field,
                            std::string created_at) {
    CorrectionRequest request;
    request.listing_id = listing_id;
    request.field = std::move(field);
    request.details = std::string(kSecretText);
    request.email = std::string(kFakeEmail);
    request.language = "es";
    request.created_at = std::move(created_at);
    return request;
  }

  // Inserts `*request` and sets its id; 0 when the insert fails.
  std::int64_t Insert(CorrectionRequest* request) {
    Result<std::int64_t> id = corrections().Insert(*request);
    EXPECT_TRUE(id.ok()) << id.status().message();
    request->id = id.value_or(0);
    return request->id;
  }

  std::vector<CorrectionRequest> List(std::optional<std::string_view> status) {
    Result<std::vector<CorrectionRequest>> requests = corrections().List(status);
    EXPECT_TRUE(requests.ok()) << requests.status().message();
    return requests.ok() ? *requests : std::vector<CorrectionRequest>{};
  }

  std::vector<std::int64_t> Ids(std::optional<std::string_view> status) {
    std::vector<std::int64_t> ids;
    for (const CorrectionRequest& request : List(status)) ids.push_back(request.id);
    return ids;
  }

  std::string alpha_;
  std::string bravo_;
};

TEST_F(CorrectionStoreTest, InsertStoresAnOpenRequestAsGiven) {
  CorrectionRequest request = Request(alpha_, "time", "2026-11-23T19:30:00Z");
  request.details = "Starts at 19:30 now\nnot 19:00";
  request.status = "applied";  // ignored: a new request is open
  request.resolved_by = "someone";
  EXPECT_EQ(Insert(&request), 1);
  request.status = "open";
  request.resolved_by.clear();

  Result<std::optional<CorrectionRequest>> got = corrections().Get(1);
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ(**got, request);
  EXPECT_EQ((*got)->email, kFakeEmail);
  EXPECT_EQ((*got)->language, "es");
  EXPECT_EQ(List(std::nullopt), std::vector<CorrectionRequest>{request});
  EXPECT_FALSE(corrections().Get(2)->has_value());

  CorrectionRequest second = Request(bravo_, "other", "2026-11-23T19:31:00Z");
  second.email.clear();
  second.language.clear();
  EXPECT_EQ(Insert(&second), 2);
  EXPECT_EQ(corrections().Get(2)->value(), second);
  EXPECT_EQ(AuditCount(), 0);  // the repository writes no audit entry of its own
}

TEST_F(CorrectionStoreTest, ListsNewestFirstByStatus) {
  CorrectionRequest first = Request(alpha_, "name", "2026-11-23T10:00:00Z");
  CorrectionRequest second = Request(bravo_, "location", "2026-11-23T12:00:00Z");
  CorrectionRequest third = Request(alpha_, "closed", "2026-11-23T11:00:00Z");
  CorrectionRequest same_time = Request(bravo_, "other", "2026-11-23T12:00:00Z");
  for (CorrectionRequest* request : {&first, &second, &third, &same_time}) Insert(request);
  EXPECT_EQ(Ids(std::nullopt), (std::vector<std::int64_t>{4, 2, 3, 1}));
  EXPECT_EQ(Ids("open"), (std::vector<std::int64_t>{4, 2, 3, 1}));
  EXPECT_EQ(Ids("applied"), std::vector<std::int64_t>{});

  ASSERT_TRUE(corrections().MarkResolved(2, "applied", "test-editor", "2026-11-23T13:00:00Z").ok());
  ASSERT_TRUE(
      corrections().MarkResolved(1, "dismissed", "test-editor", "2026-11-23T13:00:00Z").ok());
  EXPECT_EQ(Ids("open"), (std::vector<std::int64_t>{4, 3}));
  EXPECT_EQ(Ids("applied"), std::vector<std::int64_t>{2});
  EXPECT_EQ(Ids("dismissed"), std::vector<std::int64_t>{1});
  EXPECT_EQ(Ids(std::nullopt), (std::vector<std::int64_t>{4, 2, 3, 1}));
  EXPECT_EQ(Ids("no-such-status"), std::vector<std::int64_t>{});
}

TEST_F(CorrectionStoreTest, MarkResolvedRecordsWhoAndWhenOnce) {
  CorrectionRequest request = Request(alpha_, "online", "2026-11-23T12:00:00Z");
  Insert(&request);

  Result<bool> resolved =
      corrections().MarkResolved(request.id, "applied", "test-editor", "2026-11-23T13:00:00Z");
  ASSERT_TRUE(resolved.ok());
  EXPECT_TRUE(*resolved);
  const std::vector<CorrectionRequest> stored = List("applied");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].status, "applied");
  EXPECT_EQ(stored[0].resolved_by, "test-editor");
  EXPECT_EQ(stored[0].resolved_at, "2026-11-23T13:00:00Z");

  // Already resolved, either way: false, and the first resolution stands.
  EXPECT_EQ(corrections()
                .MarkResolved(request.id, "dismissed", "other-editor", "2026-11-23T14:00:00Z")
                .value_or(true),
            false);
  EXPECT_EQ(corrections()
                .MarkResolved(request.id, "applied", "other-editor", "2026-11-23T14:00:00Z")
                .value_or(true),
            false);
  EXPECT_EQ(corrections()
                .MarkResolved(99, "applied", "test-editor", "2026-11-23T14:00:00Z")
                .value_or(true),
            false);
  EXPECT_EQ(List("applied"), stored);
}

TEST_F(CorrectionStoreTest, TheSchemaRefusesAResolutionWithoutWhoAndWhenOrWithAnUnknownStatus) {
  CorrectionRequest request = Request(alpha_, "name", "2026-11-23T12:00:00Z");
  Insert(&request);
  EXPECT_EQ(corrections().MarkResolved(request.id, "applied", "", "").status_or_ok().code(),
            StatusCode::kConflict);
  EXPECT_EQ(corrections()
                .MarkResolved(request.id, "deleted", "test-editor", "2026-11-23T13:00:00Z")
                .status_or_ok()
                .code(),
            StatusCode::kConflict);
  EXPECT_EQ(Ids("open"), std::vector<std::int64_t>{request.id});
}

TEST_F(CorrectionStoreTest, TheSchemaRefusesAnUnknownField) {
  CorrectionRequest request = Request(alpha_, "price", "2026-11-23T12:00:00Z");
  Result<std::int64_t> id = corrections().Insert(request);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kConflict);
  EXPECT_TRUE(List(std::nullopt).empty());
}

TEST_F(CorrectionStoreTest, AnUnknownListingIsNotFoundAndWritesNothing) {
  CorrectionRequest request = Request("0000000000000000", "time", "2026-11-23T12:00:00Z");
  Result<std::int64_t> id = corrections().Insert(request);
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(List(std::nullopt).empty());
}

TEST_F(CorrectionStoreTest, RequestsOutliveTheirListing) {
  CorrectionRequest request = Request(bravo_, "closed", "2026-11-23T12:00:00Z");
  Insert(&request);
  ListingWrites writes;
  writes.delete_ids.push_back(bravo_);
  ASSERT_TRUE(db_->listings().Apply(writes, "tester", TestInstant(13, 0)).ok());
  EXPECT_EQ(Ids("open"), std::vector<std::int64_t>{request.id});
  EXPECT_EQ(corrections()
                .MarkResolved(request.id, "applied", "test-editor", "2026-11-23T13:00:00Z")
                .value_or(false),
            true);
  // But no new request for the deleted listing.
  Result<std::int64_t> late =
      corrections().Insert(Request(bravo_, "closed", "2026-11-23T14:00:00Z"));
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.status().code(), StatusCode::kNotFound);
}

TEST_F(CorrectionStoreTest, AFailedInsertTakesNoId) {
  // PostgreSQL's identity columns take a number even for an insert that fails: ids stay unique,
  // and increasing, but not without gaps.
  RN_SQLITE_ONLY();
  CorrectionRequest first = Request(alpha_, "name", "2026-11-23T12:00:00Z");
  EXPECT_EQ(Insert(&first), 1);
  // A failed insert (the CHECK on field) does not take an id either.
  EXPECT_FALSE(corrections().Insert(Request(alpha_, "price", "2026-11-23T12:00:00Z")).ok());
  CorrectionRequest second = Request(alpha_, "name", "2026-11-23T12:01:00Z");
  EXPECT_EQ(Insert(&second), 2);
}

}  // namespace
}  // namespace rn::storage
