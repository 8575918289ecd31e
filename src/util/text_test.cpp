#include "util/text.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rn::text {
namespace {

using Strings = std::vector<std::string>;

TEST(FoldTest, RemovesAccentsAndCase) {
  EXPECT_EQ(Fold("Sesión ÉXITO"), "sesion exito");
  EXPECT_EQ(Fold("Ñandú"), "nandu");
  EXPECT_EQ(Fold("plain ascii MIXED"), "plain ascii mixed");
  EXPECT_EQ(Fold(""), "");
}

TEST(FoldTest, CompatibilityAndFullCaseFolding) {
  EXPECT_EQ(Fold("Straße"), "strasse");       // ß case-folds to ss
  EXPECT_EQ(Fold("\xEF\xAC\x81nd"), "find");  // U+FB01 ﬁ ligature
  EXPECT_EQ(Fold("\xEF\xBC\x92nd"), "2nd");   // U+FF12 fullwidth digit two
  EXPECT_EQ(Fold("e\xCC\x81"), "e");          // e + combining acute (already decomposed)
  EXPECT_EQ(Fold("ΣΊΣΥΦΟΣ"), "σισυφοσ");      // Greek: accent removed, final sigma folded
}

TEST(FoldTest, DropsInvalidBytes) {
  EXPECT_EQ(Fold("Caf\xC3\xA9\xFF bar"), "cafe bar");
  EXPECT_EQ(Fold("a\x80"
                 "b"),
            "ab");
  EXPECT_EQ(Fold("\xC3"), "");  // truncated sequence
}

TEST(WordsTest, SplitsOnNonAlphanumerics) {
  EXPECT_EQ(Words("St. Mary's, 2nd fl"), (Strings{"st", "mary", "s", "2nd", "fl"}));
  EXPECT_EQ(Words("  --  "), Strings{});
  EXPECT_EQ(Words(""), Strings{});
  EXPECT_EQ(Words("AA-NA_CA"), (Strings{"aa", "na", "ca"}));
}

TEST(WordsTest, UnicodeLettersAndDigits) {
  EXPECT_EQ(Words("Reunión «Café» de Mañana"), (Strings{"reunion", "cafe", "de", "manana"}));
  EXPECT_EQ(Words("日本語の会 12時"), (Strings{"日本語の会", "12時"}));
  EXPECT_EQ(Words("Zürich\xE2\x80\x94Genève"), (Strings{"zurich", "geneve"}));  // em dash separates
  EXPECT_EQ(Words("x\xC2\xA0y"), (Strings{"x", "y"}));  // no-break space separates
  EXPECT_EQ(Words("\xD9\xA3"
                  "4"),
            (Strings{"\xD9\xA3"
                     "4"}));  // Arabic-Indic digit three is a digit
}

TEST(WordsTest, InvalidBytesAreDropped) {
  EXPECT_EQ(Words("ab\xFF"
                  "cd ef"),
            (Strings{"abcd", "ef"}));
}

TEST(TrimTest, AsciiWhitespaceOnly) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim(" \n "), "");
  EXPECT_EQ(Trim("\xC2\xA0x"), "\xC2\xA0x");  // NBSP is not ASCII white space
}

TEST(AsciiLowerTest, LeavesNonAsciiAlone) { EXPECT_EQ(AsciiLower("ABC xyz 09 É"), "abc xyz 09 É"); }

TEST(Utf8Test, Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("é 日本 \xF0\x9F\x98\x80"));  // up to 4-byte sequences
  EXPECT_FALSE(IsValidUtf8("\xC0\x80"));                // overlong NUL
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));            // UTF-16 surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));        // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE6\x97"));                // truncated
  EXPECT_FALSE(IsValidUtf8("\x80"));                    // stray continuation byte
}

TEST(Utf8Test, ToValidUtf8DropsOnlyBadBytes) {
  EXPECT_EQ(ToValidUtf8("ok é"), "ok é");
  EXPECT_EQ(ToValidUtf8("a\xC0\x80"
                        "b"),
            "ab");
  EXPECT_EQ(ToValidUtf8("\xE6\x97"
                        "x\xE6\x97\xA5"),
            "x\xE6\x97\xA5");
  EXPECT_EQ(ToValidUtf8(std::string("a\0b", 3)), std::string("a\0b", 3));
}

TEST(AsciiCaseTest, EqualsIgnoringAsciiCase) {
  EXPECT_TRUE(EqualsIgnoringAsciiCase("Content-Type", "content-type"));
  EXPECT_TRUE(EqualsIgnoringAsciiCase("", ""));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("gzip", "gzip2"));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("br", "bR "));
  EXPECT_FALSE(EqualsIgnoringAsciiCase("\xC3\x89", "\xC3\xA9"));  // É vs é: ASCII only
}

TEST(TextTest, ParseNumberTakesWholeNumbersInRange) {
  EXPECT_EQ(ParseNumber("42", 1, 100), 42);
  EXPECT_EQ(ParseNumber("0", 1, 100), std::nullopt);
  EXPECT_EQ(ParseNumber("42 ", 1, 100), std::nullopt);
  EXPECT_EQ(ParseNumber("+42", 1, 100), std::nullopt);
  EXPECT_EQ(ParseNumber("", 1, 100), std::nullopt);
  EXPECT_EQ(ParseNumber("-101.85", -180.0, 180.0), -101.85);
  EXPECT_EQ(ParseNumber("nan", -180.0, 180.0), std::nullopt);
  EXPECT_EQ(ParseNumber("inf", -1e300, 1e300), std::nullopt);
  EXPECT_EQ(ParseNumber<std::int64_t>("99999999999", 1, 100000000000), 99999999999);
}

TEST(TextTest, CountOfSaysOneOrMany) {
  EXPECT_EQ(CountOf(1, "day", "days"), "1 day");
  EXPECT_EQ(CountOf(0, "day", "days"), "0 days");
  EXPECT_EQ(CountOf(12, "open request", "open requests"), "12 open requests");
}

}  // namespace
}  // namespace rn::text
