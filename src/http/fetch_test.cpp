// FetchUrl against a real server on a loopback port.

#include "http/fetch.h"

#include <gtest/gtest.h>

#include <thread>

#include "http/server.h"

namespace rn::http {
namespace {

class FetchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    router_.Add("GET", "/feed.json", [](const Request&, const PathParams&) {
      Response response;
      response.body = R"([{"name":"Test Group"}])";
      return response;
    });
    router_.Add("GET", "/moved", [](const Request&, const PathParams&) {
      Response response;
      response.status = 302;
      response.headers.emplace_back("Location", "/feed.json");
      return response;
    });
    router_.Add("GET", "/loop", [](const Request&, const PathParams&) {
      Response response;
      response.status = 301;
      response.headers.emplace_back("Location", "/loop");
      return response;
    });
    router_.Add("GET", "/big", [](const Request&, const PathParams&) {
      Response response;
      response.body.assign(4096, 'x');
      return response;
    });
    ServerOptions options;
    options.port = 0;
    options.threads = 1;
    options.compress = false;
    server_ = std::make_unique<Server>(options, router_);
    ASSERT_TRUE(server_->Listen().ok());
    thread_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    server_->Stop();
    thread_.join();
  }
  std::string Url(std::string_view path) const {
    return "http://127.0.0.1:" + std::to_string(server_->port()) + std::string(path);
  }

  Router router_;
  std::unique_ptr<Server> server_;
  std::thread thread_;
};

FetchLimits Loopback() {
  FetchLimits limits;
  limits.allow_private_addresses = true;
  return limits;
}

TEST_F(FetchTest, FetchesABodyAndFollowsARedirect) {
  auto body = FetchUrl(Url("/feed.json"), Loopback());
  ASSERT_TRUE(body.ok()) << body.status().message();
  EXPECT_EQ(*body, R"([{"name":"Test Group"}])");
  auto moved = FetchUrl(Url("/moved"), Loopback());
  ASSERT_TRUE(moved.ok()) << moved.status().message();
  EXPECT_EQ(*moved, *body);
}

TEST_F(FetchTest, FailuresSayWhatHappened) {
  auto missing = FetchUrl(Url("/nothing"), Loopback());
  EXPECT_EQ(missing.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(missing.status().message(), "the server answered HTTP 404");
  EXPECT_EQ(FetchUrl(Url("/loop"), Loopback()).status().message(), "too many redirects");
  FetchLimits small = Loopback();
  small.max_body_bytes = 1024;
  EXPECT_EQ(FetchUrl(Url("/big"), small).status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(FetchUrl("ftp://example.org/feed").status().field(), "url");
  EXPECT_EQ(FetchUrl("not a url").status().field(), "url");
  // Nothing listens on port 1.
  EXPECT_EQ(FetchUrl("http://127.0.0.1:1/feed", Loopback()).status().code(),
            StatusCode::kUnavailable);
}

TEST_F(FetchTest, PrivateAddressesAreRefusedUnlessAllowed) {
  for (const std::string& url :
       {Url("/feed.json"), std::string("http://10.1.2.3/feed"),
        std::string("http://[::1]:8080/feed"),
        std::string("http://169.254.169.254/latest/meta-data"), std::string("http://192.168.0.1/"),
        std::string("http://localhost/")}) {
    auto refused = FetchUrl(url);
    EXPECT_EQ(refused.status().code(), StatusCode::kInvalidArgument) << url;
    EXPECT_EQ(refused.status().field(), "url") << url;
  }
}

}  // namespace
}  // namespace rn::http
