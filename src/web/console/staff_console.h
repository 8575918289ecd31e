#pragma once
// The staff console: server-rendered pages in the finder's look, phone-first, without
// JavaScript. One class per area (web/console/*_area.h) adds its own routes on the shared kit
// (kit.h); every route but the sign-in page is guarded (api::AccessGuard) with the permission it
// needs (docs/security.md lists them). A new area (casework) is a new *_area.h/.cpp here, added in
// staff_console.cpp.

#include <memory>

#include "api/access.h"
#include "directory/publisher.h"
#include "http/router.h"
#include "resources/snapshot.h"
#include "util/clock.h"
#include "web/console/imports_area.h"

namespace rn::web {

class StaffConsole final {
 public:
  // Every reference must outlive the routes. Directory edits republish the finder's snapshot
  // through `publisher` before they answer.
  StaffConsole(directory::SnapshotPublisher& publisher, const api::AccessGuard& guard,
               const Clock& clock, FeedFetcher fetch_feed,
               const resources::ResourceDirectory& resources);
  ~StaffConsole();

  // Adds every area's /staff pages.
  void AddRoutes(http::Router& router) const;

  // What the guard answers a page request it turns away: the sign-in redirect and the plain
  // "not allowed" page (api::PageDenials).
  static api::PageDenials Denials();

 private:
  struct Areas;
  std::unique_ptr<Areas> areas_;
};

}  // namespace rn::web
