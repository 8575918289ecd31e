#include "identity/session.h"

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
  if (IsNetworkRole(token.role)) {
    return Status::Invalid("role", "a token acts as a site role, not a network role");
  }
  return Status::Ok();
}

}  // namespace rn::identity
