// The referral and setup use cases (referrals.h, setup.h) against a real database: what is
// stored, the audit entries (codes and ids, never what was written about a person), the scope of a
// referrer, and that a refused change writes nothing.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "casework/referrals.h"
#include "casework/setup.h"
#include "casework/test_database.h"
#include "identity/audit_actions.h"

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
namespace audit_action = identity::audit_action;
using S = ReferralStatus;

const Instant kAt = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 5h + 30min;

class ReferralsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase();
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    for (const char* site : {"north", "south"}) {
      ASSERT_TRUE(identity().accounts.InsertSite({site, std::string(site) + " Test Site"}).ok());
      const identity::Change admin{"test.admin", kAt, "192.0.2.1", site};
      ASSERT_TRUE(
          CreateProgram(stores(), admin, {"ed", "", "ED coaching", ProgramKind::kEdCoaching}).ok());
      ASSERT_TRUE(
          CreatePartner(stores(), admin, {"mercy-ed", "", "Mercy Test ED", PartnerKind::kHospital})
              .ok());
      ASSERT_TRUE(CreatePartner(stores(), admin,
                                {"county-court", "", "County Test Court", PartnerKind::kCourt})
                      .ok());
    }
  }

  Stores& stores() { return db_->stores().casework; }
  identity::Stores& identity() { return db_->stores().identity; }

  std::vector<identity::AuditEvent> Audit() {
    Result<std::vector<identity::AuditEvent>> events = identity().audit.LoadAll();
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<identity::AuditEvent>{};
  }

  static Actor Referrer(std::string partner, Instant at = kAt) {
    return {{"token:0123456789abcdef", at, "198.51.100.9", ""}, "", std::move(partner)};
  }
  static Actor Coach(Instant at = kAt) {
    return {{"test.coach", at, "192.0.2.8", ""}, "u-coach", std::nullopt};
  }

  static NewReferral Sent() {
    NewReferral sent;
    sent.program_id = "ed";
    sent.first_name = "Testy";
    sent.phone = "806-555-0142";
    sent.setting = Setting::kEmergencyDepartment;
    sent.urgency = Urgency::kNow;
    sent.reason = ReferralReason::kOverdoseSurvivor;
    sent.partner_reference = "TEST-1";
    sent.consent_to_contact = true;
    return sent;
  }

  std::unique_ptr<testing::TestDatabase<TestStores>> db_;
};

TEST_F(ReferralsTest, SetupIsAuditedAndARepeatedIdIsAConflictNamingIt) {
  const identity::Change admin{"test.admin", kAt, "", "north"};
  Result<Program> again =
      CreateProgram(stores(), admin, {"ed", "", "Again", ProgramKind::kCommunity});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_EQ(again.status().field(), "id");
  EXPECT_EQ(
      CreatePartner(stores(), admin, {"Bad Id", "", "x", PartnerKind::kOther}).status().field(),
      "id");
  int programs = 0;
  for (const identity::AuditEvent& event : Audit()) {
    if (event.action == audit_action::kProgramCreate) {
      ++programs;
      EXPECT_EQ(event.target, "program:ed");
      EXPECT_EQ(event.details, R"({"kind":"ed_coaching"})");
    }
  }
  EXPECT_EQ(programs, 2);  // one per site; the refused ones wrote nothing
  Result<std::vector<Partner>> partners = stores().programs.ListPartners("north");
  ASSERT_TRUE(partners.ok());
  ASSERT_EQ(partners->size(), 2u);
  EXPECT_EQ((*partners)[0].id, "county-court");
  EXPECT_EQ((*partners)[0].kind, PartnerKind::kCourt);
}

TEST_F(ReferralsTest, AReferrerSendsForItsOwnPartnerAndTheReceiptIsAudited) {
  Result<Referral> received = ReceiveReferral(stores(), Referrer("mercy-ed"), "north", Sent());
  ASSERT_TRUE(received.ok()) << received.status().message();
  EXPECT_EQ(received->id.size(), 32u);
  EXPECT_EQ(received->status, S::kRequested);
  EXPECT_EQ(received->sent.partner_id, "mercy-ed");
  EXPECT_EQ(received->received_at, kAt);
  Result<std::optional<Referral>> stored = stores().referrals.Get("north", received->id);
  ASSERT_TRUE(stored.ok() && *stored);
  EXPECT_EQ(**stored, *received);
  const identity::AuditEvent last = Audit().back();
  EXPECT_EQ(last.action, audit_action::kReferralReceive);
  EXPECT_EQ(last.target, "referral:" + received->id);
  EXPECT_EQ(last.site, "north");
  EXPECT_EQ(last.details, R"({"program":"ed","partner":"mercy-ed","urgency":"now","pages":0})");
  EXPECT_EQ(last.details.find("Testy"), std::string::npos);
  // Another site does not have it.
  EXPECT_FALSE(*stores().referrals.Get("south", received->id));
}

TEST_F(ReferralsTest, AReferrerCannotSendForAnotherPartner) {
  NewReferral sent = Sent();
  sent.partner_id = "county-court";
  Result<Referral> refused = ReceiveReferral(stores(), Referrer("mercy-ed"), "north", sent);
  EXPECT_EQ(refused.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(Audit().back().action, audit_action::kAccessDenied);
  Result<std::vector<Referral>> all = ListReferrals(stores(), Coach(), "north", {});
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());
}

TEST_F(ReferralsTest, UnknownProgramOrPartnerAndBadFieldsNameTheField) {
  NewReferral sent = Sent();
  sent.program_id = "home";
  EXPECT_EQ(ReceiveReferral(stores(), Referrer("mercy-ed"), "north", sent).status().field(),
            "program");
  EXPECT_EQ(ReceiveReferral(stores(), Referrer("shelter"), "north", Sent()).status().field(),
            "partner");
  EXPECT_EQ(ReceiveReferral(stores(), Coach(), "north", Sent()).status().field(), "partner");
  sent = Sent();
  sent.first_name = "";
  EXPECT_EQ(ReceiveReferral(stores(), Referrer("mercy-ed"), "north", sent).status().field(),
            "first_name");
}

TEST_F(ReferralsTest, AReferrerReadsAndListsOnlyItsOwnPartnersReferrals) {
  Result<Referral> mercy = ReceiveReferral(stores(), Referrer("mercy-ed"), "north", Sent());
  Result<Referral> court =
      ReceiveReferral(stores(), Referrer("county-court", kAt + 1min), "north", Sent());
  ASSERT_TRUE(mercy.ok() && court.ok());
  Result<Referral> other = ReadReferral(stores(), Referrer("mercy-ed"), "north", court->id);
  EXPECT_EQ(other.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(Audit().back().action, audit_action::kAccessDenied);
  EXPECT_EQ(Audit().back().target, "referral:" + court->id);
  Result<Referral> own = ReadReferral(stores(), Referrer("mercy-ed"), "north", mercy->id);
  ASSERT_TRUE(own.ok());
  EXPECT_EQ(Audit().back().action, audit_action::kReferralView);
  Result<std::vector<Referral>> listed = ListReferrals(stores(), Referrer("mercy-ed"), "north", {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].id, mercy->id);
  EXPECT_EQ(Audit().back().action, audit_action::kReferralsView);
  ReferralQuery theirs;
  theirs.partner_id = "county-court";
  EXPECT_EQ(ListReferrals(stores(), Referrer("mercy-ed"), "north", theirs).status().code(),
            StatusCode::kForbidden);
  Result<std::vector<Referral>> all = ListReferrals(stores(), Coach(), "north", {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].id, court->id);  // newest first
  EXPECT_EQ(ReadReferral(stores(), Coach(), "south", mercy->id).status().code(),
            StatusCode::kNotFound);
}

TEST_F(ReferralsTest, ListingPagesNewestFirstAndCanKeepToOpenOnes) {
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    Result<Referral> r = ReceiveReferral(
        stores(), Referrer("mercy-ed", kAt + std::chrono::minutes(i / 2)), "north", Sent());
    ASSERT_TRUE(r.ok());
    ids.push_back(r->id);
  }
  ASSERT_TRUE(ChangeReferralStatus(stores(), Coach(), "north", ids[4], S::kRejected,
                                   ReferralOutcome::kNoCapacity)
                  .ok());
  std::vector<std::string> seen;
  ReferralQuery query;
  query.limit = 2;
  for (;;) {
    Result<std::vector<Referral>> page = ListReferrals(stores(), Coach(), "north", query);
    ASSERT_TRUE(page.ok());
    if (page->empty()) break;
    for (const Referral& r : *page) seen.push_back(r.id);
    query.before = page->back().received_at;
    query.before_id = page->back().id;
  }
  ASSERT_EQ(seen.size(), 5u);
  std::vector<std::string> sorted = ids;
  std::sort(sorted.begin(), sorted.end());
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, sorted);  // each once, whatever the ids at the same second
  ReferralQuery open;
  open.open_only = true;
  Result<std::vector<Referral>> still = ListReferrals(stores(), Coach(), "north", open);
  ASSERT_TRUE(still.ok());
  EXPECT_EQ(still->size(), 4u);
  query = {};
  query.limit = 0;
  EXPECT_EQ(ListReferrals(stores(), Coach(), "north", query).status().field(), "limit");
}

TEST_F(ReferralsTest, StatusChangesAreStoredAndAuditedAndAnIllegalOneWritesNothing) {
  Result<Referral> r = ReceiveReferral(stores(), Referrer("mercy-ed"), "north", Sent());
  ASSERT_TRUE(r.ok());
  Result<Referral> accepted =
      ChangeReferralStatus(stores(), Coach(kAt + 3min), "north", r->id, S::kAccepted, std::nullopt);
  ASSERT_TRUE(accepted.ok()) << accepted.status().message();
  EXPECT_EQ(accepted->assigned_to, "u-coach");
  EXPECT_EQ(accepted->accepted_at, kAt + 3min);
  EXPECT_EQ(**stores().referrals.Get("north", r->id), *accepted);
  EXPECT_EQ(Audit().back().action, audit_action::kReferralStatus);
  EXPECT_EQ(Audit().back().details, R"({"from":"requested","to":"accepted"})");
  const std::size_t entries = Audit().size();
  Result<Referral> illegal =
      ChangeReferralStatus(stores(), Coach(), "north", r->id, S::kRequested, std::nullopt);
  EXPECT_EQ(illegal.status().code(), StatusCode::kConflict);
  Result<Referral> no_outcome =
      ChangeReferralStatus(stores(), Coach(), "north", r->id, S::kCompleted, std::nullopt);
  EXPECT_EQ(no_outcome.status().field(), "outcome");
  EXPECT_EQ(Audit().size(), entries);
  EXPECT_EQ(**stores().referrals.Get("north", r->id), *accepted);
  Result<Referral> by_referrer = ChangeReferralStatus(
      stores(), Referrer("mercy-ed"), "north", r->id, S::kCancelled, ReferralOutcome::kDeclined);
  EXPECT_EQ(by_referrer.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(ChangeReferralStatus(stores(), Coach(), "south", r->id, S::kInProgress, std::nullopt)
                .status()
                .code(),
            StatusCode::kNotFound);
  Result<Referral> closed = ChangeReferralStatus(stores(), Coach(kAt + 1h), "north", r->id,
                                                 S::kFailed, ReferralOutcome::kCouldNotContact);
  ASSERT_TRUE(closed.ok());
  EXPECT_EQ((**stores().referrals.Get("north", r->id)).outcome, ReferralOutcome::kCouldNotContact);
  EXPECT_EQ((**stores().referrals.Get("north", r->id)).closed_at, kAt + 1h);
}

TEST_F(ReferralsTest, AnOutcomeAloneClosesAReferralAsClosingStatusSays) {
  Result<Referral> r = ReceiveReferral(stores(), Referrer("mercy-ed"), "north", Sent());
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(ChangeReferralStatus(stores(), Coach(), "north", r->id, std::nullopt, std::nullopt)
                .status()
                .field(),
            "outcome");
  // Nobody has reached the person yet: it cannot be closed as reached and engaged.
  EXPECT_EQ(ChangeReferralStatus(stores(), Coach(), "north", r->id, std::nullopt,
                                 ReferralOutcome::kReachedAndEngaged)
                .status()
                .code(),
            StatusCode::kConflict);
  Result<Referral> closed = ChangeReferralStatus(stores(), Coach(kAt + 1h), "north", r->id,
                                                 std::nullopt, ReferralOutcome::kNoCapacity);
  ASSERT_TRUE(closed.ok()) << closed.status().message();
  EXPECT_EQ(closed->status, S::kRejected);
  EXPECT_EQ(db_->stores().identity.audit.LoadAll()->back().details,
            R"({"from":"requested","to":"rejected","outcome":"no_capacity"})");
}

TEST_F(ReferralsTest, AReferrerWhoseGrantNamesNoPartnerMayDoNothing) {
  Result<Referral> sent = ReceiveReferral(stores(), Referrer(""), "north", Sent());
  EXPECT_EQ(sent.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(ListReferrals(stores(), Referrer(""), "north", {}).status().code(),
            StatusCode::kForbidden);
}

TEST(AcknowledgedStatus, TellsAReferrerOnlyThatTheSiteTookIt) {
  EXPECT_EQ(AcknowledgedStatus(S::kRequested), S::kRequested);
  EXPECT_EQ(AcknowledgedStatus(S::kEnteredInError), S::kEnteredInError);
  for (S s : {S::kAccepted, S::kInProgress, S::kOnHold, S::kCompleted, S::kFailed, S::kCancelled,
              S::kRejected}) {
    EXPECT_EQ(AcknowledgedStatus(s), S::kAccepted);
  }
}

}  // namespace
}  // namespace rn::casework
