#pragma once
// A site's holiday calendar: named local dates on which services with holiday hours keep those
// instead of their usual ones (hours.h). A site starts from the US federal holidays and edits them.

#include <date/date.h>

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace rn::resources {

struct Holiday {
  date::local_days day;
  std::string name;  // "Memorial Day", "Independence Day (observed)"
  bool operator==(const Holiday&) const = default;
};

// The 11 legal public holidays of 5 U.S.C. 6103(a) whose observed day falls in `year`, in date
// order. A holiday on a Saturday is observed the Friday before, one on a Sunday the Monday after
// (Executive Order 11582), and the calendar holds the observed day — the day offices close — named
// "… (observed)". So New Year's Day of `year` + 1 on a Saturday is observed on 31 December of
// `year` and is in this year's list, and the actual Saturday or Sunday is not in any list.
std::vector<Holiday> UsFederalHolidays(int year);

// A set of named dates, at most one name a date. Not thread-safe for writes; a const calendar may
// be read from any number of threads.
class HolidayCalendar final {
 public:
  HolidayCalendar() = default;

  // The US federal holidays (UsFederalHolidays) of the years first_year…last_year: the default
  // calendar of a site.
  static HolidayCalendar UsFederal(int first_year, int last_year);

  // Adds `day` as a holiday called `name`, or renames it when it is already one.
  void Add(date::local_days day, std::string name);
  // Removes `day`; returns whether it was a holiday.
  bool Remove(date::local_days day);

  // The name of the holiday on `day`, or nullptr when `day` is not one. The pointer is valid until
  // the calendar is next changed.
  const std::string* Find(date::local_days day) const;
  bool IsHoliday(date::local_days day) const { return Find(day) != nullptr; }

  // Every holiday, in date order.
  std::vector<Holiday> All() const;

 private:
  std::map<date::local_days, std::string> names_;
};

}  // namespace rn::resources
