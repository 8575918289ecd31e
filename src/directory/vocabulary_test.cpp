#include "directory/vocabulary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>

namespace rn::directory {
namespace {

const Vocabulary& Vocab() { return Vocabulary::Get(); }

TEST(VocabularyTest, HasAllSpecCodesPlusRetiredOnes) {
  // types.json of code4recovery/spec holds 87 codes; we add ONL and NS.
  EXPECT_EQ(Vocab().types().size(), 89u);
  EXPECT_TRUE(std::is_sorted(Vocab().types().begin(), Vocab().types().end(),
                             [](const TypeInfo& a, const TypeInfo& b) { return a.code < b.code; }));
  for (const TypeInfo& type : Vocab().types()) {
    if (type.retired) continue;
    for (const std::string& language : Vocabulary::DisplayLanguages()) {
      EXPECT_TRUE(type.names.count(language)) << type.code << " lacks " << language;
    }
    EXPECT_EQ(type.names.size(), Vocabulary::DisplayLanguages().size()) << type.code;
  }
}

TEST(VocabularyTest, FindIsExact) {
  const TypeInfo* open = Vocab().Find("O");
  ASSERT_NE(open, nullptr);
  EXPECT_EQ(open->names.at("en"), "Open");
  EXPECT_EQ(open->names.at("es"), "Abierta");
  EXPECT_FALSE(open->retired);
  const TypeInfo* lgbtq = Vocab().Find("LGBTQ");
  ASSERT_NE(lgbtq, nullptr);
  EXPECT_EQ(lgbtq->names.at("fr"), "LGBTQ");
  EXPECT_EQ(Vocab().Find("o"), nullptr);
  EXPECT_EQ(Vocab().Find(""), nullptr);
  EXPECT_EQ(Vocab().Find("ZZZ"), nullptr);
  ASSERT_NE(Vocab().Find("12x12"), nullptr);
  EXPECT_EQ(Vocab().Find("12x12")->names.at("ja"), "12のステップと12の伝統");
}

TEST(VocabularyTest, RetiredCodes) {
  const TypeInfo* online = Vocab().Find("ONL");
  ASSERT_NE(online, nullptr);
  EXPECT_TRUE(online->retired);
  EXPECT_EQ(online->names.at("en"), "Online");
  EXPECT_EQ(online->names.at("es"), "En línea");
  const TypeInfo* non_smoking = Vocab().Find("NS");
  ASSERT_NE(non_smoking, nullptr);
  EXPECT_TRUE(non_smoking->retired);
  EXPECT_EQ(non_smoking->names.at("en"), "Non-Smoking");
  EXPECT_EQ(non_smoking->names.at("es"), "No fumar");
}

TEST(VocabularyTest, NormalizeType) {
  EXPECT_EQ(Vocab().NormalizeType("O"), "O");
  EXPECT_EQ(Vocab().NormalizeType("o"), "O");     // code, ignoring case
  EXPECT_EQ(Vocab().NormalizeType("open"), "O");  // English name
  EXPECT_EQ(Vocab().NormalizeType(" Closed "), "C");
  EXPECT_EQ(Vocab().NormalizeType("12X12"), "12x12");
  EXPECT_EQ(Vocab().NormalizeType("onl"), "ONL");         // retired code
  EXPECT_EQ(Vocab().NormalizeType("non-smoking"), "NS");  // retired name
  EXPECT_EQ(Vocab().NormalizeType("wheelchair access"), "X");
  EXPECT_EQ(Vocab().NormalizeType("Spanish"), "S");
  EXPECT_EQ(Vocab().NormalizeType("Abierta"), "Abierta");  // only English names are matched
  EXPECT_EQ(Vocab().NormalizeType("  BT "), "BT");         // unknown: kept, trimmed
  EXPECT_EQ(Vocab().NormalizeType("   "), "");
  EXPECT_EQ(Vocab().NormalizeType(""), "");
}

TEST(VocabularyTest, LanguageCodes) {
  // Established by reading types.json by hand: these 38 codes have a language as English name.
  const std::set<std::string> expected_language_codes = {
      "AF",  "AM",  "AR",  "BG",  "DA", "DE", "EL",  "EN", "FA", "FI", "FR",  "HE", "HI",
      "HR",  "HU",  "IS",  "ITA", "JA", "KA", "KOR", "LT", "ML", "MT", "NE",  "NL", "NO",
      "POL", "POR", "PUN", "RUS", "S",  "SK", "SL",  "SV", "TH", "TL", "TUR", "UK"};
  std::set<std::string> language_codes;
  std::set<std::string> iso_codes;
  for (const TypeInfo& type : Vocab().types()) {
    const std::string_view iso = Vocab().LanguageOfType(type.code);
    if (iso.empty()) continue;
    language_codes.insert(type.code);
    EXPECT_EQ(iso.size(), 2u) << type.code;
    EXPECT_TRUE(std::all_of(iso.begin(), iso.end(), [](char c) { return c >= 'a' && c <= 'z'; }));
    EXPECT_TRUE(iso_codes.insert(std::string(iso)).second) << "duplicate " << iso;
    EXPECT_EQ(Vocab().TypeOfLanguage(iso), type.code);
  }
  EXPECT_EQ(language_codes, expected_language_codes);

  EXPECT_EQ(Vocab().LanguageOfType("S"), "es");
  EXPECT_EQ(Vocab().LanguageOfType("EN"), "en");
  EXPECT_EQ(Vocab().LanguageOfType("POL"), "pl");
  EXPECT_EQ(Vocab().LanguageOfType("ITA"), "it");
  EXPECT_EQ(Vocab().LanguageOfType("KOR"), "ko");
  EXPECT_EQ(Vocab().LanguageOfType("PUN"), "pa");
  EXPECT_EQ(Vocab().LanguageOfType("POR"), "pt");
  EXPECT_EQ(Vocab().LanguageOfType("RUS"), "ru");
  EXPECT_EQ(Vocab().LanguageOfType("TUR"), "tr");
  EXPECT_EQ(Vocab().LanguageOfType("FA"), "fa");
  EXPECT_EQ(Vocab().LanguageOfType("HE"), "he");
  EXPECT_EQ(Vocab().LanguageOfType("SL"), "sl");
  EXPECT_EQ(Vocab().LanguageOfType("ASL"), "");  // a type, not a language
  EXPECT_EQ(Vocab().LanguageOfType("O"), "");
  EXPECT_EQ(Vocab().LanguageOfType("s"), "");  // codes are case-sensitive here
  EXPECT_EQ(Vocab().TypeOfLanguage("es"), "S");
  EXPECT_EQ(Vocab().TypeOfLanguage("xx"), "");
  EXPECT_EQ(Vocab().TypeOfLanguage(""), "");
}

TEST(VocabularyTest, BmltWorldIds) {
  EXPECT_EQ(Vocab().FromBmltWorldId("CLOSED"), "C");
  EXPECT_EQ(Vocab().FromBmltWorldId("closed"), "C");
  EXPECT_EQ(Vocab().FromBmltWorldId("OPEN"), "O");
  EXPECT_EQ(Vocab().FromBmltWorldId("BEG"), "BE");
  EXPECT_EQ(Vocab().FromBmltWorldId("DISC"), "D");
  EXPECT_EQ(Vocab().FromBmltWorldId("GL"), "LGBTQ");
  EXPECT_EQ(Vocab().FromBmltWorldId("SPK"), "SP");
  EXPECT_EQ(Vocab().FromBmltWorldId("STEP"), "ST");
  EXPECT_EQ(Vocab().FromBmltWorldId("TRAD"), "TR");
  EXPECT_EQ(Vocab().FromBmltWorldId("WCHR"), "X");
  EXPECT_EQ(Vocab().FromBmltWorldId("VM"), "ONL");
  EXPECT_EQ(Vocab().FromBmltWorldId("CW"), "CF");
  EXPECT_EQ(Vocab().FromBmltWorldId("TC"), "TC");
  EXPECT_EQ(Vocab().FromBmltWorldId(" W "), "W");
  EXPECT_EQ(Vocab().FromBmltWorldId("JFT"), std::nullopt);
  EXPECT_EQ(Vocab().FromBmltWorldId(""), std::nullopt);
  for (const char* world_id :
       {"BEG",  "CAN",  "CLOSED", "CW",   "DISC", "GL",   "LIT", "M", "MED",  "NS",
        "OPEN", "SMOK", "SPK",    "STEP", "TC",   "TRAD", "VM",  "W", "WCHR", "Y"}) {
    const auto code = Vocab().FromBmltWorldId(world_id);
    ASSERT_TRUE(code.has_value()) << world_id;
    EXPECT_NE(Vocab().Find(*code), nullptr) << world_id << " maps to unknown " << *code;
  }
}

TEST(FellowshipTest, ListAndFind) {
  std::set<std::string> codes;
  for (const Fellowship& fellowship : Fellowships()) {
    EXPECT_TRUE(codes.insert(fellowship.code).second) << fellowship.code;
    EXPECT_FALSE(fellowship.name_en.empty());
    EXPECT_FALSE(fellowship.name_es.empty());
  }
  EXPECT_EQ(codes.size(), 15u);
  ASSERT_NE(FindFellowship("aa"), nullptr);
  EXPECT_TRUE(FindFellowship("aa")->twelve_step);
  EXPECT_TRUE(FindFellowship("al-anon")->twelve_step);
  ASSERT_NE(FindFellowship("smart"), nullptr);
  EXPECT_FALSE(FindFellowship("smart")->twelve_step);
  EXPECT_EQ(FindFellowship("smart")->name_en, "SMART Recovery");
  EXPECT_FALSE(FindFellowship("wfs")->twelve_step);
  EXPECT_EQ(FindFellowship("lifering")->name_en, "LifeRing Secular Recovery");
  EXPECT_NE(FindFellowship("peer-center"), nullptr);
  EXPECT_EQ(FindFellowship("AA"), nullptr);
  EXPECT_EQ(FindFellowship(""), nullptr);
  EXPECT_EQ(Fellowships().back().code, "other");
}

}  // namespace
}  // namespace rn::directory
