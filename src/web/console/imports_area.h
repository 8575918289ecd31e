#pragma once
// The console's imports (directory importers): a source's saved feed address, fetching it or
// uploading a file, the preview of what applying it would do (new, changed with fields, removed,
// rows not understood), and applying it once. The rules are directory/import_service.h's.

#include <functional>
#include <string>
#include <string_view>

#include "api/repositories.h"
#include "directory/import_service.h"
#include "directory/import_source_store.h"
#include "http/message.h"
#include "http/router.h"
#include "interop/feed.h"
#include "web/console/kit.h"

namespace rn::web {

// Fetches a feed from its URL (http::FetchUrl in the program; the console itself does no I/O but
// through the store).
using FeedFetcher = std::function<Result<std::string>(const std::string& url)>;

// The largest feed file the import page takes (the request body limit of its upload route).
inline constexpr std::size_t kMaxFeedUploadBytes = 32u << 20;

class ImportsArea final {
 public:
  ImportsArea(const ConsoleKit& kit, FeedFetcher fetch_feed)
      : kit_(kit), fetch_feed_(std::move(fetch_feed)) {}

  // GET /staff/sites/{site}/imports, POST …/imports/{source}/{url|preview|apply}.
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  // The parsed feed and what applying it would do.
  struct Prepared {
    interop::FeedParse parse;
    directory::ImportPlan plan;
  };

  // The import source the path names, when the caller may import into it at the path's site
  // (directory::EditableSource).
  Result<directory::ImportSource> PathSource(const http::Request& request,
                                             const http::PathParams& params, const Caller& caller,
                                             api::Repositories& repos) const;
  http::Response Imports(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, api::Repositories& repos) const;
  http::Response SaveSourceUrl(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, api::Repositories& repos) const;
  // The feed the preview form sends: an uploaded file, or the source's stored URL fetched now.
  Result<std::string> FeedOf(const http::Request& request,
                             const directory::ImportSource& source) const;
  Result<Prepared> Prepare(api::Repositories& repos, const directory::ImportSource& source,
                           std::string_view feed) const;
  static http::Response ImportProblem(const Status& status);
  http::Response PreviewImport(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, api::Repositories& repos) const;
  http::Response ApplyPendingImport(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const;

  const ConsoleKit& kit_;
  FeedFetcher fetch_feed_;
};

}  // namespace rn::web
