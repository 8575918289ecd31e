#include "api/health_api.h"

#include <string>

namespace rn::api {

void AddHealthRoutes(http::Router& router, const directory::Directory& directory) {
  router.Add("GET", "/healthz", [](const http::Request&, const http::PathParams&) {
    return http::Response{200, "application/json", "{\"status\":\"ok\"}", {}};
  });
  router.Add("GET", "/readyz", [&directory](const http::Request&, const http::PathParams&) {
    const auto listings = directory.Snapshot()->size();
    return http::Response{200,
                          "application/json",
                          "{\"status\":\"ready\",\"listings\":" + std::to_string(listings) + "}",
                          {}};
  });
}

}  // namespace rn::api
