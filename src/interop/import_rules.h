#pragma once
// Import rules shared by the feed parsers (Meeting Guide, BMLT): the pieces of
// docs/contracts/directory.md "Import: which rows go in" that do not depend on the feed's shape.
// Pure functions; thread-safe; never throw.

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "directory/listing.h"
#include "directory/schedule.h"
#include "interop/feed.h"
#include "util/status.h"

namespace rn::interop {

// Resolves each row's time zone by the contract: the row's own zone when valid, else the feed's
// default. Caches lookups by name. Not thread-safe: one per parse.
class ZoneResolver final {
 public:
  explicit ZoneResolver(std::string default_zone) : default_zone_(std::move(default_zone)) {}
  // The zone for a row whose zone field `field` holds `own_name`; kInvalidArgument with the
  // rejection reason ("timezone: missing, and the feed has no default time zone") when neither is
  // valid.
  Result<const date::time_zone*> Resolve(std::string_view field, const std::string& own_name);

 private:
  const date::time_zone* Find(const std::string& name);
  std::string default_zone_;
  std::unordered_map<std::string, const date::time_zone*> cache_;
};

// A listing with its identity filled in: source, slug, id (MakeListingId), name and the zone's
// canonical name.
directory::Listing NewListing(const FeedOptions& options, std::string slug, std::string name,
                              const date::time_zone* zone);

// A clock time as minutes after midnight: "H:MM"/"HH:MM" (hours 0–23), "HH:MM:SS" (seconds
// dropped), or "h:mm AM"/"h AM" with "am", "pm", "a.m.", "p.m." in any case, with or without a
// space (hours 1–12; 12 AM is 00:00). With `allow_end_of_day`, "24:00" (and "24:00:00") reads as
// 1440. nullopt otherwise.
std::optional<int> ParseClockTime(std::string_view text, bool allow_end_of_day);

// The duration of a slot starting at `start_minute` (0–1439) and ending at `end_minute` (0–1440, or
// nullopt when absent or unreadable): 60 when absent or equal to the start, else the minutes to the
// end, an end earlier than the start ending the next day. Always 1–1440.
int DurationFromEnd(int start_minute, std::optional<int> end_minute);

// A decimal number, with optional surrounding ASCII spaces and sign; nullopt when malformed or not
// finite.
std::optional<double> ParseDecimal(std::string_view text);

// Sets `location`'s coordinates when both are present, in range, and not exactly (0, 0); else
// clears both. They are kept to 7 decimal places (about 1 cm): such a value prints in at most 12
// characters and reads back as the very same double, so a feed we export imports to equal listings.
void SetCoordinates(std::optional<double> latitude, std::optional<double> longitude,
                    directory::Location* location);

// "address, city, state postal_code, country", skipping empty parts.
std::string AssembleAddress(std::string_view address, std::string_view city, std::string_view state,
                            std::string_view postal_code, std::string_view country);

// True when the first comma-separated part of `address` contains an ASCII digit (a street number).
using directory::StartsWithStreetNumber;

// Attendance of a listing whose feed gives none: with a conference URL or phone, hybrid if the
// listing is not TC and `has_real_address`, else online; with no conference, TC makes it inactive;
// otherwise in person. The retired ONL type plays no part.
directory::Attendance InferAttendance(const directory::Listing& listing, bool has_real_address);

// The ISO 639-1 languages of the language codes among `types`, in order, without repeats.
std::vector<std::string> LanguagesOfTypes(const std::vector<std::string>& types);

// Appends `code` to `types` unless empty or already there.
void AddType(std::string code, std::vector<std::string>* types);

// A feed's "last updated" text as RFC 3339 UTC ("2023-08-29T15:56:59Z"), or empty when not
// understood. Reads RFC 3339 with any offset, "YYYY-MM-DD HH:MM[:SS]" and "YYYY-MM-DDTHH:MM[:SS]"
// without an offset (taken as UTC, as TSML writes it), "YYYY-MM-DD", and Unix seconds (9–11
// digits).
std::string NormalizeUpdated(std::string_view text);
// The same for a Unix time in seconds; empty when out of the years 1970–9999.
std::string NormalizeUnixSeconds(long long seconds);

// A rejection reason's quoted value: the text, cut to 40 bytes (on a UTF-8 boundary), in quotes.
std::string QuoteForReason(std::string_view text);

// ---- Reading JSON documents and fields ----

// Parses a whole document into `resource` (which must outlive the value): a leading UTF-8 byte
// order mark is skipped, invalid UTF-8 inside strings is let through (clean each string with
// FieldText). On a syntax error: kInvalidArgument naming `document_name`, with the byte offset.
Result<boost::json::value> ParseJsonDocument(std::string_view json, std::string_view document_name,
                                             boost::json::monotonic_resource* resource);

// The value at `key`, or nullptr when absent or null (nulls mean absent).
const boost::json::value* FieldValue(const boost::json::object& row, std::string_view key);

// The rejection reason of a row with a control character that stored text may not hold
// (util/stored_text.h: anything but tab and line feed; a carriage return is fine, JsonText makes
// line ends "\n") in a string field or in any string within an array or object field (an
// extension the feed carries):
// "notes: holds a control character (U+0000)", naming the first such field. Empty when none.
std::string ControlCharacterReason(const boost::json::object& row);

// A string or number value as text: strings trimmed with invalid UTF-8 dropped, line ends made
// "\n" (util/stored_text.h), integers (and
// integral doubles below 2^53) in plain digits, other numbers in their shortest form; empty for
// other kinds.
std::string JsonText(const boost::json::value& value);

// JsonText of the value at `key`; empty when absent.
std::string FieldText(const boost::json::object& row, std::string_view key);

// A value as it appears in a rejection reason: strings quoted (QuoteForReason), anything else as
// compact JSON cut to 40 bytes.
std::string JsonForReason(const boost::json::value& value);

}  // namespace rn::interop
