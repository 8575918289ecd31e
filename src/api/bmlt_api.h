#pragma once
// The BMLT semantic API (docs/bmlt.md): GET /client_interface/json/?switcher=GetSearchResults,
// GetFormats, GetServiceBodies, GetServerInfo, and the same under /client_interface/jsonp/ with
// callback=. Public and read-only. Thin: parse, ask the snapshot's interop::bmlt::Catalog, render.

#include <memory>
#include <mutex>

#include "api/repositories.h"
#include "directory/search_index.h"
#include "http/router.h"
#include "interop/bmlt/bmlt_export.h"
#include "util/clock.h"

namespace rn::api {

class BmltApi final {
 public:
  // `directory`, `clock` and what `repositories` reads must outlive the routes.
  BmltApi(const directory::Directory& directory, const Clock& clock, RepositorySource repositories);

  // Adds GET /client_interface/json/ and /client_interface/jsonp/ (blocking: the first request
  // after a new snapshot reads the kept BMLT documents from the store).
  void AddRoutes(http::Router& router);

  // One request; `jsonp` wraps the answer in the callback= function.
  http::Response Handle(const http::Request& request, bool jsonp) const;

 private:
  // The catalog of the current snapshot, built on first use.
  Result<std::shared_ptr<const interop::bmlt::Catalog>> CurrentCatalog() const;
  // The body `switcher` answers `query` with; kInvalidArgument naming the parameter at fault.
  Result<std::string> Answer(std::string_view switcher,
                             const interop::bmlt::QueryPairs& query) const;
  // render(catalog, *params) once the parameters are read (a bad one is answered before the
  // catalog is built).
  template <typename Params, typename Render>
  Result<std::string> WithCatalog(Result<Params> params, Render render) const {
    if (!params.ok()) return params.status();
    auto catalog = CurrentCatalog();
    if (!catalog.ok()) return catalog.status();
    return render(**catalog, *params);
  }

  const directory::Directory& directory_;
  const Clock& clock_;
  RepositorySource repositories_;
  mutable std::mutex mutex_;
  mutable std::shared_ptr<const directory::SearchIndex> catalog_snapshot_;
  mutable std::shared_ptr<const interop::bmlt::Catalog> catalog_;
};

}  // namespace rn::api
