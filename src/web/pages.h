#pragma once
// The public pages (issue 4, contract in docs/pages.md): the finder at "/", a meeting's page, the
// printable list, "Suggest a correction" and the static files. Server-rendered HTML, escaped by
// default (Mustache templates in templates/), in English and Spanish (i18n/), usable without
// JavaScript. Handlers are thin: parse (finder.h), search, render.

#include <functional>
#include <memory>
#include <string>

#include "directory/correction.h"
#include "directory/search_index.h"
#include "http/router.h"
#include "util/clock.h"
#include "util/rate_limiter.h"

namespace rn::web {

struct PagesOptions {
  // The map's tile URL template (Leaflet: {s}, {z}, {x}, {y}) and its attribution. Tiles are
  // requested only when a person opens the map.
  std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string tile_attribution = "© OpenStreetMap contributors";
  // Corrections accepted per client address per hour.
  int corrections_per_hour = 5;
};

// Stores a validated correction request (assigning its id); kNotFound when the listing is gone.
// Called on the worker pool.
using CorrectionSink = std::function<Status(directory::CorrectionRequest* request)>;

class PublicPages final {
 public:
  // `directory` and `clock` must outlive the routes.
  PublicPages(const directory::Directory& directory, const Clock& clock, CorrectionSink corrections,
              PagesOptions options = {});
  ~PublicPages();

  // Adds GET /, /meetings/{id}, /print, /static/{name} and POST /meetings/{id}/corrections.
  void AddRoutes(http::Router& router);

  http::Response Finder(const http::Request& request) const;
  http::Response Meeting(const http::Request& request, std::string_view id) const;
  http::Response Print(const http::Request& request) const;
  http::Response SubmitCorrection(const http::Request& request, std::string_view id);
  http::Response Static(const http::Request& request, std::string_view name) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rn::web
