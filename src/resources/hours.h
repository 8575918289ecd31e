#pragma once
// When a community resource's service is open: its weekly hours (split shifts are several ranges a
// day), recurrence rules (RFC 5545 RRULEs: "first Monday", "every other week"), each valid between
// optional dates; dates it is closed or keeps other hours; and its hours on the holidays of its
// site's calendar. And the questions a page asks: open now? until when? the coming week's hours?
//
// Wall-clock times are in the service's IANA zone and become instants by these DST rules
// (contract):
// - a local time that does not exist (the spring-forward gap, 02:30 on 8 March 2026 in New York) is
//   the first instant after the gap (03:00 daylight time), so hours that would open in the gap open
//   when it ends, and a range lying wholly inside the gap is never open;
// - an ambiguous local time (the repeated hour of the fall-back night) is its first occurrence, so
//   a range closing at 01:30 that night closes in the daylight-time pass, and one that runs across
//   the repeated hour is open through both passes.
// A range belongs to the local day it opens on: its hours are that day's (holiday or not), and one
// that closes past midnight runs into the next day whatever the next day is.
// (A meeting's start in directory/schedule.h moves by the gap instead: 02:30 → 03:30. Opening hours
// take the gap's end, so that a service open from 02:30 is open as soon as the clock reads 03:00.)
//
// The queries are pure functions of their arguments and keep no state between calls; libical's
// iterators are made per call, and this build of libical keeps its own per-thread state under
// pthread keys. Not yet tested from several threads at once.

#include <date/date.h>
#include <date/tz.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resources/holidays.h"
#include "resources/time_of_day.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::resources {

// Opening hours within one local day, in minutes after midnight: from `opens` (0–1439) until
// `closes` (0–1440) on the same day, or on the next day when closes ≤ opens (22:00–02:00). So
// 00:00–24:00 and 09:00–09:00 are each 24 hours.
struct OpenRange {
  int opens = 0;
  int closes = 0;

  // Whether it closes on the day after it opens.
  bool Overnight() const { return closes <= opens; }
  bool operator==(const OpenRange&) const = default;
};

// Weekdays as a bit set: bit d for date::weekday d's c_encoding() (0 = Sunday … 6 = Saturday).
using WeekdaySet = std::uint8_t;
inline constexpr WeekdaySet kEveryDay = 0x7f;
constexpr WeekdaySet Weekday(date::weekday day) {
  return static_cast<WeekdaySet>(1u << day.c_encoding());
}

// One entry of a service's usual schedule: the days it applies to and its hours on each.
struct HoursRule {
  // The days, when `rrule` is empty: every week on these weekdays.
  WeekdaySet weekdays = 0;
  // Otherwise the days are the occurrences of this RFC 5545 recurrence rule (the value of an RRULE
  // property, "FREQ=MONTHLY;BYDAY=1MO", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU") starting on `dtstart`;
  // its FREQ is DAILY, WEEKLY, MONTHLY or YEARLY (the times of day are `ranges`, never BYHOUR).
  // Expanded with libical.
  std::string rrule;
  // The first day of the recurrence: what INTERVAL counts from and COUNT from. Only with `rrule`.
  date::local_days dtstart{};
  // The hours of each of those days; several ranges are split shifts.
  std::vector<OpenRange> ranges;
  // The rule holds from valid_from through valid_to (both inclusive, either open-ended): seasonal
  // hours, or HSDS's valid_from/valid_to.
  std::optional<date::local_days> valid_from;
  std::optional<date::local_days> valid_to;
  std::string description;  // as the source says it, for people ("Winter hours")
};

// Days that do not keep the usual hours: closed (no ranges) or with other ones (HSDS 1.x
// holiday_schedules, closed = false), from `first` through `last`.
struct DateOverride {
  date::local_days first{};
  date::local_days last{};
  std::vector<OpenRange> ranges;  // empty: closed all day
  std::string note;               // "Closed for renovation"
};

// What a service does on the holidays of its site's calendar.
enum class HolidayPolicy {
  kUsualHours,    // nothing special: the usual rules apply
  kClosed,        // closed
  kHolidayHours,  // open `holiday_ranges` instead of the usual hours
};

// The hours of one service.
struct Hours {
  std::vector<HoursRule> rules;
  // The first override that covers a day decides it; overrides come before holidays.
  std::vector<DateOverride> overrides;
  HolidayPolicy on_holidays = HolidayPolicy::kUsualHours;
  std::vector<OpenRange> holiday_ranges;  // with kHolidayHours
};

// OK, or the first thing wrong with `hours`, naming it (field "rules[2].ranges[0]",
// "rules[1].rrule", "overrides[0]"): a range's minutes out of their bounds, an RRULE libical does
// not parse or of a sub-daily FREQ, a rule with no days, validity or override dates the wrong way
// round. The queries below take hours that pass.
Status CheckHours(const Hours& hours);

// Whose hours a day keeps, in the order they are decided.
enum class DayKind {
  kUsual,     // the rules' (possibly none: closed that day)
  kOverride,  // a DateOverride's
  kHoliday,   // a holiday, with kClosed or kHolidayHours
};

struct DayHours {
  date::local_days day{};
  DayKind kind = DayKind::kUsual;
  std::vector<OpenRange> ranges;  // sorted by opening; empty: closed
  // The holiday's name when `day` is one in the calendar, whatever `kind` (so a page can mark it).
  std::string holiday;
  std::string note;  // the override's note, with kOverride
};

// The hours of the `count` local days starting with `first`, in order (a week for a service page:
// today first). Each day's ranges are the union of the rules that hold that day, in opening order.
std::vector<DayHours> HoursOfDays(const Hours& hours, const HolidayCalendar& holidays,
                                  date::local_days first, int count);

// An interval of instants [start, end).
struct OpenInterval {
  Instant start;
  Instant end;
  bool operator==(const OpenInterval&) const = default;
};

// The instants the service is open because of the ranges that open on the `count` local days
// starting with `first`, by the DST rules above: sorted, with overlapping and touching ones merged
// (13:00 closing and 13:00 opening is one interval). The last may run past the end of those days.
std::vector<OpenInterval> OpenIntervals(const Hours& hours, const HolidayCalendar& holidays,
                                        const date::time_zone* zone, date::local_days first,
                                        int count);

inline constexpr int kSearchDays = 14;

// Open or closed at an instant, and until when.
struct OpenState {
  bool open = false;
  // When it next closes (open) or next opens (closed); nullopt when that is not within the search:
  // a 24-hour service that stays open, or one with no hours in the next kSearchDays days.
  std::optional<Instant> next_change;
  // Whole minutes from the instant until next_change, rounded up ("closes in 20 min" at 22:40:00
  // and at 22:40:30 for 23:00); 0 without next_change.
  int minutes_until = 0;
  // next_change as local wall-clock time in the service's zone: the day and minute after midnight
  // ("opens Thursday at 5 pm").
  date::local_days change_day{};
  int change_minute = 0;
};

// The state at `at` in `zone`. Looks at the ranges opening from the local day before `at`'s (an
// overnight range from yesterday may still be open) through kSearchDays days after it.
OpenState StateAt(const Hours& hours, const HolidayCalendar& holidays, const date::time_zone* zone,
                  Instant at);

// The local day of `instant` in `zone`.
date::local_days LocalDay(const date::time_zone* zone, Instant instant);

// The instant of local wall-clock time `local` in `zone` by the DST rules above.
Instant LocalToInstant(const date::time_zone* zone, date::local_seconds local);

}  // namespace rn::resources
