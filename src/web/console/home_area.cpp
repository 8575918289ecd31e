// The console's sign-in, sign-out, home and site pages (home_area.h).

#include "web/console/home_area.h"

#include <algorithm>
#include <cctype>

#include "directory/editing.h"
#include "http/cookie.h"
#include "http/form.h"
#include "identity/secret.h"
#include "web/render.h"

namespace rn::web {

// Where to go after signing in: a console path from the sign-in link, else the console's home.
std::string HomeArea::SafeNext(std::string_view next) {
  const bool console =
      next == "/staff" || next.starts_with("/staff/") || next.starts_with("/staff?");
  const bool clean = std::none_of(next.begin(), next.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == '\\';
  });
  return console && clean && next.find("//") == std::string_view::npos ? std::string(next)
                                                                       : "/staff";
}

// ---- Sign-in ----

http::Response HomeArea::LoginPage(const http::Request& request, int status, std::string error,
                                   std::string name, std::string next) const {
  const auto cookie = http::CookieValue(request.Header("cookie"), ConsoleKit::kLoginCookie);
  std::string token = cookie && cookie->size() == 43 ? std::string(*cookie) : "";
  if (token.empty()) token = identity::NewSecret().value_or("");
  const http::Form query = kit_.QueryForm(request);
  mustache::data data;
  data.set("csrf", token);
  data.set("next", next.empty() ? SafeNext(query.Get("next").value_or("")) : next);
  data.set("name", name);
  if (error.empty() && query.Get("ended")) error = "Your session has ended: sign in again.";
  if (!error.empty()) data.set("error", error);
  data.set("signed_out", query.Get("signed_out").has_value());
  http::Response response =
      kit_.StaffHtml(status, "Sign in", Render("staff_login", Language::kEnglish, data), nullptr,
                     mustache::data(mustache::data::type::list), "");
  http::CookieOptions options;
  options.secure = api::OverTls(request);
  options.path = "/staff/login";
  response.headers.emplace_back("Set-Cookie",
                                http::SetCookie(ConsoleKit::kLoginCookie, token, options));
  return response;
}

http::Response HomeArea::ShowLogin(const http::Request& request) const {
  Result<api::Repositories*> repos = kit_.guard().repositories()();
  if (repos.ok() && kit_.guard().SessionCaller(request, **repos)) {
    return kit_.Redirect(SafeNext(kit_.QueryForm(request).Get("next").value_or("")));
  }
  return LoginPage(request, 200, "", "", "");
}

http::Response HomeArea::SubmitLogin(const http::Request& request) const {
  auto form = http::Form::Parse(request.body);
  if (!form.ok()) {
    return LoginPage(request, 400,
                     "The form could not be read: " + form.status().field() + " " +
                         form.status().message() + ".",
                     "", "");
  }
  const std::string name = form->Get("name").value_or("");
  const std::string next = SafeNext(form->Get("next").value_or(""));
  const auto cookie = http::CookieValue(request.Header("cookie"), ConsoleKit::kLoginCookie);
  if (!cookie || cookie->empty() || !api::SameOrigin(request) ||
      !identity::SecretEquals(*cookie, form->Get("_csrf").value_or(""))) {
    return LoginPage(request, 403,
                     "This sign-in form has expired (or your browser blocks cookies): try "
                     "again.",
                     name, next);
  }
  Result<api::Repositories*> repos = kit_.guard().repositories()();
  if (!repos.ok()) return kit_.Failure(repos.status());
  const auto previous = http::CookieValue(request.Header("cookie"), api::kSessionCookie);
  Result<identity::SignedIn> signed_in =
      kit_.guard().auth().Login((*repos)->identity, name, form->Get("password").value_or(""),
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
        return kit_.Failure(status);
    }
  }
  http::Response response = kit_.Redirect(next);
  http::CookieOptions session;
  session.secure = api::OverTls(request);
  response.headers.emplace_back("Set-Cookie",
                                http::SetCookie(api::kSessionCookie, signed_in->cookie, session));
  http::CookieOptions login = session;
  login.path = "/staff/login";
  login.expire = true;
  response.headers.emplace_back("Set-Cookie", http::SetCookie(ConsoleKit::kLoginCookie, "", login));
  return response;
}

http::Response HomeArea::Logout(const http::Request& request, const Caller& caller,
                                api::Repositories& repos, bool everywhere) const {
  const auto cookie = http::CookieValue(request.Header("cookie"), api::kSessionCookie);
  if (Status ended = kit_.guard().auth().Logout(repos.identity, caller, cookie.value_or(""),
                                                everywhere, request.remote_address);
      !ended.ok()) {
    return kit_.Failure(ended);
  }
  http::Response response = kit_.Redirect("/staff/login?signed_out=1");
  http::CookieOptions options;
  options.secure = api::OverTls(request);
  options.expire = true;
  response.headers.emplace_back("Set-Cookie", http::SetCookie(api::kSessionCookie, "", options));
  return response;
}

// ---- Home and site pages ----

http::Response HomeArea::Home(const http::Request& request, const Caller& caller,
                              api::Repositories& repos) const {
  if (auto site = kit_.QueryForm(request).Get("site")) return kit_.Redirect(kit_.SitePath(*site));
  const mustache::data sites = kit_.SiteOptions(repos, caller, "");
  if (sites.list_value().size() == 1 && !identity::HasNetworkRole(caller.grants)) {
    return kit_.Redirect(kit_.SitePath(sites.list_value()[0].get("value")->string_value()));
  }
  mustache::data data = kit_.BaseData(caller, "");
  data.set("sites", sites);
  return kit_.Page(request, repos, caller, "", "Your sites",
                   Render("staff_home", Language::kEnglish, data));
}

http::Response HomeArea::Site(const http::Request& request, const http::PathParams& params,
                              const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  mustache::data data = kit_.BaseData(caller, site);
  const std::string site_name = kit_.SiteName(repos, site);
  data.set("site_name", site_name);
  data.set("roles", kit_.RolesAt(caller, site));
  const bool can_edit = identity::Allows(caller.grants, identity::Permission::kDirectoryEdit, site);
  const bool can_audit = identity::Allows(caller.grants, identity::Permission::kAuditView, site);
  const bool can_tokens =
      identity::Allows(caller.grants, identity::Permission::kTokensManage, site);
  const bool can_staff = identity::Allows(caller.grants, identity::Permission::kStaffManage, site);
  data.set("can_staff", can_staff);
  data.set("can_import",
           identity::Allows(caller.grants, identity::Permission::kDirectoryImport, site));
  data.set("can_edit", can_edit);
  data.set("can_audit", can_audit);
  data.set("can_tokens", can_tokens);
  const bool can_referrals =
      identity::Allows(caller.grants, identity::Permission::kReferralsView, site);
  data.set("can_referrals", can_referrals);
  data.set("can_oversee",
           identity::Allows(caller.grants, identity::Permission::kCaseloadsOversee, site));
  data.set("can_caseload",
           identity::Allows(caller.grants, identity::Permission::kParticipantsView, site));
  const bool can_setup =
      identity::Allows(caller.grants, identity::Permission::kCaseworkSetup, site);
  data.set("can_setup", can_setup);
  const bool can_capacity =
      identity::Allows(caller.grants, identity::Permission::kCapacityUpdate, site);
  data.set("can_capacity", can_capacity);
  data.set("any", can_edit || can_audit || can_tokens || can_staff || can_referrals || can_setup ||
                      can_capacity);
  if (can_edit) {
    auto open =
        directory::OpenCorrectionsFor(repos.directory.corrections, *kit_.directory().Snapshot(),
                                      kit_.Editor(request, caller, site));
    if (open.ok() && !open->empty()) data.set("open_corrections", std::to_string(open->size()));
  }
  return kit_.Page(request, repos, caller, site, site_name,
                   Render("staff_site", Language::kEnglish, data));
}

void HomeArea::AddRoutes(http::Router& router) const {
  router.Add(
      "GET", "/staff/login",
      [this](const http::Request& request, const http::PathParams&) { return ShowLogin(request); },
      http::Execution::kBlocking);
  router.Add(
      "POST", "/staff/login",
      [this](const http::Request& request, const http::PathParams&) {
        return SubmitLogin(request);
      },
      http::Execution::kBlocking);
  kit_.AddSignedInPage(
      router, "POST", "/staff/logout",
      [this](const http::Request& request, const http::PathParams&, const Caller& caller,
             api::Repositories& repos) { return Logout(request, caller, repos, false); });
  kit_.AddSignedInPage(
      router, "POST", "/staff/logout-everywhere",
      [this](const http::Request& request, const http::PathParams&, const Caller& caller,
             api::Repositories& repos) { return Logout(request, caller, repos, true); });
  kit_.AddSignedInPage(
      router, "GET", "/staff",
      [this](const http::Request& request, const http::PathParams&, const Caller& caller,
             api::Repositories& repos) { return Home(request, caller, repos); });
  kit_.AddPage(
      router, "GET", "/staff/sites/{site}", identity::Permission::kSiteView,
      [this](const http::Request& request, const http::PathParams& params, const Caller& caller,
             api::Repositories& repos) { return Site(request, params, caller, repos); });
}

}  // namespace rn::web
