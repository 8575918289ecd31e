#include "resources/holidays.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

namespace rn::resources {
namespace {

date::local_days Day(int year, unsigned month, unsigned day) {
  return date::local_days(date::year(year) / date::month(month) / date::day(day));
}

// OPM's published list for 2026 (opm.gov, federal holidays): Independence Day on a Saturday is
// observed Friday 3 July.
TEST(Holidays, UsFederal2026AsOpmLists) {
  const std::vector<Holiday> expected = {
      {Day(2026, 1, 1), "New Year's Day"},
      {Day(2026, 1, 19), "Birthday of Martin Luther King, Jr."},
      {Day(2026, 2, 16), "Washington's Birthday"},
      {Day(2026, 5, 25), "Memorial Day"},
      {Day(2026, 6, 19), "Juneteenth National Independence Day"},
      {Day(2026, 7, 3), "Independence Day (observed)"},
      {Day(2026, 9, 7), "Labor Day"},
      {Day(2026, 10, 12), "Columbus Day"},
      {Day(2026, 11, 11), "Veterans Day"},
      {Day(2026, 11, 26), "Thanksgiving Day"},
      {Day(2026, 12, 25), "Christmas Day"},
  };
  EXPECT_EQ(UsFederalHolidays(2026), expected);
}

// Sunday → Monday: Juneteenth 2022 and Christmas 2022 fell on Sundays.
TEST(Holidays, SundayHolidayIsObservedOnMonday) {
  const HolidayCalendar calendar = HolidayCalendar::UsFederal(2022, 2022);
  ASSERT_NE(calendar.Find(Day(2022, 6, 20)), nullptr);
  EXPECT_EQ(*calendar.Find(Day(2022, 6, 20)), "Juneteenth National Independence Day (observed)");
  EXPECT_EQ(*calendar.Find(Day(2022, 12, 26)), "Christmas Day (observed)");
  EXPECT_FALSE(calendar.IsHoliday(Day(2022, 6, 19)));
  EXPECT_FALSE(calendar.IsHoliday(Day(2022, 12, 25)));
}

// New Year's Day 2022 was a Saturday: observed Friday 31 December 2021, in 2021's list, not 2022's.
TEST(Holidays, NewYearOnSaturdayIsObservedInTheYearBefore) {
  const std::vector<Holiday> in2021 = UsFederalHolidays(2021);
  ASSERT_FALSE(in2021.empty());
  EXPECT_EQ(in2021.back(), (Holiday{Day(2021, 12, 31), "New Year's Day (observed)"}));
  const std::vector<Holiday> in2022 = UsFederalHolidays(2022);
  EXPECT_EQ(in2022.size(), 10u);
  EXPECT_EQ(in2022.front().name, "Birthday of Martin Luther King, Jr.");
  EXPECT_EQ(UsFederalHolidays(2026).size(), 11u);
}

// The movable ones over many years: each on its weekday, within its week of the month.
TEST(Holidays, MovableHolidaysFallOnTheirWeekday) {
  for (int year = 2020; year <= 2040; ++year) {
    for (const Holiday& holiday : UsFederalHolidays(year)) {
      const date::weekday weekday(holiday.day);
      EXPECT_NE(weekday, date::Saturday) << holiday.name << " " << year;
      EXPECT_NE(weekday, date::Sunday) << holiday.name << " " << year;
      const unsigned day = static_cast<unsigned>(date::year_month_day(holiday.day).day());
      if (holiday.name == "Memorial Day") {
        EXPECT_EQ(weekday, date::Monday);
        EXPECT_GE(day, 25u);
      } else if (holiday.name == "Thanksgiving Day") {
        EXPECT_EQ(weekday, date::Thursday);
        EXPECT_TRUE(day >= 22 && day <= 28) << year;
      } else if (holiday.name == "Labor Day") {
        EXPECT_LE(day, 7u);
      }
    }
  }
}

TEST(Holidays, CalendarIsEditable) {
  HolidayCalendar calendar = HolidayCalendar::UsFederal(2026, 2026);
  EXPECT_EQ(calendar.All().size(), 11u);
  // A site that keeps Columbus Day open and closes the day after Thanksgiving.
  EXPECT_TRUE(calendar.Remove(Day(2026, 10, 12)));
  EXPECT_FALSE(calendar.Remove(Day(2026, 10, 12)));
  calendar.Add(Day(2026, 11, 27), "Day after Thanksgiving");
  EXPECT_FALSE(calendar.IsHoliday(Day(2026, 10, 12)));
  ASSERT_NE(calendar.Find(Day(2026, 11, 27)), nullptr);
  EXPECT_EQ(*calendar.Find(Day(2026, 11, 27)), "Day after Thanksgiving");
  calendar.Add(Day(2026, 11, 27), "Native American Heritage Day");
  EXPECT_EQ(*calendar.Find(Day(2026, 11, 27)), "Native American Heritage Day");
  const std::vector<Holiday> all = calendar.All();
  EXPECT_EQ(all.size(), 11u);
  EXPECT_TRUE(std::is_sorted(all.begin(), all.end(),
                             [](const Holiday& a, const Holiday& b) { return a.day < b.day; }));
}

}  // namespace
}  // namespace rn::resources
