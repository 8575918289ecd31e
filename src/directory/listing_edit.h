#pragma once
// The rules for a listing a directory editor writes by hand in the staff console (imports have
// their own, more tolerant rules). Pure.

#include <string>
#include <string_view>

#include "directory/listing.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::directory {

// The import source of listings created in the staff console for site `site_id`: "local-<site>".
// No feed has it, so a re-import never removes them.
std::string LocalSource(std::string_view site_id);
// Whether `source` is some site's LocalSource (made in the console, never imported).
bool IsLocalSource(std::string_view source);

// OK when an editor may save `listing`; else kInvalidArgument naming the form field:
// no control character in any text field but tab and line feed in the notes (util/stored_text.h:
// "notes: holds a control character (U+0000)"); a name ("name"); a known IANA time zone
// ("timezone"); an in-person or hybrid meeting needs a street address ("address"); an online or
// hybrid one needs a link or a phone number
// ("conference_url"); a link must be http(s) ("conference_url"); plus everything ValidateListing
// checks.
Status ValidateEditedListing(const Listing& listing);

// Whether the listing is marked temporarily closed (the Meeting Guide "TC" type).
bool IsTemporarilyClosed(const Listing& listing);
// Marks it temporarily closed: adds "TC" and, unless it still meets online, makes it inactive.
void CloseTemporarily(Listing* listing);
// Takes the mark back: removes "TC" and sets the attendance its address and conference imply.
void Reopen(Listing* listing);
// The attendance the listing's address and conference imply: both → hybrid, a conference only →
// online, else in person.
Attendance ImpliedAttendance(const Listing& listing);

}  // namespace rn::directory
