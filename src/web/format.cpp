#include "web/format.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "directory/vocabulary.h"

namespace rn::web {

std::string TypeName(std::string_view code, Language language) {
  const directory::TypeInfo* type = directory::Vocabulary::Get().Find(code);
  if (!type) return std::string(code);
  auto name = type->names.find(std::string(LanguageCode(language)));
  if (name == type->names.end()) name = type->names.find("en");
  return name == type->names.end() ? std::string(code) : name->second;
}

// The name of a spoken language: the vocabulary's type name, else the pages' own "language_<code>"
// (for languages the Meeting Guide vocabulary has no type for, such as Chinese), else the code.
std::string LanguageName(std::string_view iso639_1, Language language) {
  const std::string_view code = directory::Vocabulary::Get().TypeOfLanguage(iso639_1);
  if (!code.empty()) return TypeName(code, language);
  const auto& messages = Messages::For(language).all();
  const auto own = messages.find("language_" + std::string(iso639_1));
  return own == messages.end() ? std::string(iso639_1) : own->second;
}

std::string FormatClock(int minute_of_day, Language language) {
  const int hour = minute_of_day / 60 % 24;
  const int minute = minute_of_day % 60;
  char buffer[16];
  if (language == Language::kSpanish) {
    std::snprintf(buffer, sizeof buffer, "%d:%02d", hour, minute);
  } else {
    std::snprintf(buffer, sizeof buffer, "%d:%02d %s", hour % 12 == 0 ? 12 : hour % 12, minute,
                  hour < 12 ? "AM" : "PM");
  }
  return buffer;
}

std::string FormatTimeRange(const directory::Occurrence& occurrence, const date::time_zone* zone,
                            Language language) {
  return FormatMinuteRange(directory::ToLocalDayMinute(occurrence.start, zone).minute,
                           directory::ToLocalDayMinute(occurrence.end, zone).minute, language);
}

std::string FormatMinuteRange(int start, int end, Language language) {
  start %= 24 * 60;
  end %= 24 * 60;
  if (language == Language::kSpanish) {
    return FormatClock(start, language) + "–" + FormatClock(end, language);
  }
  std::string start_text = FormatClock(start, language);
  // "7:00 – 8:00 PM" when both halves share AM/PM.
  if ((start < 12 * 60) == (end < 12 * 60)) start_text.resize(start_text.size() - 3);
  return start_text + " – " + FormatClock(end, language);
}

std::string ZoneAbbreviation(const date::time_zone* zone, Instant instant) {
  const date::sys_info info = zone->get_info(date::sys_seconds(instant.time_since_epoch()));
  if (!info.abbrev.empty() && info.abbrev[0] != '+' && info.abbrev[0] != '-') return info.abbrev;
  const int minutes = static_cast<int>(info.offset.count() / 60);
  const int magnitude = std::abs(minutes) % (24 * 60);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "UTC%c%d", minutes < 0 ? '-' : '+', magnitude / 60);
  std::string text = buffer;
  if (magnitude % 60 != 0) text += ":" + std::to_string(magnitude % 60);
  return text;
}

std::string OpenStatus(const resources::OpenState& state, date::local_days today,
                       const Messages& messages) {
  const Language language = messages.language();
  const std::string n = std::to_string(state.minutes_until);
  const std::string time = FormatClock(state.change_minute, language);
  std::string weekday =
      messages.Get("day_" + std::to_string(date::weekday(state.change_day).c_encoding()));
  // Inside a sentence a Spanish weekday is lower case ("abre el jueves"); each starts with an
  // ASCII letter.
  if (language == Language::kSpanish && !weekday.empty()) {
    weekday[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(weekday[0])));
  }
  if (state.open) {
    if (!state.next_change) return messages.Get("open_all_day");
    if (state.minutes_until <= 60) return messages.Format("closes_in", {{"n", n}});
    if (state.change_day == today) return messages.Format("open_until", {{"time", time}});
    return messages.Format("open_until_day", {{"day", weekday}, {"time", time}});
  }
  if (!state.next_change) return messages.Get("closed_now");
  if (state.minutes_until <= 60) return messages.Format("opens_in", {{"n", n}});
  if (state.change_day == today) return messages.Format("opens_at", {{"time", time}});
  if (state.change_day == today + date::days(1)) {
    return messages.Format("opens_tomorrow_at", {{"time", time}});
  }
  return messages.Format("opens_day_at", {{"day", weekday}, {"time", time}});
}

std::string FormatAge(Instant then, Instant now, const Messages& messages) {
  const auto minutes = std::chrono::floor<std::chrono::minutes>(now - then).count();
  if (minutes < 1) return messages.Get("age_now");
  if (minutes < 60) return messages.Plural("age_minutes", static_cast<std::size_t>(minutes));
  if (minutes < 48 * 60)
    return messages.Plural("age_hours", static_cast<std::size_t>(minutes / 60));
  return messages.Plural("age_days", static_cast<std::size_t>(minutes / (24 * 60)));
}

namespace {

date::local_days LocalDay(Instant instant, const date::time_zone* zone) {
  return date::floor<date::days>(zone->to_local(date::sys_seconds(instant.time_since_epoch())));
}

}  // namespace

std::string RelativeDay(Instant instant, Instant now, const date::time_zone* zone,
                        const Messages& messages) {
  const auto days = (LocalDay(instant, zone) - LocalDay(now, zone)).count();
  if (days == 0) return messages.Get("day_today");
  if (days == 1) return messages.Get("day_tomorrow");
  const int weekday = static_cast<int>(date::weekday(LocalDay(instant, zone)).c_encoding());
  return messages.Get("day_" + std::to_string(weekday));
}

namespace {

std::string FormatLocalDate(date::local_days day, const Messages& messages) {
  const date::year_month_day ymd(day);
  const int weekday = static_cast<int>(date::weekday(day).c_encoding());
  return messages.Format("date_long",
                         {{"weekday", messages.Get("day_" + std::to_string(weekday))},
                          {"month", messages.Get("month_" + std::to_string(unsigned(ymd.month())))},
                          {"day", std::to_string(unsigned(ymd.day()))}});
}

}  // namespace

std::string DayHeading(date::local_days day, date::local_days today, const Messages& messages) {
  const auto ahead = (day - today).count();
  if (ahead != 0 && ahead != 1) return FormatLocalDate(day, messages);
  const int weekday = static_cast<int>(date::weekday(day).c_encoding());
  return messages.Format(ahead == 0 ? "day_heading_today" : "day_heading_tomorrow",
                         {{"weekday", messages.Get("weekday_" + std::to_string(weekday))}});
}

std::string FormatDate(Instant instant, const date::time_zone* zone, const Messages& messages) {
  return FormatLocalDate(LocalDay(instant, zone), messages);
}

std::string FormatDateWithYear(Instant instant, const date::time_zone* zone,
                               const Messages& messages) {
  const date::year_month_day ymd(LocalDay(instant, zone));
  return messages.Format("date_with_year",
                         {{"month", messages.Get("month_" + std::to_string(unsigned(ymd.month())))},
                          {"day", std::to_string(unsigned(ymd.day()))},
                          {"year", std::to_string(int(ymd.year()))}});
}

std::string FormatDistanceMiles(double kilometres, Language language) {
  const double miles = kilometres / 1.609344;
  char buffer[32];
  if (miles < 10) {
    std::snprintf(buffer, sizeof buffer, "%.1f mi", miles);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.0f mi", miles);
  }
  std::string text = buffer;
  if (language == Language::kSpanish) {
    if (const auto dot = text.find('.'); dot != std::string::npos) text[dot] = ',';
  }
  return text;
}

std::string StartStatus(const directory::Occurrence& occurrence, Instant now,
                        const Messages& messages, int horizon_minutes) {
  if (occurrence.start <= now && now < occurrence.end) return messages.Get("status_in_progress");
  const auto minutes =
      std::chrono::duration_cast<std::chrono::minutes>(occurrence.start - now).count();
  if (minutes < 0 || minutes > horizon_minutes) return {};
  if (minutes < 60) {
    return messages.Format("status_starts_in_minutes", {{"m", std::to_string(minutes)}});
  }
  if (minutes % 60 == 0) {
    return messages.Format("status_starts_in_whole_hours", {{"h", std::to_string(minutes / 60)}});
  }
  return messages.Format("status_starts_in_hours", {{"h", std::to_string(minutes / 60)},
                                                    {"m", std::to_string(minutes % 60)}});
}

std::string AttendanceLabel(directory::Attendance attendance, const Messages& messages) {
  switch (attendance) {
    case directory::Attendance::kInPerson:
      return messages.Get("attendance_in_person");
    case directory::Attendance::kOnline:
      return messages.Get("attendance_online");
    case directory::Attendance::kHybrid:
      return messages.Get("attendance_hybrid");
    case directory::Attendance::kInactive:
      return messages.Get("attendance_inactive");
  }
  return {};
}

namespace {

// A handle is letters, digits and "-_." only (each service allows a subset of these).
bool IsHandle(std::string_view handle) {
  return !handle.empty() && std::all_of(handle.begin(), handle.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
  });
}

std::string_view WithoutPrefix(std::string_view text, char prefix) {
  if (!text.empty() && text.front() == prefix) text.remove_prefix(1);
  return text;
}

}  // namespace

std::string VenmoHref(std::string_view handle) {
  const std::string_view name = WithoutPrefix(handle, '@');
  return IsHandle(name) ? "https://venmo.com/" + std::string(name) : std::string();
}

std::string CashAppHref(std::string_view cashtag) {
  const std::string_view name = WithoutPrefix(cashtag, '$');
  return IsHandle(name) ? "https://cash.app/$" + std::string(name) : std::string();
}

std::string PayPalHref(std::string_view username) {
  if (username.starts_with("https://") || username.starts_with("http://")) {
    const bool safe = std::none_of(username.begin(), username.end(), [](char c) {
      return c == ' ' || c == '"' || c == '\'' || c == '<' || c == '>';
    });
    return safe ? std::string(username) : std::string();
  }
  std::string_view name = username;
  for (std::string_view prefix :
       {"www.paypal.me/", "paypal.me/", "www.paypal.com/paypalme/", "paypal.com/paypalme/"}) {
    if (name.starts_with(prefix)) {
      name.remove_prefix(prefix.size());
      break;
    }
  }
  return IsHandle(name) ? "https://www.paypal.me/" + std::string(name) : std::string();
}

}  // namespace rn::web
