#include "identity/session.h"

#include <algorithm>

#include "util/stored_text.h"

namespace rn::identity {

SessionState CheckSession(const Session& session, Instant now, const SessionPolicy& policy) {
  if (now - session.created_at >= policy.absolute) return SessionState::kExpired;
  if (now - session.last_seen_at >= policy.idle) return SessionState::kIdle;
  return SessionState::kActive;
}

Status ValidateApiToken(const ApiToken& token) {
  if (token.label.empty() || token.label.size() > 100) {
    return Status::Invalid("label", "a token needs a label of 1 to 100 characters");
  }
  RN_RETURN_IF_ERROR(text::CheckNoControls("label", token.label, text::Lines::kOne));
  if (IsNetworkRole(token.role)) {
    return Status::Invalid("role", "a token acts as a site role, not a network role");
  }
  if (token.role == Role::kResourcePartner) {
    // A token holds no scope: it could keep no organization's figures.
    return Status::Invalid("role", "a resource_partner signs in itself; it has no tokens");
  }
  if (!token.partner.empty()) {
    if (token.role != Role::kReferrer) {
      return Status::Invalid("partner", "only a referrer token acts for a partner");
    }
    const bool code =
        token.partner.size() <= 64 &&
        std::all_of(token.partner.begin(), token.partner.end(), [](char c) {
          return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        });
    if (!code) return Status::Invalid("partner", "must be a partner id: [a-z0-9_-], 1 to 64");
  }
  const bool utc_second = token.expires_at.size() == 20 && token.expires_at[4] == '-' &&
                          token.expires_at[10] == 'T' && token.expires_at.back() == 'Z';
  if (!token.expires_at.empty() && !utc_second) {
    return Status::Invalid("expires_at", "the expiry must be RFC 3339 UTC, 2027-11-23T00:00:00Z");
  }
  return Status::Ok();
}

}  // namespace rn::identity
