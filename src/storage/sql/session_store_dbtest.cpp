// identity::SessionStore on SQLite: sessions stored by the hash of their cookie, found with their
// user and grants, touched forwards only, ended one, per user or by expiry.

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

#include "identity/secret.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

using identity::Role;
using identity::Session;

const Instant kNow = TestInstant();

class SessionStoreTest : public InMemoryDatabaseTest {
 protected:
  void SetUp() override {
    InMemoryDatabaseTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(db_->accounts().InsertSite({"north", "North Site"}).ok());
    for (const char* id : {"u1", "u2"}) {
      identity::User user;
      user.id = id;
      user.name = std::string("test.coach.") + id;
      user.display_name = "Test Coach";
      user.created_at = "2026-11-01T00:00:00Z";
      ASSERT_TRUE(db_->accounts().InsertUser(user, "$argon2id$fake").ok());
    }
    ASSERT_TRUE(db_->accounts().UpsertGrant({"u1", Role::kCoach, "north", {}}).ok());
  }

  identity::SessionStore& sessions() { return db_->sessions(); }

  Session NewSession(std::string secret, std::string user_id = "u1") {
    Session session;
    session.id_hash = identity::Sha256Hex(secret);
    session.user_id = std::move(user_id);
    session.csrf_token = "csrf-" + secret;
    session.created_at = kNow;
    session.last_seen_at = kNow;
    session.remote_address = "192.0.2.7";
    return session;
  }

  bool Exists(std::string_view secret) {
    Result<std::optional<identity::SessionRecord>> found =
        sessions().Find(identity::Sha256Hex(secret));
    EXPECT_TRUE(found.ok());
    return found.ok() && found->has_value();
  }
};

TEST_F(SessionStoreTest, ASessionIsFoundWithItsUserAndGrants) {
  const Session session = NewSession("one");
  ASSERT_TRUE(sessions().Insert(session).ok());

  auto found = sessions().Find(session.id_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->session, session);
  EXPECT_EQ((*found)->user.id, "u1");
  EXPECT_EQ((*found)->user.name, "test.coach.u1");
  EXPECT_EQ((*found)->user.display_name, "Test Coach");
  EXPECT_EQ((*found)->user.created_at, "2026-11-01T00:00:00Z");
  EXPECT_FALSE((*found)->user.disabled);
  EXPECT_EQ((*found)->grants,
            (std::vector<identity::RoleGrant>{{"u1", Role::kCoach, "north", {}}}));

  auto missing = sessions().Find(identity::Sha256Hex("other"));
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(AuditCount(), 0);  // the repository writes no audit entry of its own
}

TEST_F(SessionStoreTest, ARepeatedIdOrAMissingUserIsAConflict) {
  const Session session = NewSession("one");
  ASSERT_TRUE(sessions().Insert(session).ok());
  EXPECT_EQ(sessions().Insert(session).code(), StatusCode::kConflict);
  EXPECT_EQ(sessions().Insert(NewSession("two", "nobody")).code(), StatusCode::kConflict);
  EXPECT_FALSE(Exists("two"));
}

TEST_F(SessionStoreTest, TouchOnlyMovesLastSeenForward) {
  const Session session = NewSession("one");
  ASSERT_TRUE(sessions().Insert(session).ok());
  ASSERT_TRUE(sessions().Touch(session.id_hash, kNow + std::chrono::minutes(5)).ok());
  ASSERT_TRUE(sessions().Touch(session.id_hash, kNow + std::chrono::minutes(2)).ok());
  auto found = sessions().Find(session.id_hash);
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->session.last_seen_at, kNow + std::chrono::minutes(5));
  EXPECT_EQ((*found)->session.created_at, kNow);
  // A missing session: nothing to do, and no error.
  EXPECT_TRUE(sessions().Touch(identity::Sha256Hex("gone"), kNow).ok());
}

TEST_F(SessionStoreTest, DeleteEndsOneSessionAndDeleteOfUserEndsAllOfTheUsers) {
  for (std::string secret : {"a", "b", "c"})
    ASSERT_TRUE(sessions().Insert(NewSession(secret)).ok());
  ASSERT_TRUE(sessions().Insert(NewSession("other-user", "u2")).ok());
  EXPECT_EQ(sessions().Delete(identity::Sha256Hex("a")).value_or(-1), 1);
  EXPECT_EQ(sessions().Delete(identity::Sha256Hex("a")).value_or(-1), 0);
  EXPECT_EQ(sessions().DeleteOfUser("u1").value_or(-1), 2);
  EXPECT_EQ(sessions().DeleteOfUser("u1").value_or(-1), 0);
  EXPECT_FALSE(Exists("b"));
  EXPECT_FALSE(Exists("c"));
  EXPECT_TRUE(Exists("other-user"));
}

TEST_F(SessionStoreTest, PurgeRemovesExpiredSessionsOnly) {
  Session old = NewSession("old");
  old.created_at = kNow - std::chrono::hours(13);
  old.last_seen_at = kNow - std::chrono::minutes(1);
  Session idle = NewSession("idle");
  idle.last_seen_at = kNow - std::chrono::minutes(31);
  idle.created_at = idle.last_seen_at;
  const Session fresh = NewSession("fresh");
  for (const Session* session : std::vector<const Session*>{&old, &idle, &fresh}) {
    ASSERT_TRUE(sessions().Insert(*session).ok());
  }
  EXPECT_EQ(
      sessions().Purge(kNow - std::chrono::hours(12), kNow - std::chrono::minutes(30)).value_or(-1),
      2);
  EXPECT_TRUE(Exists("fresh"));
  EXPECT_FALSE(Exists("old"));
  EXPECT_FALSE(Exists("idle"));
}

}  // namespace
}  // namespace rn::storage
