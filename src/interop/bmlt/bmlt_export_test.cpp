#include "interop/bmlt/bmlt_export.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "directory/vocabulary.h"
#include "interop/bmlt/bmlt.h"
#include "util/testing.h"

namespace rn::interop::bmlt {
namespace {

namespace json = boost::json;
using directory::Listing;

constexpr const char* kSource = "bmlt-demo";

std::string ReadFixture(const std::string& name) { return testing::ReadTestData("bmlt/" + name); }

Result<SearchParams> Parse(QueryPairs query) { return ParseSearchParams(query); }

// The fixture (testdata/bmlt/) imported as the API suite imports it, then served.
class BmltExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kept_ = {kSource, ReadFixture("meetings.json"), ReadFixture("formats.json"),
             ReadFixture("service_bodies.json")};
    sources_ = {{kSource, "bmlt", "", "America/New_York", "na", 8}};
    FeedOptions options{kSource, "America/New_York", "na"};
    auto parse = ParseBmlt({kept_.meetings, kept_.formats, kept_.service_bodies}, options);
    ASSERT_TRUE(parse.ok()) << parse.status().message();
    listings_ = parse->listings;
  }

  Catalog Build() const {
    return Catalog(std::make_shared<const directory::SearchIndex>(listings_),
                   std::vector<directory::KeptBmltDocuments>{kept_}, sources_, Instant{});
  }

  // GetSearchResults' rows by id_bigint.
  static std::map<std::string, json::object> ById(const std::string& body) {
    std::map<std::string, json::object> rows;
    const json::value document = json::parse(body);
    for (const json::value& row : document.as_array()) {
      rows[std::string(row.at("id_bigint").as_string())] = row.as_object();
    }
    return rows;
  }

  // The ids of a GetSearchResults answer, in order.
  static std::vector<std::string> Ids(const std::string& body) {
    std::vector<std::string> ids;
    const json::value document = json::parse(body);
    for (const json::value& row : document.as_array()) {
      ids.emplace_back(row.at("id_bigint").as_string());
    }
    return ids;
  }

  directory::KeptBmltDocuments kept_;
  std::vector<directory::ImportSource> sources_;
  std::vector<Listing> listings_;
};

// The round trip: every served meeting is the fixture row, field by field (every key, every
// value), but for contact_* (never served). The served ids are the fixture's rows less 1004
// (unpublished), 1005 (weekday 8), 1010 (25:00:00), the second 1001 and 1013 (no name): the
// importer's skips and rejections.
TEST_F(BmltExportTest, GetSearchResultsGivesBackEveryImportedRowFieldByField) {
  const Catalog catalog = Build();
  const auto served = ById(catalog.SearchResults({}));
  std::map<std::string, json::object> expected;
  const json::value fixture = json::parse(kept_.meetings);
  for (const json::value& value : fixture.as_array()) {
    json::object row = value.as_object();
    const std::string id(row.at("id_bigint").as_string());
    if (expected.contains(id)) continue;  // the repeat of 1001 is rejected
    for (auto it = row.begin(); it != row.end();) {
      it = it->key().starts_with("contact_") ? row.erase(it) : std::next(it);
    }
    expected[id] = std::move(row);
  }
  for (const char* gone : {"1004", "1005", "1010", "1013"}) expected.erase(gone);
  ASSERT_EQ(served.size(), 8u);
  ASSERT_EQ(served.size(), expected.size());
  for (const auto& [id, row] : expected) {
    ASSERT_TRUE(served.contains(id)) << id;
    const json::object& got = served.at(id);
    EXPECT_EQ(got.size(), row.size()) << id << ": " << json::serialize(got);
    for (const auto& field : row) {
      ASSERT_NE(got.if_contains(field.key()), nullptr) << id << " lacks " << field.key();
      EXPECT_EQ(got.at(field.key()), field.value()) << id << " " << field.key();
    }
  }
}

TEST_F(BmltExportTest, DefaultOrderIsWeekdayThenStartTime) {
  // weekday_tinyint, start_time, duration_time, then id: 1011 (1, 08:00), 1001 (1, 19:00), 1009
  // (2), 1006 (3), 1003 (4), 1007 (5), 1008 (6), 1002 (7).
  EXPECT_EQ(
      Ids(Build().SearchResults({})),
      (std::vector<std::string>{"1011", "1001", "1009", "1006", "1003", "1007", "1008", "1002"}));
}

TEST_F(BmltExportTest, AnEditedFieldGroupIsMappedAndTheRestKept) {
  for (Listing& listing : listings_) {
    if (listing.slug == "1001") {
      listing.name = "Renamed by staff";
      listing.schedule[0].start_minute = 20 * 60;
    }
  }
  const auto row = ById(Build().SearchResults({})).at("1001");
  EXPECT_EQ(row.at("meeting_name"), "Renamed by staff");
  EXPECT_EQ(row.at("start_time"), "20:00:00");
  EXPECT_EQ(row.at("duration_time"), "01:30:00");
  EXPECT_EQ(row.at("time_zone"), "America/Denver");
  EXPECT_EQ(row.at("format_shared_id_list"), "1,3");  // unchanged groups stay verbatim
  EXPECT_EQ(row.at("formats"), "O,D");
  EXPECT_EQ(row.at("service_body_bigint"), "2");
  EXPECT_EQ(row.at("location_text"), "Fake Community Hall");
}

TEST_F(BmltExportTest, AListingNotFromBmltIsMappedOneMeetingPerSlot) {
  Listing listing;
  listing.source = "oc-aa";
  listing.slug = "two-slots";
  listing.id = directory::MakeListingId(listing.source, listing.slug);
  listing.name = "Two Slot Group";
  listing.timezone = "America/Los_Angeles";
  listing.schedule = {{1, 19 * 60 + 30, 60}, {3, 7 * 60, 45}};
  listing.attendance = directory::Attendance::kHybrid;
  listing.types = {"O", "D", "NOT-A-CODE"};
  listing.location.city = "Irvine";
  listing.location.latitude = 33.5;
  listing.location.longitude = -117.75;
  listing.conference.url = "https://example.org/zoom";
  listings_ = {listing};
  kept_ = {};
  const Catalog catalog = Build();
  const json::value document = json::parse(catalog.SearchResults({}));
  const json::array& rows = document.as_array();
  ASSERT_EQ(rows.size(), 2u);
  const json::object& monday = rows[0].as_object();
  const json::object& wednesday = rows[1].as_object();
  EXPECT_EQ(monday.at("weekday_tinyint"), "2");
  EXPECT_EQ(monday.at("start_time"), "19:30:00");
  EXPECT_EQ(monday.at("duration_time"), "01:00:00");
  EXPECT_EQ(wednesday.at("weekday_tinyint"), "4");
  EXPECT_EQ(wednesday.at("duration_time"), "00:45:00");
  EXPECT_NE(monday.at("id_bigint"), wednesday.at("id_bigint"));
  EXPECT_EQ(monday.at("venue_type"), "3");
  EXPECT_EQ(monday.at("formats"), "O,D");
  EXPECT_EQ(
      std::string(monday.at("format_shared_id_list").as_string()),
      std::to_string(VocabularyFormatId("O")) + "," + std::to_string(VocabularyFormatId("D")));
  EXPECT_EQ(monday.at("latitude"), "33.5");
  EXPECT_EQ(monday.at("longitude"), "-117.75");
  EXPECT_EQ(monday.at("location_municipality"), "Irvine");
  EXPECT_EQ(monday.at("virtual_meeting_link"), "https://example.org/zoom");
  EXPECT_EQ(monday.at("time_zone"), "America/Los_Angeles");
  for (const auto& field : monday) EXPECT_TRUE(field.value().is_string()) << field.key();
  // The same listing gives the same ids in another snapshot.
  const json::value again = json::parse(Build().SearchResults({}));
  EXPECT_EQ(again.as_array()[0].at("id_bigint"), monday.at("id_bigint"));
  // Its source is one service body.
  const json::value bodies_document = json::parse(catalog.ServiceBodies({}));
  const json::array& bodies = bodies_document.as_array();
  ASSERT_EQ(bodies.size(), 1u);
  EXPECT_EQ(bodies[0].at("name"), "oc-aa");
  EXPECT_EQ(bodies[0].at("id"), monday.at("service_body_bigint"));
}

TEST_F(BmltExportTest, FormatsAndServiceBodiesOfABmltSourceAreTheSourcesOwn) {
  const Catalog catalog = Build();
  // show_all=1, lang en: the fixture's English formats, as given (the Spanish "A" is another
  // language).
  FormatsParams all;
  all.show_all = true;
  std::vector<json::value> expected;
  const json::value fixture_formats = json::parse(kept_.formats);
  for (const json::value& format : fixture_formats.as_array()) {
    if (format.at("lang") == "en") expected.push_back(format);
  }
  std::vector<json::value> served;
  const json::value all_formats = json::parse(catalog.Formats(all));
  for (const json::value& format : all_formats.as_array()) {
    if (std::stoll(std::string(format.at("id").as_string())) < 100000) served.push_back(format);
  }
  EXPECT_EQ(served, expected);
  // Without show_all only the formats the served meetings use: by format_shared_id_list 1,2,3,4,
  // 5,7,8,9,10; by the keys of 1003 (C,HY: 2, 11), 1007 (JFT: 6; XYZ is no format) and 1008 (O: 1),
  // which have no id list. Not 12 (BT).
  std::set<std::string> used;
  const json::value used_formats = json::parse(catalog.Formats({}));
  for (const json::value& format : used_formats.as_array()) {
    used.emplace(format.at("id").as_string());
  }
  EXPECT_EQ(used, (std::set<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11"}));
  EXPECT_EQ(json::parse(catalog.ServiceBodies({})), json::parse(kept_.service_bodies));
}

TEST_F(BmltExportTest, ServerInfoIsOneObjectOfStrings) {
  const json::value info_document = json::parse(Build().ServerInfo());
  const json::array& info = info_document.as_array();
  ASSERT_EQ(info.size(), 1u);
  const json::object& object = info[0].as_object();
  for (const char* key : {"version", "versionInt", "langs", "nativeLang", "centerLongitude",
                          "centerLatitude", "distanceUnits", "available_keys"}) {
    ASSERT_NE(object.if_contains(key), nullptr) << key;
    EXPECT_TRUE(object.at(key).is_string()) << key;
  }
  EXPECT_EQ(object.at("meeting_states_and_provinces"), "CO");
}

TEST_F(BmltExportTest, FiltersOnTheFixture) {
  const Catalog catalog = Build();
  const auto ids = [&](QueryPairs query) {
    auto params = Parse(std::move(query));
    EXPECT_TRUE(params.ok()) << params.status().message();
    std::vector<std::string> got = Ids(catalog.SearchResults(*params));
    std::sort(got.begin(), got.end());
    return got;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(ids({{"weekdays", "1"}}), (Ids{"1001", "1011"}));
  EXPECT_EQ(ids({{"weekdays", "-1,-2"}}), (Ids{"1002", "1003", "1006", "1007", "1008"}));
  EXPECT_EQ(ids({{"weekdays[]", "1"}, {"weekdays[]", "7"}}), (Ids{"1001", "1002", "1011"}));
  EXPECT_EQ(ids({{"venue_types", "2"}}), (Ids{"1002"}));
  EXPECT_EQ(ids({{"formats", "1,3"}}), (Ids{"1001"}));
  EXPECT_EQ(ids({{"formats", "1"}}), (Ids{"1001", "1002", "1006", "1008"}));  // 1008 by key O
  EXPECT_EQ(ids({{"formats", "3,4"}, {"formats_comparison_operator", "OR"}}),
            (Ids{"1001", "1002"}));
  EXPECT_EQ(ids({{"services", "3"}}), (Ids{"1003"}));
  EXPECT_EQ(ids({{"services", "1"}, {"recursive", "1"}}),
            (Ids{"1001", "1002", "1003", "1006", "1007", "1008", "1011"}));
  EXPECT_EQ(ids({{"StartsAfterH", "19"}}), (Ids{"1006", "1008", "1009"}));
  EXPECT_EQ(ids({{"StartsBeforeH", "10"}}), (Ids{"1007", "1011"}));
  EXPECT_EQ(ids({{"lat_val", "39.5"}, {"long_val", "-104.5"}, {"geo_width", "-1"}}), (Ids{"1003"}));
}

TEST(BmltParamsTest, BadValuesNameTheirParameter) {
  const std::vector<std::pair<QueryPairs, std::string>> cases = {
      {{{"weekdays", "9"}}, "weekdays"},
      {{{"weekdays", "0"}}, "weekdays"},
      {{{"weekdays", "mon"}}, "weekdays"},
      {{{"venue_types", "4"}}, "venue_types"},
      {{{"formats", "x"}}, "formats"},
      {{{"formats_comparison_operator", "XOR"}}, "formats_comparison_operator"},
      {{{"services", "1.5"}}, "services"},
      {{{"recursive", "yes"}}, "recursive"},
      {{{"lat_val", "91"}, {"long_val", "0"}}, "lat_val"},
      {{{"lat_val", "40"}}, "long_val"},
      {{{"geo_width", "5"}}, "geo_width"},
      {{{"lat_val", "40"}, {"long_val", "-100"}, {"geo_width", "-2.5"}}, "geo_width"},
      {{{"lat_val", "40"}, {"long_val", "-100"}, {"geo_width", "1"}, {"geo_width_km", "1"}},
       "geo_width_km"},
      {{{"StartsAfterH", "24"}}, "StartsAfterH"},
      {{{"StartsBeforeM", "60"}}, "StartsBeforeM"},
      {{{"StringSearchIsAnAddress", "1"}, {"SearchString", "Denver"}}, "StringSearchIsAnAddress"},
      {{{"data_field_key", "id_bigint,meeting name"}}, "data_field_key"},
      {{{"sort_keys", "a;b"}}, "sort_keys"},
      {{{"sort_key", "color"}}, "sort_key"},
      {{{"page_size", "0"}}, "page_size"},
  };
  for (const auto& [query, field] : cases) {
    auto params = ParseSearchParams(query);
    ASSERT_FALSE(params.ok()) << field;
    EXPECT_EQ(params.status().code(), StatusCode::kInvalidArgument) << field;
    EXPECT_EQ(params.status().field(), field) << params.status().message();
  }
}

TEST(BmltParamsTest, ReadsWhatClientsSend) {
  auto params = ParseSearchParams({{"switcher", "GetSearchResults"},
                                   {"_", "1700000000"},
                                   {"weekdays", "2,-3"},
                                   {"services[]", "5"},
                                   {"services[]", "-6"},
                                   {"lat_val", "40.5"},
                                   {"long_val", "-74"},
                                   {"geo_width_km", "-10"},
                                   {"StartsAfterH", "18"},
                                   {"StartsAfterM", "30"},
                                   {"SearchString", "ab"},
                                   {"sort_keys", "meeting_name,start_time"}});
  ASSERT_TRUE(params.ok()) << params.status().message();
  EXPECT_EQ(params->weekdays.include, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(params->weekdays.exclude, (std::vector<std::int64_t>{3}));
  EXPECT_EQ(params->services.include, (std::vector<std::int64_t>{5}));
  EXPECT_EQ(params->services.exclude, (std::vector<std::int64_t>{6}));
  EXPECT_EQ(params->nearest, 10);
  EXPECT_FALSE(params->radius_km.has_value());
  EXPECT_EQ(params->starts_after, 18 * 60 + 30);
  EXPECT_EQ(params->search_string, "");  // under three characters: ignored, as BMLT does
  EXPECT_EQ(params->sort_keys, (std::vector<std::string>{"meeting_name", "start_time"}));
  auto miles = ParseSearchParams({{"lat_val", "0"}, {"long_val", "0"}, {"geo_width", "10"}});
  ASSERT_TRUE(miles.ok());
  EXPECT_DOUBLE_EQ(*miles->radius_km, 16.09344);
}

TEST(BmltFormatIdsTest, EveryVocabularyCodeHasItsOwnStableId) {
  std::set<std::int64_t> ids;
  for (const directory::TypeInfo& type : directory::Vocabulary::Get().types()) {
    ids.insert(VocabularyFormatId(type.code));
  }
  EXPECT_EQ(ids.size(), directory::Vocabulary::Get().types().size());
  EXPECT_GE(*ids.begin(), 100000);
  EXPECT_LT(*ids.rbegin(), 1000000);
  // Pinned: an id a client has stored must not change.
  EXPECT_EQ(VocabularyFormatId("O"), 100000 + (2166136261u ^ 'O') * 16777619u % 900000);
}

}  // namespace
}  // namespace rn::interop::bmlt
