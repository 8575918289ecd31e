#include "directory/schedule.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>

namespace rn::directory {
namespace {

using std::chrono::days;
using std::chrono::minutes;
using std::chrono::seconds;

bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
  if (pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = pos; i < pos + count; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return false;
    value = value * 10 + (c - '0');
  }
  *out = value;
  return true;
}


}  // namespace

Instant LocalToInstant(const date::time_zone* zone, date::local_seconds local) {
  // For a unique time `first` is its offset; for a gap it is the offset before the gap (so the time
  // moves forward by the gap); for an overlap it is the earlier, daylight offset.
  const date::local_info info = zone->get_info(local);
  return Instant{local.time_since_epoch() - info.first.offset};
}

Instant StartOfLocalDay(Instant instant, const date::time_zone* zone, int days_ahead) {
  const date::local_days today = date::floor<days>(zone->to_local(instant));
  return LocalToInstant(zone, date::local_seconds(today + days(days_ahead)));
}

Occurrence NextOccurrence(const Slot& slot, const date::time_zone* zone, Instant at) {
  const date::local_seconds local_now = zone->to_local(at);
  const date::local_days today = date::floor<days>(local_now);
  const int weekday = static_cast<int>(date::weekday(today).c_encoding());
  const int ahead = (slot.day - weekday + 7) % 7;
  // Occurrences a week apart are ordered, and none lasts a week: the first that has not ended is
  // the answer.
  for (int week_offset : {-7, 0, 7}) {
    const date::local_seconds local_start =
        today + days(ahead + week_offset) + minutes(slot.start_minute);
    const Instant start = LocalToInstant(zone, local_start);
    const Instant end = start + minutes(slot.duration_minutes);
    if (end > at) return {start, end};
  }
  // Unreachable: the occurrence a week ahead always ends after `at`.
  const Instant start = LocalToInstant(zone, today + days(ahead + 7) + minutes(slot.start_minute));
  return {start, start + minutes(slot.duration_minutes)};
}

std::string FormatRfc3339(Instant instant, const date::time_zone* zone) {
  const date::sys_info info = zone->get_info(instant);
  const auto local = instant + info.offset;
  const auto day_point = date::floor<days>(local);
  const date::year_month_day ymd(day_point);
  const int second_of_day = static_cast<int>((local - day_point).count());
  const int offset_minutes =
      static_cast<int>(std::chrono::duration_cast<minutes>(info.offset).count());
  const int abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
  // Written digit by digit: this runs twice for every search result.
  char out[] = "0000-00-00T00:00:00+00:00";
  auto put2 = [&out](int pos, int value) {
    out[pos] = static_cast<char>('0' + value / 10 % 10);
    out[pos + 1] = static_cast<char>('0' + value % 10);
  };
  const int year = static_cast<int>(ymd.year());
  put2(0, year / 100);
  put2(2, year % 100);
  put2(5, static_cast<int>(static_cast<unsigned>(ymd.month())));
  put2(8, static_cast<int>(static_cast<unsigned>(ymd.day())));
  put2(11, second_of_day / 3600);
  put2(14, second_of_day / 60 % 60);
  put2(17, second_of_day % 60);
  if (offset_minutes == 0) return std::string(out, 19) + "Z";
  out[19] = offset_minutes < 0 ? '-' : '+';
  put2(20, abs_offset / 60);
  put2(23, abs_offset % 60);
  return std::string(out, sizeof out - 1);
}

std::optional<int> ParseHhMm(std::string_view text) {
  int hour, minute;
  if (text.size() != 5 || !ReadDigits(text, 0, 2, &hour) || text[2] != ':' ||
      !ReadDigits(text, 3, 2, &minute) || hour > 23 || minute > 59) {
    return std::nullopt;
  }
  return hour * 60 + minute;
}

std::string FormatHhMm(int minutes_after_midnight) {
  char out[8];
  std::snprintf(out, sizeof out, "%02d:%02d", (minutes_after_midnight / 60) % 100,
                minutes_after_midnight % 60);
  return out;
}

LocalDayMinute ToLocalDayMinute(Instant instant, const date::time_zone* zone) {
  const date::local_seconds local = zone->to_local(instant);
  const date::local_days day = date::floor<days>(local);
  return {static_cast<int>(date::weekday(day).c_encoding()),
          static_cast<int>(std::chrono::duration_cast<minutes>(local - day).count())};
}

}  // namespace rn::directory
