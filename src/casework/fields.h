#pragma once
// The checks every casework record's text fields share: what a referrer, a coach or a program sends
// is untrusted, and each field is refused with a message naming it.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/contact.h"
#include "util/status.h"

namespace rn::casework {

// The longest one-line field (a first name, an alias, a partner's reference), in code points.
inline constexpr std::size_t kMaxShortText = 100;
// The longest note, in code points.
inline constexpr std::size_t kMaxNote = 4000;

// `value` trimmed, when it is valid UTF-8 without control characters and at most `max` code
// points; empty only when not `required`. Otherwise kInvalidArgument naming `field`.
Result<std::string> OneLine(std::string_view field, std::string_view value, std::size_t max,
                            bool required);

// Moves the checked value into `*into`, or returns its error (for tidying a field in place:
// RN_RETURN_IF_ERROR(Take(OneLine("name", x.name, …), &x.name))).
Status Take(Result<std::string> checked, std::string* into);

// A note: as OneLine, but line breaks and tabs are kept ("\r\n" and a lone "\r" become "\n").
Result<std::string> Note(std::string_view field, std::string_view value, std::size_t max);

// A phone number as people write it (util/contact.h: digits with spaces, '-', '.', '(' and ')' and
// a leading '+'; 7 to 15 digits), shared with identity's staff contacts.
using contact::Phone;

// A language as a BCP 47 tag of a language and an optional region ("en", "es", "es-MX", "zh-TW",
// "es-419"), returned with the language in lower case and the region in upper case.
Result<std::string> LanguageTag(std::string_view field, std::string_view value);

}  // namespace rn::casework
