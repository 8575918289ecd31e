#pragma once
// iCalendar (RFC 5545) export of a listing, for "add to my calendar".

#include <string>
#include <string_view>

#include "directory/listing.h"
#include "util/clock.h"

namespace rn::interop::ical {

// A VCALENDAR with one weekly VEVENT per schedule slot (none for a by-appointment listing):
// - VTIMEZONE (only when there are events, before them): TZID and X-LIC-LOCATION = the zone's IANA
//   name, with the zone's rules from the system tz database for the window from a year before the
//   earliest DTSTART to ten years after the latest: one STANDARD (DST save zero) or DAYLIGHT
//   sub-component per distinct (TZOFFSETFROM, TZOFFSETTO, TZNAME, kind), whose DTSTART is its first
//   onset and RDATE its later ones, each as the local time in effect before the onset (RFC 5545
//   §3.6.5). The onset of the observance in effect at the window's start is included. A zone
//   without changes in the window gets one STANDARD with DTSTART 19700101T000000 and
//   TZOFFSETFROM = TZOFFSETTO = its offset.
// - UID: "<listing id>-<slot index>@recoverynet".
// - DTSTART: the slot's first start at or after `now`, as local wall-clock time with
//   TZID=<the listing's IANA zone>. It is the slot's nominal time even on a day when DST skips it;
//   RFC 5545 then moves it forward by the gap, as our own rule does.
// - DTEND: DTSTART plus the duration, same TZID. RRULE: FREQ=WEEKLY;BYDAY=<the slot's day>.
// - SUMMARY: the name. LOCATION: venue name and address (the conference URL for an online-only
//   listing). DESCRIPTION: notes, location notes, conference URL/phone and their notes.
// - URL: the conference URL. GEO: when the listing has coordinates. STATUS:CANCELLED: when the
//   listing is inactive.
// A listing whose zone is unknown is scheduled in the tz database's "UTC" zone (TZID=UTC, with its
// VTIMEZONE). Lines end in CRLF and are folded at 75 octets (never inside a UTF-8 sequence); TEXT
// values are escaped. Pure; thread-safe.
std::string ListingToIcs(const directory::Listing& listing, Instant now);

// RFC 5545 TEXT escaping: backslash, semicolon and comma get a backslash; a line break (CRLF, CR or
// LF) becomes "\n"; other control characters are dropped.
std::string EscapeText(std::string_view text);

// Folds one content line (without its CRLF) into physical lines of at most 75 octets joined by CRLF
// and a space; a fold never splits a UTF-8 sequence. The result has no trailing CRLF.
std::string FoldLine(std::string_view line);

}  // namespace rn::interop::ical
