// casework::ProgramStore and casework::ReferralStore on SQLite: every field of a referral, its
// optional instants and outcome, comes back as stored; the lifecycle update leaves what was sent
// alone; the schema refuses a referral for a program or partner the site does not have, and a
// repeated program id.

#include <gtest/gtest.h>

#include <string>

#include "casework/program.h"
#include "casework/referral.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

using namespace std::chrono_literals;
using casework::Referral;

class ReferralStoreTest : public InMemoryDatabaseTest {
 protected:
  void SetUp() override {
    InMemoryDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(db_->accounts().InsertSite({"north", "North Test Site"}).ok());
    ASSERT_TRUE(
        db_->programs()
            .InsertProgram({"home", "north", "Home visiting", casework::ProgramKind::kHomeVisiting})
            .ok());
    ASSERT_TRUE(db_->programs()
                    .InsertPartner(
                        {"st-anne-ob", "north", "St Anne Test OB", casework::PartnerKind::kClinic})
                    .ok());
  }

  static Referral Sample() {
    Referral r;
    r.id = "00000000000000000000000000000001";
    r.site_id = "north";
    r.sent.program_id = "home";
    r.sent.partner_id = "st-anne-ob";
    r.sent.first_name = "Testa";
    r.sent.phone = "";
    r.sent.language = "es-MX";
    r.sent.setting = casework::Setting::kPrenatalClinic;
    r.sent.urgency = casework::Urgency::kToday;
    r.sent.reason = casework::ReferralReason::kPregnantOrParenting;
    r.sent.partner_reference = "OB-7";
    r.sent.consent_to_contact = true;
    r.received_by = "token:0123456789abcdef";
    r.received_at = TestInstant(9, 15);
    return r;
  }
};

TEST_F(ReferralStoreTest, EveryFieldRoundTripsAndTheLifecycleUpdateKeepsWhatWasSent) {
  Referral r = Sample();
  ASSERT_TRUE(db_->referrals().Insert(r).ok());
  EXPECT_EQ(**db_->referrals().Get("north", r.id), r);
  Referral changed = r;
  changed.status = casework::ReferralStatus::kCompleted;
  changed.outcome = casework::ReferralOutcome::kReachedAndEngaged;
  changed.assigned_to = "u-coach";
  changed.participant_id = "p-1";
  changed.accepted_at = r.received_at + 10min;
  changed.first_contact_at = r.received_at + 2h;
  changed.closed_at = r.received_at + 72h;
  changed.sent.first_name = "Changed";  // not a lifecycle field: not written
  ASSERT_TRUE(db_->referrals().UpdateLifecycle(changed).ok());
  Referral expected = changed;
  expected.sent = r.sent;
  EXPECT_EQ(**db_->referrals().Get("north", r.id), expected);
  Referral missing = changed;
  missing.id = "00000000000000000000000000000002";
  EXPECT_EQ(db_->referrals().UpdateLifecycle(missing).code(), StatusCode::kNotFound);
}

TEST_F(ReferralStoreTest, TheSchemaRefusesUnknownProgramsPartnersAndRepeatedIds) {
  Referral r = Sample();
  r.sent.program_id = "ed";
  EXPECT_EQ(db_->referrals().Insert(r).code(), StatusCode::kConflict);
  r = Sample();
  r.sent.partner_id = "mercy-ed";
  EXPECT_EQ(db_->referrals().Insert(r).code(), StatusCode::kConflict);
  ASSERT_TRUE(db_->referrals().Insert(Sample()).ok());
  EXPECT_EQ(db_->referrals().Insert(Sample()).code(), StatusCode::kConflict);
  EXPECT_EQ(db_->programs()
                .InsertProgram({"home", "north", "Again", casework::ProgramKind::kCommunity})
                .code(),
            StatusCode::kConflict);
  EXPECT_EQ(db_->programs()
                .InsertProgram({"home", "nowhere", "No site", casework::ProgramKind::kCommunity})
                .code(),
            StatusCode::kConflict);
  Result<std::optional<casework::Program>> program = db_->programs().GetProgram("north", "home");
  ASSERT_TRUE(program.ok() && *program);
  EXPECT_EQ((*program)->kind, casework::ProgramKind::kHomeVisiting);
  EXPECT_FALSE(*db_->programs().GetProgram("south", "home"));
}

}  // namespace
}  // namespace rn::storage
