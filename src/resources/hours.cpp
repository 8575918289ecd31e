#include "resources/hours.h"

#include <libical/ical.h>

#include <algorithm>
#include <memory>
#include <utility>

namespace rn::resources {
namespace {

using date::days;
using date::local_days;
using std::chrono::minutes;
using std::chrono::seconds;

// libical's occurrences of one rule, bounded: a rule that libical would expand for ever (no UNTIL,
// no COUNT, dates far in the past) stops here rather than hang a request.
constexpr int kMaxOccurrences = 100000;

struct IteratorFree {
  void operator()(icalrecur_iterator* iterator) const { icalrecur_iterator_free(iterator); }
};
using Iterator = std::unique_ptr<icalrecur_iterator, IteratorFree>;

// The rule libical reads from `text`, or nullopt when it does not read one: libical's own parser
// sets freq to ICAL_NO_RECURRENCE on anything malformed (and never aborts: this build's errors are
// not fatal, which the tests check).
std::optional<icalrecurrencetype> ParseRrule(const std::string& text) {
  const icalrecurrencetype rule = icalrecurrencetype_from_string(text.c_str());
  if (rule.freq == ICAL_NO_RECURRENCE) return std::nullopt;
  return rule;
}

icaltimetype ToIcalDate(local_days day) {
  const date::year_month_day ymd(day);
  icaltimetype time = icaltime_null_time();
  time.year = static_cast<int>(ymd.year());
  time.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  time.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  time.is_date = 1;
  return time;
}

local_days FromIcalDate(const icaltimetype& time) {
  return local_days(date::year(time.year) / date::month(static_cast<unsigned>(time.month)) /
                    date::day(static_cast<unsigned>(time.day)));
}

// Marks in `holds` (index 0 = `first`) the days of `rule`'s recurrence among the days first…
// first + holds.size() - 1.
void MarkRruleDays(const HoursRule& rule, local_days first, std::vector<bool>& holds) {
  const std::optional<icalrecurrencetype> recurrence = ParseRrule(rule.rrule);
  if (!recurrence) return;
  Iterator iterator(icalrecur_iterator_new(*recurrence, ToIcalDate(rule.dtstart)));
  if (!iterator) return;
  // Starting at the window skips the years between DTSTART and it; libical cannot when the rule
  // has a COUNT (the count runs from DTSTART), and then the iteration starts at DTSTART.
  if (recurrence->count == 0 && first > rule.dtstart) {
    icalrecur_iterator_set_start(iterator.get(), ToIcalDate(first));
  }
  const local_days last = first + days(static_cast<int>(holds.size()) - 1);
  for (int step = 0; step < kMaxOccurrences; ++step) {
    const icaltimetype next = icalrecur_iterator_next(iterator.get());
    if (icaltime_is_null_time(next)) return;
    const local_days day = FromIcalDate(next);
    if (day > last) return;
    if (day >= first) holds[static_cast<std::size_t>((day - first).count())] = true;
  }
}

// Whether `rule` holds on each of the days first, first + 1, …: its days, within its validity.
std::vector<bool> RuleDays(const HoursRule& rule, local_days first, int count) {
  std::vector<bool> holds(static_cast<std::size_t>(count), false);
  if (rule.rrule.empty()) {
    for (int index = 0; index < count; ++index) {
      holds[static_cast<std::size_t>(index)] =
          (rule.weekdays & Weekday(date::weekday(first + days(index)))) != 0;
    }
  } else {
    MarkRruleDays(rule, first, holds);
  }
  for (int index = 0; index < count; ++index) {
    const local_days day = first + days(index);
    if ((rule.valid_from && day < *rule.valid_from) || (rule.valid_to && day > *rule.valid_to)) {
      holds[static_cast<std::size_t>(index)] = false;
    }
  }
  return holds;
}

const DateOverride* FindOverride(const Hours& hours, local_days day) {
  for (const DateOverride& date_override : hours.overrides) {
    if (day >= date_override.first && day <= date_override.last) return &date_override;
  }
  return nullptr;
}

void SortRanges(std::vector<OpenRange>& ranges) {
  std::sort(ranges.begin(), ranges.end(), [](const OpenRange& a, const OpenRange& b) {
    return a.opens != b.opens ? a.opens < b.opens : a.closes < b.closes;
  });
  ranges.erase(std::unique(ranges.begin(), ranges.end()), ranges.end());
}

// One day's hours once the rules that hold on it are known: an override first, then a holiday the
// service treats apart, then the usual rules.
DayHours DecideDay(const Hours& hours, const HolidayCalendar& holidays, local_days day,
                   const std::vector<const HoursRule*>& holding) {
  DayHours result;
  result.day = day;
  if (const std::string* name = holidays.Find(day)) result.holiday = *name;
  if (const DateOverride* date_override = FindOverride(hours, day)) {
    result.kind = DayKind::kOverride;
    result.ranges = date_override->ranges;
    result.note = date_override->note;
  } else if (!result.holiday.empty() && hours.on_holidays != HolidayPolicy::kUsualHours) {
    result.kind = DayKind::kHoliday;
    if (hours.on_holidays == HolidayPolicy::kHolidayHours) result.ranges = hours.holiday_ranges;
  } else {
    for (const HoursRule* rule : holding) {
      result.ranges.insert(result.ranges.end(), rule->ranges.begin(), rule->ranges.end());
    }
  }
  SortRanges(result.ranges);
  return result;
}

Status CheckRange(const OpenRange& range, const std::string& field) {
  if (range.opens < 0 || range.opens >= kMinutesPerDay) {
    return Status::Invalid(field, "the opening time must be 00:00–23:59");
  }
  if (range.closes < 0 || range.closes > kMinutesPerDay) {
    return Status::Invalid(field, "the closing time must be 00:00–24:00");
  }
  return Status::Ok();
}

Status CheckRanges(const std::vector<OpenRange>& ranges, const std::string& field) {
  for (std::size_t index = 0; index < ranges.size(); ++index) {
    RN_RETURN_IF_ERROR(CheckRange(ranges[index], field + "[" + std::to_string(index) + "]"));
  }
  return Status::Ok();
}

Status CheckRrule(const std::string& text, const std::string& field) {
  const std::optional<icalrecurrencetype> rule = ParseRrule(text);
  if (!rule) return Status::Invalid(field, "\"" + text + "\" is not an RFC 5545 RRULE");
  if (rule->freq != ICAL_DAILY_RECURRENCE && rule->freq != ICAL_WEEKLY_RECURRENCE &&
      rule->freq != ICAL_MONTHLY_RECURRENCE && rule->freq != ICAL_YEARLY_RECURRENCE) {
    return Status::Invalid(field, "the FREQ must be DAILY, WEEKLY, MONTHLY or YEARLY");
  }
  return Status::Ok();
}

Status CheckRule(const HoursRule& rule, const std::string& field) {
  if (rule.rrule.empty() && (rule.weekdays & kEveryDay) == 0) {
    return Status::Invalid(field, "the rule has neither weekdays nor an RRULE");
  }
  if (!rule.rrule.empty()) RN_RETURN_IF_ERROR(CheckRrule(rule.rrule, field + ".rrule"));
  if (rule.ranges.empty()) return Status::Invalid(field + ".ranges", "the rule has no hours");
  RN_RETURN_IF_ERROR(CheckRanges(rule.ranges, field + ".ranges"));
  if (rule.valid_from && rule.valid_to && *rule.valid_from > *rule.valid_to) {
    return Status::Invalid(field + ".valid_to", "valid_to is before valid_from");
  }
  return Status::Ok();
}

}  // namespace

Status CheckHours(const Hours& hours) {
  for (std::size_t index = 0; index < hours.rules.size(); ++index) {
    RN_RETURN_IF_ERROR(CheckRule(hours.rules[index], "rules[" + std::to_string(index) + "]"));
  }
  for (std::size_t index = 0; index < hours.overrides.size(); ++index) {
    const std::string field = "overrides[" + std::to_string(index) + "]";
    const DateOverride& date_override = hours.overrides[index];
    if (date_override.first > date_override.last) {
      return Status::Invalid(field, "the last date is before the first");
    }
    RN_RETURN_IF_ERROR(CheckRanges(date_override.ranges, field + ".ranges"));
  }
  if (hours.on_holidays == HolidayPolicy::kHolidayHours && hours.holiday_ranges.empty()) {
    return Status::Invalid("holiday_ranges", "holiday hours without hours: say closed instead");
  }
  return CheckRanges(hours.holiday_ranges, "holiday_ranges");
}

std::vector<DayHours> HoursOfDays(const Hours& hours, const HolidayCalendar& holidays,
                                  local_days first, int count) {
  // Each rule's days over the whole window at once: libical expands a rule once, not once a day.
  std::vector<std::vector<bool>> rule_days;
  rule_days.reserve(hours.rules.size());
  for (const HoursRule& rule : hours.rules) rule_days.push_back(RuleDays(rule, first, count));

  std::vector<DayHours> result;
  result.reserve(static_cast<std::size_t>(std::max(count, 0)));
  std::vector<const HoursRule*> holding;
  for (int index = 0; index < count; ++index) {
    holding.clear();
    for (std::size_t rule_index = 0; rule_index < hours.rules.size(); ++rule_index) {
      if (rule_days[rule_index][static_cast<std::size_t>(index)]) {
        holding.push_back(&hours.rules[rule_index]);
      }
    }
    result.push_back(DecideDay(hours, holidays, first + days(index), holding));
  }
  return result;
}

Instant LocalToInstant(const date::time_zone* zone, date::local_seconds local) {
  const date::local_info info = zone->get_info(local);
  // In a gap `first` is the offset before it, and it ends where the gap does.
  if (info.result == date::local_info::nonexistent) return info.first.end;
  // Unique: its offset; ambiguous: `first` is the earlier offset, so the first occurrence.
  return Instant{local.time_since_epoch() - info.first.offset};
}

local_days LocalDay(const date::time_zone* zone, Instant instant) {
  return date::floor<days>(zone->to_local(instant));
}

std::vector<OpenInterval> OpenIntervals(const Hours& hours, const HolidayCalendar& holidays,
                                        const date::time_zone* zone, local_days first, int count) {
  std::vector<OpenInterval> intervals;
  for (const DayHours& day : HoursOfDays(hours, holidays, first, count)) {
    for (const OpenRange& range : day.ranges) {
      const local_days closing_day = range.Overnight() ? day.day + days(1) : day.day;
      const Instant start = LocalToInstant(zone, day.day + minutes(range.opens));
      const Instant end = LocalToInstant(zone, closing_day + minutes(range.closes));
      // A range wholly inside a spring-forward gap opens and closes at the gap's end.
      if (start < end) intervals.push_back({start, end});
    }
  }
  std::sort(intervals.begin(), intervals.end(),
            [](const OpenInterval& a, const OpenInterval& b) { return a.start < b.start; });
  std::vector<OpenInterval> merged;
  for (const OpenInterval& interval : intervals) {
    if (!merged.empty() && interval.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, interval.end);
    } else {
      merged.push_back(interval);
    }
  }
  return merged;
}

OpenState StateAt(const Hours& hours, const HolidayCalendar& holidays, const date::time_zone* zone,
                  Instant at) {
  const local_days today = LocalDay(zone, at);
  // Yesterday's overnight ranges may still be open; ranges of the day before cannot be (a range
  // closes by the end of the day after it opens).
  const std::vector<OpenInterval> intervals =
      OpenIntervals(hours, holidays, zone, today - days(1), kSearchDays + 2);
  // Ranges opening after the search start at or after this, so an interval that ends before it is
  // known to end there.
  const Instant searched_until =
      LocalToInstant(zone, date::local_seconds(today + days(kSearchDays + 1)));

  OpenState state;
  const auto after = std::find_if(intervals.begin(), intervals.end(),
                                  [at](const OpenInterval& interval) { return interval.end > at; });
  if (after != intervals.end() && after->start <= at) {
    state.open = true;
    if (after->end < searched_until) state.next_change = after->end;
  } else if (after != intervals.end() && after->start < searched_until) {
    state.next_change = after->start;
  }
  if (state.next_change) {
    const seconds left = *state.next_change - at;
    state.minutes_until = static_cast<int>((left + minutes(1) - seconds(1)) / minutes(1));
    const date::local_seconds local = zone->to_local(*state.next_change);
    state.change_day = date::floor<days>(local);
    state.change_minute = static_cast<int>((local - state.change_day) / minutes(1));
  }
  return state;
}

}  // namespace rn::resources
