#include "resources/time_of_day.h"

#include <gtest/gtest.h>

#include <string>

namespace rn::resources {
namespace {

int Parsed(std::string_view text) {
  const Result<int> parsed = ParseTimeOfDay(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status_or_ok().message();
  return parsed.value_or(-1);
}

// The error message for `text`, which must not parse.
std::string Error(std::string_view text) {
  const Result<int> parsed = ParseTimeOfDay(text, "opens_at");
  EXPECT_FALSE(parsed.ok()) << text << " parsed as " << parsed.value_or(-1);
  if (parsed.ok()) return "";
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(parsed.status().field(), "opens_at");
  return parsed.status().message();
}

TEST(TimeOfDay, SpellingsOfRealExports) {
  EXPECT_EQ(Parsed("9:00am"), 9 * 60);
  EXPECT_EQ(Parsed("09:00"), 9 * 60);
  EXPECT_EQ(Parsed("17:00:00"), 17 * 60);
  EXPECT_EQ(Parsed("5 PM"), 17 * 60);
  EXPECT_EQ(Parsed("12:00 noon"), 12 * 60);
  EXPECT_EQ(Parsed("0900"), 9 * 60);
  EXPECT_EQ(Parsed("930"), 9 * 60 + 30);
  EXPECT_EQ(Parsed("1730"), 17 * 60 + 30);
  EXPECT_EQ(Parsed("10:30 p.m."), 22 * 60 + 30);
  EXPECT_EQ(Parsed("9.30am"), 9 * 60 + 30);
  EXPECT_EQ(Parsed("  7:15 A.M.  "), 7 * 60 + 15);
  EXPECT_EQ(Parsed("5p"), 17 * 60);
  EXPECT_EQ(Parsed("Noon"), 12 * 60);
  EXPECT_EQ(Parsed("12 noon"), 12 * 60);
}

TEST(TimeOfDay, MidnightNoonAndTheEndOfTheDay) {
  EXPECT_EQ(Parsed("12am"), 0);
  EXPECT_EQ(Parsed("12:30 am"), 30);
  EXPECT_EQ(Parsed("12pm"), 12 * 60);
  EXPECT_EQ(Parsed("12:45pm"), 12 * 60 + 45);
  EXPECT_EQ(Parsed("midnight"), 0);
  EXPECT_EQ(Parsed("12:00 midnight"), 0);
  EXPECT_EQ(Parsed("00:00"), 0);
  EXPECT_EQ(Parsed("23:59"), 23 * 60 + 59);
  EXPECT_EQ(Parsed("24:00"), kMinutesPerDay);
  EXPECT_EQ(Parsed("24:00:00"), kMinutesPerDay);
  EXPECT_EQ(Parsed("17:00:59"), 17 * 60);  // seconds dropped
}

TEST(TimeOfDay, ErrorsSayWhatIsWrong) {
  EXPECT_EQ(Error(""), "the time of day is empty");
  EXPECT_EQ(Error("   "), "the time of day is empty");
  EXPECT_EQ(Error("25:00"), "\"25:00\" is not a time of day: the hour must be 0–23 (or 24:00)");
  EXPECT_EQ(Error("24:30"), "\"24:30\" is not a time of day: the hour must be 0–23 (or 24:00)");
  EXPECT_EQ(Error("9:75"), "\"9:75\" is not a time of day: the minutes must be 00–59");
  EXPECT_EQ(Error("9:5"), "\"9:5\" is not a time of day: the minutes must be two digits");
  EXPECT_EQ(Error("13pm"), "\"13pm\" is not a time of day: the hour must be 1–12 with am or pm");
  EXPECT_EQ(Error("0am"), "\"0am\" is not a time of day: the hour must be 1–12 with am or pm");
  EXPECT_EQ(Error("5"), "\"5\" is not a time of day: a bare hour needs minutes or am/pm");
  EXPECT_EQ(Error("11 noon"),
            "\"11 noon\" is not a time of day: only 12 or 12:00 can be noon or midnight");
  EXPECT_EQ(Error("9:00 tomorrow"),
            "\"9:00 tomorrow\" is not a time of day: unexpected \"tomorrow\" after the time");
  EXPECT_EQ(Error("noon-ish"), "\"noon-ish\" is not a time of day: unexpected \"-ish\" after it");
  EXPECT_EQ(Error("closed"), "\"closed\" is not a time of day: it must start with the hour");
  EXPECT_EQ(Error("17:00:7"),
            "\"17:00:7\" is not a time of day: the seconds must be two digits, 00–59");
  EXPECT_EQ(Error("123456789"), "\"123456789\" is not a time of day: too many digits");
  EXPECT_EQ(Error("9:00-17:00"),
            "\"9:00-17:00\" is not a time of day: unexpected \"-17:00\" after the time");
}

TEST(TimeOfDay, FormatsAsAPageSaysIt) {
  EXPECT_EQ(FormatTimeOfDay(17 * 60), "5 pm");
  EXPECT_EQ(FormatTimeOfDay(10 * 60 + 30), "10:30 am");
  EXPECT_EQ(FormatTimeOfDay(9 * 60 + 5), "9:05 am");
  EXPECT_EQ(FormatTimeOfDay(12 * 60), "noon");
  EXPECT_EQ(FormatTimeOfDay(0), "midnight");
  EXPECT_EQ(FormatTimeOfDay(kMinutesPerDay), "midnight");
  EXPECT_EQ(FormatTimeOfDay(30), "12:30 am");
  EXPECT_EQ(FormatTimeOfDay(12 * 60 + 15), "12:15 pm");
}

// Every time of day survives formatting and parsing back (the page's text is a valid input).
TEST(TimeOfDay, EveryMinuteRoundTrips) {
  for (int minute = 0; minute < kMinutesPerDay; ++minute) {
    ASSERT_EQ(Parsed(FormatTimeOfDay(minute)), minute) << FormatTimeOfDay(minute);
  }
}

}  // namespace
}  // namespace rn::resources
