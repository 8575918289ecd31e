#pragma once
// Time zones by name, from the system tz database; RFC 3339 instants.

#include <date/tz.h>

#include <string_view>

#include "util/clock.h"
#include "util/status.h"

namespace rn {

// The zone named `name` from the system tz database, or nullptr when unknown: the names
// date::locate_zone knows. Checks only that zone's file, not the whole database (date reads the
// file on the zone's first use); the same zone for the same name for the life of the process (not
// the object date::locate_zone returns).
// Thread-safe.
const date::time_zone* FindZone(std::string_view name);

// Parses an RFC 3339 date-time ("2026-11-23T19:30:00Z", "…-08:00", fractional seconds dropped).
Result<Instant> ParseRfc3339(std::string_view text);

}  // namespace rn
