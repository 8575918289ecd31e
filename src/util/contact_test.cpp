#include "util/contact.h"

#include <gtest/gtest.h>

namespace rn::contact {
namespace {

TEST(InternationalPhone, IsE164AndNeedsTheCountryCode) {
  EXPECT_EQ(*InternationalPhone("pager_phone", " +1 (806) 555-0142 ", true), "+18065550142");
  EXPECT_EQ(*InternationalPhone("pager_phone", "+44 20 7946 0958", false), "+442079460958");
  const Status local = InternationalPhone("pager_phone", "806-555-0142", true).status();
  EXPECT_EQ(local.field(), "pager_phone");
  EXPECT_NE(local.message().find("international"), std::string::npos);
  EXPECT_EQ(InternationalPhone("pager_phone", "+1 806", true).status().field(), "pager_phone");
  EXPECT_EQ(*InternationalPhone("pager_phone", "  ", false), "");
  EXPECT_EQ(InternationalPhone("pager_phone", "", true).status().field(), "pager_phone");
}

TEST(EmailAddress, TakesOrdinaryAddressesAndTrimsThem) {
  EXPECT_EQ(*EmailAddress("email", " coach.a+pages@north.example.org ", true),
            "coach.a+pages@north.example.org");
  EXPECT_EQ(*EmailAddress("email", "", false), "");
  EXPECT_EQ(EmailAddress("email", "", true).status().field(), "email");
}

TEST(EmailAddress, RefusesWhatCouldBreakAnSmtpCommandOrAHeader) {
  for (const char* bad :
       {"coach", "coach@", "@example.org", "coach@example", "a@b@example.org",
        "coach@example.org\r\nRCPT TO:<x@example.org>", "coach @example.org", "<coach@example.org>",
        "coach@example.org,other@example.org", "coach@exa_mple.org", "coach..a@example.org",
        "coach@-example.org", "côach@example.org", "coach@example..org"}) {
    const Status status = EmailAddress("email", bad, true).status();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status.field(), "email") << bad;
  }
  EXPECT_FALSE(EmailAddress("email", std::string(250, 'a') + "@example.org", true).ok());
}

}  // namespace
}  // namespace rn::contact
