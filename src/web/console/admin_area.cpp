// The console's administration pages (admin_area.h).

#include "web/console/admin_area.h"

#include "api/staff_api.h"
#include "casework/program.h"
#include "identity/accounts.h"
#include "identity/audited_reads.h"
#include "util/text.h"
#include "web/render.h"

namespace rn::web {

// ---- Audit trail ----

http::Response AdminArea::AuditPage(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<std::vector<identity::AuditEvent>> events =
      api::ReadSiteAuditPage(repos, request, caller, site, kit_.clock().Now());
  if (!events.ok()) {
    return events.status().code() == StatusCode::kInvalidArgument
               ? kit_.MessagePage(400, "Not understood", events.status().message())
               : kit_.Failure(events.status());
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
  mustache::data data = kit_.BaseData(caller, site);
  data.set("events", rows);
  if (events->size() == static_cast<std::size_t>(api::kAuditPerPage)) {
    data.set("older_href",
             "/staff/sites/" + site + "/audit?before=" + std::to_string(events->back().seq));
  }
  return kit_.Page(request, repos, caller, site, "Audit trail",
                   Render("staff_audit", Language::kEnglish, data));
}

// ---- Staff and roles ----

mustache::data AdminArea::SiteRoleOptions() {
  mustache::data roles{mustache::data::type::list};
  for (identity::Role role : identity::AllRoles()) {
    if (identity::IsNetworkRole(role)) continue;
    roles.push_back(Option(std::string(identity::RoleName(role)),
                           std::string(identity::RoleName(role)), false));
  }
  return roles;
}

// "a, b" → {"a", "b"}, blanks dropped.
std::vector<std::string> AdminArea::ScopeList(std::string_view text) {
  const std::vector<std::string_view> parts = text::SplitCommas(text);
  return {parts.begin(), parts.end()};
}

http::Response AdminArea::Users(const http::Request& request, const http::PathParams& params,
                                const Caller& caller, api::Repositories& repos, int status,
                                const std::string& error, const ContactForm* contact) const {
  const std::string site = kit_.Param(params, "site");
  Result<std::vector<identity::User>> users = repos.identity.accounts.ListUsers();
  if (!users.ok()) return kit_.Failure(users.status());
  mustache::data rows{mustache::data::type::list};
  for (const identity::User& user : *users) {
    Result<std::vector<identity::RoleGrant>> grants = repos.identity.accounts.ListGrants(user.id);
    if (!grants.ok()) return kit_.Failure(grants.status());
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
    mustache::data row = kit_.BaseData(caller, site);
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
    // Sections test for presence: set only the contacts there are.
    if (!user.email.empty()) row.set("current_email", user.email);
    if (!user.pager_phone.empty()) row.set("current_pager_phone", user.pager_phone);
    mustache::data contact_form;
    kit_.SetFormError(contact_form, Status::Ok());
    contact_form.set("email", user.email);
    contact_form.set("pager_phone", user.pager_phone);
    if (contact != nullptr && contact->user_id == user.id) {
      contact_form.set("email", contact->email);
      contact_form.set("pager_phone", contact->pager_phone);
      kit_.SetFormError(contact_form, contact->error);
      row.set("open", true);
    }
    row.set("contact", contact_form);
    rows.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("site_name", kit_.SiteName(repos, site));
  data.set("users", rows);
  data.set("role_options", SiteRoleOptions());
  if (!error.empty()) data.set("error", error);
  return kit_.Page(request, repos, caller, site, "Staff and roles",
                   Render("staff_users", Language::kEnglish, data), status);
}

http::Response AdminArea::AddUser(const http::Request& request, const http::PathParams& params,
                                  const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const std::optional<identity::Role> role = identity::ParseRole(form->Get("role").value_or(""));
  if (!role || identity::IsNetworkRole(*role)) {
    return Users(request, params, caller, repos, 422, "Choose a role at this site.");
  }
  identity::NewStaffMember member;
  member.name = form->Get("name").value_or("");
  member.display_name = form->Get("display_name").value_or("");
  member.password = form->Get("password").value_or("");
  member.grants = {{"", *role, site, ScopeList(form->Get("scope").value_or(""))}};
  Result<identity::User> added = identity::AddStaffMember(repos.identity, std::move(member),
                                                          kit_.Change(request, caller, site));
  if (!added.ok() && (added.status().code() == StatusCode::kConflict ||
                      added.status().code() == StatusCode::kInvalidArgument)) {
    return Users(request, params, caller, repos, 422, kit_.Explain(added.status()));
  }
  if (!added.ok()) return kit_.Failure(added.status());
  return kit_.Redirect(kit_.SitePath(site, "/users?done=user_added"));
}

// The user the path names, with its grants.
Result<std::pair<identity::User, std::vector<identity::RoleGrant>>> AdminArea::PathUser(
    api::Repositories& repos, const http::PathParams& params) const {
  Result<std::optional<identity::StoredUser>> user =
      repos.identity.accounts.GetUser(kit_.Param(params, "user"));
  if (!user.ok()) return user.status();
  if (!user->has_value()) return Status::NotFound("There is no such staff member.");
  Result<std::vector<identity::RoleGrant>> grants =
      repos.identity.accounts.ListGrants((*user)->user.id);
  if (!grants.ok()) return grants.status();
  return std::pair((*user)->user, std::move(*grants));
}

http::Response AdminArea::SetRole(const http::Request& request, const http::PathParams& params,
                                  const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  auto user = PathUser(repos, params);
  if (!user.ok()) return kit_.Failure(user.status());
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  const std::optional<identity::Role> role = identity::ParseRole(form->Get("role").value_or(""));
  if (!role || identity::IsNetworkRole(*role)) {
    return Users(request, params, caller, repos, 422, "Choose a role at this site.");
  }
  if (!identity::CanManageUser(caller.grants, user->second, site,
                               user->first.id == caller.user_id)) {
    return RefuseManage(request, caller, repos, site, user->first);
  }
  const bool remove = form->Get("op") == "remove";
  Status changed = remove ? identity::RemoveRole(repos.identity, user->first.id, *role, site,
                                                 kit_.Change(request, caller, site))
                          : identity::GrantRole(repos.identity,
                                                {user->first.id, *role, site,
                                                 ScopeList(form->Get("scope").value_or(""))},
                                                kit_.Change(request, caller, site));
  if (changed.code() == StatusCode::kInvalidArgument || changed.code() == StatusCode::kNotFound) {
    return Users(request, params, caller, repos, 422, kit_.Explain(changed));
  }
  if (!changed.ok()) return kit_.Failure(changed);
  return kit_.Redirect(
      kit_.SitePath(site, std::string("/users?done=") + (remove ? "role_removed" : "role_added")));
}

// An audited refusal to change an account the caller may not manage (identity::CanManageUser).
http::Response AdminArea::RefuseManage(const http::Request& request, const Caller& caller,
                                       api::Repositories& repos, std::string_view site,
                                       const identity::User& user) const {
  return kit_.Failure(identity::DenyScope(
      repos.identity.audit, kit_.Change(request, caller, site), "user:" + user.id,
      user.id == caller.user_id
          ? "You cannot change your own account here: ask a network administrator."
          : "This account is not only at this site: a network administrator can change it."));
}

// disable | enable | password: only for staff the caller may manage (CanManageUser).
http::Response AdminArea::ManageUser(const http::Request& request, const http::PathParams& params,
                                     const Caller& caller, api::Repositories& repos,
                                     std::string_view action) const {
  const std::string site = kit_.Param(params, "site");
  auto user = PathUser(repos, params);
  if (!user.ok()) return kit_.Failure(user.status());
  if (!identity::CanManageUser(caller.grants, user->second, site,
                               user->first.id == caller.user_id)) {
    return RefuseManage(request, caller, repos, site, user->first);
  }
  Status changed;
  std::string done;
  if (action == "password") {
    Result<http::Form> form = kit_.BodyForm(request);
    if (!form.ok()) return kit_.Unreadable(form.status());
    changed = identity::SetPassword(repos.identity, user->first, form->Get("password").value_or(""),
                                    kit_.Change(request, caller, site));
    if (changed.code() == StatusCode::kInvalidArgument) {
      return Users(request, params, caller, repos, 422, kit_.Explain(changed));
    }
    done = "password_set";
  } else {
    const bool disable = action == "disable";
    changed = identity::SetUserDisabled(repos.identity, user->first.id, disable,
                                        kit_.Change(request, caller, site));
    done = disable ? "disabled" : "enabled";
  }
  if (!changed.ok()) return kit_.Failure(changed);
  return kit_.Redirect(kit_.SitePath(site, "/users?done=" + done));
}

http::Response AdminArea::SetContact(const http::Request& request, const http::PathParams& params,
                                     const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  auto user = PathUser(repos, params);
  if (!user.ok()) return kit_.Failure(user.status());
  if (!identity::CanManageUser(caller.grants, user->second, site,
                               user->first.id == caller.user_id)) {
    return RefuseManage(request, caller, repos, site, user->first);
  }
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  ContactForm sent{user->first.id, form->Get("email").value_or(""),
                   form->Get("pager_phone").value_or(""), Status::Ok()};
  sent.error = identity::SetStaffContact(repos.identity, user->first.id, sent.email,
                                         sent.pager_phone, kit_.Change(request, caller, site));
  if (sent.error.code() == StatusCode::kInvalidArgument) {
    return Users(request, params, caller, repos, 422,
                 "The pager contacts of " + user->first.display_name +
                     " were not saved: " + kit_.Explain(sent.error),
                 &sent);
  }
  if (!sent.error.ok()) return kit_.Failure(sent.error);
  return kit_.Redirect(kit_.SitePath(site, "/users?done=contact_set#user-" + user->first.name));
}

// ---- API tokens ----

http::Response AdminArea::Tokens(const http::Request& request, const http::PathParams& params,
                                 const Caller& caller, api::Repositories& repos, int status,
                                 const std::string& new_token, const std::string& error) const {
  const std::string site = kit_.Param(params, "site");
  Result<std::vector<identity::ApiToken>> tokens = repos.identity.tokens.List(site);
  if (!tokens.ok()) return kit_.Failure(tokens.status());
  mustache::data rows{mustache::data::type::list};
  for (const identity::ApiToken& token : *tokens) {
    mustache::data row = kit_.BaseData(caller, site);
    row.set("id", token.id);
    row.set("label", token.label);
    row.set("role", std::string(identity::RoleName(token.role)));
    row.set("created_by", token.created_by);
    row.set("created_at", token.created_at);
    // Sections test for presence (an empty string still opens one): set only what there is.
    for (const auto& [key, value] :
         {std::pair{"last_used_at", &token.last_used_at},
          std::pair{"revoked_at", &token.revoked_at}, std::pair{"expires_at", &token.expires_at},
          std::pair{"partner", &token.partner}}) {
      if (!value->empty()) row.set(key, *value);
    }
    rows.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("tokens", rows);
  data.set("roles", SiteRoleOptions());
  mustache::data partners{mustache::data::type::list};
  if (auto listed = repos.casework.programs.ListPartners(site); listed.ok()) {
    for (const casework::Partner& partner : *listed) {
      partners.push_back(Option(partner.id, partner.name, false));
    }
  }
  data.set("partners", partners);
  if (!new_token.empty()) data.set("new_token", new_token);
  if (!error.empty()) data.set("error", error);
  return kit_.Page(request, repos, caller, site, "API tokens",
                   Render("staff_tokens", Language::kEnglish, data), status);
}

http::Response AdminArea::CreateToken(const http::Request& request, const http::PathParams& params,
                                      const Caller& caller, api::Repositories& repos) const {
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  identity::ApiToken token;
  token.label = form->Get("label").value_or("");
  token.site_id = kit_.Param(params, "site");
  const std::optional<identity::Role> role = identity::ParseRole(form->Get("role").value_or(""));
  if (!role) return Tokens(request, params, caller, repos, 422, "", "Choose a role.");
  token.role = *role;
  const std::string days = form->Get("days").value_or("365");
  if (days != "30" && days != "90" && days != "365" && days != "0") {
    return Tokens(request, params, caller, repos, 422, "", "Choose how long the token lasts.");
  }
  token.expires_at = identity::TokenExpiry(kit_.clock().Now(), std::stoi(days));
  const std::string partner = form->Get("partner").value_or("");
  if (token.role == identity::Role::kReferrer) {
    if (partner.empty()) {
      return Tokens(request, params, caller, repos, 422, "",
                    "Choose the partner a referrer token sends for.");
    }
    token.partner = partner;
  } else if (!partner.empty()) {
    return Tokens(request, params, caller, repos, 422, "",
                  "Only a referrer token acts for a partner: leave the partner empty.");
  }
  if (!identity::CanIssueToken(caller.grants, token.role, token.site_id)) {
    return Tokens(request, params, caller, repos, 403, "",
                  "A token can act as a referrer, coach or supervisor, or as a role you hold "
                  "here yourself.");
  }
  Result<std::string> value =
      identity::IssueApiToken(repos.identity, token, kit_.Change(request, caller, token.site_id));
  if (!value.ok()) {
    if (value.status().code() == StatusCode::kInvalidArgument) {
      return Tokens(request, params, caller, repos, 422, "", value.status().message());
    }
    return kit_.Failure(value.status());
  }
  return Tokens(request, params, caller, repos, 201, *value);
}

http::Response AdminArea::RevokeToken(const http::Request& request, const http::PathParams& params,
                                      const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<std::optional<identity::ApiToken>> token =
      repos.identity.tokens.Get(kit_.Param(params, "id"));
  if (!token.ok()) return kit_.Failure(token.status());
  // A token of another site is not this page's to revoke.
  if (!token->has_value() || (*token)->site_id != site) {
    return kit_.Failure(Status::NotFound("There is no such token at this site."));
  }
  Status revoked =
      identity::RevokeApiToken(repos.identity, (*token)->id, kit_.Change(request, caller, site));
  if (!revoked.ok()) return kit_.Failure(revoked);
  return kit_.Redirect(kit_.SitePath(site, "/tokens?done=revoked"));
}

void AdminArea::AddRoutes(http::Router& router) const {
  using P = identity::Permission;
  auto bind = [this](auto method) {
    return [this, method](const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) {
      return (this->*method)(request, params, caller, repos);
    };
  };
  kit_.AddPage(router, "GET", "/staff/sites/{site}/audit", P::kAuditView,
               bind(&AdminArea::AuditPage));
  kit_.AddPage(
      router, "GET", "/staff/sites/{site}/users", P::kStaffManage,
      [this](const http::Request& request, const http::PathParams& params, const Caller& caller,
             api::Repositories& repos) { return Users(request, params, caller, repos); });
  kit_.AddPage(router, "POST", "/staff/sites/{site}/users", P::kStaffManage,
               bind(&AdminArea::AddUser));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/users/{user}/roles", P::kStaffManage,
               bind(&AdminArea::SetRole));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/users/{user}/contact", P::kStaffManage,
               bind(&AdminArea::SetContact));
  for (std::string action : {"disable", "enable", "password"}) {
    kit_.AddPage(router, "POST", "/staff/sites/{site}/users/{user}/" + action, P::kStaffManage,
                 [this, action](const http::Request& request, const http::PathParams& params,
                                const Caller& caller, api::Repositories& repos) {
                   return ManageUser(request, params, caller, repos, action);
                 });
  }
  kit_.AddPage(
      router, "GET", "/staff/sites/{site}/tokens", P::kTokensManage,
      [this](const http::Request& request, const http::PathParams& params, const Caller& caller,
             api::Repositories& repos) { return Tokens(request, params, caller, repos); });
  kit_.AddPage(router, "POST", "/staff/sites/{site}/tokens", P::kTokensManage,
               bind(&AdminArea::CreateToken));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/tokens/{id}/revoke", P::kTokensManage,
               bind(&AdminArea::RevokeToken));
}

}  // namespace rn::web
