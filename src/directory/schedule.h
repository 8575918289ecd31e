#pragma once
// Schedule and time logic: wall-clock slots in an IANA zone → instants. DST rules (contract):
// a start that does not exist on the spring-forward day moves forward by the gap (02:30 → 03:30
// daylight time); an ambiguous start on the fall-back day is the first (daylight) instant; the end
// is the start plus the duration in elapsed minutes.

#include <date/tz.h>

#include <optional>
#include <string>
#include <string_view>

#include "directory/listing.h"
#include "util/clock.h"
#include "util/status.h"
#include "util/time_zone.h"

namespace rn::directory {

// util/time_zone.h: the zone named `name`, or nullptr.
using rn::FindZone;

// The instant a local wall-clock time in `zone` stands for, by the DST rules above.
Instant LocalToInstant(const date::time_zone* zone, date::local_seconds local);

struct Occurrence {
  Instant start;
  Instant end;
  bool operator==(const Occurrence&) const = default;
};

// The instant the local day `days_ahead` days after the local day of `instant` begins in `zone`:
// days_ahead = 1 is the end of today, 2 the end of tomorrow. Days are calendar days (23 or 25 hours
// across a DST change); a midnight that does not exist (a gap at 00:00) moves forward by the gap,
// an ambiguous one is the first, as LocalToInstant.
Instant StartOfLocalDay(Instant instant, const date::time_zone* zone, int days_ahead);

// The occurrence of `slot` in progress at `at` (start ≤ at < end), else the first that starts at or
// after `at`.
Occurrence NextOccurrence(const Slot& slot, const date::time_zone* zone, Instant at);

// `instant` as RFC 3339 with the zone's offset at that instant: "2026-11-23T19:30:00-08:00".
std::string FormatRfc3339(Instant instant, const date::time_zone* zone);

// util/time_zone.h: an RFC 3339 date-time.
using rn::ParseRfc3339;

// Parses "HH:MM" (00:00–23:59) as minutes after midnight; nullopt when malformed.
std::optional<int> ParseHhMm(std::string_view text);
// Minutes after midnight as "HH:MM"; 1440 → "24:00".
std::string FormatHhMm(int minutes);

// Local weekday (0 = Sunday) and minute of day of `instant` in `zone`.
struct LocalDayMinute {
  int day;
  int minute;
};
LocalDayMinute ToLocalDayMinute(Instant instant, const date::time_zone* zone);

}  // namespace rn::directory
