#include "directory/schedule.h"

#include <gtest/gtest.h>

#include <exception>
#include <string>

namespace rn::directory {
namespace {

Instant At(std::string_view rfc3339) {
  auto parsed = ParseRfc3339(rfc3339);
  EXPECT_TRUE(parsed.ok()) << rfc3339;
  return *parsed;
}

const date::time_zone* Zone(std::string_view name) {
  const date::time_zone* zone = FindZone(name);
  EXPECT_NE(zone, nullptr) << name;
  return zone;
}

TEST(FindZone, KnownAndUnknown) {
  EXPECT_NE(FindZone("America/Los_Angeles"), nullptr);
  EXPECT_EQ(FindZone("Mars/Olympus_Mons"), nullptr);
  EXPECT_EQ(FindZone(""), nullptr);
}

// FindZone checks a zone file's structure itself (date loads it later): every zone of the system
// database passes, and loads as date's own does.
TEST(FindZone, FindsEveryZoneOfTheDatabase) {
  const auto instant = date::sys_days(date::year(2026) / 3 / 1);
  for (const date::time_zone& located : date::get_tzdb().zones) {
    const date::time_zone* zone = FindZone(located.name());
    ASSERT_NE(zone, nullptr) << located.name();
    EXPECT_EQ(zone->get_info(instant).offset, located.get_info(instant).offset) << located.name();
  }
}

// FindZone reads zone files itself rather than through date's scan of the whole database: it must
// know exactly the names date::locate_zone knows, with the same rules.
TEST(FindZone, KnowsWhatLocateZoneKnows) {
  const auto july = date::sys_days(date::year(2026) / 7 / 1);
  const auto january = date::sys_days(date::year(2026) / 1 / 15);
  for (const std::string name : {"America/Chicago", "America/Indiana/Knox", "UTC", "Etc/GMT+5",
                                 "US/Pacific", "Europe/London", "Australia/Lord_Howe"}) {
    const date::time_zone* zone = FindZone(name);
    ASSERT_NE(zone, nullptr) << name;
    const date::time_zone* located = date::locate_zone(name);
    EXPECT_EQ(zone->name(), located->name());
    EXPECT_EQ(FindZone(name), zone) << "the same zone every time";
    for (const auto instant : {july, january}) {
      EXPECT_EQ(zone->get_info(instant).offset, located->get_info(instant).offset) << name;
      EXPECT_EQ(zone->get_info(instant).abbrev, located->get_info(instant).abbrev) << name;
    }
  }
  for (const std::string name :
       {"America", "America/", "/America/Chicago", "America//Chicago", "../zoneinfo/UTC", "./UTC",
        "posix/UTC", "posixrules", "right/UTC", "Factory", "zone.tab", "tzdata.zi", "leapseconds",
        "iso3166.tab", "America/Chicago/x", "america/chicago", "Mars/Olympus_Mons"}) {
    EXPECT_EQ(FindZone(name), nullptr) << name;
    bool located = true;
    try {
      located = date::locate_zone(name) != nullptr;
    } catch (const std::exception&) {
      located = false;
    }
    EXPECT_FALSE(located) << name;
  }
}

TEST(ParseRfc3339, AcceptsOffsetsAndFractions) {
  EXPECT_EQ(At("2026-11-23T19:30:00Z"), At("2026-11-23T11:30:00-08:00"));
  EXPECT_EQ(At("2026-11-23T19:30:00.123+01:00"), At("2026-11-23T18:30:00Z"));
  EXPECT_EQ(At("2026-11-23t19:30:00z"), At("2026-11-23T19:30:00Z"));
}

TEST(ParseRfc3339, RejectsMalformed) {
  for (std::string_view bad :
       {"", "2026-11-23", "2026-11-23T19:30Z", "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T19:30:00", "2026-11-23T19:30:00+0800",
        "2026-11-23T19:30:00Zjunk", "2026-11-23T19:30:00.Z", "yesterday at noon"}) {
    EXPECT_FALSE(ParseRfc3339(bad).ok()) << bad;
  }
}

TEST(FormatRfc3339, UsesTheZoneOffsetAtThatInstant) {
  const auto* los_angeles = Zone("America/Los_Angeles");
  EXPECT_EQ(FormatRfc3339(At("2026-11-24T03:30:00Z"), los_angeles), "2026-11-23T19:30:00-08:00");
  EXPECT_EQ(FormatRfc3339(At("2026-07-01T02:30:00Z"), los_angeles), "2026-06-30T19:30:00-07:00");
  EXPECT_EQ(FormatRfc3339(At("2026-07-01T02:30:00Z"), Zone("Asia/Kolkata")),
            "2026-07-01T08:00:00+05:30");
  EXPECT_EQ(FormatRfc3339(At("2026-07-01T02:30:00Z"), Zone("UTC")), "2026-07-01T02:30:00Z");
}

TEST(HhMm, ParseAndFormat) {
  EXPECT_EQ(ParseHhMm("00:00"), 0);
  EXPECT_EQ(ParseHhMm("19:30"), 19 * 60 + 30);
  EXPECT_EQ(ParseHhMm("23:59"), 1439);
  EXPECT_FALSE(ParseHhMm("24:00"));
  EXPECT_FALSE(ParseHhMm("7:30"));
  EXPECT_FALSE(ParseHhMm("19:60"));
  EXPECT_EQ(FormatHhMm(0), "00:00");
  EXPECT_EQ(FormatHhMm(19 * 60 + 5), "19:05");
  EXPECT_EQ(FormatHhMm(1440), "24:00");
}

TEST(NextOccurrence, LaterThisWeekAndWrapToNextWeek) {
  const auto* zone = Zone("America/Los_Angeles");
  const Slot monday_evening{1, 19 * 60 + 30, 60};
  // Monday 2026-11-23 10:00 PST: tonight's meeting.
  EXPECT_EQ(NextOccurrence(monday_evening, zone, At("2026-11-23T10:00:00-08:00")),
            (Occurrence{At("2026-11-23T19:30:00-08:00"), At("2026-11-23T20:30:00-08:00")}));
  // Tuesday: next Monday.
  EXPECT_EQ(NextOccurrence(monday_evening, zone, At("2026-11-24T10:00:00-08:00")).start,
            At("2026-11-30T19:30:00-08:00"));
}

TEST(NextOccurrence, OpenAtExactStartButNotAtExactEnd) {
  const auto* zone = Zone("America/Los_Angeles");
  const Slot slot{1, 19 * 60 + 30, 60};
  const Instant start = At("2026-11-23T19:30:00-08:00");
  const Instant end = At("2026-11-23T20:30:00-08:00");
  EXPECT_EQ(NextOccurrence(slot, zone, start).start, start);  // start ≤ at
  EXPECT_EQ(NextOccurrence(slot, zone, end - std::chrono::seconds(1)).start, start);
  EXPECT_EQ(NextOccurrence(slot, zone, end).start, At("2026-11-30T19:30:00-08:00"));  // at < end
}

TEST(NextOccurrence, RunningPastMidnightIsInProgressNextDay) {
  const auto* zone = Zone("America/Chicago");
  const Slot saturday_late{6, 23 * 60 + 30, 90};  // Sat 23:30 – Sun 01:00
  const auto occurrence = NextOccurrence(saturday_late, zone, At("2026-11-29T00:15:00-06:00"));
  EXPECT_EQ(occurrence.start, At("2026-11-28T23:30:00-06:00"));
  EXPECT_EQ(occurrence.end, At("2026-11-29T01:00:00-06:00"));
}

// US clocks spring forward on Sunday 2026-03-08 at 02:00 (EST → EDT).
TEST(NextOccurrence, SpringForwardNonexistentStartMovesForwardByTheGap) {
  const auto* zone = Zone("America/New_York");
  const Slot sunday_0230{0, 2 * 60 + 30, 60};
  const auto occurrence = NextOccurrence(sunday_0230, zone, At("2026-03-08T00:00:00-05:00"));
  EXPECT_EQ(occurrence.start, At("2026-03-08T03:30:00-04:00"));
  EXPECT_EQ(occurrence.end, At("2026-03-08T04:30:00-04:00"));
  EXPECT_EQ(FormatRfc3339(occurrence.start, zone), "2026-03-08T03:30:00-04:00");
}

TEST(NextOccurrence, SpringForwardDurationIsElapsedMinutes) {
  const auto* zone = Zone("America/New_York");
  const Slot sunday_0100{0, 60, 120};  // 01:00 EST + 120 elapsed minutes = 04:00 EDT
  const auto occurrence = NextOccurrence(sunday_0100, zone, At("2026-03-08T00:00:00-05:00"));
  EXPECT_EQ(occurrence.start, At("2026-03-08T01:00:00-05:00"));
  EXPECT_EQ(occurrence.end, At("2026-03-08T04:00:00-04:00"));
}

// US clocks fall back on Sunday 2026-11-01 at 02:00 (EDT → EST): 01:00–02:00 happens twice.
TEST(NextOccurrence, FallBackAmbiguousStartIsTheFirstInstant) {
  const auto* zone = Zone("America/New_York");
  const Slot sunday_0130{0, 90, 60};
  const auto occurrence = NextOccurrence(sunday_0130, zone, At("2026-11-01T00:00:00-04:00"));
  EXPECT_EQ(occurrence.start, At("2026-11-01T01:30:00-04:00"));
  EXPECT_EQ(occurrence.end, At("2026-11-01T01:30:00-05:00"));  // 60 elapsed minutes later
  // During the repeated hour (01:45 EST, after the first 01:30 EDT occurrence ended) the meeting is
  // over.
  EXPECT_EQ(NextOccurrence(sunday_0130, zone, At("2026-11-01T01:45:00-05:00")).start,
            At("2026-11-08T01:30:00-05:00"));
}

TEST(NextOccurrence, WeeklyTimeStaysOnWallClockAcrossDst) {
  const auto* zone = Zone("Europe/London");
  const Slot sunday_1900{0, 19 * 60, 60};
  // London changes on Sunday 2026-03-29; the meeting stays at 19:00 local before and after.
  EXPECT_EQ(NextOccurrence(sunday_1900, zone, At("2026-03-23T00:00:00Z")).start,
            At("2026-03-29T18:00:00Z"));
  EXPECT_EQ(NextOccurrence(sunday_1900, zone, At("2026-03-16T00:00:00Z")).start,
            At("2026-03-22T19:00:00Z"));
}

TEST(StartOfLocalDay, TheEndOfTodayAndOfTomorrow) {
  const Instant tuesday_night = At("2026-11-24T22:30:00-08:00");
  const date::time_zone* los_angeles = Zone("America/Los_Angeles");
  EXPECT_EQ(StartOfLocalDay(tuesday_night, los_angeles, 0), At("2026-11-24T00:00:00-08:00"));
  EXPECT_EQ(StartOfLocalDay(tuesday_night, los_angeles, 1), At("2026-11-25T00:00:00-08:00"));
  EXPECT_EQ(StartOfLocalDay(tuesday_night, los_angeles, 2), At("2026-11-26T00:00:00-08:00"));
  // The same instant is already Wednesday in Chicago.
  EXPECT_EQ(StartOfLocalDay(tuesday_night, Zone("America/Chicago"), 1),
            At("2026-11-26T00:00:00-06:00"));
}

TEST(StartOfLocalDay, DaysAreCalendarDaysAcrossDst) {
  // 01:58 CDT, two minutes before Chicago falls back: Sunday has 25 hours.
  const Instant before_fall_back = At("2026-11-01T01:58:00-05:00");
  const date::time_zone* chicago = Zone("America/Chicago");
  EXPECT_EQ(StartOfLocalDay(before_fall_back, chicago, 1), At("2026-11-02T00:00:00-06:00"));
  EXPECT_EQ(StartOfLocalDay(before_fall_back, chicago, 1) - before_fall_back,
            std::chrono::minutes(23 * 60 + 2));
  // 01:58 PST, two minutes before Los Angeles springs forward: Sunday has 23 hours.
  const Instant before_spring_forward = At("2027-03-14T01:58:00-08:00");
  const date::time_zone* los_angeles = Zone("America/Los_Angeles");
  EXPECT_EQ(StartOfLocalDay(before_spring_forward, los_angeles, 1),
            At("2027-03-15T00:00:00-07:00"));
  EXPECT_EQ(StartOfLocalDay(before_spring_forward, los_angeles, 1) - before_spring_forward,
            std::chrono::minutes(21 * 60 + 2));
  // Chile springs forward at midnight: Sunday 6 September 2026 begins at 01:00.
  EXPECT_EQ(StartOfLocalDay(At("2026-09-05T12:00:00-04:00"), Zone("America/Santiago"), 1),
            At("2026-09-06T01:00:00-03:00"));
}

TEST(ToLocalDayMinute, ViewerInAnotherZoneSeesAnotherWeekday) {
  const auto* los_angeles = Zone("America/Los_Angeles");
  const Slot monday_evening{1, 19 * 60, 60};
  const auto occurrence = NextOccurrence(monday_evening, los_angeles, At("2026-11-23T12:00:00Z"));
  const auto in_london = ToLocalDayMinute(occurrence.start, Zone("Europe/London"));
  EXPECT_EQ(in_london.day, 2);  // Tuesday 03:00 in London
  EXPECT_EQ(in_london.minute, 3 * 60);
  const auto in_tokyo = ToLocalDayMinute(occurrence.start, Zone("Asia/Tokyo"));
  EXPECT_EQ(in_tokyo.day, 2);  // Tuesday 12:00 in Tokyo
  EXPECT_EQ(in_tokyo.minute, 12 * 60);
  EXPECT_EQ(FormatRfc3339(occurrence.start, Zone("Asia/Tokyo")), "2026-11-24T12:00:00+09:00");
}

}  // namespace
}  // namespace rn::directory
