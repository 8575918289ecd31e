#include "casework/referral.h"

#include <date/date.h>
#include <gtest/gtest.h>

#include <string>

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
using S = ReferralStatus;
using O = ReferralOutcome;

const Instant kReceived = date::sys_days{date::year{2026} / 12 / 1} + 23h + 30min;

NewReferral Sent() {
  NewReferral sent;
  sent.program_id = "ed";
  sent.partner_id = "mercy-ed";
  sent.first_name = "  Testy ";
  sent.phone = "+1 (806) 555-0142";
  sent.language = "ES-mx";
  sent.setting = Setting::kEmergencyDepartment;
  sent.urgency = Urgency::kNow;
  sent.reason = ReferralReason::kOverdoseSurvivor;
  sent.partner_reference = "MRN-TEST-1";
  sent.consent_to_contact = true;
  return sent;
}

Referral Received() {
  Referral referral;
  referral.id = "0123456789abcdef0123456789abcdef";
  referral.site_id = "north";
  referral.sent = Sent();
  referral.received_at = kReceived;
  return referral;
}

std::string FaultyField(NewReferral sent) {
  Status status = NormalizeNewReferral(&sent);
  if (status.ok()) return "";
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  return status.field();
}

TEST(NormalizeNewReferral, TidiesAWellFormedReferral) {
  NewReferral sent = Sent();
  ASSERT_TRUE(NormalizeNewReferral(&sent).ok());
  EXPECT_EQ(sent.first_name, "Testy");
  EXPECT_EQ(sent.language, "es-MX");
  EXPECT_EQ(sent.phone, "+1 (806) 555-0142");
}

TEST(NormalizeNewReferral, NamesTheFieldAtFault) {
  NewReferral sent = Sent();
  sent.first_name = "   ";
  EXPECT_EQ(FaultyField(sent), "first_name");
  sent = Sent();
  sent.first_name = std::string(101, 'a');
  EXPECT_EQ(FaultyField(sent), "first_name");
  sent = Sent();
  sent.first_name = "Te\x01sty";
  EXPECT_EQ(FaultyField(sent), "first_name");
  sent = Sent();
  sent.first_name = "\xff";
  EXPECT_EQ(FaultyField(sent), "first_name");
  sent = Sent();
  sent.phone = "555-01";
  EXPECT_EQ(FaultyField(sent), "phone");
  sent = Sent();
  sent.phone = "call the desk";
  EXPECT_EQ(FaultyField(sent), "phone");
  sent = Sent();
  sent.language = "Spanish";
  EXPECT_EQ(FaultyField(sent), "language");
  sent = Sent();
  sent.partner_reference = std::string(65, '1');
  EXPECT_EQ(FaultyField(sent), "partner_reference");
  sent = Sent();
  sent.program_id.clear();
  EXPECT_EQ(FaultyField(sent), "program");
  sent = Sent();
  sent.partner_id.clear();
  EXPECT_EQ(FaultyField(sent), "partner");
}

TEST(NormalizeNewReferral, APhoneIsOptional) {
  NewReferral sent = Sent();
  sent.phone = " ";
  EXPECT_EQ(FaultyField(sent), "");
}

TEST(Codes, EveryVocabularyRoundTripsAndRefusesUnknownNames) {
  for (const auto& code : kReferralStatuses.codes()) {
    EXPECT_EQ(kReferralStatuses.Find(code.name), code.value);
  }
  Result<Urgency> urgency = kUrgencies.Parse("urgency", "asap");
  ASSERT_FALSE(urgency.ok());
  EXPECT_EQ(urgency.status().field(), "urgency");
  EXPECT_EQ(urgency.status().message(), "must be one of: now, today, routine");
  EXPECT_EQ(*kSettings.Parse("setting", "prenatal_clinic"), Setting::kPrenatalClinic);
}

TEST(CanTransition, FollowsTheTaskStateMachine) {
  EXPECT_TRUE(CanTransition(S::kRequested, S::kAccepted));
  EXPECT_TRUE(CanTransition(S::kRequested, S::kRejected));
  EXPECT_TRUE(CanTransition(S::kAccepted, S::kInProgress));
  EXPECT_TRUE(CanTransition(S::kInProgress, S::kOnHold));
  EXPECT_TRUE(CanTransition(S::kOnHold, S::kInProgress));
  EXPECT_TRUE(CanTransition(S::kInProgress, S::kCompleted));
  EXPECT_FALSE(CanTransition(S::kRequested, S::kCompleted));
  EXPECT_FALSE(CanTransition(S::kRequested, S::kInProgress));
  EXPECT_FALSE(CanTransition(S::kAccepted, S::kRequested));
  EXPECT_FALSE(CanTransition(S::kAccepted, S::kAccepted));
  EXPECT_FALSE(CanTransition(S::kEnteredInError, S::kEnteredInError));
}

TEST(CanTransition, AClosedReferralOnlyBecomesEnteredInError) {
  for (const auto& from : kReferralStatuses.codes()) {
    if (!IsClosed(from.value)) continue;
    for (const auto& to : kReferralStatuses.codes()) {
      EXPECT_EQ(CanTransition(from.value, to.value),
                to.value == S::kEnteredInError && from.value != S::kEnteredInError)
          << from.name << " -> " << to.name;
    }
  }
}

TEST(ApplyStatusChange, AcceptingKeepsTheFirstTimeAndAssignsTheCoach) {
  Referral referral = Received();
  ASSERT_TRUE(
      ApplyStatusChange(&referral, {S::kAccepted, std::nullopt, kReceived + 4min, "coach-1"}).ok());
  EXPECT_EQ(referral.status, S::kAccepted);
  EXPECT_EQ(referral.accepted_at, kReceived + 4min);
  EXPECT_EQ(referral.assigned_to, "coach-1");
  EXPECT_FALSE(referral.closed_at);
}

TEST(ApplyStatusChange, AnIllegalChangeIsAConflictAndChangesNothing) {
  Referral referral = Received();
  const Referral before = referral;
  Status status =
      ApplyStatusChange(&referral, {S::kCompleted, O::kReachedAndEngaged, kReceived + 1h, "c"});
  EXPECT_EQ(status.code(), StatusCode::kConflict);
  EXPECT_EQ(status.message(), "a referral that is requested cannot become completed");
  EXPECT_EQ(referral, before);
}

TEST(ApplyStatusChange, ClosingNeedsAFittingOutcome) {
  Referral referral = Received();
  ASSERT_TRUE(ApplyStatusChange(&referral, {S::kAccepted, std::nullopt, kReceived, "c"}).ok());
  const Referral accepted = referral;
  Status missing = ApplyStatusChange(&referral, {S::kCompleted, std::nullopt, kReceived, "c"});
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(missing.field(), "outcome");
  Status unfit = ApplyStatusChange(&referral, {S::kFailed, O::kReachedAndEngaged, kReceived, "c"});
  EXPECT_EQ(unfit.field(), "outcome");
  Status open = ApplyStatusChange(&referral, {S::kOnHold, O::kDeclined, kReceived, "c"});
  EXPECT_EQ(open.field(), "outcome");
  EXPECT_EQ(referral, accepted);
  ASSERT_TRUE(
      ApplyStatusChange(&referral, {S::kFailed, O::kCouldNotContact, kReceived + 48h, "c"}).ok());
  EXPECT_EQ(referral.outcome, O::kCouldNotContact);
  EXPECT_EQ(referral.closed_at, kReceived + 48h);
}

TEST(ApplyStatusChange, EnteredInErrorNeedsNoOutcome) {
  Referral referral = Received();
  EXPECT_TRUE(ApplyStatusChange(&referral, {S::kEnteredInError, std::nullopt, kReceived, ""}).ok());
  EXPECT_TRUE(referral.closed_at);
}

TEST(ClosingStatus, IsALegalChangeWithItsOutcomeFromEveryOpenStatus) {
  for (const auto& from : kReferralStatuses.codes()) {
    for (const auto& outcome : kReferralOutcomes.codes()) {
      const std::optional<S> to = ClosingStatus(from.value, outcome.value);
      if (IsClosed(from.value)) {
        EXPECT_FALSE(to) << from.name;
        continue;
      }
      if (from.value == S::kRequested && outcome.value == O::kReachedAndEngaged) {
        EXPECT_FALSE(to);
        continue;
      }
      ASSERT_TRUE(to) << from.name << " " << outcome.name;
      Referral referral = Received();
      referral.status = from.value;
      EXPECT_TRUE(ApplyStatusChange(&referral, {*to, outcome.value, kReceived, "c"}).ok())
          << from.name << " " << outcome.name << " -> " << kReferralStatuses.Name(*to);
    }
  }
}

TEST(RecordFirstContact, AcceptsAndStartsARequestedReferralAndKeepsTheFirstTime) {
  Referral referral = Received();
  RecordFirstContact(&referral, kReceived + 22min, "coach-1");
  EXPECT_EQ(referral.status, S::kInProgress);
  EXPECT_EQ(referral.accepted_at, kReceived + 22min);
  EXPECT_EQ(referral.assigned_to, "coach-1");
  RecordFirstContact(&referral, kReceived + 5h, "coach-2");
  EXPECT_EQ(referral.first_contact_at, kReceived + 22min);
  EXPECT_EQ(referral.assigned_to, "coach-1");
  EXPECT_EQ(TimeToFirstContact(referral), 22min);
}

TEST(RecordFirstContact, LeavesAClosedOrPausedReferralsStatus) {
  Referral referral = Received();
  referral.status = S::kOnHold;
  RecordFirstContact(&referral, kReceived + 1h, "c");
  EXPECT_EQ(referral.status, S::kOnHold);
  referral.status = S::kCancelled;
  RecordFirstContact(&referral, kReceived + 2h, "c");
  EXPECT_EQ(referral.status, S::kCancelled);
  EXPECT_EQ(TimeToFirstContact(Received()), std::nullopt);
}

}  // namespace
}  // namespace rn::casework
