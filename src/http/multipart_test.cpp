#include "http/multipart.h"

#include <gtest/gtest.h>

namespace rn::http {
namespace {

constexpr std::string_view kType = "multipart/form-data; boundary=----XyZ";

TEST(MultipartTest, ReadsFieldsAndAFileAsABrowserSendsThem) {
  const std::string body =
      "------XyZ\r\n"
      "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\n"
      "token123\r\n"
      "------XyZ\r\n"
      "Content-Disposition: form-data; name=\"feed\"; filename=\"meetings.json\"\r\n"
      "Content-Type: application/json\r\n\r\n"
      "[{\"name\":\"A\"}]\r\n\r\nwith a blank line\r\n"
      "------XyZ--\r\n";
  auto parts = ParseMultipart(kType, body);
  ASSERT_TRUE(parts.ok()) << parts.status().message();
  ASSERT_EQ(parts->size(), 2u);
  EXPECT_EQ((*parts)[0].name, "_csrf");
  EXPECT_EQ((*parts)[0].body, "token123");
  EXPECT_EQ((*parts)[1].name, "feed");
  EXPECT_EQ((*parts)[1].filename, "meetings.json");
  EXPECT_EQ((*parts)[1].content_type, "application/json");
  EXPECT_EQ((*parts)[1].body, "[{\"name\":\"A\"}]\r\n\r\nwith a blank line");
  auto quoted = ParseMultipart("multipart/form-data; boundary=\"----XyZ\"", body);
  EXPECT_TRUE(quoted.ok());
}

TEST(MultipartTest, MalformedBodiesAreRefusedNamingTheBody) {
  const std::string part = "------XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n";
  for (const auto& [type, body] : std::vector<std::pair<std::string, std::string>>{
           {"application/json", part + "------XyZ--"},
           {"multipart/form-data", part + "------XyZ--"},
           {std::string(kType), part},  // not closed
           {std::string(kType),
            "------XyZ\r\nContent-Disposition: attachment\r\n\r\n1\r\n------XyZ--"},
           {std::string(kType), "------XyZ\r\nno header end\r\n------XyZ--"},
           {std::string(kType), "nothing"},
           {std::string(kType), "------XyZjunk"}}) {
    auto parsed = ParseMultipart(type, body);
    ASSERT_FALSE(parsed.ok()) << type << " | " << body;
    EXPECT_EQ(parsed.status().field(), "body");
  }
  std::string many;
  for (int i = 0; i < 3; ++i) many += part;
  EXPECT_FALSE(ParseMultipart(kType, many + "------XyZ--", 2).ok());
  EXPECT_TRUE(ParseMultipart(kType, many + "------XyZ--", 3).ok());
}

}  // namespace
}  // namespace rn::http
