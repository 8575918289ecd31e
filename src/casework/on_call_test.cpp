#include "casework/on_call.h"

#include <gtest/gtest.h>

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
using date::day;
using date::month;
using date::year;

const date::time_zone* Chicago() { return date::locate_zone("America/Chicago"); }

// `hh:mm` Chicago time on `d`, as an instant.
Instant Local(Day d, std::chrono::minutes hm) {
  return date::floor<std::chrono::seconds>(
      Chicago()->to_sys(date::local_days{d} + hm, date::choose::earliest));
}

// Tuesday 1 December 2026: days shift 08:00–16:00 (day coach first, backup second), a night shift
// 22:00–08:00 from Tuesday into Wednesday.
const std::vector<Shift> kRoster = {
    {"day-coach", 2, 8 * 60, 8 * 60, 1},
    {"backup", 2, 8 * 60, 8 * 60, 2},
    {"night-coach", 2, 22 * 60, 10 * 60, 1},
};
const Day kTuesday = year{2026} / month{12} / day{1};

TEST(OnCallAt, TheShiftsCoveringAnInstantInRankOrder) {
  EXPECT_EQ(OnCallAt(kRoster, Local(kTuesday, 7h + 59min), Chicago()), std::vector<std::string>{});
  EXPECT_EQ(OnCallAt(kRoster, Local(kTuesday, 8h), Chicago()),
            (std::vector<std::string>{"day-coach", "backup"}));
  EXPECT_EQ(OnCallAt(kRoster, Local(kTuesday, 15h + 59min), Chicago()),
            (std::vector<std::string>{"day-coach", "backup"}));
  EXPECT_EQ(OnCallAt(kRoster, Local(kTuesday, 16h), Chicago()), std::vector<std::string>{});
}

TEST(OnCallAt, ANightShiftRunsPastMidnightIntoTheNextDay) {
  EXPECT_EQ(OnCallAt(kRoster, Local(kTuesday, 23h + 30min), Chicago()),
            std::vector<std::string>{"night-coach"});
  const Day wednesday = AddDays(kTuesday, 1);
  EXPECT_EQ(OnCallAt(kRoster, Local(wednesday, 7h + 59min), Chicago()),
            std::vector<std::string>{"night-coach"});
  EXPECT_EQ(OnCallAt(kRoster, Local(wednesday, 8h), Chicago()), std::vector<std::string>{});
  // The same shift does not cover the next Tuesday's small hours (it starts on Tuesdays).
  EXPECT_EQ(OnCallAt(kRoster, Local(kTuesday, 1h), Chicago()), std::vector<std::string>{});
}

TEST(OnCallAt, ANightShiftOnTheNightTheClocksFallBackEndsAtItsWallClockTime) {
  // Saturday 31 October → Sunday 1 November 2026: 22:00 CDT to 08:00 CST is 11 hours.
  const std::vector<Shift> roster = {{"night-coach", 6, 22 * 60, 10 * 60, 1}};
  const Day saturday = year{2026} / month{10} / day{31};
  const Instant start = Local(saturday, 22h);
  EXPECT_EQ(OnCallAt(roster, start + 10h + 59min, Chicago()),
            std::vector<std::string>{"night-coach"});
  EXPECT_EQ(OnCallAt(roster, start + 11h, Chicago()), std::vector<std::string>{});
}

TEST(OnCallAt, AShiftStartingInTheSpringForwardGapStartsWhenTheClocksJump) {
  // Sunday 8 March 2026, 02:00 → 03:00 CDT: a shift from 02:30 starts at 03:00 CDT (08:00 UTC).
  const std::vector<Shift> roster = {{"early", 0, 2 * 60 + 30, 60, 1}};
  const Instant jump = date::sys_days{year{2026} / month{3} / day{8}} + 8h;
  EXPECT_EQ(OnCallAt(roster, jump - 1s, Chicago()), std::vector<std::string>{});
  EXPECT_EQ(OnCallAt(roster, jump, Chicago()), std::vector<std::string>{"early"});
}

TEST(OnCallAt, AUserOnTwoShiftsIsListedOnceAtTheBestRank) {
  const std::vector<Shift> roster = {
      {"a", 2, 8 * 60, 60, 2}, {"b", 2, 8 * 60, 60, 1}, {"a", 2, 7 * 60, 120, 1}};
  EXPECT_EQ(OnCallAt(roster, Local(kTuesday, 8h + 30min), Chicago()),
            (std::vector<std::string>{"a", "b"}));
}

TEST(ValidateShift, NamesTheField) {
  EXPECT_TRUE(ValidateShift(kRoster[0]).ok());
  EXPECT_EQ(ValidateShift({"", 2, 0, 60, 1}).field(), "user");
  EXPECT_EQ(ValidateShift({"u", 7, 0, 60, 1}).field(), "weekday");
  EXPECT_EQ(ValidateShift({"u", 2, 1440, 60, 1}).field(), "start");
  EXPECT_EQ(ValidateShift({"u", 2, 0, 0, 1}).field(), "duration_minutes");
  EXPECT_EQ(ValidateShift({"u", 2, 0, 1441, 1}).field(), "duration_minutes");
  EXPECT_EQ(ValidateShift({"u", 2, 0, 60, 0}).field(), "rank");
}

TEST(EscalationPlan, OnCallInTurnThenTheSupervisors) {
  const Instant received = Local(kTuesday, 23h + 30min);
  EXPECT_EQ(EscalationPlan({"first", "second"}, {"sup-1", "sup-2"}, received, 15min),
            (std::vector<PageStep>{{{"first"}, false, received},
                                   {{"second"}, false, received + 15min},
                                   {{"sup-1", "sup-2"}, true, received + 30min}}));
  EXPECT_EQ(EscalationPlan({}, {"sup-1"}, received, 15min),
            (std::vector<PageStep>{{{"sup-1"}, true, received}}));
  EXPECT_TRUE(EscalationPlan({}, {}, received, 15min).empty());
}

}  // namespace
}  // namespace rn::casework
