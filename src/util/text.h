#pragma once
// Text helpers shared by parsers and the search index.

#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace rn::text {

// Folds text for matching: Unicode NFKD, accents (combining marks) removed, case-folded. Invalid
// UTF-8 bytes are dropped. "Sesión ÉXITO" → "sesion exito".
std::string Fold(std::string_view utf8);

// Folds, then splits into runs of letters and digits: "St. Mary's, 2nd fl" →
// {"st","mary","s","2nd","fl"}.
std::vector<std::string> Words(std::string_view utf8);

// Splits "a, b,c" into trimmed (Trim) non-empty parts.
std::vector<std::string_view> SplitCommas(std::string_view list);

// `s` without leading and trailing ASCII white space.
std::string_view Trim(std::string_view s);

// `s` without leading and trailing spaces and tabs: HTTP's optional white space (RFC 9110 §5.6.3)
// around header values and list items.
std::string_view TrimOws(std::string_view s);

// ASCII lower-case copy.
std::string AsciiLower(std::string_view s);

// True if `a` and `b` are equal ignoring ASCII case (HTTP field names, tokens).
bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b);

// True if `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);

// The number of code points in the valid UTF-8 `s`: every byte that does not continue a sequence.
std::size_t CodePointCount(std::string_view s);

// True for the C0 controls and DEL.
bool IsAsciiControl(unsigned char c);

// True when the valid UTF-8 `s` holds a C1 control (U+0080..U+009F, encoded C2 80..C2 9F).
bool HasC1Control(std::string_view s);

// `s` with every byte that is not part of a valid UTF-8 sequence dropped (overlong forms,
// surrogates and code points past U+10FFFF are invalid). Valid input comes back unchanged.
std::string ToValidUtf8(std::string_view s);

// `text` as a number when all of it is one (std::from_chars: no spaces, no '+') within [min, max],
// and finite for a floating-point type; otherwise nullopt.
template <typename T>
std::optional<T> ParseNumber(std::string_view text, T min, T max) {
  T value{};
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  if constexpr (std::is_floating_point_v<T>) {
    if (!std::isfinite(value)) return std::nullopt;
  }
  if (value < min || value > max) return std::nullopt;
  return value;
}

// "1 day", "3 days", "0 days": `count` and the English noun for it.
std::string CountOf(long long count, std::string_view one, std::string_view many);

}  // namespace rn::text
