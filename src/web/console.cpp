#include "web/console.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <map>
#include <mutex>

#include "api/errors.h"
#include "directory/import_service.h"
#include "directory/listing_edit.h"
#include "directory/listing_json.h"
#include "directory/schedule.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"
#include "identity/secret.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "util/text.h"
#include "web/listing_form.h"
#include "web/render.h"

namespace rn::web {
namespace {

using api::Surface;
using identity::Caller;
using identity::Permission;

// The double-submit cookie that protects the sign-in form, which has no session yet.
constexpr std::string_view kLoginCookie = "rn_login";
constexpr std::string_view kStaffCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";
// Staff pages send a Referer to the same origin only, so that their form posts carry a real Origin
// (under the server's default "no-referrer" a browser sends "Origin: null", which the CSRF check
// refuses) while no staff URL leaks to another site.
constexpr std::string_view kStaffReferrerPolicy = "same-origin";
constexpr std::size_t kListingsPerPage = 50;
constexpr int kAuditPerPage = 100;

constexpr std::string_view kDayAbbreviations[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};

// The short notices a redirect after a change asks the next page to show ("?done=saved").
std::string DoneMessage(std::string_view done) {
  static const std::map<std::string, std::string, std::less<>> kMessages = {
      {"saved", "Saved. The public finder shows the change now."},
      {"created", "Listing created. The public finder shows it now."},
      {"closed", "Marked temporarily closed."},
      {"reopened", "Reopened."},
      {"deleted", "Listing deleted."},
      {"applied", "Correction marked as applied."},
      {"dismissed", "Correction dismissed."},
      {"revoked", "Token revoked."},
      {"user_added", "Staff member added."},
      {"role_added", "Role given."},
      {"role_removed", "Role taken back."},
      {"password_set", "Password set. Their other sessions have ended."},
      {"disabled", "Account disabled. Its sessions have ended."},
      {"enabled", "Account enabled."},
      {"url_saved", "Feed address saved."},
      {"imported", "Import applied. The public finder shows the changes now."},
  };
  const auto found = kMessages.find(done);
  return found == kMessages.end() ? std::string() : found->second;
}

http::Response Redirect(std::string location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", std::move(location));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", std::string(kStaffReferrerPolicy));
  return response;
}

http::Form QueryForm(const http::Request& request) {
  auto form = http::Form::Parse(request.query);
  return form.ok() ? std::move(*form) : http::Form();
}

// Where to go after signing in: a console path from the sign-in link, else the console's home.
std::string SafeNext(std::string_view next) {
  const bool console =
      next == "/staff" || next.starts_with("/staff/") || next.starts_with("/staff?");
  const bool clean = std::none_of(next.begin(), next.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '\\';
  });
  return console && clean && next.find("//") == std::string_view::npos ? std::string(next)
                                                                       : "/staff";
}

std::string Param(const http::PathParams& params, std::string_view name) {
  const auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

http::Response StaffHtml(int status, const std::string& title, const std::string& body,
                         const Caller* caller, const mustache::data& sites,
                         std::string_view flash) {
  mustache::data data;
  data.set("title", title);
  data.set("assets", AssetVersions());
  data.set("body", body);
  if (!flash.empty()) data.set("flash", std::string(flash));
  if (caller != nullptr) {
    mustache::data who;
    who.set("display_name", caller->display_name);
    who.set("csrf", caller->csrf_token);
    who.set("sites", sites);
    who.set("many_sites", sites.is_list() && sites.list_value().size() > 1);
    data.set("caller", who);
  }
  http::Response response = Html(status, Render("staff_layout", Language::kEnglish, data));
  response.headers.emplace_back("Content-Security-Policy", std::string(kStaffCsp));
  // Staff pages may show protected data: never kept by a browser or a proxy.
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", std::string(kStaffReferrerPolicy));
  return response;
}

http::Response MessagePage(int status, const std::string& heading, std::string_view message) {
  mustache::data data;
  data.set("heading", heading);
  data.set("message", std::string(message));
  return StaffHtml(status, heading, Render("staff_message", Language::kEnglish, data), nullptr,
                   mustache::data(mustache::data::type::list), "");
}

std::string ScheduleLine(const directory::Listing& listing) {
  if (listing.schedule.empty()) return "By appointment";
  std::string line;
  for (const directory::Slot& slot : listing.schedule) {
    if (!line.empty()) line += ", ";
    line +=
        std::string(kDayAbbreviations[slot.day]) + " " + directory::FormatHhMm(slot.start_minute);
  }
  return line;
}

std::string WhereLine(const directory::Listing& listing) {
  if (!listing.location.city.empty()) return listing.location.city;
  if (!listing.location.formatted_address.empty()) return listing.location.formatted_address;
  return listing.conference.empty() ? "No place given" : "Online";
}

// The top-level fields that differ between two canonical listing documents.
std::string ChangedFields(std::string_view before, std::string_view after) {
  if (before.empty() || after.empty()) return {};
  boost::system::error_code error;
  const boost::json::value old_value = boost::json::parse(before, error);
  if (error || !old_value.is_object()) return {};
  const boost::json::value new_value = boost::json::parse(after, error);
  if (error || !new_value.is_object()) return {};
  std::string changed;
  for (const auto& field : new_value.get_object()) {
    if (field.key() == "updated") continue;
    const boost::json::value* old_field = old_value.get_object().if_contains(field.key());
    if (old_field != nullptr && *old_field == field.value()) continue;
    if (!changed.empty()) changed += ", ";
    changed += field.key();
  }
  return changed;
}

// What a correction request is about, in the words of the meeting page's form.
std::string CorrectionFieldLabel(std::string_view field) {
  return Messages::For(Language::kEnglish).Get("correction_field_" + std::string(field));
}

std::string RolesAt(const Caller& caller, std::string_view site) {
  std::string roles;
  for (const identity::RoleGrant& grant : caller.grants) {
    if (grant.site_id != site && !identity::IsNetworkRole(grant.role)) continue;
    if (!roles.empty()) roles += ", ";
    roles += identity::RoleName(grant.role);
  }
  return roles;
}

}  // namespace

struct StaffConsole::Impl {
  directory::Directory& directory;
  const api::AccessGuard& guard;
  const Clock& clock;
  FeedFetcher fetch_feed;
  std::mutex publish_mutex;

  Impl(directory::Directory& directory_in, const api::AccessGuard& guard_in, const Clock& clock_in,
       FeedFetcher fetch_feed_in)
      : directory(directory_in),
        guard(guard_in),
        clock(clock_in),
        fetch_feed(std::move(fetch_feed_in)) {}

  // ---- Shared pieces ----

  // The sites the caller can switch between: every site for a network role, else the sites of
  // its roles; `current` selected.
  static mustache::data SiteOptions(storage::Store& store, const Caller& caller,
                                    std::string_view current) {
    mustache::data options{mustache::data::type::list};
    Result<std::vector<identity::Site>> sites = store.ListSites();
    if (!sites.ok()) return options;
    const std::vector<std::string> mine = identity::SitesOf(caller.grants);
    const bool everywhere = identity::HasNetworkRole(caller.grants);
    for (const identity::Site& site : *sites) {
      if (everywhere || std::find(mine.begin(), mine.end(), site.id) != mine.end()) {
        options.push_back(Option(site.id, site.name, site.id == current));
      }
    }
    return options;
  }

  static std::string SiteName(storage::Store& store, std::string_view site_id) {
    Result<std::vector<identity::Site>> sites = store.ListSites();
    if (sites.ok()) {
      for (const identity::Site& site : *sites)
        if (site.id == site_id) return site.name;
    }
    return std::string(site_id);
  }

  http::Response Page(const http::Request& request, storage::Store& store, const Caller& caller,
                      std::string_view site, const std::string& title, const std::string& body,
                      int status = 200) const {
    const std::string flash = DoneMessage(QueryForm(request).Get("done").value_or(""));
    return StaffHtml(status, title, body, &caller, SiteOptions(store, caller, site), flash);
  }

  static mustache::data BaseData(const Caller& caller, std::string_view site) {
    mustache::data data;
    data.set("csrf", caller.csrf_token);
    data.set("site", std::string(site));
    return data;
  }

  // Who makes a change, when and from where (the audit entry of an account or correction change).
  storage::AccountChange Change(const http::Request& request, const Caller& caller,
                                std::string_view site) const {
    return {caller.actor, clock.Now(), request.remote_address, std::string(site)};
  }

  // Appends a protected read or a change to the audit trail; false (and logged) when it fails, in
  // which case the caller must not show or do what it was about to.
  bool Audit(storage::Store& store, const http::Request& request, const Caller& caller,
             std::string_view site, std::string action, std::string target,
             std::string details = "{}") const {
    identity::AuditEvent event =
        identity::MakeAuditEvent({clock.Now(), caller.actor, std::move(action), std::move(target),
                                  std::string(site), request.remote_address, std::move(details)});
    if (Status appended = store.AppendAudit(&event); !appended.ok()) {
      spdlog::error("event=audit_failed action={} error=\"{}\"", event.action, appended.message());
      return false;
    }
    return true;
  }

  static http::Response Failure(const Status& status) {
    switch (status.code()) {
      case StatusCode::kNotFound:
        return MessagePage(404, "Not found", status.message());
      case StatusCode::kForbidden:
        return MessagePage(403, "Not allowed", status.message());
      case StatusCode::kConflict:
        return MessagePage(409, "Already changed", status.message());
      default:
        spdlog::error("event=console_error error=\"{}\"", status.message());
        return MessagePage(500, "Something went wrong",
                           "The change could not be made. Nothing was saved; try again.");
    }
  }

  // Rebuilds the public search snapshot from the store after a directory change.
  Status Republish(storage::Store& store) {
    std::lock_guard lock(publish_mutex);
    Result<std::vector<directory::Listing>> listings = store.LoadListings();
    if (!listings.ok()) return listings.status();
    directory.Publish(std::make_shared<const directory::SearchIndex>(*listings));
    return Status::Ok();
  }

  // The listing `id` when the caller may edit its source at `site`: kNotFound, or kForbidden (and
  // an audited denial) for a source outside the caller's scope.
  Result<directory::Listing> EditableListing(storage::Store& store, const http::Request& request,
                                             const Caller& caller, std::string_view site,
                                             std::string_view id) const {
    Result<std::optional<directory::Listing>> found = store.GetListing(id);
    if (!found.ok()) return found.status();
    if (!found->has_value())
      return Status::NotFound("There is no listing " + std::string(id) + ".");
    if (!identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site), (*found)->source,
                                 site)) {
      Audit(store, request, caller, site, "access.denied", "listing:" + std::string(id),
            R"({"reason":"scope"})");
      return Status(StatusCode::kForbidden,
                    "This listing comes from " + (*found)->source + ", which you do not edit.");
    }
    return std::move(**found);
  }

  // Writes one listing change with its audit entry, then republishes the finder's snapshot.
  Status WriteListing(storage::Store& store, const http::Request& request, const Caller& caller,
                      std::string_view site, storage::ListingWrites writes, std::string action,
                      std::string_view id) {
    writes.audit = identity::MakeAuditEvent({clock.Now(), caller.actor, std::move(action),
                                             "listing:" + std::string(id), std::string(site),
                                             request.remote_address});
    RN_RETURN_IF_ERROR(store.ApplyListingWrites(writes, caller.actor, clock.Now()));
    return Republish(store);
  }

  // The open correction requests about listings the caller edits at `site`, each with its listing,
  // newest first.
  Result<std::vector<std::pair<directory::CorrectionRequest, directory::Listing>>> OpenCorrections(
      storage::Store& store, const Caller& caller, std::string_view site) const {
    Result<std::vector<directory::CorrectionRequest>> open =
        store.ListCorrections(directory::kCorrectionOpen);
    if (!open.ok()) return open.status();
    const identity::EditableSources editable = identity::EditableSourcesAt(caller.grants, site);
    const auto snapshot = directory.Snapshot();
    std::vector<std::pair<directory::CorrectionRequest, directory::Listing>> mine;
    for (directory::CorrectionRequest& correction : *open) {
      const auto index = snapshot->Find(correction.listing_id);
      if (!index) continue;  // the listing is gone; nothing to correct
      directory::Listing listing = snapshot->Get(*index);
      if (!identity::CanEditSource(editable, listing.source, site)) continue;
      mine.emplace_back(std::move(correction), std::move(listing));
    }
    return mine;
  }

  // The open request `id` (as text) about listing `listing_id` that the caller may resolve.
  std::optional<directory::CorrectionRequest> OpenCorrectionAbout(
      storage::Store& store, const Caller& caller, std::string_view site, std::string_view id,
      std::string_view listing_id) const {
    auto open = OpenCorrections(store, caller, site);
    if (!open.ok()) return std::nullopt;
    for (auto& [correction, listing] : *open) {
      if (std::to_string(correction.id) == id && listing.id == listing_id) return correction;
    }
    return std::nullopt;
  }

  // ---- Sign-in ----

  http::Response LoginPage(const http::Request& request, int status, std::string error,
                           std::string name, std::string next) const {
    const auto cookie = http::CookieValue(request.Header("cookie"), kLoginCookie);
    std::string token = cookie && cookie->size() == 43 ? std::string(*cookie) : "";
    if (token.empty()) token = identity::NewSecret().value_or("");
    const http::Form query = QueryForm(request);
    mustache::data data;
    data.set("csrf", token);
    data.set("next", next.empty() ? SafeNext(query.Get("next").value_or("")) : next);
    data.set("name", name);
    if (error.empty() && query.Get("ended")) error = "Your session has ended: sign in again.";
    if (!error.empty()) data.set("error", error);
    data.set("signed_out", query.Get("signed_out").has_value());
    http::Response response =
        StaffHtml(status, "Sign in", Render("staff_login", Language::kEnglish, data), nullptr,
                  mustache::data(mustache::data::type::list), "");
    http::CookieOptions options;
    options.secure = api::OverTls(request);
    options.path = "/staff/login";
    response.headers.emplace_back("Set-Cookie", http::SetCookie(kLoginCookie, token, options));
    return response;
  }

  http::Response ShowLogin(const http::Request& request) const {
    Result<storage::Store*> store = guard.stores()();
    if (store.ok() && guard.SessionCaller(request, **store)) {
      return Redirect(SafeNext(QueryForm(request).Get("next").value_or("")));
    }
    return LoginPage(request, 200, "", "", "");
  }

  http::Response SubmitLogin(const http::Request& request) const {
    auto form = http::Form::Parse(request.body);
    if (!form.ok()) return LoginPage(request, 400, "The form could not be read.", "", "");
    const std::string name = form->Get("name").value_or("");
    const std::string next = SafeNext(form->Get("next").value_or(""));
    const auto cookie = http::CookieValue(request.Header("cookie"), kLoginCookie);
    if (!cookie || cookie->empty() || !api::SameOrigin(request) ||
        !identity::SecretEquals(*cookie, form->Get("_csrf").value_or(""))) {
      return LoginPage(request, 403,
                       "This sign-in form has expired (or your browser blocks cookies): try "
                       "again.",
                       name, next);
    }
    Result<storage::Store*> store = guard.stores()();
    if (!store.ok()) return Failure(store.status());
    const auto previous = http::CookieValue(request.Header("cookie"), api::kSessionCookie);
    Result<identity::SignedIn> signed_in =
        guard.auth().Login(**store, name, form->Get("password").value_or(""),
                           request.remote_address, previous.value_or(""));
    if (!signed_in.ok()) {
      const Status& status = signed_in.status();
      switch (status.code()) {
        case StatusCode::kUnauthenticated:
          return LoginPage(request, 401, "The user name or password is wrong.", name, next);
        case StatusCode::kRateLimited: {
          std::string message = status.message();
          message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(message[0])));
          return LoginPage(request, 429, message + ".", name, next);
        }
        default:
          return Failure(status);
      }
    }
    http::Response response = Redirect(next);
    http::CookieOptions session;
    session.secure = api::OverTls(request);
    response.headers.emplace_back("Set-Cookie",
                                  http::SetCookie(api::kSessionCookie, signed_in->cookie, session));
    http::CookieOptions login = session;
    login.path = "/staff/login";
    login.expire = true;
    response.headers.emplace_back("Set-Cookie", http::SetCookie(kLoginCookie, "", login));
    return response;
  }

  http::Response Logout(const http::Request& request, const Caller& caller, storage::Store& store,
                        bool everywhere) const {
    const auto cookie = http::CookieValue(request.Header("cookie"), api::kSessionCookie);
    if (Status ended = guard.auth().Logout(store, caller, cookie.value_or(""), everywhere,
                                           request.remote_address);
        !ended.ok()) {
      return Failure(ended);
    }
    http::Response response = Redirect("/staff/login?signed_out=1");
    http::CookieOptions options;
    options.secure = api::OverTls(request);
    options.expire = true;
    response.headers.emplace_back("Set-Cookie", http::SetCookie(api::kSessionCookie, "", options));
    return response;
  }

  // ---- Home and site pages ----

  http::Response Home(const http::Request& request, const Caller& caller,
                      storage::Store& store) const {
    if (auto site = QueryForm(request).Get("site")) return Redirect("/staff/sites/" + *site);
    const mustache::data sites = SiteOptions(store, caller, "");
    if (sites.list_value().size() == 1 && !identity::HasNetworkRole(caller.grants)) {
      return Redirect("/staff/sites/" + sites.list_value()[0].get("value")->string_value());
    }
    mustache::data data = BaseData(caller, "");
    data.set("sites", sites);
    return Page(request, store, caller, "", "Your sites",
                Render("staff_home", Language::kEnglish, data));
  }

  http::Response Site(const http::Request& request, const http::PathParams& params,
                      const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    mustache::data data = BaseData(caller, site);
    data.set("site_name", SiteName(store, site));
    data.set("roles", RolesAt(caller, site));
    const bool can_edit = identity::Allows(caller.grants, Permission::kDirectoryEdit, site);
    const bool can_audit = identity::Allows(caller.grants, Permission::kAuditView, site);
    const bool can_tokens = identity::Allows(caller.grants, Permission::kTokensManage, site);
    const bool can_staff = identity::Allows(caller.grants, Permission::kStaffManage, site);
    data.set("can_staff", can_staff);
    data.set("can_import", identity::Allows(caller.grants, Permission::kDirectoryImport, site));
    data.set("can_edit", can_edit);
    data.set("can_audit", can_audit);
    data.set("can_tokens", can_tokens);
    data.set("any", can_edit || can_audit || can_tokens || can_staff);
    if (can_edit) {
      auto open = OpenCorrections(store, caller, site);
      if (open.ok() && !open->empty()) data.set("open_corrections", std::to_string(open->size()));
    }
    return Page(request, store, caller, site, SiteName(store, site),
                Render("staff_site", Language::kEnglish, data));
  }

  // ---- Listings ----

  http::Response Listings(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    const http::Form query = QueryForm(request);
    const std::string text = query.Get("q").value_or("");
    std::size_t page = 1;
    if (auto requested = query.Get("page")) {
      const auto [end, error] =
          std::from_chars(requested->data(), requested->data() + requested->size(), page);
      if (error != std::errc() || end != requested->data() + requested->size() || page < 1 ||
          page > 10000) {
        page = 1;
      }
    }
    const identity::EditableSources editable = identity::EditableSourcesAt(caller.grants, site);
    const auto snapshot = directory.Snapshot();

    // Every source's first `page` pages, merged and cut: the scope may name several sources.
    directory::SearchQuery search;
    search.at = clock.Now();
    search.include_inactive = true;
    search.text = text;
    search.sort = directory::SortOrder::kName;
    search.limit = page * kListingsPerPage;
    std::vector<directory::SearchHit> hits;
    std::size_t total = 0;
    // One search for every source (then other sites' own listings are left out), or one per source
    // in the scope.
    for (const std::string& source : editable.all ? std::vector<std::string>{""} : editable.scope) {
      search.source = source;
      directory::SearchResult result = snapshot->Search(search);
      total += result.total;
      hits.insert(hits.end(), result.hits.begin(), result.hits.end());
    }
    std::vector<directory::Listing> shown;
    for (const directory::SearchHit& hit : hits) {
      directory::Listing listing = snapshot->Get(hit.index);
      if (identity::CanEditSource(editable, listing.source, site)) {
        shown.push_back(std::move(listing));
      } else {
        --total;
      }
    }
    std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
      return std::tie(a.name, a.id) < std::tie(b.name, b.id);
    });
    const std::size_t first = (page - 1) * kListingsPerPage;
    shown.erase(shown.begin(),
                shown.begin() + static_cast<std::ptrdiff_t>(std::min(first, shown.size())));
    if (shown.size() > kListingsPerPage) shown.resize(kListingsPerPage);
    auto page_href = [&](std::size_t number) {
      return "/staff/sites/" + site + "/listings?q=" + http::EncodeComponent(text) +
             "&page=" + std::to_string(number);
    };

    mustache::data rows{mustache::data::type::list};
    for (const directory::Listing& listing : shown) {
      mustache::data row;
      row.set("site", site);
      row.set("id", listing.id);
      row.set("name", listing.name);
      row.set("closed", directory::IsTemporarilyClosed(listing));
      row.set("when", ScheduleLine(listing));
      row.set("where", WhereLine(listing));
      row.set("source", listing.source);
      rows.push_back(row);
    }
    mustache::data data = BaseData(caller, site);
    data.set("q", text);
    data.set("listings", rows);
    data.set("can_create", identity::CanEditSource(editable, directory::LocalSource(site), site));
    std::string scope = "You edit every imported listing and this site's own.";
    if (!editable.all) {
      scope = "You edit listings from: ";
      for (std::size_t i = 0; i < editable.scope.size(); ++i) {
        scope += (i == 0 ? "" : ", ") + editable.scope[i];
      }
      if (editable.scope.empty()) scope += "no source yet";
    }
    data.set("scope", scope);
    data.set("count_line", total == 0 || shown.empty()
                               ? "No listings match."
                               : "Showing " + std::to_string(first + 1) + "–" +
                                     std::to_string(first + shown.size()) + " of " +
                                     std::to_string(total) + ", by name.");
    if (page > 1) data.set("prev_href", page_href(page - 1));
    if (first + shown.size() < total) data.set("next_href", page_href(page + 1));
    return Page(request, store, caller, site, "Directory listings",
                Render("staff_listings", Language::kEnglish, data));
  }

  http::Response ListingPage(const http::Request& request, const Caller& caller,
                             storage::Store& store, std::string_view site,
                             const directory::Listing& listing, bool existing, int status,
                             const std::string& error) const {
    mustache::data data = BaseData(caller, site);
    data.set("heading", existing ? listing.name : "New listing");
    data.set("form", ListingFormData(listing));
    data.set("action", existing ? "/staff/sites/" + std::string(site) + "/listings/" + listing.id
                                : "/staff/sites/" + std::string(site) + "/listings");
    if (!error.empty()) data.set("error", error);
    const bool closed = directory::IsTemporarilyClosed(listing);
    data.set("closed", closed);
    if (existing) {
      mustache::data more = BaseData(caller, site);
      more.set("id", listing.id);
      more.set("close_action", closed ? "reopen" : "close");
      more.set("close_label", closed ? "Reopen" : "Mark temporarily closed");
      mustache::data history{mustache::data::type::list};
      Result<std::vector<storage::ListingChange>> changes = store.ListingHistory(listing.id);
      if (changes.ok()) {
        for (auto change = changes->rbegin(); change != changes->rend(); ++change) {
          mustache::data entry;
          entry.set("action", change->action);
          entry.set("actor", change->actor);
          entry.set("at", change->at);
          entry.set("changed", ChangedFields(change->before, change->after));
          history.push_back(entry);
        }
      }
      more.set("history", history);
      data.set("existing", more);
    }
    // A correction being worked on: shown above the form, resolved with the save.
    if (auto id = QueryForm(request).Get("correction")) {
      if (auto correction = OpenCorrectionAbout(store, caller, site, *id, listing.id)) {
        mustache::data note;
        note.set("id", *id);
        note.set("field", CorrectionFieldLabel(correction->field));
        note.set("details", correction->details);
        data.set("correction", note);
      }
    }
    return Page(request, store, caller, site, existing ? listing.name : "New listing",
                Render("staff_listing", Language::kEnglish, data), status);
  }

  http::Response EditListing(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    Result<directory::Listing> listing =
        EditableListing(store, request, caller, site, Param(params, "id"));
    if (!listing.ok()) return Failure(listing.status());
    return ListingPage(request, caller, store, site, *listing, true, 200, "");
  }

  http::Response NewListing(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, storage::Store& store) const {
    return ListingPage(request, caller, store, Param(params, "site"), directory::Listing(), false,
                       200, "");
  }

  // Saves the form over `base` (a new listing when `create`), resolving the correction it names.
  http::Response SaveListing(const http::Request& request, const Caller& caller,
                             storage::Store& store, std::string_view site, directory::Listing base,
                             bool create) {
    auto form = http::Form::Parse(request.body, 1000);
    if (!form.ok()) return MessagePage(400, "The form could not be read", form.status().message());
    Result<directory::Listing> edited = ApplyListingForm(*form, base);
    Status valid = edited.ok() ? directory::ValidateEditedListing(*edited) : edited.status();
    if (!valid.ok()) {
      const directory::Listing& shown = edited.ok() ? *edited : base;
      return ListingPage(
          request, caller, store, site, shown, !create, 422,
          valid.message() + (valid.field().empty() ? "" : " (" + valid.field() + ")"));
    }
    edited->updated = FormatUtc(clock.Now());
    storage::ListingWrites writes;
    (create ? writes.creates : writes.updates).push_back(*edited);
    if (Status written = WriteListing(
            store, request, caller, site, std::move(writes),
            create ? "directory.listing.create" : "directory.listing.update", edited->id);
        !written.ok()) {
      return Failure(written);
    }
    // The correction the form was opened for, when it is still open and about this listing.
    if (auto id = form->Get("correction")) {
      if (auto correction = OpenCorrectionAbout(store, caller, site, *id, edited->id)) {
        Status resolved = store.ResolveCorrection(correction->id, directory::kCorrectionApplied,
                                                  Change(request, caller, site));
        if (!resolved.ok() && resolved.code() != StatusCode::kConflict) return Failure(resolved);
      }
    }
    return Redirect("/staff/sites/" + std::string(site) + "/listings/" + edited->id +
                    (create ? "?done=created" : "?done=saved"));
  }

  http::Response CreateListing(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, storage::Store& store) {
    const std::string site = Param(params, "site");
    directory::Listing listing;
    listing.source = directory::LocalSource(site);
    if (!identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site), listing.source,
                                 site)) {
      Audit(store, request, caller, site, "access.denied", "source:" + listing.source,
            R"({"reason":"scope"})");
      return Failure(Status(StatusCode::kForbidden,
                            "You edit listings of some import sources only, so you cannot add "
                            "listings of your own."));
    }
    Result<std::string> slug = identity::RandomHex(8);
    if (!slug.ok()) return Failure(slug.status());
    listing.slug = *slug;
    listing.id = directory::MakeListingId(listing.source, listing.slug);
    return SaveListing(request, caller, store, site, std::move(listing), true);
  }

  http::Response UpdateListing(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, storage::Store& store) {
    const std::string site = Param(params, "site");
    Result<directory::Listing> listing =
        EditableListing(store, request, caller, site, Param(params, "id"));
    if (!listing.ok()) return Failure(listing.status());
    return SaveListing(request, caller, store, site, std::move(*listing), false);
  }

  // close | reopen | delete.
  http::Response ListingAction(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, storage::Store& store,
                               std::string_view action) {
    const std::string site = Param(params, "site");
    Result<directory::Listing> listing =
        EditableListing(store, request, caller, site, Param(params, "id"));
    if (!listing.ok()) return Failure(listing.status());
    storage::ListingWrites writes;
    std::string audit_action;
    std::string done;
    if (action == "delete") {
      auto form = http::Form::Parse(request.body);
      if (!form.ok() || form->Get("confirm") != "yes") {
        return ListingPage(request, caller, store, site, *listing, true, 422,
                           "Tick “I want to delete this listing” to delete it.");
      }
      writes.delete_ids.push_back(listing->id);
      audit_action = "directory.listing.delete";
      done = "deleted";
    } else {
      if (action == "close") {
        directory::CloseTemporarily(&*listing);
      } else {
        directory::Reopen(&*listing);
      }
      listing->updated = FormatUtc(clock.Now());
      writes.updates.push_back(*listing);
      audit_action = action == "close" ? "directory.listing.close" : "directory.listing.reopen";
      done = action == "close" ? "closed" : "reopened";
    }
    if (Status written = WriteListing(store, request, caller, site, std::move(writes), audit_action,
                                      listing->id);
        !written.ok()) {
      return Failure(written);
    }
    if (action == "delete") return Redirect("/staff/sites/" + site + "/listings?done=deleted");
    return Redirect("/staff/sites/" + site + "/listings/" + listing->id + "?done=" + done);
  }

  // ---- Corrections ----

  http::Response Corrections(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    auto open = OpenCorrections(store, caller, site);
    if (!open.ok()) return Failure(open.status());
    // The requests carry the public's words and, sometimes, an email address: a protected read.
    if (!Audit(store, request, caller, site, "directory.corrections.view", "", "{}")) {
      return Failure(Status::Internal("audit"));
    }
    mustache::data rows{mustache::data::type::list};
    for (const auto& [correction, listing] : *open) {
      mustache::data row = BaseData(caller, site);
      row.set("id", std::to_string(correction.id));
      row.set("listing_id", correction.listing_id);
      row.set("listing_name", listing.name);
      row.set("field", CorrectionFieldLabel(correction.field));
      row.set("details", correction.details);
      row.set("email", correction.email);
      row.set("created_at", correction.created_at);
      rows.push_back(row);
    }
    mustache::data data = BaseData(caller, site);
    const std::size_t count = rows.list_value().size();
    data.set("corrections", rows);
    data.set("count_line", count == 0 ? "No open corrections for the listings you edit."
                                      : std::to_string(count) +
                                            (count == 1 ? " open request" : " open requests") +
                                            ", newest first.");
    return Page(request, store, caller, site, "Corrections",
                Render("staff_corrections", Language::kEnglish, data));
  }

  http::Response ResolveCorrection(const http::Request& request, const http::PathParams& params,
                                   const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    const std::string status = Param(params, "status");
    std::int64_t id = 0;
    const std::string text = Param(params, "id");
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (error != std::errc() || end != text.data() + text.size()) {
      return Failure(Status::NotFound("There is no correction " + text + "."));
    }
    Result<std::vector<directory::CorrectionRequest>> all = store.ListCorrections(std::nullopt);
    if (!all.ok()) return Failure(all.status());
    const auto correction = std::find_if(all->begin(), all->end(),
                                         [&](const auto& request) { return request.id == id; });
    if (correction == all->end()) return Failure(Status::NotFound("There is no such correction."));
    // The request's listing must be one the caller edits (when it still exists).
    if (Result<std::optional<directory::Listing>> listing =
            store.GetListing(correction->listing_id);
        listing.ok() && listing->has_value() &&
        !identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site),
                                 (*listing)->source, site)) {
      Audit(store, request, caller, site, "access.denied", "listing:" + (*listing)->id,
            R"({"reason":"scope"})");
      return Failure(Status(StatusCode::kForbidden, "That listing is not one you edit."));
    }
    if (Status resolved = store.ResolveCorrection(id, status, Change(request, caller, site));
        !resolved.ok()) {
      if (resolved.code() == StatusCode::kInvalidArgument)
        return Failure(Status::NotFound("No such action."));
      return Failure(resolved);
    }
    return Redirect("/staff/sites/" + site + "/corrections?done=" + status);
  }

  // ---- Audit trail ----

  Result<std::vector<identity::AuditEvent>> SiteAudit(const http::Request& request,
                                                      const Caller& caller, storage::Store& store,
                                                      std::string_view site,
                                                      std::int64_t* before) const {
    const http::Form query = QueryForm(request);
    *before = 0;
    if (auto text = query.Get("before")) {
      const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), *before);
      if (error != std::errc() || end != text->data() + text->size() || *before < 1) {
        return Status::Invalid("before", "must be an entry number");
      }
    }
    Result<std::vector<identity::AuditEvent>> events =
        store.ListSiteAudit(site, *before, kAuditPerPage);
    if (!events.ok()) return events.status();
    if (!Audit(store, request, caller, site, "audit.view", "site:" + std::string(site))) {
      return Status::Internal("the read could not be recorded");
    }
    return events;
  }

  http::Response AuditPage(const http::Request& request, const http::PathParams& params,
                           const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    std::int64_t before = 0;
    Result<std::vector<identity::AuditEvent>> events =
        SiteAudit(request, caller, store, site, &before);
    if (!events.ok()) {
      return events.status().code() == StatusCode::kInvalidArgument
                 ? MessagePage(400, "Not understood", events.status().message())
                 : Failure(events.status());
    }
    mustache::data rows{mustache::data::type::list};
    for (const identity::AuditEvent& event : *events) {
      mustache::data row;
      row.set("seq", std::to_string(event.seq));
      row.set("at", event.at);
      row.set("actor", event.actor);
      row.set("action", event.action);
      row.set("target", event.target);
      row.set("remote_address", event.remote_address);
      rows.push_back(row);
    }
    mustache::data data = BaseData(caller, site);
    data.set("events", rows);
    if (events->size() == static_cast<std::size_t>(kAuditPerPage)) {
      data.set("older_href",
               "/staff/sites/" + site + "/audit?before=" + std::to_string(events->back().seq));
    }
    return Page(request, store, caller, site, "Audit trail",
                Render("staff_audit", Language::kEnglish, data));
  }

  http::Response AuditJson(const http::Request& request, const http::PathParams& params,
                           const Caller& caller, storage::Store& store) const {
    std::int64_t before = 0;
    Result<std::vector<identity::AuditEvent>> events =
        SiteAudit(request, caller, store, Param(params, "site"), &before);
    if (!events.ok()) return api::ProblemResponse(events.status());
    boost::json::array items;
    for (const identity::AuditEvent& event : *events) {
      boost::json::object item;
      item["seq"] = event.seq;
      item["at"] = event.at;
      item["actor"] = event.actor;
      item["action"] = event.action;
      item["target"] = event.target;
      item["site"] = event.site;
      item["remote_address"] = event.remote_address;
      boost::system::error_code error;
      item["details"] = boost::json::parse(event.details, error);
      item["hash"] = event.hash;
      items.push_back(std::move(item));
    }
    http::Response response;
    response.body = boost::json::serialize(boost::json::object{{"items", std::move(items)}});
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }

  static http::Response Me(const Caller& caller) {
    boost::json::array grants;
    for (const identity::RoleGrant& grant : caller.grants) {
      grants.push_back(
          boost::json::object{{"role", identity::RoleName(grant.role)}, {"site", grant.site_id}});
    }
    http::Response response;
    response.body = boost::json::serialize(
        boost::json::object{{"actor", caller.actor},
                            {"display_name", caller.display_name},
                            {"via", caller.via == Caller::Via::kToken ? "token" : "session"},
                            {"roles", std::move(grants)}});
    response.headers.emplace_back("Cache-Control", "no-store");
    return response;
  }

  // ---- Staff and roles ----

  static mustache::data SiteRoleOptions() {
    mustache::data roles{mustache::data::type::list};
    for (identity::Role role : identity::AllRoles()) {
      if (identity::IsNetworkRole(role)) continue;
      roles.push_back(Option(std::string(identity::RoleName(role)),
                             std::string(identity::RoleName(role)), false));
    }
    return roles;
  }

  // "a, b" → {"a", "b"}, blanks dropped.
  static std::vector<std::string> ScopeList(std::string_view text) {
    const std::vector<std::string_view> parts = text::SplitCommas(text);
    return {parts.begin(), parts.end()};
  }

  http::Response Users(const http::Request& request, const http::PathParams& params,
                       const Caller& caller, storage::Store& store, int status = 200,
                       const std::string& error = "") const {
    const std::string site = Param(params, "site");
    Result<std::vector<identity::User>> users = store.ListUsers();
    if (!users.ok()) return Failure(users.status());
    mustache::data rows{mustache::data::type::list};
    for (const identity::User& user : *users) {
      Result<std::vector<identity::RoleGrant>> grants = store.ListRoleGrants(user.id);
      if (!grants.ok()) return Failure(grants.status());
      std::string roles;
      bool here = false;
      bool elsewhere = false;
      for (const identity::RoleGrant& grant : *grants) {
        if (grant.site_id != site) {
          elsewhere = true;
          continue;
        }
        here = true;
        if (!roles.empty()) roles += ", ";
        roles += identity::RoleName(grant.role);
        if (!grant.scope.empty()) {
          roles += " (";
          for (std::size_t i = 0; i < grant.scope.size(); ++i) {
            roles += (i == 0 ? "" : ", ") + grant.scope[i];
          }
          roles += ")";
        }
      }
      if (!here) continue;
      mustache::data row = BaseData(caller, site);
      row.set("id", user.id);
      row.set("name", user.name);
      row.set("display_name", user.display_name);
      row.set("disabled", user.disabled);
      row.set("roles", roles);
      row.set("elsewhere", elsewhere);
      row.set("role_options", SiteRoleOptions());
      row.set("manageable", identity::CanManageUser(caller.grants, *grants, site));
      row.set("toggle_action", user.disabled ? "enable" : "disable");
      row.set("toggle_label", user.disabled ? "Enable the account" : "Disable the account");
      rows.push_back(row);
    }
    mustache::data data = BaseData(caller, site);
    data.set("site_name", SiteName(store, site));
    data.set("users", rows);
    data.set("role_options", SiteRoleOptions());
    if (!error.empty()) data.set("error", error);
    return Page(request, store, caller, site, "Staff and roles",
                Render("staff_users", Language::kEnglish, data), status);
  }

  static std::string Explain(const Status& status) {
    return status.message() + (status.field().empty() ? "" : " (" + status.field() + ")");
  }

  http::Response AddUser(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    auto form = http::Form::Parse(request.body);
    if (!form.ok()) return MessagePage(400, "The form could not be read", form.status().message());
    identity::User user;
    user.name = form->Get("name").value_or("");
    user.display_name = form->Get("display_name").value_or("");
    const std::optional<identity::Role> role = identity::ParseRole(form->Get("role").value_or(""));
    if (!role || identity::IsNetworkRole(*role)) {
      return Users(request, params, caller, store, 422, "Choose a role at this site.");
    }
    const identity::RoleGrant grant{"", *role, site, ScopeList(form->Get("scope").value_or(""))};
    Status valid = identity::ValidateUserName(user.name);
    if (valid.ok()) valid = identity::ValidateRoleGrant(grant);
    const std::string password = form->Get("password").value_or("");
    if (valid.ok()) valid = identity::CheckPassword(password, user.name);
    if (!valid.ok()) return Users(request, params, caller, store, 422, Explain(valid));
    Result<std::string> id = identity::NewUserId();
    Result<std::string> hash = identity::HashPassword(password);
    if (!id.ok() || !hash.ok()) return Failure(!id.ok() ? id.status() : hash.status());
    user.id = *id;
    Status created = store.CreateUser(user, *hash, {grant}, Change(request, caller, site));
    if (created.code() == StatusCode::kConflict || created.code() == StatusCode::kInvalidArgument) {
      return Users(request, params, caller, store, 422, Explain(created));
    }
    if (!created.ok()) return Failure(created);
    return Redirect("/staff/sites/" + site + "/users?done=user_added");
  }

  // The user the path names, with its grants.
  Result<std::pair<identity::User, std::vector<identity::RoleGrant>>> PathUser(
      storage::Store& store, const http::PathParams& params) const {
    Result<std::optional<storage::StoredUser>> user = store.GetUser(Param(params, "user"));
    if (!user.ok()) return user.status();
    if (!user->has_value()) return Status::NotFound("There is no such staff member.");
    Result<std::vector<identity::RoleGrant>> grants = store.ListRoleGrants((*user)->user.id);
    if (!grants.ok()) return grants.status();
    return std::pair((*user)->user, std::move(*grants));
  }

  http::Response SetRole(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    auto user = PathUser(store, params);
    if (!user.ok()) return Failure(user.status());
    auto form = http::Form::Parse(request.body);
    if (!form.ok()) return MessagePage(400, "The form could not be read", form.status().message());
    const std::optional<identity::Role> role = identity::ParseRole(form->Get("role").value_or(""));
    if (!role || identity::IsNetworkRole(*role)) {
      return Users(request, params, caller, store, 422, "Choose a role at this site.");
    }
    if (!identity::CanManageUser(caller.grants, user->second, site,
                                 user->first.id == caller.user_id)) {
      return RefuseManage(request, caller, store, site, user->first);
    }
    const bool remove = form->Get("op") == "remove";
    Status changed =
        remove ? store.RemoveRoleGrant(user->first.id, *role, site, Change(request, caller, site))
               : store.AddRoleGrant(
                     {user->first.id, *role, site, ScopeList(form->Get("scope").value_or(""))},
                     Change(request, caller, site));
    if (changed.code() == StatusCode::kInvalidArgument || changed.code() == StatusCode::kNotFound) {
      return Users(request, params, caller, store, 422, Explain(changed));
    }
    if (!changed.ok()) return Failure(changed);
    return Redirect("/staff/sites/" + site +
                    "/users?done=" + (remove ? "role_removed" : "role_added"));
  }

  // An audited refusal to change an account the caller may not manage (identity::CanManageUser).
  http::Response RefuseManage(const http::Request& request, const Caller& caller,
                              storage::Store& store, std::string_view site,
                              const identity::User& user) const {
    Audit(store, request, caller, site, "access.denied", "user:" + user.id,
          R"({"reason":"scope"})");
    return Failure(Status(StatusCode::kForbidden,
                          user.id == caller.user_id
                              ? "You cannot change your own account here: ask a network "
                                "administrator."
                              : "This account is not only at this site: a network administrator "
                                "can change it."));
  }

  // disable | enable | password: only for staff the caller may manage (CanManageUser).
  http::Response ManageUser(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, storage::Store& store,
                            std::string_view action) const {
    const std::string site = Param(params, "site");
    auto user = PathUser(store, params);
    if (!user.ok()) return Failure(user.status());
    if (!identity::CanManageUser(caller.grants, user->second, site,
                                 user->first.id == caller.user_id)) {
      return RefuseManage(request, caller, store, site, user->first);
    }
    Status changed;
    std::string done;
    if (action == "password") {
      auto form = http::Form::Parse(request.body);
      const std::string password = form.ok() ? form->Get("password").value_or("") : "";
      if (Status valid = identity::CheckPassword(password, user->first.name); !valid.ok()) {
        return Users(request, params, caller, store, 422, Explain(valid));
      }
      Result<std::string> hash = identity::HashPassword(password);
      if (!hash.ok()) return Failure(hash.status());
      changed = store.SetPasswordHash(user->first.id, *hash, Change(request, caller, site));
      done = "password_set";
    } else {
      const bool disable = action == "disable";
      changed = store.SetUserDisabled(user->first.id, disable, Change(request, caller, site));
      done = disable ? "disabled" : "enabled";
    }
    if (!changed.ok()) return Failure(changed);
    return Redirect("/staff/sites/" + site + "/users?done=" + done);
  }

  // ---- Imports ----

  // The import source the path names when the caller may edit it here (kForbidden, audited,
  // otherwise; kNotFound for no such imported source).
  Result<storage::ImportSource> EditableSource(storage::Store& store, const http::Request& request,
                                               const Caller& caller, std::string_view site,
                                               std::string_view name) const {
    Result<std::vector<storage::ImportSource>> sources = store.ListImportSources();
    if (!sources.ok()) return sources.status();
    const auto found = std::find_if(sources->begin(), sources->end(),
                                    [&](const auto& source) { return source.source == name; });
    if (found == sources->end() || found->format.empty()) {
      return Status::NotFound("There is no imported source " + std::string(name) + ".");
    }
    if (!identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site), name, site)) {
      Audit(store, request, caller, site, "access.denied", "source:" + std::string(name),
            R"({"reason":"scope"})");
      return Status(StatusCode::kForbidden,
                    "You do not edit the source " + std::string(name) + ".");
    }
    return *found;
  }

  http::Response Imports(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    Result<std::vector<storage::ImportSource>> sources = store.ListImportSources();
    if (!sources.ok()) return Failure(sources.status());
    const identity::EditableSources editable = identity::EditableSourcesAt(caller.grants, site);
    mustache::data rows{mustache::data::type::list};
    for (const storage::ImportSource& source : *sources) {
      if (source.format.empty() || !identity::CanEditSource(editable, source.source, site))
        continue;
      mustache::data row = BaseData(caller, site);
      row.set("source", source.source);
      row.set("format", source.format);
      row.set("listings", std::to_string(source.listings));
      row.set("url", source.url);
      row.set("timezone", source.timezone);
      rows.push_back(row);
    }
    mustache::data data = BaseData(caller, site);
    data.set("sources", rows);
    return Page(request, store, caller, site, "Imports",
                Render("staff_imports", Language::kEnglish, data));
  }

  http::Response SaveSourceUrl(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    Result<storage::ImportSource> source =
        EditableSource(store, request, caller, site, Param(params, "source"));
    if (!source.ok()) return Failure(source.status());
    auto form = http::Form::Parse(request.body);
    const std::string url = form.ok() ? form->Get("url").value_or("") : "";
    if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
      return MessagePage(422, "Not a feed address", "The address must start with https://.");
    }
    Status saved = store.SetImportSourceUrl(source->source, url, Change(request, caller, site));
    if (!saved.ok()) return Failure(saved);
    return Redirect("/staff/sites/" + site + "/imports?done=url_saved");
  }

  // The feed the preview form sends: an uploaded file, or the source's stored URL fetched now.
  Result<std::string> FeedOf(const http::Request& request,
                             const storage::ImportSource& source) const {
    const std::string_view content_type = request.Header("content-type");
    if (content_type.starts_with("multipart/form-data")) {
      auto parts = http::ParseMultipart(content_type, request.body);
      if (!parts.ok()) return parts.status();
      for (http::FormPart& part : *parts) {
        if (part.name == "feed" && !part.body.empty()) return std::move(part.body);
      }
      return Status::Invalid("feed", "choose the feed file to upload");
    }
    if (source.url.empty()) return Status::Invalid("url", "save the feed's address first");
    return fetch_feed(source.url);
  }

  // The parsed feed and what applying it would do.
  struct Prepared {
    interop::FeedParse parse;
    directory::ImportPlan plan;
  };
  Result<Prepared> Prepare(storage::Store& store, const storage::ImportSource& source,
                           std::string_view feed) const {
    if (source.format != "meeting-guide") {
      return Status::Invalid("format",
                             "only Meeting Guide feeds can be imported here; use "
                             "`recoverynet import " +
                                 source.format + "`");
    }
    Result<interop::FeedParse> parse = interop::meeting_guide::ParseFeed(
        feed, {source.source, source.timezone, source.fellowship});
    if (!parse.ok()) return parse.status();
    if (parse->listings.empty() && source.listings > 0) {
      return Status::Invalid("feed", "the feed has no usable rows; importing it would remove all " +
                                         std::to_string(source.listings) + " listings");
    }
    Result<directory::ImportPlan> plan =
        directory::PlanImport(store, source.source, parse->listings,
                              static_cast<int>(parse->rejections.size()), clock.Now());
    if (!plan.ok()) return plan.status();
    return Prepared{std::move(*parse), std::move(*plan)};
  }

  static http::Response ImportProblem(const Status& status) {
    if (status.code() == StatusCode::kInvalidArgument ||
        status.code() == StatusCode::kUnavailable) {
      return MessagePage(
          422, "The feed could not be used",
          status.message() + (status.field().empty() ? "" : " (" + status.field() + ")"));
    }
    return Failure(status);
  }

  http::Response PreviewImport(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    Result<storage::ImportSource> source =
        EditableSource(store, request, caller, site, Param(params, "source"));
    if (!source.ok()) return Failure(source.status());
    Result<std::string> feed = FeedOf(request, *source);
    if (!feed.ok()) return ImportProblem(feed.status());
    Result<Prepared> prepared = Prepare(store, *source, *feed);
    if (!prepared.ok()) return ImportProblem(prepared.status());
    Result<std::string> id = identity::RandomHex(16);
    if (!id.ok()) return Failure(id.status());
    const directory::ImportSummary& summary = prepared->plan.summary;
    const bool nothing = summary.imported + summary.updated + summary.removed == 0;
    if (!nothing) {
      Status saved = store.SavePendingImport(
          {*id, site, source->source, caller.actor, clock.Now(), std::move(*feed)});
      if (!saved.ok()) return Failure(saved);
    }

    constexpr std::size_t kShown = 100;
    std::size_t hidden = 0;
    auto listing_rows = [&](const std::vector<directory::Listing>& listings) {
      mustache::data rows{mustache::data::type::list};
      for (std::size_t i = 0; i < listings.size(); ++i) {
        if (i == kShown) {
          hidden += listings.size() - kShown;
          break;
        }
        mustache::data row;
        row.set("name", listings[i].name);
        row.set("when", ScheduleLine(listings[i]));
        rows.push_back(row);
      }
      return rows;
    };
    const directory::ImportPlan& plan = prepared->plan;
    mustache::data changed{mustache::data::type::list};
    for (std::size_t i = 0; i < plan.writes.updates.size() && i < kShown; ++i) {
      mustache::data row;
      row.set("name", plan.writes.updates[i].name);
      row.set("fields", ChangedFields(directory::ListingToJsonString(plan.before_updates[i]),
                                      directory::ListingToJsonString(plan.writes.updates[i])));
      changed.push_back(row);
    }
    if (plan.writes.updates.size() > kShown) hidden += plan.writes.updates.size() - kShown;
    mustache::data rejections{mustache::data::type::list};
    for (const interop::Rejection& rejection : prepared->parse.rejections) {
      if (rejections.list_value().size() == kShown) break;
      mustache::data row;
      row.set("index", std::to_string(rejection.index));
      row.set("slug", rejection.slug);
      row.set("reason", rejection.reason);
      rejections.push_back(row);
    }

    mustache::data data = BaseData(caller, site);
    data.set("source", source->source);
    data.set("pending", *id);
    data.set("nothing", nothing);
    data.set("imported", std::to_string(summary.imported));
    data.set("updated", std::to_string(summary.updated));
    data.set("removed", std::to_string(summary.removed));
    data.set("unchanged", std::to_string(summary.unchanged));
    data.set("rejected", std::to_string(summary.rejected));
    data.set("created", listing_rows(plan.writes.creates));
    data.set("created_any", !plan.writes.creates.empty());
    data.set("changed", changed);
    data.set("updated_any", !plan.writes.updates.empty());
    data.set("removed_list", listing_rows(plan.removed));
    data.set("removed_any", !plan.removed.empty());
    data.set("rejections", rejections);
    data.set("rejections_any", !prepared->parse.rejections.empty());
    if (hidden > 0) data.set("more", "…and " + std::to_string(hidden) + " more not listed here.");
    return Page(request, store, caller, site, "Changes from " + source->source,
                Render("staff_import_preview", Language::kEnglish, data));
  }

  http::Response ApplyPendingImport(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, storage::Store& store) {
    const std::string site = Param(params, "site");
    Result<storage::ImportSource> source =
        EditableSource(store, request, caller, site, Param(params, "source"));
    if (!source.ok()) return Failure(source.status());
    auto form = http::Form::Parse(request.body);
    Result<std::optional<storage::PendingImport>> pending =
        store.TakePendingImport(form.ok() ? form->Get("pending").value_or("") : "");
    if (!pending.ok()) return Failure(pending.status());
    if (!pending->has_value() || (*pending)->site_id != site ||
        (*pending)->source != source->source || (*pending)->actor != caller.actor) {
      return MessagePage(409, "Nothing to apply",
                         "This preview was applied already or has expired: fetch or upload the "
                         "feed again.");
    }
    // Planned again against the directory as it is now, so edits made since the preview are
    // neither lost nor applied twice.
    Result<Prepared> prepared = Prepare(store, *source, (*pending)->body);
    if (!prepared.ok()) return ImportProblem(prepared.status());
    storage::ListingWrites& writes = prepared->plan.writes;
    if (writes.audit) {
      writes.audit->actor = caller.actor;
      writes.audit->site = site;
      writes.audit->remote_address = request.remote_address;
    }
    if (Status applied = store.ApplyListingWrites(writes, caller.actor, clock.Now());
        !applied.ok()) {
      return Failure(applied);
    }
    if (Status published = Republish(store); !published.ok()) return Failure(published);
    return Redirect("/staff/sites/" + site + "/imports?done=imported");
  }

  // ---- API tokens ----

  http::Response Tokens(const http::Request& request, const http::PathParams& params,
                        const Caller& caller, storage::Store& store, int status = 200,
                        const std::string& new_token = "", const std::string& error = "") const {
    const std::string site = Param(params, "site");
    Result<std::vector<identity::ApiToken>> tokens = store.ListApiTokens(site);
    if (!tokens.ok()) return Failure(tokens.status());
    mustache::data rows{mustache::data::type::list};
    for (const identity::ApiToken& token : *tokens) {
      mustache::data row = BaseData(caller, site);
      row.set("id", token.id);
      row.set("label", token.label);
      row.set("role", std::string(identity::RoleName(token.role)));
      row.set("created_by", token.created_by);
      row.set("created_at", token.created_at);
      row.set("last_used_at", token.last_used_at);
      row.set("revoked_at", token.revoked_at);
      row.set("expires_at", token.expires_at);
      rows.push_back(row);
    }
    mustache::data roles{mustache::data::type::list};
    for (identity::Role role : identity::AllRoles()) {
      if (identity::IsNetworkRole(role)) continue;
      roles.push_back(Option(std::string(identity::RoleName(role)),
                             std::string(identity::RoleName(role)), false));
    }
    mustache::data data = BaseData(caller, site);
    data.set("tokens", rows);
    data.set("roles", roles);
    if (!new_token.empty()) data.set("new_token", new_token);
    if (!error.empty()) data.set("error", error);
    return Page(request, store, caller, site, "API tokens",
                Render("staff_tokens", Language::kEnglish, data), status);
  }

  http::Response CreateToken(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, storage::Store& store) const {
    auto form = http::Form::Parse(request.body);
    if (!form.ok()) return MessagePage(400, "The form could not be read", form.status().message());
    identity::ApiToken token;
    token.label = form->Get("label").value_or("");
    token.site_id = Param(params, "site");
    const std::optional<identity::Role> role = identity::ParseRole(form->Get("role").value_or(""));
    if (!role) return Tokens(request, params, caller, store, 422, "", "Choose a role.");
    token.role = *role;
    const std::string days = form->Get("days").value_or("365");
    if (days != "30" && days != "90" && days != "365" && days != "0") {
      return Tokens(request, params, caller, store, 422, "", "Choose how long the token lasts.");
    }
    token.expires_at = identity::TokenExpiry(clock.Now(), std::stoi(days));
    if (!identity::CanIssueToken(caller.grants, token.role, token.site_id)) {
      return Tokens(request, params, caller, store, 403, "",
                    "A token can act as a referrer, coach or supervisor, or as a role you hold "
                    "here yourself.");
    }
    Result<std::string> value =
        identity::IssueApiToken(store, token, Change(request, caller, token.site_id));
    if (!value.ok()) {
      if (value.status().code() == StatusCode::kInvalidArgument) {
        return Tokens(request, params, caller, store, 422, "", value.status().message());
      }
      return Failure(value.status());
    }
    return Tokens(request, params, caller, store, 201, *value);
  }

  http::Response RevokeToken(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, storage::Store& store) const {
    const std::string site = Param(params, "site");
    Result<std::optional<identity::ApiToken>> token = store.GetApiToken(Param(params, "id"));
    if (!token.ok()) return Failure(token.status());
    // A token of another site is not this page's to revoke.
    if (!token->has_value() || (*token)->site_id != site) {
      return Failure(Status::NotFound("There is no such token at this site."));
    }
    Status revoked = store.RevokeApiToken((*token)->id, Change(request, caller, site));
    if (!revoked.ok()) return Failure(revoked);
    return Redirect("/staff/sites/" + site + "/tokens?done=revoked");
  }
};

StaffConsole::StaffConsole(directory::Directory& directory, const api::AccessGuard& guard,
                           const Clock& clock, FeedFetcher fetch_feed)
    : impl_(std::make_unique<Impl>(directory, guard, clock, std::move(fetch_feed))) {}

StaffConsole::~StaffConsole() = default;

api::PageDenials StaffConsole::Denials() {
  api::PageDenials denials;
  denials.sign_in = [](const http::Request& request, bool ended) {
    const std::string next = request.method == "GET" ? request.target : "/staff";
    http::Response response =
        Redirect("/staff/login?next=" + http::EncodeComponent(next) + (ended ? "&ended=1" : ""));
    if (ended) {
      http::CookieOptions options;
      options.secure = api::OverTls(request);
      options.expire = true;
      response.headers.emplace_back("Set-Cookie",
                                    http::SetCookie(api::kSessionCookie, "", options));
    }
    return response;
  };
  denials.refused = [](const http::Request&, std::string_view message) {
    return MessagePage(403, "Not allowed",
                       "You cannot do this here: " + std::string(message) + ".");
  };
  return denials;
}

void StaffConsole::AddRoutes(http::Router& router) {
  Impl& impl = *impl_;
  const api::AccessGuard& guard = impl.guard;
  using P = Permission;
  const auto page = Surface::kPage;

  router.Add(
      "GET", "/staff/login",
      [&impl](const http::Request& request, const http::PathParams&) {
        return impl.ShowLogin(request);
      },
      http::Execution::kBlocking);
  router.Add(
      "POST", "/staff/login",
      [&impl](const http::Request& request, const http::PathParams&) {
        return impl.SubmitLogin(request);
      },
      http::Execution::kBlocking);
  guard.AddSignedIn(
      router, "POST", "/staff/logout", page,
      [&impl](const http::Request& request, const http::PathParams&, const Caller& caller,
              storage::Store& store) { return impl.Logout(request, caller, store, false); });
  guard.AddSignedIn(
      router, "POST", "/staff/logout-everywhere", page,
      [&impl](const http::Request& request, const http::PathParams&, const Caller& caller,
              storage::Store& store) { return impl.Logout(request, caller, store, true); });
  guard.AddSignedIn(
      router, "GET", "/staff", page,
      [&impl](const http::Request& request, const http::PathParams&, const Caller& caller,
              storage::Store& store) { return impl.Home(request, caller, store); });

  // Site pages. Literal segments ("new") are added before the {id} routes they resemble.
  auto bind = [&impl](auto method) {
    return [&impl, method](const http::Request& request, const http::PathParams& params,
                           const Caller& caller, storage::Store& store) {
      return (impl.*method)(request, params, caller, store);
    };
  };
  guard.Add(router, "GET", "/staff/sites/{site}", P::kSiteView, page, bind(&Impl::Site));
  guard.Add(router, "GET", "/staff/sites/{site}/listings", P::kDirectoryEdit, page,
            bind(&Impl::Listings));
  guard.Add(router, "POST", "/staff/sites/{site}/listings", P::kDirectoryEdit, page,
            bind(&Impl::CreateListing));
  guard.Add(router, "GET", "/staff/sites/{site}/listings/new", P::kDirectoryEdit, page,
            bind(&Impl::NewListing));
  guard.Add(router, "GET", "/staff/sites/{site}/listings/{id}", P::kDirectoryEdit, page,
            bind(&Impl::EditListing));
  guard.Add(router, "POST", "/staff/sites/{site}/listings/{id}", P::kDirectoryEdit, page,
            bind(&Impl::UpdateListing));
  for (std::string action : {"close", "reopen", "delete"}) {
    guard.Add(router, "POST", "/staff/sites/{site}/listings/{id}/" + action, P::kDirectoryEdit,
              page,
              [&impl, action](const http::Request& request, const http::PathParams& params,
                              const Caller& caller, storage::Store& store) {
                return impl.ListingAction(request, params, caller, store, action);
              });
  }
  guard.Add(router, "GET", "/staff/sites/{site}/corrections", P::kDirectoryEdit, page,
            bind(&Impl::Corrections));
  guard.Add(router, "POST", "/staff/sites/{site}/corrections/{id}/{status}", P::kDirectoryEdit,
            page, bind(&Impl::ResolveCorrection));
  guard.Add(router, "GET", "/staff/sites/{site}/imports", P::kDirectoryImport, page,
            bind(&Impl::Imports));
  guard.Add(router, "POST", "/staff/sites/{site}/imports/{source}/url", P::kDirectoryImport, page,
            bind(&Impl::SaveSourceUrl));
  guard
      .Add(router, "POST", "/staff/sites/{site}/imports/{source}/preview", P::kDirectoryImport,
           page, bind(&Impl::PreviewImport))
      .max_body_bytes = kMaxFeedUploadBytes;
  guard.Add(router, "POST", "/staff/sites/{site}/imports/{source}/apply", P::kDirectoryImport, page,
            bind(&Impl::ApplyPendingImport));
  guard.Add(router, "GET", "/staff/sites/{site}/audit", P::kAuditView, page,
            bind(&Impl::AuditPage));
  guard.Add(
      router, "GET", "/staff/sites/{site}/users", P::kStaffManage, page,
      [&impl](const http::Request& request, const http::PathParams& params, const Caller& caller,
              storage::Store& store) { return impl.Users(request, params, caller, store); });
  guard.Add(router, "POST", "/staff/sites/{site}/users", P::kStaffManage, page,
            bind(&Impl::AddUser));
  guard.Add(router, "POST", "/staff/sites/{site}/users/{user}/roles", P::kStaffManage, page,
            bind(&Impl::SetRole));
  for (std::string action : {"disable", "enable", "password"}) {
    guard.Add(router, "POST", "/staff/sites/{site}/users/{user}/" + action, P::kStaffManage, page,
              [&impl, action](const http::Request& request, const http::PathParams& params,
                              const Caller& caller, storage::Store& store) {
                return impl.ManageUser(request, params, caller, store, action);
              });
  }
  guard.Add(
      router, "GET", "/staff/sites/{site}/tokens", P::kTokensManage, page,
      [&impl](const http::Request& request, const http::PathParams& params, const Caller& caller,
              storage::Store& store) { return impl.Tokens(request, params, caller, store); });
  guard.Add(router, "POST", "/staff/sites/{site}/tokens", P::kTokensManage, page,
            bind(&Impl::CreateToken));
  guard.Add(router, "POST", "/staff/sites/{site}/tokens/{id}/revoke", P::kTokensManage, page,
            bind(&Impl::RevokeToken));

  // The staff JSON API: for programs with an API token, or a signed-in browser.
  guard.AddSignedIn(router, "GET", "/api/v1/me", Surface::kApi,
                    [](const http::Request&, const http::PathParams&, const Caller& caller,
                       storage::Store&) { return Impl::Me(caller); });
  guard.Add(router, "GET", "/api/v1/sites/{site}/audit", P::kAuditView, Surface::kApi,
            bind(&Impl::AuditJson));
}

}  // namespace rn::web
