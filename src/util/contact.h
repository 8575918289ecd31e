#pragma once
// Checks of the ways to reach someone — a phone number, an e-mail address — shared by the domains
// that take them (casework: a referred person's phone; identity: a staff member's pager contacts).
// Each returns the value tidied, or kInvalidArgument naming `field`.

#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::contact {

// A phone number as people write it: digits with spaces, '-', '.', '(' and ')' and a leading '+';
// 7 to 15 digits (E.164's most). Returned trimmed; empty when `value` is blank and not `required`.
Result<std::string> Phone(std::string_view field, std::string_view value, bool required);

// A phone number in international form, as an SMS provider takes it: Phone's rules with a leading
// '+', returned as E.164 ("+1 (806) 555-0142" → "+18065550142"). Empty when blank and not
// `required`.
Result<std::string> InternationalPhone(std::string_view field, std::string_view value,
                                       bool required);

// An e-mail address a mail server takes as a recipient: one '@' between a local part and a domain
// of at least two dot-separated labels, printable ASCII without spaces, quotes, angle brackets,
// commas, semicolons or backslashes (nothing that could end an SMTP command or a header), at most
// 254 characters. Returned trimmed; empty when blank and not `required`.
Result<std::string> EmailAddress(std::string_view field, std::string_view value, bool required);

}  // namespace rn::contact
