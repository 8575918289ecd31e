#include "http/cors.h"

#include <gtest/gtest.h>

#include <string>

namespace rn::http {
namespace {

std::string HeaderOf(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers)
    if (key == name) return value;
  return "(absent)";
}

int CorsHeaderCount(const Response& response) {
  int count = 0;
  for (const auto& header : response.headers) count += IsCorsHeader(header.first) ? 1 : 0;
  return count;
}

TEST(CorsTest, RecognisesCorsHeadersInAnyCase) {
  EXPECT_TRUE(IsCorsHeader("Access-Control-Allow-Origin"));
  EXPECT_TRUE(IsCorsHeader("access-control-allow-credentials"));
  EXPECT_TRUE(IsCorsHeader("ACCESS-CONTROL-MAX-AGE"));
  EXPECT_FALSE(IsCorsHeader("Access-Control"));
  EXPECT_FALSE(IsCorsHeader("Vary"));
  EXPECT_FALSE(IsCorsHeader(""));
}

TEST(CorsTest, ReadableRouteGetsAllowOriginStar) {
  Response response;
  response.headers.emplace_back("Cache-Control", "max-age=60");
  ApplyCrossOriginPolicy(true, response);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "max-age=60");
  EXPECT_EQ(CorsHeaderCount(response), 1);
}

// A same-origin route sends no CORS header even when its handler tries to.
TEST(CorsTest, SameOriginRouteLosesEveryCorsHeaderItsHandlerSet) {
  Response response;
  response.headers.emplace_back("Access-Control-Allow-Origin", "https://evil.example");
  response.headers.emplace_back("access-control-allow-credentials", "true");
  response.headers.emplace_back("Cache-Control", "no-store");
  ApplyCrossOriginPolicy(false, response);
  EXPECT_EQ(CorsHeaderCount(response), 0);
  EXPECT_EQ(HeaderOf(response, "Cache-Control"), "no-store");
}

TEST(CorsTest, ReadableRouteReplacesAHandlersOwnAllowOrigin) {
  Response response;
  response.headers.emplace_back("Access-Control-Allow-Origin", "https://one.example");
  response.headers.emplace_back("Access-Control-Allow-Credentials", "true");
  ApplyCrossOriginPolicy(true, response);
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(CorsHeaderCount(response), 1);
}

TEST(CorsTest, AllowedRequestHeadersKeepsOnlyTheSafeList) {
  EXPECT_EQ(AllowedRequestHeaders("accept, if-none-match"), "accept, if-none-match");
  EXPECT_EQ(AllowedRequestHeaders(" Accept-Language ,X-Requested-With"),
            "accept-language, x-requested-with");
  EXPECT_EQ(AllowedRequestHeaders("authorization"), "");
  EXPECT_EQ(AllowedRequestHeaders("cookie, x-csrf-token, accept"), "accept");
  EXPECT_EQ(AllowedRequestHeaders(""), "");
  EXPECT_EQ(AllowedRequestHeaders(",,"), "");
}

TEST(CorsTest, PreflightForGetIsGranted) {
  Response response = CrossOriginOptionsResponse("GET", "accept, authorization, cache-control");
  EXPECT_EQ(response.status, 204);
  EXPECT_TRUE(response.body.empty());
  EXPECT_EQ(HeaderOf(response, "Allow"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Methods"), "GET, HEAD, OPTIONS");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Headers"), "accept, cache-control");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Max-Age"), "7200");
  EXPECT_EQ(HeaderOf(response, "Vary"),
            "Access-Control-Request-Method, Access-Control-Request-Headers");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Credentials"), "(absent)");
}

TEST(CorsTest, PreflightWithoutRequestHeadersNamesNone) {
  Response response = CrossOriginOptionsResponse("HEAD", "");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Origin"), "*");
  EXPECT_EQ(HeaderOf(response, "Access-Control-Allow-Headers"), "(absent)");
}

TEST(CorsTest, PreflightForAWritingMethodOrPlainOptionsGetsNoCorsHeader) {
  for (std::string_view method : {"POST", "PUT", "DELETE", "get", ""}) {
    Response response = CrossOriginOptionsResponse(method, "content-type");
    EXPECT_EQ(response.status, 204) << method;
    EXPECT_EQ(HeaderOf(response, "Allow"), "GET, HEAD, OPTIONS") << method;
    EXPECT_EQ(CorsHeaderCount(response), 0) << method;
  }
}

}  // namespace
}  // namespace rn::http
