#include "http/router.h"

#include <gtest/gtest.h>

#include <string>

namespace rn::http {
namespace {

// A handler that answers with a fixed body, so a test can tell which route matched.
Handler Answer(std::string body) {
  return [body = std::move(body)](const Request&, const PathParams&) {
    Response response;
    response.body = body;
    return response;
  };
}

std::string Call(const RouteMatch& match) {
  return match.route->handler(Request{}, match.params).body;
}

TEST(RouterTest, MatchesLiteralPath) {
  Router router;
  router.Add("GET", "/api/v1/meetings", Answer("list"));
  RouteMatch match = router.Match("GET", "/api/v1/meetings");
  ASSERT_NE(match.route, nullptr);
  EXPECT_TRUE(match.method_allowed);
  EXPECT_TRUE(match.params.empty());
  EXPECT_EQ(Call(match), "list");
}

TEST(RouterTest, RootPathMatchesOnlyRoot) {
  Router router;
  router.Add("GET", "/", Answer("root"));
  EXPECT_NE(router.Match("GET", "/").route, nullptr);
  EXPECT_EQ(router.Match("GET", "/x").route, nullptr);
  EXPECT_EQ(router.Match("GET", "").route, nullptr);
}

TEST(RouterTest, CapturesParameterSegments) {
  Router router;
  router.Add("GET", "/api/v1/feeds/{feed}/meetings/{id}", Answer("meeting"));
  RouteMatch match = router.Match("GET", "/api/v1/feeds/north-county/meetings/café 12");
  ASSERT_NE(match.route, nullptr);
  ASSERT_TRUE(match.method_allowed);
  EXPECT_EQ(match.params.size(), 2u);
  EXPECT_EQ(match.params.at("feed"), "north-county");
  EXPECT_EQ(match.params.at("id"), "café 12");
}

TEST(RouterTest, ParameterDoesNotMatchEmptyOrMissingSegment) {
  Router router;
  router.Add("GET", "/meetings/{id}", Answer("meeting"));
  EXPECT_EQ(router.Match("GET", "/meetings/").route, nullptr);
  EXPECT_EQ(router.Match("GET", "/meetings").route, nullptr);
  EXPECT_EQ(router.Match("GET", "/meetings/7/extra").route, nullptr);
}

TEST(RouterTest, TrailingSlashIsADifferentPath) {
  Router router;
  router.Add("GET", "/meetings", Answer("list"));
  EXPECT_NE(router.Match("GET", "/meetings").route, nullptr);
  EXPECT_EQ(router.Match("GET", "/meetings/").route, nullptr);
  EXPECT_EQ(router.Match("GET", "//meetings").route, nullptr);
}

TEST(RouterTest, LiteralSegmentsAreCaseSensitive) {
  Router router;
  router.Add("GET", "/meetings", Answer("list"));
  EXPECT_EQ(router.Match("GET", "/Meetings").route, nullptr);
}

TEST(RouterTest, HeadMatchesGetRouteButGetDoesNotMatchHeadRoute) {
  Router router;
  router.Add("GET", "/meetings", Answer("list"));
  router.Add("HEAD", "/ping", Answer("ping"));
  RouteMatch head = router.Match("HEAD", "/meetings");
  ASSERT_NE(head.route, nullptr);
  EXPECT_TRUE(head.method_allowed);
  EXPECT_EQ(Call(head), "list");

  RouteMatch get_ping = router.Match("GET", "/ping");
  ASSERT_NE(get_ping.route, nullptr);
  EXPECT_FALSE(get_ping.method_allowed);
  EXPECT_EQ(get_ping.allow, "HEAD");
}

TEST(RouterTest, WrongMethodReportsTheMethodsThePathAccepts) {
  Router router;
  router.Add("GET", "/meetings/{id}", Answer("get"));
  router.Add("PUT", "/meetings/{id}", Answer("put"));
  router.Add("GET", "/meetings/{id}", Answer("duplicate get"));
  router.Add("POST", "/other", Answer("other"));
  RouteMatch match = router.Match("DELETE", "/meetings/7");
  ASSERT_NE(match.route, nullptr);
  EXPECT_FALSE(match.method_allowed);
  EXPECT_EQ(match.allow, "GET, HEAD, PUT");
}

TEST(RouterTest, MethodIsCaseSensitive) {
  Router router;
  router.Add("GET", "/meetings", Answer("list"));
  RouteMatch match = router.Match("get", "/meetings");
  ASSERT_NE(match.route, nullptr);
  EXPECT_FALSE(match.method_allowed);
}

TEST(RouterTest, UnknownPathHasNoRoute) {
  Router router;
  router.Add("GET", "/meetings", Answer("list"));
  RouteMatch match = router.Match("GET", "/groups");
  EXPECT_EQ(match.route, nullptr);
  EXPECT_FALSE(match.method_allowed);
  EXPECT_TRUE(match.allow.empty());
}

TEST(RouterTest, EarlierRouteWinsOverLaterOne) {
  Router literal_first;
  literal_first.Add("GET", "/meetings/new", Answer("new form"));
  literal_first.Add("GET", "/meetings/{id}", Answer("meeting"));
  EXPECT_EQ(Call(literal_first.Match("GET", "/meetings/new")), "new form");
  EXPECT_EQ(Call(literal_first.Match("GET", "/meetings/42")), "meeting");

  Router parameter_first;
  parameter_first.Add("GET", "/meetings/{id}", Answer("meeting"));
  parameter_first.Add("GET", "/meetings/new", Answer("new form"));
  RouteMatch match = parameter_first.Match("GET", "/meetings/new");
  EXPECT_EQ(Call(match), "meeting");
  EXPECT_EQ(match.params.at("id"), "new");
}

TEST(RouterTest, RouteForAnotherMethodDoesNotHideALaterMatchingRoute) {
  Router router;
  router.Add("POST", "/meetings", Answer("create"));
  router.Add("GET", "/meetings", Answer("list"));
  RouteMatch match = router.Match("GET", "/meetings");
  ASSERT_TRUE(match.method_allowed);
  EXPECT_EQ(Call(match), "list");
}

TEST(RouterTest, KeepsExecutionMode) {
  Router router;
  router.Add("GET", "/inline", Answer("a"));
  router.Add("POST", "/store", Answer("b"), Execution::kBlocking);
  EXPECT_EQ(router.Match("GET", "/inline").route->execution, Execution::kInline);
  EXPECT_EQ(router.Match("POST", "/store").route->execution, Execution::kBlocking);
}

TEST(RouterTest, AddPublicReadDeclaresAPublicGetRouteReadableFromAnyOrigin) {
  Router router;
  Route& route = router.AddPublicRead("/feeds/meeting-guide.json", Answer("feed"),
                                      Execution::kBlocking);
  EXPECT_EQ(route.method, "GET");
  EXPECT_EQ(route.access, kPublic);
  EXPECT_EQ(route.execution, Execution::kBlocking);
  EXPECT_TRUE(route.ReadableFromAnyOrigin());
  RouteMatch head = router.Match("HEAD", "/feeds/meeting-guide.json");
  ASSERT_TRUE(head.method_allowed);
  EXPECT_TRUE(head.route->ReadableFromAnyOrigin());
}

TEST(RouterTest, RoutesAreSameOriginUnlessDeclared) {
  Router router;
  router.Add("GET", "/api/v1/me", Answer("me"), Execution::kInline, "signed-in");
  router.Add("GET", "/", Answer("finder"));
  EXPECT_FALSE(router.Match("GET", "/api/v1/me").route->ReadableFromAnyOrigin());
  EXPECT_FALSE(router.Match("GET", "/").route->ReadableFromAnyOrigin());
  EXPECT_FALSE(router.Match("OPTIONS", "/").readable_from_any_origin);
  EXPECT_EQ(router.Match("OPTIONS", "/").allow, "GET, HEAD");
}

// The flag alone never opens a route that needs credentials or writes.
TEST(RouterTest, CrossOriginFlagIsIgnoredOnProtectedOrWritingRoutes) {
  Router router;
  router.Add("GET", "/api/v1/sites/{site}/audit", Answer("audit"), Execution::kInline,
             "site:audit.view")
      .cross_origin = CrossOrigin::kAnyOriginRead;
  router.Add("POST", "/meetings/{id}/corrections", Answer("thanks")).cross_origin =
      CrossOrigin::kAnyOriginRead;
  EXPECT_FALSE(router.Match("GET", "/api/v1/sites/north/audit").route->ReadableFromAnyOrigin());
  EXPECT_FALSE(router.Match("POST", "/meetings/7/corrections").route->ReadableFromAnyOrigin());
  EXPECT_FALSE(router.Match("OPTIONS", "/api/v1/sites/north/audit").readable_from_any_origin);
  EXPECT_FALSE(router.Match("OPTIONS", "/meetings/7/corrections").readable_from_any_origin);
}

TEST(RouterTest, OptionsOnAPathReadableFromAnyOriginIsAllowed) {
  Router router;
  router.AddPublicRead("/api/v1/meetings/{id}", Answer("meeting"));
  router.Add("POST", "/api/v1/meetings/{id}", Answer("edit"), Execution::kInline, "signed-in");
  RouteMatch options = router.Match("OPTIONS", "/api/v1/meetings/7");
  ASSERT_NE(options.route, nullptr);
  EXPECT_FALSE(options.method_allowed);
  EXPECT_TRUE(options.readable_from_any_origin);
  EXPECT_EQ(options.allow, "GET, HEAD, POST, OPTIONS");
  // The POST route on the same path stays same-origin.
  EXPECT_FALSE(router.Match("POST", "/api/v1/meetings/7").route->ReadableFromAnyOrigin());
}

}  // namespace
}  // namespace rn::http
