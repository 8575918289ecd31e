#include "api/health_api.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <utility>

namespace rn::api {

void AddHealthRoutes(http::Router& router, const directory::Directory& directory,
                     RepositorySource repositories, std::string backend) {
  router.Add("GET", "/healthz", [](const http::Request&, const http::PathParams&) {
    return http::Response{200, "application/json", "{\"status\":\"ok\"}", {}};
  });
  // Ready when this thread's connection answers a read (the audit head: one row, always there).
  // A database that does not answer makes a 503, which takes the server out of a load
  // balancer's rotation; why is in the log only, as for every 5xx.
  router.Add(
      "GET", "/readyz",
      [&directory, repositories = std::move(repositories), backend = std::move(backend)](
          const http::Request&, const http::PathParams&) {
        const auto started = std::chrono::steady_clock::now();
        Result<Repositories*> repos = repositories();
        Status answered = repos.status_or_ok();
        if (answered.ok()) answered = (*repos)->identity.audit.LoadHead().status_or_ok();
        const double ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started)
                .count();
        if (!answered.ok()) {
          spdlog::error("event=not_ready database={} reason=\"{}\"", backend, answered.message());
          return http::Response{
              503,
              "application/json",
              fmt::format("{{\"status\":\"unavailable\",\"database\":{{\"backend\":\"{}\","
                          "\"status\":\"unavailable\"}}}}",
                          backend),
              {}};
        }
        return http::Response{
            200,
            "application/json",
            fmt::format("{{\"status\":\"ready\",\"listings\":{},\"database\":{{\"backend\":"
                        "\"{}\",\"status\":\"ok\",\"ms\":{:.3f}}}}}",
                        directory.Snapshot()->size(), backend, ms),
            {}};
      },
      http::Execution::kBlocking);
}

}  // namespace rn::api
