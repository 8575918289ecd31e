// Sessions, API tokens and the per-site audit view in the SQLite store.

#include <gtest/gtest.h>

#include "identity/secret.h"
#include "storage/sqlite/dbtest_store.h"

namespace rn::storage {
namespace {

using identity::ApiToken;
using identity::AuditEvent;
using identity::Role;
using identity::Session;

const Instant kNow{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};

AccountChange Change() { return {"cli:tester", kNow, "192.0.2.7"}; }

AuditEvent Event(std::string action, std::string site = "") {
  AuditEvent event;
  event.at = identity::AuditTimestamp(kNow);
  event.actor = "test.coach";
  event.action = std::move(action);
  event.site = std::move(site);
  return event;
}

class SqliteSessionTest : public InMemoryStoreTest {
 protected:
  void SetUp() override {
    InMemoryStoreTest::SetUp();
    ASSERT_TRUE(store_->CreateSite({"north", "North Site"}, Change()).ok());
    ASSERT_TRUE(store_->CreateSite({"south", "South Site"}, Change()).ok());
    identity::User user;
    user.id = "u1";
    user.name = "test.coach";
    user.display_name = "Test Coach";
    ASSERT_TRUE(
        store_->CreateUser(user, "$argon2id$fake", {{"", Role::kCoach, "north", {}}}, Change())
            .ok());
  }

  Session NewSession(std::string secret) {
    Session session;
    session.id_hash = identity::Sha256Hex(secret);
    session.user_id = "u1";
    session.csrf_token = "csrf-" + secret;
    session.created_at = kNow;
    session.last_seen_at = kNow;
    session.remote_address = "192.0.2.7";
    return session;
  }
};

TEST_F(SqliteSessionTest, ASessionIsStoredWithItsLoginEntryAndFoundWithItsUserAndGrants) {
  const std::int64_t before = AuditCount();
  AuditEvent login = Event("auth.login");
  const Session session = NewSession("one");
  ASSERT_TRUE(store_->CreateSession(session, &login).ok());
  EXPECT_EQ(AuditCount(), before + 1);
  EXPECT_EQ(LastAudit().action, "auth.login");

  auto found = store_->FindSession(session.id_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->session, session);
  EXPECT_EQ((*found)->user.name, "test.coach");
  ASSERT_EQ((*found)->grants.size(), 1u);
  EXPECT_EQ((*found)->grants[0].site_id, "north");

  // A repeated id is refused, and its login entry is not written.
  AuditEvent again = Event("auth.login");
  EXPECT_EQ(store_->CreateSession(session, &again).code(), StatusCode::kConflict);
  EXPECT_EQ(AuditCount(), before + 1);
  auto missing = store_->FindSession(identity::Sha256Hex("other"));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  ExpectChainIntact();
}

TEST_F(SqliteSessionTest, TouchOnlyMovesLastSeenForward) {
  AuditEvent login = Event("auth.login");
  const Session session = NewSession("one");
  ASSERT_TRUE(store_->CreateSession(session, &login).ok());
  ASSERT_TRUE(store_->TouchSession(session.id_hash, kNow + std::chrono::minutes(5)).ok());
  ASSERT_TRUE(store_->TouchSession(session.id_hash, kNow + std::chrono::minutes(2)).ok());
  auto found = store_->FindSession(session.id_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->session.last_seen_at, kNow + std::chrono::minutes(5));
  EXPECT_EQ((*found)->session.created_at, kNow);
}

TEST_F(SqliteSessionTest, LogoutEndsOneSessionAndLogoutEverywhereEndsAll) {
  for (std::string secret : {"a", "b", "c"}) {
    AuditEvent login = Event("auth.login");
    ASSERT_TRUE(store_->CreateSession(NewSession(secret), &login).ok());
  }
  AuditEvent logout = Event("auth.logout");
  EXPECT_EQ(store_->DeleteSession(identity::Sha256Hex("a"), &logout).value_or(-1), 1);
  EXPECT_EQ(LastAudit().action, "auth.logout");
  EXPECT_EQ(store_->DeleteSession(identity::Sha256Hex("a"), nullptr).value_or(-1), 0);
  AuditEvent everywhere = Event("auth.logout.everywhere");
  EXPECT_EQ(store_->DeleteUserSessions("u1", &everywhere).value_or(-1), 2);
  EXPECT_EQ(LastAudit().action, "auth.logout.everywhere");
  EXPECT_FALSE(store_->FindSession(identity::Sha256Hex("b"))->has_value());
  ExpectChainIntact();
}

TEST_F(SqliteSessionTest, DisablingAUserOrResettingThePasswordEndsItsSessions) {
  AuditEvent login = Event("auth.login");
  ASSERT_TRUE(store_->CreateSession(NewSession("a"), &login).ok());
  ASSERT_TRUE(store_->SetPasswordHash("u1", "$argon2id$new", Change()).ok());
  EXPECT_FALSE(store_->FindSession(identity::Sha256Hex("a"))->has_value());

  AuditEvent again = Event("auth.login");
  ASSERT_TRUE(store_->CreateSession(NewSession("b"), &again).ok());
  ASSERT_TRUE(store_->SetUserDisabled("u1", false, Change()).ok());  // enabling keeps it
  EXPECT_TRUE(store_->FindSession(identity::Sha256Hex("b"))->has_value());
  ASSERT_TRUE(store_->SetUserDisabled("u1", true, Change()).ok());
  EXPECT_FALSE(store_->FindSession(identity::Sha256Hex("b"))->has_value());
}

TEST_F(SqliteSessionTest, PurgeRemovesExpiredSessionsOnly) {
  Session old = NewSession("old");
  old.created_at = kNow - std::chrono::hours(13);
  old.last_seen_at = kNow - std::chrono::minutes(1);
  Session idle = NewSession("idle");
  idle.last_seen_at = kNow - std::chrono::minutes(31);
  idle.created_at = idle.last_seen_at;
  const Session fresh = NewSession("fresh");
  for (const Session* session : std::vector<const Session*>{&old, &idle, &fresh}) {
    AuditEvent login = Event("auth.login");
    ASSERT_TRUE(store_->CreateSession(*session, &login).ok());
  }
  EXPECT_EQ(store_->PurgeSessions(kNow - std::chrono::hours(12), kNow - std::chrono::minutes(30))
                .value_or(-1),
            2);
  EXPECT_TRUE(store_->FindSession(fresh.id_hash)->has_value());
}

TEST_F(SqliteSessionTest, TokensAreStoredHashedListedRevokedOnceAndAudited) {
  ApiToken token;
  token.id = "0123456789abcdef";
  token.label = "ED referrals";
  token.site_id = "north";
  token.role = Role::kReferrer;
  const std::string hash = identity::Sha256Hex("rn_secret");
  ASSERT_TRUE(store_->CreateApiToken(token, hash, Change()).ok());
  EXPECT_EQ(LastAudit().action, "token.create");
  EXPECT_EQ(LastAudit().target, "token:0123456789abcdef");
  EXPECT_EQ(LastAudit().site, "north");
  EXPECT_EQ(LastAudit().remote_address, "192.0.2.7");

  auto found = store_->FindApiToken(hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->label, "ED referrals");
  EXPECT_EQ((*found)->role, Role::kReferrer);
  EXPECT_EQ((*found)->created_by, "cli:tester");
  EXPECT_TRUE((*found)->revoked_at.empty());
  EXPECT_EQ(store_->ListApiTokens("north")->size(), 1u);
  EXPECT_EQ(store_->ListApiTokens("south")->size(), 0u);
  EXPECT_EQ(store_->ListApiTokens("")->size(), 1u);

  ApiToken elsewhere = token;
  elsewhere.id = "fedcba9876543210";
  elsewhere.site_id = "nowhere";
  EXPECT_EQ(store_->CreateApiToken(elsewhere, "h2", Change()).field(), "site");

  ASSERT_TRUE(store_->TouchApiToken(token.id, kNow + std::chrono::minutes(1)).ok());
  EXPECT_EQ(store_->GetApiToken(token.id)->value().last_used_at, "2026-11-23T00:01:00Z");
  ASSERT_TRUE(store_->RevokeApiToken(token.id, Change()).ok());
  EXPECT_EQ(LastAudit().action, "token.revoke");
  EXPECT_EQ(store_->GetApiToken(token.id)->value().revoked_at, "2026-11-23T00:00:00Z");
  EXPECT_EQ(store_->RevokeApiToken(token.id, Change()).code(), StatusCode::kConflict);
  EXPECT_EQ(store_->RevokeApiToken("nope", Change()).code(), StatusCode::kNotFound);
  ExpectChainIntact();
}

TEST_F(SqliteSessionTest, SiteAuditIsNewestFirstAndPaged) {
  for (int i = 0; i < 5; ++i) {
    AuditEvent event = Event("x", "north");
    ASSERT_TRUE(store_->AppendAudit(&event).ok());
  }
  AuditEvent south = Event("y", "south");
  ASSERT_TRUE(store_->AppendAudit(&south).ok());
  auto page = store_->ListSiteAudit("north", 0, 3);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 3u);
  EXPECT_GT((*page)[0].seq, (*page)[1].seq);
  for (const AuditEvent& event : *page) EXPECT_EQ(event.site, "north");
  auto next = store_->ListSiteAudit("north", page->back().seq, 10);
  ASSERT_TRUE(next.ok());
  // site.create for north plus the five appended: six, three on the first page.
  EXPECT_EQ(next->size(), 3u);
  EXPECT_LT(next->front().seq, page->back().seq);
}

}  // namespace
}  // namespace rn::storage
