#include "web/i18n.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <cstdio>
#include <cstdlib>

#include "util/embedded.h"

namespace rn::web {
namespace {

// The primary subtag of a language range, lower-cased: "es-MX" → "es".
std::string PrimaryTag(std::string_view range) {
  std::string tag;
  for (char c : range.substr(0, range.find('-'))) {
    tag.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
  }
  return tag;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::string_view LanguageCode(Language language) {
  return language == Language::kSpanish ? "es" : "en";
}

const std::vector<Language>& PageLanguages() {
  static const std::vector<Language> languages = {Language::kEnglish, Language::kSpanish};
  return languages;
}

Language ChooseLanguage(std::string_view lang_param, std::string_view accept_language) {
  for (Language language : PageLanguages()) {
    if (lang_param == LanguageCode(language)) return language;
  }
  // Accept-Language (RFC 9110 §12.5.4): the highest q wins; equal q keeps header order.
  double best_q = 0;
  Language best = Language::kEnglish;
  while (!accept_language.empty()) {
    const std::size_t comma = accept_language.find(',');
    std::string_view item = accept_language.substr(0, comma);
    accept_language =
        comma == std::string_view::npos ? std::string_view() : accept_language.substr(comma + 1);
    double q = 1;
    if (const std::size_t semicolon = item.find(';'); semicolon != std::string_view::npos) {
      std::string_view parameter = Trim(item.substr(semicolon + 1));
      item = item.substr(0, semicolon);
      if (parameter.starts_with("q=") || parameter.starts_with("Q=")) {
        char* end = nullptr;
        const std::string value(parameter.substr(2));
        q = std::strtod(value.c_str(), &end);
        if (end == value.c_str() || q < 0 || q > 1) q = 0;
      }
    }
    const std::string tag = PrimaryTag(Trim(item));
    for (Language language : PageLanguages()) {
      if (tag == LanguageCode(language) && q > best_q) {
        best_q = q;
        best = language;
      }
    }
  }
  return best;
}

const Messages& Messages::For(Language language) {
  static const Messages english(Language::kEnglish);
  static const Messages spanish(Language::kSpanish);
  return language == Language::kSpanish ? spanish : english;
}

Messages::Messages(Language language) : language_(language) {
  const std::string name = "i18n/" + std::string(LanguageCode(language)) + ".json";
  const auto bytes = embedded::FindFile(name);
  boost::system::error_code error;
  const boost::json::value document =
      bytes ? boost::json::parse(*bytes, error) : boost::json::value();
  if (error || !document.is_object()) {
    // Compiled in and checked by the tests; a broken build must not limp on.
    std::fprintf(stderr, "fatal: embedded %s is not a JSON object\n", name.c_str());
    std::abort();
  }
  for (const auto& [key, value] : document.as_object()) {
    if (value.is_string()) messages_.emplace(key, value.as_string());
  }
}

std::string Messages::Get(std::string_view key) const {
  const auto found = messages_.find(key);
  if (found == messages_.end()) return "⟦" + std::string(key) + "⟧";
  return found->second;
}

std::string Messages::Format(
    std::string_view key, const std::vector<std::pair<std::string_view, std::string>>& args) const {
  const std::string pattern = Get(key);
  std::string out;
  out.reserve(pattern.size() + 16);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const std::size_t close = pattern.find('}', i);
      if (close != std::string::npos) {
        const std::string_view name(pattern.data() + i + 1, close - i - 1);
        bool replaced = false;
        for (const auto& [arg_name, value] : args) {
          if (arg_name == name) {
            out += value;
            replaced = true;
            break;
          }
        }
        if (replaced) {
          i = close + 1;
          continue;
        }
      }
    }
    out.push_back(pattern[i++]);
  }
  return out;
}

std::string Messages::Plural(std::string_view key, std::size_t count) const {
  const std::string full = std::string(key) + (count == 1 ? "_one" : "_other");
  return Format(full, {{"n", std::to_string(count)}});
}

}  // namespace rn::web
