#include "http/problem.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

namespace rn::http {
namespace {

TEST(ProblemTest, BuildsProblemJson) {
  Response response = ProblemResponse(404, "There is no \"group\" here.\n");
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/problem+json");
  boost::json::value body = boost::json::parse(response.body);
  const boost::json::object& problem = body.as_object();
  EXPECT_EQ(problem.size(), 4u);
  EXPECT_EQ(problem.at("type").as_string(), "about:blank");
  EXPECT_EQ(problem.at("title").as_string(), "Not Found");
  EXPECT_EQ(problem.at("status").as_int64(), 404);
  EXPECT_EQ(problem.at("detail").as_string(), "There is no \"group\" here.\n");
  EXPECT_EQ(response.body.rfind(R"({"type":"about:blank","title":"Not Found","status":404,)", 0),
            0u);
}

TEST(ProblemTest, ServerErrorsShowTheGenericDetailAndTheRequestId) {
  Response response = ServerErrorResponse(500, "0123456789abcdef");
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.content_type, "application/problem+json");
  boost::json::value body = boost::json::parse(response.body);
  const boost::json::object& problem = body.as_object();
  EXPECT_EQ(problem.size(), 5u);
  EXPECT_EQ(problem.at("title").as_string(), "Internal Server Error");
  EXPECT_EQ(problem.at("detail").as_string(), "The server could not complete the request.");
  EXPECT_EQ(problem.at("request_id").as_string(), "0123456789abcdef");

  Response busy = ServerErrorResponse(503, "");
  const boost::json::value busy_body = boost::json::parse(busy.body);
  EXPECT_EQ(busy_body.at("title").as_string(), "Service Unavailable");
  EXPECT_EQ(busy_body.at("detail").as_string(), "The service is busy: try again in a moment.");
  EXPECT_FALSE(busy_body.as_object().contains("request_id"));
}

TEST(ProblemTest, ReasonPhrases) {
  EXPECT_EQ(StatusReason(200), "OK");
  EXPECT_EQ(StatusReason(405), "Method Not Allowed");
  EXPECT_EQ(StatusReason(413), "Content Too Large");
  EXPECT_EQ(StatusReason(431), "Request Header Fields Too Large");
  EXPECT_EQ(StatusReason(500), "Internal Server Error");
  EXPECT_EQ(StatusReason(599), "Unknown");
}

}  // namespace
}  // namespace rn::http
