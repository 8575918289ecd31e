#include "interop/meeting_guide/meeting_guide.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>

#include "util/testing.h"

namespace rn::interop::meeting_guide {
namespace {

using directory::Attendance;
using directory::Listing;
using directory::Slot;
using Strings = std::vector<std::string>;

std::string ReadFeed(const std::string& name) {
  return testing::ReadTestData("meeting-feeds/" + name);
}

FeedOptions Options(std::string default_timezone = "America/Los_Angeles") {
  FeedOptions options;
  options.source = "test";
  options.default_timezone = std::move(default_timezone);
  return options;
}

FeedParse MustParse(std::string_view json, const FeedOptions& options = Options()) {
  Result<FeedParse> parse = ParseFeed(json, options);
  EXPECT_TRUE(parse.ok()) << (parse.ok() ? "" : parse.status().message());
  if (!parse.ok()) return {};
  return std::move(parse).value();
}

// Parses a feed of exactly one row that must go in.
Listing OneListing(const std::string& row, const FeedOptions& options = Options()) {
  FeedParse parse = MustParse("[" + row + "]", options);
  EXPECT_EQ(parse.listings.size(), 1u) << row;
  for (const Rejection& rejection : parse.rejections) ADD_FAILURE() << rejection.reason;
  return parse.listings.empty() ? Listing{} : parse.listings[0];
}

// Parses a feed of exactly one row that must be rejected; returns the reason.
std::string OneRejection(const std::string& row, const FeedOptions& options = Options()) {
  FeedParse parse = MustParse("[" + row + "]", options);
  EXPECT_TRUE(parse.listings.empty()) << row;
  EXPECT_EQ(parse.rejections.size(), 1u) << row;
  return parse.rejections.empty() ? std::string() : parse.rejections[0].reason;
}

const Listing* FindSlug(const FeedParse& parse, std::string_view slug) {
  for (const Listing& listing : parse.listings) {
    if (listing.slug == slug) return &listing;
  }
  return nullptr;
}

int CountWithLanguage(const FeedParse& parse, std::string_view language) {
  return static_cast<int>(
      std::count_if(parse.listings.begin(), parse.listings.end(), [&](const Listing& l) {
        return std::find(l.languages.begin(), l.languages.end(), language) != l.languages.end();
      }));
}

struct FeedFigures {
  int listings = 0;
  int rejections = 0;
  int slots = 0;
  int by_appointment = 0;
  int with_coordinates = 0;
  std::map<Attendance, int> attendance;
};

FeedFigures Figures(const FeedParse& parse) {
  FeedFigures figures;
  figures.listings = static_cast<int>(parse.listings.size());
  figures.rejections = static_cast<int>(parse.rejections.size());
  for (const Listing& listing : parse.listings) {
    figures.slots += static_cast<int>(listing.schedule.size());
    figures.by_appointment += listing.schedule.empty() ? 1 : 0;
    figures.with_coordinates += directory::HasCoordinates(listing) ? 1 : 0;
    ++figures.attendance[listing.attendance];
  }
  return figures;
}

// ---- The three real feeds ----
//
// Expected figures were established independently with a short Python script (json module, regexes)
// that applies the contract rules of docs/contracts/directory.md to each row: reject on empty slug
// or name, a repeated slug, a bad day/time, or no usable zone; otherwise count slots,
// by-appointment rows, usable coordinates (both parse as floats, in range, not (0,0)) and
// attendance (attendance_option when given, else the inference rule). It found no row to reject in
// any of the three feeds (with the feed's zone given as default); by inspection: all slugs are
// unique and non-empty, every name is non-empty, and every present day/time is an integer 0-6 and
// an "HH:MM" string. The one oc.json row with neither day nor time ("women", row 258) is a
// by-appointment listing.

TEST(MeetingGuideRealFeedsTest, OrangeCounty) {
  FeedOptions options = Options("America/Los_Angeles");
  options.source = "oc-aa";
  options.fellowship = "aa";
  const FeedParse parse = MustParse(ReadFeed("oc.json"), options);
  FeedFigures figures = Figures(parse);
  EXPECT_EQ(figures.listings, 1967);
  EXPECT_EQ(figures.rejections, 0);
  EXPECT_EQ(figures.slots, 1966);
  EXPECT_EQ(figures.by_appointment, 1);
  EXPECT_EQ(figures.with_coordinates, 1967);
  // All rows carry attendance_option: 1432 in_person, 385 online, 148 hybrid, 2 inactive.
  EXPECT_EQ(figures.attendance[Attendance::kInPerson], 1432);
  EXPECT_EQ(figures.attendance[Attendance::kOnline], 385);
  EXPECT_EQ(figures.attendance[Attendance::kHybrid], 148);
  EXPECT_EQ(figures.attendance[Attendance::kInactive], 2);
  EXPECT_EQ(CountWithLanguage(parse, "es"), 499);  // rows with type S
  EXPECT_EQ(CountWithLanguage(parse, "en"), 340);  // rows with type EN

  // The first row, checked by hand against the file.
  const Listing* first = FindSlug(parse, "40-minutes-to-freedom");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->id, directory::MakeListingId("oc-aa", "40-minutes-to-freedom"));
  EXPECT_EQ(first->source, "oc-aa");
  EXPECT_EQ(first->name, "40 Minutes to Freedom");
  EXPECT_EQ(first->timezone, "America/Los_Angeles");
  EXPECT_EQ(first->fellowship, "aa");
  EXPECT_EQ(first->schedule, (std::vector<Slot>{{1, 19 * 60 + 30, 45}}));  // Mon 19:30-20:15
  EXPECT_EQ(first->types, (Strings{"C", "DR", "D", "EN", "M"}));
  EXPECT_EQ(first->languages, Strings{"en"});
  EXPECT_EQ(first->regions, Strings{"COSTA MESA"});
  EXPECT_EQ(first->location.name, "Watermark OC Church");
  EXPECT_EQ(first->location.formatted_address, "3186 Pullman St, Costa Mesa, CA 92626, USA");
  EXPECT_EQ(first->location.latitude, 33.6850173);
  EXPECT_EQ(first->location.longitude, -117.8720761);
  EXPECT_EQ(first->location.approximate, directory::Approximate::kNo);
  EXPECT_EQ(first->updated, "2023-08-29T15:56:59Z");
  EXPECT_EQ(first->attendance, Attendance::kInPerson);

  const Listing* by_appointment = FindSlug(parse, "women");
  ASSERT_NE(by_appointment, nullptr);
  EXPECT_TRUE(by_appointment->schedule.empty());

  // end_time "00:00" after a 23:00 start ends the next day.
  const Listing* late = FindSlug(parse, "late-night-aa-meeting");
  ASSERT_NE(late, nullptr);
  ASSERT_EQ(late->schedule.size(), 1u);
  EXPECT_EQ(late->schedule[0].start_minute, 23 * 60);
  EXPECT_EQ(late->schedule[0].duration_minutes, 60);

  // "step-study-grange-2": online per attendance_option, approximate "yes", types incl. retired
  // ONL.
  const Listing* online = FindSlug(parse, "step-study-grange-2");
  ASSERT_NE(online, nullptr);
  EXPECT_EQ(online->attendance, Attendance::kOnline);
  EXPECT_EQ(online->location.approximate, directory::Approximate::kYes);
  EXPECT_EQ(online->conference.url, "https://zoom.us/j/3056986566");
  EXPECT_EQ(online->conference.url_notes, "ID: 305 698 6566, No Password Needed");
  EXPECT_EQ(online->notes, "No password needed.\nChips & Birthdays");
  EXPECT_EQ(online->types, (Strings{"B", "BE", "O", "ST", "X", "Y", "ONL"}));
}

TEST(MeetingGuideRealFeedsTest, OrangeCountyNeedsAZone) {
  // oc.json has no timezone key: without a default every row is rejected, naming the field.
  const FeedParse parse = MustParse(ReadFeed("oc.json"), Options(""));
  EXPECT_EQ(parse.listings.size(), 0u);
  ASSERT_EQ(parse.rejections.size(), 1967u);
  EXPECT_EQ(parse.rejections[0].index, 0);
  EXPECT_EQ(parse.rejections[0].slug, "40-minutes-to-freedom");
  EXPECT_EQ(parse.rejections[0].reason, "timezone: missing, and the feed has no default time zone");
}

TEST(MeetingGuideRealFeedsTest, SanFranciscoMarin) {
  // Every row has its own "timezone", so no default is needed.
  const FeedParse parse = MustParse(ReadFeed("aasfmarin.test.json"), Options(""));
  FeedFigures figures = Figures(parse);
  EXPECT_EQ(figures.listings, 658);
  EXPECT_EQ(figures.rejections, 0);
  EXPECT_EQ(figures.slots, 658);
  EXPECT_EQ(figures.by_appointment, 0);
  // 141 rows have both coordinates (as numeric strings); 517 have null latitude.
  EXPECT_EQ(figures.with_coordinates, 141);
  // No attendance_option or approximate flag: inferred. 514 rows have a conference URL or phone and
  // no street number in "address"; 89 have both; 55 have neither (in person).
  EXPECT_EQ(figures.attendance[Attendance::kOnline], 514);
  EXPECT_EQ(figures.attendance[Attendance::kHybrid], 89);
  EXPECT_EQ(figures.attendance[Attendance::kInPerson], 55);
  EXPECT_EQ(figures.attendance[Attendance::kInactive], 0);
  EXPECT_EQ(CountWithLanguage(parse, "en"), 647);
  EXPECT_EQ(CountWithLanguage(parse, "es"), 11);

  const Listing* first = FindSlug(parse, "marin-city-fellowship-speaker-619");
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->timezone, "America/Los_Angeles");
  EXPECT_EQ(first->schedule, (std::vector<Slot>{{3, 18 * 60 + 30, 60}}));  // no end_time → 60 min
  EXPECT_EQ(first->types, (Strings{"O", "D", "SP", "EN", "ONL"}));
  EXPECT_EQ(first->regions, (Strings{"Marin", "Sausalito"}));      // region, sub_region
  EXPECT_EQ(first->location.formatted_address, "Marin, CA, USA");  // assembled; address is null
  EXPECT_FALSE(directory::HasCoordinates(*first));
  EXPECT_EQ(first->attendance, Attendance::kOnline);
  EXPECT_EQ(first->conference.phone, "+16699009128,,530851127#,,085392#");
  EXPECT_TRUE(first->notes.empty());  // null
  EXPECT_TRUE(first->updated.empty());
}

TEST(MeetingGuideRealFeedsTest, NorthwestTexas) {
  const FeedParse parse = MustParse(ReadFeed("nwta.test.json"), Options("America/Chicago"));
  FeedFigures figures = Figures(parse);
  EXPECT_EQ(figures.listings, 613);
  EXPECT_EQ(figures.rejections, 0);
  EXPECT_EQ(figures.slots, 613);
  // 53 rows have (0, 0): no coordinates. 13 more have longitude 0.0 with a real latitude; only
  // exactly (0, 0) is dropped, so those keep theirs: 547 + 13 = 560.
  EXPECT_EQ(figures.with_coordinates, 560);
  EXPECT_EQ(figures.attendance[Attendance::kInPerson], 613);  // no conference anywhere

  const Listing* first = FindSlug(parse, "5202");  // integer slug becomes text
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(first->id, directory::MakeListingId("test", "5202"));
  EXPECT_EQ(first->timezone, "America/Chicago");
  EXPECT_EQ(first->types, Strings{"O"});            // "[open]"
  EXPECT_EQ(first->location.postal_code, "79107");  // integer postal code
  EXPECT_EQ(first->location.formatted_address, "107 North Hughes Street, Amarillo, TX 79107, USA");
  EXPECT_EQ(first->updated, "2021-04-28T11:53:20Z");
  EXPECT_TRUE(first->languages.empty());
  const int closed =
      static_cast<int>(std::count_if(parse.listings.begin(), parse.listings.end(),
                                     [](const Listing& l) { return l.types == Strings{"C"}; }));
  EXPECT_EQ(closed, 206);  // rows with types "[closed]"
}

TEST(MeetingGuideRealFeedsTest, ExportRoundTrips) {
  for (const auto& [file, zone] :
       std::vector<std::pair<std::string, std::string>>{{"oc.json", "America/Los_Angeles"},
                                                        {"aasfmarin.test.json", ""},
                                                        {"nwta.test.json", "America/Chicago"}}) {
    FeedOptions options = Options(zone);
    options.fellowship = "aa";
    const FeedParse parse = MustParse(ReadFeed(file), options);
    ASSERT_FALSE(parse.listings.empty()) << file;
    const std::string exported = ExportFeed(parse.listings);
    const FeedParse again = MustParse(exported, options);
    EXPECT_TRUE(again.rejections.empty()) << file;
    ASSERT_EQ(again.listings.size(), parse.listings.size()) << file;
    for (std::size_t i = 0; i < parse.listings.size(); ++i) {
      EXPECT_EQ(again.listings[i], parse.listings[i])
          << file << " row " << i << " slug " << parse.listings[i].slug;
    }
    // And the export is stable.
    EXPECT_EQ(ExportFeed(again.listings), exported) << file;
  }
}

// ---- Tolerant forms ----

TEST(MeetingGuideParseTest, DayForms) {
  const std::string base = R"("slug":"s","name":"N","time":"19:00")";
  EXPECT_EQ(OneListing("{" + base + R"(,"day":3})").schedule, (std::vector<Slot>{{3, 1140, 60}}));
  EXPECT_EQ(OneListing("{" + base + R"(,"day":"3"})").schedule, (std::vector<Slot>{{3, 1140, 60}}));
  EXPECT_EQ(OneListing("{" + base + R"(,"day":" 0 "})").schedule,
            (std::vector<Slot>{{0, 1140, 60}}));
  EXPECT_EQ(OneListing("{" + base + R"(,"day":6.0})").schedule, (std::vector<Slot>{{6, 1140, 60}}));
  EXPECT_EQ(OneListing("{" + base + R"(,"day":[1,"3",5]})").schedule,
            (std::vector<Slot>{{1, 1140, 60}, {3, 1140, 60}, {5, 1140, 60}}));
}

TEST(MeetingGuideParseTest, TimeForms) {
  auto start_of = [](const std::string& time) {
    const Listing listing = OneListing(R"({"slug":"s","name":"N","day":1,"time":")" + time + "\"}");
    return listing.schedule.empty() ? -1 : listing.schedule[0].start_minute;
  };
  EXPECT_EQ(start_of("19:30"), 19 * 60 + 30);
  EXPECT_EQ(start_of("7:05"), 7 * 60 + 5);
  EXPECT_EQ(start_of("07:30:59"), 7 * 60 + 30);  // seconds dropped
  EXPECT_EQ(start_of("7:30 PM"), 19 * 60 + 30);
  EXPECT_EQ(start_of("7:30pm"), 19 * 60 + 30);
  EXPECT_EQ(start_of("7:30 am"), 7 * 60 + 30);
  EXPECT_EQ(start_of("12:00 AM"), 0);
  EXPECT_EQ(start_of("12:15 a.m."), 15);
  EXPECT_EQ(start_of("12:15 p.m."), 12 * 60 + 15);
  EXPECT_EQ(start_of("11:59 P.M."), 23 * 60 + 59);
  EXPECT_EQ(start_of("7 PM"), 19 * 60);
  EXPECT_EQ(start_of(" 00:00 "), 0);
  EXPECT_EQ(start_of("23:59"), 23 * 60 + 59);
}

TEST(MeetingGuideParseTest, EndTimeForms) {
  auto duration_of = [](const std::string& time, const std::string& end_time_json) {
    const Listing listing = OneListing(R"({"slug":"s","name":"N","day":1,"time":")" + time +
                                       "\",\"end_time\":" + end_time_json + "}");
    return listing.schedule.empty() ? -1 : listing.schedule[0].duration_minutes;
  };
  EXPECT_EQ(duration_of("19:00", R"("20:30")"), 90);
  EXPECT_EQ(duration_of("19:00", R"("8:30 PM")"), 90);
  EXPECT_EQ(duration_of("19:00", R"("20:30:00")"), 90);
  EXPECT_EQ(duration_of("23:00", R"("24:00")"), 60);
  EXPECT_EQ(duration_of("00:00", R"("24:00")"), 1440);
  EXPECT_EQ(duration_of("23:30", R"("00:30")"), 60);  // ends the next day
  EXPECT_EQ(duration_of("22:00", R"("02:00")"), 240);
  EXPECT_EQ(duration_of("19:00", R"("19:00")"), 60);  // equal to the start
  EXPECT_EQ(duration_of("19:00", R"("later")"), 60);  // unreadable
  EXPECT_EQ(duration_of("19:00", R"("25:00")"), 60);  // unreadable
  EXPECT_EQ(duration_of("19:00", "null"), 60);
  EXPECT_EQ(duration_of("19:00", R"("")"), 60);
  EXPECT_EQ(duration_of("19:00", "2030"), 60);  // not text
}

TEST(MeetingGuideParseTest, ByAppointment) {
  EXPECT_TRUE(OneListing(R"({"slug":"s","name":"N"})").schedule.empty());
  EXPECT_TRUE(OneListing(R"({"slug":"s","name":"N","day":null,"time":null})").schedule.empty());
  EXPECT_TRUE(OneListing(R"({"slug":"s","name":"N","day":"","time":""})").schedule.empty());
  EXPECT_TRUE(OneListing(R"({"slug":"s","name":"N","end_time":"20:00"})").schedule.empty());
}

TEST(MeetingGuideParseTest, TypesForms) {
  const std::string base = R"("slug":"s","name":"N","day":1,"time":"19:00")";
  EXPECT_EQ(OneListing("{" + base + R"(,"types":["O","D","S"]})").types, (Strings{"O", "D", "S"}));
  EXPECT_EQ(OneListing("{" + base + R"(,"types":"[open]"})").types, Strings{"O"});
  EXPECT_EQ(OneListing("{" + base + R"(,"types":"O,D"})").types, (Strings{"O", "D"}));
  EXPECT_EQ(OneListing("{" + base + R"(,"types":"[\"closed\", 'wheelchair access']"})").types,
            (Strings{"C", "X"}));
  // Codes ignoring case, English names, retired codes; unknown codes kept; repeats and blanks
  // dropped.
  EXPECT_EQ(
      OneListing("{" + base + R"(,"types":["o","Closed","onl","NS","BT","O"," ",null,7]})").types,
      (Strings{"O", "C", "ONL", "NS", "BT", "7"}));
  EXPECT_TRUE(OneListing("{" + base + R"(,"types":null})").types.empty());
  EXPECT_TRUE(OneListing("{" + base + R"(,"types":{"O":1}})").types.empty());
}

TEST(MeetingGuideParseTest, LanguagesFromTypes) {
  const std::string base = R"("slug":"s","name":"N","day":1,"time":"19:00")";
  EXPECT_EQ(
      OneListing("{" + base + R"(,"types":["O","S","POL","ITA","KOR","PUN","POR","RUS","TUR"]})")
          .languages,
      (Strings{"es", "pl", "it", "ko", "pa", "pt", "ru", "tr"}));
  EXPECT_EQ(OneListing("{" + base + R"(,"types":["spanish","EN"]})").languages,
            (Strings{"es", "en"}));
  EXPECT_TRUE(OneListing("{" + base + R"(,"types":["ASL","O"]})").languages.empty());
}

TEST(MeetingGuideParseTest, TextFieldsAndNulls) {
  const Listing listing =
      OneListing(R"({"slug":4711,"name":"  Spaced Name  ","day":1,"time":"19:00",
      "location":"Fake Hall","location_notes":"side door","address":"12 Fake St","city":"Testville",
      "state":"ZZ","postal_code":99999,"country":"Nowhere","notes":null,"group":"Fake Group",
      "group_notes":"gn","website":"https://example.org","email":"group@example.org","phone":"555-0100",
      "conference_url_notes":"cn","conference_phone_notes":"pn","unknown_key":{"x":[1,2]}})");
  EXPECT_EQ(listing.slug, "4711");
  EXPECT_EQ(listing.name, "Spaced Name");
  EXPECT_EQ(listing.location.name, "Fake Hall");
  EXPECT_EQ(listing.location.notes, "side door");
  EXPECT_EQ(listing.location.postal_code, "99999");
  EXPECT_EQ(listing.location.formatted_address, "12 Fake St, Testville, ZZ 99999, Nowhere");
  EXPECT_EQ(listing.notes, "");
  EXPECT_EQ(listing.group, "Fake Group");
  EXPECT_EQ(listing.group_notes, "gn");
  EXPECT_EQ(listing.contact.website, "https://example.org");
  EXPECT_EQ(listing.contact.email, "group@example.org");
  EXPECT_EQ(listing.contact.phone, "555-0100");
  EXPECT_EQ(listing.conference.url_notes, "cn");
  EXPECT_EQ(listing.conference.phone_notes, "pn");
  EXPECT_EQ(listing.attendance, Attendance::kInPerson);  // notes only, no conference
}

TEST(MeetingGuideParseTest, InvalidUtf8AndByteOrderMark) {
  FeedParse parse = MustParse("\xEF\xBB\xBF[{\"slug\":\"s\",\"name\":\"Caf\xC3\xA9\xFF Group\"}]");
  ASSERT_EQ(parse.listings.size(), 1u);
  EXPECT_EQ(parse.listings[0].name, "Caf\xC3\xA9 Group");
}

TEST(MeetingGuideParseTest, Coordinates) {
  auto place = [](const std::string& coordinates) {
    return OneListing(R"({"slug":"s","name":"N",)" + coordinates + "}").location;
  };
  EXPECT_EQ(place(R"("latitude":37.5,"longitude":-122.25)").latitude, 37.5);
  EXPECT_EQ(place(R"("latitude":" 37.5 ","longitude":"-122.25")").longitude, -122.25);
  EXPECT_EQ(place(R"("latitude":38,"longitude":-122)").latitude, 38.0);
  EXPECT_EQ(place(R"("latitude":37.123456789,"longitude":1)").latitude, 37.1234568);  // 7 places
  EXPECT_FALSE(place(R"("latitude":0,"longitude":0)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":"0.0","longitude":"0")").longitude.has_value());
  EXPECT_FALSE(place(R"("latitude":91,"longitude":10)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":10,"longitude":-180.5)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":"north","longitude":10)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":"nan","longitude":10)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":10)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":10,"longitude":null)").latitude.has_value());
  EXPECT_FALSE(place(R"("latitude":true,"longitude":10)").longitude.has_value());
  // 33.5 and 0.0 is a place (on the prime meridian), not (0, 0).
  EXPECT_EQ(place(R"("latitude":33.5,"longitude":0.0)").longitude, 0.0);
}

TEST(MeetingGuideParseTest, Regions) {
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","regions":["A","B","C"],"region":"X"})").regions,
            (Strings{"A", "B", "C"}));
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","region":"X","sub_region":"Y"})").regions,
            (Strings{"X", "Y"}));
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","region":"","sub_region":"Y"})").regions,
            Strings{"Y"});
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","regions":[],"region":"X"})").regions,
            Strings{"X"});
  EXPECT_TRUE(OneListing(R"({"slug":"s","name":"N"})").regions.empty());
}

TEST(MeetingGuideParseTest, Updated) {
  auto updated = [](const std::string& value) {
    return OneListing(R"({"slug":"s","name":"N","updated":)" + value + "}").updated;
  };
  EXPECT_EQ(updated(R"("2023-08-29 15:56:59")"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(updated(R"("2023-08-29T15:56:59Z")"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(updated(R"("2023-08-29T08:56:59-07:00")"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(updated(R"("2023-08-29 15:56")"), "2023-08-29T15:56:00Z");
  EXPECT_EQ(updated(R"("2023-08-29")"), "2023-08-29T00:00:00Z");
  EXPECT_EQ(updated("1693324619"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(updated(R"("1693324619")"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(updated(R"("August 29, 2023")"), "");  // not understood: empty, row still goes in
  EXPECT_EQ(updated(R"("2023-02-30 10:00:00")"), "");
  EXPECT_EQ(updated("null"), "");
}

TEST(MeetingGuideParseTest, Timezones) {
  // A row's own valid zone wins over the default; an invalid one falls back to it.
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","timezone":"America/New_York"})").timezone,
            "America/New_York");
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","timezone":"Mars/Olympus"})").timezone,
            "America/Los_Angeles");
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N"})").timezone, "America/Los_Angeles");
  EXPECT_EQ(
      OneListing(R"({"slug":"s","name":"N","timezone":"Europe/Madrid"})", Options("")).timezone,
      "Europe/Madrid");
  EXPECT_EQ(
      OneRejection(R"({"slug":"s","name":"N","timezone":"Mars/Olympus"})", Options("")),
      "timezone: \"Mars/Olympus\" is not a known time zone, and the feed has no default time zone");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N"})", Options("Not/AZone")),
            "timezone: missing, and the feed has no default time zone");
}

TEST(MeetingGuideParseTest, Fellowship) {
  FeedOptions options = Options();
  options.fellowship = "na";
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N"})", options).fellowship, "na");
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","fellowship":"SMART"})", options).fellowship,
            "smart");
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N","fellowship":"made-up"})", options).fellowship,
            "na");
  EXPECT_EQ(OneListing(R"({"slug":"s","name":"N"})").fellowship, "");
}

// ---- Attendance ----

Attendance AttendanceOf(const std::string& fields) {
  return OneListing(R"({"slug":"s","name":"N",)" + fields + "}").attendance;
}

TEST(MeetingGuideAttendanceTest, OptionWinsWhenUsable) {
  EXPECT_EQ(AttendanceOf(R"("attendance_option":"online")"), Attendance::kOnline);
  EXPECT_EQ(AttendanceOf(R"("attendance_option":"hybrid")"), Attendance::kHybrid);
  EXPECT_EQ(AttendanceOf(R"("attendance_option":"inactive","conference_url":"https://z")"),
            Attendance::kInactive);
  EXPECT_EQ(AttendanceOf(R"("attendance_option":"In Person","conference_url":"https://z")"),
            Attendance::kInPerson);
  // Unusable option: inferred.
  EXPECT_EQ(AttendanceOf(R"("attendance_option":"sometimes","conference_url":"https://z")"),
            Attendance::kOnline);
}

TEST(MeetingGuideAttendanceTest, Inferred) {
  // Conference, street number in the first part of the address, no flag → hybrid.
  EXPECT_EQ(AttendanceOf(R"("conference_url":"https://z","formatted_address":"1 Main St, Town")"),
            Attendance::kHybrid);
  EXPECT_EQ(AttendanceOf(R"("conference_phone":"555","address":"12 Fake St","city":"T")"),
            Attendance::kHybrid);
  // Digits only after the first comma do not make a street address.
  EXPECT_EQ(AttendanceOf(R"("conference_url":"https://z","formatted_address":"Town, CA 90000")"),
            Attendance::kOnline);
  // approximate "yes" → not a real address; "no" → any address text is.
  EXPECT_EQ(
      AttendanceOf(
          R"("conference_url":"https://z","formatted_address":"1 Main St","approximate":"yes")"),
      Attendance::kOnline);
  EXPECT_EQ(
      AttendanceOf(
          R"("conference_url":"https://z","formatted_address":"Town Hall","approximate":"no")"),
      Attendance::kHybrid);
  EXPECT_EQ(AttendanceOf(R"("conference_url":"https://z","approximate":"no")"),
            Attendance::kOnline);
  // TC with a conference is online; TC alone is inactive.
  EXPECT_EQ(AttendanceOf(
                R"("conference_url":"https://z","formatted_address":"1 Main St","types":["TC"])"),
            Attendance::kOnline);
  EXPECT_EQ(AttendanceOf(R"("formatted_address":"1 Main St","types":["TC"])"),
            Attendance::kInactive);
  // The retired ONL type alone does not make a meeting online.
  EXPECT_EQ(AttendanceOf(R"("types":["ONL"])"), Attendance::kInPerson);
  EXPECT_EQ(AttendanceOf(R"("formatted_address":"1 Main St")"), Attendance::kInPerson);
}

// ---- Rejections ----

TEST(MeetingGuideRejectTest, EachReason) {
  EXPECT_EQ(OneRejection(R"({"name":"N"})"), "slug: missing or empty");
  EXPECT_EQ(OneRejection(R"({"slug":"","name":"N"})"), "slug: missing or empty");
  EXPECT_EQ(OneRejection(R"({"slug":"  ","name":"N"})"), "slug: missing or empty");
  EXPECT_EQ(OneRejection(R"({"slug":null,"name":"N"})"), "slug: missing or empty");
  EXPECT_EQ(OneRejection(R"({"slug":true,"name":"N"})"), "slug: true is not text or a number");
  EXPECT_EQ(OneRejection(R"({"slug":"s"})"), "name: missing or empty");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":" "})"), "name: missing or empty");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":"Mon","time":"19:00"})"),
            "day: \"Mon\" is not a weekday number 0-6");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":7,"time":"19:00"})"),
            "day: 7 is not a weekday number 0-6");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":-1,"time":"19:00"})"),
            "day: -1 is not a weekday number 0-6");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1.5,"time":"19:00"})"),
            "day: 1.5 is not a weekday number 0-6");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":[1,"x"],"time":"19:00"})"),
            "day: \"x\" is not a weekday number 0-6");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":[],"time":"19:00"})"),
            "day: [] is an empty list");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":{"d":1},"time":"19:00"})"),
            "day: {\"d\":1} is not a weekday number 0-6");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":"25:00"})"),
            "time: \"25:00\" is not a time of day");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":"24:00"})"),
            "time: \"24:00\" is not a time of day");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":"7:60"})"),
            "time: \"7:60\" is not a time of day");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":"13:00 PM"})"),
            "time: \"13:00 PM\" is not a time of day");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":"evening"})"),
            "time: \"evening\" is not a time of day");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":1900})"),
            "time: 1900 is not a time of day");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1})"), "time: missing, but day is given");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","time":"19:00"})"),
            "day: missing, but time is given");
  EXPECT_EQ(OneRejection(R"("just text")"), "row: \"just text\" is not a JSON object");
  EXPECT_EQ(OneRejection("[1,2]"), "row: [1,2] is not a JSON object");
}

TEST(MeetingGuideRejectTest, LongValuesAreCutInReasons) {
  const std::string reason = OneRejection(
      R"({"slug":"s","name":"N","day":1,"time":"this is not a time and it goes on and on and on"})");
  EXPECT_EQ(reason, "time: \"this is not a time and it goes on and on...\" is not a time of day");
  // The cut never splits a UTF-8 sequence: byte 40 is inside "é", so 39 bytes are kept.
  const std::string x39(39, 'x');
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","day":1,"time":")" + x39 + "\xC3\xA9zz\"}"),
            "time: \"" + x39 + "...\" is not a time of day");
}

TEST(MeetingGuideRejectTest, RowsAreRejectedAloneWithIndexAndSlug) {
  const FeedParse parse = MustParse(R"([
      {"slug":"a","name":"First","day":1,"time":"19:00"},
      {"slug":"b","name":"Bad day","day":"Mon","time":"19:00"},
      {"slug":"a","name":"Repeat of a","day":2,"time":"20:00"},
      {"slug":"c","name":"Fine"},
      {"name":"No slug"},
      {"slug":"b","name":"Repeat of rejected b"}
  ])");
  ASSERT_EQ(parse.listings.size(), 2u);
  EXPECT_EQ(parse.listings[0].name, "First");  // the first one wins
  EXPECT_EQ(parse.listings[1].slug, "c");
  ASSERT_EQ(parse.rejections.size(), 4u);
  EXPECT_EQ(parse.rejections[0].index, 1);
  EXPECT_EQ(parse.rejections[0].slug, "b");
  EXPECT_EQ(parse.rejections[1].index, 2);
  EXPECT_EQ(parse.rejections[1].slug, "a");
  EXPECT_EQ(parse.rejections[1].reason, "slug: \"a\" repeats row 0");
  EXPECT_EQ(parse.rejections[2].index, 4);
  EXPECT_EQ(parse.rejections[2].slug, "");
  // A slug repeats an earlier row even when that row was rejected.
  EXPECT_EQ(parse.rejections[3].index, 5);
  EXPECT_EQ(parse.rejections[3].reason, "slug: \"b\" repeats row 1");
}

TEST(MeetingGuideRejectTest, DocumentErrors) {
  Result<FeedParse> not_json = ParseFeed("[{\"slug\":", Options());
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(not_json.status().field(), "feed");
  Result<FeedParse> not_array = ParseFeed(R"({"meetings":[]})", Options());
  ASSERT_FALSE(not_array.ok());
  EXPECT_EQ(not_array.status().field(), "feed");
  EXPECT_EQ(not_array.status().message(), "must be a JSON array of meetings");
  EXPECT_FALSE(ParseFeed("", Options()).ok());
  EXPECT_FALSE(ParseFeed("[] []", Options()).ok());
  FeedOptions no_source = Options();
  no_source.source = "";
  Result<FeedParse> sourceless = ParseFeed("[]", no_source);
  ASSERT_FALSE(sourceless.ok());
  EXPECT_EQ(sourceless.status().field(), "source");
  EXPECT_TRUE(ParseFeed("[]", Options()).ok());
}

// ---- Export ----

Listing SampleListing() {
  Listing listing;
  listing.source = "test";
  listing.slug = "fake-group";
  listing.id = directory::MakeListingId("test", "fake-group");
  listing.name = "Fake Group \"Quoted\"";
  listing.timezone = "America/Chicago";
  listing.fellowship = "smart";
  listing.schedule = {{1, 19 * 60, 90}};
  listing.attendance = Attendance::kHybrid;
  listing.types = {"O", "S", "XYZ"};
  listing.languages = {"es"};
  listing.regions = {"Region", "Sub", "Subsub"};
  listing.location = {"Fake Hall",
                      "1 Fake St",
                      "Testville",
                      "TX",
                      "79000",
                      "USA",
                      "1 Fake St, Testville, TX 79000, USA",
                      35.1234567,
                      -101.7654321,
                      directory::Approximate::kNo,
                      "Room 2"};
  listing.conference = {"https://example.org/meet", "pw 1", "+1-555-0100", "press 1"};
  listing.contact = {"https://example.org", "x@example.org", "555-0101"};
  listing.group = "G";
  listing.group_notes = "GN";
  listing.notes = "line1\nline2 ✓";
  listing.updated = "2024-01-02T03:04:05Z";
  return listing;
}

TEST(MeetingGuideExportTest, OneSlotRowShape) {
  const std::string exported = ExportFeed({SampleListing()});
  EXPECT_EQ(exported,
            R"([{"name":"Fake Group \"Quoted\"","slug":"fake-group","day":1,"time":"19:00",)"
            R"("end_time":"20:30","timezone":"America/Chicago","types":["O","S","XYZ"],)"
            R"("notes":"line1\nline2 ✓","location":"Fake Hall","location_notes":"Room 2",)"
            R"("formatted_address":"1 Fake St, Testville, TX 79000, USA","address":"1 Fake St",)"
            R"("city":"Testville","state":"TX","postal_code":"79000","country":"USA",)"
            R"("latitude":35.1234567,"longitude":-101.7654321,"approximate":"no",)"
            R"("regions":["Region","Sub","Subsub"],"region":"Region","sub_region":"Sub",)"
            R"("sub_sub_region":"Subsub",)"
            R"("conference_url":"https://example.org/meet","conference_url_notes":"pw 1",)"
            R"("conference_phone":"+1-555-0100","conference_phone_notes":"press 1","group":"G",)"
            R"("group_notes":"GN","website":"https://example.org","email":"x@example.org",)"
            R"("phone":"555-0101","attendance_option":"hybrid","updated":"2024-01-02 03:04:05",)"
            R"("fellowship":"smart"}])");
}

TEST(MeetingGuideExportTest, ScheduleShapes) {
  Listing listing = SampleListing();
  listing.schedule = {{1, 600, 60}, {3, 600, 60}, {5, 600, 60}};
  std::string exported = ExportFeed({listing});
  EXPECT_NE(exported.find(R"("day":[1,3,5],"time":"10:00","end_time":"11:00")"), std::string::npos);

  listing.schedule.clear();
  exported = ExportFeed({listing});
  EXPECT_EQ(exported.find("\"day\""), std::string::npos);
  EXPECT_EQ(exported.find("\"time\""), std::string::npos);

  listing.schedule = {{0, 23 * 60, 90}};
  exported = ExportFeed({listing});
  EXPECT_NE(exported.find(R"("time":"23:00","end_time":"00:30")"), std::string::npos);

  // An end at midnight is "00:00", as the spec writes it (and as oc.json's late meetings give it).
  listing.schedule = {{0, 23 * 60, 60}};
  exported = ExportFeed({listing});
  EXPECT_NE(exported.find(R"("time":"23:00","end_time":"00:00")"), std::string::npos);

  listing.schedule = {{0, 0, 1440}};
  exported = ExportFeed({listing});
  EXPECT_NE(exported.find(R"("time":"00:00","end_time":"24:00","timezone")"), std::string::npos);

  listing.schedule = {{0, 600, 1440}};
  exported = ExportFeed({listing});
  EXPECT_NE(exported.find(R"("time":"10:00","end_time":"10:00","duration_minutes":1440)"),
            std::string::npos);
}

TEST(MeetingGuideExportTest, HeterogeneousScheduleBecomesPartRows) {
  Listing listing = SampleListing();
  listing.schedule = {{1, 19 * 60, 60}, {3, 19 * 60, 60}, {6, 10 * 60, 90}, {0, 19 * 60, 60}};
  Listing other = SampleListing();
  other.slug = "fake-group~2";  // takes the first suffix: the export must skip it
  other.id = directory::MakeListingId("test", other.slug);
  const std::string exported = ExportFeed({listing, other});
  const FeedParse parse = MustParse(exported, Options(""));
  // Three runs → rows fake-group, fake-group~3 and fake-group~4 (part_of), plus the other listing.
  EXPECT_NE(exported.find(R"("slug":"fake-group","day":[1,3],"time":"19:00")"), std::string::npos);
  EXPECT_NE(exported.find(R"("slug":"fake-group~3","day":6,"time":"10:00","end_time":"11:30")"),
            std::string::npos);
  EXPECT_NE(exported.find(R"("slug":"fake-group~4","day":0,"time":"19:00")"), std::string::npos);
  EXPECT_NE(exported.find(R"("part_of":"fake-group")"), std::string::npos);
  EXPECT_TRUE(parse.rejections.empty());
  ASSERT_EQ(parse.listings.size(), 2u);
  EXPECT_EQ(parse.listings[0], listing);
  EXPECT_EQ(parse.listings[1], other);
}

TEST(MeetingGuideExportTest, RoundTripOfEdgeCases) {
  std::vector<Listing> listings;
  Listing full = SampleListing();
  listings.push_back(full);
  Listing bare;
  bare.source = "test";
  bare.slug = "bare";
  bare.id = directory::MakeListingId("test", "bare");
  bare.name = "Bare";
  bare.timezone = "UTC";
  bare.location.approximate = directory::Approximate::kYes;
  listings.push_back(bare);
  Listing day_long = full;
  day_long.slug = "day-long";
  day_long.id = directory::MakeListingId("test", "day-long");
  day_long.schedule = {
      {2, 600, 1440}, {3, 0, 1440}, {4, 1439, 1}, {5, 1439, 1440}, {5, 1439, 1440}};
  day_long.attendance = Attendance::kInactive;
  listings.push_back(day_long);
  Listing numeric = bare;
  numeric.slug = "12345";
  numeric.id = directory::MakeListingId("test", "12345");
  numeric.location.latitude = -33.8688197;
  numeric.location.longitude = 151.2092955;
  numeric.location.approximate = directory::Approximate::kNo;
  numeric.attendance = Attendance::kOnline;
  listings.push_back(numeric);
  FeedOptions options = Options("");
  const FeedParse parse = MustParse(ExportFeed(listings), options);
  EXPECT_TRUE(parse.rejections.empty());
  ASSERT_EQ(parse.listings.size(), listings.size());
  for (std::size_t i = 0; i < listings.size(); ++i) EXPECT_EQ(parse.listings[i], listings[i]) << i;
}

TEST(MeetingGuideParseTest, PartOfAnUnknownSlugIsAListingOfItsOwn) {
  const FeedParse parse =
      MustParse(R"([{"slug":"x~2","name":"N","part_of":"nobody","day":1,"time":"9:00"}])");
  ASSERT_EQ(parse.listings.size(), 1u);
  EXPECT_EQ(parse.listings[0].slug, "x~2");
}

// ---- The common extensions and the keys the source used ----

TEST(MeetingGuideExtensionsTest, ReadAndWrittenBack) {
  const std::string row =
      R"({"slug":"x","name":"N","day":1,"time":"19:00","district":"District 3",)"
      R"("venmo":"@G","square":"$G","paypal":"G","url":"https://a.invalid/m/x",)"
      R"("edit_url":"https://a.invalid/edit/x","feedback_url":"https://a.invalid/f?x",)"
      R"("feedback_emails":["f@a.invalid"],"entity":"Intergroup","entity_email":"o@a.invalid",)"
      R"("entity_phone":"555","entity_location":"Serving X","entity_logo":"https://a.invalid/l.png",)"
      R"("entity_url":"https://a.invalid","entity_website_url":"https://a.invalid/home",)"
      R"("location_id":7,"author":"me","contact_1_name":"Pat","nested":{"a":[1,2]},"empty":null})";
  const Listing listing = OneListing(row);
  EXPECT_EQ(listing.district, "District 3");
  EXPECT_EQ(listing.contributions, (directory::Contributions{"@G", "$G", "G"}));
  EXPECT_EQ(listing.url, "https://a.invalid/m/x");
  EXPECT_EQ(listing.edit_url, "https://a.invalid/edit/x");
  EXPECT_EQ(listing.feedback_url, "https://a.invalid/f?x");
  EXPECT_EQ(listing.feedback_emails, Strings{"f@a.invalid"});
  EXPECT_EQ(listing.entity.name, "Intergroup");
  EXPECT_EQ(listing.entity.location, "Serving X");
  EXPECT_EQ(listing.entity.url, "https://a.invalid");
  EXPECT_EQ(listing.entity.website_url, "https://a.invalid/home");
  // Keys no field models are kept as given; null ones are absent.
  EXPECT_EQ(listing.source_fields,
            R"({"location_id":7,"author":"me","contact_1_name":"Pat","nested":{"a":[1,2]}})");
  const std::string exported = ExportFeed({listing});
  for (const char* member :
       {R"("district":"District 3")", R"("venmo":"@G")", R"("square":"$G")", R"("paypal":"G")",
        R"("entity":"Intergroup")", R"("entity_logo":"https://a.invalid/l.png")",
        R"("feedback_emails":["f@a.invalid"])", R"("location_id":7)", R"("nested":{"a":[1,2]})",
        R"("edit_url":"https://a.invalid/edit/x")"}) {
    EXPECT_NE(exported.find(member), std::string::npos) << member << " in " << exported;
  }
  EXPECT_EQ(exported.find("empty"), std::string::npos);
  EXPECT_EQ(OneListing(exported.substr(1, exported.size() - 2)), listing);
}

TEST(MeetingGuideExtensionsTest, RegionsAreWrittenWithTheKeysTheSourceUsed) {
  const Listing fields =
      OneListing(R"({"slug":"a","name":"N","region":"Marin","sub_region":"Sausalito"})");
  EXPECT_EQ(fields.regions, (Strings{"Marin", "Sausalito"}));
  std::string exported = ExportFeed({fields});
  EXPECT_NE(exported.find(R"("region":"Marin","sub_region":"Sausalito")"), std::string::npos);
  EXPECT_EQ(exported.find("\"regions\""), std::string::npos) << exported;

  const Listing list = OneListing(R"({"slug":"a","name":"N","regions":["A","B","C"]})");
  exported = ExportFeed({list});
  EXPECT_NE(exported.find(R"("regions":["A","B","C"])"), std::string::npos);
  EXPECT_EQ(exported.find("\"region\""), std::string::npos) << exported;

  // None at all (or an empty list): nothing written, so a client falls back to the city.
  for (const char* row : {R"({"slug":"a","name":"N","city":"Amarillo"})",
                          R"({"slug":"a","name":"N","city":"Amarillo","regions":[]})"}) {
    exported = ExportFeed({OneListing(row)});
    EXPECT_EQ(exported.find("region"), std::string::npos) << exported;
  }
}

TEST(MeetingGuideExtensionsTest, ApproximateAndFormattedAddressOnlyWhenTheSourceSaidThem) {
  const Listing unsaid =
      OneListing(R"({"slug":"a","name":"N","city":"San Francisco","state":"CA","country":"USA"})");
  EXPECT_EQ(unsaid.location.approximate, directory::Approximate::kUnknown);
  EXPECT_TRUE(directory::IsApproximate(unsaid.location));  // by the rule: no street number
  EXPECT_EQ(unsaid.location.formatted_address, "San Francisco, CA, USA");
  EXPECT_TRUE(unsaid.location.formatted_address_assembled);
  std::string exported = ExportFeed({unsaid});
  EXPECT_EQ(exported.find("approximate"), std::string::npos) << exported;
  EXPECT_EQ(exported.find("formatted_address"), std::string::npos) << exported;

  const Listing said = OneListing(
      R"({"slug":"a","name":"N","formatted_address":"Costa Mesa, CA, USA","approximate":"no"})");
  EXPECT_EQ(said.location.approximate, directory::Approximate::kNo);
  EXPECT_FALSE(directory::IsApproximate(said.location));
  exported = ExportFeed({said});
  EXPECT_NE(exported.find(R"("formatted_address":"Costa Mesa, CA, USA")"), std::string::npos);
  EXPECT_NE(exported.find(R"("approximate":"no")"), std::string::npos);
}

TEST(MeetingGuideExtensionsTest, TemporarilyClosedIsWrittenAsTheSourceMarkedIt) {
  const Listing closed = OneListing(
      R"({"slug":"a","name":"N","day":1,"time":"19:00","types":["O","TC"],"address":"1 Main St"})");
  EXPECT_EQ(closed.attendance, Attendance::kInactive);
  const std::string exported = ExportFeed({closed});
  EXPECT_NE(exported.find(R"("types":["O","TC"])"), std::string::npos) << exported;
  EXPECT_NE(exported.find(R"("attendance_option":"inactive")"), std::string::npos) << exported;
}

// The issue's NUL in a feed row: the row alone is rejected, naming the feed's field.
TEST(MeetingGuideRejectTest, ControlCharacterInAFieldRejectsTheRow) {
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","notes":"a\u0000b"})"),
            "notes: holds a control character (U+0000)");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N\u001b[2J"})"),
            "name: holds a control character (U+001B)");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","types":["O","D\u0007"]})"),
            "types: holds a control character (U+0007)");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","location_notes":"x\u0085"})"),
            "location_notes: holds a control character (U+0085)");
  EXPECT_EQ(OneRejection(R"({"slug":"s","name":"N","extra":{"a":[1,"x\u0001"]}})"),
            "extra: holds a control character (U+0001)");
  const FeedParse parse = MustParse(
      R"([{"slug":"a","name":"A","notes":"bad\u0000"},{"slug":"b","name":"B","notes":"fine"}])");
  ASSERT_EQ(parse.rejections.size(), 1u);
  EXPECT_EQ(parse.rejections[0].index, 0);
  EXPECT_EQ(parse.rejections[0].slug, "a");
  ASSERT_EQ(parse.listings.size(), 1u);
  EXPECT_EQ(parse.listings[0].slug, "b");
}

// Windows line ends and tabs are kept as text: "\r\n" and a lone "\r" become "\n".
TEST(MeetingGuideParseTest, LineEndsAreNormalisedAndTabsKept) {
  const Listing listing =
      OneListing(R"({"slug":"s","name":"N","notes":"one\r\ntwo\rthree\tfour"})");
  EXPECT_EQ(listing.notes, "one\ntwo\nthree\tfour");
}

}  // namespace
}  // namespace rn::interop::meeting_guide
