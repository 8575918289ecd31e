#include "web/console.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <map>
#include <mutex>

#include "directory/listing_edit.h"
#include "directory/schedule.h"
#include "http/cookie.h"
#include "http/form.h"
#include "identity/secret.h"
#include "web/console_impl.h"
#include "web/render.h"

namespace rn::web {
namespace {

using api::Surface;
using identity::Caller;
using identity::Permission;

}  // namespace

// ---- Pieces every page uses ----

// The short notices a redirect after a change asks the next page to show ("?done=saved").
std::string StaffConsole::Impl::DoneMessage(std::string_view done) {
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

http::Response StaffConsole::Impl::Redirect(std::string location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", std::move(location));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", std::string(kStaffReferrerPolicy));
  return response;
}

http::Form StaffConsole::Impl::QueryForm(const http::Request& request) {
  auto form = http::Form::Parse(request.query);
  return form.ok() ? std::move(*form) : http::Form();
}

// Where to go after signing in: a console path from the sign-in link, else the console's home.
std::string StaffConsole::Impl::SafeNext(std::string_view next) {
  const bool console =
      next == "/staff" || next.starts_with("/staff/") || next.starts_with("/staff?");
  const bool clean = std::none_of(next.begin(), next.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '\\';
  });
  return console && clean && next.find("//") == std::string_view::npos ? std::string(next)
                                                                       : "/staff";
}

std::string StaffConsole::Impl::Param(const http::PathParams& params, std::string_view name) {
  const auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

http::Response StaffConsole::Impl::StaffHtml(int status, const std::string& title,
                                             const std::string& body, const Caller* caller,
                                             const mustache::data& sites, std::string_view flash) {
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

http::Response StaffConsole::Impl::MessagePage(int status, const std::string& heading,
                                               std::string_view message) {
  mustache::data data;
  data.set("heading", heading);
  data.set("message", std::string(message));
  return StaffHtml(status, heading, Render("staff_message", Language::kEnglish, data), nullptr,
                   mustache::data(mustache::data::type::list), "");
}

std::string StaffConsole::Impl::ScheduleLine(const directory::Listing& listing) {
  if (listing.schedule.empty()) return "By appointment";
  std::string line;
  for (const directory::Slot& slot : listing.schedule) {
    if (!line.empty()) line += ", ";
    line +=
        std::string(kDayAbbreviations[slot.day]) + " " + directory::FormatHhMm(slot.start_minute);
  }
  return line;
}

std::string StaffConsole::Impl::WhereLine(const directory::Listing& listing) {
  if (!listing.location.city.empty()) return listing.location.city;
  if (!listing.location.formatted_address.empty()) return listing.location.formatted_address;
  return listing.conference.empty() ? "No place given" : "Online";
}

// The top-level fields that differ between two canonical listing documents.
std::string StaffConsole::Impl::ChangedFields(std::string_view before, std::string_view after) {
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
std::string StaffConsole::Impl::CorrectionFieldLabel(std::string_view field) {
  return Messages::For(Language::kEnglish).Get("correction_field_" + std::string(field));
}

std::string StaffConsole::Impl::RolesAt(const Caller& caller, std::string_view site) {
  std::string roles;
  for (const identity::RoleGrant& grant : caller.grants) {
    if (grant.site_id != site && !identity::IsNetworkRole(grant.role)) continue;
    if (!roles.empty()) roles += ", ";
    roles += identity::RoleName(grant.role);
  }
  return roles;
}

// ---- Shared pieces ----

// The sites the caller can switch between: every site for a network role, else the sites of
// its roles; `current` selected.
mustache::data StaffConsole::Impl::SiteOptions(storage::Store& store, const Caller& caller,
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

std::string StaffConsole::Impl::SiteName(storage::Store& store, std::string_view site_id) {
  Result<std::vector<identity::Site>> sites = store.ListSites();
  if (sites.ok()) {
    for (const identity::Site& site : *sites)
      if (site.id == site_id) return site.name;
  }
  return std::string(site_id);
}

http::Response StaffConsole::Impl::Page(const http::Request& request, storage::Store& store,
                                        const Caller& caller, std::string_view site,
                                        const std::string& title, const std::string& body,
                                        int status) const {
  const std::string flash = DoneMessage(QueryForm(request).Get("done").value_or(""));
  return StaffHtml(status, title, body, &caller, SiteOptions(store, caller, site), flash);
}

mustache::data StaffConsole::Impl::BaseData(const Caller& caller, std::string_view site) {
  mustache::data data;
  data.set("csrf", caller.csrf_token);
  data.set("site", std::string(site));
  return data;
}

// Who makes a change, when and from where (the audit entry of an account or correction change).
storage::AccountChange StaffConsole::Impl::Change(const http::Request& request,
                                                  const Caller& caller,
                                                  std::string_view site) const {
  return {caller.actor, clock.Now(), request.remote_address, std::string(site)};
}

// Appends a protected read or a change to the audit trail; false (and logged) when it fails, in
// which case the caller must not show or do what it was about to.
bool StaffConsole::Impl::Audit(storage::Store& store, const http::Request& request,
                               const Caller& caller, std::string_view site, std::string action,
                               std::string target, std::string details) const {
  identity::AuditEvent event =
      identity::MakeAuditEvent({clock.Now(), caller.actor, std::move(action), std::move(target),
                                std::string(site), request.remote_address, std::move(details)});
  if (Status appended = store.AppendAudit(&event); !appended.ok()) {
    spdlog::error("event=audit_failed action={} error=\"{}\"", event.action, appended.message());
    return false;
  }
  return true;
}

http::Response StaffConsole::Impl::Failure(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return MessagePage(404, "Not found", status.message());
    case StatusCode::kForbidden:
      return MessagePage(403, "Not allowed", status.message());
    case StatusCode::kConflict:
      return MessagePage(409, "Already changed", status.message());
    default: {
      // The one policy (api/errors.h): a 5xx shows its reference, never its message, which is
      // logged there.
      const api::ClientError error = api::ClientErrorOf(status);
      return MessagePage(error.http_status,
                         error.server_error() ? "Something went wrong" : error.title,
                         error.Sentence());
    }
  }
}

// Rebuilds the public search snapshot from the store after a directory change.
Status StaffConsole::Impl::Republish(storage::Store& store) {
  std::lock_guard lock(publish_mutex);
  Result<std::vector<directory::Listing>> listings = store.LoadListings();
  if (!listings.ok()) return listings.status();
  directory.Publish(std::make_shared<const directory::SearchIndex>(*listings));
  return Status::Ok();
}

// The listing `id` when the caller may edit its source at `site`: kNotFound, or kForbidden (and
// an audited denial) for a source outside the caller's scope.
Result<directory::Listing> StaffConsole::Impl::EditableListing(storage::Store& store,
                                                               const http::Request& request,
                                                               const Caller& caller,
                                                               std::string_view site,
                                                               std::string_view id) const {
  Result<std::optional<directory::Listing>> found = store.GetListing(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::NotFound("There is no listing " + std::string(id) + ".");
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
Status StaffConsole::Impl::WriteListing(storage::Store& store, const http::Request& request,
                                        const Caller& caller, std::string_view site,
                                        storage::ListingWrites writes, std::string action,
                                        std::string_view id) {
  writes.audit = identity::MakeAuditEvent({clock.Now(), caller.actor, std::move(action),
                                           "listing:" + std::string(id), std::string(site),
                                           request.remote_address});
  RN_RETURN_IF_ERROR(store.ApplyListingWrites(writes, caller.actor, clock.Now()));
  return Republish(store);
}

// The open correction requests about listings the caller edits at `site`, each with its listing,
// newest first.
Result<std::vector<std::pair<directory::CorrectionRequest, directory::Listing>>>
StaffConsole::Impl::OpenCorrections(storage::Store& store, const Caller& caller,
                                    std::string_view site) const {
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
std::optional<directory::CorrectionRequest> StaffConsole::Impl::OpenCorrectionAbout(
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

http::Response StaffConsole::Impl::LoginPage(const http::Request& request, int status,
                                             std::string error, std::string name,
                                             std::string next) const {
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

http::Response StaffConsole::Impl::ShowLogin(const http::Request& request) const {
  Result<storage::Store*> store = guard.stores()();
  if (store.ok() && guard.SessionCaller(request, **store)) {
    return Redirect(SafeNext(QueryForm(request).Get("next").value_or("")));
  }
  return LoginPage(request, 200, "", "", "");
}

http::Response StaffConsole::Impl::SubmitLogin(const http::Request& request) const {
  auto form = http::Form::Parse(request.body);
  if (!form.ok()) {
    return LoginPage(request, 400,
                     "The form could not be read: " + form.status().field() + " " +
                         form.status().message() + ".",
                     "", "");
  }
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
      guard.auth().Login(**store, name, form->Get("password").value_or(""), request.remote_address,
                         previous.value_or(""));
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

http::Response StaffConsole::Impl::Logout(const http::Request& request, const Caller& caller,
                                          storage::Store& store, bool everywhere) const {
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

http::Response StaffConsole::Impl::Home(const http::Request& request, const Caller& caller,
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

http::Response StaffConsole::Impl::Site(const http::Request& request,
                                        const http::PathParams& params, const Caller& caller,
                                        storage::Store& store) const {
  const std::string site = Param(params, "site");
  mustache::data data = BaseData(caller, site);
  const std::string site_name = SiteName(store, site);
  data.set("site_name", site_name);
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
  return Page(request, store, caller, site, site_name,
              Render("staff_site", Language::kEnglish, data));
}

StaffConsole::StaffConsole(directory::Directory& directory, const api::AccessGuard& guard,
                           const Clock& clock, FeedFetcher fetch_feed)
    : impl_(std::make_unique<Impl>(directory, guard, clock, std::move(fetch_feed))) {}

StaffConsole::~StaffConsole() = default;

api::PageDenials StaffConsole::Denials() {
  api::PageDenials denials;
  denials.sign_in = [](const http::Request& request, bool ended) {
    const std::string next = request.method == "GET" ? request.target : "/staff";
    http::Response response = Impl::Redirect("/staff/login?next=" + http::EncodeComponent(next) +
                                             (ended ? "&ended=1" : ""));
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
    return Impl::MessagePage(403, "Not allowed",
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
