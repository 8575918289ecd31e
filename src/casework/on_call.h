#pragma once
// Who is on call, and whom an urgent referral pages when. A program's roster is weekly shifts in
// the site's time zone (a shift's start and end are wall-clock times, so a night shift on the night
// the clocks change is an hour longer or shorter, as the roster means); who is on call at an
// instant follows from it, DST-correct. Pure: the instant is passed in.

#include <chrono>
#include <string>
#include <vector>

#include "casework/calendar.h"
#include "casework/codes.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

// One weekly shift on a program's on-call roster.
struct Shift {
  std::string user_id;
  int weekday = 0;            // 0 = Sunday … 6 = Saturday, the day the shift starts
  int start_minute = 0;       // 0 … 1439, the local time it starts
  int duration_minutes = 60;  // 1 … 1440; may run past midnight
  int rank = 1;               // 1 = first on call, 2 = the backup, …

  bool operator==(const Shift&) const = default;
};

// The days a shift starts on, as the API writes them (Shift::weekday).
inline constexpr CodeTable<int, 7> kWeekdays{{{
    {0, "sunday"},
    {1, "monday"},
    {2, "tuesday"},
    {3, "wednesday"},
    {4, "thursday"},
    {5, "friday"},
    {6, "saturday"},
}}};

// OK when `shift` is well formed; else kInvalidArgument naming "user", "weekday", "start",
// "duration_minutes" or "rank" (1 … 9).
Status ValidateShift(const Shift& shift);

// The users on call at `at` in `zone`, in order: those whose shift covers `at` (from its local
// start, inclusive, to its local end, exclusive), by rank, then by the shift's start, without
// repeats.
std::vector<std::string> OnCallAt(const std::vector<Shift>& roster, Instant at,
                                  const date::time_zone* zone);

// One page an urgent referral sends: to whom, and when it is due.
struct PageStep {
  std::vector<std::string> user_ids;
  bool supervisors = false;  // the last step: every supervisor of the site
  Instant due{};

  bool operator==(const PageStep&) const = default;
};

// The pages of an urgent referral received at `received` while `on_call` are on call (in order)
// and the site's supervisors are `supervisors`: the first on call at once, then each next one
// `timeout` after the one before, then every supervisor `timeout` after the last on call (at once
// when nobody is on call). Nobody on call and no supervisor: no page. The worker sends the steps
// that are due while the referral is still requested (nobody has accepted it).
std::vector<PageStep> EscalationPlan(const std::vector<std::string>& on_call,
                                     const std::vector<std::string>& supervisors, Instant received,
                                     std::chrono::minutes timeout);

}  // namespace rn::casework
