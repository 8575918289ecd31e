#pragma once
// Signing in and out, and turning a session cookie or an API token into a Caller. Throttles
// failed sign-ins per account and per client address, audits every sign-in (success and failure)
// and sign-out, and rotates the session at sign-in. Takes the Store of the calling thread.
// See docs/security.md ("Sessions", "Sign-in throttling", "API tokens").

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "identity/access.h"
#include "identity/session.h"
#include "identity/stores.h"
#include "identity/throttle.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

struct AuthOptions {
  SessionPolicy session;
  // Failed sign-ins allowed in any `failure_window`, per account name and per client address,
  // counted in the database (Stores::throttles): every server on it counts the same failures.
  int failures_per_account = 5;
  int failures_per_address = 20;
  std::chrono::seconds failure_window = std::chrono::minutes(15);
};

// A new session: the cookie value to send (once; only its hash is stored) and who it is.
struct SignedIn {
  std::string cookie;
  Caller caller;
};

class Authenticator final {
 public:
  // `clock` must outlive the authenticator. Thread-safe: each call takes the Stores of its
  // thread.
  Authenticator(const Clock& clock, AuthOptions options = {});

  // Checks `name` and `password` from `remote_address`. On success stores a new session and ends
  // `previous_cookie`'s session if it has one (a session is never carried across a sign-in).
  // Errors: kRateLimited when the account or the address has had too many failures (the message
  // says when to try again; the password is not checked); kUnauthenticated "the user name or
  // password is wrong" for an unknown name, a wrong password or a disabled account alike (the same
  // message and the same password-hashing work, so a name's existence does not show).
  Result<SignedIn> Login(Stores& stores, std::string_view name, std::string_view password,
                         std::string_view remote_address, std::string_view previous_cookie);

  // The caller of session cookie `cookie`. kUnauthenticated for no such session, an idle or
  // expired one (which is removed), or a disabled user. Records use at most every
  // policy.TouchInterval().
  Result<Caller> FromSession(Stores& stores, std::string_view cookie);

  // The caller of API token `token` ("rn_…"). kUnauthenticated for an unknown or revoked token.
  Result<Caller> FromToken(Stores& stores, std::string_view token);

  // Ends `cookie`'s session, or with `everywhere` every session of the caller's user, and audits
  // it ("auth.logout" / "auth.logout.everywhere").
  Status Logout(Stores& stores, const Caller& caller, std::string_view cookie, bool everywhere,
                std::string_view remote_address);

  const AuthOptions& options() const { return options_; }
  const Clock& clock() const { return clock_; }

 private:
  const Clock& clock_;
  AuthOptions options_;
  Throttle account_failures_;
  Throttle address_failures_;
};

}  // namespace rn::identity
