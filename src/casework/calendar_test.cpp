#include "casework/calendar.h"

#include <gtest/gtest.h>

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
using date::day;
using date::month;
using date::year;

const date::time_zone* Chicago() { return date::locate_zone("America/Chicago"); }

TEST(LocalDay, IsTheSitesDayNotUtcs) {
  // 23:30 CST on Tuesday 1 December 2026 is 05:30 UTC on the 2nd.
  const Instant late = date::sys_days{year{2026} / month{12} / day{2}} + 5h + 30min;
  EXPECT_EQ(LocalDay(late, Chicago()), year{2026} / month{12} / day{1});
  EXPECT_EQ(DaysBetween(late, late + 31min, Chicago()), 1);
  EXPECT_EQ(DaysBetween(late + 31min, late, Chicago()), -1);
}

TEST(StartOfDay, IsLocalMidnightAcrossDaylightSavingChanges) {
  // Sunday 1 November 2026, Chicago falls back at 02:00 CDT: the day starts at 05:00 UTC.
  EXPECT_EQ(StartOfDay(year{2026} / month{11} / day{1}, Chicago()),
            date::sys_days{year{2026} / month{11} / day{1}} + 5h);
  EXPECT_EQ(StartOfDay(year{2026} / month{11} / day{2}, Chicago()),
            date::sys_days{year{2026} / month{11} / day{2}} + 6h);
  // Havana springs forward at midnight (00:00 → 01:00 CDT on 8 March 2026): the day starts at
  // 01:00.
  const date::time_zone* havana = date::locate_zone("America/Havana");
  EXPECT_EQ(StartOfDay(year{2026} / month{3} / day{8}, havana),
            date::sys_days{year{2026} / month{3} / day{8}} + 5h);
}

TEST(ParseDay, TakesOnlyRealDays) {
  EXPECT_EQ(*ParseDay("due", "2027-02-28"), year{2027} / month{2} / day{28});
  for (const char* bad :
       {"2027-02-29", "2027-2-28", "27-02-28", "2027-13-01", "2027-02-28T00", "", "tomorrow"}) {
    Result<Day> parsed = ParseDay("due", bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.status().field(), "due");
  }
  EXPECT_EQ(FormatDay(year{2027} / month{2} / day{8}), "2027-02-08");
}

TEST(FollowUpOn, UpcomingDueTodayOrOverdue) {
  const Day today = year{2026} / month{12} / day{2};
  EXPECT_EQ(FollowUpOn(std::nullopt, today), FollowUp{});
  EXPECT_EQ(FollowUpOn(today, today), (FollowUp{FollowUpState::kDueToday, 0}));
  EXPECT_EQ(FollowUpOn(AddDays(today, 3), today), (FollowUp{FollowUpState::kUpcoming, 3}));
  EXPECT_EQ(FollowUpOn(year{2026} / month{11} / day{25}, today),
            (FollowUp{FollowUpState::kOverdue, 7}));
}

TEST(FollowUpOn, TheDayTurnsAtTheSitesMidnight) {
  const Day due = year{2026} / month{12} / day{1};
  // 23:59 CST on the 1st: due today; a minute later: a day overdue.
  const Instant before = date::sys_days{year{2026} / month{12} / day{2}} + 5h + 59min;
  EXPECT_EQ(FollowUpOn(due, LocalDay(before, Chicago())).state, FollowUpState::kDueToday);
  EXPECT_EQ(FollowUpOn(due, LocalDay(before + 1min, Chicago())),
            (FollowUp{FollowUpState::kOverdue, 1}));
}

}  // namespace
}  // namespace rn::casework
