#include "interop/bmlt/bmlt.h"

#include <gtest/gtest.h>

#include <string>

#include "interop/meeting_guide/meeting_guide.h"
#include "util/testing.h"

namespace rn::interop::bmlt {
namespace {

using directory::Attendance;
using directory::Listing;
using directory::Slot;
using Strings = std::vector<std::string>;

std::string ReadFixture(const std::string& name) { return testing::ReadTestData("bmlt/" + name); }

FeedOptions Options(std::string default_timezone = "America/Denver") {
  FeedOptions options;
  options.source = "fake-bmlt";
  options.default_timezone = std::move(default_timezone);
  return options;
}

const Listing* FindSlug(const FeedParse& parse, std::string_view slug) {
  for (const Listing& listing : parse.listings) {
    if (listing.slug == slug) return &listing;
  }
  return nullptr;
}

// The fixture (testdata/bmlt/, written for this test; see its SOURCES.md). Expected values below
// were worked out by hand from the fixture rows, one by one, against docs/contracts/directory.md.
class BmltFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    meetings_ = ReadFixture("meetings.json");
    formats_ = ReadFixture("formats.json");
    bodies_ = ReadFixture("service_bodies.json");
    ASSERT_FALSE(meetings_.empty());
    Result<FeedParse> parse = ParseBmlt({meetings_, formats_, bodies_}, Options());
    ASSERT_TRUE(parse.ok()) << parse.status().message();
    parse_ = std::move(parse).value();
  }

  std::string meetings_, formats_, bodies_;
  FeedParse parse_;
};

TEST_F(BmltFixtureTest, CountsAndRejections) {
  // 13 rows: 1004 is unpublished (skipped), 4 are rejected, 8 go in.
  EXPECT_EQ(parse_.listings.size(), 8u);
  ASSERT_EQ(parse_.rejections.size(), 4u);
  EXPECT_EQ(parse_.rejections[0].index, 4);
  EXPECT_EQ(parse_.rejections[0].slug, "1005");
  EXPECT_EQ(parse_.rejections[0].reason, "weekday_tinyint: \"8\" is not a weekday number 1-7");
  EXPECT_EQ(parse_.rejections[1].index, 9);
  EXPECT_EQ(parse_.rejections[1].reason, "start_time: \"25:00:00\" is not a time of day");
  EXPECT_EQ(parse_.rejections[2].index, 11);
  EXPECT_EQ(parse_.rejections[2].slug, "1001");
  EXPECT_EQ(parse_.rejections[2].reason, "id_bigint: \"1001\" repeats row 0");
  EXPECT_EQ(parse_.rejections[3].index, 12);
  EXPECT_EQ(parse_.rejections[3].reason, "meeting_name: missing or empty");
  EXPECT_EQ(FindSlug(parse_, "1004"), nullptr);
}

TEST_F(BmltFixtureTest, InPersonSundayMeeting) {
  const Listing* listing = FindSlug(parse_, "1001");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->id, directory::MakeListingId("fake-bmlt", "1001"));
  EXPECT_EQ(listing->source, "fake-bmlt");
  EXPECT_EQ(listing->name, "Testvalley Sunday Night Group");
  EXPECT_EQ(listing->fellowship, "na");  // the BMLT default
  EXPECT_EQ(listing->timezone, "America/Denver");
  EXPECT_EQ(listing->schedule, (std::vector<Slot>{{0, 19 * 60, 90}}));  // weekday 1 = Sunday
  EXPECT_EQ(listing->attendance, Attendance::kInPerson);
  EXPECT_EQ(listing->types, (Strings{"O", "D"}));  // ids 1 (OPEN), 3 (DISC)
  EXPECT_TRUE(listing->languages.empty());
  EXPECT_EQ(listing->regions, Strings{"Testvalley Area"});
  EXPECT_EQ(listing->location.name, "Fake Community Hall");
  EXPECT_EQ(listing->location.notes, "Basement, fake room 1");
  EXPECT_EQ(listing->location.address, "100 Example Ave");
  EXPECT_EQ(listing->location.city, "Testvalley");
  EXPECT_EQ(listing->location.state, "CO");
  EXPECT_EQ(listing->location.postal_code, "80000");
  EXPECT_EQ(listing->location.country, "USA");
  EXPECT_EQ(listing->location.formatted_address, "100 Example Ave, Testvalley, CO 80000, USA");
  EXPECT_EQ(listing->location.latitude, 39.1234567);
  EXPECT_EQ(listing->location.longitude, -104.7654321);
  EXPECT_EQ(listing->notes, "Synthetic meeting for tests.");
  EXPECT_TRUE(listing->contact.email.empty());  // contact_email_1 is not imported
  EXPECT_TRUE(listing->conference.empty());
}

TEST_F(BmltFixtureTest, OnlineSaturdayMeeting) {
  const Listing* listing = FindSlug(parse_, "1002");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->schedule, (std::vector<Slot>{{6, 10 * 60, 60}}));  // weekday 7; 00:00:00 → 60
  EXPECT_EQ(listing->timezone, "America/Denver");                       // empty time_zone: default
  EXPECT_EQ(listing->attendance, Attendance::kOnline);
  EXPECT_EQ(listing->types, (Strings{"O", "ONL"}));  // VM → ONL
  EXPECT_EQ(listing->conference.url, "https://example.org/meet/1002");
  EXPECT_EQ(listing->conference.url_notes, "Fake ID 000");
  EXPECT_EQ(listing->conference.phone, "+1 555 0102");
  EXPECT_FALSE(directory::HasCoordinates(*listing));
  EXPECT_EQ(listing->location.formatted_address, "");
}

TEST_F(BmltFixtureTest, HybridByVenueTypeWithFormatKeys) {
  const Listing* listing = FindSlug(parse_, "1003");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->attendance, Attendance::kHybrid);
  EXPECT_EQ(listing->types, (Strings{"C", "HY"}));  // HY has a world id without a mapping: key kept
  EXPECT_EQ(listing->regions, Strings{"Mockmountain Area"});
  EXPECT_EQ(listing->schedule, (std::vector<Slot>{{3, 18 * 60 + 30, 60}}));
}

TEST_F(BmltFixtureTest, SpanishMeeting) {
  const Listing* listing = FindSlug(parse_, "1006");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->name, "Grupo Ficticio de Prueba");
  EXPECT_EQ(listing->types, (Strings{"S", "O"}));  // ES → S; lang_enum es adds nothing new
  EXPECT_EQ(listing->languages, Strings{"es"});
  EXPECT_EQ(listing->location.name, "Salón Inventado");
}

TEST_F(BmltFixtureTest, UnknownFormatsAreKept) {
  const Listing* listing = FindSlug(parse_, "1007");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->types, (Strings{"JFT", "XYZ"}));
  EXPECT_EQ(listing->schedule, (std::vector<Slot>{{4, 7 * 60, 75}}));
  EXPECT_EQ(listing->attendance, Attendance::kInPerson);  // venue 1
}

TEST_F(BmltFixtureTest, AttendanceInferredWithoutVenueType) {
  const Listing* listing = FindSlug(parse_, "1008");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->attendance, Attendance::kHybrid);  // conference + "5 Sample Rd"
}

TEST_F(BmltFixtureTest, SignLanguageWheelchairAndOwnZone) {
  const Listing* listing = FindSlug(parse_, "1009");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->types, (Strings{"ASL", "X", "LGBTQ"}));
  EXPECT_TRUE(listing->languages.empty());  // ASL is not a language code
  EXPECT_EQ(listing->timezone, "America/Chicago");
  EXPECT_TRUE(listing->regions.empty());  // service body 99 is unknown
}

TEST_F(BmltFixtureTest, TemporarilyClosedInPersonIsInactive) {
  const Listing* listing = FindSlug(parse_, "1011");
  ASSERT_NE(listing, nullptr);
  EXPECT_EQ(listing->types, (Strings{"TC", "C"}));
  EXPECT_EQ(listing->attendance, Attendance::kInactive);
}

TEST_F(BmltFixtureTest, RoundTripsThroughMeetingGuideExport) {
  FeedOptions options = Options("");
  const FeedParse again =
      meeting_guide::ParseFeed(meeting_guide::ExportFeed(parse_.listings), options).value();
  EXPECT_TRUE(again.rejections.empty());
  ASSERT_EQ(again.listings.size(), parse_.listings.size());
  for (std::size_t i = 0; i < again.listings.size(); ++i) {
    EXPECT_EQ(again.listings[i], parse_.listings[i]) << parse_.listings[i].slug;
  }
}

TEST_F(BmltFixtureTest, FellowshipOption) {
  FeedOptions options = Options();
  options.fellowship = "ca";
  const Result<FeedParse> parse = ParseBmlt({meetings_, formats_, bodies_}, options);
  ASSERT_TRUE(parse.ok());
  ASSERT_FALSE(parse->listings.empty());
  for (const Listing& listing : parse->listings) EXPECT_EQ(listing.fellowship, "ca");
}

// ---- Small inline documents ----

Result<FeedParse> ParseMeetings(const std::string& meetings, const std::string& formats = "[]",
                                const std::string& bodies = "[]",
                                const FeedOptions& options = Options()) {
  return ParseBmlt({meetings, formats, bodies}, options);
}

Listing OneMeeting(const std::string& fields, const std::string& formats = "[]") {
  const Result<FeedParse> parse = ParseMeetings(
      R"([{"id_bigint":"7","meeting_name":"Fake","weekday_tinyint":"2","start_time":"19:00:00",)" +
          fields + "}]",
      formats);
  EXPECT_TRUE(parse.ok());
  if (!parse.ok()) return {};
  EXPECT_EQ(parse->listings.size(), 1u) << fields;
  for (const Rejection& rejection : parse->rejections) ADD_FAILURE() << rejection.reason;
  return parse->listings.empty() ? Listing{} : parse->listings[0];
}

TEST(BmltParseTest, Durations) {
  EXPECT_EQ(OneMeeting(R"("duration_time":"01:00:00")").schedule[0].duration_minutes, 60);
  EXPECT_EQ(OneMeeting(R"("duration_time":"1:45")").schedule[0].duration_minutes, 105);
  EXPECT_EQ(OneMeeting(R"("duration_time":"00:00:00")").schedule[0].duration_minutes, 60);
  EXPECT_EQ(OneMeeting(R"("duration_time":"24:00:00")").schedule[0].duration_minutes, 1440);
  EXPECT_EQ(OneMeeting(R"("duration_time":"30:00:00")").schedule[0].duration_minutes, 1440);
  EXPECT_EQ(OneMeeting(R"("duration_time":"long")").schedule[0].duration_minutes, 60);
  EXPECT_EQ(OneMeeting(R"("duration_time":"01:75:00")").schedule[0].duration_minutes, 60);
  EXPECT_EQ(OneMeeting(R"("other":1)").schedule[0].duration_minutes, 60);
}

TEST(BmltParseTest, ValuesAsNumbersToo) {
  const Listing listing = OneMeeting(R"("venue_type":2,"latitude":40.5,"longitude":-105.25)");
  EXPECT_EQ(listing.attendance, Attendance::kOnline);
  EXPECT_EQ(listing.location.latitude, 40.5);
  const Result<FeedParse> parse = ParseMeetings(
      R"([{"id_bigint":8,"meeting_name":"Fake","weekday_tinyint":7,"start_time":"19:00"}])");
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->listings.size(), 1u);
  EXPECT_EQ(parse->listings[0].slug, "8");
  EXPECT_EQ(parse->listings[0].schedule, (std::vector<Slot>{{6, 19 * 60, 60}}));
}

TEST(BmltParseTest, FormatsPreferEnglishAndMapKeys) {
  const std::string formats = R"([
      {"id":"1","key_string":"A","lang":"es","world_id":""},
      {"id":"1","key_string":"O","lang":"en","world_id":"OPEN"},
      {"id":"2","key_string":"es","lang":"en","world_id":"LANG"},
      {"id":"3","key_string":"Sl","lang":"en"},
      {"id":"4","key_string":"W","lang":"en","world_id":"w"}])";
  EXPECT_EQ(OneMeeting(R"("format_shared_id_list":"1, 2,3 ,4,99")", formats).types,
            (Strings{"O", "S", "ASL", "W"}));
  EXPECT_EQ(OneMeeting(R"("formats":"A,es,Q")", formats).types, (Strings{"A", "S", "Q"}));
  // The id list wins over the keys.
  EXPECT_EQ(OneMeeting(R"("formats":"A","format_shared_id_list":"4")", formats).types,
            Strings{"W"});
}

TEST(BmltParseTest, LanguageFromLangEnum) {
  EXPECT_EQ(OneMeeting(R"("lang_enum":"pl")").languages, Strings{"pl"});
  EXPECT_EQ(OneMeeting(R"("lang_enum":"pl")").types, Strings{"POL"});
  EXPECT_TRUE(OneMeeting(R"("lang_enum":"en")").types.empty());
  EXPECT_TRUE(OneMeeting(R"("lang_enum":"xx")").types.empty());
}

TEST(BmltParseTest, VenueTypesAndTemporarilyClosed) {
  const std::string formats = R"([{"id":"1","key_string":"TC","lang":"en","world_id":"TC"}])";
  EXPECT_EQ(OneMeeting(R"("venue_type":"1")").attendance, Attendance::kInPerson);
  EXPECT_EQ(OneMeeting(R"("venue_type":"2")").attendance, Attendance::kOnline);
  EXPECT_EQ(OneMeeting(R"("venue_type":"3")").attendance, Attendance::kHybrid);
  EXPECT_EQ(OneMeeting(R"("venue_type":"1","formats":"TC")", formats).attendance,
            Attendance::kInactive);
  EXPECT_EQ(OneMeeting(R"("venue_type":"3","formats":"TC")", formats).attendance,
            Attendance::kOnline);
  EXPECT_EQ(OneMeeting(R"("venue_type":"2","formats":"TC")", formats).attendance,
            Attendance::kOnline);
  // Inferred without a venue type.
  EXPECT_EQ(OneMeeting(R"("virtual_meeting_link":"https://example.org/x")").attendance,
            Attendance::kOnline);
  EXPECT_EQ(OneMeeting(R"("phone_meeting_number":"555","location_street":"4 Fake St")").attendance,
            Attendance::kHybrid);
  EXPECT_EQ(OneMeeting(R"("location_street":"4 Fake St")").attendance, Attendance::kInPerson);
  EXPECT_EQ(OneMeeting(R"("formats":"TC")", formats).attendance, Attendance::kInactive);
}

TEST(BmltParseTest, PublishedForms) {
  for (const char* published : {R"("0")", "0", "false", R"("false")"}) {
    const Result<FeedParse> parse = ParseMeetings(
        std::string(
            R"([{"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"10:00:00",)") +
        R"("published":)" + published + "}]");
    ASSERT_TRUE(parse.ok());
    EXPECT_TRUE(parse->listings.empty()) << published;
    EXPECT_TRUE(parse->rejections.empty()) << published;
  }
  EXPECT_EQ(OneMeeting(R"("published":"1")").slug, "7");
  EXPECT_EQ(OneMeeting(R"("published":true)").slug, "7");
}

TEST(BmltParseTest, RejectionReasons) {
  auto reason_of = [](const std::string& row, const FeedOptions& options = Options()) {
    const Result<FeedParse> parse = ParseMeetings("[" + row + "]", "[]", "[]", options);
    EXPECT_TRUE(parse.ok());
    if (!parse.ok() || parse->rejections.size() != 1) return std::string("(no single rejection)");
    return parse->rejections[0].reason;
  };
  EXPECT_EQ(reason_of(R"({"meeting_name":"F","weekday_tinyint":"1","start_time":"10:00:00"})"),
            "id_bigint: missing or empty");
  EXPECT_EQ(reason_of(R"({"id_bigint":"1","weekday_tinyint":"1","start_time":"10:00:00"})"),
            "meeting_name: missing or empty");
  EXPECT_EQ(reason_of(R"({"id_bigint":"1","meeting_name":"F","start_time":"10:00:00"})"),
            "weekday_tinyint: missing");
  EXPECT_EQ(
      reason_of(
          R"({"id_bigint":"1","meeting_name":"F","weekday_tinyint":"0","start_time":"1:00"})"),
      "weekday_tinyint: \"0\" is not a weekday number 1-7");
  EXPECT_EQ(
      reason_of(
          R"({"id_bigint":"1","meeting_name":"F","weekday_tinyint":"Mon","start_time":"1:00"})"),
      "weekday_tinyint: \"Mon\" is not a weekday number 1-7");
  EXPECT_EQ(reason_of(R"({"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1"})"),
            "start_time: missing");
  EXPECT_EQ(
      reason_of(
          R"({"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"noon"})"),
      "start_time: \"noon\" is not a time of day");
  EXPECT_EQ(
      reason_of(R"({"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"10:00",)"
                R"("time_zone":"Nowhere/Fake"})",
                Options("")),
      "time_zone: \"Nowhere/Fake\" is not a known time zone, and the feed has no default time "
      "zone");
  EXPECT_EQ(
      reason_of(
          R"({"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"10:00"})",
          Options("")),
      "time_zone: missing, and the feed has no default time zone");
  EXPECT_EQ(reason_of(R"(["not","an","object"])"),
            "row: [\"not\",\"an\",\"object\"] is not a JSON object");
}

TEST(BmltParseTest, InvalidTimeZoneFallsBackToDefault) {
  EXPECT_EQ(OneMeeting(R"("time_zone":"Nowhere/Fake")").timezone, "America/Denver");
}

TEST(BmltParseTest, EnvelopeForm) {
  const Result<FeedParse> parse = ParseMeetings(
      R"({"meetings":[{"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"10:00:00",)"
      R"("format_shared_id_list":"5"}],"formats":[{"id":"5","key_string":"B","world_id":"BEG"}]})");
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->listings.size(), 1u);
  EXPECT_EQ(parse->listings[0].types, Strings{"BE"});
}

TEST(BmltParseTest, DocumentErrorsNameTheDocument) {
  const std::string meeting =
      R"([{"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"10:00:00"}])";
  auto field_of = [](const Result<FeedParse>& parse) {
    return parse.ok() ? std::string("(ok)") : parse.status().field();
  };
  EXPECT_EQ(field_of(ParseMeetings("{", "[]", "[]")), "meetings");
  EXPECT_EQ(field_of(ParseMeetings(R"({"error":"bad request"})", "[]", "[]")), "meetings");
  EXPECT_EQ(field_of(ParseMeetings("", "[]", "[]")), "meetings");
  EXPECT_EQ(field_of(ParseMeetings(meeting, "{}", "[]")), "formats");
  EXPECT_EQ(field_of(ParseMeetings(meeting, "[", "[]")), "formats");
  EXPECT_EQ(field_of(ParseMeetings(meeting, "[]", "7")), "service_bodies");
  FeedOptions no_source = Options();
  no_source.source.clear();
  EXPECT_EQ(field_of(ParseMeetings(meeting, "[]", "[]", no_source)), "source");
  EXPECT_EQ(field_of(ParseMeetings(meeting, "[]", "[]")), "(ok)");
}

TEST(BmltParseTest, OddRowsInSideDocumentsAreIgnored) {
  const Result<FeedParse> parse = ParseMeetings(
      R"([{"id_bigint":"1","meeting_name":"F","weekday_tinyint":"1","start_time":"10:00:00",)"
      R"("service_body_bigint":"4","format_shared_id_list":"1"}])",
      R"([1,"x",{"id":"1"},{"id":"1","key_string":"O","world_id":"OPEN"}])",
      R"([null,{"id":"4","name":"Fake Area"},{"id":"4","name":"Second Fake"}])");
  ASSERT_TRUE(parse.ok());
  ASSERT_EQ(parse->listings.size(), 1u);
  EXPECT_EQ(parse->listings[0].regions, Strings{"Fake Area"});
  // The first entry for id 1 has neither key nor world id: the later, usable one wins.
  EXPECT_EQ(parse->listings[0].types, Strings{"O"});
}

TEST(BmltParseTest, ControlCharacterInAFieldRejectsTheMeeting) {
  const Result<FeedParse> parse = ParseMeetings(
      R"([{"id_bigint":"7","meeting_name":"Fake","weekday_tinyint":"2","start_time":"19:00:00",)"
      R"("location_info":"side\u0000door"}])",
      "[]");
  ASSERT_TRUE(parse.ok());
  EXPECT_TRUE(parse->listings.empty());
  ASSERT_EQ(parse->rejections.size(), 1u);
  EXPECT_EQ(parse->rejections[0].slug, "7");
  EXPECT_EQ(parse->rejections[0].reason, "location_info: holds a control character (U+0000)");
}

}  // namespace
}  // namespace rn::interop::bmlt
