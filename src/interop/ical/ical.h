#pragma once
// iCalendar (RFC 5545) export of a listing, for "add to my calendar".

#include <string>
#include <string_view>

#include "directory/listing.h"
#include "util/clock.h"

namespace rn::interop::ical {

// A VCALENDAR with one weekly VEVENT per schedule slot (none for a by-appointment listing):
// - UID: "<listing id>-<slot index>@recoverynet".
// - DTSTART: the slot's first start at or after `now`, as local wall-clock time with
//   TZID=<the listing's IANA zone> and no VTIMEZONE (calendar apps resolve IANA names). It is the
//   slot's nominal time even on a day when DST skips it; RFC 5545 then moves it forward by the gap,
//   as our own rule does.
// - DTEND: DTSTART plus the duration, same TZID. RRULE: FREQ=WEEKLY;BYDAY=<the slot's day>.
// - SUMMARY: the name. LOCATION: venue name and address (the conference URL for an online-only
//   listing). DESCRIPTION: notes, location notes, conference URL/phone and their notes.
// - URL: the conference URL. GEO: when the listing has coordinates. STATUS:CANCELLED: when the
//   listing is inactive.
// A listing whose zone is unknown is scheduled in UTC. Lines end in CRLF and are folded at 75
// octets (never inside a UTF-8 sequence); TEXT values are escaped. Pure; thread-safe.
std::string ListingToIcs(const directory::Listing& listing, Instant now);

// RFC 5545 TEXT escaping: backslash, semicolon and comma get a backslash; a line break (CRLF, CR or
// LF) becomes "\n"; other control characters are dropped.
std::string EscapeText(std::string_view text);

// Folds one content line (without its CRLF) into physical lines of at most 75 octets joined by CRLF
// and a space; a fold never splits a UTF-8 sequence. The result has no trailing CRLF.
std::string FoldLine(std::string_view line);

}  // namespace rn::interop::ical
