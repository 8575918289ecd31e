#include "web/i18n.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "util/embedded.h"

namespace rn::web {
namespace {

std::set<std::string> Placeholders(const std::string& text) {
  std::set<std::string> names;
  static const std::regex kPlaceholder(R"(\{([a-z_]+)\})");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), kPlaceholder);
       it != std::sregex_iterator(); ++it) {
    names.insert((*it)[1]);
  }
  return names;
}

std::string ReadSource(const std::filesystem::path& relative) {
  std::ifstream file(std::filesystem::path(RN_SOURCE_DIR) / relative);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

TEST(Messages, BothCataloguesHaveTheSameKeysAndPlaceholders) {
  const auto& english = Messages::For(Language::kEnglish).all();
  const auto& spanish = Messages::For(Language::kSpanish).all();
  ASSERT_GT(english.size(), 100u);
  for (const auto& [key, text] : english) {
    ASSERT_TRUE(spanish.contains(key)) << key << " is missing from es.json";
    EXPECT_EQ(Placeholders(text), Placeholders(spanish.at(key))) << key;
    EXPECT_FALSE(spanish.at(key).empty()) << key;
  }
  for (const auto& [key, text] : spanish) EXPECT_TRUE(english.contains(key)) << key;
}

// Every {{t.key}} in the templates and every literal key the code asks for exists.
TEST(Messages, EveryKeyUsedByTemplatesAndCodeExists) {
  const auto& english = Messages::For(Language::kEnglish).all();
  std::set<std::string> used;
  static const std::regex kTemplateKey(R"(\{\{t\.([a-z0-9_]+)\}\})");
  for (const auto& entry : std::filesystem::directory_iterator(
           std::filesystem::path(RN_SOURCE_DIR) / "src/web/templates")) {
    const std::string text = ReadSource(entry.path());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kTemplateKey);
         it != std::sregex_iterator(); ++it) {
      used.insert((*it)[1]);
    }
  }
  // messages.Get("key"), messages->Format("key", …); keys built from a prefix are not literal.
  static const std::regex kCodeKey(
      R"(messages(?:\.|->)(?:Get|Format|Plural)\(\s*"([a-z0-9_]+)\"\s*[,)])");
  for (const char* file : {"src/web/pages.cpp", "src/web/format.cpp"}) {
    const std::string text = ReadSource(file);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), kCodeKey);
         it != std::sregex_iterator(); ++it) {
      const std::string key = (*it)[1];
      used.insert(english.contains(key) ? key : key + "_one");  // Plural keys
    }
  }
  ASSERT_GT(used.size(), 60u);
  for (const std::string& key : used) EXPECT_TRUE(english.contains(key)) << key;
}

TEST(Messages, FormatAndPlural) {
  const Messages& english = Messages::For(Language::kEnglish);
  EXPECT_EQ(english.Format("results_near", {{"place", "Irvine, CA"}}), "Meetings near Irvine, CA");
  EXPECT_EQ(english.Plural("meeting_count", 1), "1 meeting");
  EXPECT_EQ(english.Plural("meeting_count", 12), "12 meetings");
  EXPECT_EQ(Messages::For(Language::kSpanish).Plural("in_progress_count", 3),
            "3 reuniones en curso");
  EXPECT_EQ(english.Get("no_such_key"), "⟦no_such_key⟧");
}

TEST(ChooseLanguage, TheUrlWinsThenAcceptLanguageByQuality) {
  EXPECT_EQ(ChooseLanguage("es", "en-US"), Language::kSpanish);
  EXPECT_EQ(ChooseLanguage("en", "es"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("", "es-MX,es;q=0.9,en;q=0.5"), Language::kSpanish);
  EXPECT_EQ(ChooseLanguage("", "fr-FR, en;q=0.4, es;q=0.8"), Language::kSpanish);
  EXPECT_EQ(ChooseLanguage("", "en-GB,es;q=1"), Language::kEnglish);  // equal q: header order
  EXPECT_EQ(ChooseLanguage("", "ES"), Language::kSpanish);
  EXPECT_EQ(ChooseLanguage("", "es;q=0"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("fr", "de"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("", ";;,q=,es;q=abc"), Language::kEnglish);
  EXPECT_EQ(ChooseLanguage("", ""), Language::kEnglish);
}

}  // namespace
}  // namespace rn::web
