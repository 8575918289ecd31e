#include "interop/facilities/linksf.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <cstdio>
#include <set>
#include <string>

#include "resources/record.h"
#include "util/testing.h"

namespace rn::interop::facilities {
namespace {

namespace json = boost::json;
using resources::RecordKind;

const resources::Record* Find(const hsds::Parse& parse, RecordKind kind, std::string_view id) {
  for (const resources::Record& record : parse.records) {
    if (record.kind == kind && record.id == id) return &record;
  }
  return nullptr;
}

std::size_t CountOf(const hsds::Parse& parse, RecordKind kind) {
  std::size_t count = 0;
  for (const resources::Record& record : parse.records) count += record.kind == kind;
  return count;
}

// A service's schedules as "BYDAY opens-closes" lines.
std::vector<std::string> Schedules(const resources::Record& service) {
  std::vector<std::string> out;
  const json::value* schedules = service.doc.if_contains("schedules");
  if (schedules == nullptr) return out;
  for (const json::value& value : schedules->as_array()) {
    const json::object& schedule = value.as_object();
    EXPECT_EQ(schedule.at("freq"), "WEEKLY");
    EXPECT_EQ(schedule.at("service_id"), json::value(service.id));
    out.push_back(std::string(schedule.at("byday").as_string()) + " " +
                  std::string(schedule.at("opens_at").as_string()) + "-" +
                  std::string(schedule.at("closes_at").as_string()));
  }
  return out;
}

class LinkSfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    text_ = new std::string(rn::testing::ReadTestData("resources/linksf-sf-dropin/linksf.json"));
    Result<hsds::Parse> parse = ParseLinkSf(*text_, hsds::Options{"linksf"});
    ASSERT_TRUE(parse.ok()) << parse.status().message();
    parse_ = new hsds::Parse(std::move(parse).value());
  }
  static void TearDownTestSuite() {
    delete parse_;
    delete text_;
  }
  static std::string* text_;
  static hsds::Parse* parse_;
};
std::string* LinkSfTest::text_ = nullptr;
hsds::Parse* LinkSfTest::parse_ = nullptr;

// The counts, worked out apart from ParseLinkSf: the export's 89 facilities hold 13 repeats of
// earlier ones (the same objectId, the same object), so there are as many organizations and
// locations as distinct facility objectIds, and as many services as the services of each
// objectId's first facility.
TEST_F(LinkSfTest, EveryDistinctFacilityAndServiceIsRead) {
  const json::array facilities = json::parse(*text_).as_array();
  std::set<std::string> facility_ids;
  std::set<std::string> service_ids;
  std::size_t services_in_file = 0;
  for (const json::value& facility : facilities) {
    services_in_file += facility.at("services").as_array().size();
    if (!facility_ids.insert(std::string(facility.at("objectId").as_string())).second) continue;
    for (const json::value& service : facility.at("services").as_array()) {
      service_ids.insert(std::string(service.at("objectId").as_string()));
    }
  }
  std::printf(
      "linksf.json: %zu facilities (%zu distinct), %zu services (%zu distinct) -> %zu "
      "organizations, %zu locations, %zu services, %zu services at locations; %zu "
      "rejected, %zu notes\n",
      facilities.size(), facility_ids.size(), services_in_file, service_ids.size(),
      CountOf(*parse_, RecordKind::kOrganization), CountOf(*parse_, RecordKind::kLocation),
      CountOf(*parse_, RecordKind::kService), CountOf(*parse_, RecordKind::kServiceAtLocation),
      parse_->rejections.size(), parse_->notes.size());
  EXPECT_EQ(facilities.size(), 89u);
  EXPECT_EQ(services_in_file, 130u);
  EXPECT_TRUE(parse_->rejections.empty());
  EXPECT_EQ(CountOf(*parse_, RecordKind::kOrganization), facility_ids.size());
  EXPECT_EQ(CountOf(*parse_, RecordKind::kLocation), facility_ids.size());
  EXPECT_EQ(CountOf(*parse_, RecordKind::kService), service_ids.size());
  EXPECT_EQ(CountOf(*parse_, RecordKind::kServiceAtLocation), service_ids.size());
  EXPECT_EQ(parse_->notes.size(), facilities.size() - facility_ids.size());
  std::set<std::pair<RecordKind, std::string>> keys;
  for (const resources::Record& record : parse_->records) {
    EXPECT_TRUE(resources::CheckRecord(record).ok()) << resources::CanonicalJson(record.doc);
    EXPECT_TRUE(keys.insert({record.kind, record.id}).second) << record.id;
    EXPECT_EQ(record.source, "linksf");
  }
}

TEST_F(LinkSfTest, SplitShiftsAreTwoSchedules) {
  // S.F. Rescue Mission: "Breakfast and Dinner Monday through Friday", 1030-1045 and 1545-1615 on
  // days "1".."5".
  const resources::Record* mission = Find(*parse_, RecordKind::kService, "FglzQTSf0U");
  ASSERT_NE(mission, nullptr);
  EXPECT_EQ(Schedules(*mission),
            (std::vector<std::string>{"MO,TU,WE,TH,FR 10:30-10:45", "MO,TU,WE,TH,FR 15:45-16:15"}));
  // The Tenderloin Technology Lab: mornings every weekday, afternoons but Wednesday, and Saturday.
  const resources::Record* lab = Find(*parse_, RecordKind::kService, "8h23U8nhhu");
  ASSERT_NE(lab, nullptr);
  EXPECT_EQ(Schedules(*lab),
            (std::vector<std::string>{"MO,TU,WE,TH,FR 08:30-12:00", "MO,TU,TH,FR 13:30-16:30",
                                      "SA 10:00-15:00"}));
}

TEST_F(LinkSfTest, DayZeroIsSunday) {
  // Arriba Juntos: "Weekly food pantry (Thursday)", openHours {"4": [[830, 930]]}.
  const resources::Record* pantry = Find(*parse_, RecordKind::kService, "E76kEJgKHI");
  ASSERT_NE(pantry, nullptr);
  EXPECT_EQ(Schedules(*pantry), (std::vector<std::string>{"TH 08:30-09:30"}));
  // Curry Without Worry: "once a week (Tuesdays)".
  const resources::Record* curry = Find(*parse_, RecordKind::kService, "IVGTdLyF50");
  ASSERT_NE(curry, nullptr);
  EXPECT_EQ(Schedules(*curry), (std::vector<std::string>{"TU 17:30-20:00"}));
}

TEST_F(LinkSfTest, FacilityFieldsBecomeRecords) {
  // La Casa de las Madres: a women's shelter with a free-text phone of crisis lines.
  const resources::Record* organization = Find(*parse_, RecordKind::kOrganization, "JPJwEegZCQ");
  ASSERT_NE(organization, nullptr);
  EXPECT_EQ(organization->doc.at("name"), "La Casa de las Madres");
  EXPECT_EQ(organization->doc.at("website"), "http://www.lacasa.org/");
  const resources::Record* location = Find(*parse_, RecordKind::kLocation, "JPJwEegZCQ-location");
  ASSERT_NE(location, nullptr);
  EXPECT_DOUBLE_EQ(location->doc.at("latitude").as_double(), 37.7712479);
  const json::object& phone = location->doc.at("phones").as_array()[0].as_object();
  EXPECT_EQ(phone.at("number"), "877-503-1850");
  EXPECT_NE(std::string(phone.at("description").as_string()).find("Teen crisis line"),
            std::string::npos);
  const json::object& address = location->doc.at("addresses").as_array()[0].as_object();
  EXPECT_EQ(address.at("address_1"), "1663 Mission St., Suite 225");
  EXPECT_EQ(address.at("city"), "San Francisco");

  const resources::Record* shelter = Find(*parse_, RecordKind::kService, "wAfhb9XsHl");
  ASSERT_NE(shelter, nullptr);
  EXPECT_EQ(shelter->doc.at("organization_id"), "JPJwEegZCQ");
  EXPECT_EQ(shelter->doc.at("eligibility_description"), "Women");
  const json::object& category = shelter->doc.at("attributes").as_array()[0].as_object();
  EXPECT_EQ(category.at("link_type"), "category");
  EXPECT_EQ(category.at("taxonomy_term_id"), "recoverynet-category-shelter");
  // The service's notes are appended to its description.
  EXPECT_NE(std::string(shelter->doc.at("description").as_string()).find("8-week shelter"),
            std::string::npos);
  const resources::Record* at_location =
      Find(*parse_, RecordKind::kServiceAtLocation, "wAfhb9XsHl-at-location");
  ASSERT_NE(at_location, nullptr);
  EXPECT_EQ(at_location->doc.at("location_id"), "JPJwEegZCQ-location");
}

TEST_F(LinkSfTest, TheSameInputGivesTheSameRecords) {
  Result<hsds::Parse> again = ParseLinkSf(*text_, hsds::Options{"linksf"});
  ASSERT_TRUE(again.ok());
  ASSERT_EQ(again->records.size(), parse_->records.size());
  for (std::size_t i = 0; i < again->records.size(); ++i) {
    EXPECT_EQ(resources::CanonicalJson(again->records[i].doc),
              resources::CanonicalJson(parse_->records[i].doc));
  }
}

TEST(LinkSfInlineTest, WrongTypesAreRejectedNotThrown) {
  constexpr std::string_view kJson = R"([
    {"objectId": "a", "name": 5},
    "not a facility",
    {"objectId": "b", "name": "Open", "gender": "M", "age": ["S", "A"],
     "location": {"latitude": 37.7, "longitude": -122.4},
     "services": [
       {"objectId": "s1", "name": "Bad time", "openHours": {"1": [[900, "noon"]]}},
       {"objectId": "s2", "name": "Bad day", "openHours": {"9": [[900, 1000]]}},
       {"objectId": "s3", "name": "Always", "category": "hygiene",
        "openHours": {"0": [[0, 2359]], "1": [[0, 2359]], "6": [[1800, 2359]]}},
       {"objectId": "s4", "openHours": {}},
       7]},
    {"objectId": "c", "name": "No list", "description": "", "services": "none"},
    {"name": "No id"},
    {"objectId": "d", "name": "Bad age", "age": "S"},
    {"objectId": "e", "name": "Bad point", "location": {"latitude": "north"}},
    {"objectId": "b", "name": "Not the same"}
  ])";
  Result<hsds::Parse> parse = ParseLinkSf(kJson, {});
  ASSERT_TRUE(parse.ok()) << parse.status().message();
  std::vector<std::string> rejected;
  for (const hsds::Rejection& rejection : parse->rejections) {
    EXPECT_EQ(rejection.file, "linksf.json");
    rejected.push_back(std::to_string(rejection.row) + " " + rejection.field);
  }
  EXPECT_EQ(rejected, (std::vector<std::string>{"0 name", "1 ", "2 services[0].openHours.1[0][1]",
                                                "2 services[1].openHours.9", "2 services[3].name",
                                                "2 services[4]", "3 services", "4 objectId",
                                                "5 age", "6 location.latitude", "7 objectId"}));
  // b and c, each an organization and a location; s3, a service and its service_at_location.
  EXPECT_EQ(parse->records.size(), 6u);
  const resources::Record* always = Find(*parse, RecordKind::kService, "s3");
  ASSERT_NE(always, nullptr);
  EXPECT_EQ(Schedules(*always), (std::vector<std::string>{"MO,SU 00:00-24:00", "SA 18:00-00:00"}));
  EXPECT_EQ(always->doc.at("eligibility_description"), "Men; Seniors; Adults");
  EXPECT_EQ(always->doc.at("attributes").as_array()[0].at("taxonomy_term_id"),
            "recoverynet-category-basic-needs");
  for (const resources::Record& record : parse->records) {
    EXPECT_TRUE(resources::CheckRecord(record).ok()) << resources::CanonicalJson(record.doc);
  }
}

TEST(LinkSfInlineTest, NotAnArrayIsAnError) {
  for (std::string_view text : {"", "{\"objectId\": 1}", "[1,", "42"}) {
    Result<hsds::Parse> parse = ParseLinkSf(text, {});
    ASSERT_FALSE(parse.ok()) << text;
    EXPECT_EQ(parse.status().field(), "json");
  }
  Result<hsds::Parse> empty = ParseLinkSf("[]", {});
  ASSERT_TRUE(empty.ok());
  EXPECT_TRUE(empty->records.empty());
}

}  // namespace
}  // namespace rn::interop::facilities
