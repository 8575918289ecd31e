// The correction use cases (editing.h) against a real database: what is stored, the audit entries
// they write (never the public's words or email), and that a refused request writes nothing.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "directory/editing.h"
#include "directory/test_database.h"
#include "identity/audit_actions.h"

namespace rn::directory {
namespace {

namespace audit_action = identity::audit_action;

const Instant kAt{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};

class CorrectionsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase();
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    listing_.source = "oc";
    listing_.slug = "testing-group";
    listing_.id = MakeListingId(listing_.source, listing_.slug);
    listing_.name = "Testing Group";
    listing_.timezone = "America/Los_Angeles";
    listing_.schedule = {{.day = 2, .start_minute = 19 * 60, .duration_minutes = 60}};
    ListingWrites writes;
    writes.creates.push_back(listing_);
    ASSERT_TRUE(stores().listings.Apply(writes, "import:oc", kAt).ok());
  }

  Stores& stores() { return db_->stores(); }

  std::vector<identity::AuditEvent> Audit() {
    Result<std::vector<identity::AuditEvent>> events = stores().audit.LoadAll();
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<identity::AuditEvent>{};
  }

  CorrectionRequest Request() const {
    CorrectionRequest request;
    request.listing_id = listing_.id;
    request.field = "time";
    request.details = "  Starts at 19:30 now\r\nnot 19:00  \r\n";
    request.email = "someone@example.invalid";
    request.language = "en";
    request.created_at = "2026-11-23T11:30:00-08:00";
    return request;
  }

  Editor EditorOf(std::string actor) const {
    return {{std::move(actor), kAt, "192.0.2.7", "north"}, {.scope = {}, .all = true}};
  }

  std::unique_ptr<testing::TestDatabase<Stores>> db_;
  Listing listing_;
};

TEST_F(CorrectionsTest, ARequestIsStoredOpenAndNormalisedWithOneEntry) {
  CorrectionRequest request = Request();
  ASSERT_TRUE(SubmitCorrection(stores(), &request).ok());
  EXPECT_EQ(request.id, 1);
  EXPECT_EQ(request.status, kCorrectionOpen);
  EXPECT_EQ(request.details, "Starts at 19:30 now\nnot 19:00");
  EXPECT_EQ(request.created_at, "2026-11-23T19:30:00Z");
  Result<std::vector<CorrectionRequest>> open = ListCorrections(stores().corrections, "open");
  ASSERT_TRUE(open.ok());
  ASSERT_EQ(open->size(), 1u);
  EXPECT_EQ((*open)[0], request);
  const std::vector<identity::AuditEvent> audit = Audit();
  ASSERT_EQ(audit.size(), 1u);
  EXPECT_EQ(audit[0].actor, "public");
  EXPECT_EQ(audit[0].action, audit_action::kCorrectionSubmit);
  EXPECT_EQ(audit[0].target, "listing:" + listing_.id);
  EXPECT_EQ(audit[0].at, "2026-11-23T19:30:00Z");
  EXPECT_EQ(audit[0].details, R"({"correction":1,"field":"time"})");
  EXPECT_EQ(ListCorrections(stores().corrections, "all").status().field(), "status");
}

TEST_F(CorrectionsTest, ResolvingRecordsWhoAndWhenOnceAndNeverTheWordsOrTheEmail) {
  CorrectionRequest request = Request();
  ASSERT_TRUE(SubmitCorrection(stores(), &request).ok());
  const std::size_t entries = Audit().size();
  EXPECT_EQ(ResolveCorrection(stores(), EditorOf("test-editor"), request.id, "open").field(),
            "status");
  EXPECT_EQ(ResolveCorrection(stores(), EditorOf("test-editor"), request.id, "deleted").field(),
            "status");
  EXPECT_EQ(ResolveCorrection(stores(), EditorOf("test-editor"), 99, "applied").code(),
            StatusCode::kNotFound);
  EXPECT_EQ(Audit().size(), entries) << "refusals write no entry";

  ASSERT_TRUE(ResolveCorrection(stores(), EditorOf("test-editor"), request.id, "dismissed").ok());
  const identity::AuditEvent entry = Audit().back();
  EXPECT_EQ(entry.actor, "test-editor");
  EXPECT_EQ(entry.action, audit_action::kCorrectionDismissed);
  EXPECT_EQ(entry.target, "listing:" + listing_.id);
  EXPECT_EQ(entry.details, R"({"correction":1,"field":"time"})");
  Result<std::optional<CorrectionRequest>> stored = stores().corrections.Get(request.id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->resolved_by, "test-editor");
  EXPECT_EQ((*stored)->resolved_at, "2026-11-23T00:00:00Z");
  EXPECT_EQ(ResolveCorrection(stores(), EditorOf("test-editor"), request.id, "applied").code(),
            StatusCode::kConflict);

  for (const identity::AuditEvent& event : Audit()) {
    for (const std::string* text : {&event.target, &event.details, &event.actor}) {
      EXPECT_EQ(text->find("19:30"), std::string::npos) << *text;
      EXPECT_EQ(text->find("someone@"), std::string::npos) << *text;
    }
  }
}

TEST_F(CorrectionsTest, AListingOutsideTheEditorsScopeIsRefusedWithADenial) {
  CorrectionRequest request = Request();
  ASSERT_TRUE(SubmitCorrection(stores(), &request).ok());
  Editor scoped = EditorOf("scoped-editor");
  scoped.editable = {.scope = {"another-source"}, .all = false};
  EXPECT_EQ(ResolveCorrection(stores(), scoped, request.id, "applied").code(),
            StatusCode::kForbidden);
  const identity::AuditEvent denial = Audit().back();
  EXPECT_EQ(denial.action, audit_action::kAccessDenied);
  EXPECT_EQ(denial.details, R"({"reason":"scope"})");
  EXPECT_EQ(denial.target, "listing:" + listing_.id);
  EXPECT_EQ(stores().corrections.Get(request.id)->value().status, kCorrectionOpen);
}

TEST_F(CorrectionsTest, InvalidRequestsWriteNothing) {
  const std::vector<std::pair<std::string, std::function<void(CorrectionRequest*)>>> cases = {
      {"field", [](CorrectionRequest* r) { r->field = "price"; }},
      {"details", [](CorrectionRequest* r) { r->details = " \r\n "; }},
      {"details", [](CorrectionRequest* r) { r->details = std::string(2001, 'a'); }},
      {"details", [](CorrectionRequest* r) { r->details = "a\x1B[2Jb"; }},
      {"email", [](CorrectionRequest* r) { r->email = "a@example.invalid, b@example.invalid"; }},
      {"listing_id", [](CorrectionRequest* r) { r->listing_id = "ABC"; }},
      {"created_at", [](CorrectionRequest* r) { r->created_at = ""; }},
      {"created_at", [](CorrectionRequest* r) { r->created_at = "yesterday"; }},
  };
  for (const auto& [field, spoil] : cases) {
    CorrectionRequest request = Request();
    spoil(&request);
    EXPECT_EQ(SubmitCorrection(stores(), &request).field(), field);
    EXPECT_EQ(request.id, 0);
  }
  CorrectionRequest unknown = Request();
  unknown.listing_id = "0123456789abcdef";
  EXPECT_EQ(SubmitCorrection(stores(), &unknown).code(), StatusCode::kNotFound);
  EXPECT_TRUE(ListCorrections(stores().corrections, std::nullopt)->empty());
  EXPECT_TRUE(Audit().empty());
}

}  // namespace
}  // namespace rn::directory
