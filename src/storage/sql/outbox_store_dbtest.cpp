// notify::OutboxStore on SQLite and the dispatcher over it: a claim is a lease (two workers never
// hold the same message; an expired lease is claimed again), a failed attempt backs off and the
// last one fails the message, a delivered message is never claimed or recorded again, cancelling
// leaves delivered messages alone, and the dispatcher's thread wakes when its doorbell rings.

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "notify/dispatcher.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

using namespace std::chrono_literals;
using notify::Channel;
using notify::MessageState;
using notify::OutboxMessage;

const Instant kNow = TestInstant(12, 0);
constexpr Channel kBoth[] = {Channel::kEmail, Channel::kSms};

OutboxMessage Page(Channel channel, Instant due, std::string about = "referral:r1") {
  OutboxMessage message;
  message.channel = channel;
  message.recipient = channel == Channel::kEmail ? "a@north.example.org" : "+18065550101";
  message.subject = channel == Channel::kEmail ? "Urgent ED referral from Mercy Test ED" : "";
  message.body = "Urgent ED referral from Mercy Test ED";
  message.site_id = "north";
  message.about = std::move(about);
  message.created_at = kNow;
  message.due = due;
  return message;
}

class OutboxStoreTest : public FileDatabaseTest {
 protected:
  notify::OutboxStore& outbox() { return db_->outbox(); }

  std::vector<std::int64_t> Enqueue(std::vector<OutboxMessage> messages) {
    EXPECT_TRUE(outbox().Enqueue(&messages).ok());
    std::vector<std::int64_t> ids;
    for (const OutboxMessage& m : messages) ids.push_back(m.id);
    return ids;
  }

  OutboxMessage Stored(std::int64_t id) {
    Result<std::vector<OutboxMessage>> all = outbox().ListRecent(1000);
    EXPECT_TRUE(all.ok());
    for (const OutboxMessage& m : all.ok() ? *all : std::vector<OutboxMessage>{}) {
      if (m.id == id) return m;
    }
    ADD_FAILURE() << "no message " << id;
    return {};
  }

  std::optional<std::int64_t> Claim(notify::OutboxStore& store, Instant now, std::string_view owner,
                                    std::span<const Channel> channels = kBoth) {
    Result<std::optional<OutboxMessage>> claimed = store.ClaimNext(now, owner, 60s, channels);
    EXPECT_TRUE(claimed.ok()) << claimed.status().message();
    if (!claimed.ok() || !*claimed) return std::nullopt;
    return (*claimed)->id;
  }
};

TEST_F(OutboxStoreTest, EnqueuedMessagesRoundTripAsPending) {
  std::vector<OutboxMessage> messages = {Page(Channel::kEmail, kNow),
                                         Page(Channel::kSms, kNow + 15min)};
  ASSERT_TRUE(outbox().Enqueue(&messages).ok());
  EXPECT_GT(messages[0].id, 0);
  EXPECT_EQ(messages[1].id, messages[0].id + 1);
  EXPECT_EQ(*outbox().ListAbout("referral:r1"), messages);
  EXPECT_EQ(messages[1].next_attempt, kNow + 15min);
  EXPECT_TRUE(outbox().ListAbout("referral:r2")->empty());
}

TEST_F(OutboxStoreTest, AClaimIsALeaseThatASecondWorkerRespectsUntilItRunsOut) {
  const std::vector<std::int64_t> ids =
      Enqueue({Page(Channel::kEmail, kNow), Page(Channel::kSms, kNow + 1s),
               Page(Channel::kSms, kNow + 15min)});
  // A second connection to the same file, as another server would have.
  Result<std::unique_ptr<Database>> other = Database::Open(TestLocation(DbPath()));
  ASSERT_TRUE(other.ok());
  const Instant at = kNow + 1s;
  EXPECT_EQ(Claim(outbox(), at, "worker-a"), ids[0]);  // the earliest due first
  EXPECT_EQ(Claim((*other)->outbox(), at, "worker-b"), ids[1]);
  EXPECT_EQ(Claim((*other)->outbox(), at, "worker-b"), std::nullopt);  // the third is not due
  EXPECT_EQ(Claim(outbox(), at + 59s, "worker-b"), std::nullopt);      // leases still held
  // worker-a died holding its claim: once the lease runs out the message is claimed again.
  EXPECT_EQ(Claim((*other)->outbox(), at + 60s, "worker-b"), ids[0]);
}

TEST_F(OutboxStoreTest, OnlyTheChannelsAskedForAreClaimed) {
  const std::vector<std::int64_t> ids = Enqueue({Page(Channel::kEmail, kNow)});
  constexpr Channel kSmsOnly[] = {Channel::kSms};
  EXPECT_EQ(Claim(outbox(), kNow, "w", kSmsOnly), std::nullopt);
  EXPECT_EQ(Claim(outbox(), kNow, "w", {}), std::nullopt);
  EXPECT_EQ(Claim(outbox(), kNow, "w"), ids[0]);
}

TEST_F(OutboxStoreTest, AFailedAttemptBacksOffAndTheLastOneFailsTheMessage) {
  const std::int64_t id = Enqueue({Page(Channel::kSms, kNow)})[0];
  ASSERT_EQ(Claim(outbox(), kNow, "w"), id);
  ASSERT_TRUE(
      outbox().MarkAttemptFailed(id, "w", kNow, "sms webhook: answered 503", kNow + 10s).ok());
  OutboxMessage m = Stored(id);
  EXPECT_EQ(m.state, MessageState::kPending);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.next_attempt, kNow + 10s);
  EXPECT_EQ(m.last_error, "sms webhook: answered 503");
  EXPECT_EQ(Claim(outbox(), kNow + 9s, "w"), std::nullopt);
  ASSERT_EQ(Claim(outbox(), kNow + 10s, "w"), id);
  // Another owner's report changes nothing.
  ASSERT_TRUE(outbox().MarkAttemptFailed(id, "intruder", kNow + 10s, "x", std::nullopt).ok());
  EXPECT_EQ(Stored(id).attempts, 1);
  ASSERT_TRUE(outbox().MarkAttemptFailed(id, "w", kNow + 11s, "refused", std::nullopt).ok());
  m = Stored(id);
  EXPECT_EQ(m.state, MessageState::kFailed);
  EXPECT_EQ(m.attempts, 2);
  EXPECT_EQ(m.failed_at, kNow + 11s);
  EXPECT_EQ(Claim(outbox(), kNow + 1h, "w"), std::nullopt);
}

TEST_F(OutboxStoreTest, ADeliveredMessageIsNeverClaimedOrRecordedAgain) {
  const std::int64_t id = Enqueue({Page(Channel::kEmail, kNow)})[0];
  ASSERT_EQ(Claim(outbox(), kNow, "w"), id);
  ASSERT_TRUE(outbox().MarkDelivered(id, kNow + 1s).ok());
  ASSERT_TRUE(outbox().MarkDelivered(id, kNow + 5s).ok());
  const OutboxMessage m = Stored(id);
  EXPECT_EQ(m.state, MessageState::kDelivered);
  EXPECT_EQ(m.delivered_at, kNow + 1s);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(Claim(outbox(), kNow + 1h, "w"), std::nullopt);
}

TEST_F(OutboxStoreTest, CancellingTakesThePendingOnesOfWhatTheyAreAbout) {
  const std::vector<std::int64_t> ids =
      Enqueue({Page(Channel::kEmail, kNow), Page(Channel::kSms, kNow),
               Page(Channel::kEmail, kNow + 15min), Page(Channel::kEmail, kNow, "referral:r2")});
  ASSERT_EQ(Claim(outbox(), kNow, "w"), ids[0]);
  ASSERT_TRUE(outbox().MarkDelivered(ids[0], kNow).ok());
  ASSERT_EQ(Claim(outbox(), kNow, "w"), ids[1]);  // being sent as the referral is accepted
  EXPECT_EQ(*outbox().CancelPending("referral:r1", kNow + 1min), 2);
  EXPECT_EQ(Stored(ids[0]).state, MessageState::kDelivered);
  EXPECT_EQ(Stored(ids[1]).state, MessageState::kCancelled);
  EXPECT_EQ(Stored(ids[2]).cancelled_at, kNow + 1min);
  EXPECT_EQ(Stored(ids[3]).state, MessageState::kPending);
  // The send under way went through: it is recorded as delivered.
  ASSERT_TRUE(outbox().MarkDelivered(ids[1], kNow + 1min).ok());
  EXPECT_EQ(Stored(ids[1]).state, MessageState::kDelivered);
  EXPECT_EQ(Stored(ids[1]).cancelled_at, std::nullopt);
  EXPECT_EQ(Claim(outbox(), kNow + 1h, "w"), ids[3]);
}

TEST_F(OutboxStoreTest, EnqueueJoinsTheUnitOfWork) {
  const Status status = db_->unit_of_work().Run([&]() -> Result<identity::AuditEvent> {
    std::vector<OutboxMessage> messages = {Page(Channel::kEmail, kNow)};
    RN_RETURN_IF_ERROR(outbox().Enqueue(&messages));
    return Status::Internal("fails after the enqueue");
  });
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_TRUE(outbox().ListRecent(10)->empty());
}

// A sender that fails as told and records what it sent.
class FakeSender final : public notify::Sender {
 public:
  Status Send(const OutboxMessage& message) override {
    ++calls;
    if (failures > 0) {
      --failures;
      return Status(failure_code, "fake: down");
    }
    sent.push_back(message.id);
    bodies.push_back(message.body);
    return Status::Ok();
  }

  std::atomic<int> calls{0};
  int failures = 0;
  StatusCode failure_code = StatusCode::kUnavailable;
  std::vector<std::int64_t> sent;
  std::vector<std::string> bodies;
};

class DispatcherTest : public OutboxStoreTest {
 protected:
  notify::DispatcherOptions Options(std::string owner = "test-worker") {
    notify::DispatcherOptions options;
    options.owner = std::move(owner);
    options.retry = {10s, 40s, 4};
    return options;
  }

  ManualClock clock_{kNow};
  notify::Doorbell doorbell_;
  FakeSender email_;
  FakeSender sms_;
};

TEST_F(DispatcherTest, AReceiverThatIsDownIsTriedAgainWithBackoffAndGetsTheMessageOnce) {
  const std::vector<std::int64_t> ids =
      Enqueue({Page(Channel::kEmail, kNow), Page(Channel::kSms, kNow)});
  email_.failures = 2;
  notify::Dispatcher dispatcher(outbox(), clock_, doorbell_, {&email_, &sms_}, Options());
  EXPECT_EQ(*dispatcher.SendDue(), 2);
  EXPECT_EQ(sms_.sent, std::vector<std::int64_t>{ids[1]});
  EXPECT_EQ(Stored(ids[0]).next_attempt, kNow + 10s);
  EXPECT_EQ(*dispatcher.SendDue(), 0);  // nothing due yet
  clock_.Advance(10s);
  EXPECT_EQ(*dispatcher.SendDue(), 1);  // fails again: the wait doubles
  EXPECT_EQ(Stored(ids[0]).next_attempt, kNow + 30s);
  clock_.Advance(20s);
  EXPECT_EQ(*dispatcher.SendDue(), 1);
  EXPECT_EQ(email_.sent, std::vector<std::int64_t>{ids[0]});
  const OutboxMessage delivered = Stored(ids[0]);
  EXPECT_EQ(delivered.state, MessageState::kDelivered);
  EXPECT_EQ(delivered.attempts, 3);
  EXPECT_EQ(delivered.last_error, "");
  clock_.Advance(1h);
  EXPECT_EQ(*dispatcher.SendDue(), 0);
  EXPECT_EQ(email_.calls, 3);
  EXPECT_EQ(sms_.calls, 1);
}

TEST_F(DispatcherTest, TheLastAttemptOrARefusalForGoodFailsTheMessage) {
  const std::vector<std::int64_t> ids =
      Enqueue({Page(Channel::kEmail, kNow), Page(Channel::kSms, kNow)});
  email_.failures = 10;
  sms_.failures = 1;
  sms_.failure_code = StatusCode::kInvalidArgument;
  notify::Dispatcher dispatcher(outbox(), clock_, doorbell_, {&email_, &sms_}, Options());
  for (int round = 0; round < 6; ++round) {
    ASSERT_TRUE(dispatcher.SendDue().ok());
    clock_.Advance(1min);
  }
  EXPECT_EQ(Stored(ids[0]).state, MessageState::kFailed);
  EXPECT_EQ(Stored(ids[0]).attempts, 4);
  EXPECT_EQ(email_.calls, 4);
  EXPECT_EQ(Stored(ids[1]).state, MessageState::kFailed);
  EXPECT_EQ(Stored(ids[1]).attempts, 1);
  EXPECT_EQ(sms_.calls, 1);
}

TEST_F(DispatcherTest, ATextEndsWithItsLinkUnderTheConsolesAddress) {
  OutboxMessage page = Page(Channel::kSms, kNow);
  page.link = "/staff/sites/north/referrals/r1";
  Enqueue({page});
  notify::DispatcherOptions options = Options();
  options.console_url = "https://rn.example.org";
  notify::Dispatcher dispatcher(outbox(), clock_, doorbell_, {&email_, &sms_}, options);
  EXPECT_EQ(*dispatcher.SendDue(), 1);
  EXPECT_EQ(sms_.bodies, std::vector<std::string>{"Urgent ED referral from Mercy Test ED: "
                                                  "https://rn.example.org/staff/sites/north/"
                                                  "referrals/r1"});
}

TEST_F(DispatcherTest, AChannelWithoutASenderStaysQueued) {
  const std::vector<std::int64_t> ids =
      Enqueue({Page(Channel::kEmail, kNow), Page(Channel::kSms, kNow)});
  notify::Dispatcher dispatcher(outbox(), clock_, doorbell_, {&email_, nullptr}, Options());
  EXPECT_EQ(*dispatcher.SendDue(), 1);
  EXPECT_EQ(Stored(ids[0]).state, MessageState::kDelivered);
  EXPECT_EQ(Stored(ids[1]).state, MessageState::kPending);
  EXPECT_EQ(Stored(ids[1]).attempts, 0);
}

TEST_F(DispatcherTest, TwoDispatchersOnOneDatabaseSendEachMessageOnce) {
  std::vector<OutboxMessage> many;
  for (int i = 0; i < 40; ++i) many.push_back(Page(i % 2 ? Channel::kSms : Channel::kEmail, kNow));
  Enqueue(many);
  Result<std::unique_ptr<Database>> other = Database::Open(TestLocation(DbPath()));
  ASSERT_TRUE(other.ok());
  FakeSender email_b;
  FakeSender sms_b;
  notify::Doorbell doorbell_b;
  notify::Dispatcher a(outbox(), clock_, doorbell_, {&email_, &sms_}, Options("worker-a"));
  notify::Dispatcher b((*other)->outbox(), clock_, doorbell_b, {&email_b, &sms_b},
                       Options("worker-b"));
  std::thread thread_b([&] { ASSERT_TRUE(b.SendDue().ok()); });
  ASSERT_TRUE(a.SendDue().ok());
  thread_b.join();
  std::map<std::int64_t, int> times;
  for (const FakeSender* sender : {&email_, &sms_, &email_b, &sms_b}) {
    for (std::int64_t id : sender->sent) ++times[id];
  }
  EXPECT_EQ(times.size(), 40u);
  for (const auto& [id, count] : times) EXPECT_EQ(count, 1) << id;
}

TEST_F(DispatcherTest, TheWorkerWakesWhenTheDoorbellRings) {
  notify::DispatcherOptions options = Options();
  options.poll = std::chrono::minutes(10);  // only the doorbell can wake it in time
  notify::Dispatcher dispatcher(outbox(), clock_, doorbell_, {&email_, &sms_}, options);
  dispatcher.Start();
  std::this_thread::sleep_for(50ms);  // it has looked once and waits
  Enqueue({Page(Channel::kEmail, kNow)});
  const auto rung = std::chrono::steady_clock::now();
  doorbell_.Ring();
  while (email_.calls == 0 && std::chrono::steady_clock::now() - rung < 5s) {
    std::this_thread::sleep_for(5ms);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - rung, 2s);
  dispatcher.Stop();
  EXPECT_EQ(email_.calls, 1);
}

}  // namespace
}  // namespace rn::storage
