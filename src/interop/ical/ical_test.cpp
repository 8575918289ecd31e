#include "interop/ical/ical.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "directory/schedule.h"

namespace rn::interop::ical {
namespace {

using directory::Listing;
using directory::Slot;

Instant At(std::string_view rfc3339) {
  const Result<Instant> instant = directory::ParseRfc3339(rfc3339);
  EXPECT_TRUE(instant.ok()) << rfc3339;
  return instant.ok() ? *instant : Instant{};
}

Listing FakeListing() {
  Listing listing;
  listing.id = "00112233aabbccdd";
  listing.source = "test";
  listing.slug = "fake";
  listing.name = "Fake Group";
  listing.timezone = "America/Los_Angeles";
  listing.schedule = {{1, 19 * 60 + 30, 60}};  // Monday 19:30–20:30
  listing.location.name = "Fake Hall";
  listing.location.formatted_address = "1 Fake St, Testville, CA 90000, USA";
  return listing;
}

// The unfolded content lines of a calendar, checking CRLF endings and line lengths on the way.
std::vector<std::string> ContentLines(const std::string& ics) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < ics.size()) {
    const std::size_t end = ics.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "unterminated line";
    if (end == std::string::npos) break;
    const std::string physical = ics.substr(pos, end - pos);
    EXPECT_LE(physical.size(), 75u) << physical;
    EXPECT_EQ(physical.find('\n'), std::string::npos);
    EXPECT_EQ(physical.find('\r'), std::string::npos);
    if (!physical.empty() && physical[0] == ' ') {
      EXPECT_FALSE(lines.empty());
      if (!lines.empty()) lines.back() += physical.substr(1);
    } else {
      lines.push_back(physical);
    }
    pos = end + 2;
  }
  return lines;
}

// The value of the first content line starting with `prefix` (e.g. "DTSTART;"), after the first
// ':'.
std::string ValueOf(const std::vector<std::string>& lines, std::string_view prefix) {
  for (const std::string& line : lines) {
    if (line.rfind(prefix, 0) == 0) return line.substr(line.find(':') + 1);
  }
  return "(none)";
}

// Checks that BEGIN/END lines nest and match.
void ExpectBalanced(const std::vector<std::string>& lines) {
  std::vector<std::string> open;
  for (const std::string& line : lines) {
    if (line.rfind("BEGIN:", 0) == 0) open.push_back(line.substr(6));
    if (line.rfind("END:", 0) == 0) {
      ASSERT_FALSE(open.empty()) << line;
      EXPECT_EQ(open.back(), line.substr(4));
      open.pop_back();
    }
  }
  EXPECT_TRUE(open.empty());
}

// One STANDARD or DAYLIGHT sub-component as written.
struct ParsedObservance {
  std::string kind;
  std::string from;                 // TZOFFSETFROM
  std::string to;                   // TZOFFSETTO
  std::string name;                 // TZNAME
  std::vector<std::string> onsets;  // DTSTART then the RDATE values, as written
};

struct ParsedTimezone {
  std::string tzid;
  std::vector<ParsedObservance> observances;
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t pos = 0;
  while (true) {
    const std::size_t comma = text.find(',', pos);
    parts.push_back(text.substr(pos, comma == std::string::npos ? comma : comma - pos));
    if (comma == std::string::npos) return parts;
    pos = comma + 1;
  }
}

std::vector<ParsedTimezone> Timezones(const std::vector<std::string>& lines) {
  std::vector<ParsedTimezone> zones;
  bool in_zone = false;
  ParsedObservance* observance = nullptr;
  for (const std::string& line : lines) {
    const std::string name = line.substr(0, line.find(':'));
    const std::string value = line.substr(line.find(':') + 1);
    if (line == "BEGIN:VTIMEZONE") {
      zones.emplace_back();
      in_zone = true;
    } else if (line == "END:VTIMEZONE") {
      in_zone = false;
    } else if (!in_zone) {
      continue;
    } else if (line == "BEGIN:STANDARD" || line == "BEGIN:DAYLIGHT") {
      zones.back().observances.push_back(ParsedObservance{value, "", "", "", {}});
      observance = &zones.back().observances.back();
    } else if (line == "END:STANDARD" || line == "END:DAYLIGHT") {
      observance = nullptr;
    } else if (observance == nullptr) {
      if (name == "TZID") zones.back().tzid = value;
    } else if (name == "DTSTART") {
      observance->onsets.insert(observance->onsets.begin(), value);
    } else if (name == "RDATE") {
      for (const std::string& onset : SplitCommas(value)) observance->onsets.push_back(onset);
    } else if (name == "TZOFFSETFROM") {
      observance->from = value;
    } else if (name == "TZOFFSETTO") {
      observance->to = value;
    } else if (name == "TZNAME") {
      observance->name = value;
    }
  }
  return zones;
}

// Checks RFC 5545 §3.2.19: every TZID parameter names a VTIMEZONE of the calendar, and the
// VTIMEZONEs come before the events.
void ExpectEveryTzidDefined(const std::vector<std::string>& lines) {
  std::set<std::string> defined;
  for (const ParsedTimezone& zone : Timezones(lines)) defined.insert(zone.tzid);
  bool seen_event = false;
  for (const std::string& line : lines) {
    if (line == "BEGIN:VEVENT") seen_event = true;
    if (line == "BEGIN:VTIMEZONE") {
      EXPECT_FALSE(seen_event) << "VTIMEZONE after a VEVENT";
    }
    const std::size_t param = line.find(";TZID=");
    if (param == std::string::npos || param > line.find(':')) continue;
    const std::size_t begin = param + 6;
    const std::string tzid = line.substr(begin, line.find_first_of(";:", begin) - begin);
    EXPECT_EQ(defined.count(tzid), 1u) << "no VTIMEZONE for " << line;
  }
}

// "YYYYMMDDTHHMMSS" as local time; fails the test when malformed.
date::local_seconds ParseLocal(const std::string& text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  char tail = 0;
  const bool ok =
      text.size() == 15 && std::sscanf(text.c_str(), "%4d%2d%2dT%2d%2d%2d%c", &year, &month, &day,
                                       &hour, &minute, &second, &tail) == 6;
  EXPECT_TRUE(ok) << text;
  return date::local_days{date::year{year} / month / day} + std::chrono::hours{hour} +
         std::chrono::minutes{minute} + std::chrono::seconds{second};
}

// "+HHMM" / "-HHMM" as seconds east of UTC; fails the test when malformed.
std::chrono::seconds ParseOffset(const std::string& text) {
  int hours = 0, minutes = 0;
  const bool ok = text.size() == 5 && (text[0] == '+' || text[0] == '-') &&
                  std::sscanf(text.c_str() + 1, "%2d%2d", &hours, &minutes) == 2;
  EXPECT_TRUE(ok) << text;
  const std::chrono::seconds magnitude = std::chrono::hours{hours} + std::chrono::minutes{minutes};
  return text[0] == '-' ? -magnitude : magnitude;
}

// Checks that the VTIMEZONE, read the way a calendar program reads it (the latest onset at or
// before an instant decides its offset; an onset's local time is in TZOFFSETFROM), gives the tz
// database's offset every six hours from `from` to `to`.
void ExpectOffsetsMatchTzDatabase(const ParsedTimezone& zone, Instant from, Instant to) {
  const date::time_zone* reference = directory::FindZone(zone.tzid);
  ASSERT_NE(reference, nullptr) << zone.tzid;
  std::map<Instant, std::chrono::seconds> offset_after;  // onset in UTC → offset from then on
  for (const ParsedObservance& observance : zone.observances) {
    for (const std::string& onset : observance.onsets) {
      const Instant utc{ParseLocal(onset).time_since_epoch() - ParseOffset(observance.from)};
      offset_after[utc] = ParseOffset(observance.to);
    }
  }
  ASSERT_FALSE(offset_after.empty());
  int mismatches = 0;
  for (Instant at = from; at < to; at += std::chrono::hours{6}) {
    auto next = offset_after.upper_bound(at);
    ASSERT_NE(next, offset_after.begin())
        << zone.tzid << ": no onset before " << at.time_since_epoch().count();
    const std::chrono::seconds offset = std::prev(next)->second;
    if (offset != reference->get_info(at).offset && ++mismatches <= 3) {
      ADD_FAILURE() << zone.tzid << " at " << date::format("%F %T", at) << "Z: " << offset.count()
                    << " s, tz database " << reference->get_info(at).offset.count() << " s";
    }
  }
  EXPECT_EQ(mismatches, 0) << zone.tzid;
}

const ParsedObservance* FindObservance(const ParsedTimezone& zone, std::string_view kind,
                                       std::string_view from, std::string_view to) {
  for (const ParsedObservance& observance : zone.observances) {
    if (observance.kind == kind && observance.from == from && observance.to == to) {
      return &observance;
    }
  }
  return nullptr;
}

bool Contains(const std::vector<std::string>& values, std::string_view value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

TEST(IcalEscapeTest, TextEscaping) {
  EXPECT_EQ(EscapeText("plain"), "plain");
  EXPECT_EQ(EscapeText("a,b;c\\d"), "a\\,b\\;c\\\\d");
  EXPECT_EQ(EscapeText("one\ntwo\r\nthree\rfour"), "one\\ntwo\\nthree\\nfour");
  EXPECT_EQ(EscapeText("tab\there\x01"), "tabhere");
  EXPECT_EQ(EscapeText("Reunión: 7pm"), "Reunión: 7pm");  // colons need no escape in TEXT
}

TEST(IcalFoldTest, ShortLinesStay) {
  EXPECT_EQ(FoldLine(""), "");
  EXPECT_EQ(FoldLine(std::string(75, 'a')), std::string(75, 'a'));
}

TEST(IcalFoldTest, LongLinesFoldAt75Octets) {
  const std::string line(200, 'a');
  const std::string folded = FoldLine(line);
  // 75 + 74 + 51 octets: the continuation lines' leading space counts.
  EXPECT_EQ(folded,
            std::string(75, 'a') + "\r\n " + std::string(74, 'a') + "\r\n " + std::string(51, 'a'));
}

TEST(IcalFoldTest, NeverSplitsUtf8) {
  // 74 ASCII octets then "é" (2 octets): the fold must come before the "é".
  const std::string line = std::string(74, 'x') + "\xC3\xA9" + "yz";
  EXPECT_EQ(FoldLine(line), std::string(74, 'x') + "\r\n \xC3\xA9yz");
  // Many multi-byte characters: every physical line is at most 75 octets and unfolds to the input.
  std::string long_line;
  for (int i = 0; i < 100; ++i) long_line += "日本";
  const std::string folded = FoldLine(long_line);
  std::string unfolded;
  std::size_t pos = 0;
  while (true) {
    const std::size_t end = folded.find("\r\n ", pos);
    const std::string physical = folded.substr(pos, end == std::string::npos ? end : end - pos);
    EXPECT_LE(physical.size() + (pos == 0 ? 0 : 1), 75u);
    unfolded += physical;
    if (end == std::string::npos) break;
    pos = end + 3;
  }
  EXPECT_EQ(unfolded, long_line);
}

TEST(IcalTest, CalendarShape) {
  const std::string ics = ListingToIcs(FakeListing(), At("2026-11-23T12:00:00Z"));
  const std::vector<std::string> lines = ContentLines(ics);
  ASSERT_GE(lines.size(), 4u);
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines[1], "VERSION:2.0");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  EXPECT_EQ(ValueOf(lines, "UID:"), "00112233aabbccdd-0@recoverynet");
  EXPECT_EQ(ValueOf(lines, "DTSTAMP:"), "20261123T120000Z");
  EXPECT_EQ(ValueOf(lines, "SUMMARY:"), "Fake Group");
  EXPECT_EQ(ValueOf(lines, "LOCATION:"), "Fake Hall\\, 1 Fake St\\, Testville\\, CA 90000\\, USA");
  EXPECT_EQ(ValueOf(lines, "RRULE:"), "FREQ=WEEKLY;BYDAY=MO");
  EXPECT_EQ(ValueOf(lines, "URL:"), "(none)");
  EXPECT_EQ(ValueOf(lines, "GEO:"), "(none)");
  EXPECT_EQ(ValueOf(lines, "STATUS:"), "(none)");
  ExpectBalanced(lines);
  ExpectEveryTzidDefined(lines);
}

TEST(IcalTest, DtstartIsTheFirstStartAtOrAfterNow) {
  Listing listing = FakeListing();
  // 2026-11-23 is a Monday; 12:00Z is 04:00 in Los Angeles (PST, -08:00).
  const Instant now = At("2026-11-23T12:00:00Z");
  std::vector<std::string> lines = ContentLines(ListingToIcs(listing, now));
  EXPECT_EQ(ValueOf(lines, "DTSTART;"), "20261123T193000");
  EXPECT_EQ(ValueOf(lines, "DTEND;"), "20261123T203000");
  EXPECT_NE(
      std::find(lines.begin(), lines.end(), "DTSTART;TZID=America/Los_Angeles:20261123T193000"),
      lines.end());
  // Monday 03:00 has passed at 04:00: next Monday.
  listing.schedule = {{1, 3 * 60, 60}};
  lines = ContentLines(ListingToIcs(listing, now));
  EXPECT_EQ(ValueOf(lines, "DTSTART;"), "20261130T030000");
  // In progress at 04:00 (03:30–04:30): not "on or after now", so next week.
  listing.schedule = {{1, 3 * 60 + 30, 60}};
  lines = ContentLines(ListingToIcs(listing, now));
  EXPECT_EQ(ValueOf(lines, "DTSTART;"), "20261130T033000");
  // Exactly now is on or after now.
  listing.schedule = {{1, 4 * 60, 60}};
  lines = ContentLines(ListingToIcs(listing, now));
  EXPECT_EQ(ValueOf(lines, "DTSTART;"), "20261123T040000");
  // Later in the week; past midnight end.
  listing.schedule = {{6, 23 * 60 + 30, 90}};
  lines = ContentLines(ListingToIcs(listing, now));
  EXPECT_EQ(ValueOf(lines, "DTSTART;"), "20261128T233000");
  EXPECT_EQ(ValueOf(lines, "DTEND;"), "20261129T010000");
}

TEST(IcalTest, DtstartKeepsTheNominalTimeOnASpringForwardDay) {
  Listing listing = FakeListing();
  listing.schedule = {{0, 2 * 60 + 30, 60}};  // Sunday 02:30: skipped on 2026-03-08 in Los Angeles
  const std::vector<std::string> lines =
      ContentLines(ListingToIcs(listing, At("2026-03-07T12:00:00Z")));
  EXPECT_EQ(ValueOf(lines, "DTSTART;"), "20260308T023000");
  EXPECT_EQ(ValueOf(lines, "RRULE:"), "FREQ=WEEKLY;BYDAY=SU");
}

TEST(IcalTest, OneEventPerSlotWithItsDay) {
  Listing listing = FakeListing();
  listing.schedule.clear();
  for (int day = 0; day < 7; ++day) listing.schedule.push_back(Slot{day, 12 * 60, 60});
  const std::vector<std::string> lines =
      ContentLines(ListingToIcs(listing, At("2026-11-23T12:00:00Z")));
  std::vector<std::string> by_day, uids;
  for (const std::string& line : lines) {
    if (line.rfind("RRULE:", 0) == 0) by_day.push_back(line.substr(line.find("BYDAY=") + 6));
    if (line.rfind("UID:", 0) == 0) uids.push_back(line.substr(4));
  }
  EXPECT_EQ(by_day, (std::vector<std::string>{"SU", "MO", "TU", "WE", "TH", "FR", "SA"}));
  ASSERT_EQ(uids.size(), 7u);
  EXPECT_EQ(uids[6], "00112233aabbccdd-6@recoverynet");
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT"), 7);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "END:VEVENT"), 7);
}

TEST(IcalTest, ByAppointmentHasNoEvents) {
  Listing listing = FakeListing();
  listing.schedule.clear();
  const std::string ics = ListingToIcs(listing, At("2026-11-23T12:00:00Z"));
  EXPECT_EQ(ics.find("VEVENT"), std::string::npos);
  const std::vector<std::string> lines = ContentLines(ics);
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
}

TEST(IcalTest, OnlineListingDescriptionAndUrl) {
  Listing listing = FakeListing();
  listing.attendance = directory::Attendance::kOnline;
  listing.notes = "Bring a friend; all welcome,\nreally";
  listing.conference = {"https://example.org/meet?id=1,2", "ID 000", "+1 555 0100", "PIN 1#"};
  listing.location.latitude = 34.05;
  listing.location.longitude = -118.25;
  const std::vector<std::string> lines =
      ContentLines(ListingToIcs(listing, At("2026-11-23T12:00:00Z")));
  EXPECT_EQ(ValueOf(lines, "LOCATION:"), "https://example.org/meet?id=1\\,2");
  EXPECT_EQ(ValueOf(lines, "URL:"), "https://example.org/meet?id=1,2");  // a URI: not TEXT-escaped
  EXPECT_EQ(
      ValueOf(lines, "DESCRIPTION:"),
      "Bring a friend\\; all welcome\\,\\nreally\\nOnline: https://example.org/meet?id=1\\,2\\n"
      "ID 000\\nPhone: +1 555 0100\\nPIN 1#");
  EXPECT_EQ(ValueOf(lines, "GEO:"), "34.0500000;-118.2500000");
}

TEST(IcalTest, LongSummaryIsFoldedAndInactiveIsCancelled) {
  Listing listing = FakeListing();
  listing.name =
      "Una reunión con un nombre muy, muy largo que no cabe en una sola línea de calendario";
  listing.attendance = directory::Attendance::kInactive;
  const std::string ics = ListingToIcs(listing, At("2026-11-23T12:00:00Z"));
  EXPECT_NE(ics.find("\r\n "), std::string::npos);  // folded
  const std::vector<std::string> lines = ContentLines(ics);
  EXPECT_EQ(
      ValueOf(lines, "SUMMARY:"),
      "Una reunión con un nombre muy\\, muy largo que no cabe en una sola línea de calendario");
  EXPECT_EQ(ValueOf(lines, "STATUS:"), "CANCELLED");
}

TEST(IcalTimezoneTest, LosAngelesMeetingHasItsVTimezone) {
  const Instant now = At("2026-11-23T12:00:00Z");
  const std::vector<std::string> lines = ContentLines(ListingToIcs(FakeListing(), now));
  ExpectBalanced(lines);
  ExpectEveryTzidDefined(lines);
  const std::vector<ParsedTimezone> zones = Timezones(lines);
  ASSERT_EQ(zones.size(), 1u);
  const ParsedTimezone& zone = zones[0];
  EXPECT_EQ(zone.tzid, "America/Los_Angeles");
  EXPECT_EQ(zone.observances.size(), 2u);

  // Daylight time starts on the second Sunday of March at 02:00 PST (2026-03-08 is a Sunday).
  const ParsedObservance* daylight = FindObservance(zone, "DAYLIGHT", "-0800", "-0700");
  ASSERT_NE(daylight, nullptr);
  EXPECT_EQ(daylight->name, "PDT");
  EXPECT_TRUE(Contains(daylight->onsets, "20260308T020000"));
  EXPECT_TRUE(Contains(daylight->onsets, "20270314T020000"));
  std::set<int> daylight_years;
  for (const std::string& onset : daylight->onsets) {
    const date::local_seconds local = ParseLocal(onset);
    const date::local_days day = std::chrono::floor<date::days>(local);
    const date::year_month_day ymd(day);
    EXPECT_EQ(ymd.month(), date::March) << onset;
    EXPECT_EQ(date::weekday(day), date::Sunday) << onset;
    EXPECT_TRUE(ymd.day() >= date::day{8} && ymd.day() <= date::day{14}) << onset;
    EXPECT_EQ(local - day, std::chrono::hours{2}) << onset;
    EXPECT_TRUE(daylight_years.insert(static_cast<int>(ymd.year())).second) << onset;
  }
  // The window runs from a year before the first DTSTART to ten years after.
  for (int year = 2026; year <= 2036; ++year) EXPECT_EQ(daylight_years.count(year), 1u) << year;

  // Standard time returns on the first Sunday of November at 02:00 PDT, the local time before the
  // change (01:00 PST after it).
  const ParsedObservance* standard = FindObservance(zone, "STANDARD", "-0700", "-0800");
  ASSERT_NE(standard, nullptr);
  EXPECT_EQ(standard->name, "PST");
  EXPECT_TRUE(Contains(standard->onsets, "20261101T020000"));
  EXPECT_FALSE(Contains(standard->onsets, "20261101T010000"));
  // The onset of the standard time in effect when the window opens (2025-11-23) is there too.
  EXPECT_TRUE(Contains(standard->onsets, "20251102T020000"));
  for (const std::string& onset : standard->onsets) {
    const date::local_days day = std::chrono::floor<date::days>(ParseLocal(onset));
    const date::year_month_day ymd(day);
    EXPECT_EQ(ymd.month(), date::November) << onset;
    EXPECT_EQ(date::weekday(day), date::Sunday) << onset;
    EXPECT_LE(ymd.day(), date::day{7}) << onset;
    EXPECT_EQ(onset.substr(8), "T020000") << onset;
  }
  EXPECT_EQ(standard->onsets.front(), "20251102T020000");  // DTSTART is the first onset

  ExpectOffsetsMatchTzDatabase(zone, now - date::days{365}, now + date::days{3650});
}

TEST(IcalTimezoneTest, VTimezoneComesFirstAndOnlyOnceForManySlots) {
  Listing listing = FakeListing();
  listing.schedule.clear();
  for (int day = 0; day < 7; ++day) listing.schedule.push_back(Slot{day, 9 * 60, 60});
  const std::vector<std::string> lines =
      ContentLines(ListingToIcs(listing, At("2026-03-05T12:00:00Z")));
  ExpectBalanced(lines);
  ExpectEveryTzidDefined(lines);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:VTIMEZONE"), 1);
  EXPECT_EQ(std::count(lines.begin(), lines.end(), "X-LIC-LOCATION:America/Los_Angeles"), 1);
  const auto first_zone = std::find(lines.begin(), lines.end(), "BEGIN:VTIMEZONE");
  const auto first_event = std::find(lines.begin(), lines.end(), "BEGIN:VEVENT");
  EXPECT_LT(first_zone, first_event);
}

TEST(IcalTimezoneTest, ZoneWithoutDstHasOneFixedStandard) {
  for (const auto& [zone_name, offset, abbreviation] :
       {std::tuple{"Asia/Kolkata", "+0530", "IST"},
        std::tuple{"America/Phoenix", "-0700", "MST"}}) {
    Listing listing = FakeListing();
    listing.timezone = zone_name;
    const std::vector<std::string> lines =
        ContentLines(ListingToIcs(listing, At("2026-11-23T12:00:00Z")));
    ExpectBalanced(lines);
    ExpectEveryTzidDefined(lines);
    const std::vector<ParsedTimezone> zones = Timezones(lines);
    ASSERT_EQ(zones.size(), 1u) << zone_name;
    EXPECT_EQ(zones[0].tzid, zone_name);
    ASSERT_EQ(zones[0].observances.size(), 1u) << zone_name;
    const ParsedObservance& standard = zones[0].observances[0];
    EXPECT_EQ(standard.kind, "STANDARD");
    EXPECT_EQ(standard.from, offset);
    EXPECT_EQ(standard.to, offset);
    EXPECT_EQ(standard.name, abbreviation);
    EXPECT_EQ(standard.onsets, std::vector<std::string>{"19700101T000000"});  // no RDATE
    EXPECT_EQ(std::count(lines.begin(), lines.end(), "BEGIN:DAYLIGHT"), 0);
  }
}

TEST(IcalTimezoneTest, SouthernHemisphereOnsetsUseTheLocalTimeBeforeTheChange) {
  Listing listing = FakeListing();
  listing.timezone = "Australia/Sydney";
  const Instant now = At("2026-11-23T12:00:00Z");
  const std::vector<std::string> lines = ContentLines(ListingToIcs(listing, now));
  ExpectEveryTzidDefined(lines);
  const std::vector<ParsedTimezone> zones = Timezones(lines);
  ASSERT_EQ(zones.size(), 1u);
  // Daylight time ends on the first Sunday of April at 03:00 AEDT (02:00 AEST after the change).
  const ParsedObservance* standard = FindObservance(zones[0], "STANDARD", "+1100", "+1000");
  ASSERT_NE(standard, nullptr);
  EXPECT_TRUE(Contains(standard->onsets, "20260405T030000"));
  // It starts on the first Sunday of October at 02:00 AEST.
  const ParsedObservance* daylight = FindObservance(zones[0], "DAYLIGHT", "+1000", "+1100");
  ASSERT_NE(daylight, nullptr);
  EXPECT_TRUE(Contains(daylight->onsets, "20261004T020000"));
  ExpectOffsetsMatchTzDatabase(zones[0], now - date::days{365}, now + date::days{3650});
}

TEST(IcalTimezoneTest, NegativeDstZoneIsWrittenWithSummerAsDaylight) {
  // The tz database flags Dublin's winter GMT as DST ("negative DST"); calendar programs expect the
  // summer clock to be the DAYLIGHT one.
  Listing listing = FakeListing();
  listing.timezone = "Europe/Dublin";
  const Instant now = At("2026-11-23T12:00:00Z");
  const std::vector<std::string> lines = ContentLines(ListingToIcs(listing, now));
  const std::vector<ParsedTimezone> zones = Timezones(lines);
  ASSERT_EQ(zones.size(), 1u);
  ASSERT_EQ(zones[0].observances.size(), 2u);
  // Last Sunday of March at 01:00 GMT; last Sunday of October at 02:00 IST.
  const ParsedObservance* daylight = FindObservance(zones[0], "DAYLIGHT", "+0000", "+0100");
  ASSERT_NE(daylight, nullptr);
  EXPECT_EQ(daylight->name, "IST");
  EXPECT_TRUE(Contains(daylight->onsets, "20260329T010000"));
  const ParsedObservance* standard = FindObservance(zones[0], "STANDARD", "+0100", "+0000");
  ASSERT_NE(standard, nullptr);
  EXPECT_EQ(standard->name, "GMT");
  EXPECT_TRUE(Contains(standard->onsets, "20261025T020000"));
  ExpectOffsetsMatchTzDatabase(zones[0], now - date::days{365}, now + date::days{3650});
}

TEST(IcalTimezoneTest, OffsetsMatchTheTzDatabaseAroundTheWorld) {
  for (const char* zone_name :
       {"America/New_York", "Europe/Berlin", "America/Sao_Paulo", "Pacific/Chatham",
        "Australia/Lord_Howe", "Africa/Casablanca", "America/St_Johns", "America/Mexico_City"}) {
    Listing listing = FakeListing();
    listing.timezone = zone_name;
    const Instant now = At("2026-11-23T12:00:00Z");
    const std::vector<std::string> lines = ContentLines(ListingToIcs(listing, now));
    ExpectBalanced(lines);
    ExpectEveryTzidDefined(lines);
    const std::vector<ParsedTimezone> zones = Timezones(lines);
    ASSERT_EQ(zones.size(), 1u) << zone_name;
    ExpectOffsetsMatchTzDatabase(zones[0], now - date::days{365}, now + date::days{3650});
  }
}

TEST(IcalTimezoneTest, ZoneThatDroppedDstInsideTheWindow) {
  // Mexico City's last change was to CST on 2022-10-30; in 2022 the window covers DST before it.
  Listing listing = FakeListing();
  listing.timezone = "America/Mexico_City";
  const Instant now = At("2022-01-10T12:00:00Z");
  const std::vector<std::string> lines = ContentLines(ListingToIcs(listing, now));
  const std::vector<ParsedTimezone> zones = Timezones(lines);
  ASSERT_EQ(zones.size(), 1u);
  const ParsedObservance* standard = FindObservance(zones[0], "STANDARD", "-0500", "-0600");
  ASSERT_NE(standard, nullptr);
  EXPECT_EQ(standard->onsets.back(), "20221030T020000");
  ExpectOffsetsMatchTzDatabase(zones[0], now - date::days{365}, now + date::days{3650});
}

TEST(IcalTimezoneTest, ByAppointmentHasNoVTimezone) {
  Listing listing = FakeListing();
  listing.schedule.clear();
  const std::string ics = ListingToIcs(listing, At("2026-11-23T12:00:00Z"));
  EXPECT_EQ(ics.find("VTIMEZONE"), std::string::npos);
  EXPECT_EQ(ics.find("TZID"), std::string::npos);
}

TEST(IcalTest, UnknownZoneFallsBackToUtc) {
  Listing listing = FakeListing();
  listing.timezone = "Not/AZone";
  const std::vector<std::string> lines =
      ContentLines(ListingToIcs(listing, At("2026-11-23T12:00:00Z")));
  const std::string dtstart = ValueOf(lines, "DTSTART;");
  EXPECT_EQ(dtstart, "20261123T193000");
  bool found_utc = false;
  for (const std::string& line : lines) {
    if (line.rfind("DTSTART;TZID=", 0) == 0) found_utc = line.find("UTC") != std::string::npos;
  }
  EXPECT_TRUE(found_utc);
  // The UTC zone it falls back to is defined like any other; the unknown name appears nowhere.
  ExpectBalanced(lines);
  ExpectEveryTzidDefined(lines);
  const std::vector<ParsedTimezone> zones = Timezones(lines);
  ASSERT_EQ(zones.size(), 1u);
  ASSERT_EQ(zones[0].observances.size(), 1u);
  EXPECT_EQ(zones[0].observances[0].kind, "STANDARD");
  EXPECT_EQ(zones[0].observances[0].from, "+0000");
  EXPECT_EQ(zones[0].observances[0].to, "+0000");
  for (const std::string& line : lines) EXPECT_EQ(line.find("Not/AZone"), std::string::npos);
}

}  // namespace
}  // namespace rn::interop::ical
