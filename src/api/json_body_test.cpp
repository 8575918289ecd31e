#include "api/json_body.h"

#include <gtest/gtest.h>

namespace rn::api {
namespace {

JsonFields Parse(std::string_view text) {
  Result<JsonFields> fields = JsonFields::FromText(text);
  EXPECT_TRUE(fields.ok()) << fields.status().message();
  return std::move(*fields);
}

TEST(JsonFieldsTest, ABodyMustBeOneJsonObjectSaidToBeJson) {
  http::Request request;
  request.body = R"({"a": 1})";
  EXPECT_EQ(JsonFields::FromBody(request).status().field(), "Content-Type");
  request.headers.emplace_back("content-type", "text/plain");
  EXPECT_EQ(JsonFields::FromBody(request).status().field(), "Content-Type");
  request.headers = {{"content-type", "Application/JSON; charset=utf-8"}};
  EXPECT_TRUE(JsonFields::FromBody(request).ok());
  for (std::string_view text :
       {"", "[1]", "\"a\"", "{\"a\": 1", "{\"a\": 1} {}", "\xff", R"({"a": [[[[[[[[1]]]]]]]]})"}) {
    EXPECT_EQ(JsonFields::FromText(text).status().field(), "body") << text;
  }
  EXPECT_TRUE(JsonFields::FromText(R"({"a": [[[[[[1]]]]]]})").ok());
}

TEST(JsonFieldsTest, FieldsAreTypedAndNullIsAbsent) {
  JsonFields fields = Parse(R"({"s": "x", "b": true, "n": 7, "z": null, "f": 1.5, "big": 1e3})");
  EXPECT_EQ(*fields.TakeString("s"), std::optional<std::string>("x"));
  EXPECT_EQ(*fields.TakeBool("b"), std::optional<bool>(true));
  EXPECT_EQ(*fields.TakeInt("n", 0, 10), std::optional<std::int64_t>(7));
  EXPECT_EQ(*fields.TakeString("z"), std::nullopt);
  EXPECT_EQ(*fields.TakeString("missing"), std::nullopt);
  EXPECT_EQ(fields.TakeInt("f", 0, 10).status().field(), "f");
  EXPECT_EQ(fields.TakeInt("big", 0, 10).status().field(), "big");
  EXPECT_TRUE(fields.RejectUnknown().ok());

  JsonFields wrong = Parse(R"({"s": 1, "b": "true", "n": 11})");
  EXPECT_EQ(wrong.TakeString("s").status().message(), "must be a string");
  EXPECT_EQ(wrong.TakeBool("b").status().field(), "b");
  EXPECT_EQ(wrong.TakeInt("n", 0, 10).status().message(), "must be a whole number from 0 to 10");
}

TEST(JsonFieldsTest, NestedObjectsNameTheirFieldsWithTheirPlace) {
  JsonFields fields =
      Parse(R"({"shifts": [{"rank": 1}, {"rank": "x", "extra": 2}], "tags": ["a", 3]})");
  Result<std::optional<std::vector<JsonFields>>> shifts = fields.TakeObjects("shifts", 5);
  ASSERT_TRUE(shifts.ok() && *shifts);
  ASSERT_EQ((*shifts)->size(), 2u);
  EXPECT_TRUE((**shifts)[0].TakeInt("rank", 1, 9).ok());
  EXPECT_EQ((**shifts)[1].TakeInt("rank", 1, 9).status().field(), "shifts[1].rank");
  EXPECT_EQ((**shifts)[1].RejectUnknown().field(), "shifts[1].extra");
  EXPECT_EQ(fields.TakeStrings("tags", 5).status().field(), "tags[1]");
  EXPECT_EQ(Parse(R"({"shifts": [1]})").TakeObjects("shifts", 5).status().field(), "shifts[0]");
  EXPECT_EQ(Parse(R"({"shifts": [{}, {}]})").TakeObjects("shifts", 1).status().field(), "shifts");
}

TEST(JsonFieldsTest, AFieldNeverTakenIsRefusedByName) {
  JsonFields fields = Parse(R"({"first_name": "Testy", "last_name": "Fakename"})");
  ASSERT_TRUE(fields.TakeString("first_name").ok());
  const Status unknown = fields.RejectUnknown();
  EXPECT_EQ(unknown.field(), "last_name");
  EXPECT_EQ(unknown.message(), "is not a field this accepts");
}

TEST(JsonFieldsTest, AResponseIsJsonAndNeverCached) {
  const http::Response response = JsonResponse(boost::json::object{{"a", 1}}, 201);
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.body, R"({"a":1})");
  EXPECT_EQ(response.content_type, "application/json");
  ASSERT_EQ(response.headers.size(), 1u);
  EXPECT_EQ(response.headers[0].second, "no-store");
}

}  // namespace
}  // namespace rn::api
