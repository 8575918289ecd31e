// identity::TokenStore: api_tokens (migrations 0005 and 0007). Only the SHA-256 of a
// token's secret is stored; tokens are revoked, never deleted.

#include <utility>

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using identity::ApiToken;

constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (id, secret_hash, label, site_id, role, created_by, created_at, "
    "expires_at, partner) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
constexpr std::string_view kSelectTokens =
    "SELECT id, label, site_id, role, created_by, created_at, revoked_at, last_used_at, "
    "expires_at, partner FROM api_tokens ORDER BY created_at DESC, id";
constexpr std::string_view kSelectTokensOfSite =
    "SELECT id, label, site_id, role, created_by, created_at, revoked_at, last_used_at, "
    "expires_at, partner FROM api_tokens WHERE site_id = ?1 ORDER BY created_at DESC, id";
constexpr std::string_view kSelectTokenById =
    "SELECT id, label, site_id, role, created_by, created_at, revoked_at, last_used_at, "
    "expires_at, partner FROM api_tokens WHERE id = ?1";
constexpr std::string_view kSelectTokenBySecretHash =
    "SELECT id, label, site_id, role, created_by, created_at, revoked_at, last_used_at, "
    "expires_at, partner FROM api_tokens WHERE secret_hash = ?1";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = ''";
constexpr std::string_view kTouchToken = "UPDATE api_tokens SET last_used_at = ?2 WHERE id = ?1";

// The one token of `tokens`, or nullopt.
std::optional<ApiToken> First(std::vector<ApiToken> tokens) {
  if (tokens.empty()) return std::nullopt;
  return std::move(tokens.front());
}

}  // namespace

Status SqlTokenStore::Insert(const ApiToken& token, std::string_view secret_hash) {
  Result<ScopedStatement> insert = connection_.Prepare(kInsertToken);
  if (!insert.ok()) return insert.status();
  // A repeated id or secret hash is a constraint failure, which the connection reports as
  // kConflict.
  return (*insert)
      ->Bind(1, token.id)
      .Bind(2, secret_hash)
      .Bind(3, token.label)
      .Bind(4, token.site_id)
      .Bind(5, identity::RoleName(token.role))
      .Bind(6, token.created_by)
      .Bind(7, token.created_at)
      .Bind(8, token.expires_at)
      .Bind(9, token.partner)
      .Run();
}

Result<std::vector<ApiToken>> SqlTokenStore::SelectTokens(std::string_view sql,
                                                          std::optional<std::string_view> key) {
  Result<ScopedStatement> statement = connection_.Prepare(sql);
  if (!statement.ok()) return statement.status();
  if (key.has_value()) (*statement)->Bind(1, *key);
  std::vector<ApiToken> tokens;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    ApiToken token;
    token.id = (*statement)->ColumnText(0);
    token.label = (*statement)->ColumnText(1);
    token.site_id = (*statement)->ColumnText(2);
    const std::optional<identity::Role> role = identity::ParseRole((*statement)->ColumnText(3));
    if (!role) return Status::Internal("api_tokens.role holds an unknown role");
    token.role = *role;
    token.created_by = (*statement)->ColumnText(4);
    token.created_at = (*statement)->ColumnText(5);
    token.revoked_at = (*statement)->ColumnText(6);
    token.last_used_at = (*statement)->ColumnText(7);
    token.expires_at = (*statement)->ColumnText(8);
    token.partner = (*statement)->ColumnText(9);
    tokens.push_back(std::move(token));
  }
  return tokens;
}

Result<std::vector<ApiToken>> SqlTokenStore::List(std::string_view site_id) {
  return site_id.empty() ? SelectTokens(kSelectTokens, std::nullopt)
                         : SelectTokens(kSelectTokensOfSite, site_id);
}

Result<std::optional<ApiToken>> SqlTokenStore::Get(std::string_view id) {
  Result<std::vector<ApiToken>> found = SelectTokens(kSelectTokenById, id);
  if (!found.ok()) return found.status();
  return First(std::move(*found));
}

Result<std::optional<ApiToken>> SqlTokenStore::FindBySecretHash(std::string_view secret_hash) {
  Result<std::vector<ApiToken>> found = SelectTokens(kSelectTokenBySecretHash, secret_hash);
  if (!found.ok()) return found.status();
  return First(std::move(*found));
}

Result<bool> SqlTokenStore::MarkRevoked(std::string_view id, Instant at) {
  const std::string revoked_at = identity::AuditTimestamp(at);
  Result<ScopedStatement> update = connection_.Prepare(kRevokeToken);
  if (!update.ok()) return update.status();
  RN_RETURN_IF_ERROR((*update)->Bind(1, id).Bind(2, revoked_at).Run());
  return connection_.Changes() > 0;
}

Status SqlTokenStore::Touch(std::string_view id, Instant at) {
  const std::string used_at = identity::AuditTimestamp(at);
  Result<ScopedStatement> update = connection_.Prepare(kTouchToken);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, id).Bind(2, used_at).Run();
}

}  // namespace rn::storage::sql
