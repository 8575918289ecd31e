#pragma once
// Days as a site counts them: follow-ups are due on a date, a consent expires at the end of a date,
// "days since the last contact" counts midnights — all in the site's time zone, whatever the
// server's. Pure; the instant is always passed in (an injected clock).

#include <date/date.h>
#include <date/tz.h>

#include <optional>
#include <string>
#include <string_view>

#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

using Day = date::year_month_day;

// The calendar day of `at` in `zone`.
Day LocalDay(Instant at, const date::time_zone* zone);

// The instant the wall-clock time `local` in `zone` stands for: the earlier of two when the clocks
// fall back, and the moment the clocks jump when they spring forward past it (a shift or a day that
// would start in the gap starts when the gap ends; the directory's meeting times move forward by
// the gap instead, as RFC 5545 has it: directory/schedule.h LocalToInstant).
Instant LocalInstant(date::local_seconds local, const date::time_zone* zone);

// The first instant of `day` in `zone` (its local midnight, or the first instant after it when a
// daylight-saving change skips midnight).
Instant StartOfDay(Day day, const date::time_zone* zone);

// The midnights between the days of `from` and `to` in `zone` (negative when `to` is earlier).
int DaysBetween(Instant from, Instant to, const date::time_zone* zone);

// `day` moved by `days` (negative: back).
Day AddDays(Day day, int days);

// "YYYY-MM-DD" as a valid date, or kInvalidArgument naming `field`.
Result<Day> ParseDay(std::string_view field, std::string_view text);
// "YYYY-MM-DD".
std::string FormatDay(Day day);

// A follow-up as the caseload shows it on `today`.
enum class FollowUpState {
  kNone,      // no follow-up date set
  kUpcoming,  // due after today
  kDueToday,
  kOverdue,  // due before today
};
struct FollowUp {
  FollowUpState state = FollowUpState::kNone;
  int days = 0;  // kUpcoming: days until it is due; kOverdue: days since; otherwise 0

  bool operator==(const FollowUp&) const = default;
};
FollowUp FollowUpOn(std::optional<Day> due, Day today);

}  // namespace rn::casework
