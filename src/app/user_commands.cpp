// `recoverynet site …` and `recoverynet user …`: staff accounts from the command line.

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

#include "app/commands.h"
#include "identity/accounts.h"
#include "identity/user.h"
#include "util/clock.h"

namespace rn::app {
namespace {

// "cli:" + the effective OS user's name (its uid when it has none).
std::string Actor() {
  const passwd* entry = getpwuid(geteuid());
  if (entry != nullptr && entry->pw_name != nullptr && entry->pw_name[0] != '\0') {
    return std::string("cli:") + entry->pw_name;
  }
  return "cli:uid" + std::to_string(geteuid());
}

// One line from stdin without its line ending; nullopt at end of input.
std::optional<std::string> ReadLine() {
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// Prompts on stderr and reads a line from the terminal with echo off.
std::optional<std::string> Prompt(const std::string& prompt) {
  // Echo goes off before the prompt appears, so nothing typed (or pasted) after it is shown.
  termios saved{};
  const bool have_terminal = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (have_terminal) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::cerr << prompt << std::flush;
  std::optional<std::string> line = ReadLine();
  if (have_terminal) tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return line;
}

// The new password for `user_name`, checked against the policy.
Result<std::string> ReadNewPassword(const std::string& user_name) {
  std::optional<std::string> password;
  if (isatty(STDIN_FILENO) == 0) {
    password = ReadLine();
    if (!password) return Status::Invalid("password", "no password on stdin");
  } else {
    password = Prompt("New password for " + user_name + ": ");
    std::optional<std::string> again = Prompt("Repeat it: ");
    if (!password || !again) return Status::Invalid("password", "no password given");
    if (*password != *again) return Status::Invalid("password", "the two passwords differ");
  }
  RN_RETURN_IF_ERROR(identity::CheckPassword(*password, user_name));
  return std::move(*password);
}

Result<identity::RoleGrant> BuildGrant(const std::string& role_name, const std::string& site,
                                       const std::vector<std::string>& scope) {
  std::optional<identity::Role> role = identity::ParseRole(role_name);
  if (!role) {
    std::string known;
    for (identity::Role each : identity::AllRoles()) {
      known += (known.empty() ? "" : ", ") + std::string(identity::RoleName(each));
    }
    return Status::Invalid("role", "unknown role \"" + role_name + "\" (one of " + known + ")");
  }
  identity::RoleGrant grant{"", *role, site, scope};
  RN_RETURN_IF_ERROR(identity::ValidateRoleGrant(grant));
  return grant;
}

Result<std::unique_ptr<Database>> OpenExisting(const std::string& db) { return Database::Open(db); }

Result<identity::StoredUser> FindUser(Database& database, const std::string& name) {
  Result<std::optional<identity::StoredUser>> found =
      database.identity().accounts.FindUserByName(name);
  if (!found.ok()) return found.status();
  if (!*found) return Status::NotFound("there is no user named " + name);
  return std::move(**found);
}

}  // namespace

identity::Change CliChange() { return {Actor(), SystemClock().Now(), ""}; }

int RunSiteAdd(const SiteAddCommand& command) {
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  Status status = identity::CreateSite((*store)->identity(),
                                       {command.id, command.name, command.time_zone}, CliChange());
  if (!status.ok()) return Fail(status);
  std::cout << "site " << command.id << " added\n";
  return 0;
}

int RunSiteList(const std::string& db) {
  auto store = OpenExisting(db);
  if (!store.ok()) return Fail(store.status());
  auto sites = (*store)->identity().accounts.ListSites();
  if (!sites.ok()) return Fail(sites.status());
  for (const identity::Site& site : *sites) {
    std::cout << site.id << "\t" << site.name << "\t" << site.time_zone << "\n";
  }
  return 0;
}

int RunUserAdd(const UserAddCommand& command) {
  std::vector<identity::RoleGrant> grants;
  if (!command.role.empty()) {
    auto grant = BuildGrant(command.role, command.site, command.scope);
    if (!grant.ok()) return Fail(grant.status());
    grants.push_back(std::move(*grant));
  } else if (!command.site.empty() || !command.scope.empty()) {
    return Fail("--site and --scope go with --role");
  }
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  // Refuse a bad or taken name before asking for a password.
  Status name_ok = identity::CheckNewUserName((*store)->identity().accounts, command.name);
  if (!name_ok.ok()) return Fail(name_ok);
  auto password = ReadNewPassword(command.name);
  if (!password.ok()) return Fail(password.status());
  auto added = identity::AddStaffMember(
      (*store)->identity(),
      {command.name, command.display_name, *password, grants, command.email, command.pager_phone},
      CliChange());
  if (!added.ok()) return Fail(added.status());
  std::cout << "user " << command.name << " added\n";
  return 0;
}

int RunUserSetRole(const UserSetRoleCommand& command) {
  auto grant = BuildGrant(command.role, command.site, command.scope);
  if (!grant.ok()) return Fail(grant.status());
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindUser(**store, command.name);
  if (!user.ok()) return Fail(user.status());
  grant->user_id = user->user.id;
  Status status = command.remove ? identity::RemoveRole((*store)->identity(), grant->user_id,
                                                        grant->role, grant->site_id, CliChange())
                                 : identity::GrantRole((*store)->identity(), *grant, CliChange());
  if (!status.ok()) return Fail(status);
  std::cout << "user " << user->user.name << (command.remove ? ": removed " : ": granted ")
            << command.role << (command.site.empty() ? "" : " at " + command.site) << "\n";
  return 0;
}

int RunUserDisable(const UserNameCommand& command, bool disabled) {
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindUser(**store, command.name);
  if (!user.ok()) return Fail(user.status());
  Status status =
      identity::SetUserDisabled((*store)->identity(), user->user.id, disabled, CliChange());
  if (!status.ok()) return Fail(status);
  std::cout << "user " << user->user.name << (disabled ? " disabled\n" : " enabled\n");
  return 0;
}

int RunUserSetContact(const UserSetContactCommand& command) {
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindUser(**store, command.name);
  if (!user.ok()) return Fail(user.status());
  const std::string email = command.email.value_or(user->user.email);
  const std::string pager_phone = command.pager_phone.value_or(user->user.pager_phone);
  Status status = identity::SetStaffContact((*store)->identity(), user->user.id, email, pager_phone,
                                            CliChange());
  if (!status.ok()) return Fail(status);
  std::cout << "user " << user->user.name << ": pager contacts set\n";
  return 0;
}

int RunUserResetPassword(const UserNameCommand& command) {
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  auto user = FindUser(**store, command.name);
  if (!user.ok()) return Fail(user.status());
  auto password = ReadNewPassword(user->user.name);
  if (!password.ok()) return Fail(password.status());
  Status status = identity::SetPassword((*store)->identity(), user->user, *password, CliChange());
  if (!status.ok()) return Fail(status);
  std::cout << "user " << user->user.name << ": password reset\n";
  return 0;
}

int RunUserList(const std::string& db) {
  auto store = OpenExisting(db);
  if (!store.ok()) return Fail(store.status());
  auto users = (*store)->identity().accounts.ListUsers();
  if (!users.ok()) return Fail(users.status());
  for (const identity::User& user : *users) {
    auto grants = (*store)->identity().accounts.ListGrants(user.id);
    if (!grants.ok()) return Fail(grants.status());
    std::string roles;
    for (const identity::RoleGrant& grant : *grants) {
      if (!roles.empty()) roles += ",";
      roles += identity::RoleName(grant.role);
      if (!grant.site_id.empty()) roles += "@" + grant.site_id;
    }
    std::cout << user.name << "\t" << user.display_name << "\t"
              << (user.disabled ? "disabled" : "active") << "\t" << roles << "\n";
  }
  return 0;
}

int RunTokenCreate(const TokenCreateCommand& command) {
  const std::optional<identity::Role> role = identity::ParseRole(command.role);
  if (!role) return Fail("unknown role " + command.role);
  auto store = OpenExisting(command.db);
  if (!store.ok()) return Fail(store.status());
  identity::ApiToken token;
  token.label = command.label;
  token.site_id = command.site;
  token.role = *role;
  token.expires_at = identity::TokenExpiry(SystemClock().Now(), command.expires_days);
  token.partner = command.partner;
  auto value = identity::IssueApiToken((*store)->identity(), token, CliChange());
  if (!value.ok()) return Fail(value.status());
  std::cerr << "token for " << command.role << " at " << command.site
            << " (shown once; store it now):\n";
  std::cout << *value << "\n";
  return 0;
}

int RunTokenList(const std::string& db, const std::string& site) {
  auto store = OpenExisting(db);
  if (!store.ok()) return Fail(store.status());
  auto tokens = (*store)->identity().tokens.List(site);
  if (!tokens.ok()) return Fail(tokens.status());
  for (const identity::ApiToken& token : *tokens) {
    std::cout << token.id << "\t" << token.site_id << "\t" << identity::RoleName(token.role) << "\t"
              << (token.revoked_at.empty() ? "active" : "revoked") << "\t"
              << (token.last_used_at.empty() ? "-" : token.last_used_at) << "\t"
              << (token.expires_at.empty() ? "-" : token.expires_at) << "\t" << token.label << "\n";
  }
  return 0;
}

int RunTokenRevoke(const std::string& db, const std::string& id) {
  auto store = OpenExisting(db);
  if (!store.ok()) return Fail(store.status());
  Status revoked = identity::RevokeApiToken((*store)->identity(), id, CliChange());
  if (!revoked.ok()) return Fail(revoked);
  std::cout << "token " << id << " revoked\n";
  return 0;
}

}  // namespace rn::app
