// identity::TokenStore on SQLite: API tokens stored by the hash of their secret, listed newest
// first per site, found by id or secret hash, touched, and revoked once.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "identity/secret.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

using identity::ApiToken;
using identity::Role;

class TokenStoreTest : public InMemoryDatabaseTest {
 protected:
  void SetUp() override {
    InMemoryDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(db_->accounts().InsertSite({"north", "North Site"}).ok());
    ASSERT_TRUE(db_->accounts().InsertSite({"south", "South Site"}).ok());
  }

  identity::TokenStore& tokens() { return db_->tokens(); }

  static ApiToken Token(std::string id, std::string site_id, std::string created_at) {
    ApiToken token;
    token.id = std::move(id);
    token.label = "ED referrals";
    token.site_id = std::move(site_id);
    token.role = Role::kReferrer;
    token.created_by = "cli:tester";
    token.created_at = std::move(created_at);
    token.expires_at = "2027-11-23T00:00:00Z";
    return token;
  }

  std::vector<std::string> Ids(std::string_view site_id) {
    std::vector<std::string> ids;
    Result<std::vector<ApiToken>> listed = tokens().List(site_id);
    EXPECT_TRUE(listed.ok());
    if (listed.ok()) {
      for (const ApiToken& token : *listed) ids.push_back(token.id);
    }
    return ids;
  }
};

TEST_F(TokenStoreTest, ATokenIsFoundByIdOrSecretHashAsStored) {
  const ApiToken token = Token("0123456789abcdef", "north", "2026-11-23T00:00:00Z");
  const std::string hash = identity::Sha256Hex("rn_secret");
  ASSERT_TRUE(tokens().Insert(token, hash).ok());

  auto found = tokens().FindBySecretHash(hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(**found, token);
  EXPECT_TRUE((*found)->revoked_at.empty());
  EXPECT_TRUE((*found)->last_used_at.empty());
  found = tokens().Get(token.id);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ(**found, token);

  EXPECT_FALSE(tokens().FindBySecretHash(identity::Sha256Hex("rn_other"))->has_value());
  EXPECT_FALSE(tokens().FindBySecretHash(token.id)->has_value());  // an id is not a hash
  EXPECT_FALSE(tokens().Get(hash)->has_value());
  EXPECT_FALSE(tokens().Get("")->has_value());
  EXPECT_EQ(AuditCount(), 0);  // the repository writes no audit entry of its own
}

TEST_F(TokenStoreTest, ARepeatedIdOrSecretHashOrAMissingSiteIsAConflict) {
  ASSERT_TRUE(
      tokens().Insert(Token("0123456789abcdef", "north", "2026-11-23T00:00:00Z"), "h1").ok());
  EXPECT_EQ(
      tokens().Insert(Token("0123456789abcdef", "north", "2026-11-23T00:00:00Z"), "h2").code(),
      StatusCode::kConflict);
  EXPECT_EQ(
      tokens().Insert(Token("fedcba9876543210", "north", "2026-11-23T00:00:00Z"), "h1").code(),
      StatusCode::kConflict);
  // api_tokens.site_id references sites.
  EXPECT_EQ(
      tokens().Insert(Token("fedcba9876543210", "nowhere", "2026-11-23T00:00:00Z"), "h3").code(),
      StatusCode::kConflict);
  EXPECT_EQ(Ids(""), std::vector<std::string>{"0123456789abcdef"});
}

TEST_F(TokenStoreTest, TokensAreListedNewestFirstPerSiteOrAll) {
  ASSERT_TRUE(
      tokens().Insert(Token("aaaaaaaaaaaaaaaa", "north", "2026-11-20T00:00:00Z"), "h1").ok());
  ASSERT_TRUE(
      tokens().Insert(Token("bbbbbbbbbbbbbbbb", "south", "2026-11-22T00:00:00Z"), "h2").ok());
  ASSERT_TRUE(
      tokens().Insert(Token("cccccccccccccccc", "north", "2026-11-21T00:00:00Z"), "h3").ok());
  ASSERT_TRUE(
      tokens().Insert(Token("0000000000000000", "north", "2026-11-21T00:00:00Z"), "h4").ok());
  EXPECT_EQ(Ids("north"),
            (std::vector<std::string>{"0000000000000000", "cccccccccccccccc", "aaaaaaaaaaaaaaaa"}));
  EXPECT_EQ(Ids("south"), std::vector<std::string>{"bbbbbbbbbbbbbbbb"});
  EXPECT_EQ(Ids("east"), std::vector<std::string>{});
  EXPECT_EQ(Ids(""), (std::vector<std::string>{"bbbbbbbbbbbbbbbb", "0000000000000000",
                                               "cccccccccccccccc", "aaaaaaaaaaaaaaaa"}));
}

TEST_F(TokenStoreTest, TouchRecordsTheLastUseAndATokenIsRevokedOnce) {
  const ApiToken token = Token("0123456789abcdef", "north", "2026-11-23T00:00:00Z");
  ASSERT_TRUE(tokens().Insert(token, "h1").ok());
  ASSERT_TRUE(tokens().Touch(token.id, TestInstant(0, 1)).ok());
  EXPECT_EQ(tokens().Get(token.id)->value().last_used_at, "2026-11-23T00:01:00Z");

  EXPECT_EQ(tokens().MarkRevoked(token.id, TestInstant(9, 0)).value_or(false), true);
  EXPECT_EQ(tokens().Get(token.id)->value().revoked_at, "2026-11-23T09:00:00Z");
  // Already revoked: false, and the first revocation stands.
  EXPECT_EQ(tokens().MarkRevoked(token.id, TestInstant(10, 0)).value_or(true), false);
  EXPECT_EQ(tokens().Get(token.id)->value().revoked_at, "2026-11-23T09:00:00Z");
  EXPECT_EQ(tokens().MarkRevoked("nope", TestInstant(10, 0)).value_or(true), false);
  // A revoked token is still found, so the caller can tell it apart from an unknown one.
  auto found = tokens().FindBySecretHash("h1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_FALSE((*found)->revoked_at.empty());
}

}  // namespace
}  // namespace rn::storage
