// Correction requests in the SQLite store: a submission is stored with one audit entry (never its
// text or email) in the same transaction, listed newest first by status, and resolved once.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "directory/correction.h"
#include "identity/audit.h"
#include "storage/sqlite/dbtest_listings.h"
#include "storage/sqlite/dbtest_store.h"

namespace rn::storage {
namespace {

using directory::CorrectionRequest;

constexpr std::string_view kSecretText = "Zebra-Quartz the contact's number changed";
constexpr std::string_view kFakeEmail = "test.person@example.org";

Instant At(int hour, int minute) {
  return Instant(std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)) +
         std::chrono::hours(hour) + std::chrono::minutes(minute);
}

AccountChange Editor(int hour = 13) { return {"test-editor", At(hour, 0), ""}; }

class SqliteCorrectionTest : public InMemoryStoreTest {
 protected:
  void SetUp() override {
    InMemoryStoreTest::SetUp();
    if (HasFatalFailure()) return;
    ListingWrites writes;
    writes.creates.push_back(MakeListing("test-feed", "a", "Testing Group Alpha"));
    writes.creates.push_back(MakeListing("test-feed", "b", "Testing Group Bravo"));
    ASSERT_TRUE(store_->ApplyListingWrites(writes, "tester", At(9, 0)).ok());
    alpha_ = writes.creates[0].id;
    bravo_ = writes.creates[1].id;
  }

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

  std::vector<CorrectionRequest> List(std::optional<std::string_view> status) {
    Result<std::vector<CorrectionRequest>> requests = store_->ListCorrections(status);
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

TEST_F(SqliteCorrectionTest, AddStoresAnOpenRequestWithOneAuditEntry) {
  const std::int64_t before = AuditCount();
  CorrectionRequest request = Request(alpha_, "time", "2026-11-23T11:30:00-08:00");
  request.details = "  Starts at 19:30 now\r\nnot 19:00  \r\n";
  request.status = "applied";  // ignored: a new request is open
  ASSERT_TRUE(store_->AddCorrection(&request).ok());
  EXPECT_EQ(request.id, 1);
  EXPECT_EQ(request.created_at, "2026-11-23T19:30:00Z");  // rewritten in UTC
  EXPECT_EQ(request.details, "Starts at 19:30 now\nnot 19:00");
  EXPECT_EQ(request.status, "open");

  const std::vector<CorrectionRequest> stored = List(std::nullopt);
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0], request);
  EXPECT_EQ(stored[0].email, kFakeEmail);
  EXPECT_EQ(stored[0].language, "es");

  EXPECT_EQ(AuditCount(), before + 1);
  const identity::AuditEvent event = LastAudit();
  EXPECT_EQ(event.actor, "public");
  EXPECT_EQ(event.action, "directory.correction.submit");
  EXPECT_EQ(event.target, "listing:" + alpha_);
  EXPECT_EQ(event.at, "2026-11-23T19:30:00Z");
  EXPECT_EQ(event.details, R"({"correction":1,"field":"time"})");
  ExpectChainIntact();
}

TEST_F(SqliteCorrectionTest, TheAuditTrailNeverHoldsTheTextOrTheEmail) {
  CorrectionRequest request = Request(alpha_, "contact", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(store_->AddCorrection(&request).ok());
  ASSERT_TRUE(store_->ResolveCorrection(request.id, "dismissed", Editor()).ok());
  Result<std::vector<identity::AuditEvent>> events = store_->LoadAudit();
  ASSERT_TRUE(events.ok());
  for (const identity::AuditEvent& event : *events) {
    for (const std::string* column : {&event.target, &event.details, &event.actor}) {
      EXPECT_EQ(column->find("Zebra"), std::string::npos) << *column;
      EXPECT_EQ(column->find("example.org"), std::string::npos) << *column;
    }
  }
}

TEST_F(SqliteCorrectionTest, ListsNewestFirstByStatus) {
  CorrectionRequest first = Request(alpha_, "name", "2026-11-23T10:00:00Z");
  CorrectionRequest second = Request(bravo_, "location", "2026-11-23T12:00:00Z");
  CorrectionRequest third = Request(alpha_, "closed", "2026-11-23T11:00:00Z");
  CorrectionRequest same_time = Request(bravo_, "other", "2026-11-23T12:00:00Z");
  for (CorrectionRequest* request : {&first, &second, &third, &same_time}) {
    ASSERT_TRUE(store_->AddCorrection(request).ok());
  }
  EXPECT_EQ(Ids(std::nullopt), (std::vector<std::int64_t>{4, 2, 3, 1}));
  EXPECT_EQ(Ids("open"), (std::vector<std::int64_t>{4, 2, 3, 1}));
  EXPECT_EQ(Ids("applied"), std::vector<std::int64_t>{});

  ASSERT_TRUE(store_->ResolveCorrection(2, "applied", Editor()).ok());
  ASSERT_TRUE(store_->ResolveCorrection(1, "dismissed", Editor()).ok());
  EXPECT_EQ(Ids("open"), (std::vector<std::int64_t>{4, 3}));
  EXPECT_EQ(Ids("applied"), std::vector<std::int64_t>{2});
  EXPECT_EQ(Ids("dismissed"), std::vector<std::int64_t>{1});
  EXPECT_EQ(Ids(std::nullopt), (std::vector<std::int64_t>{4, 2, 3, 1}));

  Result<std::vector<CorrectionRequest>> bad = store_->ListCorrections("all");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "status");
}

TEST_F(SqliteCorrectionTest, ResolveRecordsWhoAndWhenOnce) {
  CorrectionRequest request = Request(alpha_, "online", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(store_->AddCorrection(&request).ok());
  std::int64_t count = AuditCount();

  ASSERT_TRUE(store_->ResolveCorrection(request.id, "applied", Editor(13)).ok());
  EXPECT_EQ(AuditCount(), ++count);
  const identity::AuditEvent event = LastAudit();
  EXPECT_EQ(event.actor, "test-editor");
  EXPECT_EQ(event.action, "directory.correction.applied");
  EXPECT_EQ(event.target, "listing:" + alpha_);
  EXPECT_EQ(event.details, R"({"correction":1,"field":"online"})");
  const std::vector<CorrectionRequest> stored = List("applied");
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_EQ(stored[0].resolved_by, "test-editor");
  EXPECT_EQ(stored[0].resolved_at, "2026-11-23T13:00:00Z");

  // Already resolved, either way: kConflict, and the first resolution stands.
  EXPECT_EQ(store_->ResolveCorrection(request.id, "dismissed", Editor(14)).code(),
            StatusCode::kConflict);
  EXPECT_EQ(store_->ResolveCorrection(request.id, "applied", Editor(14)).code(),
            StatusCode::kConflict);
  EXPECT_EQ(store_->ResolveCorrection(99, "applied", Editor()).code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->ResolveCorrection(request.id, "open", Editor()).field(), "status");
  EXPECT_EQ(store_->ResolveCorrection(request.id, "deleted", Editor()).field(), "status");
  EXPECT_EQ(AuditCount(), count);
  EXPECT_EQ(List("applied"), stored);
  ExpectChainIntact();
}

TEST_F(SqliteCorrectionTest, ResolveWithoutAnActorWritesNothing) {
  CorrectionRequest request = Request(alpha_, "name", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(store_->AddCorrection(&request).ok());
  const std::int64_t count = AuditCount();
  EXPECT_EQ(store_->ResolveCorrection(request.id, "applied", {"", At(13, 0), ""}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(AuditCount(), count);
  EXPECT_EQ(Ids("open"), std::vector<std::int64_t>{request.id});
}

TEST_F(SqliteCorrectionTest, InvalidRequestsWriteNothing) {
  const std::int64_t before = AuditCount();
  struct Case {
    std::string name;
    void (*spoil)(CorrectionRequest*);
    std::string field;
  };
  const std::vector<Case> cases = {
      {"unknown field", [](CorrectionRequest* r) { r->field = "price"; }, "field"},
      {"blank details", [](CorrectionRequest* r) { r->details = " \r\n "; }, "details"},
      {"long details", [](CorrectionRequest* r) { r->details = std::string(2001, 'x'); },
       "details"},
      {"control character", [](CorrectionRequest* r) { r->details = "a\x1B[2Jb"; }, "details"},
      {"two addresses", [](CorrectionRequest* r) { r->email = "a@example.org,b@example.org"; },
       "email"},
      {"bad listing id", [](CorrectionRequest* r) { r->listing_id = "ABC"; }, "listing_id"},
      {"no time", [](CorrectionRequest* r) { r->created_at = ""; }, "created_at"},
      {"bad time", [](CorrectionRequest* r) { r->created_at = "yesterday"; }, "created_at"},
  };
  for (const Case& each : cases) {
    CorrectionRequest request = Request(alpha_, "time", "2026-11-23T12:00:00Z");
    each.spoil(&request);
    Status status = store_->AddCorrection(&request);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << each.name;
    EXPECT_EQ(status.field(), each.field) << each.name;
    EXPECT_EQ(request.id, 0) << each.name;
  }
  EXPECT_TRUE(List(std::nullopt).empty());
  EXPECT_EQ(AuditCount(), before);
}

TEST_F(SqliteCorrectionTest, UnknownListingIsNotFoundAndWritesNothing) {
  const std::int64_t before = AuditCount();
  CorrectionRequest request = Request("0000000000000000", "time", "2026-11-23T12:00:00Z");
  EXPECT_EQ(store_->AddCorrection(&request).code(), StatusCode::kNotFound);
  EXPECT_TRUE(List(std::nullopt).empty());
  EXPECT_EQ(AuditCount(), before);
}

TEST_F(SqliteCorrectionTest, RequestsOutliveTheirListing) {
  CorrectionRequest request = Request(bravo_, "closed", "2026-11-23T12:00:00Z");
  ASSERT_TRUE(store_->AddCorrection(&request).ok());
  ListingWrites writes;
  writes.delete_ids.push_back(bravo_);
  ASSERT_TRUE(store_->ApplyListingWrites(writes, "tester", At(13, 0)).ok());
  EXPECT_EQ(Ids("open"), std::vector<std::int64_t>{request.id});
  EXPECT_TRUE(store_->ResolveCorrection(request.id, "applied", Editor()).ok());
  // But no new request for the deleted listing.
  CorrectionRequest late = Request(bravo_, "closed", "2026-11-23T14:00:00Z");
  EXPECT_EQ(store_->AddCorrection(&late).code(), StatusCode::kNotFound);
  ExpectChainIntact();
}

}  // namespace
}  // namespace rn::storage
