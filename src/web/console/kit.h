#pragma once
// The staff console's shared kit: what every console area (web/console/*_area.h) builds its pages
// with. The page shell (the staff layout, its security headers, the flash notice a redirect asks
// for), redirects, the mapping of a failed use case to a page, decoding a form, the audited read,
// the change context of a request, and the /staff/sites/{site}/… URL builder. Areas add their own
// routes through AddPage, so every console page is guarded (api::AccessGuard) the same way.

#include <cstddef>
#include <string>
#include <string_view>

#include "api/access.h"
#include "api/repositories.h"
#include "directory/editing.h"
#include "directory/listing.h"
#include "directory/publisher.h"
#include "http/form.h"
#include "http/message.h"
#include "http/router.h"
#include "identity/access.h"
#include "identity/audit.h"
#include "util/clock.h"
#include "web/render.h"

namespace rn::web {

class ConsoleKit final {
 public:
  // Every reference must outlive the routes.
  ConsoleKit(directory::SnapshotPublisher& publisher, const api::AccessGuard& guard,
             const Clock& clock)
      : publisher_(publisher), guard_(guard), clock_(clock) {}

  directory::SnapshotPublisher& publisher() const { return publisher_; }
  const directory::Directory& directory() const { return publisher_.directory(); }
  const api::AccessGuard& guard() const { return guard_; }
  const Clock& clock() const { return clock_; }

  // Adds `method pattern` as a page for callers holding `permission` at the path's {site}.
  http::Route& AddPage(http::Router& router, std::string method, std::string_view pattern,
                       identity::Permission permission, api::GuardedHandler handler) const;
  // The handler of a page that is member `method` of `area` (the areas' routes).
  template <typename Area>
  static api::GuardedHandler Bind(const Area* area,
                                  http::Response (Area::*method)(const http::Request&,
                                                                 const http::PathParams&,
                                                                 const identity::Caller&,
                                                                 api::Repositories&) const) {
    return [area, method](const http::Request& request, const http::PathParams& params,
                          const identity::Caller& caller, api::Repositories& repos) {
      return (area->*method)(request, params, caller, repos);
    };
  }
  // Adds `method pattern` as a page for any signed-in caller.
  void AddSignedInPage(http::Router& router, std::string method, std::string_view pattern,
                       api::GuardedHandler handler) const;

  // ---- The page shell ----

  // A console page: the staff layout around `body`, with the caller's site switcher (`site`
  // selected) and the notice the request's `?done=` names.
  http::Response Page(const http::Request& request, api::Repositories& repositories,
                      const identity::Caller& caller, std::string_view site,
                      const std::string& title, const std::string& body, int status = 200) const;
  // The staff layout around `body`, signed in as `caller` (nullptr: signed out).
  static http::Response StaffHtml(int status, const std::string& title, const std::string& body,
                                  const identity::Caller* caller, const mustache::data& sites,
                                  std::string_view flash);
  // A page that says one thing: a refusal, a failure, "nothing to apply".
  static http::Response MessagePage(int status, const std::string& heading,
                                    std::string_view message);
  // 303 to `location`.
  static http::Response Redirect(std::string location);
  // The page for a use case's failure: 404, 403, 409 with its message, 422 for a value the use
  // case refused (with the field), and for anything else a 500 that never shows the message.
  static http::Response Failure(const Status& status);
  // "message (field)": a refusal as the form's error line.
  static std::string Explain(const Status& status);
  // A refusal shown on its form: "error" (Explain, the line at the top of the form; false when
  // `status` is OK) and, when it names a field, "error_<field>" (its message, for the template to
  // show next to that field and point the field's aria-describedby at).
  static void SetFormError(mustache::data& data, const Status& status);

  // ---- The request ----

  // The query string as a form; empty when it cannot be decoded.
  static http::Form QueryForm(const http::Request& request);
  // The urlencoded body as a form; kInvalidArgument naming the field that cannot be decoded.
  static Result<http::Form> BodyForm(const http::Request& request, std::size_t max_fields = 100);
  // The 400 page for a form BodyForm could not decode, naming the field.
  static http::Response Unreadable(const Status& status);
  static std::string Param(const http::PathParams& params, std::string_view name);
  // "/staff/sites/<site><rest>".
  static std::string SitePath(std::string_view site, std::string_view rest = "");
  // Who makes a change from this request, now, at `site` (the audit entry's context).
  identity::Change Change(const http::Request& request, const identity::Caller& caller,
                          std::string_view site) const;
  // The caller as a directory editor at `site`.
  directory::Editor Editor(const http::Request& request, const identity::Caller& caller,
                           std::string_view site) const;

  // ---- Pieces of pages ----

  // The audited read: records that the caller read `target` before it is shown
  // (identity::RecordRead); when that fails the page must not show it but answer Failure.
  Status AuditedRead(api::Repositories& repositories, const http::Request& request,
                     const identity::Caller& caller, std::string_view site, std::string_view action,
                     std::string target) const;
  // The template data every console form needs: the CSRF token and the site.
  static mustache::data BaseData(const identity::Caller& caller, std::string_view site);
  // The sites the caller can switch between: every site for a network role, else the sites of
  // its roles; `current` selected.
  static mustache::data SiteOptions(api::Repositories& repositories, const identity::Caller& caller,
                                    std::string_view current);
  static std::string SiteName(api::Repositories& repositories, std::string_view site_id);
  // The display name of staff member `user_id`: "Nobody" for "", the id itself when the account
  // is gone.
  static std::string StaffName(api::Repositories& repositories, const std::string& user_id);
  // "Mon 19:00, Thu 19:00" or "By appointment".
  static std::string ScheduleLine(const directory::Listing& listing);
  // The city, the address, "Online" or "No place given".
  static std::string WhereLine(const directory::Listing& listing);
  // The top-level fields that differ between two canonical listing documents.
  static std::string ChangedFields(std::string_view before, std::string_view after);
  // The caller's roles at `site` (network roles included), comma-separated.
  static std::string RolesAt(const identity::Caller& caller, std::string_view site);

  // The double-submit cookie that protects the sign-in form, which has no session yet.
  static constexpr std::string_view kLoginCookie = "rn_login";

 private:
  directory::SnapshotPublisher& publisher_;
  const api::AccessGuard& guard_;
  const Clock& clock_;
};

}  // namespace rn::web
