#pragma once
// The finder's "Services" (issue 14, contract in docs/pages.md): GET /services, the search of
// community resources by place, category, who it is for, language and "open now", and
// GET /services/{id}, one service with its hours (today first), open state, phones, directions,
// availability and when it was last verified. Server-rendered like the meeting pages
// (pages.h), in English and Spanish, usable without JavaScript. Handlers are thin: parse
// (service_finder.h), search, render.

#include <memory>
#include <string_view>

#include "http/router.h"
#include "resources/snapshot.h"
#include "util/clock.h"
#include "web/pages.h"

namespace rn::web {

class ServicePages final {
 public:
  // `resources` and `clock` must outlive the routes.
  ServicePages(const resources::ResourceDirectory& resources, const Clock& clock,
               const PagesOptions& options = {});
  ~ServicePages();

  // Adds GET /services and /services/{id}.
  void AddRoutes(http::Router& router);

  http::Response Finder(const http::Request& request) const;
  http::Response Service(const http::Request& request, std::string_view id) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rn::web
