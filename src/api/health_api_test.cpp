#include "api/health_api.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace rn::api {
namespace {

http::Response Get(const http::Router& router, std::string_view path) {
  const http::RouteMatch match = router.Match("GET", path);
  EXPECT_NE(match.route, nullptr) << path;
  if (match.route == nullptr) return {};
  http::Request request;
  request.method = "GET";
  request.path = std::string(path);
  request.target = request.path;
  return match.route->handler(request, match.params);
}

TEST(HealthApiTest, NotReadyWhileTheDatabaseDoesNotAnswer) {
  directory::Directory directory;
  http::Router router;
  AddHealthRoutes(
      router, directory,
      []() -> Result<Repositories*> {
        return Status(StatusCode::kUnavailable, "connection to server lost");
      },
      "postgresql");
  EXPECT_EQ(Get(router, "/healthz").status, 200);
  const http::Response ready = Get(router, "/readyz");
  EXPECT_EQ(ready.status, 503);
  EXPECT_EQ(
      boost::json::parse(ready.body),
      boost::json::parse(
          R"({"status":"unavailable","database":{"backend":"postgresql","status":"unavailable"}})"));
  // Why is for the log, not for whoever asks.
  EXPECT_EQ(ready.body.find("lost"), std::string::npos);
  EXPECT_EQ(router.Match("GET", "/readyz").route->execution, http::Execution::kBlocking);
}

}  // namespace
}  // namespace rn::api
