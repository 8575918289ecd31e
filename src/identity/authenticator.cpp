#include "identity/authenticator.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "identity/audit_actions.h"
#include "identity/secret.h"
#include "util/text.h"

namespace rn::identity {
namespace {

constexpr std::string_view kWrongCredentials = "the user name or password is wrong";

// The hash checked for a name no account has, so such an attempt costs the same as a wrong
// password.
const std::string& DecoyHash() {
  static const std::string hash = [] {
    Result<std::string> random = NewSecret();
    Result<std::string> hashed = HashPassword(random.ok() ? *random : "decoy password");
    return hashed.ok() ? *hashed : std::string();
  }();
  return hash;
}

// A sign-in or sign-out entry: no site (a user may work at several).
AuditEvent AuthEvent(Instant at, std::string actor, std::string_view action, std::string target,
                     std::string_view remote_address, std::string details = "{}") {
  return ChangeEvent({std::move(actor), at, std::string(remote_address)}, action, std::move(target),
                     std::move(details));
}

std::string WaitMessage(std::chrono::seconds wait) {
  const auto minutes = (wait.count() + 59) / 60;
  return "too many failed sign-ins: try again in " + std::to_string(minutes) +
         (minutes == 1 ? " minute" : " minutes");
}

Caller SessionCaller(const SessionRecord& record) {
  Caller caller;
  caller.via = Caller::Via::kSession;
  caller.actor = record.user.name;
  caller.user_id = record.user.id;
  caller.display_name = record.user.display_name;
  caller.grants = record.grants;
  caller.csrf_token = record.session.csrf_token;
  return caller;
}

}  // namespace

Authenticator::Authenticator(const Clock& clock, AuthOptions options)
    : clock_(clock),
      options_(options),
      account_failures_("sign-in account", options.failures_per_account, options.failure_window),
      address_failures_("sign-in address", options.failures_per_address, options.failure_window) {}

Result<SignedIn> Authenticator::Login(Stores& stores, std::string_view name,
                                      std::string_view password, std::string_view remote_address,
                                      std::string_view previous_cookie) {
  const std::string account_key = text::AsciiLower(name);
  const Instant now = clock_.Now();
  const auto account_wait = account_failures_.Wait(stores.throttles, account_key, now);
  if (!account_wait.ok()) return account_wait.status();
  const auto address_wait = address_failures_.Wait(stores.throttles, remote_address, now);
  if (!address_wait.ok()) return address_wait.status();
  if (*account_wait || *address_wait) {
    // Not audited one by one: a flood of refused attempts would flood the trail.
    spdlog::warn("event=login_throttled by={}", *account_wait ? "account" : "address");
    return Status(StatusCode::kRateLimited,
                  WaitMessage(std::max(account_wait->value_or(std::chrono::seconds(0)),
                                       address_wait->value_or(std::chrono::seconds(0)))));
  }

  Result<std::optional<StoredUser>> found = stores.accounts.FindUserByName(name);
  if (!found.ok()) return found.status();
  const bool known = found->has_value();
  const bool password_ok =
      VerifyPassword(known ? (*found)->password_hash : DecoyHash(), password) && known;
  if (!password_ok || (*found)->user.disabled) {
    // An unknown name is not recorded in the trail: it may be a password typed into the wrong
    // box (the throttle keeps only its hash).
    boost::json::object details;
    details["reason"] = !known ? "unknown_user" : !password_ok ? "wrong_password" : "disabled";
    AuditEvent failure = AuthEvent(
        now, known ? (*found)->user.name : "unknown", audit_action::kLoginFailure,
        known ? "user:" + (*found)->user.id : "", remote_address, boost::json::serialize(details));
    RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
      RN_RETURN_IF_ERROR(account_failures_.Record(stores.throttles, account_key, now));
      RN_RETURN_IF_ERROR(address_failures_.Record(stores.throttles, remote_address, now));
      return failure;
    }));
    return Status(StatusCode::kUnauthenticated, std::string(kWrongCredentials));
  }
  const StoredUser& user = **found;

  Result<std::string> cookie = NewSecret();
  if (!cookie.ok()) return cookie.status();
  Result<std::string> csrf = NewSecret();
  if (!csrf.ok()) return csrf.status();
  if (!previous_cookie.empty()) {
    RN_RETURN_IF_ERROR(stores.sessions.Delete(Sha256Hex(previous_cookie)).status_or_ok());
  }
  // Sessions that have ended are cleared here rather than by a timer.
  RN_RETURN_IF_ERROR(
      stores.sessions.Purge(now - options_.session.absolute, now - options_.session.idle)
          .status_or_ok());
  Session session;
  session.id_hash = Sha256Hex(*cookie);
  session.user_id = user.user.id;
  session.csrf_token = *csrf;
  session.created_at = now;
  session.last_seen_at = now;
  session.remote_address = std::string(remote_address);
  AuditEvent login =
      AuthEvent(now, user.user.name, audit_action::kLogin, "user:" + user.user.id, remote_address);
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    RN_RETURN_IF_ERROR(account_failures_.Forget(stores.throttles, account_key));
    RN_RETURN_IF_ERROR(stores.sessions.Insert(session));
    return login;
  }));

  Result<std::vector<RoleGrant>> grants = stores.accounts.ListGrants(user.user.id);
  if (!grants.ok()) return grants.status();
  SessionRecord record{session, user.user, std::move(*grants)};
  return SignedIn{std::move(*cookie), SessionCaller(record)};
}

Result<Caller> Authenticator::FromSession(Stores& stores, std::string_view cookie) {
  const Status none(StatusCode::kUnauthenticated, "sign in to continue");
  if (cookie.empty()) return none;
  const std::string id_hash = Sha256Hex(cookie);
  Result<std::optional<SessionRecord>> found = stores.sessions.Find(id_hash);
  if (!found.ok()) return found.status();
  if (!found->has_value() || (*found)->user.disabled) return none;
  const SessionRecord& record = **found;
  const Instant now = clock_.Now();
  if (CheckSession(record.session, now, options_.session) != SessionState::kActive) {
    RN_RETURN_IF_ERROR(stores.sessions.Delete(id_hash).status_or_ok());
    return Status(StatusCode::kUnauthenticated, "your session has ended: sign in again");
  }
  if (now - record.session.last_seen_at >= options_.session.TouchInterval()) {
    RN_RETURN_IF_ERROR(stores.sessions.Touch(id_hash, now));
  }
  return SessionCaller(record);
}

Result<Caller> Authenticator::FromToken(Stores& stores, std::string_view token) {
  const Status unknown(StatusCode::kUnauthenticated, "the API token is not valid");
  if (!token.starts_with(kApiTokenPrefix)) return unknown;
  Result<std::optional<ApiToken>> found = stores.tokens.FindBySecretHash(Sha256Hex(token));
  if (!found.ok()) return found.status();
  if (!found->has_value() || !(*found)->revoked_at.empty()) return unknown;
  const ApiToken& stored = **found;
  const Instant now = clock_.Now();
  // Both are "YYYY-MM-DDTHH:MM:SSZ", so text order is time order.
  if (!stored.expires_at.empty() && stored.expires_at <= AuditTimestamp(now)) {
    return Status(StatusCode::kUnauthenticated, "the API token has expired");
  }
  // last_used_at is to the second; a minute's precision is enough and saves a write per call.
  if (stored.last_used_at.empty() ||
      stored.last_used_at < AuditTimestamp(now - std::chrono::minutes(1))) {
    RN_RETURN_IF_ERROR(stores.tokens.Touch(stored.id, now));
  }
  Caller caller;
  caller.via = Caller::Via::kToken;
  caller.actor = "token:" + stored.id;
  caller.display_name = stored.label;
  caller.grants = {{"", stored.role, stored.site_id, {}}};
  if (!stored.partner.empty()) caller.grants.front().scope = {stored.partner};
  return caller;
}

Status Authenticator::Logout(Stores& stores, const Caller& caller, std::string_view cookie,
                             bool everywhere, std::string_view remote_address) {
  AuditEvent event = AuthEvent(clock_.Now(), caller.actor,
                               everywhere ? audit_action::kLogoutEverywhere : audit_action::kLogout,
                               "user:" + caller.user_id, remote_address);
  return stores.unit_of_work.Run([&]() -> Result<AuditEvent> {
    Result<int> ended = everywhere ? stores.sessions.DeleteOfUser(caller.user_id)
                                   : stores.sessions.Delete(Sha256Hex(cookie));
    if (!ended.ok()) return ended.status();
    return event;
  });
}

}  // namespace rn::identity
