#include "resources/importing.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "resources/test_database.h"
#include "util/testing.h"

namespace rn::resources {
namespace {

Instant At(int seconds) { return Instant(std::chrono::seconds(1798761600 + seconds)); }

Record Service(const std::string& source, const std::string& id, const std::string& name) {
  // Backslashes and UTF-8 go through both backends unchanged.
  return {RecordKind::kService, id, source,
          boost::json::parse(R"({"id":")" + id + R"(","name":")" + name +
                             R"(","status":"active","description":"Caf\u00e9 \\ drop-in",)"
                             R"("schedules":[{"id":"sch-)" + id +
                             R"(","freq":"WEEKLY","byday":"TH","opens_at":"17:00"}]})")
              .as_object()};
}

Record Organization(const std::string& source, const std::string& id) {
  return {RecordKind::kOrganization, id, source,
          boost::json::parse(R"({"id":")" + id +
                             R"(","name":"Fake Org","description":"Synthetic"})")
              .as_object()};
}

class ImportRecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenTestDatabase();
    ASSERT_TRUE(opened.ok()) << opened.status().message();
    database_ = std::move(*opened);
  }
  Stores& stores() { return database_->stores(); }

  std::unique_ptr<testing::TestDatabase<Stores>> database_;
};

TEST_F(ImportRecordsTest, ImportsThenChangesNothingOnTheSameInput) {
  std::vector<Record> input = {Organization("a", "org-1"), Service("a", "svc-1", "Drop-in"),
                               Service("a", "svc-2", "Naloxone")};
  Result<ImportSummary> first = ImportRecords(stores(), "a", input, 2, At(0));
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_EQ(first->created, 3);
  EXPECT_EQ(first->rejected, 2);
  EXPECT_EQ(first->kept[static_cast<std::size_t>(RecordKind::kService)], 2);
  EXPECT_EQ(*stores().records.Count(RecordKind::kService), 2);

  Result<std::optional<StoredRecord>> stored = stores().records.Get({RecordKind::kService, "svc-1"});
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->doc, CanonicalJson(input[1].doc));
  EXPECT_NE((*stored)->doc.find("Caf\u00e9 \\\\ drop-in"), std::string::npos) << (*stored)->doc;

  const std::size_t audit_entries = stores().audit.LoadAll()->size();
  Result<ImportSummary> again = ImportRecords(stores(), "a", input, 0, At(60));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->created + again->updated + again->removed, 0);
  EXPECT_EQ(again->unchanged, 3);
  EXPECT_EQ(stores().audit.LoadAll()->size(), audit_entries);  // no write, no entry
}

TEST_F(ImportRecordsTest, UpdatesRemovesAndKeepsTheHistory) {
  ASSERT_TRUE(ImportRecords(stores(), "a", {Service("a", "svc-1", "Drop-in"),
                                            Service("a", "svc-2", "Naloxone")},
                            0, At(0))
                  .ok());
  Result<ImportSummary> changed =
      ImportRecords(stores(), "a", {Service("a", "svc-1", "Drop-in centre")}, 0, At(60));
  ASSERT_TRUE(changed.ok()) << changed.status().message();
  EXPECT_EQ(changed->updated, 1);
  EXPECT_EQ(changed->removed, 1);
  EXPECT_FALSE(stores().records.Get({RecordKind::kService, "svc-2"})->has_value());

  Result<std::vector<RecordChange>> history =
      stores().records.History({RecordKind::kService, "svc-1"});
  ASSERT_TRUE(history.ok());
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].action, "create");
  EXPECT_EQ((*history)[1].action, "update");
  EXPECT_EQ((*history)[1].actor, "import:a");
  EXPECT_NE((*history)[1].after.find("Drop-in centre"), std::string::npos);
  Result<std::vector<RecordChange>> removed =
      stores().records.History({RecordKind::kService, "svc-2"});
  ASSERT_EQ(removed->size(), 2u);
  EXPECT_EQ((*removed)[1].action, "delete");

  const auto audit = stores().audit.LoadAll();
  ASSERT_FALSE(audit->empty());
  EXPECT_EQ(audit->back().action, "resources.import");
  EXPECT_EQ(audit->back().target, "source:a");
}

TEST_F(ImportRecordsTest, AnIdAnotherSourceHoldsIsRejectedNotTaken) {
  ASSERT_TRUE(ImportRecords(stores(), "a", {Service("a", "svc-1", "Drop-in")}, 0, At(0)).ok());
  std::vector<RecordKey> taken;
  Result<ImportSummary> other =
      ImportRecords(stores(), "b", {Service("b", "svc-1", "Other"), Service("b", "svc-9", "Nine")},
                    0, At(60), false, &taken);
  ASSERT_TRUE(other.ok()) << other.status().message();
  EXPECT_EQ(other->created, 1);
  EXPECT_EQ(other->rejected, 1);
  ASSERT_EQ(taken.size(), 1u);
  EXPECT_EQ(taken[0].id, "svc-1");
  EXPECT_EQ((*stores().records.Get({RecordKind::kService, "svc-1"}))->source, "a");
}

TEST_F(ImportRecordsTest, AnEmptyInputRemovesNothingUnlessAllowed) {
  ASSERT_TRUE(ImportRecords(stores(), "a", {Service("a", "svc-1", "Drop-in")}, 0, At(0)).ok());
  Result<ImportSummary> empty = ImportRecords(stores(), "a", {}, 3, At(60));
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().field(), "input");
  EXPECT_EQ(*stores().records.Count(RecordKind::kService), 1);
  Result<ImportSummary> allowed = ImportRecords(stores(), "a", {}, 0, At(60), true);
  ASSERT_TRUE(allowed.ok());
  EXPECT_EQ(allowed->removed, 1);
}

TEST_F(ImportRecordsTest, AnInvalidRecordWritesNothing) {
  Record broken = Service("a", "svc-2", "Broken");
  broken.doc.erase("status");
  Result<ImportSummary> result =
      ImportRecords(stores(), "a", {Service("a", "svc-1", "Drop-in"), broken}, 0, At(0));
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().field(), "status");
  EXPECT_EQ(*stores().records.Count(RecordKind::kService), 0);
  EXPECT_TRUE(stores().audit.LoadAll()->empty());
}

}  // namespace
}  // namespace rn::resources
