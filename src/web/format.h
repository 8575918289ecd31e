#pragma once
// How the pages write times, days, distances and attendance in each language. Pure.

#include <optional>
#include <string>

#include "directory/listing.h"
#include "directory/schedule.h"
#include "resources/hours.h"
#include "web/i18n.h"

namespace rn::web {

// The name of Meeting Guide type `code` in `language` (the vocabulary's), else the code.
std::string TypeName(std::string_view code, Language language);
// The name of a spoken language by its ISO 639-1 code: the vocabulary's type name, else the
// catalogue's "language_<code>", else the code.
std::string LanguageName(std::string_view iso639_1, Language language);

// "7:00 PM" (English) or "19:00" (Spanish) for minutes after local midnight.
std::string FormatClock(int minute_of_day, Language language);
// The local start–end of an occurrence in `zone`: "7:00 – 8:00 PM", "7:00 PM – 12:30 AM",
// "19:00–20:00".
std::string FormatTimeRange(const directory::Occurrence& occurrence, const date::time_zone* zone,
                            Language language);
// The same for minutes after local midnight (a closing time of 24:00 or past midnight is taken
// modulo a day: "10:00 PM – 2:00 AM").
std::string FormatMinuteRange(int start, int end, Language language);
// A service's open state as a page says it, `today` being the local day of the instant it is
// for, in the service's zone: "Open until 11:00 PM", "Closes in 20 min", "Open until Friday at
// 9:00 AM", "Open 24 hours"; "Opens in 15 min", "Closed · opens at 5:00 PM", "Closed · opens
// tomorrow at 10:00 AM", "Closed · opens Thursday at 5:00 PM", "Closed".
std::string OpenStatus(const resources::OpenState& state, date::local_days today,
                       const Messages& messages);
// How long ago `then` was, at `now`: "just now", "20 minutes ago", "3 hours ago", "2 days ago".
std::string FormatAge(Instant then, Instant now, const Messages& messages);
// The zone's abbreviation at `instant`: "PST", "EDT"; a numeric offset where the zone has none.
std::string ZoneAbbreviation(const date::time_zone* zone, Instant instant);
// "Today", "Tomorrow" or the weekday of `instant` in `zone`, relative to `now`.
std::string RelativeDay(Instant instant, Instant now, const date::time_zone* zone,
                        const Messages& messages);
// The heading of a day of results: "Today, Tuesday", "Tomorrow, Wednesday", else the date,
// "Thursday, November 26" ("Hoy, martes", "Mañana, miércoles", "Jueves 26 de noviembre").
std::string DayHeading(date::local_days day, date::local_days today, const Messages& messages);
// "Monday, November 23" / "lunes, 23 de noviembre".
std::string FormatDate(Instant instant, const date::time_zone* zone, const Messages& messages);
// "August 29, 2023" / "29 de agosto de 2023": a date that may lie in another year.
std::string FormatDateWithYear(Instant instant, const date::time_zone* zone,
                               const Messages& messages);
// "0.4 mi", "12 mi" ("0,4 mi" in Spanish).
std::string FormatDistanceMiles(double kilometres, Language language);
// "In progress", "Starts in 25 min", "Starts in 1 h 40 min"; empty when it starts more than
// `horizon_minutes` after `now`.
std::string StartStatus(const directory::Occurrence& occurrence, Instant now,
                        const Messages& messages, int horizon_minutes = 120);
// "In person", "Online", "In person and online", "Temporarily closed".
std::string AttendanceLabel(directory::Attendance attendance, const Messages& messages);

// The web addresses of a group's Seventh Tradition links, for the meeting page: Venmo
// "@Group" → "https://venmo.com/Group", Cash App "$Group" → "https://cash.app/$Group", PayPal
// "Group" or "paypal.me/Group" → "https://www.paypal.me/Group" (an http(s) address is kept as it
// is). Empty for an empty handle, or one with characters a handle cannot have (spaces, quotes,
// "<", "/" inside a Venmo or Cash App handle).
std::string VenmoHref(std::string_view handle);
std::string CashAppHref(std::string_view cashtag);
std::string PayPalHref(std::string_view username);

}  // namespace rn::web
