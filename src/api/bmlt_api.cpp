#include "api/bmlt_api.h"

#include <algorithm>

#include "api/errors.h"
#include "http/form.h"

namespace rn::api {
namespace {

// A JavaScript identifier path ("cb", "jQuery3210_17", "ns.cb"), ASCII only, at most 100 bytes.
bool IsCallbackName(std::string_view name) {
  if (name.empty() || name.size() > 100) return false;
  bool start = true;
  for (const char c : name) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$';
    const bool digit = c >= '0' && c <= '9';
    if (c == '.') {
      if (start) return false;
      start = true;
      continue;
    }
    if (!letter && !(digit && !start)) return false;
    start = false;
  }
  return !start;
}

std::string_view ValueOf(const interop::bmlt::QueryPairs& query, std::string_view name) {
  std::string_view found;
  for (const auto& [key, value] : query) {
    if (key == name) found = value;
  }
  return found;
}

}  // namespace

BmltApi::BmltApi(const directory::Directory& directory, const Clock& clock,
                 RepositorySource repositories)
    : directory_(directory), clock_(clock), repositories_(std::move(repositories)) {}

void BmltApi::AddRoutes(http::Router& router) {
  // Public reads any web page may fetch (crouton and bread run in the browser): CORS, http/cors.h.
  router.AddPublicRead(
      "/client_interface/json/",
      [this](const http::Request& request, const http::PathParams&) {
        return Handle(request, false);
      },
      http::Execution::kBlocking);
  router.AddPublicRead(
      "/client_interface/jsonp/",
      [this](const http::Request& request, const http::PathParams&) {
        return Handle(request, true);
      },
      http::Execution::kBlocking);
}

Result<std::shared_ptr<const interop::bmlt::Catalog>> BmltApi::CurrentCatalog() const {
  const auto snapshot = directory_.Snapshot();
  std::lock_guard lock(mutex_);
  if (catalog_snapshot_ == snapshot && catalog_) return catalog_;
  Result<Repositories*> repositories = repositories_();
  if (!repositories.ok()) return repositories.status();
  directory::ImportSourceStore& store = (*repositories)->directory.import_sources;
  auto kept = store.LoadBmltDocuments();
  if (!kept.ok()) return kept.status();
  auto sources = store.List();
  if (!sources.ok()) return sources.status();
  catalog_ =
      std::make_shared<const interop::bmlt::Catalog>(snapshot, *kept, *sources, clock_.Now());
  catalog_snapshot_ = snapshot;
  return catalog_;
}

Result<std::string> BmltApi::Answer(std::string_view switcher,
                                    const interop::bmlt::QueryPairs& query) const {
  using interop::bmlt::Catalog;
  if (switcher == "GetSearchResults") {
    return WithCatalog(
        interop::bmlt::ParseSearchParams(query),
        [](const Catalog& catalog, const auto& params) { return catalog.SearchResults(params); });
  }
  if (switcher == "GetFormats") {
    return WithCatalog(
        interop::bmlt::ParseFormatsParams(query),
        [](const Catalog& catalog, const auto& params) { return catalog.Formats(params); });
  }
  if (switcher == "GetServiceBodies") {
    return WithCatalog(
        interop::bmlt::ParseServiceBodiesParams(query),
        [](const Catalog& catalog, const auto& params) { return catalog.ServiceBodies(params); });
  }
  if (switcher == "GetServerInfo") {
    return WithCatalog(Result<bool>(true),
                       [](const Catalog& catalog, bool) { return catalog.ServerInfo(); });
  }
  return Status::Invalid("switcher", switcher.empty()
                                         ? "is required: GetSearchResults, GetFormats, "
                                           "GetServiceBodies or GetServerInfo"
                                         : "must be GetSearchResults, GetFormats, "
                                           "GetServiceBodies or GetServerInfo");
}

http::Response BmltApi::Handle(const http::Request& request, bool jsonp) const {
  auto decoded = http::DecodeQuery(request.query);
  if (!decoded.ok()) return ProblemResponse(decoded.status());
  const interop::bmlt::QueryPairs& query = *decoded;
  std::string callback;
  if (jsonp) {
    callback = std::string(ValueOf(query, "callback"));
    if (!IsCallbackName(callback)) {
      return ProblemResponse(Status::Invalid(
          "callback", callback.empty() ? "is required" : "is not a JavaScript function name"));
    }
  }
  Result<std::string> body = Answer(ValueOf(query, "switcher"), query);
  if (!body.ok()) return ProblemResponse(body.status());
  http::Response response;
  if (jsonp) {
    response.content_type = "application/javascript; charset=utf-8";
    response.body = "/**/" + callback + "(" + *body + ");";
  } else {
    response.body = std::move(*body);
  }
  return response;
}

}  // namespace rn::api
