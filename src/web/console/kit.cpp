#include "web/console/kit.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <map>

#include "api/errors.h"
#include "directory/listing_edit.h"
#include "directory/schedule.h"
#include "identity/audited_reads.h"

namespace rn::web {
namespace {

using identity::Caller;

// Staff pages may show protected data, and are never framed or scripted.
constexpr std::string_view kStaffCsp =
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; "
    "frame-ancestors 'none'";
// Staff pages send a Referer to the same origin only, so that their form posts carry a real
// Origin (under the server's default "no-referrer" a browser sends "Origin: null", which the CSRF
// check refuses) while no staff URL leaks to another site.
constexpr std::string_view kStaffReferrerPolicy = "same-origin";
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
      {"referral_sent", "Referral sent. The site has it now."},
      {"referral_accepted", "Accepted: this referral is yours."},
      {"referral_updated", "Saved."},
      {"referral_closed", "Referral closed."},
      {"participant_added", "Added to your caseload. Record the contact below."},
      {"contact_recorded", "Contact saved."},
      {"reassigned", "Reassigned. The history is kept."},
      {"consent_recorded", "Consent recorded."},
      {"consent_revoked", "Consent revoked. Nothing more goes out under it."},
      {"program_created", "Program added."},
      {"partner_created", "Referring partner added."},
      {"roster_saved", "On-call roster saved."},
      {"contact_set", "Pager contacts saved."},
      {"enrolled", "Enrolled."},
      {"discharged", "Discharged. The episode is kept."},
  };
  const auto found = kMessages.find(done);
  return found == kMessages.end() ? std::string() : found->second;
}

}  // namespace

http::Response ConsoleKit::Redirect(std::string location) {
  http::Response response;
  response.status = 303;
  response.content_type = "text/plain; charset=utf-8";
  response.headers.emplace_back("Location", std::move(location));
  response.headers.emplace_back("Cache-Control", "no-store");
  response.headers.emplace_back("Referrer-Policy", std::string(kStaffReferrerPolicy));
  return response;
}

http::Form ConsoleKit::QueryForm(const http::Request& request) {
  auto form = http::Form::Parse(request.query);
  return form.ok() ? std::move(*form) : http::Form();
}

std::string ConsoleKit::Param(const http::PathParams& params, std::string_view name) {
  const auto found = params.find(name);
  return found == params.end() ? std::string() : found->second;
}

http::Response ConsoleKit::StaffHtml(int status, const std::string& title, const std::string& body,
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

http::Response ConsoleKit::MessagePage(int status, const std::string& heading,
                                       std::string_view message) {
  mustache::data data;
  data.set("heading", heading);
  data.set("message", std::string(message));
  return StaffHtml(status, heading, Render("staff_message", Language::kEnglish, data), nullptr,
                   mustache::data(mustache::data::type::list), "");
}

std::string ConsoleKit::ScheduleLine(const directory::Listing& listing) {
  if (listing.schedule.empty()) return "By appointment";
  std::string line;
  for (const directory::Slot& slot : listing.schedule) {
    if (!line.empty()) line += ", ";
    line +=
        std::string(kDayAbbreviations[slot.day]) + " " + directory::FormatHhMm(slot.start_minute);
  }
  return line;
}

std::string ConsoleKit::WhereLine(const directory::Listing& listing) {
  if (!listing.location.city.empty()) return listing.location.city;
  if (!listing.location.formatted_address.empty()) return listing.location.formatted_address;
  return listing.conference.empty() ? "No place given" : "Online";
}

// The top-level fields that differ between two canonical listing documents.
std::string ConsoleKit::ChangedFields(std::string_view before, std::string_view after) {
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

std::string ConsoleKit::RolesAt(const Caller& caller, std::string_view site) {
  std::string roles;
  for (const identity::RoleGrant& grant : caller.grants) {
    if (grant.site_id != site && !identity::IsNetworkRole(grant.role)) continue;
    if (!roles.empty()) roles += ", ";
    roles += identity::RoleName(grant.role);
  }
  return roles;
}

// The sites the caller can switch between: every site for a network role, else the sites of
// its roles; `current` selected.
mustache::data ConsoleKit::SiteOptions(api::Repositories& repositories, const Caller& caller,
                                       std::string_view current) {
  mustache::data options{mustache::data::type::list};
  Result<std::vector<identity::Site>> sites = repositories.identity.accounts.ListSites();
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

std::string ConsoleKit::SiteName(api::Repositories& repositories, std::string_view site_id) {
  Result<std::vector<identity::Site>> sites = repositories.identity.accounts.ListSites();
  if (sites.ok()) {
    for (const identity::Site& site : *sites)
      if (site.id == site_id) return site.name;
  }
  return std::string(site_id);
}

std::string ConsoleKit::StaffName(api::Repositories& repositories, const std::string& user_id) {
  if (user_id.empty()) return "Nobody";
  auto user = repositories.identity.accounts.GetUser(user_id);
  return user.ok() && *user ? (*user)->user.display_name : user_id;
}

http::Response ConsoleKit::Page(const http::Request& request, api::Repositories& repositories,
                                const Caller& caller, std::string_view site,
                                const std::string& title, const std::string& body,
                                int status) const {
  const std::string flash = DoneMessage(QueryForm(request).Get("done").value_or(""));
  return StaffHtml(status, title, body, &caller, SiteOptions(repositories, caller, site), flash);
}

mustache::data ConsoleKit::BaseData(const Caller& caller, std::string_view site) {
  mustache::data data;
  data.set("csrf", caller.csrf_token);
  data.set("site", std::string(site));
  return data;
}

http::Response ConsoleKit::Failure(const Status& status) {
  switch (status.code()) {
    case StatusCode::kNotFound:
      return MessagePage(404, "Not found", status.message());
    case StatusCode::kForbidden:
      return MessagePage(403, "Not allowed", status.message());
    case StatusCode::kConflict:
      return MessagePage(409, "Already changed", status.message());
    case StatusCode::kInvalidArgument:
      return MessagePage(422, "Not accepted", Explain(status));
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

void ConsoleKit::SetFormError(mustache::data& data, const Status& status) {
  if (status.ok()) {
    data.set("error", false);  // so a form inside another's data never shows the outer's error
    return;
  }
  data.set("error", Explain(status));
  if (!status.field().empty()) data.set("error_" + status.field(), status.message());
}

std::string ConsoleKit::Explain(const Status& status) {
  return status.message() + (status.field().empty() ? "" : " (" + status.field() + ")");
}

http::Route& ConsoleKit::AddPage(http::Router& router, std::string method, std::string_view pattern,
                                 identity::Permission permission,
                                 api::GuardedHandler handler) const {
  return guard_.Add(router, std::move(method), pattern, permission, api::Surface::kPage,
                    std::move(handler));
}

void ConsoleKit::AddSignedInPage(http::Router& router, std::string method, std::string_view pattern,
                                 api::GuardedHandler handler) const {
  guard_.AddSignedIn(router, std::move(method), pattern, api::Surface::kPage, std::move(handler));
}

Result<http::Form> ConsoleKit::BodyForm(const http::Request& request, std::size_t max_fields) {
  return http::Form::Parse(request.body, max_fields);
}

http::Response ConsoleKit::Unreadable(const Status& status) {
  return MessagePage(400, "The form could not be read", Explain(status));
}

std::string ConsoleKit::SitePath(std::string_view site, std::string_view rest) {
  return "/staff/sites/" + std::string(site) + std::string(rest);
}

identity::Change ConsoleKit::Change(const http::Request& request, const identity::Caller& caller,
                                    std::string_view site) const {
  return {caller.actor, clock_.Now(), request.remote_address, std::string(site)};
}

directory::Editor ConsoleKit::Editor(const http::Request& request, const identity::Caller& caller,
                                     std::string_view site) const {
  return {Change(request, caller, site), identity::EditableSourcesAt(caller.grants, site)};
}

Status ConsoleKit::AuditedRead(api::Repositories& repositories, const http::Request& request,
                               const identity::Caller& caller, std::string_view site,
                               std::string_view action, std::string target) const {
  return identity::RecordRead(repositories.identity.audit, Change(request, caller, site), action,
                              std::move(target));
}

}  // namespace rn::web
