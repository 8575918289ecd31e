#include "casework/paging.h"

#include <gtest/gtest.h>

namespace rn::casework {
namespace {

using namespace std::chrono_literals;

const Instant kReceived = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 11h + 30min;

TEST(PageText, NamesThePartnerAndTheKindOfProgramOnly) {
  const std::string subject = PageSubject(ProgramKind::kEdCoaching, "Mercy Test Hospital ED");
  EXPECT_EQ(subject, "Urgent ED referral from Mercy Test Hospital ED");
  EXPECT_EQ(PageSubject(ProgramKind::kHomeVisiting, "St Anne Test OB"),
            "Urgent home-visiting referral from St Anne Test OB");
  EXPECT_EQ(PageBody(subject),
            "Urgent ED referral from Mercy Test Hospital ED \u2014 open recoverynet");
  EXPECT_EQ(ReferralPath("north", "ab12"), "/staff/sites/north/referrals/ab12");
}

TEST(PageMessages, AnEmailAndATextPerPersonPerStepDueWithTheStep) {
  const std::vector<PageStep> plan =
      EscalationPlan({"u-a", "u-b"}, {"u-s", "u-t"}, kReceived, 15min);
  const std::vector<PageRecipient> recipients = {
      {"u-a", "a@north.example.org", "+18065550101"},
      {"u-b", "", "+18065550102"},  // a text only
      {"u-s", "s@north.example.org", ""},
      {"u-t", "t@north.example.org", "+18065550104"},
  };
  const std::vector<notify::OutboxMessage> messages =
      PageMessages(plan, recipients, "Subject", "Body", "north", "ab12", kReceived);
  struct Expected {
    notify::Channel channel;
    std::string recipient;
    Instant due;
  };
  const std::vector<Expected> expected = {
      {notify::Channel::kEmail, "a@north.example.org", kReceived},
      {notify::Channel::kSms, "+18065550101", kReceived},
      {notify::Channel::kSms, "+18065550102", kReceived + 15min},
      {notify::Channel::kEmail, "s@north.example.org", kReceived + 30min},
      {notify::Channel::kEmail, "t@north.example.org", kReceived + 30min},
      {notify::Channel::kSms, "+18065550104", kReceived + 30min},
  };
  ASSERT_EQ(messages.size(), expected.size());
  for (std::size_t i = 0; i < messages.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(messages[i].channel, expected[i].channel);
    EXPECT_EQ(messages[i].recipient, expected[i].recipient);
    EXPECT_EQ(messages[i].due, expected[i].due);
    EXPECT_EQ(messages[i].subject, messages[i].channel == notify::Channel::kEmail ? "Subject" : "");
    EXPECT_EQ(messages[i].body, "Body");
    EXPECT_EQ(messages[i].link, "/staff/sites/north/referrals/ab12");
    EXPECT_EQ(messages[i].site_id, "north");
    EXPECT_EQ(messages[i].about, "referral:ab12");
    EXPECT_EQ(messages[i].created_at, kReceived);
    EXPECT_EQ(messages[i].state, notify::MessageState::kPending);
  }
}

TEST(PageMessages, SomeoneWithoutContactsGetsNothing) {
  const std::vector<PageStep> plan = EscalationPlan({"u-a"}, {}, kReceived, 15min);
  EXPECT_TRUE(
      PageMessages(plan, {{"u-other", "o@example.org", ""}}, "S", "B", "north", "ab12", kReceived)
          .empty());
  EXPECT_TRUE(PageMessages({}, {{"u-a", "a@example.org", ""}}, "S", "B", "north", "ab12", kReceived)
                  .empty());
}

}  // namespace
}  // namespace rn::casework
