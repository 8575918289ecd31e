#pragma once
// Times of day as real exports write them: "9:00am", "09:00", "17:00:00", "5 PM", "12:00 noon",
// "0900". Minutes after local midnight, 0–1440 (1440 is "24:00", the end of the day).

#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::resources {

inline constexpr int kMinutesPerDay = 24 * 60;

// Parses a time of day, case-insensitively, with spaces around its parts allowed:
//   H, HH, H:MM, HH:MM, HH:MM:SS, H.MM and HHMM ("0930", "1700", three digits "930" too), each
//   optionally followed by am/pm ("am", "a.m.", "a", "pm", "p.m.", "p"), where the hour is 1–12
//   and 12 am is midnight; the words "noon" and "midnight", alone or after 12 ("12 noon",
//   "12:00 midnight"). "24:00" (and "24:00:00") is 1440. Seconds are read and dropped.
// Midnight is 0: as a closing time, hours.h reads a close at or before the opening as the next day.
// Never throws: text that is none of these is an invalid-argument Status naming `field` and saying
// what was wrong ("the hour must be 0–23 ..."), with the text quoted.
Result<int> ParseTimeOfDay(std::string_view text, std::string_view field = "time");

// Minutes after midnight as a page says them: "5 pm", "10:30 am", "noon", "midnight" (0 and 1440).
// REQUIRES: 0 ≤ minutes ≤ 1440.
std::string FormatTimeOfDay(int minutes);

// Minutes after midnight as HSDS writes a time: "09:00", "17:30", "24:00" for 1440.
// REQUIRES: 0 ≤ minutes ≤ 1440.
std::string FormatHhMm(int minutes);

}  // namespace rn::resources
