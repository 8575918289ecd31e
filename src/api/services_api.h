#pragma once
// Community resources over HTTP: GET /api/v1/services (the finder's search, with the conventions
// of /api/v1/meetings) and /api/v1/services/{id}, and the HSDS 3.1 API under /hsds/ (the source's
// records served back, with the HSDS Page envelope and query parameters). Handlers are thin:
// parse, ask the snapshot, render.

#include <string_view>

#include "http/router.h"
#include "resources/snapshot.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::api {

// Parses GET /api/v1/services's query string: lat, lng, radius_km, at, open_now, q, category
// (comma-separated slugs of resources/categories.h), audience (one slug of its kAudiences),
// language, limit, cursor. kInvalidArgument
// naming the parameter for anything else or malformed. `now` when `at` is absent.
Result<resources::ServiceQuery> ParseServicesQuery(std::string_view query_string, Instant now);

// HSDS list parameters: page (1-based), per_page (1–1000, default 50), search, taxonomy_term_id,
// taxonomy_id, organization_id, modified_after (RFC 3339), full, full_service, minimal, format
// (json only).
struct HsdsListQuery {
  std::size_t page = 1;
  std::size_t per_page = 50;
  std::vector<std::string> words;  // search=, folded words
  std::string taxonomy_term_id;
  std::string taxonomy_id;
  std::string organization_id;
  std::optional<Instant> modified_after;
  bool full = false;
  bool full_service = false;
  bool minimal = false;
  std::string parent_id;  // /taxonomy_terms
  bool top_only = false;  // /taxonomy_terms
};
Result<HsdsListQuery> ParseHsdsListQuery(std::string_view query_string);

class ServicesApi final {
 public:
  // `resources` and `clock` must outlive the routes.
  ServicesApi(const resources::ResourceDirectory& resources, const Clock& clock);

  // GET /api/v1/services, /api/v1/services/{id}; /hsds/, /hsds/services[/{id}],
  // /hsds/organizations[/{id}], /hsds/service_at_locations[/{id}], /hsds/taxonomies[/{id}],
  // /hsds/taxonomy_terms[/{id}]. All readable from any origin.
  void AddRoutes(http::Router& router);

  http::Response SearchServices(const http::Request& request) const;
  http::Response GetService(const http::Request& request, std::string_view id) const;
  http::Response HsdsList(const http::Request& request, resources::RecordKind kind) const;
  http::Response HsdsGet(const http::Request& request, resources::RecordKind kind,
                         std::string_view id) const;

 private:
  const resources::ResourceDirectory& resources_;
  const Clock& clock_;
};

}  // namespace rn::api
