#include "casework/fields.h"

#include <gtest/gtest.h>

namespace rn::casework {
namespace {

TEST(OneLine, TrimsAndRefusesControlsAndLength) {
  EXPECT_EQ(*OneLine("f", "  Ana  ", 10, true), "Ana");
  EXPECT_EQ(*OneLine("f", "", 10, false), "");
  EXPECT_EQ(OneLine("f", "", 10, true).status().field(), "f");
  EXPECT_EQ(OneLine("f", "a\nb", 10, true).status().message(),
            "holds a control character (U+000A)");
  EXPECT_EQ(OneLine("f",
                    "a\xc2\x85"
                    "b",
                    10, true)
                .status()
                .message(),
            "holds a control character (U+0085)");
  EXPECT_TRUE(OneLine("f", "\xc3\xa9\xc3\xa9\xc3\xa9", 3, true).ok());  // three code points
  EXPECT_FALSE(OneLine("f", "abcd", 3, true).ok());
}

TEST(Note, KeepsLineBreaks) {
  EXPECT_EQ(*Note("note", " one\r\ntwo\rthree\tfour ", 100), "one\ntwo\nthree\tfour");
  EXPECT_FALSE(Note("note", "bell\x07", 100).ok());
}

TEST(Phone, DigitsAndTheUsualPunctuation) {
  EXPECT_EQ(*Phone("phone", " 806.555.0142 ", true), "806.555.0142");
  EXPECT_TRUE(Phone("phone", "+44 20 7946 0958", true).ok());
  EXPECT_FALSE(Phone("phone", "806+555+0142", true).ok());
  EXPECT_FALSE(Phone("phone", "12345678901234567", true).ok());
  EXPECT_EQ(*Phone("phone", "", false), "");
  EXPECT_EQ(Phone("phone", "", true).status().field(), "phone");
}

TEST(LanguageTag, LanguageAndRegionInTheirCases) {
  EXPECT_EQ(*LanguageTag("language", "EN"), "en");
  EXPECT_EQ(*LanguageTag("language", "es-mx"), "es-MX");
  EXPECT_EQ(*LanguageTag("language", "es-419"), "es-419");
  EXPECT_EQ(*LanguageTag("language", "haw"), "haw");
  for (const char* bad : {"", "e", "english", "es-", "es-M", "es_MX", "zh-Hant-TW"}) {
    EXPECT_FALSE(LanguageTag("language", bad).ok()) << bad;
  }
}

}  // namespace
}  // namespace rn::casework
