#include "resources/hours.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rn::resources {
namespace {

using date::days;
using std::chrono::minutes;

const date::time_zone* NewYork() { return date::locate_zone("America/New_York"); }

date::local_days Day(int year, unsigned month, unsigned day) {
  return date::local_days(date::year(year) / date::month(month) / date::day(day));
}

// The instant of a local time in `zone`, through date's own zoned_time (the earlier of an
// ambiguous time), not through the code under test.
Instant At(const date::time_zone* zone, date::local_days day, int hour, int minute,
           int second = 0) {
  const date::local_seconds local =
      day + std::chrono::hours(hour) + minutes(minute) + std::chrono::seconds(second);
  return date::zoned_time(zone, local, date::choose::earliest).get_sys_time();
}

// `instant` in `zone` as "2026-05-25 Mon 13:00 EDT", readable in a failure.
std::string LocalText(const date::time_zone* zone, Instant instant) {
  return date::format("%F %a %R %Z", date::zoned_time(zone, instant));
}

std::string NextChange(const OpenState& state, const date::time_zone* zone = NewYork()) {
  return state.next_change ? LocalText(zone, *state.next_change) : "none";
}

OpenRange Range(int opens_hour, int opens_minute, int closes_hour, int closes_minute) {
  return {opens_hour * 60 + opens_minute, closes_hour * 60 + closes_minute};
}

HoursRule Weekly(WeekdaySet weekdays, std::vector<OpenRange> ranges) {
  HoursRule rule;
  rule.weekdays = weekdays;
  rule.ranges = std::move(ranges);
  return rule;
}

HoursRule Recurring(std::string rrule, date::local_days dtstart, std::vector<OpenRange> ranges) {
  HoursRule rule;
  rule.rrule = std::move(rrule);
  rule.dtstart = dtstart;
  rule.ranges = std::move(ranges);
  return rule;
}

// The seed's peer-run drop-in centre (South Shore Mental Health's Peer-to-Peer Program, 460 Quincy
// Avenue, Quincy MA, so America/New_York): "open Thursday and Friday from 5:00 pm until 11:00 pm,
// Saturday and Sunday from 10:00 am to 10:00 pm, and on holidays between the hours of 10:00 am and
// 1:00 pm".
Hours DropInCentre() {
  Hours hours;
  hours.rules.push_back(
      Weekly(Weekday(date::Thursday) | Weekday(date::Friday), {Range(17, 0, 23, 0)}));
  hours.rules.push_back(
      Weekly(Weekday(date::Saturday) | Weekday(date::Sunday), {Range(10, 0, 22, 0)}));
  hours.on_holidays = HolidayPolicy::kHolidayHours;
  hours.holiday_ranges = {Range(10, 0, 13, 0)};
  return hours;
}

const HolidayCalendar& Federal() {
  static const HolidayCalendar calendar = HolidayCalendar::UsFederal(2025, 2027);
  return calendar;
}

OpenState State(const Hours& hours, Instant at) {
  EXPECT_TRUE(CheckHours(hours).ok()) << CheckHours(hours).message();
  return StateAt(hours, Federal(), NewYork(), at);
}

TEST(Hours, SeedCentreOnMemorialDayKeepsHolidayHours) {
  const OpenState state = State(DropInCentre(), At(NewYork(), Day(2026, 5, 25), 11, 0));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(NextChange(state), "2026-05-25 Mon 13:00 EDT");
  EXPECT_EQ(state.minutes_until, 120);
  EXPECT_EQ(state.change_day, Day(2026, 5, 25));
  EXPECT_EQ(state.change_minute, 13 * 60);
  // After the holiday hours it opens on Thursday as usual.
  const OpenState after = State(DropInCentre(), At(NewYork(), Day(2026, 5, 25), 13, 0));
  EXPECT_FALSE(after.open);
  EXPECT_EQ(NextChange(after), "2026-05-28 Thu 17:00 EDT");
}

TEST(Hours, SeedCentreOnAnOrdinaryMondayIsClosedUntilThursday) {
  const OpenState state = State(DropInCentre(), At(NewYork(), Day(2026, 5, 18), 11, 0));
  EXPECT_FALSE(state.open);
  EXPECT_EQ(NextChange(state), "2026-05-21 Thu 17:00 EDT");
  EXPECT_EQ(state.change_day, Day(2026, 5, 21));
  EXPECT_EQ(state.change_minute, 17 * 60);
  EXPECT_EQ(state.minutes_until, (3 * 24 + 6) * 60);
}

TEST(Hours, SeedCentreOnThursdayEveningClosesIn20Minutes) {
  const OpenState state = State(DropInCentre(), At(NewYork(), Day(2026, 5, 21), 22, 40));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(NextChange(state), "2026-05-21 Thu 23:00 EDT");
  EXPECT_EQ(state.minutes_until, 20);
  // Rounded up: half a minute later it still closes "in 20 min", and a second before it "in 1".
  EXPECT_EQ(State(DropInCentre(), At(NewYork(), Day(2026, 5, 21), 22, 40, 30)).minutes_until, 20);
  EXPECT_EQ(State(DropInCentre(), At(NewYork(), Day(2026, 5, 21), 22, 59, 59)).minutes_until, 1);
  // At 23:00 it is closed, until Friday 17:00.
  const OpenState closed = State(DropInCentre(), At(NewYork(), Day(2026, 5, 21), 23, 0));
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(NextChange(closed), "2026-05-22 Fri 17:00 EDT");
}

// Sunday 8 March 2026: clocks go from 02:00 EST to 03:00 EDT. The day is 23 hours long and its
// hours are still 10 am – 10 pm local time.
TEST(Hours, SeedCentreOnSpringForwardSunday) {
  const Hours hours = DropInCentre();
  const OpenState night = State(hours, At(NewYork(), Day(2026, 3, 8), 1, 30));
  EXPECT_FALSE(night.open);
  EXPECT_EQ(NextChange(night), "2026-03-08 Sun 10:00 EDT");
  EXPECT_EQ(night.minutes_until, 7 * 60 + 30);  // 01:30 EST → 10:00 EDT is 7½ hours elapsed
  const OpenState open = State(hours, At(NewYork(), Day(2026, 3, 8), 10, 0));
  EXPECT_TRUE(open.open);
  EXPECT_EQ(NextChange(open), "2026-03-08 Sun 22:00 EDT");
  EXPECT_EQ(open.minutes_until, 12 * 60);
  const std::vector<DayHours> week = HoursOfDays(hours, Federal(), Day(2026, 3, 8), 1);
  ASSERT_EQ(week.size(), 1u);
  EXPECT_EQ(week[0].ranges, std::vector<OpenRange>{Range(10, 0, 22, 0)});
}

// Sunday 1 November 2026: clocks go from 02:00 EDT back to 01:00 EST; the day is 25 hours long.
TEST(Hours, SeedCentreOnFallBackSunday) {
  const Hours hours = DropInCentre();
  // Saturday 23:00 EDT, after Saturday's hours: 12 hours elapsed to 10:00 EST (11 on the clock).
  const OpenState night = State(hours, At(NewYork(), Day(2026, 10, 31), 23, 0));
  EXPECT_FALSE(night.open);
  EXPECT_EQ(NextChange(night), "2026-11-01 Sun 10:00 EST");
  EXPECT_EQ(night.minutes_until, 12 * 60);
  const OpenState open = State(hours, At(NewYork(), Day(2026, 11, 1), 21, 15));
  EXPECT_TRUE(open.open);
  EXPECT_EQ(NextChange(open), "2026-11-01 Sun 22:00 EST");
  EXPECT_EQ(open.minutes_until, 45);
  const OpenState after = State(hours, At(NewYork(), Day(2026, 11, 1), 22, 0));
  EXPECT_FALSE(after.open);
  EXPECT_EQ(NextChange(after), "2026-11-05 Thu 17:00 EST");
}

// The service page's week, today first, with the holiday marked.
TEST(Hours, SeedCentreWeekFromMemorialDay) {
  const std::vector<DayHours> week = HoursOfDays(DropInCentre(), Federal(), Day(2026, 5, 25), 7);
  ASSERT_EQ(week.size(), 7u);
  EXPECT_EQ(week[0].day, Day(2026, 5, 25));
  EXPECT_EQ(week[0].kind, DayKind::kHoliday);
  EXPECT_EQ(week[0].holiday, "Memorial Day");
  EXPECT_EQ(week[0].ranges, std::vector<OpenRange>{Range(10, 0, 13, 0)});
  for (int index : {1, 2}) {
    EXPECT_EQ(week[index].kind, DayKind::kUsual);
    EXPECT_TRUE(week[index].ranges.empty()) << index;
    EXPECT_TRUE(week[index].holiday.empty());
  }
  for (int index : {3, 4})
    EXPECT_EQ(week[index].ranges, std::vector<OpenRange>{Range(17, 0, 23, 0)});
  for (int index : {5, 6})
    EXPECT_EQ(week[index].ranges, std::vector<OpenRange>{Range(10, 0, 22, 0)});
  EXPECT_EQ(week[6].day, Day(2026, 5, 31));
}

// Independence Day 2026 is a Saturday, observed on Friday 3 July: the centre keeps holiday hours on
// the Friday, and its usual Saturday hours on the 4th (the calendar holds the observed day).
TEST(Hours, HolidayHoursOnTheObservedDay) {
  const std::vector<DayHours> days = HoursOfDays(DropInCentre(), Federal(), Day(2026, 7, 3), 2);
  EXPECT_EQ(days[0].kind, DayKind::kHoliday);
  EXPECT_EQ(days[0].ranges, std::vector<OpenRange>{Range(10, 0, 13, 0)});
  EXPECT_EQ(days[1].kind, DayKind::kUsual);
  EXPECT_EQ(days[1].ranges, std::vector<OpenRange>{Range(10, 0, 22, 0)});
}

TEST(Hours, ClosedOnHolidaysAndUsualHoursOnHolidays) {
  Hours hours;
  hours.rules.push_back(Weekly(kEveryDay, {Range(9, 0, 17, 0)}));
  hours.on_holidays = HolidayPolicy::kClosed;
  const OpenState closed = State(hours, At(NewYork(), Day(2026, 11, 26), 12, 0));
  EXPECT_FALSE(closed.open);
  EXPECT_EQ(NextChange(closed), "2026-11-27 Fri 09:00 EST");
  const std::vector<DayHours> thanksgiving = HoursOfDays(hours, Federal(), Day(2026, 11, 26), 1);
  EXPECT_EQ(thanksgiving[0].kind, DayKind::kHoliday);
  EXPECT_TRUE(thanksgiving[0].ranges.empty());
  // A service whose holiday hours are its usual ones: open, and the day still marked a holiday.
  hours.on_holidays = HolidayPolicy::kUsualHours;
  EXPECT_TRUE(State(hours, At(NewYork(), Day(2026, 11, 26), 12, 0)).open);
  const std::vector<DayHours> usual = HoursOfDays(hours, Federal(), Day(2026, 11, 26), 1);
  EXPECT_EQ(usual[0].kind, DayKind::kUsual);
  EXPECT_EQ(usual[0].holiday, "Thanksgiving Day");
}

// A site edits its calendar: a holiday removed keeps the usual hours; one added gets holiday hours.
TEST(Hours, EditedCalendarDecides) {
  HolidayCalendar calendar = HolidayCalendar::UsFederal(2026, 2026);
  calendar.Remove(Day(2026, 5, 25));
  calendar.Add(Day(2026, 5, 28), "Site closed for training");
  const std::vector<DayHours> week = HoursOfDays(DropInCentre(), calendar, Day(2026, 5, 25), 4);
  EXPECT_EQ(week[0].kind, DayKind::kUsual);
  EXPECT_TRUE(week[0].ranges.empty());
  EXPECT_EQ(week[3].kind, DayKind::kHoliday);
  EXPECT_EQ(week[3].holiday, "Site closed for training");
  EXPECT_EQ(week[3].ranges, std::vector<OpenRange>{Range(10, 0, 13, 0)});
}

// A Link-SF shelter's Monday: 9–12 and 13:30–16:00 (its openHours [[900,1200],[1330,1600]]).
TEST(Hours, SplitShifts) {
  Hours hours;
  hours.rules.push_back(Weekly(Weekday(date::Monday) | Weekday(date::Thursday),
                               {Range(13, 30, 16, 0), Range(9, 0, 12, 0)}));
  const OpenState morning = State(hours, At(NewYork(), Day(2026, 5, 18), 11, 0));
  EXPECT_TRUE(morning.open);
  EXPECT_EQ(NextChange(morning), "2026-05-18 Mon 12:00 EDT");
  const OpenState lunch = State(hours, At(NewYork(), Day(2026, 5, 18), 12, 30));
  EXPECT_FALSE(lunch.open);
  EXPECT_EQ(NextChange(lunch), "2026-05-18 Mon 13:30 EDT");
  EXPECT_EQ(lunch.minutes_until, 60);
  const OpenState evening = State(hours, At(NewYork(), Day(2026, 5, 18), 16, 0));
  EXPECT_FALSE(evening.open);
  EXPECT_EQ(NextChange(evening), "2026-05-21 Thu 09:00 EDT");
  // The day's ranges in opening order.
  const std::vector<DayHours> day = HoursOfDays(hours, Federal(), Day(2026, 5, 18), 1);
  EXPECT_EQ(day[0].ranges, (std::vector<OpenRange>{Range(9, 0, 12, 0), Range(13, 30, 16, 0)}));
}

// Shifts that touch (one closes at 13:00, the next opens at 13:00) are one stretch of open time.
TEST(Hours, TouchingShiftsDoNotClose) {
  Hours hours;
  hours.rules.push_back(Weekly(Weekday(date::Monday), {Range(9, 0, 13, 0)}));
  hours.rules.push_back(Weekly(Weekday(date::Monday), {Range(13, 0, 17, 0)}));
  const OpenState state = State(hours, At(NewYork(), Day(2026, 5, 18), 12, 0));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(NextChange(state), "2026-05-18 Mon 17:00 EDT");
}

// "First Monday" and "last Friday" of each month, by RRULE.
TEST(Hours, MonthlyFirstMondayAndLastFriday) {
  Hours hours;
  hours.rules.push_back(
      Recurring("FREQ=MONTHLY;BYDAY=1MO", Day(2026, 1, 1), {Range(18, 0, 20, 0)}));
  hours.rules.push_back(
      Recurring("FREQ=MONTHLY;BYDAY=-1FR", Day(2026, 1, 1), {Range(12, 0, 14, 0)}));
  std::vector<date::local_days> open_days;
  for (const DayHours& day : HoursOfDays(hours, Federal(), Day(2026, 5, 1), 62)) {
    if (!day.ranges.empty()) open_days.push_back(day.day);
  }
  EXPECT_EQ(open_days, (std::vector<date::local_days>{Day(2026, 5, 4), Day(2026, 5, 29),
                                                      Day(2026, 6, 1), Day(2026, 6, 26)}));
  const OpenState state = State(hours, At(NewYork(), Day(2026, 5, 26), 9, 0));
  EXPECT_FALSE(state.open);
  EXPECT_EQ(NextChange(state), "2026-05-29 Fri 12:00 EDT");
  const OpenState later = State(hours, At(NewYork(), Day(2026, 5, 29), 14, 0));
  EXPECT_EQ(NextChange(later), "2026-06-01 Mon 18:00 EDT");
}

// Every other Tuesday, counted from DTSTART: from a start 21 years back the parity still holds.
TEST(Hours, EveryOtherWeek) {
  for (const date::local_days dtstart : {Day(2026, 1, 6), Day(2005, 1, 4), Day(2025, 12, 30)}) {
    Hours hours;
    hours.rules.push_back(
        Recurring("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", dtstart, {Range(10, 0, 12, 0)}));
    int open_count = 0;
    for (const DayHours& day : HoursOfDays(hours, Federal(), Day(2026, 5, 1), 56)) {
      const bool expected =
          date::weekday(day.day) == date::Tuesday && (day.day - dtstart).count() / 7 % 2 == 0;
      EXPECT_EQ(!day.ranges.empty(), expected) << date::format("%F", day.day);
      open_count += day.ranges.empty() ? 0 : 1;
    }
    EXPECT_EQ(open_count, 4);
  }
}

// COUNT runs from DTSTART (libical cannot skip ahead then): 4 weekly Mondays from 4 May are
// 4, 11, 18 and 25 May.
TEST(Hours, RecurrenceWithCountEnds) {
  Hours hours;
  hours.rules.push_back(
      Recurring("FREQ=WEEKLY;BYDAY=MO;COUNT=4", Day(2026, 5, 4), {Range(9, 0, 10, 0)}));
  std::vector<date::local_days> open_days;
  for (const DayHours& day : HoursOfDays(hours, Federal(), Day(2026, 5, 10), 30)) {
    if (!day.ranges.empty()) open_days.push_back(day.day);
  }
  EXPECT_EQ(open_days,
            (std::vector<date::local_days>{Day(2026, 5, 11), Day(2026, 5, 18), Day(2026, 5, 25)}));
  // HSDS's until is the RRULE's UNTIL.
  hours.rules[0].rrule = "FREQ=WEEKLY;BYDAY=MO;UNTIL=20260511";
  EXPECT_EQ(HoursOfDays(hours, Federal(), Day(2026, 5, 11), 14)[7].ranges.size(), 0u);
  EXPECT_EQ(HoursOfDays(hours, Federal(), Day(2026, 5, 11), 14)[0].ranges.size(), 1u);
}

// Summer hours from 1 June to 31 August, winter hours before and after.
TEST(Hours, ValidityRanges) {
  Hours hours;
  HoursRule summer = Weekly(Weekday(date::Monday), {Range(9, 0, 17, 0)});
  summer.valid_from = Day(2026, 6, 1);
  summer.valid_to = Day(2026, 8, 31);
  HoursRule winter_before = Weekly(Weekday(date::Monday), {Range(10, 0, 14, 0)});
  winter_before.valid_to = Day(2026, 5, 31);
  HoursRule winter_after = winter_before;
  winter_after.valid_to.reset();
  winter_after.valid_from = Day(2026, 9, 1);
  hours.rules = {summer, winter_before, winter_after};
  const auto monday = [&](date::local_days day) {
    return HoursOfDays(hours, Federal(), day, 1)[0].ranges;
  };
  EXPECT_EQ(monday(Day(2026, 5, 18)), std::vector<OpenRange>{Range(10, 0, 14, 0)});
  EXPECT_EQ(monday(Day(2026, 6, 1)), std::vector<OpenRange>{Range(9, 0, 17, 0)});
  EXPECT_EQ(monday(Day(2026, 8, 31)), std::vector<OpenRange>{Range(9, 0, 17, 0)});
  EXPECT_EQ(monday(Day(2026, 9, 14)), std::vector<OpenRange>{Range(10, 0, 14, 0)});
  // Monday 31 August at 16:30 the summer hours hold; the next opening is the winter hours'.
  const OpenState state = State(hours, At(NewYork(), Day(2026, 8, 31), 16, 30));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(NextChange(state), "2026-08-31 Mon 17:00 EDT");
  EXPECT_EQ(NextChange(State(hours, At(NewYork(), Day(2026, 8, 31), 17, 0))),
            "2026-09-07 Mon 10:00 EDT");
}

TEST(Hours, ClosuresAndOtherHoursOnDates) {
  Hours hours = DropInCentre();
  hours.overrides.push_back({Day(2026, 12, 24), Day(2026, 12, 27), {}, "Closed for the holidays"});
  // HSDS 1.x holiday_schedules with closed = false: other hours on a date.
  hours.overrides.push_back(
      {Day(2026, 12, 31), Day(2026, 12, 31), {Range(17, 0, 1, 0)}, "New Year's Eve"});
  const std::vector<DayHours> days = HoursOfDays(hours, Federal(), Day(2026, 12, 24), 8);
  for (int index = 0; index < 4; ++index) {
    EXPECT_EQ(days[index].kind, DayKind::kOverride);
    EXPECT_TRUE(days[index].ranges.empty()) << index;
    EXPECT_EQ(days[index].note, "Closed for the holidays");
  }
  // The override comes before the holiday: Christmas Day (Friday) is closed, not holiday hours.
  EXPECT_EQ(days[1].holiday, "Christmas Day");
  EXPECT_EQ(days[4].kind, DayKind::kUsual);  // Monday 28th: usual hours (none on Mondays)
  EXPECT_EQ(days[7].ranges, std::vector<OpenRange>{Range(17, 0, 1, 0)});
  const OpenState state = State(hours, At(NewYork(), Day(2026, 12, 24), 18, 0));
  EXPECT_FALSE(state.open);
  EXPECT_EQ(NextChange(state), "2026-12-31 Thu 17:00 EST");
  const OpenState eve = State(hours, At(NewYork(), Day(2027, 1, 1), 0, 30));
  EXPECT_TRUE(eve.open);
  EXPECT_EQ(NextChange(eve), "2027-01-01 Fri 01:00 EST");
}

// 22:00–02:00: open past midnight into the next day, whatever that day is.
TEST(Hours, ClosingPastMidnight) {
  Hours hours;
  hours.rules.push_back(Weekly(Weekday(date::Friday), {Range(22, 0, 2, 0)}));
  hours.on_holidays = HolidayPolicy::kClosed;
  const OpenState state = State(hours, At(NewYork(), Day(2026, 5, 16), 1, 0));  // Saturday 01:00
  EXPECT_TRUE(state.open);
  EXPECT_EQ(NextChange(state), "2026-05-16 Sat 02:00 EDT");
  // Friday 18 December runs into Saturday; the range belongs to Friday, not to the next day.
  hours.overrides.push_back({Day(2026, 12, 19), Day(2026, 12, 19), {}, "closed"});
  EXPECT_TRUE(State(hours, At(NewYork(), Day(2026, 12, 19), 1, 30)).open);
}

// Overnight hours across both DST changes: the close is local wall-clock time.
TEST(Hours, OvernightAcrossDstChanges) {
  Hours hours;
  hours.rules.push_back(Weekly(Weekday(date::Saturday), {Range(22, 0, 2, 0)}));
  // Spring forward: 02:00 on Sunday 8 March does not exist; the range closes at the first instant
  // after the gap, 03:00 EDT, 4 hours after it opened.
  const OpenState spring = State(hours, At(NewYork(), Day(2026, 3, 7), 23, 0));
  EXPECT_TRUE(spring.open);
  EXPECT_EQ(NextChange(spring), "2026-03-08 Sun 03:00 EDT");
  EXPECT_EQ(spring.minutes_until, 3 * 60);
  // Fall back: Saturday 31 October 22:00 EDT until 02:00 EST, 5 hours; open through both passes of
  // the repeated hour.
  const Instant first_pass = At(NewYork(), Day(2026, 11, 1), 1, 30);  // 01:30 EDT
  const Instant second_pass = first_pass + std::chrono::hours(1);
  const OpenState fall = State(hours, second_pass);
  EXPECT_EQ(LocalText(NewYork(), second_pass), "2026-11-01 Sun 01:30 EST");
  EXPECT_TRUE(fall.open);
  EXPECT_EQ(NextChange(fall), "2026-11-01 Sun 02:00 EST");
  EXPECT_EQ(fall.minutes_until, 30);
  EXPECT_EQ(*fall.next_change - At(NewYork(), Day(2026, 10, 31), 22, 0), std::chrono::hours(5));
}

// The DST rules of hours.h: a time in the gap is the first instant after it; an ambiguous close is
// its first occurrence.
TEST(Hours, LocalTimesInTheGapAndTheRepeatedHour) {
  Hours hours;
  // Sunday 8 March: 02:00–02:30 lies wholly in the gap and is never open; 02:30–04:00 opens at
  // 03:00 EDT, when the gap ends.
  hours.rules.push_back(
      Recurring("FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", Day(2026, 1, 1), {Range(2, 0, 2, 30)}));
  const OpenState before = State(hours, At(NewYork(), Day(2026, 3, 8), 1, 59));
  EXPECT_FALSE(before.open);
  EXPECT_EQ(before.next_change, std::nullopt);
  hours.rules[0].ranges = {Range(2, 30, 4, 0)};
  const OpenState gap = State(hours, At(NewYork(), Day(2026, 3, 8), 1, 59));
  EXPECT_EQ(NextChange(gap), "2026-03-08 Sun 03:00 EDT");
  EXPECT_EQ(gap.minutes_until, 1);
  EXPECT_EQ(LocalToInstant(NewYork(), Day(2026, 3, 8) + minutes(2 * 60 + 30)),
            At(NewYork(), Day(2026, 3, 8), 3, 0));
  // Sunday 1 November: a close at 01:30 is the first 01:30 (EDT); in the second pass it is closed.
  hours.rules[0] = Weekly(Weekday(date::Saturday), {Range(22, 0, 1, 30)});
  const Instant first_pass = At(NewYork(), Day(2026, 11, 1), 1, 0);
  const OpenState open = State(hours, first_pass);
  EXPECT_TRUE(open.open);
  EXPECT_EQ(NextChange(open), "2026-11-01 Sun 01:30 EDT");
  const OpenState second = State(hours, first_pass + std::chrono::hours(1));
  EXPECT_EQ(LocalText(NewYork(), first_pass + std::chrono::hours(1)), "2026-11-01 Sun 01:00 EST");
  EXPECT_FALSE(second.open);
  EXPECT_EQ(NextChange(second), "2026-11-07 Sat 22:00 EST");
}

TEST(Hours, TwentyFourHourService) {
  Hours hours;
  hours.rules.push_back(Weekly(kEveryDay, {Range(0, 0, 24, 0)}));
  const OpenState always = State(hours, At(NewYork(), Day(2026, 3, 8), 2, 0));
  EXPECT_TRUE(always.open);
  EXPECT_EQ(always.next_change, std::nullopt);  // open beyond the search: "open 24 hours"
  EXPECT_EQ(always.minutes_until, 0);
  // Around the clock on weekdays: closes at the start of Saturday; 09:00–09:00 is 24 hours too.
  hours.rules[0] =
      Weekly(Weekday(date::Monday) | Weekday(date::Tuesday) | Weekday(date::Wednesday) |
                 Weekday(date::Thursday) | Weekday(date::Friday),
             {Range(0, 0, 24, 0)});
  hours.on_holidays = HolidayPolicy::kClosed;
  const OpenState weekdays = State(hours, At(NewYork(), Day(2026, 5, 15), 12, 0));
  EXPECT_TRUE(weekdays.open);
  EXPECT_EQ(NextChange(weekdays), "2026-05-16 Sat 00:00 EDT");
  EXPECT_EQ(NextChange(State(hours, At(NewYork(), Day(2026, 5, 16), 12, 0))),
            "2026-05-18 Mon 00:00 EDT");
  hours.rules[0] = Weekly(Weekday(date::Monday), {Range(9, 0, 9, 0)});
  EXPECT_EQ(NextChange(State(hours, At(NewYork(), Day(2026, 5, 18), 10, 0))),
            "2026-05-19 Tue 09:00 EDT");
}

TEST(Hours, NothingWithinTheSearch) {
  Hours hours;
  hours.rules.push_back(
      Recurring("FREQ=YEARLY;BYMONTH=9;BYMONTHDAY=1", Day(2026, 1, 1), {Range(9, 0, 17, 0)}));
  const OpenState far = State(hours, At(NewYork(), Day(2026, 5, 18), 12, 0));
  EXPECT_FALSE(far.open);
  EXPECT_EQ(far.next_change, std::nullopt);
  const OpenState near = State(hours, At(NewYork(), Day(2026, 8, 20), 12, 0));
  EXPECT_EQ(NextChange(near), "2026-09-01 Tue 09:00 EDT");
  EXPECT_FALSE(State(Hours{}, At(NewYork(), Day(2026, 5, 18), 12, 0)).open);
}

// Hours that cannot be read are refused, naming the part: libical's parse errors come back as
// values (this build's libical errors are not fatal, so a bad RRULE never aborts the process).
TEST(Hours, CheckNamesWhatIsWrong) {
  const auto check = [](const Hours& hours) {
    const Status status = CheckHours(hours);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
    return status.field() + ": " + status.message();
  };
  EXPECT_TRUE(CheckHours(DropInCentre()).ok());
  Hours hours = DropInCentre();
  hours.rules[1].rrule = "FREQ=SOMETIMES";
  EXPECT_EQ(check(hours), "rules[1].rrule: \"FREQ=SOMETIMES\" is not an RFC 5545 RRULE");
  hours.rules[1].rrule = "FREQ=MONTHLY;BYDAY=XX";
  EXPECT_EQ(check(hours), "rules[1].rrule: \"FREQ=MONTHLY;BYDAY=XX\" is not an RFC 5545 RRULE");
  hours.rules[1].rrule = "FREQ=HOURLY";
  EXPECT_EQ(check(hours), "rules[1].rrule: the FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  hours = DropInCentre();
  hours.rules[0].ranges.push_back({17 * 60, 25 * 60});
  EXPECT_EQ(check(hours), "rules[0].ranges[1]: the closing time must be 00:00–24:00");
  hours.rules[0].ranges = {{24 * 60, 60}};
  EXPECT_EQ(check(hours), "rules[0].ranges[0]: the opening time must be 00:00–23:59");
  hours.rules[0].ranges.clear();
  EXPECT_EQ(check(hours), "rules[0].ranges: the rule has no hours");
  hours = DropInCentre();
  hours.rules[0].weekdays = 0;
  EXPECT_EQ(check(hours), "rules[0]: the rule has neither weekdays nor an RRULE");
  hours = DropInCentre();
  hours.rules[0].valid_from = Day(2026, 9, 1);
  hours.rules[0].valid_to = Day(2026, 6, 1);
  EXPECT_EQ(check(hours), "rules[0].valid_to: valid_to is before valid_from");
  hours = DropInCentre();
  hours.overrides.push_back({Day(2026, 1, 2), Day(2026, 1, 1), {}, ""});
  EXPECT_EQ(check(hours), "overrides[0]: the last date is before the first");
  hours = DropInCentre();
  hours.holiday_ranges.clear();
  EXPECT_EQ(check(hours), "holiday_ranges: holiday hours without hours: say closed instead");
}

}  // namespace
}  // namespace rn::resources
