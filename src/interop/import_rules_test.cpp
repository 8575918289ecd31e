#include "interop/import_rules.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <limits>
#include <string>

namespace rn::interop {
namespace {

TEST(ImportRulesTest, ParseClockTime) {
  EXPECT_EQ(ParseClockTime("0:00", false), 0);
  EXPECT_EQ(ParseClockTime("9:05", false), 9 * 60 + 5);
  EXPECT_EQ(ParseClockTime("23:59:59", false), 23 * 60 + 59);
  EXPECT_EQ(ParseClockTime("12:00 pm", false), 12 * 60);
  EXPECT_EQ(ParseClockTime("12:00 am", false), 0);
  EXPECT_EQ(ParseClockTime("1 a.m.", false), 60);
  EXPECT_EQ(ParseClockTime("24:00", true), 1440);
  EXPECT_EQ(ParseClockTime("24:00:00", true), 1440);
  EXPECT_EQ(ParseClockTime("24:00", false), std::nullopt);
  EXPECT_EQ(ParseClockTime("24:01", true), std::nullopt);
  EXPECT_EQ(ParseClockTime("0:00 am", false), std::nullopt);  // hours 1–12 with AM/PM
  EXPECT_EQ(ParseClockTime("9", false), std::nullopt);        // no minutes, no AM/PM
  EXPECT_EQ(ParseClockTime("9:5", false), std::nullopt);
  EXPECT_EQ(ParseClockTime("9:05:60", false), std::nullopt);
  EXPECT_EQ(ParseClockTime("123:00", false), std::nullopt);
  EXPECT_EQ(ParseClockTime("9:05 xm", false), std::nullopt);
  EXPECT_EQ(ParseClockTime("", false), std::nullopt);
  EXPECT_EQ(ParseClockTime("-1:00", false), std::nullopt);
}

TEST(ImportRulesTest, DurationFromEnd) {
  EXPECT_EQ(DurationFromEnd(600, std::nullopt), 60);
  EXPECT_EQ(DurationFromEnd(600, 600), 60);
  EXPECT_EQ(DurationFromEnd(600, 645), 45);
  EXPECT_EQ(DurationFromEnd(1380, 0), 60);  // 23:00 → 00:00 next day
  EXPECT_EQ(DurationFromEnd(1439, 1440), 1);
  EXPECT_EQ(DurationFromEnd(0, 1440), 1440);
  EXPECT_EQ(DurationFromEnd(601, 600), 1439);
}

TEST(ImportRulesTest, ParseDecimal) {
  EXPECT_EQ(ParseDecimal("37.5"), 37.5);
  EXPECT_EQ(ParseDecimal(" -122.25 "), -122.25);
  EXPECT_EQ(ParseDecimal("+1e2"), 100.0);
  EXPECT_EQ(ParseDecimal(""), std::nullopt);
  EXPECT_EQ(ParseDecimal("nan"), std::nullopt);
  EXPECT_EQ(ParseDecimal("inf"), std::nullopt);
  EXPECT_EQ(ParseDecimal("1e999"), std::nullopt);
  EXPECT_EQ(ParseDecimal("0x10"), std::nullopt);
  EXPECT_EQ(ParseDecimal("12abc"), std::nullopt);
  EXPECT_EQ(ParseDecimal("1-2"), std::nullopt);
}

TEST(ImportRulesTest, SetCoordinates) {
  directory::Location location;
  SetCoordinates(10.123456789, 20.987654321, &location);
  EXPECT_EQ(location.latitude, 10.1234568);
  EXPECT_EQ(location.longitude, 20.9876543);
  SetCoordinates(0.00000001, -0.00000001, &location);  // (0, 0) once kept to 7 places
  EXPECT_FALSE(location.latitude.has_value());
  EXPECT_FALSE(location.longitude.has_value());
  SetCoordinates(90, 180, &location);
  EXPECT_EQ(location.latitude, 90.0);
  SetCoordinates(std::numeric_limits<double>::infinity(), 1, &location);
  EXPECT_FALSE(location.latitude.has_value());
  SetCoordinates(std::nullopt, 1, &location);
  EXPECT_FALSE(location.longitude.has_value());
}

TEST(ImportRulesTest, Addresses) {
  EXPECT_EQ(AssembleAddress("1 Main St", "Town", "CA", "90000", "USA"),
            "1 Main St, Town, CA 90000, USA");
  EXPECT_EQ(AssembleAddress("", "Town", "", "90000", ""), "Town, 90000");
  EXPECT_EQ(AssembleAddress("", "", "", "", ""), "");
  EXPECT_TRUE(StartsWithStreetNumber("1 Main St, Town"));
  EXPECT_TRUE(StartsWithStreetNumber("Main St 12"));
  EXPECT_FALSE(StartsWithStreetNumber("Town, CA 90000"));
  EXPECT_FALSE(StartsWithStreetNumber(""));
}

TEST(ImportRulesTest, NormalizeUpdated) {
  EXPECT_EQ(NormalizeUpdated("2023-08-29 15:56:59"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(NormalizeUpdated("2023-08-29T15:56:59.123+02:00"), "2023-08-29T13:56:59Z");
  EXPECT_EQ(NormalizeUpdated("2023-08-29T15:56:59+0200"), "2023-08-29T13:56:59Z");
  EXPECT_EQ(NormalizeUpdated("2024-02-29"), "2024-02-29T00:00:00Z");
  EXPECT_EQ(NormalizeUpdated("2023-02-29"), "");
  EXPECT_EQ(NormalizeUpdated("2023-08-29 25:00:00"), "");
  EXPECT_EQ(NormalizeUpdated("2023-08-29 15:56:59 junk"), "");
  EXPECT_EQ(NormalizeUpdated("08/29/2023"), "");
  EXPECT_EQ(NormalizeUpdated("1693324619"), "2023-08-29T15:56:59Z");
  EXPECT_EQ(NormalizeUpdated("12345"), "");
  EXPECT_EQ(NormalizeUpdated("1960-01-01"), "");
  EXPECT_EQ(NormalizeUnixSeconds(0), "1970-01-01T00:00:00Z");
  EXPECT_EQ(NormalizeUnixSeconds(-1), "");
  EXPECT_EQ(NormalizeUnixSeconds(std::numeric_limits<long long>::max()), "");
}

TEST(ImportRulesTest, LanguagesAndTypes) {
  EXPECT_EQ(LanguagesOfTypes({"O", "S", "EN", "S", "ASL", "XYZ"}),
            (std::vector<std::string>{"es", "en"}));
  std::vector<std::string> types;
  AddType("O", &types);
  AddType("", &types);
  AddType("O", &types);
  AddType("D", &types);
  EXPECT_EQ(types, (std::vector<std::string>{"O", "D"}));
}

TEST(ImportRulesTest, InferAttendance) {
  directory::Listing listing;
  EXPECT_EQ(InferAttendance(listing, true), directory::Attendance::kInPerson);
  listing.types = {"ONL"};
  EXPECT_EQ(InferAttendance(listing, false), directory::Attendance::kInPerson);
  listing.conference.phone = "555";
  EXPECT_EQ(InferAttendance(listing, true), directory::Attendance::kHybrid);
  EXPECT_EQ(InferAttendance(listing, false), directory::Attendance::kOnline);
  listing.types = {"TC"};
  EXPECT_EQ(InferAttendance(listing, true), directory::Attendance::kOnline);
  listing.conference.phone.clear();
  EXPECT_EQ(InferAttendance(listing, true), directory::Attendance::kInactive);
}

TEST(ImportRulesTest, ReasonsQuoteAndCut) {
  EXPECT_EQ(QuoteForReason("Mon"), "\"Mon\"");
  EXPECT_EQ(QuoteForReason(std::string(41, 'a')), "\"" + std::string(40, 'a') + "...\"");
  EXPECT_EQ(JsonForReason(boost::json::parse("1.5")), "1.5");
  EXPECT_EQ(JsonForReason(boost::json::parse("[1,2]")), "[1,2]");
  EXPECT_EQ(JsonForReason(boost::json::parse("\"x\"")), "\"x\"");
  EXPECT_EQ(JsonText(boost::json::parse("5202.0")), "5202");
  EXPECT_EQ(JsonText(boost::json::parse("true")), "");
  EXPECT_EQ(JsonText(boost::json::parse("\"  padded \"")), "padded");
  // Regression (found by the fuzzer): white space behind an invalid byte is trimmed too.
  boost::json::parse_options lax;
  lax.allow_invalid_utf8 = true;
  EXPECT_EQ(JsonText(boost::json::parse("\"\xFF +Mock Rd\xFF \"", {}, lax)), "+Mock Rd");
  // Line ends are normalized whether or not the text also needs cleaning.
  EXPECT_EQ(JsonText(boost::json::parse("\" Room 4\\r\\nupstairs\\r \"")), "Room 4\nupstairs");
  EXPECT_EQ(JsonText(boost::json::parse("\"a\\r\xFF\\nb\"", {}, lax)), "a\nb");
}

TEST(ImportRulesTest, ParseJsonDocument) {
  boost::json::monotonic_resource resource;
  const Result<boost::json::value> ok = ParseJsonDocument("\xEF\xBB\xBF[1]", "doc", &resource);
  ASSERT_TRUE(ok.ok());
  EXPECT_TRUE(ok->is_array());
  const Result<boost::json::value> bad = ParseJsonDocument("[1,", "doc", &resource);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().field(), "doc");
  EXPECT_EQ(bad.status().message().rfind("not valid JSON: ", 0), 0u);
  const Result<boost::json::value> lax = ParseJsonDocument("[\"\xFF\"]", "doc", &resource);
  EXPECT_TRUE(lax.ok());  // invalid UTF-8 passes here; strings are cleaned when read
}

}  // namespace
}  // namespace rn::interop
