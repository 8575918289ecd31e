#include "casework/calendar.h"

#include "util/text.h"

namespace rn::casework {

Day LocalDay(Instant at, const date::time_zone* zone) {
  const auto local = zone->to_local(at);
  return Day{date::floor<date::days>(local)};
}

Instant LocalInstant(date::local_seconds local, const date::time_zone* zone) {
  const date::local_info info = zone->get_info(local);
  if (info.result == date::local_info::nonexistent) {
    return date::floor<std::chrono::seconds>(info.second.begin);
  }
  return date::floor<std::chrono::seconds>(zone->to_sys(local, date::choose::earliest));
}

Instant StartOfDay(Day day, const date::time_zone* zone) {
  return LocalInstant(date::local_seconds{date::local_days{day}}, zone);
}

int DaysBetween(Instant from, Instant to, const date::time_zone* zone) {
  return static_cast<int>(
      (date::sys_days{LocalDay(to, zone)} - date::sys_days{LocalDay(from, zone)}).count());
}

Day AddDays(Day day, int days) { return Day{date::sys_days{day} + date::days{days}}; }

Result<Day> ParseDay(std::string_view field, std::string_view text) {
  const auto bad = Status::Invalid(std::string(field), "must be a date, YYYY-MM-DD");
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad;
  const auto year = text::ParseNumber<int>(text.substr(0, 4), 1900, 2999);
  const auto month = text::ParseNumber<unsigned>(text.substr(5, 2), 1, 12);
  const auto day = text::ParseNumber<unsigned>(text.substr(8, 2), 1, 31);
  if (!year || !month || !day) return bad;
  const Day parsed{date::year{*year}, date::month{*month}, date::day{*day}};
  if (!parsed.ok()) return Status::Invalid(std::string(field), "is not a day of the calendar");
  return parsed;
}

std::string FormatDay(Day day) { return date::format("%F", date::sys_days{day}); }

FollowUp FollowUpOn(std::optional<Day> due, Day today) {
  if (!due) return {};
  const int days = static_cast<int>((date::sys_days{*due} - date::sys_days{today}).count());
  if (days > 0) return {FollowUpState::kUpcoming, days};
  if (days == 0) return {FollowUpState::kDueToday, 0};
  return {FollowUpState::kOverdue, -days};
}

}  // namespace rn::casework
