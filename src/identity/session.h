#pragma once
// Staff sessions and API tokens: what is stored, and when a session has expired. The cookie and the
// token a client holds are 256-bit secrets (secret.h); the store keeps only their SHA-256. See
// docs/security.md ("Sessions", "API tokens").

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

#include "identity/user.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

// How long a session lives. A session unused for `idle` ends, and so does any session `absolute`
// after its login, however busy.
struct SessionPolicy {
  std::chrono::seconds idle = std::chrono::minutes(30);
  std::chrono::seconds absolute = std::chrono::hours(12);

  // How stale a session's last_seen_at may get before a request records a new one: a tenth of
  // `idle` (at least a second), so a busy session writes at most ten times per idle period.
  std::chrono::seconds TouchInterval() const {
    return std::max(std::chrono::seconds(1), idle / 10);
  }
};

// A signed-in browser. The cookie holds the secret whose Sha256Hex is `id_hash`.
struct Session {
  std::string id_hash;
  std::string user_id;
  std::string csrf_token;  // sent back in every state-changing form
  Instant created_at;
  Instant last_seen_at;
  std::string remote_address;  // where the login came from

  bool operator==(const Session&) const = default;
};

enum class SessionState { kActive, kIdle, kExpired };

// kExpired `policy.absolute` or more after created_at, else kIdle `policy.idle` or more after
// last_seen_at, else kActive.
SessionState CheckSession(const Session& session, Instant now, const SessionPolicy& policy);

// An API token for a machine client (e.g. a hospital system that sends referrals): it acts as one
// role at one site, until revoked. The token itself ("rn_" + a secret) is shown once, at creation;
// the store keeps its Sha256Hex.
struct ApiToken {
  std::string id;     // 16 lower-case hex characters; names the token in lists and the audit trail
  std::string label;  // what it is for, e.g. "St. Mary's ED referrals"
  std::string site_id;
  Role role = Role::kReferrer;
  std::string created_by;    // the actor who created it
  std::string created_at;    // RFC 3339 UTC
  std::string revoked_at;    // empty while valid
  std::string last_used_at;  // empty when never used; updated at most once a minute
  std::string expires_at;    // RFC 3339 UTC; empty for a token valid until revoked
  std::string partner;       // a referrer token: the partner it acts for (casework); else empty

  bool operator==(const ApiToken&) const = default;
};

// The prefix of every API token, so a leaked one is easy to recognise (and to search logs for).
inline constexpr std::string_view kApiTokenPrefix = "rn_";

// How long a token made in the staff console or with `token create` lasts unless told otherwise.
inline constexpr int kDefaultTokenDays = 365;

// OK when `token` may be created: a label of 1 to 100 characters (field "label"), a site role
// (field "role"; network roles have no site) and an expiry that is empty or RFC 3339 (field
// "expires_at"), and a partner only for a referrer (field "partner": 1 to 64 of [a-z0-9_-]).
// Whether the site (and the partner) exist is IssueApiToken's and the casework's check.
Status ValidateApiToken(const ApiToken& token);

}  // namespace rn::identity
