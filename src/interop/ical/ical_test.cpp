#include "interop/ical/ical.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
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
}

}  // namespace
}  // namespace rn::interop::ical
