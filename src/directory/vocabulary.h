#pragma once
// The meeting type vocabulary (Meeting Guide types.json, 9 languages, plus the retired ONL and NS),
// the language type codes and their ISO 639-1 codes, BMLT NAWS world ids, and the
// fellowships/approaches.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rn::directory {

struct TypeInfo {
  std::string code;                          // e.g. "O", "LGBTQ"
  std::map<std::string, std::string> names;  // display language ("en", "es", …) → name
  bool retired = false;  // ONL and NS: removed from the spec, still seen in feeds
};

// Immutable after construction; thread-safe.
class Vocabulary final {
 public:
  // The built-in vocabulary, compiled into the binary from types.json.
  static const Vocabulary& Get();

  // The display languages of the names: {"en","es","fr","ja","nl","pt","sk","sv","th"}.
  static const std::vector<std::string>& DisplayLanguages();

  // All codes, sorted by code.
  const std::vector<TypeInfo>& types() const { return types_; }
  // The entry for `code` (exact, case-sensitive), or nullptr.
  const TypeInfo* Find(std::string_view code) const;

  // A feed's type token as a code: a code ignoring case → that code; else a code's English name
  // ignoring case → that code ("open" → "O"); else the token itself, trimmed of spaces. Empty in →
  // empty out.
  std::string NormalizeType(std::string_view token) const;

  // The ISO 639-1 code a language type code stands for ("S" → "es", "POL" → "pl"); empty when the
  // code is not a spoken-language code (ASL is a type, not a language).
  std::string_view LanguageOfType(std::string_view code) const;
  // The type code for an ISO 639-1 code ("es" → "S"); empty when there is none.
  std::string_view TypeOfLanguage(std::string_view iso639_1) const;

  // The Meeting Guide code for a BMLT format, by its NAWS world_id (case-insensitive: "CLOSED" →
  // "C"), or nullopt when the world id has no mapping.
  std::optional<std::string> FromBmltWorldId(std::string_view world_id) const;
  // The inverse of FromBmltWorldId: the NAWS world id of a Meeting Guide code ("C" → "CLOSED"), or
  // empty when it has none.
  std::string_view BmltWorldIdOf(std::string_view code) const;

 private:
  Vocabulary();
  std::vector<TypeInfo> types_;
};

// A fellowship or approach a listing belongs to. Non-12-step approaches are first-class.
struct Fellowship {
  std::string code;  // e.g. "aa", "na", "smart", "recovery-dharma"
  std::string name_en;
  std::string name_es;
  bool twelve_step = false;
};

// All known fellowships/approaches, in display order.
const std::vector<Fellowship>& Fellowships();
// The entry for `code`, or nullptr.
const Fellowship* FindFellowship(std::string_view code);

}  // namespace rn::directory
