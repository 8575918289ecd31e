#include "api/errors.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

namespace rn::api {
namespace {

TEST(ErrorTable, MapsEveryCodeToItsHttpStatus) {
  EXPECT_EQ(HttpStatusOf(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusOf(StatusCode::kForbidden), 403);
  EXPECT_EQ(HttpStatusOf(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusOf(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusOf(StatusCode::kRateLimited), 429);
  EXPECT_EQ(HttpStatusOf(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusOf(StatusCode::kInternal), 500);
}

TEST(ProblemResponse, ValidationErrorNamesTheField) {
  const http::Response response = ProblemResponse(Status::Invalid("lat", "needs lng too"));
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(response.content_type, "application/problem+json");
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("title"), "Bad Request");
  EXPECT_EQ(body.at("status"), 400);
  EXPECT_EQ(body.at("detail"), "lat: needs lng too");
  EXPECT_EQ(body.at("field"), "lat");
}

TEST(ProblemResponse, OtherErrorsHaveNoField) {
  const http::Response response = ProblemResponse(Status::NotFound("no meeting has this id"));
  EXPECT_EQ(response.status, 404);
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("title"), "Not Found");
  EXPECT_EQ(body.at("detail"), "no meeting has this id");
  EXPECT_FALSE(body.contains("field"));
}

}  // namespace
}  // namespace rn::api
