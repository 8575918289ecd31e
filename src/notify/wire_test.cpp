#include "notify/wire.h"

#include <gtest/gtest.h>

namespace rn::notify {
namespace {

using namespace std::chrono_literals;

const Instant kAt = std::chrono::sys_days(std::chrono::year(2026) / 12 / 2) + 11h + 30min + 5s;

OutboxMessage Email() {
  OutboxMessage message;
  message.id = 42;
  message.channel = Channel::kEmail;
  message.recipient = "coach.a@north.example.org";
  message.subject = "Urgent ED referral from Mercy Test Hospital ED";
  message.body = "Urgent ED referral from Mercy Test Hospital ED \u2014 open recoverynet";
  return message;
}

TEST(Base64, Rfc4648Vectors) {
  EXPECT_EQ(Base64(""), "");
  EXPECT_EQ(Base64("f"), "Zg==");
  EXPECT_EQ(Base64("fo"), "Zm8=");
  EXPECT_EQ(Base64("foo"), "Zm9v");
  EXPECT_EQ(Base64("foob"), "Zm9vYg==");
  EXPECT_EQ(Base64("fooba"), "Zm9vYmE=");
  EXPECT_EQ(Base64("foobar"), "Zm9vYmFy");
}

TEST(MailText, HeadersThenTheBodyInBase64) {
  const std::string text = MailText(Email(), "pages@north.example.org", kAt);
  EXPECT_EQ(text.find("Date: Wed, 02 Dec 2026 11:30:05 +0000\r\n"), 0u);
  EXPECT_NE(text.find("\r\nFrom: pages@north.example.org\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nTo: coach.a@north.example.org\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nSubject: Urgent ED referral from Mercy Test Hospital ED\r\n"),
            std::string::npos);
  EXPECT_NE(text.find("\r\nMessage-ID: <outbox-42@north.example.org>\r\n"), std::string::npos);
  EXPECT_NE(text.find("\r\nContent-Type: text/plain; charset=utf-8\r\n"), std::string::npos);
  const std::size_t blank = text.find("\r\n\r\n");
  ASSERT_NE(blank, std::string::npos);
  std::string body = text.substr(blank + 4);
  EXPECT_EQ(body.find("\r\n"), 76u);  // lines of 76 characters
  std::erase(body, '\r');
  std::erase(body, '\n');
  EXPECT_EQ(body, Base64(Email().body));
}

TEST(MailText, ASubjectThatIsNotAsciiIsEncodedAndFoldedWithoutSplittingACharacter) {
  OutboxMessage message = Email();
  message.subject = "Urgent ED referral from Hospital San José de la Montaña Test Emergency";
  const std::string text = MailText(message, "pages@north.example.org", kAt);
  const std::size_t start = text.find("Subject: ") + 9;
  const std::string subject = text.substr(start, text.find("\r\nMessage-ID") - start);
  EXPECT_EQ(subject.find("=?UTF-8?B?"), 0u);
  EXPECT_NE(subject.find("?=\r\n =?UTF-8?B?"), std::string::npos);  // folded
  EXPECT_EQ(subject.find_first_of("éñ"), std::string::npos);
  // Each encoded word decodes on its own (45 bytes at most, whole characters).
  std::string decoded;
  std::size_t at = 0;
  while ((at = subject.find("=?UTF-8?B?", at)) != std::string::npos) {
    const std::size_t end = subject.find("?=", at + 10);
    const std::string word = subject.substr(at + 10, end - at - 10);
    EXPECT_LE(word.size(), 60u);
    at = end;
  }
}

TEST(TextToSend, EndsWithTheLinkUnderTheConsolesAddress) {
  OutboxMessage message = Email();
  message.body = "Urgent";
  EXPECT_EQ(TextToSend(message, "https://rn.example.org/"), "Urgent");  // no link
  message.link = "/staff/sites/north/referrals/ab12";
  EXPECT_EQ(TextToSend(message, "https://rn.example.org/"),
            "Urgent: https://rn.example.org/staff/sites/north/referrals/ab12");
  EXPECT_EQ(TextToSend(message, ""), "Urgent");
}

TEST(FormEncode, PercentEncodesAllButTheUnreserved) {
  EXPECT_EQ(FormEncode({{"To", "+18065550142"}, {"Body", "a b&c=d/\u2014~"}}),
            "To=%2B18065550142&Body=a+b%26c%3Dd%2F%E2%80%94~");
  OutboxMessage sms = Email();
  sms.channel = Channel::kSms;
  sms.recipient = "+18065550142";
  sms.body = "Urgent";
  EXPECT_EQ(SmsForm(sms, "+18065550100"), "To=%2B18065550142&From=%2B18065550100&Body=Urgent");
}

}  // namespace
}  // namespace rn::notify
