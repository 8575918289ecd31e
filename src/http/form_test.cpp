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
  EXPECT_EQ(Form::Parse("where=%ZZ").status().field(), "query");
  EXPECT_EQ(Form::Parse("where=%C3%28").status().field(), "where");
  EXPECT_EQ(Form::Parse("a=1&b=2&c=3", 2).status().field(), "query");
  EXPECT_TRUE(Form::Parse("").ok());
  EXPECT_TRUE(Form::Parse("&&a=1&").ok());
}

TEST(EncodeComponent, EscapesEverythingButUnreserved) {
  EXPECT_EQ(EncodeComponent("San Rafael, CA"), "San+Rafael%2C+CA");
  EXPECT_EQ(EncodeComponent("2026-11-23T19:00:00-08:00"), "2026-11-23T19%3A00%3A00-08%3A00");
  EXPECT_EQ(EncodeComponent("a&b=c<\"'>"), "a%26b%3Dc%3C%22%27%3E");
  EXPECT_EQ(EncodeComponent("México"), "M%C3%A9xico");
}

}  // namespace
}  // namespace rn::http
