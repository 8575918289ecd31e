#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "resources/capacity.h"
#include "resources/importing.h"
#include "resources/test_database.h"
#include "util/time_zone.h"

namespace rn::resources {
namespace {

Record House() {
  return {RecordKind::kService, "house", "demo",
          boost::json::parse(R"({"id":"house","name":"Family Recovery House","status":"active",
              "organization_id":"org-1",
              "capacities":[{"id":"beds","available":3,"maximum":12,"updated":"2026-03-17T18:00:00Z",
                             "description":"Beds available","unit":{"id":"u","name":"beds"}}]})")
              .as_object()};
}

class UpdateCapacityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase();
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    database_ = std::move(*opened);
    ASSERT_TRUE(
        ImportRecords(stores(), "demo", {House()}, 0, *ParseRfc3339("2026-12-01T00:00:00Z")).ok());
  }
  Stores& stores() { return database_->stores(); }
  StoredRecord Stored() { return stores().records.Get({RecordKind::kService, "house"})->value(); }

  std::unique_ptr<testing::TestDatabase<Stores>> database_;
};

const std::vector<identity::RoleGrant> kPartner = {
    {"u", identity::Role::kResourcePartner, "north", {"org-1"}}};

TEST_F(UpdateCapacityTest, SetsTheFigureAndItsTimeWithHistoryAndAudit) {
  const identity::Change change{"test.partner", *ParseRfc3339("2026-12-03T21:15:00Z"), "127.0.0.1",
                                "north"};
  ASSERT_TRUE(UpdateCapacity(stores(), kPartner, "house", "beds", 0, change).ok());
  const std::vector<CapacityFigure> figures = FiguresOf(Stored());
  ASSERT_EQ(figures.size(), 1u);
  EXPECT_EQ(figures[0].available, 0);
  EXPECT_EQ(figures[0].updated, "2026-12-03T21:15:00Z");
  EXPECT_EQ(figures[0].unit, "beds");
  EXPECT_EQ(*figures[0].maximum, 12);
  EXPECT_EQ(figures[0].organization_id, "org-1");
  Result<std::vector<RecordChange>> history =
      stores().records.History({RecordKind::kService, "house"});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);  // the import, then the update
  EXPECT_EQ(history->back().actor, "test.partner");
  const auto audit = stores().audit.LoadAll();
  ASSERT_TRUE(audit.ok()) << audit.status().message();
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->back().action, "resources.capacity_update");
  EXPECT_EQ(audit->back().target, "service:house");
  EXPECT_EQ(audit->back().actor, "test.partner");
}

TEST_F(UpdateCapacityTest, RefusesWhatCannotBeAndChangesNothing) {
  const identity::Change change{"test.partner", *ParseRfc3339("2026-12-03T21:15:00Z"), "", "north"};
  const std::string before = Stored().doc;
  EXPECT_EQ(UpdateCapacity(stores(), kPartner, "house", "beds", 13, change).field(),
            "available");  // more than its 12
  EXPECT_EQ(UpdateCapacity(stores(), kPartner, "house", "beds", -1, change).field(), "available");
  EXPECT_EQ(UpdateCapacity(stores(), kPartner, "house", "cots", 1, change).code(),
            StatusCode::kNotFound);
  EXPECT_EQ(UpdateCapacity(stores(), kPartner, "nowhere", "beds", 1, change).code(),
            StatusCode::kNotFound);
  // Another organization's partner, and this one at another site.
  EXPECT_EQ(UpdateCapacity(stores(), {{"u", identity::Role::kResourcePartner, "north", {"org-2"}}},
                           "house", "beds", 1, change)
                .code(),
            StatusCode::kForbidden);
  identity::Change elsewhere = change;
  elsewhere.site = "south";
  EXPECT_EQ(UpdateCapacity(stores(), kPartner, "house", "beds", 1, elsewhere).code(),
            StatusCode::kForbidden);
  EXPECT_EQ(Stored().doc, before);
}

}  // namespace
}  // namespace rn::resources
