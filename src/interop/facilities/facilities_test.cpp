#include "interop/facilities/facilities.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>

#include "interop/csv.h"
#include "resources/record.h"
#include "util/testing.h"
#include "util/text.h"

namespace rn::interop::facilities {
namespace {

namespace json = boost::json;
using resources::RecordKind;

const resources::Record* Find(const hsds::Parse& parse, RecordKind kind, std::string_view name) {
  for (const resources::Record& record : parse.records) {
    const auto* value = record.doc.if_contains("name");
    if (record.kind == kind && value != nullptr && value->is_string() &&
        value->get_string() == name) {
      return &record;
    }
  }
  return nullptr;
}

std::size_t CountOf(const hsds::Parse& parse, RecordKind kind) {
  std::size_t count = 0;
  for (const resources::Record& record : parse.records) count += record.kind == kind;
  return count;
}

TEST(ParseMappingTest, ReadsFieldsAndJoinedColumns) {
  Result<Mapping> mapping =
      ParseMapping(" name = Name1+Name2 , address_1=Address1,postal_code=zip + zip4,");
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  EXPECT_EQ(mapping->columns.size(), 3u);
  EXPECT_EQ(mapping->columns.at("name"), (std::vector<std::string>{"Name1", "Name2"}));
  EXPECT_EQ(mapping->columns.at("address_1"), (std::vector<std::string>{"Address1"}));
  EXPECT_EQ(mapping->columns.at("postal_code"), (std::vector<std::string>{"zip", "zip4"}));
}

TEST(ParseMappingTest, RejectsUnknownFieldsAndMalformedParts) {
  for (const auto& [text, named] :
       std::vector<std::pair<std::string, std::string>>{{"nome=Name", "nome"},
                                                        {"name=Name,city", "city"},
                                                        {"name=Name+", "name=Name+"},
                                                        {"name=A,name=B", "name"},
                                                        {"=Name", "\"\""},
                                                        {"", "no field"}}) {
    Result<Mapping> mapping = ParseMapping(text);
    ASSERT_FALSE(mapping.ok()) << text;
    EXPECT_EQ(mapping.status().code(), StatusCode::kInvalidArgument);
    EXPECT_EQ(mapping.status().field(), "mapping");
    EXPECT_NE(mapping.status().message().find(named), std::string::npos)
        << text << ": " << mapping.status().message();
  }
}

constexpr std::string_view kCsv =
    "Name,Street,City,State,Zip,Zip4,Lat,Lon,Phone,Keys\n"
    " Harbor House ,  12 Main St ,Springfield, IL ,62701,1234, 39.8 , -89.6 ,(217) 555-0100,"
    "OTP/BU/PEER/FEM/VET/MD/SF/ZZZ/\n"                              // line 2
    ",1 Nowhere Rd,Springfield,IL,62701,,39.8,-89.6,,\n"            // 3: no name
    "Bad Latitude,2 Main St,Springfield,IL,62701,,north,-89.6,,\n"  // 4
    "Harbor House,12 Main St,Springfield,IL,62701,1234,39.8,-89.6,(217) 555-0100,OTP\n"  // 5
    "Coordinates Only,,,,,,40.1,-88.2,,SA\n"                                             // 6
    "Nowhere At All,,Springfield,,,,,,,\n"                                               // 7
    "Far North,3 Main St,Springfield,IL,62701,,91,-89.6,,\n";                            // 8

Mapping SmallMapping() {
  Result<Mapping> mapping = ParseMapping(
      "name=Name,address_1=Street,city=City,state_province=State,postal_code=Zip+Zip4,"
      "latitude=Lat,longitude=Lon,phone=Phone,codes=Keys");
  EXPECT_TRUE(mapping.ok());
  Mapping out = *mapping;
  out.country = "US";
  out.categories = {"treatment"};
  return out;
}

TEST(ParseFacilitiesTest, ReadsRowsAndRejectsBadOnesByLine) {
  Result<hsds::Parse> parse =
      ParseFacilities(kCsv, "small.csv", SmallMapping(), hsds::Options{"test"});
  ASSERT_TRUE(parse.ok()) << parse.status().message();
  EXPECT_EQ(parse->records.size(), 8u);  // two facilities, four records each
  ASSERT_EQ(parse->rejections.size(), 5u);
  const std::vector<std::pair<int, std::string>> expected = {
      {3, "name"}, {4, "latitude"}, {5, "name"}, {7, "address_1"}, {8, "latitude"}};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(parse->rejections[i].file, "small.csv");
    EXPECT_EQ(parse->rejections[i].row, expected[i].first) << i;
    EXPECT_EQ(parse->rejections[i].field, expected[i].second) << i;
  }
  EXPECT_NE(parse->rejections[2].reason.find("line 2"), std::string::npos)
      << parse->rejections[2].reason;
  for (const resources::Record& record : parse->records) {
    EXPECT_TRUE(resources::CheckRecord(record).ok()) << resources::CanonicalJson(record.doc);
    EXPECT_EQ(record.source, "test");
  }

  const resources::Record* location = Find(*parse, RecordKind::kLocation, "Harbor House");
  ASSERT_NE(location, nullptr);
  EXPECT_EQ(location->doc.at("latitude").as_double(), 39.8);
  const json::object& address = location->doc.at("addresses").as_array()[0].as_object();
  EXPECT_EQ(address.at("address_1"), "12 Main St");  // padded cells trimmed
  EXPECT_EQ(address.at("state_province"), "IL");
  EXPECT_EQ(address.at("postal_code"), "62701-1234");  // zip + zip4
  EXPECT_EQ(address.at("country"), "US");

  const resources::Record* coordinates_only =
      Find(*parse, RecordKind::kLocation, "Coordinates Only");
  ASSERT_NE(coordinates_only, nullptr);
  EXPECT_FALSE(coordinates_only->doc.contains("addresses"));
  EXPECT_EQ(coordinates_only->doc.at("longitude").as_double(), -88.2);
}

TEST(ParseFacilitiesTest, CodesBecomeCategoriesEligibilityAndFees) {
  Result<hsds::Parse> parse =
      ParseFacilities(kCsv, "small.csv", SmallMapping(), hsds::Options{"test"});
  ASSERT_TRUE(parse.ok());
  const resources::Record* service = Find(*parse, RecordKind::kService, "Harbor House");
  ASSERT_NE(service, nullptr);
  std::vector<std::string> category_terms;
  std::map<std::string, const json::object*> codes;
  for (const json::value& value : service->doc.at("attributes").as_array()) {
    const json::object& attribute = value.as_object();
    EXPECT_EQ(attribute.at("link_entity"), "service");
    EXPECT_EQ(attribute.at("link_id"), json::value(service->id));
    EXPECT_FALSE(attribute.contains("taxonomy_term"));
    if (attribute.at("link_type") == "category") {
      category_terms.emplace_back(attribute.at("taxonomy_term_id").as_string());
    } else {
      EXPECT_EQ(attribute.at("link_type"), "service_code");
      codes[std::string(attribute.at("value").as_string())] = &attribute;
    }
  }
  // The mapping's category first, then those the codes imply, each once (OTP and BU are both MOUD).
  EXPECT_EQ(category_terms,
            (std::vector<std::string>{"recoverynet-category-treatment", "recoverynet-category-moud",
                                      "recoverynet-category-peer-support"}));
  ASSERT_EQ(codes.size(), 8u);
  EXPECT_EQ(codes.at("OTP")->at("taxonomy_term_id"), "nssats-otp");
  EXPECT_EQ(codes.at("PEER")->at("label"), "Peer support");
  EXPECT_FALSE(codes.at("ZZZ")->contains("label"));  // unknown: kept, value only
  EXPECT_FALSE(codes.at("ZZZ")->contains("taxonomy_term_id"));
  EXPECT_EQ(service->doc.at("eligibility_description"), "Women; Veterans");
  EXPECT_EQ(service->doc.at("fees_description"), "Accepts: Medicaid; Cash or self-payment");
  EXPECT_EQ(service->doc.at("status"), "active");
  EXPECT_EQ(service->doc.at("phones").as_array()[0].at("number"), "(217) 555-0100");

  const resources::Record* other = Find(*parse, RecordKind::kService, "Coordinates Only");
  ASSERT_NE(other, nullptr);
  EXPECT_FALSE(other->doc.contains("eligibility_description"));
  EXPECT_EQ(other->doc.at("attributes").as_array().size(), 2u);  // treatment (once) + SA
}

TEST(ParseFacilitiesTest, TheSameInputGivesTheSameRecords) {
  const Mapping mapping = SmallMapping();
  Result<hsds::Parse> first = ParseFacilities(kCsv, "small.csv", mapping, hsds::Options{"test"});
  Result<hsds::Parse> second = ParseFacilities(kCsv, "small.csv", mapping, hsds::Options{"test"});
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_EQ(first->records.size(), second->records.size());
  std::set<std::pair<RecordKind, std::string>> keys;
  for (std::size_t i = 0; i < first->records.size(); ++i) {
    EXPECT_EQ(first->records[i].id, second->records[i].id);
    EXPECT_EQ(resources::CanonicalJson(first->records[i].doc),
              resources::CanonicalJson(second->records[i].doc));
    EXPECT_TRUE(keys.insert({first->records[i].kind, first->records[i].id}).second);
  }
  // Another source, other ids: two imports of one file under two names do not collide.
  Result<hsds::Parse> other = ParseFacilities(kCsv, "small.csv", mapping, hsds::Options{"other"});
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->records[0].id, first->records[0].id);
}

TEST(ParseFacilitiesTest, AnIdColumnIsTheKey) {
  Result<Mapping> mapping = ParseMapping("id=Code,name=Name,latitude=Lat,longitude=Lon");
  ASSERT_TRUE(mapping.ok());
  Result<hsds::Parse> parse = ParseFacilities(
      "Code,Name,Lat,Lon\nA1,First,1,2\nA2,First,1,2\nA1,Renamed,1,2\n", "ids.csv", *mapping, {});
  ASSERT_TRUE(parse.ok());
  EXPECT_EQ(parse->records.size(), 8u);  // the same name twice is fine: the ids differ
  ASSERT_EQ(parse->rejections.size(), 1u);
  EXPECT_EQ(parse->rejections[0].row, 4);
  EXPECT_EQ(parse->rejections[0].field, "id");
  EXPECT_NE(parse->rejections[0].reason.find("line 2"), std::string::npos);
}

TEST(ParseFacilitiesTest, MappedColumnsMustBeInTheHeader) {
  Result<Mapping> mapping = ParseMapping("name=Nom,city=City");
  ASSERT_TRUE(mapping.ok());
  Result<hsds::Parse> parse = ParseFacilities("Name,City\nX,Y\n", "f.csv", *mapping, {});
  ASSERT_FALSE(parse.ok());
  EXPECT_EQ(parse.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(parse.status().message().find("\"Nom\""), std::string::npos);

  Mapping unknown_category = *ParseMapping("name=Name");
  unknown_category.categories = {"sober_bars"};
  Result<hsds::Parse> bad = ParseFacilities("Name\nX\n", "f.csv", unknown_category, {});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "categories");
}

TEST(ParseFacilitiesTest, ShortZipCodesGetTheirZerosBack) {
  Mapping mapping =
      *ParseMapping("name=Name,address_1=Street,city=City,state_province=State,postal_code=Zip");
  mapping.country = "US";
  Result<hsds::Parse> parse = ParseFacilities(
      "Name,Street,City,State,Zip\nCl\xednica,Ave 1,Cayey,PR,736\n", "pr.csv", mapping, {});
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->records.size(), 4u);
  const resources::Record* location = Find(*parse, RecordKind::kLocation, "Cl\xc3\xadnica");
  ASSERT_NE(location, nullptr) << "a Latin-1 cell is read as UTF-8";
  EXPECT_EQ(location->doc.at("addresses").as_array()[0].at("postal_code"), "00736");
}

// The records a real file should give, counted apart from ParseFacilities: every data row (as
// ParseCsv reads it) with a name, whose coordinates (when it has any) strtod reads whole and in
// range, and that has an address or coordinates, minus the rows whose key (the cells of the name,
// alternate name, address, city, postal code and phone columns) an earlier row already had. Four
// records each.
struct Expected {
  std::size_t rows = 0;
  std::size_t facilities = 0;
  std::size_t rejected = 0;
};

Expected Count(const CsvTable& table, const std::vector<std::string>& name,
               const std::vector<std::string>& key_columns, const std::string& latitude,
               const std::string& longitude) {
  Expected expected;
  std::set<std::string> keys;
  auto cell = [&](const std::vector<std::string>& row, const std::string& column) {
    return std::string(text::Trim(row[static_cast<std::size_t>(table.Column(column))]));
  };
  auto number_in = [](const std::string& text, double bound) {
    if (text.empty()) return false;
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    return *end == '\0' && value >= -bound && value <= bound;
  };
  for (const std::vector<std::string>& row : table.rows) {
    ++expected.rows;
    std::string key;
    for (const std::string& column : name) key += cell(row, column);
    if (key.empty()) continue;
    const std::string lat = cell(row, latitude);
    const std::string lon = cell(row, longitude);
    const bool has_coordinates = !lat.empty() || !lon.empty();
    if (has_coordinates && !(number_in(lat, 90) && number_in(lon, 180))) continue;
    for (const std::string& column : key_columns) key += '|' + cell(row, column);
    // Every row of the three files has coordinates; without, a row would need its address_1.
    if (!has_coordinates && cell(row, key_columns[0]).empty()) continue;
    if (keys.insert(key).second) ++expected.facilities;
  }
  expected.rejected = expected.rows - expected.facilities;
  return expected;
}

void ExpectRealFile(const std::string& file, const std::string& mapping_text,
                    std::vector<std::string> categories, const std::vector<std::string>& name,
                    const std::vector<std::string>& key_columns, const std::string& latitude,
                    const std::string& longitude) {
  const std::string csv = rn::testing::ReadTestData("resources/samhsa-otp-moud/" + file);
  Result<CsvTable> table = ParseCsv(csv);
  ASSERT_TRUE(table.ok());
  const Expected expected = Count(*table, name, key_columns, latitude, longitude);
  Result<Mapping> mapping = ParseMapping(mapping_text);
  ASSERT_TRUE(mapping.ok()) << mapping.status().message();
  mapping->country = "US";
  mapping->categories = std::move(categories);
  Result<hsds::Parse> parse = ParseFacilities(csv, file, *mapping, hsds::Options{"samhsa"});
  ASSERT_TRUE(parse.ok()) << parse.status().message();
  std::printf(
      "%s: %zu data rows -> %zu organizations, %zu locations, %zu services, %zu services "
      "at locations; %zu rejected (expected %zu facilities, %zu rejected)\n",
      file.c_str(), expected.rows, CountOf(*parse, RecordKind::kOrganization),
      CountOf(*parse, RecordKind::kLocation), CountOf(*parse, RecordKind::kService),
      CountOf(*parse, RecordKind::kServiceAtLocation), parse->rejections.size(),
      expected.facilities, expected.rejected);
  for (std::size_t i = 0; i < parse->rejections.size() && i < 3; ++i) {
    std::printf("  e.g. line %d %s: %s\n", parse->rejections[i].row,
                parse->rejections[i].field.c_str(), parse->rejections[i].reason.c_str());
  }
  EXPECT_EQ(CountOf(*parse, RecordKind::kOrganization), expected.facilities);
  EXPECT_EQ(CountOf(*parse, RecordKind::kLocation), expected.facilities);
  EXPECT_EQ(CountOf(*parse, RecordKind::kService), expected.facilities);
  EXPECT_EQ(CountOf(*parse, RecordKind::kServiceAtLocation), expected.facilities);
  EXPECT_EQ(parse->rejections.size(), expected.rejected);
  std::set<std::pair<RecordKind, std::string>> keys;
  for (const resources::Record& record : parse->records) {
    ASSERT_TRUE(resources::CheckRecord(record).ok()) << resources::CanonicalJson(record.doc);
    ASSERT_TRUE(keys.insert({record.kind, record.id}).second) << record.id;
    ASSERT_TRUE(text::IsValidUtf8(resources::CanonicalJson(record.doc)));
  }
}

TEST(ParseFacilitiesTest, OpioidTreatmentDirectory) {
  ExpectRealFile("Opioid_Treatment_Directory_Geocoded.csv",
                 "name=ID,address_1=ADDRESS,city=CITY,state_province=STATE,postal_code=POSTAL,"
                 "latitude=Latitude,longitude=Longitude",
                 {"moud", "treatment"}, {"ID"}, {"ADDRESS", "CITY", "POSTAL"}, "Latitude",
                 "Longitude");
}

TEST(ParseFacilitiesTest, SamhsaSubstanceUseTreatmentLocator) {
  ExpectRealFile("SAMHSA_Nationwide_Substance_Use_Treatment_Data.csv",
                 "name=name1,alternate_name=name2,address_1=street1,address_2=street2,city=city,"
                 "state_province=state,postal_code=zip+zip4,latitude=latitude,longitude=longitude",
                 {"treatment"}, {"name1"}, {"street1", "street2", "city", "zip", "zip4", "name2"},
                 "latitude", "longitude");
}

// meth-2017's ID is not the row's: it is a street number, state and ZIP ("7441CT06705" is three
// programmes at 4 Midland Road, Waterbury), so the key is what the row holds, and Name2 and Name3
// (the programme: "Waterbury Methadone Program Detox") are part of the name.
TEST(ParseFacilitiesTest, Methadone2017WithServiceCodes) {
  ExpectRealFile("meth-2017.csv",
                 "name=Name1+Name2+Name3,address_1=Address1,address_2=Address2+Address3,city=City,"
                 "state_province=State,postal_code=ZIP_Code,phone=Contact,codes=Keys,"
                 "latitude=Latitude,longitude=Longitude",
                 {"moud"}, {"Name1", "Name2", "Name3"},
                 {"Address1", "Address2", "Address3", "City", "ZIP_Code", "Contact"}, "Latitude",
                 "Longitude");
  const std::string csv = rn::testing::ReadTestData("resources/samhsa-otp-moud/meth-2017.csv");
  Mapping mapping = *ParseMapping(
      "name=Name1+Name2+Name3,address_1=Address1,city=City,"
      "postal_code=ZIP_Code,phone=Contact,codes=Keys");
  mapping.country = "US";
  Result<hsds::Parse> parse = ParseFacilities(csv, "meth-2017.csv", mapping, {"samhsa"});
  ASSERT_TRUE(parse.ok());
  // SOURCES.md: 498 of the 1,090 rows carry PEER. Count services in peer support.
  std::size_t peer = 0;
  for (const resources::Record& record : parse->records) {
    if (record.kind != RecordKind::kService) continue;
    for (const json::value& attribute : record.doc.at("attributes").as_array()) {
      const json::value* term = attribute.as_object().if_contains("taxonomy_term_id");
      peer += term != nullptr && *term == "recoverynet-category-peer-support";
    }
  }
  std::printf("meth-2017.csv: %zu services in peer support (PEER or SHG)\n", peer);
  EXPECT_GE(peer, 495u);  // 498 PEER rows, less any of the three repeated rows
  const resources::Record* shelby =
      Find(*parse, RecordKind::kService, "Shelby County Treatment Center");
  ASSERT_NE(shelby, nullptr);
  EXPECT_EQ(shelby->doc.at("phones").as_array()[0].at("number"), "(205)216-0200");
  EXPECT_EQ(shelby->doc.at("eligibility_description"),
            "Veterans; Pregnant or postpartum women; Young adults; Adults; Women; Men");
}

}  // namespace
}  // namespace rn::interop::facilities
