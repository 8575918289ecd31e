// Signing in and out against a real (in-memory) store, with a clock the test moves.

#include <gtest/gtest.h>

#include "identity/accounts.h"
#include "identity/authenticator.h"
#include "identity/secret.h"
#include "identity/test_database.h"

namespace rn::identity {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

const Instant kStart{std::chrono::sys_days(std::chrono::year(2026) / 11 / 23)};
constexpr std::string_view kPassword = "correct horse battery staple 7";

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = OpenTestDatabase();
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    stores_ = &db_->stores();
    const Change change{"cli:tester", kStart, ""};
    ASSERT_TRUE(CreateSite(*stores_, {"north", "North"}, change).ok());
    for (const char* name : {"test.coach", "test.other"}) {
      auto added = AddStaffMember(
          *stores_,
          {name, "Test Person", std::string(kPassword), {{"", Role::kCoach, "north", {}}}}, change);
      ASSERT_TRUE(added.ok()) << added.status().message();
      user_ids_.push_back(added->id);
    }
  }

  // Stores `token` with the hash of `secret`, as IssueApiToken would with a secret of its own.
  Status InsertToken(ApiToken token, const std::string& secret) {
    token.created_by = "cli:tester";
    token.created_at = AuditTimestamp(kStart);
    return stores_->tokens.Insert(token, Sha256Hex(secret));
  }

  // The number of audit entries (the head's sequence number); -1 when it cannot be read.
  std::int64_t AuditCount() {
    Result<AuditHead> head = stores_->audit.LoadHead();
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->last_seq : -1;
  }

  AuditEvent LastAudit() {
    Result<std::vector<AuditEvent>> events = stores_->audit.LoadAll();
    EXPECT_TRUE(events.ok() && !events->empty());
    return events.ok() && !events->empty() ? events->back() : AuditEvent{};
  }

  void ExpectChainIntact() {
    Result<AuditHead> head = stores_->audit.LoadHead();
    Result<std::vector<AuditEvent>> events = stores_->audit.LoadAll();
    ASSERT_TRUE(head.ok() && events.ok());
    EXPECT_FALSE(VerifyChain(*events, *head).has_value());
  }

  std::unique_ptr<testing::TestDatabase<Stores>> db_;
  Stores* stores_ = nullptr;
  std::vector<std::string> user_ids_;

  Result<SignedIn> Login(std::string_view name, std::string_view password,
                         std::string_view address = "192.0.2.1", std::string_view previous = "") {
    return auth_.Login(*stores_, name, password, address, previous);
  }

  ManualClock clock_{kStart};
  Authenticator auth_{clock_, AuthOptions{}};
};

TEST_F(AuthenticatorTest, ASignInMakesASessionAndIsAudited) {
  auto signed_in = Login("TEST.COACH", kPassword);
  ASSERT_TRUE(signed_in.ok()) << signed_in.status().message();
  EXPECT_EQ(signed_in->cookie.size(), 43u);
  EXPECT_EQ(signed_in->caller.actor, "test.coach");
  EXPECT_EQ(signed_in->caller.csrf_token.size(), 43u);
  ASSERT_EQ(signed_in->caller.grants.size(), 1u);
  EXPECT_EQ(LastAudit().action, "auth.login");
  EXPECT_EQ(LastAudit().remote_address, "192.0.2.1");

  auto caller = auth_.FromSession(*stores_, signed_in->cookie);
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->user_id, user_ids_[0]);
  EXPECT_EQ(caller->csrf_token, signed_in->caller.csrf_token);
  // Only the hash is stored.
  EXPECT_FALSE(stores_->sessions.Find(signed_in->cookie)->has_value());
  EXPECT_TRUE(stores_->sessions.Find(Sha256Hex(signed_in->cookie))->has_value());
  ExpectChainIntact();
}

TEST_F(AuthenticatorTest, WrongPasswordUnknownNameAndDisabledAccountLookTheSame) {
  const auto wrong = Login("test.coach", "not the password at all");
  EXPECT_EQ(wrong.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(LastAudit().action, "auth.login.failure");
  EXPECT_EQ(LastAudit().actor, "test.coach");
  EXPECT_EQ(LastAudit().details, R"({"reason":"wrong_password"})");

  const auto unknown = Login("nobody.here", kPassword);
  EXPECT_EQ(unknown.status().code(), StatusCode::kUnauthenticated);
  EXPECT_EQ(unknown.status().message(), wrong.status().message());
  EXPECT_EQ(LastAudit().actor, "unknown");  // the typed name is not kept
  EXPECT_EQ(LastAudit().details, R"({"reason":"unknown_user"})");

  ASSERT_TRUE(SetUserDisabled(*stores_, user_ids_[1], true, {"cli:tester", kStart, ""}).ok());
  const auto disabled = Login("test.other", kPassword);
  EXPECT_EQ(disabled.status().message(), wrong.status().message());
  EXPECT_EQ(LastAudit().details, R"({"reason":"disabled"})");
}

TEST_F(AuthenticatorTest, AnAccountIsThrottledAfterFiveFailuresEvenWithTheRightPassword) {
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(
        Login("test.coach", "wrong password " + std::to_string(i), "192.0.2." + std::to_string(i))
            .status()
            .code(),
        StatusCode::kUnauthenticated);
  }
  const std::int64_t audited = AuditCount();
  const auto throttled = Login("test.coach", kPassword, "198.51.100.9");
  EXPECT_EQ(throttled.status().code(), StatusCode::kRateLimited);
  EXPECT_EQ(throttled.status().message(), "too many failed sign-ins: try again in 15 minutes");
  EXPECT_EQ(AuditCount(), audited);  // refused attempts are not audited one by one
  // Another account is not affected.
  EXPECT_TRUE(Login("test.other", kPassword).ok());
  clock_.Advance(minutes(15));
  EXPECT_TRUE(Login("test.coach", kPassword).ok());
}

TEST_F(AuthenticatorTest, AnAddressIsThrottledAfterTwentyFailures) {
  // One failure for each of twenty names: no account reaches its own limit.
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(Login("someone" + std::to_string(i), "wrong password", "203.0.113.5").ok());
  }
  const auto throttled = Login("test.other", kPassword, "203.0.113.5");
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.status().code(), StatusCode::kRateLimited);
  EXPECT_TRUE(Login("test.other", kPassword, "203.0.113.6").ok());
}

// Two servers on one database: each has its own connection and its own Authenticator, and the
// failures either counts are counted by both.
TEST(AuthenticatorAcrossServersTest, FailuresOnOneServerCountOnTheOtherAndSurviveARestart) {
  const rn::testing::TempDir directory;
  const std::string path = (directory.path() / "shared.db").string();
  auto first = OpenTestDatabase(path);
  ASSERT_TRUE(first.ok()) << first.status().message();
  auto second = OpenTestDatabase(path);
  ASSERT_TRUE(second.ok()) << second.status().message();
  const Change change{"cli:tester", kStart, ""};
  ASSERT_TRUE(CreateSite((*first)->stores(), {"north", "North"}, change).ok());
  ASSERT_TRUE(
      AddStaffMember(
          (*first)->stores(),
          {"test.coach", "Test Person", std::string(kPassword), {{"", Role::kCoach, "north", {}}}},
          change)
          .ok());
  ManualClock clock(kStart);
  Authenticator server_a(clock, AuthOptions{});
  Authenticator server_b(clock, AuthOptions{});
  for (int i = 0; i < 5; ++i) {
    Authenticator& server = i % 2 == 0 ? server_a : server_b;
    Stores& stores = i % 2 == 0 ? (*first)->stores() : (*second)->stores();
    EXPECT_EQ(server.Login(stores, "Test.Coach", "wrong password", "192.0.2.7", "").status().code(),
              StatusCode::kUnauthenticated);
    clock.Advance(seconds(10));
  }
  // The sixth is refused on either server, with the right password too, until the first failure
  // leaves the window; a new Authenticator (a restarted server) still counts them.
  EXPECT_EQ(server_a.Login((*first)->stores(), "test.coach", kPassword, "198.51.100.1", "")
                .status()
                .code(),
            StatusCode::kRateLimited);
  Authenticator restarted(clock, AuthOptions{});
  const auto refused =
      restarted.Login((*second)->stores(), "test.coach", kPassword, "198.51.100.2", "");
  EXPECT_EQ(refused.status().code(), StatusCode::kRateLimited);
  EXPECT_EQ(refused.status().message(), "too many failed sign-ins: try again in 15 minutes");
  clock.Advance(minutes(15) - seconds(50));
  EXPECT_TRUE(
      server_b.Login((*second)->stores(), "test.coach", kPassword, "198.51.100.3", "").ok());
  // A success forgets the account's failures.
  EXPECT_FALSE(server_a.Login((*first)->stores(), "test.coach", "wrong", "192.0.2.7", "").ok());
  EXPECT_TRUE(server_a.Login((*first)->stores(), "test.coach", kPassword, "192.0.2.7", "").ok());
}

TEST(ThrottleTest, TheWaitEndsWhenTheEventThatFilledTheWindowLeavesIt) {
  const Throttle throttle("test", 3, minutes(10));
  const Instant t = kStart;
  EXPECT_FALSE(throttle.WaitOf({t, t + seconds(5)}, t + seconds(6)).has_value());
  EXPECT_EQ(throttle.WaitOf({t, t + seconds(5), t + seconds(9)}, t + seconds(10)),
            minutes(10) - seconds(10));
  // More than the limit (two servers failing at once): the oldest that still fills it counts.
  EXPECT_EQ(throttle.WaitOf({t, t + seconds(5), t + seconds(9), t + seconds(20)}, t + seconds(30)),
            minutes(10) + seconds(5) - seconds(30));
  // Never less than a second.
  EXPECT_EQ(throttle.WaitOf({t, t, t}, t + minutes(10)), seconds(1));
}

TEST_F(AuthenticatorTest, ASignInEndsTheSessionItReplaces) {
  auto first = Login("test.coach", kPassword);
  ASSERT_TRUE(first.ok());
  auto second = Login("test.coach", kPassword, "192.0.2.1", first->cookie);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(first->cookie, second->cookie);
  EXPECT_EQ(auth_.FromSession(*stores_, first->cookie).status().code(),
            StatusCode::kUnauthenticated);
  EXPECT_TRUE(auth_.FromSession(*stores_, second->cookie).ok());
}

TEST_F(AuthenticatorTest, SessionsEndWhenIdleAndAfterTheAbsoluteLimit) {
  auto signed_in = Login("test.coach", kPassword);
  ASSERT_TRUE(signed_in.ok());
  // Used every 20 minutes it stays alive until 12 hours after sign-in.
  for (int i = 0; i < 35; ++i) {
    clock_.Advance(minutes(20));
    ASSERT_TRUE(auth_.FromSession(*stores_, signed_in->cookie).ok()) << i;
  }
  clock_.Advance(minutes(20));  // 12 h after sign-in
  EXPECT_EQ(auth_.FromSession(*stores_, signed_in->cookie).status().message(),
            "your session has ended: sign in again");
  EXPECT_FALSE(stores_->sessions.Find(Sha256Hex(signed_in->cookie))->has_value());

  auto idle = Login("test.coach", kPassword);
  ASSERT_TRUE(idle.ok());
  clock_.Advance(minutes(29));
  ASSERT_TRUE(auth_.FromSession(*stores_, idle->cookie).ok());
  clock_.Advance(minutes(30));
  EXPECT_EQ(auth_.FromSession(*stores_, idle->cookie).status().code(),
            StatusCode::kUnauthenticated);
}

TEST_F(AuthenticatorTest, LogoutAndLogoutEverywhere) {
  auto a = Login("test.coach", kPassword);
  auto b = Login("test.coach", kPassword);
  auto c = Login("test.coach", kPassword);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  ASSERT_TRUE(auth_.Logout(*stores_, a->caller, a->cookie, false, "192.0.2.1").ok());
  EXPECT_EQ(LastAudit().action, "auth.logout");
  EXPECT_FALSE(auth_.FromSession(*stores_, a->cookie).ok());
  EXPECT_TRUE(auth_.FromSession(*stores_, b->cookie).ok());
  ASSERT_TRUE(auth_.Logout(*stores_, b->caller, b->cookie, true, "192.0.2.1").ok());
  EXPECT_EQ(LastAudit().action, "auth.logout.everywhere");
  EXPECT_FALSE(auth_.FromSession(*stores_, b->cookie).ok());
  EXPECT_FALSE(auth_.FromSession(*stores_, c->cookie).ok());
  ExpectChainIntact();
}

TEST_F(AuthenticatorTest, TokensActAsTheirRoleUntilRevoked) {
  ApiToken token;
  token.id = "00112233aabbccdd";
  token.label = "ED referrals";
  token.site_id = "north";
  token.role = Role::kReferrer;
  const std::string secret =
      std::string(kApiTokenPrefix) + "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
  ASSERT_TRUE(InsertToken(token, secret).ok());
  auto caller = auth_.FromToken(*stores_, secret);
  ASSERT_TRUE(caller.ok());
  EXPECT_EQ(caller->actor, "token:00112233aabbccdd");
  EXPECT_EQ(caller->via, Caller::Via::kToken);
  ASSERT_EQ(caller->grants.size(), 1u);
  EXPECT_EQ(caller->grants[0].role, Role::kReferrer);
  EXPECT_EQ(caller->grants[0].site_id, "north");
  EXPECT_EQ(stores_->tokens.Get(token.id)->value().last_used_at, "2026-11-23T00:00:00Z");
  EXPECT_EQ(ReferrerPartnerAt(caller->grants, "north"), "");  // a referrer without a partner

  // A referrer token acts for its partner.
  ApiToken mercy = token;
  mercy.id = "0011223344556677";
  mercy.partner = "mercy-ed";
  const std::string mercy_secret = secret + "m";
  ASSERT_TRUE(InsertToken(mercy, mercy_secret).ok());
  auto mercy_caller = auth_.FromToken(*stores_, mercy_secret);
  ASSERT_TRUE(mercy_caller.ok());
  EXPECT_EQ(stores_->tokens.Get(mercy.id)->value().partner, "mercy-ed");
  EXPECT_EQ(ReferrerPartnerAt(mercy_caller->grants, "north"), "mercy-ed");

  EXPECT_FALSE(auth_.FromToken(*stores_, secret + "x").ok());

  // A token with an expiry works until then.
  ApiToken expiring = token;
  expiring.id = "99887766554433ff";
  expiring.expires_at = "2026-11-24T00:00:00Z";
  const std::string other = secret + "2";
  ASSERT_TRUE(InsertToken(expiring, other).ok());
  EXPECT_TRUE(auth_.FromToken(*stores_, other).ok());
  clock_.Advance(std::chrono::hours(24));
  EXPECT_EQ(auth_.FromToken(*stores_, other).status().message(), "the API token has expired");
  EXPECT_FALSE(auth_.FromToken(*stores_, secret.substr(3)).ok());
  ASSERT_TRUE(RevokeApiToken(*stores_, token.id, {"cli:tester", kStart, ""}).ok());
  EXPECT_EQ(auth_.FromToken(*stores_, secret).status().code(), StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace rn::identity
