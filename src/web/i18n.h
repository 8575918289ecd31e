#pragma once
// The pages' languages: English and Spanish. Every page string lives in a message catalogue
// (src/web/i18n/<code>.json, compiled in); type names come from the Meeting Guide vocabulary.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rn::web {

enum class Language { kEnglish, kSpanish };

// "en" | "es".
std::string_view LanguageCode(Language language);
// All page languages, in switcher order.
const std::vector<Language>& PageLanguages();

// The page language: `lang_param` when it names one ("en", "es"), else the first supported language
// of the Accept-Language header by q-value ("es-MX,es;q=0.9,en;q=0.5" → Spanish), else English.
Language ChooseLanguage(std::string_view lang_param, std::string_view accept_language);

// One language's catalogue: a flat map of message keys to text. Immutable; thread-safe.
class Messages final {
 public:
  static const Messages& For(Language language);

  // The message for `key`. REQUIRES: the key exists (the catalogue tests check every key used by
  // the code and templates is in both catalogues); a missing key shows as "⟦key⟧".
  std::string Get(std::string_view key) const;
  // The message with each "{name}" replaced by its argument.
  std::string Format(std::string_view key,
                     const std::vector<std::pair<std::string_view, std::string>>& args) const;
  // A count message: "<key>_one" when count == 1, else "<key>_other", with {n} replaced.
  std::string Plural(std::string_view key, std::size_t count) const;

  Language language() const { return language_; }
  const std::map<std::string, std::string, std::less<>>& all() const { return messages_; }

 private:
  explicit Messages(Language language);
  Language language_;
  std::map<std::string, std::string, std::less<>> messages_;
};

}  // namespace rn::web
