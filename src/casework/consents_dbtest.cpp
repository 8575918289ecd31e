// The consent and disclosure use cases (consents.h) against a real database: a consent and its
// revocations stored and read back whole, a disclosure refused without a covering consent (and
// the refusal audited, nothing logged), allowed with one (logged, audited, only what was asked
// going out), and the accounting of disclosures, at pinned instants.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "casework/consents.h"
#include "casework/contacts.h"
#include "casework/participants.h"
#include "casework/referrals.h"
#include "casework/setup.h"
#include "casework/test_database.h"
#include "identity/audit_actions.h"

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
namespace audit_action = identity::audit_action;
using date::day;
using date::month;
using date::year;

const date::time_zone* Chicago() { return date::locate_zone("America/Chicago"); }
// 10:00 CST on Tuesday 1 December 2026.
const Instant kAt = date::sys_days{year{2026} / month{12} / day{1}} + 16h;

class ConsentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase(":memory:");
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    ASSERT_TRUE(identity().accounts.InsertSite({"north", "North Test Site"}).ok());
    ASSERT_TRUE(
        identity().accounts.InsertUser({"u-coach", "test.coach", "test.coach", false, ""}, "x")
            .ok());
    ASSERT_TRUE(identity().accounts.UpsertGrant({"u-coach", identity::Role::kCoach, "north", {}})
                    .ok());
    const identity::Change admin{"test.admin", kAt, "192.0.2.1", "north"};
    ASSERT_TRUE(
        CreateProgram(stores(), admin, {"ed", "", "ED coaching", ProgramKind::kEdCoaching}).ok());
    ASSERT_TRUE(
        CreatePartner(stores(), admin, {"mercy-ed", "", "Mercy Test ED", PartnerKind::kHospital})
            .ok());
    ASSERT_TRUE(
        CreatePartner(stores(), admin, {"court", "", "Test County Court", PartnerKind::kCourt})
            .ok());
    NewParticipant person;
    person.details.first_name = "Testy";
    person.enrolment = NewEnrolment{"ed", std::nullopt, std::nullopt};
    Result<CreatedParticipant> created =
        CreateParticipant(stores(), Coach(), "north", std::move(person), Chicago());
    ASSERT_TRUE(created.ok()) << created.status().message();
    participant_ = created->participant.id;
  }

  Stores& stores() { return db_->stores().casework; }
  identity::Stores& identity() { return db_->stores().identity; }
  std::vector<identity::AuditEvent> Audit() {
    Result<std::vector<identity::AuditEvent>> events = identity().audit.LoadAll();
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<identity::AuditEvent>{};
  }

  static Actor Coach(Instant at = kAt) {
    return {{"test.coach", at, "192.0.2.8", ""}, "u-coach", std::nullopt, ParticipantScope::kOwn};
  }

  static Consent ForTheEdAndTheCourt() {
    Consent consent;
    consent.discloser = "North Test Site";
    consent.information = {Information::kReferralStatus, Information::kEnrollment};
    consent.recipients = {"mercy-ed", "court"};
    consent.purposes = {Purpose::kReferralFollowUp};
    consent.expires_on = year{2027} / month{6} / day{30};
    consent.signed_on = year{2026} / month{11} / day{30};
    return consent;
  }

  Result<DisclosedRecord> DiscloseTo(std::string recipient, Instant at = kAt) {
    return Disclose(stores(), Coach(at), "north", participant_,
                    {std::move(recipient), Purpose::kReferralFollowUp,
                     {Information::kReferralStatus}},
                    Chicago());
  }

  std::unique_ptr<testing::TestDatabase<TestStores>> db_;
  std::string participant_;
};

TEST_F(ConsentsTest, AConsentAndItsRevocationsAreStoredAndReadBackWhole) {
  Result<Consent> recorded =
      RecordConsent(stores(), Coach(), "north", participant_, ForTheEdAndTheCourt(), Chicago());
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  EXPECT_EQ(recorded->recorded_by, "test.coach");
  EXPECT_EQ(Audit().back().action, audit_action::kConsentRecord);
  EXPECT_EQ(Audit().back().target, "participant:" + participant_);

  Result<Consent> for_court =
      RevokeConsent(stores(), Coach(kAt + 1h), "north", participant_, recorded->id, "court");
  ASSERT_TRUE(for_court.ok()) << for_court.status().message();
  Result<std::vector<ListedConsent>> listed =
      ListConsents(stores(), Coach(kAt + 2h), "north", participant_, Chicago());
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ(listed->front().consent, *for_court);
  ASSERT_EQ(for_court->revoked_recipients.size(), 1u);
  EXPECT_EQ(for_court->revoked_recipients[0].recipient, "court");
  EXPECT_EQ(for_court->revoked_recipients[0].at, kAt + 1h);
  EXPECT_TRUE(listed->front().in_force);

  EXPECT_EQ(RevokeConsent(stores(), Coach(), "north", participant_, recorded->id, "court")
                .status()
                .code(),
            StatusCode::kConflict);
  Result<Consent> whole =
      RevokeConsent(stores(), Coach(kAt + 3h), "north", participant_, recorded->id, "");
  ASSERT_TRUE(whole.ok());
  listed = ListConsents(stores(), Coach(kAt + 4h), "north", participant_, Chicago());
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->front().consent.revoked_at, kAt + 3h);
  EXPECT_FALSE(listed->front().in_force);
  EXPECT_EQ(Audit().back().action, audit_action::kConsentsView);
}

TEST_F(ConsentsTest, ARecipientThatIsNotAPartnerIsRefusedNamingTheField) {
  Consent consent = ForTheEdAndTheCourt();
  consent.recipients.push_back("nowhere");
  Result<Consent> recorded =
      RecordConsent(stores(), Coach(), "north", participant_, consent, Chicago());
  EXPECT_EQ(recorded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(recorded.status().field(), "recipients");
  Result<std::vector<ListedConsent>> listed =
      ListConsents(stores(), Coach(), "north", participant_, Chicago());
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST_F(ConsentsTest, ADisclosureIsRefusedAndAuditedWithoutConsentAndLoggedUnderOne) {
  Result<DisclosedRecord> refused = DiscloseTo("mercy-ed");
  EXPECT_EQ(refused.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(refused.status().field(), "consent");
  EXPECT_EQ(Audit().back().action, audit_action::kDisclosureRefuse);

  ASSERT_TRUE(
      RecordConsent(stores(), Coach(), "north", participant_, ForTheEdAndTheCourt(), Chicago())
          .ok());
  Result<DisclosedRecord> made = DiscloseTo("mercy-ed", kAt + 1h);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->disclosure.recipient_name, "Mercy Test ED");
  EXPECT_FALSE(made->details);  // the record was not asked for
  EXPECT_TRUE(made->contacts.empty());
  EXPECT_EQ(Audit().back().action, audit_action::kDisclosureMake);

  // After the consent's date (through the end of 30 June 2027 in Chicago): refused, naming it.
  const Instant after = date::sys_days{year{2027} / month{7} / day{1}} + 6h;
  EXPECT_EQ(DiscloseTo("mercy-ed", after).status().field(), "expires_at");

  Result<std::vector<Disclosure>> accounting =
      AccountDisclosures(stores(), Coach(kAt + 2h), "north", participant_);
  ASSERT_TRUE(accounting.ok());
  ASSERT_EQ(accounting->size(), 1u);
  EXPECT_EQ(accounting->front(), made->disclosure);
  EXPECT_EQ(Audit().back().action, audit_action::kDisclosuresView);
  // Three years and a day later it is past the accounting's window.
  accounting = AccountDisclosures(stores(), Coach(kAt + 24h * (3 * 366)), "north", participant_);
  ASSERT_TRUE(accounting.ok());
  EXPECT_TRUE(accounting->empty());
}

// The referring partner learns what became of its referral only through a disclosure to it: what
// the disclosure told (the status then), never the referral's state since, and nothing of a
// disclosure to another partner.
TEST_F(ConsentsTest, AReferrerReadsTheStatusItsPartnerWasToldAndNoMore) {
  const Actor referrer{{"token:0123456789abcdef", kAt, "198.51.100.9", ""}, "", "mercy-ed"};
  NewReferral sent;
  sent.program_id = "ed";
  sent.first_name = "Testy Two";
  sent.urgency = Urgency::kToday;
  sent.consent_to_contact = true;
  Result<Referral> referral = ReceiveReferral(stores(), referrer, "north", sent);
  ASSERT_TRUE(referral.ok()) << referral.status().message();
  ASSERT_TRUE(ChangeReferralStatus(stores(), Coach(), "north", referral->id,
                                   ReferralStatus::kAccepted, std::nullopt)
                  .ok());
  Result<CreatedParticipant> person =
      CreateParticipantFromReferral(stores(), Coach(kAt + 10min), "north", referral->id, Chicago());
  ASSERT_TRUE(person.ok()) << person.status().message();
  participant_ = person->participant.id;
  ASSERT_TRUE(
      RecordConsent(stores(), Coach(), "north", participant_, ForTheEdAndTheCourt(), Chicago())
          .ok());

  auto read = [&](Instant at) {
    Actor reading = referrer;
    reading.change.at = at;
    Result<Referral> got = ReadReferral(stores(), reading, "north", referral->id);
    EXPECT_TRUE(got.ok()) << got.status().message();
    return got.ok() ? got->disclosed : std::nullopt;
  };
  EXPECT_FALSE(read(kAt + 20min));
  // Told to the court only: still nothing for the ED.
  ASSERT_TRUE(DiscloseTo("court", kAt + 30min).ok());
  EXPECT_FALSE(read(kAt + 31min));

  Result<DisclosedRecord> told = DiscloseTo("mercy-ed", kAt + 1h);
  ASSERT_TRUE(told.ok()) << told.status().message();
  ASSERT_TRUE(told->disclosure.referral);
  EXPECT_EQ(told->disclosure.referral->status, ReferralStatus::kAccepted);
  // The referral closes afterwards; the ED still reads what it was told at the time.
  ASSERT_TRUE(ChangeReferralStatus(stores(), Coach(kAt + 2h), "north", referral->id, std::nullopt,
                                   ReferralOutcome::kReachedAndEngaged)
                  .ok());
  const std::optional<DisclosedReferral> disclosed = read(kAt + 3h);
  ASSERT_TRUE(disclosed);
  EXPECT_EQ(*disclosed, *told->disclosure.referral);
  EXPECT_EQ(disclosed->referral_id, referral->id);
  EXPECT_EQ(disclosed->disclosed_at, kAt + 1h);
  EXPECT_FALSE(disclosed->outcome);
  // The accounting reads the same disclosure back whole.
  Result<std::vector<Disclosure>> accounting =
      AccountDisclosures(stores(), Coach(kAt + 3h), "north", participant_);
  ASSERT_TRUE(accounting.ok());
  ASSERT_EQ(accounting->size(), 2u);
  EXPECT_EQ(accounting->front(), told->disclosure);

  // A later disclosure, after the close, is what the list shows.
  ASSERT_TRUE(DiscloseTo("mercy-ed", kAt + 4h).ok());
  Actor listing = referrer;
  listing.change.at = kAt + 5h;
  Result<std::vector<Referral>> listed = ListReferrals(stores(), listing, "north", {});
  ASSERT_TRUE(listed.ok()) << listed.status().message();
  ASSERT_EQ(listed->size(), 1u);
  ASSERT_TRUE(listed->front().disclosed);
  EXPECT_EQ(listed->front().disclosed->status, ReferralStatus::kCompleted);
  EXPECT_EQ(listed->front().disclosed->outcome, ReferralOutcome::kReachedAndEngaged);
}

}  // namespace
}  // namespace rn::casework
