#pragma once
// The staff console's internals (web/console.h), shared by its source files: console.cpp (shared
// pieces, sign-in, the site pages and the routes), console_directory.cpp (listings, corrections,
// imports) and console_admin.cpp (the audit trail, staff and roles, API tokens). Only those files
// include it.

#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/access.h"
#include "directory/correction.h"
#include "directory/import_service.h"
#include "directory/listing.h"
#include "http/form.h"
#include "http/message.h"
#include "http/router.h"
#include "identity/access.h"
#include "interop/feed.h"
#include "storage/store.h"
#include "web/console.h"
#include "web/render.h"

namespace rn::web {

struct StaffConsole::Impl {
  directory::Directory& directory;
  const api::AccessGuard& guard;
  const Clock& clock;
  FeedFetcher fetch_feed;
  std::mutex publish_mutex;  // one snapshot rebuild at a time

  Impl(directory::Directory& directory_in, const api::AccessGuard& guard_in, const Clock& clock_in,
       FeedFetcher fetch_feed_in)
      : directory(directory_in),
        guard(guard_in),
        clock(clock_in),
        fetch_feed(std::move(fetch_feed_in)) {}

  // ---- Shared pieces ----

  // The sites the caller can switch between: every site for a network role, else the sites of
  // its roles; `current` selected.
  static mustache::data SiteOptions(storage::Store& store, const identity::Caller& caller,
                                    std::string_view current);

  static std::string SiteName(storage::Store& store, std::string_view site_id);

  http::Response Page(const http::Request& request, storage::Store& store,
                      const identity::Caller& caller, std::string_view site,
                      const std::string& title, const std::string& body, int status = 200) const;

  static mustache::data BaseData(const identity::Caller& caller, std::string_view site);

  // Who makes a change, when and from where (the audit entry of an account or correction change).
  storage::AccountChange Change(const http::Request& request, const identity::Caller& caller,
                                std::string_view site) const;

  // Appends a protected read or a change to the audit trail; false (and logged) when it fails, in
  // which case the caller must not show or do what it was about to.
  bool Audit(storage::Store& store, const http::Request& request, const identity::Caller& caller,
             std::string_view site, std::string action, std::string target,
             std::string details = "{}") const;

  static http::Response Failure(const Status& status);

  // Rebuilds the public search snapshot from the store after a directory change.
  Status Republish(storage::Store& store);

  // The listing `id` when the caller may edit its source at `site`: kNotFound, or kForbidden (and
  // an audited denial) for a source outside the caller's scope.
  Result<directory::Listing> EditableListing(storage::Store& store, const http::Request& request,
                                             const identity::Caller& caller, std::string_view site,
                                             std::string_view id) const;

  // Writes one listing change with its audit entry, then republishes the finder's snapshot.
  Status WriteListing(storage::Store& store, const http::Request& request,
                      const identity::Caller& caller, std::string_view site,
                      storage::ListingWrites writes, std::string action, std::string_view id);

  // The open correction requests about listings the caller edits at `site`, each with its listing,
  // newest first.
  Result<std::vector<std::pair<directory::CorrectionRequest, directory::Listing>>> OpenCorrections(
      storage::Store& store, const identity::Caller& caller, std::string_view site) const;

  // The open request `id` (as text) about listing `listing_id` that the caller may resolve.
  std::optional<directory::CorrectionRequest> OpenCorrectionAbout(
      storage::Store& store, const identity::Caller& caller, std::string_view site,
      std::string_view id, std::string_view listing_id) const;

  // ---- Sign-in ----

  http::Response LoginPage(const http::Request& request, int status, std::string error,
                           std::string name, std::string next) const;

  http::Response ShowLogin(const http::Request& request) const;

  http::Response SubmitLogin(const http::Request& request) const;

  http::Response Logout(const http::Request& request, const identity::Caller& caller,
                        storage::Store& store, bool everywhere) const;

  // ---- Home and site pages ----

  http::Response Home(const http::Request& request, const identity::Caller& caller,
                      storage::Store& store) const;

  http::Response Site(const http::Request& request, const http::PathParams& params,
                      const identity::Caller& caller, storage::Store& store) const;

  // ---- Listings ----

  http::Response Listings(const http::Request& request, const http::PathParams& params,
                          const identity::Caller& caller, storage::Store& store) const;

  http::Response ListingPage(const http::Request& request, const identity::Caller& caller,
                             storage::Store& store, std::string_view site,
                             const directory::Listing& listing, bool existing, int status,
                             const std::string& error) const;

  http::Response EditListing(const http::Request& request, const http::PathParams& params,
                             const identity::Caller& caller, storage::Store& store) const;

  http::Response NewListing(const http::Request& request, const http::PathParams& params,
                            const identity::Caller& caller, storage::Store& store) const;

  // Saves the form over `base` (a new listing when `create`), resolving the correction it names.
  http::Response SaveListing(const http::Request& request, const identity::Caller& caller,
                             storage::Store& store, std::string_view site, directory::Listing base,
                             bool create);

  http::Response CreateListing(const http::Request& request, const http::PathParams& params,
                               const identity::Caller& caller, storage::Store& store);

  http::Response UpdateListing(const http::Request& request, const http::PathParams& params,
                               const identity::Caller& caller, storage::Store& store);

  // close | reopen | delete.
  http::Response ListingAction(const http::Request& request, const http::PathParams& params,
                               const identity::Caller& caller, storage::Store& store,
                               std::string_view action);

  // ---- Corrections ----

  http::Response Corrections(const http::Request& request, const http::PathParams& params,
                             const identity::Caller& caller, storage::Store& store) const;

  http::Response ResolveCorrection(const http::Request& request, const http::PathParams& params,
                                   const identity::Caller& caller, storage::Store& store) const;

  // ---- Audit trail ----

  Result<std::vector<identity::AuditEvent>> SiteAudit(const http::Request& request,
                                                      const identity::Caller& caller,
                                                      storage::Store& store, std::string_view site,
                                                      std::int64_t* before) const;

  http::Response AuditPage(const http::Request& request, const http::PathParams& params,
                           const identity::Caller& caller, storage::Store& store) const;

  http::Response AuditJson(const http::Request& request, const http::PathParams& params,
                           const identity::Caller& caller, storage::Store& store) const;

  static http::Response Me(const identity::Caller& caller);

  // ---- Staff and roles ----

  static mustache::data SiteRoleOptions();

  // "a, b" → {"a", "b"}, blanks dropped.
  static std::vector<std::string> ScopeList(std::string_view text);

  http::Response Users(const http::Request& request, const http::PathParams& params,
                       const identity::Caller& caller, storage::Store& store, int status = 200,
                       const std::string& error = "") const;

  static std::string Explain(const Status& status);

  http::Response AddUser(const http::Request& request, const http::PathParams& params,
                         const identity::Caller& caller, storage::Store& store) const;

  // The user the path names, with its grants.
  Result<std::pair<identity::User, std::vector<identity::RoleGrant>>> PathUser(
      storage::Store& store, const http::PathParams& params) const;

  http::Response SetRole(const http::Request& request, const http::PathParams& params,
                         const identity::Caller& caller, storage::Store& store) const;

  // An audited refusal to change an account the caller may not manage (identity::CanManageUser).
  http::Response RefuseManage(const http::Request& request, const identity::Caller& caller,
                              storage::Store& store, std::string_view site,
                              const identity::User& user) const;

  // disable | enable | password: only for staff the caller may manage (CanManageUser).
  http::Response ManageUser(const http::Request& request, const http::PathParams& params,
                            const identity::Caller& caller, storage::Store& store,
                            std::string_view action) const;

  // ---- Imports ----

  // The import source the path names when the caller may edit it here (kForbidden, audited,
  // otherwise; kNotFound for no such imported source).
  Result<storage::ImportSource> EditableSource(storage::Store& store, const http::Request& request,
                                               const identity::Caller& caller,
                                               std::string_view site, std::string_view name) const;

  http::Response Imports(const http::Request& request, const http::PathParams& params,
                         const identity::Caller& caller, storage::Store& store) const;

  http::Response SaveSourceUrl(const http::Request& request, const http::PathParams& params,
                               const identity::Caller& caller, storage::Store& store) const;

  // The feed the preview form sends: an uploaded file, or the source's stored URL fetched now.
  Result<std::string> FeedOf(const http::Request& request,
                             const storage::ImportSource& source) const;

  // The parsed feed and what applying it would do.
  struct Prepared {
    interop::FeedParse parse;
    directory::ImportPlan plan;
  };

  Result<Prepared> Prepare(storage::Store& store, const storage::ImportSource& source,
                           std::string_view feed) const;

  static http::Response ImportProblem(const Status& status);

  http::Response PreviewImport(const http::Request& request, const http::PathParams& params,
                               const identity::Caller& caller, storage::Store& store) const;

  http::Response ApplyPendingImport(const http::Request& request, const http::PathParams& params,
                                    const identity::Caller& caller, storage::Store& store);

  // ---- API tokens ----

  http::Response Tokens(const http::Request& request, const http::PathParams& params,
                        const identity::Caller& caller, storage::Store& store, int status = 200,
                        const std::string& new_token = "", const std::string& error = "") const;

  http::Response CreateToken(const http::Request& request, const http::PathParams& params,
                             const identity::Caller& caller, storage::Store& store) const;

  http::Response RevokeToken(const http::Request& request, const http::PathParams& params,
                             const identity::Caller& caller, storage::Store& store) const;

  // ---- Pieces every page uses (console.cpp) ----

  // The double-submit cookie that protects the sign-in form, which has no session yet.
  static constexpr std::string_view kLoginCookie = "rn_login";
  static constexpr std::string_view kStaffCsp =
      "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
      "frame-ancestors 'none'";
  // Staff pages send a Referer to the same origin only, so that their form posts carry a real
  // Origin (under the server's default "no-referrer" a browser sends "Origin: null", which the CSRF
  // check refuses) while no staff URL leaks to another site.
  static constexpr std::string_view kStaffReferrerPolicy = "same-origin";
  static constexpr std::size_t kListingsPerPage = 50;
  static constexpr int kAuditPerPage = 100;
  static constexpr std::string_view kDayAbbreviations[] = {"Sun", "Mon", "Tue", "Wed",
                                                           "Thu", "Fri", "Sat"};

  // The short notices a redirect after a change asks the next page to show ("?done=saved").
  static std::string DoneMessage(std::string_view done);
  static http::Response Redirect(std::string location);
  static http::Form QueryForm(const http::Request& request);
  // Where to go after signing in: a console path from the sign-in link, else the console's home.
  static std::string SafeNext(std::string_view next);
  static std::string Param(const http::PathParams& params, std::string_view name);
  static http::Response StaffHtml(int status, const std::string& title, const std::string& body,
                                  const identity::Caller* caller, const mustache::data& sites,
                                  std::string_view flash);
  static http::Response MessagePage(int status, const std::string& heading,
                                    std::string_view message);
  static std::string ScheduleLine(const directory::Listing& listing);
  static std::string WhereLine(const directory::Listing& listing);
  // The top-level fields that differ between two canonical listing documents.
  static std::string ChangedFields(std::string_view before, std::string_view after);
  // What a correction request is about, in the words of the meeting page's form.
  static std::string CorrectionFieldLabel(std::string_view field);
  static std::string RolesAt(const identity::Caller& caller, std::string_view site);
};

}  // namespace rn::web
