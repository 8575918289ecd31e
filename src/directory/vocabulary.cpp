#include "directory/vocabulary.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <cstdlib>
#include <unordered_map>
#include <utility>

#include "util/embedded.h"
#include "util/text.h"

namespace rn::directory {
namespace {

struct RetiredType {
  const char* code;
  const char* name_en;
  const char* name_es;
};

// Removed from the spec's table in 2022 but still common in feeds (TSML, BMLT's TSML output).
constexpr RetiredType kRetiredTypes[] = {
    {"ONL", "Online", "En línea"},
    {"NS", "Non-Smoking", "No fumar"},
};

struct CodePair {
  std::string_view from;
  std::string_view to;
};

// Every spoken-language code of types.json and its ISO 639-1 code. ASL is deliberately absent: a
// sign language with no 639-1 code, so it stays a plain type. Note SL is Slovenian here (BMLT's
// "SL" means sign language; the BMLT importer maps that key to ASL before it gets here).
constexpr CodePair kLanguageCodes[] = {
    {"AF", "af"},  {"AM", "am"},  {"AR", "ar"},  {"BG", "bg"},  {"DA", "da"},  {"DE", "de"},
    {"EL", "el"},  {"EN", "en"},  {"FA", "fa"},  {"FI", "fi"},  {"FR", "fr"},  {"HE", "he"},
    {"HI", "hi"},  {"HR", "hr"},  {"HU", "hu"},  {"IS", "is"},  {"ITA", "it"}, {"JA", "ja"},
    {"KA", "ka"},  {"KOR", "ko"}, {"LT", "lt"},  {"ML", "ml"},  {"MT", "mt"},  {"NE", "ne"},
    {"NL", "nl"},  {"NO", "no"},  {"POL", "pl"}, {"POR", "pt"}, {"PUN", "pa"}, {"RUS", "ru"},
    {"S", "es"},   {"SK", "sk"},  {"SL", "sl"},  {"SV", "sv"},  {"TH", "th"},  {"TL", "tl"},
    {"TUR", "tr"}, {"UK", "uk"},
};

// BMLT NAWS world ids (upper case) → Meeting Guide codes: the table of docs/contracts/directory.md,
// plus NS (non-smoking) and SMOK (smoking permitted), which mean exactly a Meeting Guide code.
constexpr CodePair kBmltWorldIds[] = {
    {"BEG", "BE"},   {"CAN", "CAN"}, {"CLOSED", "C"}, {"CW", "CF"},   {"DISC", "D"},
    {"GL", "LGBTQ"}, {"LIT", "LIT"}, {"M", "M"},      {"MED", "MED"}, {"NS", "NS"},
    {"OPEN", "O"},   {"SMOK", "SM"}, {"SPK", "SP"},   {"STEP", "ST"}, {"TC", "TC"},
    {"TRAD", "TR"},  {"VM", "ONL"},  {"W", "W"},      {"WCHR", "X"},  {"Y", "Y"},
};

std::string AsciiUpper(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Case-insensitive lookups over the built-in vocabulary, built on first use.
struct Indexes {
  std::unordered_map<std::string, std::string> code_by_lower_code;
  std::unordered_map<std::string, std::string> code_by_lower_english_name;
};

const Indexes& TheIndexes() {
  static const Indexes indexes = [] {
    Indexes built;
    for (const TypeInfo& type : Vocabulary::Get().types()) {
      built.code_by_lower_code.emplace(text::AsciiLower(type.code), type.code);
      auto english = type.names.find("en");
      if (english != type.names.end()) {
        built.code_by_lower_english_name.emplace(text::AsciiLower(english->second), type.code);
      }
    }
    return built;
  }();
  return indexes;
}

}  // namespace

const Vocabulary& Vocabulary::Get() {
  static const Vocabulary vocabulary;
  return vocabulary;
}

const std::vector<std::string>& Vocabulary::DisplayLanguages() {
  static const std::vector<std::string> languages = {"en", "es", "fr", "ja", "nl",
                                                     "pt", "sk", "sv", "th"};
  return languages;
}

Vocabulary::Vocabulary() {
  boost::system::error_code error;
  const auto types_json = embedded::FindFile("types.json");
  const boost::json::value document =
      types_json ? boost::json::parse(*types_json, error) : boost::json::value();
  if (error || !document.is_object()) {
    // The file is compiled in and checked by the tests; a broken build must not limp on.
    std::fprintf(stderr, "fatal: embedded types.json is not a JSON object\n");
    std::abort();
  }
  for (const auto& [code, names] : document.as_object()) {
    TypeInfo info;
    info.code = std::string(code);
    if (const auto* name_object = names.if_object()) {
      for (const auto& [language, name] : *name_object) {
        if (const auto* name_string = name.if_string()) {
          info.names.emplace(std::string(language), std::string(*name_string));
        }
      }
    }
    types_.push_back(std::move(info));
  }
  for (const RetiredType& retired : kRetiredTypes) {
    TypeInfo info;
    info.code = retired.code;
    info.names = {{"en", retired.name_en}, {"es", retired.name_es}};
    info.retired = true;
    types_.push_back(std::move(info));
  }
  std::sort(types_.begin(), types_.end(),
            [](const TypeInfo& a, const TypeInfo& b) { return a.code < b.code; });
}

const TypeInfo* Vocabulary::Find(std::string_view code) const {
  auto it =
      std::lower_bound(types_.begin(), types_.end(), code,
                       [](const TypeInfo& type, std::string_view key) { return type.code < key; });
  if (it == types_.end() || it->code != code) return nullptr;
  return &*it;
}

std::string Vocabulary::NormalizeType(std::string_view token) const {
  const std::string_view trimmed = text::Trim(token);
  if (trimmed.empty()) return {};
  const Indexes& indexes = TheIndexes();
  const std::string lower = text::AsciiLower(trimmed);
  if (auto it = indexes.code_by_lower_code.find(lower); it != indexes.code_by_lower_code.end()) {
    return it->second;
  }
  if (auto it = indexes.code_by_lower_english_name.find(lower);
      it != indexes.code_by_lower_english_name.end()) {
    return it->second;
  }
  return std::string(trimmed);
}

std::string_view Vocabulary::LanguageOfType(std::string_view code) const {
  for (const CodePair& pair : kLanguageCodes) {
    if (pair.from == code) return pair.to;
  }
  return {};
}

std::string_view Vocabulary::TypeOfLanguage(std::string_view iso639_1) const {
  for (const CodePair& pair : kLanguageCodes) {
    if (pair.to == iso639_1) return pair.from;
  }
  return {};
}

std::optional<std::string> Vocabulary::FromBmltWorldId(std::string_view world_id) const {
  const std::string upper = AsciiUpper(text::Trim(world_id));
  for (const CodePair& pair : kBmltWorldIds) {
    if (pair.from == upper) return std::string(pair.to);
  }
  return std::nullopt;
}

std::string_view Vocabulary::BmltWorldIdOf(std::string_view code) const {
  for (const CodePair& pair : kBmltWorldIds) {
    if (pair.to == code) return pair.from;
  }
  return {};
}

const std::vector<Fellowship>& Fellowships() {
  static const std::vector<Fellowship> fellowships = {
      {"aa", "Alcoholics Anonymous", "Alcohólicos Anónimos", true},
      {"na", "Narcotics Anonymous", "Narcóticos Anónimos", true},
      {"ca", "Cocaine Anonymous", "Cocaína Anónimos", true},
      {"cma", "Crystal Meth Anonymous", "Crystal Meth Anónimos", true},
      {"al-anon", "Al-Anon Family Groups", "Grupos de Familia Al-Anon", true},
      {"nar-anon", "Nar-Anon Family Groups", "Grupos de Familia Nar-Anon", true},
      {"smart", "SMART Recovery", "SMART Recovery", false},
      {"recovery-dharma", "Recovery Dharma", "Recovery Dharma", false},
      {"lifering", "LifeRing Secular Recovery", "LifeRing Recuperación Secular", false},
      {"celebrate-recovery", "Celebrate Recovery", "Celebremos la Recuperación", true},
      {"wfs", "Women for Sobriety", "Mujeres por la Sobriedad", false},
      {"all-recovery", "All Recovery", "Toda Recuperación", false},
      {"refuge-recovery", "Refuge Recovery", "Refuge Recovery", false},
      {"peer-center", "Peer-run drop-in centre", "Centro de apoyo entre pares", false},
      {"other", "Other", "Otro", false},
  };
  return fellowships;
}

const Fellowship* FindFellowship(std::string_view code) {
  for (const Fellowship& fellowship : Fellowships()) {
    if (fellowship.code == code) return &fellowship;
  }
  return nullptr;
}

}  // namespace rn::directory
