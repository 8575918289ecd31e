#include "api/errors.h"

#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include <boost/json/parse.hpp>
#include <memory>
#include <sstream>

#include "http/request_id.h"

namespace rn::api {
namespace {

// Sends the default logger's lines to a string for the lifetime of the object.
class CapturedLog final {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    sink->set_pattern("%l %v");
    auto logger = std::make_shared<spdlog::logger>("captured", sink);
    logger->set_level(spdlog::level::trace);
    spdlog::set_default_logger(logger);
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;

  std::string text() const { return lines_.str(); }

 private:
  std::shared_ptr<spdlog::logger> previous_;
  std::ostringstream lines_;
};

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
  EXPECT_FALSE(body.contains("request_id"));
}

TEST(ProblemResponse, OtherErrorsHaveNoField) {
  const http::Response response = ProblemResponse(Status::NotFound("no meeting has this id"));
  EXPECT_EQ(response.status, 404);
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("title"), "Not Found");
  EXPECT_EQ(body.at("detail"), "no meeting has this id");
  EXPECT_FALSE(body.contains("field"));
}

TEST(ProblemResponse, InternalErrorShowsTheRequestIdAndLogsTheMessageOnce) {
  CapturedLog log;
  const std::string id = "0123456789abcdef";
  http::ScopedRequestId scope(id);
  const http::Response response = ProblemResponse(
      Status::Internal("database error while trying to read the audit trail: no such table"));
  EXPECT_EQ(response.status, 500);
  EXPECT_EQ(response.content_type, "application/problem+json");
  EXPECT_EQ(response.body.find("no such table"), std::string::npos) << response.body;
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("title"), "Internal Server Error");
  EXPECT_EQ(body.at("detail"), "The server could not complete the request.");
  EXPECT_EQ(std::string(body.at("request_id").as_string()), id);
  EXPECT_EQ(log.text(),
            "error event=server_error request_id=0123456789abcdef status=500 code=internal "
            "error=\"database error while trying to read the audit trail: no such table\"\n");
}

TEST(ProblemResponse, UnavailableIsAGenericTryAgainLoggedAsAWarning) {
  CapturedLog log;
  const std::string id = "00000000000000ff";
  http::ScopedRequestId scope(id);
  const http::Response response = ProblemResponse(
      Status(StatusCode::kUnavailable, "database error while trying to save: database is locked"));
  EXPECT_EQ(response.status, 503);
  const auto body = boost::json::parse(response.body).as_object();
  EXPECT_EQ(body.at("title"), "Service Unavailable");
  EXPECT_EQ(body.at("detail"), "The service is busy: try again in a moment.");
  EXPECT_EQ(std::string(body.at("request_id").as_string()), id);
  EXPECT_EQ(response.body.find("locked"), std::string::npos) << response.body;
  EXPECT_TRUE(
      log.text().starts_with("warning event=server_error request_id=00000000000000ff "
                             "status=503 code=unavailable error="))
      << log.text();
}

TEST(ClientErrorOf, ClientErrorsAreShownAsTheyAreAndNotLogged) {
  CapturedLog log;
  const ClientError limited =
      ClientErrorOf(Status(StatusCode::kRateLimited, "too many failed sign-ins"));
  EXPECT_EQ(limited.http_status, 429);
  EXPECT_EQ(limited.detail, "too many failed sign-ins");
  EXPECT_EQ(limited.Sentence(), "too many failed sign-ins");
  EXPECT_TRUE(limited.request_id.empty());
  const ClientError invalid = ClientErrorOf(Status::Invalid("notes", "is not valid UTF-8"));
  EXPECT_EQ(invalid.http_status, 400);
  EXPECT_EQ(invalid.detail, "notes: is not valid UTF-8");
  EXPECT_EQ(invalid.field, "notes");
  EXPECT_EQ(log.text(), "");
}

TEST(ClientErrorOf, AServerErrorSentenceCarriesItsReference) {
  CapturedLog log;
  const std::string id = "fedcba9876543210";
  http::ScopedRequestId scope(id);
  const ClientError error = ClientErrorOf(Status::Internal("SQLITE_CORRUPT"));
  EXPECT_TRUE(error.server_error());
  EXPECT_EQ(error.Sentence(),
            "The server could not complete the request (reference fedcba9876543210).");
}

}  // namespace
}  // namespace rn::api
