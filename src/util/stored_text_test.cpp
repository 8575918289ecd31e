#include "util/stored_text.h"

#include <gtest/gtest.h>

#include <string>

namespace rn::text {
namespace {

using namespace std::string_literals;

TEST(StoredTextTest, NormalizesCrLfAndLoneCrToLf) {
  EXPECT_EQ(NormalizeLineEnds("a\r\nb\rc\nd"), "a\nb\nc\nd");
  EXPECT_EQ(NormalizeLineEnds("\r\r\n"), "\n\n");
  EXPECT_EQ(NormalizeLineEnds("plain"), "plain");
  EXPECT_EQ(NormalizeLineEnds(""), "");
}

TEST(StoredTextTest, ManyLinesAllowTabAndLineFeedOnly) {
  EXPECT_EQ(FirstForbiddenControl("Room 2\n\tupstairs", Lines::kMany), std::nullopt);
  EXPECT_EQ(FirstForbiddenControl("a\0b"s, Lines::kMany), U'\0');
  EXPECT_EQ(FirstForbiddenControl("a\rb", Lines::kMany), U'\r');
  EXPECT_EQ(FirstForbiddenControl("\x1b[31mred", Lines::kMany), U'\x1b');
  EXPECT_EQ(FirstForbiddenControl("del\x7f", Lines::kMany), U'\x7f');
}

TEST(StoredTextTest, OneLineAllowsNoControlAtAll) {
  EXPECT_EQ(FirstForbiddenControl("Fixture Coach (fake)", Lines::kOne), std::nullopt);
  EXPECT_EQ(FirstForbiddenControl("a\tb", Lines::kOne), U'\t');
  EXPECT_EQ(FirstForbiddenControl("a\nb", Lines::kOne), U'\n');
}

TEST(StoredTextTest, C1ControlsAreRefusedButOtherNonAsciiIsNot) {
  EXPECT_EQ(FirstForbiddenControl("caf\xc3\xa9 \xc2\xa0 \xe2\x80\x8b", Lines::kMany), std::nullopt);
  EXPECT_EQ(FirstForbiddenControl("x\xc2\x85y", Lines::kMany), U'\x85');
  EXPECT_EQ(FirstForbiddenControl("x\xc2\x9f", Lines::kOne), U'\x9f');
}

TEST(StoredTextTest, CheckNamesTheFieldAndTheCharacter) {
  EXPECT_TRUE(CheckNoControls("notes", "fine\ttext\n", Lines::kMany).ok());
  const Status nul = CheckNoControls("notes", "bad\0text"s, Lines::kMany);
  EXPECT_EQ(nul.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(nul.field(), "notes");
  EXPECT_EQ(nul.message(), "holds a control character (U+0000)");
  EXPECT_EQ(CheckNoControls("name", "a\x1b", Lines::kOne).message(),
            "holds a control character (U+001B)");
  EXPECT_EQ(CheckNoControls("name", "x\xc2\x85", Lines::kOne).message(),
            "holds a control character (U+0085)");
}

}  // namespace
}  // namespace rn::text
