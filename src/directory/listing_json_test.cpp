#include "directory/listing_json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cmath>
#include <ostream>
#include <string>
#include <vector>

namespace rn::directory {
namespace {

namespace json = boost::json;

Listing FullListing() {
  Listing listing;
  listing.source = "test-intergroup";
  listing.slug = "testing-group-alpha";
  listing.id = MakeListingId(listing.source, listing.slug);
  listing.name = "Testing Group Alpha";
  listing.timezone = "America/Los_Angeles";
  listing.fellowship = "aa";
  listing.schedule = {
      {.day = 1, .start_minute = 19 * 60 + 30, .duration_minutes = 45},  // 19:30-20:15
      {.day = 5, .start_minute = 23 * 60, .duration_minutes = 120},      // 23:00-01:00, next day
      {.day = 6, .start_minute = 22 * 60, .duration_minutes = 120},      // 22:00-24:00
      {.day = 0, .start_minute = 7 * 60, .duration_minutes = 1440},      // a whole day
  };
  listing.attendance = Attendance::kHybrid;
  listing.types = {"O", "D", "S", "Custom Type"};
  listing.languages = {"es"};
  listing.regions = {"Test County", "Testville"};
  listing.location.name = "Fake Community Hall";
  listing.location.address = "123 Example St";
  listing.location.city = "Testville";
  listing.location.state = "CA";
  listing.location.postal_code = "90000";
  listing.location.country = "US";
  listing.location.formatted_address = "123 Example St, Testville, CA 90000, USA";
  listing.location.latitude = 37.8;
  listing.location.longitude = -122.25;
  listing.location.approximate = Approximate::kNo;
  listing.location.notes = "Upstairs \"blue\" room\nback door \\ side";
  listing.conference.url = "https://example.invalid/j/123";
  listing.conference.url_notes = "Passcode on request";
  listing.conference.phone = "+1-555-0100";
  listing.conference.phone_notes = "Dial *6 to unmute";
  listing.contact.website = "https://example.invalid";
  listing.contact.email = "group@example.invalid";
  listing.contact.phone = "555-0101";
  listing.group = "Alpha Group";
  listing.group_notes = "Business meeting first Monday";
  listing.notes = "Sesión en español — bienvenidos";
  listing.updated = "2024-01-02T03:04:05Z";
  listing.region_keys = {.list = false, .fields = true};
  listing.district = "District 9";
  listing.contributions = {.venmo = "@AlphaGroup", .square = "$AlphaGroup", .paypal = "AlphaGroup"};
  listing.entity = {.name = "Test Intergroup",
                    .email = "office@example.invalid",
                    .phone = "555-0102",
                    .location = "Serving Test County",
                    .logo = "https://example.invalid/logo.png",
                    .url = "https://example.invalid/office",
                    .website_url = "https://example.invalid/"};
  listing.url = "https://example.invalid/meetings/alpha";
  listing.edit_url = "https://example.invalid/edit/alpha";
  listing.feedback_url = "https://example.invalid/feedback?m=alpha";
  listing.feedback_emails = {"feedback@example.invalid"};
  listing.source_fields = R"({"location_id":64770,"author":"x","tags":["a",1]})";
  return listing;
}

Listing MinimalListing() {
  Listing listing;
  listing.id = "00000000000000aa";
  listing.source = "s";
  listing.slug = "g";
  listing.name = "Testing Group Beta";
  return listing;
}

json::object CanonicalOf(const Listing& listing) { return ListingToJson(listing); }

// Parses the text form and reads it back.
Result<Listing> FromText(const std::string& text) { return ListingFromJson(json::parse(text)); }

TEST(ListingJsonTest, MinimalListingHasEveryKeyInOrder) {
  // Written by hand from the documented form in listing_json.h.
  const std::string expected =
      R"({"id":"00000000000000aa","source":"s","slug":"g","name":"Testing Group Beta",)"
      R"("timezone":"","fellowship":"","schedule":[],"attendance":"in_person","types":[],)"
      R"("languages":[],"regions":[],"location":{"name":"","address":"","city":"","state":"",)"
      R"("postal_code":"","country":"","formatted_address":"","latitude":null,"longitude":null,)"
      R"("approximate":null,"notes":""},"conference":{"url":"","url_notes":"","phone":"",)"
      R"("phone_notes":""},"contact":{"website":"","email":"","phone":""},"group":"",)"
      R"("group_notes":"","notes":"","updated":""})";
  EXPECT_EQ(ListingToJsonString(MinimalListing()), expected);
  EXPECT_EQ(json::serialize(ListingToJson(MinimalListing())), expected);
}

// The extensions' keys appear when they hold something, in the documented order, and the direct
// writer agrees with the tree.
TEST(ListingJsonTest, ExtensionKeysAreWrittenWhenSet) {
  Listing listing = FullListing();
  listing.location.formatted_address_assembled = true;
  const std::string text = ListingToJsonString(listing);
  EXPECT_EQ(json::parse(text), json::value(ListingToJson(listing)));
  for (const char* member :
       {R"("regions":["Test County","Testville"],"regions_as":"fields","district":"District 9",)",
        R"("notes":"Upstairs \"blue\" room\nback door \\ side","formatted_address_assembled":true})",
        R"("updated":"2024-01-02T03:04:05Z","contributions":{"venmo":"@AlphaGroup",)",
        R"("entity":{"name":"Test Intergroup","email":"office@example.invalid",)",
        R"("feedback_emails":["feedback@example.invalid"],)"
        R"("source_fields":{"location_id":64770,"author":"x","tags":["a",1]}})"}) {
    EXPECT_NE(text.find(member), std::string::npos) << member << "\n" << text;
  }
}

TEST(ListingJsonTest, ScheduleIsWrittenAsDayStartEnd) {
  const json::object object = CanonicalOf(FullListing());
  EXPECT_EQ(json::serialize(object.at("schedule")),
            R"([{"day":1,"start":"19:30","end":"20:15"},{"day":5,"start":"23:00","end":"01:00"},)"
            R"({"day":6,"start":"22:00","end":"24:00"},{"day":0,"start":"07:00","end":"07:00"}])");
  EXPECT_EQ(object.at("attendance"), "hybrid");
  EXPECT_EQ(object.at("location").at("latitude").as_double(), 37.8);
  EXPECT_EQ(object.at("location").at("longitude").as_double(), -122.25);
}

TEST(ListingJsonTest, EndIs2400OnlyWhenTheSlotEndsAtMidnight) {
  Listing listing = MinimalListing();
  listing.schedule = {{.day = 0, .start_minute = 0, .duration_minutes = 1440},
                      {.day = 3, .start_minute = 1439, .duration_minutes = 1},
                      {.day = 3, .start_minute = 1439, .duration_minutes = 2}};
  const json::object object = CanonicalOf(listing);
  const json::array& schedule = object.at("schedule").as_array();
  EXPECT_EQ(schedule[0].at("end"), "24:00");
  EXPECT_EQ(schedule[1].at("end"), "24:00");
  EXPECT_EQ(schedule[2].at("end"), "00:01");
}

TEST(ListingJsonTest, RoundTripsThroughTheValue) {
  for (const Listing& listing : {FullListing(), MinimalListing()}) {
    Result<Listing> back = ListingFromJson(ListingToJson(listing));
    ASSERT_TRUE(back.ok()) << back.status().field() << ": " << back.status().message();
    EXPECT_EQ(*back, listing);
  }
}

TEST(ListingJsonTest, RoundTripsThroughText) {
  Listing listing = FullListing();
  listing.location.approximate = Approximate::kYes;
  listing.attendance = Attendance::kInactive;
  const std::string text = ListingToJsonString(listing);
  Result<Listing> back = FromText(text);
  ASSERT_TRUE(back.ok()) << back.status().field() << ": " << back.status().message();
  EXPECT_EQ(*back, listing);
  EXPECT_EQ(ListingToJsonString(*back), text);
}

TEST(ListingJsonTest, RoundTripsEverySlotShape) {
  Listing listing = MinimalListing();
  for (int start : {0, 1, 59, 60, 719, 720, 1380, 1439}) {
    for (int duration : {1, 30, 60, 61, 1439 - start, 1440 - start, 1441 - start, 1439, 1440}) {
      if (duration < 1 || duration > 1440) continue;
      listing.schedule.push_back(
          {.day = start % 7, .start_minute = start, .duration_minutes = duration});
    }
  }
  Result<Listing> back = FromText(ListingToJsonString(listing));
  ASSERT_TRUE(back.ok()) << back.status().field() << ": " << back.status().message();
  EXPECT_EQ(back->schedule, listing.schedule);
}

TEST(ListingJsonTest, EqualListingsGiveEqualStringsAndDifferentOnesDiffer) {
  EXPECT_EQ(ListingToJsonString(FullListing()), ListingToJsonString(FullListing()));
  Listing changed = FullListing();
  changed.schedule[0].duration_minutes = 46;
  EXPECT_NE(ListingToJsonString(changed), ListingToJsonString(FullListing()));
  changed = FullListing();
  changed.location.latitude.reset();
  changed.location.longitude.reset();
  EXPECT_NE(ListingToJsonString(changed), ListingToJsonString(FullListing()));
}

TEST(ListingJsonTest, IntegerCoordinatesAreAccepted) {
  json::object object = CanonicalOf(FullListing());
  object["location"].as_object()["latitude"] = 38;
  object["location"].as_object()["longitude"] = -122;
  Result<Listing> back = ListingFromJson(object);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->location.latitude, 38.0);
  EXPECT_EQ(back->location.longitude, -122.0);
}

TEST(ListingJsonTest, MidnightEndMayBeWrittenAs0000) {
  json::object object = CanonicalOf(MinimalListing());
  object["schedule"] = json::parse(R"([{"day":2,"start":"22:00","end":"00:00"},
                                       {"day":2,"start":"00:00","end":"00:00"}])");
  Result<Listing> back = ListingFromJson(object);
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->schedule.size(), 2u);
  EXPECT_EQ(back->schedule[0], (Slot{.day = 2, .start_minute = 1320, .duration_minutes = 120}));
  EXPECT_EQ(back->schedule[1], (Slot{.day = 2, .start_minute = 0, .duration_minutes = 1440}));
}

// One rejection case: a change to the canonical form of FullListing and the field that must be
// named.
struct RejectCase {
  const char* description;
  const char* pointer;      // JSON pointer of the value to replace, or of the key to remove
  const char* replacement;  // JSON text; nullptr removes the key
  const char* field;
};

void PrintTo(const RejectCase& test_case, std::ostream* out) { *out << test_case.description; }

class ListingJsonRejectTest : public ::testing::TestWithParam<RejectCase> {};

TEST_P(ListingJsonRejectTest, NamesTheField) {
  const RejectCase& test_case = GetParam();
  json::value value = CanonicalOf(FullListing());
  std::string pointer = test_case.pointer;
  const std::size_t slash = pointer.rfind('/');
  json::value& parent = value.at_pointer(pointer.substr(0, slash));
  const std::string key = pointer.substr(slash + 1);
  if (test_case.replacement == nullptr) {
    ASSERT_EQ(parent.as_object().erase(key), 1u);
  } else if (parent.is_array()) {
    parent.as_array().at(std::stoul(key)) = json::parse(test_case.replacement);
  } else {
    parent.as_object()[key] = json::parse(test_case.replacement);
  }
  Result<Listing> result = ListingFromJson(value);
  ASSERT_FALSE(result.ok()) << test_case.description;
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().field(), test_case.field) << result.status().message();
  EXPECT_FALSE(result.status().message().empty());
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ListingJsonRejectTest,
    ::testing::Values(
        RejectCase{"missing id", "/id", nullptr, "id"},
        RejectCase{"id not a string", "/id", "17", "id"},
        RejectCase{"name null", "/name", "null", "name"},
        RejectCase{"unknown top-level key", "/extra", "1", "extra"},
        RejectCase{"schedule not an array", "/schedule", "{}", "schedule"},
        RejectCase{"slot not an object", "/schedule/1", "[1]", "schedule[1]"},
        RejectCase{"day 7", "/schedule/0/day", "7", "schedule[0].day"},
        RejectCase{"day -1", "/schedule/0/day", "-1", "schedule[0].day"},
        RejectCase{"day as string", "/schedule/0/day", R"("1")", "schedule[0].day"},
        RejectCase{"day fractional", "/schedule/0/day", "1.5", "schedule[0].day"},
        RejectCase{"day huge", "/schedule/0/day", "18446744073709551615", "schedule[0].day"},
        RejectCase{"day missing", "/schedule/2/day", nullptr, "schedule[2].day"},
        RejectCase{"start 24:00", "/schedule/0/start", R"("24:00")", "schedule[0].start"},
        RejectCase{"start one-digit hour", "/schedule/0/start", R"("7:30")", "schedule[0].start"},
        RejectCase{"start minute 60", "/schedule/0/start", R"("12:60")", "schedule[0].start"},
        RejectCase{"start with seconds", "/schedule/0/start", R"("12:00:00")", "schedule[0].start"},
        RejectCase{"start as number", "/schedule/0/start", "1170", "schedule[0].start"},
        RejectCase{"end 24:01", "/schedule/3/end", R"("24:01")", "schedule[3].end"},
        RejectCase{"end 25:00", "/schedule/3/end", R"("25:00")", "schedule[3].end"},
        RejectCase{"end empty", "/schedule/3/end", R"("")", "schedule[3].end"},
        RejectCase{"unknown slot key", "/schedule/0/duration", "60", "schedule[0].duration"},
        RejectCase{"attendance unknown", "/attendance", R"("remote")", "attendance"},
        RejectCase{"attendance wrong case", "/attendance", R"("Online")", "attendance"},
        RejectCase{"types not an array", "/types", R"("O,D")", "types"},
        RejectCase{"type not a string", "/types/1", "2", "types[1]"},
        RejectCase{"language null", "/languages/0", "null", "languages[0]"},
        RejectCase{"regions missing", "/regions", nullptr, "regions"},
        RejectCase{"location not an object", "/location", R"("somewhere")", "location"},
        RejectCase{"latitude 91", "/location/latitude", "91", "location.latitude"},
        RejectCase{"latitude -90.5", "/location/latitude", "-90.5", "location.latitude"},
        RejectCase{"longitude -181", "/location/longitude", "-181", "location.longitude"},
        RejectCase{"longitude as string", "/location/longitude", R"("-122.2")",
                   "location.longitude"},
        RejectCase{"latitude without longitude", "/location/longitude", "null",
                   "location.longitude"},
        RejectCase{"longitude without latitude", "/location/latitude", "null", "location.latitude"},
        RejectCase{"approximate as string", "/location/approximate", R"("no")",
                   "location.approximate"},
        RejectCase{"regions_as unknown", "/regions_as", R"("array")", "regions_as"},
        RejectCase{"venmo a number", "/contributions/venmo", "5", "contributions.venmo"},
        RejectCase{"unknown entity key", "/entity/fax", R"("")", "entity.fax"},
        RejectCase{"feedback_emails a string", "/feedback_emails", R"("a@b")", "feedback_emails"},
        RejectCase{"source_fields an array", "/source_fields", "[]", "source_fields"},
        RejectCase{"unknown location key", "/location/geo", "{}", "location.geo"},
        RejectCase{"location key missing", "/location/city", nullptr, "location.city"},
        RejectCase{"conference url null", "/conference/url", "null", "conference.url"},
        RejectCase{"contact missing", "/contact", nullptr, "contact"},
        RejectCase{"contact email number", "/contact/email", "5", "contact.email"},
        RejectCase{"updated null", "/updated", "null", "updated"}));

// A document stored before the Meeting Guide extensions were modelled has none of their keys: it
// still reads, with their defaults.
TEST(ListingJsonTest, ReadsADocumentStoredBeforeTheExtensions) {
  json::object old = ListingToJson(MinimalListing());
  old.at("location").as_object()["approximate"] = false;
  Result<Listing> back = ListingFromJson(old);
  ASSERT_TRUE(back.ok()) << back.status().field() << ": " << back.status().message();
  Listing expected = MinimalListing();
  expected.location.approximate = Approximate::kNo;
  EXPECT_EQ(*back, expected);
}

TEST(ListingJsonTest, ValidateRefusesSourceFieldsThatAreNotACompactObject) {
  for (const char* text : {"[1]", "{\"a\": 1}", "{", "3"}) {
    Listing listing = MinimalListing();
    listing.source_fields = text;
    const Status status = ValidateListing(listing);
    EXPECT_FALSE(status.ok()) << text;
    EXPECT_EQ(status.field(), "source_fields") << text;
  }
}

TEST(ListingJsonTest, DirectStringRoundTripsInPlainDecimal) {
  std::vector<Listing> listings = {FullListing(), MinimalListing()};
  Listing tricky = FullListing();
  tricky.name = std::string("ctl \x01\x1f\x7f tab\t nl\n cr\r ff\f bs\b q\" back\\ slash/ ") +
                "\xC3\xA9\xE2\x80\x94\xF0\x9F\x98\x80 end";
  tricky.types = {"", "\"quoted\"", std::string(1, '\0')};
  tricky.regions.clear();
  tricky.location.latitude = -0.0;
  tricky.location.longitude = 1e-7;
  listings.push_back(tricky);
  for (double latitude : {0.0, 90.0, -90.0, 33.584683899999997, 12.5, 1.0 / 3}) {
    Listing listing = FullListing();
    listing.location.latitude = latitude;
    listing.location.longitude = -latitude * 2;
    listings.push_back(listing);
  }
  for (const Listing& listing : listings) {
    const std::string text = ListingToJsonString(listing);
    auto back = ListingFromJson(json::parse(text));
    ASSERT_TRUE(back.ok()) << text;
    EXPECT_EQ(*back, listing) << text;
  }
  // Numbers in plain decimal, as people and other clients expect: not Boost.JSON's "9E1".
  EXPECT_NE(ListingToJsonString(listings[listings.size() - 5]).find("\"latitude\":90,"),
            std::string::npos);
  EXPECT_NE(
      ListingToJsonString(listings[listings.size() - 3]).find("\"latitude\":33.584683899999995,"),
      std::string::npos);
}

TEST(ListingJsonTest, ValidateAcceptsWhatRoundTrips) {
  EXPECT_TRUE(ValidateListing(FullListing()).ok());
  EXPECT_TRUE(ValidateListing(MinimalListing()).ok());
  Listing edges = MinimalListing();
  edges.schedule = {{.day = 0, .start_minute = 0, .duration_minutes = 1},
                    {.day = 6, .start_minute = 1439, .duration_minutes = 1440}};
  edges.location.latitude = -90;
  edges.location.longitude = 180;
  edges.name = "\xF4\x8F\xBF\xBF \xEF\xBF\xBF";  // U+10FFFF and U+FFFF are well-formed
  ASSERT_TRUE(ValidateListing(edges).ok());
  EXPECT_TRUE(FromText(ListingToJsonString(edges)).ok());
}

TEST(ListingJsonTest, ValidateNamesTheFieldAndAgreesWithTheReader) {
  struct Case {
    const char* description;
    void (*mutate)(Listing&);
    const char* field;
  };
  const Case cases[] = {
      {"day 7", [](Listing& l) { l.schedule[1].day = 7; }, "schedule[1].day"},
      {"day -1", [](Listing& l) { l.schedule[0].day = -1; }, "schedule[0].day"},
      {"start 1440", [](Listing& l) { l.schedule[2].start_minute = 1440; }, "schedule[2].start"},
      {"start -5", [](Listing& l) { l.schedule[0].start_minute = -5; }, "schedule[0].start"},
      {"duration 0", [](Listing& l) { l.schedule[3].duration_minutes = 0; }, "schedule[3].end"},
      {"duration 1441", [](Listing& l) { l.schedule[0].duration_minutes = 1441; },
       "schedule[0].end"},
      {"latitude 90.5", [](Listing& l) { l.location.latitude = 90.5; }, "location.latitude"},
      {"longitude -180.5", [](Listing& l) { l.location.longitude = -180.5; }, "location.longitude"},
      {"latitude NaN", [](Listing& l) { l.location.latitude = std::nan(""); }, "location.latitude"},
      {"longitude infinite", [](Listing& l) { l.location.longitude = HUGE_VAL; },
       "location.longitude"},
      {"latitude alone", [](Listing& l) { l.location.longitude.reset(); }, "location.longitude"},
      {"longitude alone", [](Listing& l) { l.location.latitude.reset(); }, "location.latitude"},
      {"truncated sequence in name", [](Listing& l) { l.name = "Caf\xC3"; }, "name"},
      {"overlong slash in notes", [](Listing& l) { l.notes = "\xC0\xAF"; }, "notes"},
      {"surrogate in city", [](Listing& l) { l.location.city = "\xED\xA0\x80"; }, "location.city"},
      {"above U+10FFFF in a type", [](Listing& l) { l.types[2] = "\xF4\x90\x80\x80"; }, "types[2]"},
      {"latin-1 byte in a region",
       [](Listing& l) {
         l.regions[1] =
             "Espa\xF1"
             "a";
       },
       "regions[1]"},
      {"stray continuation in email", [](Listing& l) { l.contact.email = "\x80@x"; },
       "contact.email"},
      {"bad byte in conference notes", [](Listing& l) { l.conference.phone_notes = "\xFF"; },
       "conference.phone_notes"},
      {"bad byte in updated", [](Listing& l) { l.updated = "\xFE"; }, "updated"},
  };
  for (const Case& test_case : cases) {
    Listing listing = FullListing();
    test_case.mutate(listing);
    const Status status = ValidateListing(listing);
    ASSERT_FALSE(status.ok()) << test_case.description;
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << test_case.description;
    EXPECT_EQ(status.field(), test_case.field) << test_case.description;
    // Whatever Validate refuses does not survive the text round trip: Boost.JSON rejects bad UTF-8,
    // the reader rejects out-of-range values, and a duration of 0 or over 1440 reads back
    // different.
    boost::system::error_code error;
    const json::value parsed = json::parse(ListingToJsonString(listing), error);
    if (error) continue;
    const Result<Listing> back = ListingFromJson(parsed);
    EXPECT_TRUE(!back.ok() || !(*back == listing)) << test_case.description;
  }
}

TEST(ListingJsonTest, RejectsNonObjects) {
  for (const char* text : {"null", "[]", R"("listing")", "3"}) {
    Result<Listing> result = ListingFromJson(json::parse(text));
    ASSERT_FALSE(result.ok()) << text;
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  }
}

TEST(ListingJsonTest, RejectsLatitudeOnBoundaryPlusEpsilonButAcceptsTheBoundary) {
  json::object object = CanonicalOf(FullListing());
  object["location"].as_object()["latitude"] = 90.0;
  object["location"].as_object()["longitude"] = -180.0;
  EXPECT_TRUE(ListingFromJson(object).ok());
  object["location"].as_object()["latitude"] = 90.000001;
  EXPECT_FALSE(ListingFromJson(object).ok());
}

// The store's check (every write, imports included) holds the stored-text rule.
TEST(ValidateListingTest, RefusesControlCharactersButTabAndLineFeed) {
  using namespace std::string_literals;
  Listing listing;
  listing.id = "0000000000000001";
  listing.name = "Test Group";
  listing.notes = "line one\n\tline two";
  EXPECT_TRUE(ValidateListing(listing).ok());
  listing.notes = "nul\0"s;
  EXPECT_EQ(ValidateListing(listing).field(), "notes");
  listing.notes.clear();
  listing.location.notes = "cr\r";
  EXPECT_EQ(ValidateListing(listing).field(), "location.notes");
  listing.location.notes.clear();
  listing.types = {"O", "D\x01"};
  EXPECT_EQ(ValidateListing(listing).field(), "types[1]");
}

}  // namespace
}  // namespace rn::directory
