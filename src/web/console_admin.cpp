// The staff console's administration pages: the site's audit trail, staff and roles, API tokens,
// and the staff JSON API.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <limits>

#include "api/errors.h"
#include "http/form.h"
#include "identity/authenticator.h"
#include "util/text.h"
#include "web/console_impl.h"
#include "web/render.h"

namespace rn::web {
namespace {

using identity::Caller;

}  // namespace

// ---- Audit trail ----

Result<std::vector<identity::AuditEvent>> StaffConsole::Impl::SiteAudit(
    const http::Request& request, const Caller& caller, storage::Store& store,
    std::string_view site, std::int64_t* before) const {
  const http::Form query = QueryForm(request);
  *before = 0;
  if (auto text = query.Get("before")) {
    const std::optional<std::int64_t> seq =
        text::ParseNumber<std::int64_t>(*text, 1, std::numeric_limits<std::int64_t>::max());
    if (!seq) return Status::Invalid("before", "must be an entry number");
    *before = *seq;
  }
  Result<std::vector<identity::AuditEvent>> events =
      store.ListSiteAudit(site, *before, kAuditPerPage);
  if (!events.ok()) return events.status();
  if (!Audit(store, request, caller, site, "audit.view", "site:" + std::string(site))) {
    return Status::Internal("the read could not be recorded");
  }
  return events;
}

http::Response StaffConsole::Impl::AuditPage(const http::Request& request,
                                             const http::PathParams& params, const Caller& caller,
                                             storage::Store& store) const {
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

http::Response StaffConsole::Impl::AuditJson(const http::Request& request,
                                             const http::PathParams& params, const Caller& caller,
                                             storage::Store& store) const {
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

http::Response StaffConsole::Impl::Me(const Caller& caller) {
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

mustache::data StaffConsole::Impl::SiteRoleOptions() {
  mustache::data roles{mustache::data::type::list};
  for (identity::Role role : identity::AllRoles()) {
    if (identity::IsNetworkRole(role)) continue;
    roles.push_back(Option(std::string(identity::RoleName(role)),
                           std::string(identity::RoleName(role)), false));
  }
  return roles;
}

// "a, b" → {"a", "b"}, blanks dropped.
std::vector<std::string> StaffConsole::Impl::ScopeList(std::string_view text) {
  const std::vector<std::string_view> parts = text::SplitCommas(text);
  return {parts.begin(), parts.end()};
}

http::Response StaffConsole::Impl::Users(const http::Request& request,
                                         const http::PathParams& params, const Caller& caller,
                                         storage::Store& store, int status,
                                         const std::string& error) const {
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

std::string StaffConsole::Impl::Explain(const Status& status) {
  return status.message() + (status.field().empty() ? "" : " (" + status.field() + ")");
}

http::Response StaffConsole::Impl::AddUser(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           storage::Store& store) const {
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
Result<std::pair<identity::User, std::vector<identity::RoleGrant>>> StaffConsole::Impl::PathUser(
    storage::Store& store, const http::PathParams& params) const {
  Result<std::optional<storage::StoredUser>> user = store.GetUser(Param(params, "user"));
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("There is no such staff member.");
  Result<std::vector<identity::RoleGrant>> grants = store.ListRoleGrants((*user)->user.id);
  if (!grants.ok()) return grants.status();
  return std::pair((*user)->user, std::move(*grants));
}

http::Response StaffConsole::Impl::SetRole(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           storage::Store& store) const {
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
http::Response StaffConsole::Impl::RefuseManage(const http::Request& request, const Caller& caller,
                                                storage::Store& store, std::string_view site,
                                                const identity::User& user) const {
  Audit(store, request, caller, site, "access.denied", "user:" + user.id, R"({"reason":"scope"})");
  return Failure(Status(StatusCode::kForbidden,
                        user.id == caller.user_id
                            ? "You cannot change your own account here: ask a network "
                              "administrator."
                            : "This account is not only at this site: a network administrator "
                              "can change it."));
}

// disable | enable | password: only for staff the caller may manage (CanManageUser).
http::Response StaffConsole::Impl::ManageUser(const http::Request& request,
                                              const http::PathParams& params, const Caller& caller,
                                              storage::Store& store,
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

// ---- API tokens ----

http::Response StaffConsole::Impl::Tokens(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          storage::Store& store, int status,
                                          const std::string& new_token,
                                          const std::string& error) const {
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

http::Response StaffConsole::Impl::CreateToken(const http::Request& request,
                                               const http::PathParams& params, const Caller& caller,
                                               storage::Store& store) const {
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

http::Response StaffConsole::Impl::RevokeToken(const http::Request& request,
                                               const http::PathParams& params, const Caller& caller,
                                               storage::Store& store) const {
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

}  // namespace rn::web
