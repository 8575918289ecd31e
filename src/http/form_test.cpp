#include "http/form.h"

#include <gtest/gtest.h>

namespace rn::http {
namespace {

TEST(Form, KeepsRepeatedFieldsInOrderAndSkipsEmptyValues) {
  auto form = Form::Parse("type=O&type=W&where=San+Rafael%2C+CA&day=&lang=es");
  ASSERT_TRUE(form.ok());
  EXPECT_EQ(form->GetAll("type"), (std::vector<std::string>{"O", "W"}));
  EXPECT_EQ(form->Get("where"), "San Rafael, CA");
  EXPECT_EQ(form->Get("day"), std::nullopt);
  EXPECT_EQ(form->Get("missing"), std::nullopt);
  EXPECT_EQ(form->fields().size(), 5u);
}

TEST(Form, RejectsMalformedEncodingInvalidUtf8AndTooManyFields) {
  EXPECT_EQ(Form::Parse("where=%ZZ").status().field(), "where");
  EXPECT_EQ(Form::Parse("where=%C3%28").status().field(), "where");
  EXPECT_EQ(Form::Parse("a=1&b=2&c=3", 2).status().field(), "query");
  EXPECT_TRUE(Form::Parse("").ok());
  EXPECT_TRUE(Form::Parse("&&a=1&").ok());
}

// A staff form with one bad field was refused as a CSRF failure: the decoder's error did not say
// which field, so the access guard could not read the form's token and gave up on it.
TEST(DecodeQuery, InvalidUtf8NamesTheField) {
  auto decoded = DecodeQuery("_csrf=abc&name=Fake+Group&notes=%ff");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(decoded.status().field(), "notes");
  EXPECT_EQ(decoded.status().message(), "is not valid UTF-8");
  EXPECT_EQ(DecodeQuery("q=%ff").status().field(), "q");
  EXPECT_EQ(DecodeQuery("day=1&q=caf%C3").status().field(), "q");
}

TEST(DecodeQuery, BadPercentEncodingNamesTheFieldItIsIn) {
  auto decoded = DecodeQuery("a=1&notes=50%&b=2");
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.status().field(), "notes");
  EXPECT_EQ(decoded.status().message(), "is not valid percent-encoding");
  EXPECT_EQ(DecodeQuery("a=1&b=%zz").status().field(), "b");
  EXPECT_EQ(DecodeQuery("full+name=a%G1").status().field(), "full name");
  EXPECT_EQ(DecodeQuery("a=1&q=two words").status().field(), "q");
}

TEST(DecodeQuery, ANameThatDoesNotDecodeIsShownAsSentAndSafe) {
  // The name itself is the bad part: it is named as sent, bytes outside printable ASCII escaped.
  EXPECT_EQ(DecodeQuery("%ff=1").status().field(), "%ff");
  EXPECT_EQ(DecodeQuery("%zz=1").status().field(), "%zz");
  EXPECT_EQ(DecodeQuery(std::string("a\x01\xff=1")).status().field(), "a%01%FF");
  EXPECT_EQ(DecodeQuery("%0A=%ff").status().field(), "%0A");
  EXPECT_EQ(DecodeQuery(std::string(100, 'n') + "=%ff").status().field(), std::string(40, 'n'));
  // A bad value without a name.
  EXPECT_EQ(DecodeQuery("=%ff").status().field(), "query");
}

TEST(DecodeQuery, DecodesPlusAsSpaceAndKeepsOrder) {
  auto decoded = DecodeQuery("b=2&a=San+Rafael%2C+CA&&a=3&e=");
  ASSERT_TRUE(decoded.ok());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"b", "2"}, {"a", "San Rafael, CA"}, {"a", "3"}, {"e", ""}};
  EXPECT_EQ(*decoded, expected);
  // Not NUL-terminated input is read only within its bounds (boostorg/url#946).
  const std::string longer = "a=1&b=%ff";
  EXPECT_TRUE(DecodeQuery(std::string_view(longer).substr(0, 3)).ok());
}

TEST(EncodeComponent, EscapesEverythingButUnreserved) {
  EXPECT_EQ(EncodeComponent("San Rafael, CA"), "San+Rafael%2C+CA");
  EXPECT_EQ(EncodeComponent("2026-11-23T19:00:00-08:00"), "2026-11-23T19%3A00%3A00-08%3A00");
  EXPECT_EQ(EncodeComponent("a&b=c<\"'>"), "a%26b%3Dc%3C%22%27%3E");
  EXPECT_EQ(EncodeComponent("México"), "M%C3%A9xico");
}

}  // namespace
}  // namespace rn::http
