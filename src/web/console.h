#pragma once
// The staff console (issue 5): sign-in and sign-out, the site switcher, and directory editing for
// directory editors: listings (create, edit, temporarily close, delete, change history) and the
// public's correction requests; for site admins the site's audit trail and API tokens. Server-
// rendered in the finder's look, phone-first, without JavaScript. Every route but the sign-in page
// is added through the AccessGuard with the permission it needs (docs/security.md lists them).

#include <functional>
#include <memory>
#include <string>

#include "api/access.h"
#include "directory/search_index.h"
#include "http/router.h"
#include "util/clock.h"

namespace rn::web {

// Fetches a feed from its URL (http::FetchUrl in the program; the console itself does no I/O but
// through the store).
using FeedFetcher = std::function<Result<std::string>(const std::string& url)>;

// The largest feed file the import page takes (the request body limit of its upload route).
inline constexpr std::size_t kMaxFeedUploadBytes = 32u << 20;

class StaffConsole final {
 public:
  // `directory`, `guard` and `clock` must outlive the routes. Directory edits republish the
  // directory's search snapshot from the store before they answer.
  StaffConsole(directory::Directory& directory, const api::AccessGuard& guard, const Clock& clock,
               FeedFetcher fetch_feed);
  ~StaffConsole();

  // Adds the /staff pages and the staff JSON API (GET /api/v1/me, /api/v1/sites/{site}/audit).
  void AddRoutes(http::Router& router);

  // What the guard answers a page request it turns away: the sign-in redirect and the plain
  // "not allowed" page (api::PageDenials).
  static api::PageDenials Denials();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace rn::web
