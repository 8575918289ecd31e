// Setting a site up (setup.h) against a real database: the on-call roster takes the site's coaches
// and supervisors only, names the shift and field at fault, replaces the whole roster in one
// audited unit of work, and a refused roster leaves the old one.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "casework/setup.h"
#include "casework/test_database.h"
#include "identity/audit_actions.h"

namespace rn::casework {
namespace {

using namespace std::chrono_literals;

const Instant kAt = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 15h;

class RosterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase();
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    identity::AccountStore& accounts = db_->stores().identity.accounts;
    for (const char* site : {"north", "south"}) {
      ASSERT_TRUE(accounts.InsertSite({site, site}).ok());
    }
    const std::vector<std::tuple<std::string, identity::Role, std::string>> staff = {
        {"u-coach", identity::Role::kCoach, "north"},
        {"u-sup", identity::Role::kSupervisor, "north"},
        {"u-editor", identity::Role::kDirectoryEditor, "north"},
        {"u-south", identity::Role::kCoach, "south"}};
    for (const auto& [id, role, site] : staff) {
      ASSERT_TRUE(
          accounts.InsertUser({id, "test." + id, "Test " + id, false, "2026-12-01T00:00:00Z"}, "x")
              .ok());
      ASSERT_TRUE(accounts.UpsertGrant({id, role, site, {}}).ok());
    }
    ASSERT_TRUE(
        CreateProgram(stores(), Admin(), {"ed", "", "ED coaching", ProgramKind::kEdCoaching}).ok());
  }

  Stores& stores() { return db_->stores().casework; }
  static identity::Change Admin() { return {"test.admin", kAt, "192.0.2.1", "north"}; }
  std::vector<Shift> Stored() { return *stores().programs.ListRoster("north", "ed"); }

  std::unique_ptr<testing::TestDatabase<TestStores>> db_;
};

TEST_F(RosterTest, TheSitesCoachesAndSupervisorsAreRosteredAndTheChangeIsAudited) {
  const std::vector<Shift> shifts = {{"u-sup", 3, 8 * 60, 480, 2}, {"u-coach", 2, 22 * 60, 600, 1}};
  Result<std::vector<Shift>> stored = SetRoster(stores(), Admin(), "ed", shifts);
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  EXPECT_EQ(*stored, (std::vector<Shift>{shifts[1], shifts[0]}));  // by weekday
  const identity::AuditEvent last = db_->stores().identity.audit.LoadAll()->back();
  EXPECT_EQ(last.action, identity::audit_action::kRosterSet);
  EXPECT_EQ(last.target, "program:ed");
  EXPECT_EQ(last.details, R"({"shifts":2})");
  ASSERT_TRUE(SetRoster(stores(), Admin(), "ed", {}).ok());
  EXPECT_TRUE(Stored().empty());
}

TEST_F(RosterTest, ARefusedRosterNamesTheShiftAndLeavesTheOldOne) {
  const std::vector<Shift> old = {{"u-coach", 1, 8 * 60, 480, 1}};
  ASSERT_TRUE(SetRoster(stores(), Admin(), "ed", old).ok());
  const std::size_t entries = db_->stores().identity.audit.LoadAll()->size();
  auto field = [&](std::vector<Shift> shifts) {
    return SetRoster(stores(), Admin(), "ed", std::move(shifts)).status().field();
  };
  EXPECT_EQ(field({{"u-coach", 1, 0, 60, 1}, {"u-editor", 1, 0, 60, 1}}), "shifts[1].user");
  EXPECT_EQ(field({{"u-south", 1, 0, 60, 1}}), "shifts[0].user");
  EXPECT_EQ(field({{"nobody", 1, 0, 60, 1}}), "shifts[0].user");
  EXPECT_EQ(field({{"u-coach", 1, 0, 60, 1}, {"u-sup", 8, 0, 60, 1}}), "shifts[1].weekday");
  EXPECT_EQ(SetRoster(stores(), Admin(), "home", old).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(Stored(), old);
  EXPECT_EQ(db_->stores().identity.audit.LoadAll()->size(), entries);
}

TEST_F(RosterTest, ANamedRosterIsStoredByIdAndReadBackWithNames) {
  Result<std::vector<NamedShift>> named = SetNamedRoster(
      stores(), Admin(), "ed",
      {{"test.u-coach", "", {"", 2, 22 * 60, 600, 1}}, {"test.u-sup", "", {"", 3, 0, 60, 2}}});
  ASSERT_TRUE(named.ok()) << named.status().message();
  ASSERT_EQ(named->size(), 2u);
  EXPECT_EQ((*named)[0],
            (NamedShift{"test.u-coach", "Test u-coach", {"u-coach", 2, 1320, 600, 1}}));
  EXPECT_EQ((*named)[1].shift.user_id, "u-sup");
  EXPECT_EQ(Stored().size(), 2u);
  EXPECT_EQ(*ReadRoster(stores(), "north", "ed"), *named);
  EXPECT_EQ(ReadRoster(stores(), "north", "home").status().code(), StatusCode::kNotFound);

  Result<std::vector<NamedShift>> unknown = SetNamedRoster(
      stores(), Admin(), "ed",
      {{"test.u-coach", "", {"", 1, 0, 60, 1}}, {"test.nobody", "", {"", 1, 0, 60, 1}}});
  EXPECT_EQ(unknown.status().field(), "shifts[1].user");
  EXPECT_EQ(Stored().size(), 2u);  // the old roster stays
}

}  // namespace
}  // namespace rn::casework
