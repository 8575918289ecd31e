// Paging an urgent referral (paging.h) against a real database: the pages are enqueued with the
// referral in one unit of work (a rollback leaves neither), whom they reach when follows the roster
// in the site's zone, they say nothing about the person, and taking the referral out of
// `requested` cancels those not yet sent in the unit of work that does it.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "casework/contacts.h"
#include "casework/paging.h"
#include "casework/participants.h"
#include "casework/referrals.h"
#include "casework/setup.h"
#include "casework/test_database.h"
#include "identity/accounts.h"
#include "identity/audit_actions.h"

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
using notify::Channel;
using notify::MessageState;
using notify::OutboxMessage;

// A Wednesday: 05:30 UTC is 23:30 on Tuesday in Chicago and 14:30 on Wednesday in Tokyo.
const Instant kAt = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 5h + 30min;

class PagingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase();
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    const identity::Change cli{"test.admin", kAt, ""};
    ASSERT_TRUE(
        identity::CreateSite(identity(), {"north", "North Test Site", "America/Chicago"}, cli)
            .ok());
    ASSERT_TRUE(
        identity::CreateSite(identity(), {"tokyo", "Tokyo Test Site", "Asia/Tokyo"}, cli).ok());
    AddUser("u-a", "coach.a", identity::Role::kCoach, "a@north.example.org", "+18065550101");
    AddUser("u-b", "coach.b", identity::Role::kCoach, "", "+18065550102");
    AddUser("u-none", "coach.none", identity::Role::kCoach, "", "");  // no pager contact
    AddUser("u-s", "sup.s", identity::Role::kSupervisor, "s@north.example.org", "+18065550103");
    AddUser("u-off", "sup.off", identity::Role::kSupervisor, "off@north.example.org", "");
    ASSERT_TRUE(identity().accounts.SetDisabled("u-off", true).ok());
    for (const char* site : {"north", "tokyo"}) {
      const identity::Change admin{"test.admin", kAt, "192.0.2.1", site};
      ASSERT_TRUE(
          CreateProgram(stores(), admin, {"ed", "", "ED coaching", ProgramKind::kEdCoaching}).ok());
      ASSERT_TRUE(CreatePartner(stores(), admin,
                                {"mercy-ed", "", "Mercy Test Hospital ED", PartnerKind::kHospital})
                      .ok());
    }
    // Every hour of the week: coach.none first (unreachable), then coach.a, then coach.b.
    std::vector<Shift> always;
    for (int day = 0; day < 7; ++day) {
      always.push_back({"u-none", day, 0, 1440, 1});
      always.push_back({"u-a", day, 0, 1440, 2});
      always.push_back({"u-b", day, 0, 1440, 3});
    }
    ASSERT_TRUE(SetRoster(stores(), {"test.admin", kAt, "", "north"}, "ed", always).ok());
  }

  void AddUser(const std::string& id, const std::string& name, identity::Role role,
               const std::string& email, const std::string& phone) {
    identity::User user;
    user.id = id;
    user.name = name;
    user.display_name = "Test " + name;
    user.created_at = "2026-12-01T00:00:00Z";
    user.email = email;
    user.pager_phone = phone;
    ASSERT_TRUE(identity().accounts.InsertUser(user, "not-a-hash").ok());
    for (const char* site : {"north", "tokyo"}) {
      ASSERT_TRUE(identity().accounts.UpsertGrant({id, role, site, {}}).ok());
    }
  }

  Stores& stores() { return db_->stores().casework; }
  identity::Stores& identity() { return db_->stores().identity; }

  std::vector<OutboxMessage> Pages(const std::string& referral_id) {
    Result<std::vector<OutboxMessage>> pages = stores().outbox.ListAbout("referral:" + referral_id);
    EXPECT_TRUE(pages.ok());
    return pages.ok() ? *pages : std::vector<OutboxMessage>{};
  }

  static Actor Referrer() {
    return {{"token:0123456789abcdef", kAt, "198.51.100.9", ""}, "", "mercy-ed"};
  }
  static Actor Coach(Instant at) {
    return {{"test.coach", at, "192.0.2.8", ""}, "u-a", std::nullopt};
  }

  static NewReferral Sent(Urgency urgency = Urgency::kNow) {
    NewReferral sent;
    sent.program_id = "ed";
    sent.first_name = "Testy";
    sent.phone = "806-555-0142";
    sent.setting = Setting::kEmergencyDepartment;
    sent.urgency = urgency;
    sent.reason = ReferralReason::kOverdoseSurvivor;
    sent.partner_reference = "TEST-MRN-1";
    sent.consent_to_contact = true;
    return sent;
  }

  std::unique_ptr<testing::TestDatabase<TestStores>> db_;
};

TEST_F(PagingTest, AnUrgentReferralPagesTheOnCallInTurnThenTheSupervisors) {
  Result<Referral> r = ReceiveReferral(stores(), Referrer(), "north", Sent());
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::vector<OutboxMessage> pages = Pages(r->id);
  // coach.none cannot be paged and does not hold up the others; the disabled supervisor is left
  // out.
  struct Expected {
    Channel channel;
    std::string recipient;
    Instant due;
  };
  const std::vector<Expected> expected = {
      {Channel::kEmail, "a@north.example.org", kAt},
      {Channel::kSms, "+18065550101", kAt},
      {Channel::kSms, "+18065550102", kAt + 15min},
      {Channel::kEmail, "s@north.example.org", kAt + 30min},
      {Channel::kSms, "+18065550103", kAt + 30min},
  };
  ASSERT_EQ(pages.size(), expected.size());
  for (std::size_t i = 0; i < pages.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(pages[i].channel, expected[i].channel);
    EXPECT_EQ(pages[i].recipient, expected[i].recipient);
    EXPECT_EQ(pages[i].due, expected[i].due);
    EXPECT_EQ(pages[i].next_attempt, expected[i].due);
    EXPECT_EQ(pages[i].state, MessageState::kPending);
    EXPECT_EQ(pages[i].site_id, "north");
    EXPECT_EQ(pages[i].body,
              "Urgent ED referral from Mercy Test Hospital ED \u2014 open recoverynet");
    for (const char* identifying : {"Testy", "806", "0142", "TEST-MRN", "overdose"}) {
      EXPECT_EQ(pages[i].body.find(identifying), std::string::npos) << identifying;
      EXPECT_EQ(pages[i].subject.find(identifying), std::string::npos) << identifying;
    }
  }
  const identity::AuditEvent receipt = *identity().audit.LoadAll()->rbegin();
  EXPECT_EQ(receipt.action, identity::audit_action::kReferralReceive);
  EXPECT_EQ(receipt.details, R"({"program":"ed","partner":"mercy-ed","urgency":"now","pages":5})");
}

TEST_F(PagingTest, OnlyAnUrgentReferralPages) {
  for (Urgency urgency : {Urgency::kToday, Urgency::kRoutine}) {
    Result<Referral> r = ReceiveReferral(stores(), Referrer(), "north", Sent(urgency));
    ASSERT_TRUE(r.ok());
    EXPECT_TRUE(Pages(r->id).empty());
    EXPECT_EQ(identity().audit.LoadAll()->rbegin()->details.find("pages"), std::string::npos);
  }
}

TEST_F(PagingTest, TheRosterIsReadInTheSitesZone) {
  // Wednesday 14:00–15:00 in the site's zone: at kAt only Tokyo is in it.
  const std::vector<Shift> afternoon = {{"u-a", 3, 14 * 60, 60, 1}};
  ASSERT_TRUE(SetRoster(stores(), {"test.admin", kAt, "", "tokyo"}, "ed", afternoon).ok());
  ASSERT_TRUE(SetRoster(stores(), {"test.admin", kAt, "", "north"}, "ed", afternoon).ok());
  Result<Referral> tokyo = ReceiveReferral(stores(), Referrer(), "tokyo", Sent());
  Result<Referral> north = ReceiveReferral(stores(), Referrer(), "north", Sent());
  ASSERT_TRUE(tokyo.ok() && north.ok());
  const std::vector<OutboxMessage> tokyo_pages = Pages(tokyo->id);
  ASSERT_EQ(tokyo_pages.size(), 4u);
  EXPECT_EQ(tokyo_pages[0].recipient, "a@north.example.org");
  EXPECT_EQ(tokyo_pages[0].due, kAt);
  EXPECT_EQ(tokyo_pages[2].due, kAt + 15min);  // then the supervisor
  // Nobody is on call in Chicago (23:30 on Tuesday): the supervisors at once.
  const std::vector<OutboxMessage> north_pages = Pages(north->id);
  ASSERT_EQ(north_pages.size(), 2u);
  EXPECT_EQ(north_pages[0].recipient, "s@north.example.org");
  EXPECT_EQ(north_pages[0].due, kAt);
}

TEST_F(PagingTest, ARolledBackReceiptLeavesNeitherTheReferralNorItsPages) {
  std::string id;
  const Status status = stores().unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<Referral> r = ReceiveReferral(stores(), Referrer(), "north", Sent());
    if (!r.ok()) return r.status();
    id = r->id;
    EXPECT_EQ(Pages(id).size(), 5u);  // written, inside the unit of work
    return Status::Internal("the enclosing work fails");
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  ASSERT_FALSE(id.empty());
  EXPECT_FALSE(*stores().referrals.Get("north", id));
  EXPECT_TRUE(Pages(id).empty());
  EXPECT_TRUE(stores().outbox.ListRecent(10)->empty());
}

TEST_F(PagingTest, AcceptingCancelsThePagesNotYetSent) {
  Result<Referral> r = ReceiveReferral(stores(), Referrer(), "north", Sent());
  ASSERT_TRUE(r.ok());
  const std::vector<OutboxMessage> pages = Pages(r->id);
  ASSERT_TRUE(stores().outbox.MarkDelivered(pages[0].id, kAt + 1s).ok());
  Result<Referral> accepted = ChangeReferralStatus(stores(), Coach(kAt + 2min), "north", r->id,
                                                   ReferralStatus::kAccepted, std::nullopt);
  ASSERT_TRUE(accepted.ok()) << accepted.status().message();
  const std::vector<OutboxMessage> after = Pages(r->id);
  EXPECT_EQ(after[0].state, MessageState::kDelivered);
  for (std::size_t i = 1; i < after.size(); ++i) {
    EXPECT_EQ(after[i].state, MessageState::kCancelled) << i;
    EXPECT_EQ(after[i].cancelled_at, kAt + 2min);
  }
  EXPECT_EQ(identity().audit.LoadAll()->rbegin()->details,
            R"({"from":"requested","to":"accepted","pages_cancelled":4})");
  // A later change has nothing left to cancel.
  ASSERT_TRUE(ChangeReferralStatus(stores(), Coach(kAt + 1h), "north", r->id,
                                   ReferralStatus::kInProgress, std::nullopt)
                  .ok());
  EXPECT_EQ(identity().audit.LoadAll()->rbegin()->details,
            R"({"from":"accepted","to":"in-progress"})");
}

TEST_F(PagingTest, AFirstContactWithTheReferredPersonCancelsThePagesNotYetSent) {
  Result<Referral> r = ReceiveReferral(stores(), Referrer(), "north", Sent());
  ASSERT_TRUE(r.ok());
  Actor coach = Coach(kAt + 3min);
  coach.participants = ParticipantScope::kOwn;
  const date::time_zone* zone = date::locate_zone("America/Chicago");
  NewParticipant person;
  person.details.first_name = "Testy";
  person.referral_id = r->id;
  Result<CreatedParticipant> made = CreateParticipant(stores(), coach, "north", person, zone);
  ASSERT_TRUE(made.ok()) << made.status().message();
  NewContact met;
  met.at = kAt + 3min;
  met.place = ContactPlace::kEmergencyDepartment;
  met.duration_minutes = 20;
  ASSERT_TRUE(RecordContact(stores(), coach, "north", made->participant.id, met, zone).ok());
  EXPECT_EQ((**stores().referrals.Get("north", r->id)).status, ReferralStatus::kInProgress);
  for (const OutboxMessage& page : Pages(r->id)) {
    EXPECT_EQ(page.state, MessageState::kCancelled) << page.id;
  }
}

TEST_F(PagingTest, ARefusedStatusChangeCancelsNothing) {
  Result<Referral> r = ReceiveReferral(stores(), Referrer(), "north", Sent());
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(ChangeReferralStatus(stores(), Coach(kAt + 1min), "north", r->id,
                                    ReferralStatus::kCompleted, std::nullopt)
                   .ok());
  for (const OutboxMessage& page : Pages(r->id)) EXPECT_EQ(page.state, MessageState::kPending);
}

}  // namespace
}  // namespace rn::casework
