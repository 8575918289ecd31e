#pragma once
// The console's directory listings (directory editors): search and page through the listings the
// editor may edit, create, edit, temporarily close, reopen and delete them, with each listing's
// change history. The rules are directory/editing.h's; this area parses and renders.

#include <string>
#include <string_view>

#include "api/repositories.h"
#include "directory/listing.h"
#include "http/message.h"
#include "http/router.h"
#include "identity/access.h"
#include "web/console/kit.h"

namespace rn::web {

class ListingsArea final {
 public:
  explicit ListingsArea(const ConsoleKit& kit) : kit_(kit) {}

  // GET/POST /staff/sites/{site}/listings[/new|/{id}[/close|/reopen|/delete]].
  void AddRoutes(http::Router& router) const;

  static constexpr std::size_t kListingsPerPage = 50;

 private:
  using Caller = identity::Caller;

  http::Response Listings(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) const;
  // The edit form of `listing` (new when !existing), with its history and the correction the
  // request is about.
  http::Response ListingPage(const http::Request& request, const Caller& caller,
                             api::Repositories& repos, std::string_view site,
                             const directory::Listing& listing, bool existing, int status,
                             const std::string& error) const;
  http::Response EditListing(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, api::Repositories& repos) const;
  http::Response NewListing(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, api::Repositories& repos) const;
  // Saves the form over `base` (a new listing when `create`), resolving the correction it names.
  http::Response SaveListing(const http::Request& request, const Caller& caller,
                             api::Repositories& repos, std::string_view site,
                             directory::Listing base, bool create) const;
  http::Response CreateListing(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, api::Repositories& repos) const;
  http::Response UpdateListing(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, api::Repositories& repos) const;
  // close | reopen | delete.
  http::Response ListingAction(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, api::Repositories& repos,
                               std::string_view action) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
