// The hours against a brute-force reference: for every minute of 2026, whether the service is open
// and, sampled, when that next changes, from an evaluator written here without libical and without
// the code under test's conversions from local time to instants.
//
// The reference walks the year minute by minute in UTC and takes each minute's local civil time
// from date::zoned_time. The DST rules of hours.h say a local time B stands for the first instant
// whose local time is at or after B (the end of a gap; the first of a repeated hour), so B has been
// reached at minute t exactly when the greatest local time of the minutes up to t is at least B.
// The reference therefore decides "open" on that running greatest local time: open when a range of
// its day, or an overnight range of the day before, contains it — each day's ranges decided from
// the schedule's plain-language rules directly ("first Monday": a Monday among the first 7 days).

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "resources/hours.h"

namespace rn::resources {
namespace {

using date::days;
using date::local_days;
using std::chrono::minutes;

local_days Day(int year, unsigned month, unsigned day) {
  return local_days(date::year(year) / date::month(month) / date::day(day));
}

OpenRange Range(int opens_hour, int opens_minute, int closes_hour, int closes_minute) {
  return {opens_hour * 60 + opens_minute, closes_hour * 60 + closes_minute};
}

bool Is(local_days day, date::weekday weekday) { return date::weekday(day) == weekday; }
unsigned DayOfMonth(local_days day) {
  return static_cast<unsigned>(date::year_month_day(day).day());
}
bool FirstOfMonth(local_days day, date::weekday weekday) {
  return Is(day, weekday) && DayOfMonth(day) <= 7;
}
bool LastOfMonth(local_days day, date::weekday weekday) {
  return Is(day, weekday) &&
         date::year_month_day(day + days(7)).month() != date::year_month_day(day).month();
}
// `weekday` in the weeks 0, 2, 4, … counted from `anchor` (itself such a weekday).
bool EveryOtherWeek(local_days day, date::weekday weekday, local_days anchor) {
  return Is(day, weekday) && day >= anchor && (day - anchor).count() / 7 % 2 == 0;
}
bool Between(local_days day, local_days first, local_days last) {
  return day >= first && day <= last;
}

// The observed US federal holidays from 25 December 2025 through 2027's New Year's Day, written
// out from OPM's lists rather than computed.
bool FederalHoliday(local_days day) {
  static const std::vector<local_days> kDays = {
      Day(2025, 12, 25), Day(2026, 1, 1),   Day(2026, 1, 19), Day(2026, 2, 16),  Day(2026, 5, 25),
      Day(2026, 6, 19),  Day(2026, 7, 3),   Day(2026, 9, 7),  Day(2026, 10, 12), Day(2026, 11, 11),
      Day(2026, 11, 26), Day(2026, 12, 25), Day(2027, 1, 1)};
  return std::find(kDays.begin(), kDays.end(), day) != kDays.end();
}

struct Case {
  std::string name;
  const date::time_zone* zone;
  Hours hours;                                            // for the code under test
  HolidayCalendar holidays;                               // for the code under test
  std::function<std::vector<OpenRange>(local_days)> day;  // the reference's hours of a day
};

HoursRule Weekly(WeekdaySet weekdays, std::vector<OpenRange> ranges) {
  HoursRule rule;
  rule.weekdays = weekdays;
  rule.ranges = std::move(ranges);
  return rule;
}

HoursRule Recurring(std::string rrule, local_days dtstart, std::vector<OpenRange> ranges) {
  HoursRule rule;
  rule.rrule = std::move(rrule);
  rule.dtstart = dtstart;
  rule.ranges = std::move(ranges);
  return rule;
}

constexpr WeekdaySet kMondayToFriday = 0x3e;

// The seed's drop-in centre: Thursday and Friday 17–23, weekends 10–22, holidays 10–13.
Case DropInCentre() {
  Case c{"drop-in centre",
         date::locate_zone("America/New_York"),
         {},
         HolidayCalendar::UsFederal(2025, 2027),
         {}};
  c.hours.rules = {Weekly(Weekday(date::Thursday) | Weekday(date::Friday), {Range(17, 0, 23, 0)}),
                   Weekly(Weekday(date::Saturday) | Weekday(date::Sunday), {Range(10, 0, 22, 0)})};
  c.hours.on_holidays = HolidayPolicy::kHolidayHours;
  c.hours.holiday_ranges = {Range(10, 0, 13, 0)};
  c.day = [](local_days day) -> std::vector<OpenRange> {
    if (FederalHoliday(day)) return {Range(10, 0, 13, 0)};
    if (Is(day, date::Thursday) || Is(day, date::Friday)) return {Range(17, 0, 23, 0)};
    if (Is(day, date::Saturday) || Is(day, date::Sunday)) return {Range(10, 0, 22, 0)};
    return {};
  };
  return c;
}

// Split shifts on weekdays, late nights past midnight on Friday and Saturday, and Sunday 01:30–
// 03:30, which on the DST Sundays opens in the gap (March) and in the repeated hour (November).
Case SplitShiftsAndLateNights() {
  Case c{"split shifts and late nights", date::locate_zone("America/New_York"), {}, {}, {}};
  c.hours.rules = {
      Weekly(kMondayToFriday, {Range(9, 0, 12, 0), Range(13, 30, 17, 0)}),
      Weekly(Weekday(date::Friday) | Weekday(date::Saturday), {Range(22, 0, 2, 0)}),
      Weekly(Weekday(date::Sunday), {Range(1, 30, 3, 30)}),
  };
  c.day = [](local_days day) {
    std::vector<OpenRange> ranges;
    if (!Is(day, date::Saturday) && !Is(day, date::Sunday)) {
      ranges = {Range(9, 0, 12, 0), Range(13, 30, 17, 0)};
    }
    if (Is(day, date::Friday) || Is(day, date::Saturday)) ranges.push_back(Range(22, 0, 2, 0));
    if (Is(day, date::Sunday)) ranges.push_back(Range(1, 30, 3, 30));
    return ranges;
  };
  return c;
}

// RRULEs: first Monday evenings, last Friday lunches, every other Tuesday; a nightly 02:15–02:45
// in March and around November's change (wholly in the gap on 8 March); closed 24–27 December and
// on holidays.
Case Recurrences() {
  Case c{"recurrences",
         date::locate_zone("America/New_York"),
         {},
         HolidayCalendar::UsFederal(2025, 2027),
         {}};
  HoursRule march = Weekly(kEveryDay, {Range(2, 15, 2, 45)});
  march.valid_from = Day(2026, 3, 1);
  march.valid_to = Day(2026, 3, 31);
  HoursRule november = march;
  november.valid_from = Day(2026, 10, 25);
  november.valid_to = Day(2026, 11, 7);
  c.hours.rules = {
      Recurring("FREQ=MONTHLY;BYDAY=1MO", Day(2025, 1, 1), {Range(18, 0, 20, 0)}),
      Recurring("FREQ=MONTHLY;BYDAY=-1FR", Day(2025, 1, 1), {Range(12, 0, 14, 0)}),
      Recurring("FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", Day(2025, 12, 30), {Range(10, 0, 12, 0)}),
      march,
      november,
  };
  c.hours.overrides = {{Day(2026, 12, 24), Day(2026, 12, 27), {}, "closed"}};
  c.hours.on_holidays = HolidayPolicy::kClosed;
  c.day = [](local_days day) {
    std::vector<OpenRange> ranges;
    if (Between(day, Day(2026, 12, 24), Day(2026, 12, 27)) || FederalHoliday(day)) return ranges;
    if (FirstOfMonth(day, date::Monday)) ranges.push_back(Range(18, 0, 20, 0));
    if (LastOfMonth(day, date::Friday)) ranges.push_back(Range(12, 0, 14, 0));
    if (EveryOtherWeek(day, date::Tuesday, Day(2025, 12, 30))) {
      ranges.push_back(Range(10, 0, 12, 0));
    }
    if (Between(day, Day(2026, 3, 1), Day(2026, 3, 31)) ||
        Between(day, Day(2026, 10, 25), Day(2026, 11, 7))) {
      ranges.push_back(Range(2, 15, 2, 45));
    }
    return ranges;
  };
  return c;
}

// Seasons: summer (June–August) every day 08–20, otherwise Monday–Saturday 10–16; a 24-hour
// weekend in November (00:00–00:00, across the fall-back night); other hours on 4 July.
Case Seasons() {
  Case c{"seasons", date::locate_zone("America/New_York"), {}, {}, {}};
  HoursRule summer = Weekly(kEveryDay, {Range(8, 0, 20, 0)});
  summer.valid_from = Day(2026, 6, 1);
  summer.valid_to = Day(2026, 8, 31);
  HoursRule spring = Weekly(kMondayToFriday | Weekday(date::Saturday), {Range(10, 0, 16, 0)});
  spring.valid_to = Day(2026, 5, 31);
  HoursRule autumn = spring;
  autumn.valid_to.reset();
  autumn.valid_from = Day(2026, 9, 1);
  HoursRule around_the_clock =
      Weekly(Weekday(date::Saturday) | Weekday(date::Sunday), {Range(0, 0, 0, 0)});
  around_the_clock.valid_from = Day(2026, 10, 31);
  around_the_clock.valid_to = Day(2026, 11, 8);
  c.hours.rules = {summer, spring, autumn, around_the_clock};
  c.hours.overrides = {{Day(2026, 7, 4), Day(2026, 7, 4), {Range(12, 0, 15, 0)}, "fireworks"}};
  c.day = [](local_days day) {
    std::vector<OpenRange> ranges;
    if (day == Day(2026, 7, 4)) return std::vector<OpenRange>{Range(12, 0, 15, 0)};
    if (Between(day, Day(2026, 6, 1), Day(2026, 8, 31))) {
      ranges.push_back(Range(8, 0, 20, 0));
    } else if (!Is(day, date::Sunday)) {
      ranges.push_back(Range(10, 0, 16, 0));
    }
    if (Between(day, Day(2026, 10, 31), Day(2026, 11, 8)) &&
        (Is(day, date::Saturday) || Is(day, date::Sunday))) {
      ranges.push_back(Range(0, 0, 24, 0));
    }
    return ranges;
  };
  return c;
}

// Adelaide: a half-hour offset (+9:30/+10:30) and southern DST (back on 5 April, forward on
// 4 October 2026, both at night on a Sunday): Thursday 17:00–01:00, every other Sunday 01:00–
// 04:00 (both change Sundays are among them), and a nightly 02:30–03:15.
Case Adelaide() {
  Case c{"Adelaide", date::locate_zone("Australia/Adelaide"), {}, {}, {}};
  c.hours.rules = {
      Weekly(Weekday(date::Thursday), {Range(17, 0, 1, 0)}),
      Recurring("FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", Day(2026, 1, 4), {Range(1, 0, 4, 0)}),
      Weekly(kEveryDay, {Range(2, 30, 3, 15)}),
  };
  c.day = [](local_days day) {
    std::vector<OpenRange> ranges = {Range(2, 30, 3, 15)};
    if (Is(day, date::Thursday)) ranges.push_back(Range(17, 0, 1, 0));
    if (EveryOtherWeek(day, date::Sunday, Day(2026, 1, 4))) ranges.push_back(Range(1, 0, 4, 0));
    return ranges;
  };
  return c;
}

// Whether local minute `minute` of `day` is inside `range` of `range_day` (the same day or the day
// before), in civil time.
bool Covers(const OpenRange& range, int day_offset, int minute) {
  const bool overnight = range.closes <= range.opens;
  if (day_offset == 0) return minute >= range.opens && (overnight || minute < range.closes);
  return overnight && minute < range.closes;  // yesterday's range, after midnight
}

// The reference's open/closed state for every UTC minute from `from` on, `count` of them.
std::vector<bool> ReferenceStates(const Case& c, Instant from, int count) {
  std::vector<bool> open(static_cast<std::size_t>(count));
  date::local_seconds reached = date::zoned_time(c.zone, from).get_local_time();
  for (int index = 0; index < count; ++index) {
    const Instant at = from + minutes(index);
    reached = std::max(reached, date::zoned_time(c.zone, at).get_local_time());
    const local_days day = date::floor<days>(reached);
    const int minute = static_cast<int>((reached - day) / minutes(1));
    bool is_open = false;
    for (int day_offset : {0, 1}) {
      for (const OpenRange& range : c.day(day - days(day_offset))) {
        is_open = is_open || Covers(range, day_offset, minute);
      }
    }
    open[static_cast<std::size_t>(index)] = is_open;
  }
  return open;
}

std::string LocalText(const date::time_zone* zone, Instant instant) {
  return date::format("%F %a %R %Z", date::zoned_time(zone, instant)) + " (" +
         date::format("%FT%RZ", instant) + ")";
}

void CompareWithReference(const Case& c) {
  ASSERT_TRUE(CheckHours(c.hours).ok()) << CheckHours(c.hours).message();
  // The reference runs from a few days before 2026 (so that the greatest local time and yesterday's
  // ranges are settled) to 20 days after it (past the search of 2026's last minutes).
  const Instant sweep_start = date::sys_days(Day(2025, 12, 28).time_since_epoch());
  const Instant year_start = date::sys_days(date::year(2026) / 1 / 1);
  const Instant year_end = date::sys_days(date::year(2027) / 1 / 1);
  const Instant sweep_end = year_end + days(20);
  const int count = static_cast<int>((sweep_end - sweep_start) / minutes(1));
  const std::vector<bool> reference = ReferenceStates(c, sweep_start, count);
  // The index of the next minute whose state differs, or count when none does.
  std::vector<int> next_change(static_cast<std::size_t>(count), count);
  for (int index = count - 2; index >= 0; --index) {
    const auto here = static_cast<std::size_t>(index);
    next_change[here] = reference[here] != reference[here + 1] ? index + 1 : next_change[here + 1];
  }

  // Every minute of 2026 against the intervals the code computes for the year.
  const std::vector<OpenInterval> intervals =
      OpenIntervals(c.hours, c.holidays, c.zone, Day(2025, 12, 26), 400);
  auto interval = intervals.begin();
  int mismatches = 0;
  const int first = static_cast<int>((year_start - sweep_start) / minutes(1));
  const int last = static_cast<int>((year_end - sweep_start) / minutes(1));
  for (int index = first; index < last && mismatches < 5; ++index) {
    const Instant at = sweep_start + minutes(index);
    while (interval != intervals.end() && interval->end <= at) ++interval;
    const bool open = interval != intervals.end() && interval->start <= at;
    if (open != reference[static_cast<std::size_t>(index)]) {
      ++mismatches;
      ADD_FAILURE() << c.name << ": at " << LocalText(c.zone, at) << " the code says "
                    << (open ? "open" : "closed") << ", the reference the opposite";
    }
  }

  // StateAt, which plans only the days around its instant, at every 53rd minute and on both sides
  // of every change: its state and its next change.
  int checked = 0;
  for (int index = first; index < last && mismatches < 5; ++index) {
    const auto here = static_cast<std::size_t>(index);
    const bool near_change =
        next_change[here] == index + 1 || (index > 0 && reference[here] != reference[here - 1]);
    if (index % 53 != 0 && !near_change) continue;
    ++checked;
    const Instant at = sweep_start + minutes(index);
    const OpenState state = StateAt(c.hours, c.holidays, c.zone, at);
    const Instant expected = sweep_start + minutes(next_change[here]);
    const bool must_know = expected - at <= days(13);
    const bool agrees = state.open == reference[here] &&
                        (state.next_change ? *state.next_change == expected : !must_know);
    if (!agrees) {
      ++mismatches;
      ADD_FAILURE() << c.name << ": at " << LocalText(c.zone, at) << " StateAt says "
                    << (state.open ? "open" : "closed") << " until "
                    << (state.next_change ? LocalText(c.zone, *state.next_change) : "beyond")
                    << "; the reference " << (reference[here] ? "open" : "closed") << " until "
                    << LocalText(c.zone, expected);
    }
  }
  EXPECT_GT(checked, 10000) << c.name;
}

TEST(HoursReference, SeedDropInCentreEveryMinuteOf2026) { CompareWithReference(DropInCentre()); }
TEST(HoursReference, SplitShiftsAndLateNightsEveryMinuteOf2026) {
  CompareWithReference(SplitShiftsAndLateNights());
}
TEST(HoursReference, RecurrencesEveryMinuteOf2026) { CompareWithReference(Recurrences()); }
TEST(HoursReference, SeasonsEveryMinuteOf2026) { CompareWithReference(Seasons()); }
TEST(HoursReference, AdelaideEveryMinuteOf2026) { CompareWithReference(Adelaide()); }

}  // namespace
}  // namespace rn::resources
