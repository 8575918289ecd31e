#include "resources/holidays.h"

#include <utility>

namespace rn::resources {
namespace {

using date::local_days;

// The `index`th (1-based) `weekday` of `month` in `year`.
local_days NthWeekday(int year, unsigned month, date::weekday weekday, unsigned index) {
  return local_days(date::year(year) / date::month(month) / weekday[index]);
}

local_days LastWeekday(int year, unsigned month, date::weekday weekday) {
  return local_days(date::year(year) / date::month(month) / weekday[date::last]);
}

local_days Fixed(int year, unsigned month, unsigned day) {
  return local_days(date::year(year) / date::month(month) / date::day(day));
}

// A holiday on a fixed date moves off the weekend (5 U.S.C. 6103(b), Executive Order 11582).
Holiday Observed(local_days actual, std::string name) {
  const date::weekday weekday(actual);
  if (weekday == date::Saturday) return {actual - date::days(1), name + " (observed)"};
  if (weekday == date::Sunday) return {actual + date::days(1), name + " (observed)"};
  return {actual, std::move(name)};
}

// The holidays of `year` by their own date, before moving to the observed day.
std::vector<Holiday> HolidaysOfYear(int year) {
  using date::Monday;
  using date::Thursday;
  return {
      Observed(Fixed(year, 1, 1), "New Year's Day"),
      {NthWeekday(year, 1, Monday, 3), "Birthday of Martin Luther King, Jr."},
      {NthWeekday(year, 2, Monday, 3), "Washington's Birthday"},
      {LastWeekday(year, 5, Monday), "Memorial Day"},
      Observed(Fixed(year, 6, 19), "Juneteenth National Independence Day"),
      Observed(Fixed(year, 7, 4), "Independence Day"),
      {NthWeekday(year, 9, Monday, 1), "Labor Day"},
      {NthWeekday(year, 10, Monday, 2), "Columbus Day"},
      Observed(Fixed(year, 11, 11), "Veterans Day"),
      {NthWeekday(year, 11, Thursday, 4), "Thanksgiving Day"},
      Observed(Fixed(year, 12, 25), "Christmas Day"),
  };
}

}  // namespace

std::vector<Holiday> UsFederalHolidays(int year) {
  const local_days first = Fixed(year, 1, 1);
  const local_days last = Fixed(year, 12, 31);
  std::vector<Holiday> holidays;
  // New Year's Day of `year` may be observed in the year before, and that of the next year in this
  // one: both years' lists are looked at.
  for (int of_year : {year, year + 1}) {
    for (Holiday& holiday : HolidaysOfYear(of_year)) {
      if (holiday.day >= first && holiday.day <= last) holidays.push_back(std::move(holiday));
    }
  }
  return holidays;
}

HolidayCalendar HolidayCalendar::UsFederal(int first_year, int last_year) {
  HolidayCalendar calendar;
  for (int year = first_year; year <= last_year; ++year) {
    for (Holiday& holiday : UsFederalHolidays(year)) {
      calendar.Add(holiday.day, std::move(holiday.name));
    }
  }
  return calendar;
}

void HolidayCalendar::Add(local_days day, std::string name) { names_[day] = std::move(name); }

bool HolidayCalendar::Remove(local_days day) { return names_.erase(day) > 0; }

const std::string* HolidayCalendar::Find(local_days day) const {
  const auto found = names_.find(day);
  return found == names_.end() ? nullptr : &found->second;
}

std::vector<Holiday> HolidayCalendar::All() const {
  std::vector<Holiday> holidays;
  holidays.reserve(names_.size());
  for (const auto& [day, name] : names_) holidays.push_back({day, name});
  return holidays;
}

}  // namespace rn::resources
