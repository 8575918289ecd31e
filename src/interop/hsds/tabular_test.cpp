#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <map>

#include "interop/hsds/hsds.h"

namespace rn::interop::hsds {
namespace {

using resources::Record;
using resources::RecordKind;

const Record* Find(const Parse& parse, RecordKind kind, std::string_view id) {
  for (const Record& record : parse.records) {
    if (record.kind == kind && record.id == id) return &record;
  }
  return nullptr;
}

std::string Text(const boost::json::value& value) { return boost::json::serialize(value); }

// A 1.x package with the quirks of real exports: padded codes, blank ids in child tables,
// "9:00am", weekday names, a holiday closure and other holiday hours, a dangling owner.
std::map<std::string, std::string> OneXPackage() {
  return {
      {"organizations.csv",
       "id,name,description,url\n"
       "org-1,Harbor Recovery Center,Peer-run drop-in centre,https://harbor.example\n"},
      {"services.csv",
       "id,organization_id,name,description,status\n"
       "svc-1,org-1,Drop-in,Open hours and groups,  Active \n"
       "svc-2,org-1,Naloxone,,bogus\n"},
      {"locations.csv",
       "id,organization_id,name,latitude,longitude\n"
       "loc-1,org-1,Main Street,42.36, -71.06\n"
       "loc-2,org-1,Annex,north,-71\n"},
      {"services_at_location.csv",
       "id,service_id,location_id\n"
       "sal-1,svc-1,loc-1\n"},
      {"regular_schedules.csv",
       "id,service_id,location_id,service_at_location_id,weekday,opens_at,closes_at\n"
       ",svc-1,,,Thursday,5:00pm,11:00 PM\n"
       ",svc-1,,,5,5:00pm,11:00 PM\n"
       "rs-3,svc-1,,,Funday,9:00am,5pm\n"
       "rs-4,svc-404,,,1,9:00am,5pm\n"},
      {"holiday_schedules.csv",
       "id,service_id,closed,opens_at,closes_at,start_date,end_date\n"
       "hs-1,svc-1,true,,,2026-12-25,2026-12-25\n"
       "hs-2,svc-1,false,10:00am,1:00pm,11/26/2026,11/26/2026\n"},
      {"physical_addresses.csv",
       "id,location_id,address_1,address_2,address_3,city,state_province,postal_code,country\n"
       "addr-1,loc-1,1 Main St,Suite 2,Rear door,Boston,MA,02108,US\n"},
      {"phones.csv",
       "id,location_id,service_id,number,language\n"
       "ph-1,,svc-1,617-555-0100,\"en, es\"\n"},
      {"eligibility.csv", "id,service_id,eligibility\ne-1,svc-1,adults\ne-2,svc-1,women\n"},
      {"metadata.csv", "id,resource_id\nm-1,svc-1\n"},
  };
}

TEST(HsdsTabular, ReadsA1xPackageWithTheQuirksOfRealExports) {
  Result<Parse> parse = ParsePackage(OneXPackage(), {"harbor"});
  ASSERT_TRUE(parse.ok()) << parse.status().message();

  const Record* service = Find(*parse, RecordKind::kService, "svc-1");
  ASSERT_NE(service, nullptr);
  EXPECT_EQ(service->source, "harbor");
  EXPECT_EQ(Text(service->doc.at("status")), "\"active\"");  // padded and capitalised
  EXPECT_EQ(Text(service->doc.at("eligibility_description")), "\"adults; women\"");
  const auto& schedules = service->doc.at("schedules").get_array();
  ASSERT_EQ(schedules.size(), 4u);  // two holiday rows, two weekly rows
  // The holiday rows: a closure and other hours, marked so.
  EXPECT_EQ(Text(schedules[0].at("valid_from")), "\"2026-12-25\"");
  EXPECT_FALSE(schedules[0].as_object().contains("opens_at"));
  EXPECT_EQ(Text(schedules[0].at("attributes").at(0).at("value")), "\"closed\"");
  EXPECT_EQ(Text(schedules[1].at("valid_from")), "\"2026-11-26\"");  // from 11/26/2026
  EXPECT_EQ(Text(schedules[1].at("opens_at")), "\"10:00\"");
  EXPECT_EQ(Text(schedules[1].at("attributes").at(0).at("value")), "\"other_hours\"");
  EXPECT_EQ(Text(schedules[2].at("byday")), "\"TH\"");
  EXPECT_EQ(Text(schedules[2].at("opens_at")), "\"17:00\"");
  EXPECT_EQ(Text(schedules[2].at("closes_at")), "\"23:00\"");
  EXPECT_EQ(Text(schedules[3].at("byday")), "\"FR\"");  // 5 is Friday (1 = Monday)
  // Blank ids get stable derived ids in UUID form.
  EXPECT_EQ(schedules[2].at("id").get_string().size(), 36u);
  EXPECT_NE(schedules[2].at("id"), schedules[3].at("id"));
  const auto& phone = service->doc.at("phones").at(0);
  EXPECT_EQ(Text(phone.at("number")), "\"617-555-0100\"");
  EXPECT_EQ(phone.at("languages").get_array().size(), 2u);

  const Record* location = Find(*parse, RecordKind::kLocation, "loc-1");
  ASSERT_NE(location, nullptr);
  EXPECT_EQ(Text(location->doc.at("location_type")), "\"physical\"");
  EXPECT_DOUBLE_EQ(location->doc.at("latitude").as_double(), 42.36);
  const auto& address = location->doc.at("addresses").at(0);
  EXPECT_EQ(Text(address.at("address_2")), "\"Suite 2, Rear door\"");
  EXPECT_EQ(Text(address.at("address_type")), "\"physical\"");

  const Record* organization = Find(*parse, RecordKind::kOrganization, "org-1");
  ASSERT_NE(organization, nullptr);
  EXPECT_EQ(Text(organization->doc.at("website")), "\"https://harbor.example\"");
  EXPECT_NE(Find(*parse, RecordKind::kServiceAtLocation, "sal-1"), nullptr);

  // Rejected: a bad status, a latitude that is not a number, a weekday that is not one, a
  // schedule of no service; each named by file, line and field.
  std::map<std::string, std::string> rejected;
  for (const Rejection& rejection : parse->rejections) {
    rejected[rejection.file + ":" + std::to_string(rejection.row) + ":" + rejection.field] =
        rejection.reason;
  }
  EXPECT_EQ(rejected.size(), 4u);
  EXPECT_TRUE(rejected.count("services.csv:3:status"));
  EXPECT_TRUE(rejected.count("locations.csv:3:latitude"));
  EXPECT_TRUE(rejected.count("regular_schedules.csv:4:weekday"));
  ASSERT_TRUE(rejected.count("regular_schedules.csv:5:service_id"));
  EXPECT_NE(rejected["regular_schedules.csv:5:service_id"].find("svc-404"), std::string::npos);
  EXPECT_EQ(Find(*parse, RecordKind::kService, "svc-2"), nullptr);
  ASSERT_EQ(parse->notes.size(), 1u);
  EXPECT_NE(parse->notes[0].find("metadata.csv"), std::string::npos);
}

TEST(HsdsTabular, TheSameRowsGiveTheSameRecords) {
  Result<Parse> first = ParsePackage(OneXPackage(), {"harbor"});
  Result<Parse> second = ParsePackage(OneXPackage(), {"harbor"});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->records.size(), second->records.size());
  for (std::size_t i = 0; i < first->records.size(); ++i) {
    EXPECT_EQ(resources::CanonicalJson(first->records[i].doc),
              resources::CanonicalJson(second->records[i].doc));
  }
}

TEST(HsdsTabular, ARepeatedIdIsRejectedNamingTheFirst) {
  Result<Parse> parse =
      ParsePackage({{"organizations.csv", "id,name,description\no-1,A,a\no-1,B,b\n"}}, {"s"});
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->records.size(), 1u);
  EXPECT_EQ(Text(parse->records[0].doc.at("name")), "\"A\"");
  ASSERT_EQ(parse->rejections.size(), 1u);
  EXPECT_EQ(parse->rejections[0].row, 3);
  EXPECT_NE(parse->rejections[0].reason.find("line 2"), std::string::npos);
}

TEST(HsdsTabular, APackageWithNoRecordTablesIsAnError) {
  Result<Parse> parse = ParsePackage({{"phones.csv", "id,number\n1,2\n"}}, {"s"});
  ASSERT_FALSE(parse.ok());
  EXPECT_EQ(parse.status().field(), "package");
}

TEST(HsdsTabular, ABrokenTableIsRejectedAndTheRestRead) {
  Result<Parse> parse = ParsePackage({{"organizations.csv", "id,name,description\no-1,A,a\n"},
                                      {"phones.csv", "id,organization_id,number\n1,\"o-1,2\n"}},
                                     {"s"});
  ASSERT_TRUE(parse.ok());
  EXPECT_EQ(parse->records.size(), 1u);
  ASSERT_EQ(parse->rejections.size(), 1u);
  EXPECT_EQ(parse->rejections[0].file, "phones.csv");
}

}  // namespace
}  // namespace rn::interop::hsds
