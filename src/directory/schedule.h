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

namespace rn::directory {

// The zone named `name` from the system tz database, or nullptr when unknown: the names
// date::locate_zone knows. Checks only that zone's file, not the whole database (date reads the
// file on the zone's first use); the same zone for the same name for the life of the process (not
// the object date::locate_zone returns).
// Thread-safe.
const date::time_zone* FindZone(std::string_view name);

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

// Parses an RFC 3339 date-time ("2026-11-23T19:30:00Z", "…-08:00", fractional seconds dropped).
Result<Instant> ParseRfc3339(std::string_view text);

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
