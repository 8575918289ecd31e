#include "http/target.h"

#include <gtest/gtest.h>

namespace rn::http {
namespace {

TEST(SplitTargetTest, OriginFormWithAndWithoutQuery) {
  TargetParts plain = SplitTarget("/api/v1/meetings");
  EXPECT_EQ(plain.path, "/api/v1/meetings");
  EXPECT_EQ(plain.query, "");

  TargetParts with_query = SplitTarget("/api/v1/meetings?near=40.7,-74.0&day=1");
  EXPECT_EQ(with_query.path, "/api/v1/meetings");
  EXPECT_EQ(with_query.query, "near=40.7,-74.0&day=1");

  TargetParts second_question_mark = SplitTarget("/a?b=?c");
  EXPECT_EQ(second_question_mark.path, "/a");
  EXPECT_EQ(second_question_mark.query, "b=?c");

  TargetParts empty_query = SplitTarget("/a?");
  EXPECT_EQ(empty_query.path, "/a");
  EXPECT_EQ(empty_query.query, "");
}

TEST(SplitTargetTest, AbsoluteFormDropsSchemeAndAuthority) {
  TargetParts full = SplitTarget("http://example.test:8080/meetings?day=2");
  EXPECT_EQ(full.path, "/meetings");
  EXPECT_EQ(full.query, "day=2");

  TargetParts upper_case_scheme = SplitTarget("HTTPS://example.test/x");
  EXPECT_EQ(upper_case_scheme.path, "/x");

  EXPECT_EQ(SplitTarget("http://example.test").path, "/");
  TargetParts query_only = SplitTarget("http://example.test?q=1");
  EXPECT_EQ(query_only.path, "/");
  EXPECT_EQ(query_only.query, "q=1");
}

TEST(SplitTargetTest, OtherFormsHaveNoPath) {
  EXPECT_EQ(SplitTarget("*").path, "");
  EXPECT_EQ(SplitTarget("example.test:443").path, "");
  EXPECT_EQ(SplitTarget("").path, "");
  EXPECT_EQ(SplitTarget("ftp://example.test/x").path, "");
}

TEST(DecodePathTest, DecodesEscapes) {
  EXPECT_EQ(DecodePath("/plain/path").value(), "/plain/path");
  EXPECT_EQ(DecodePath("/caf%C3%A9%20au%20lait").value(), "/café au lait");
  EXPECT_EQ(DecodePath("/caf%c3%a9").value(), "/café");
  EXPECT_EQ(DecodePath("/a%2Fb").value(), "/a/b");
  EXPECT_EQ(DecodePath("/a+b").value(), "/a+b");
  EXPECT_EQ(DecodePath("/100%25").value(), "/100%");
  EXPECT_EQ(DecodePath("").value(), "");
}

TEST(DecodePathTest, RejectsMalformedEscapesAndNul) {
  EXPECT_FALSE(DecodePath("/%").has_value());
  EXPECT_FALSE(DecodePath("/%4").has_value());
  EXPECT_FALSE(DecodePath("/%zz").has_value());
  EXPECT_FALSE(DecodePath("/%4g").has_value());
  EXPECT_FALSE(DecodePath("/a%00b").has_value());
}

}  // namespace
}  // namespace rn::http
