#pragma once
// The repositories of sessions and API tokens (identity/session.h). Declared here, implemented in
// storage/ (sqlite/session_store.cpp, sqlite/token_store.cpp). Writes join the open unit of work
// (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "identity/session.h"
#include "identity/user.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

// A session as found by its id: with its user and the user's grants.
struct SessionRecord {
  Session session;
  User user;
  std::vector<RoleGrant> grants;
};

class SessionStore {
 public:
  virtual ~SessionStore() = default;

  // Stores `session`. kConflict when its id_hash exists.
  virtual Status Insert(const Session& session) = 0;
  // The session with `id_hash`, its user and grants; nullopt when there is none.
  virtual Result<std::optional<SessionRecord>> Find(std::string_view id_hash) = 0;
  // Records that the session was used at `at`. Does nothing for a missing session.
  virtual Status Touch(std::string_view id_hash, Instant at) = 0;
  // Ends the session `id_hash`; returns how many ended (0 or 1).
  virtual Result<int> Delete(std::string_view id_hash) = 0;
  // Ends every session of `user_id`; returns how many ended.
  virtual Result<int> DeleteOfUser(std::string_view user_id) = 0;
  // Removes sessions created before `created_before` or last seen before `seen_before`; returns
  // how many.
  virtual Result<int> Purge(Instant created_before, Instant seen_before) = 0;
};

class TokenStore {
 public:
  virtual ~TokenStore() = default;

  // Stores `token` (id, label, site_id, role, created_by, created_at, expires_at) with
  // `secret_hash`. kConflict when the id or the hash exists.
  virtual Status Insert(const ApiToken& token, std::string_view secret_hash) = 0;
  // The tokens of site `site_id` (every site when empty), newest first.
  virtual Result<std::vector<ApiToken>> List(std::string_view site_id) = 0;
  // The token with `id`, revoked or not; nullopt when none.
  virtual Result<std::optional<ApiToken>> Get(std::string_view id) = 0;
  // The token whose secret hashes to `secret_hash`, revoked or not; nullopt when none.
  virtual Result<std::optional<ApiToken>> FindBySecretHash(std::string_view secret_hash) = 0;
  // Marks token `id` revoked at `at`. False when there is no such token or it was revoked.
  virtual Result<bool> MarkRevoked(std::string_view id, Instant at) = 0;
  // Records that token `id` was used at `at`.
  virtual Status Touch(std::string_view id, Instant at) = 0;
};

}  // namespace rn::identity
