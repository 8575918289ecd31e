#pragma once
// The one rule for text the system stores from outside (a staff member's listing, a correction
// from the public, a casework record, a display or site name, an imported feed row): no control
// characters but tab and line feed, and line ends normalised to "\n". Stored text is later shown
// on pages, in the JSON API and in the feeds; a NUL or an escape sequence there is never meant.
// Pure; thread-safe.

#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::text {

// Which white-space controls a field may hold.
enum class Lines {
  kOne,   // one line: no control character at all (no tab, no line break)
  kMany,  // free text: tab and "\n" allowed
};

// `text` with "\r\n" and every lone "\r" made "\n": what a browser's textarea or a Windows-made
// feed sends, as stored.
std::string NormalizeLineEnds(std::string_view text);

// The first code point in `utf8` that `lines` does not allow: a C0 control (U+0000..U+001F,
// except tab and line feed for Lines::kMany), DEL (U+007F) or a C1 control (U+0080..U+009F).
// nullopt when there is none. Bytes that are not valid UTF-8 are not looked at (check them
// apart, e.g. IsValidUtf8).
std::optional<char32_t> FirstForbiddenControl(std::string_view utf8, Lines lines);

// OK when `utf8` holds no control character `lines` forbids; else kInvalidArgument naming
// `field`: "holds a control character (U+0000)". A carriage return counts: normalise line ends
// (NormalizeLineEnds) where they are taken in.
Status CheckNoControls(std::string_view field, std::string_view utf8, Lines lines);

// The message of CheckNoControls for `code_point`: "holds a control character (U+001B)".
std::string ControlCharacterMessage(char32_t code_point);

}  // namespace rn::text
