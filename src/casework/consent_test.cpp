#include "casework/consent.h"

#include <gtest/gtest.h>

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
using date::day;
using date::month;
using date::year;

const date::time_zone* Chicago() { return date::locate_zone("America/Chicago"); }

// 18:00 in Chicago (CST, UTC-6) on `d`.
Instant ChicagoEvening(Day d) { return date::sys_days{d} + 24h; }

Consent Signed() {
  Consent consent;
  consent.id = "c1";
  consent.participant_id = "p1";
  consent.site_id = "north";
  consent.discloser = "North Test Site ED coaching";
  consent.information = {Information::kReferralStatus, Information::kEnrollment};
  consent.recipients = {"mercy-ed"};
  consent.purposes = {Purpose::kReferralFollowUp};
  consent.expires_on = year{2027} / month{6} / day{30};
  consent.signed_on = year{2026} / month{12} / day{1};
  consent.signed_how = SignedHow::kElectronic;
  return consent;
}

DisclosureRequest ToMercy() {
  return {"mercy-ed",
          PartnerKind::kHospital,
          Purpose::kReferralFollowUp,
          {Information::kReferralStatus}};
}

ConsentFacts On(Day d) { return {ChicagoEvening(d), Chicago(), std::nullopt}; }

const Day kToday = year{2026} / month{12} / day{2};

TEST(CheckConsent, CoversItsRecipientPurposeAndInformation) {
  EXPECT_EQ(CheckConsent(Signed(), ToMercy(), On(kToday)), ConsentGap::kNone);
  EXPECT_TRUE(CoveringConsent({Signed()}, ToMercy(), On(kToday)).ok());
  EXPECT_EQ(*CoveringConsent({Signed()}, ToMercy(), On(kToday)), "c1");
}

TEST(CheckConsent, NamesTheElementThatIsMissing) {
  DisclosureRequest other = ToMercy();
  other.recipient = "county-court";
  other.partner_kind = PartnerKind::kCourt;
  EXPECT_EQ(CheckConsent(Signed(), other, On(kToday)), ConsentGap::kRecipient);
  DisclosureRequest purpose = ToMercy();
  purpose.purpose = Purpose::kPayment;
  EXPECT_EQ(CheckConsent(Signed(), purpose, On(kToday)), ConsentGap::kPurpose);
  DisclosureRequest information = ToMercy();
  information.information = {Information::kReferralStatus, Information::kContacts};
  EXPECT_EQ(CheckConsent(Signed(), information, On(kToday)), ConsentGap::kInformation);
  Result<std::string> refused = CoveringConsent({Signed()}, information, On(kToday));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(refused.status().field(), "information");
  EXPECT_EQ(refused.status().message(),
            "the consent naming mercy-ed does not cover the information contacts");
}

TEST(CheckConsent, TheWholeRecordCoversEveryKind) {
  Consent consent = Signed();
  consent.information = {Information::kRecord};
  DisclosureRequest request = ToMercy();
  request.information = {Information::kContacts, Information::kRecoveryPlan};
  EXPECT_EQ(CheckConsent(consent, request, On(kToday)), ConsentGap::kNone);
}

TEST(CheckConsent, InForceThroughTheEndOfItsExpiryDayInTheSitesZone) {
  const Day last = year{2027} / month{6} / day{30};
  // 23:59 CDT on 30 June is 04:59 UTC on 1 July: still in force in Chicago.
  const Instant late = date::sys_days{year{2027} / month{7} / day{1}} + 4h + 59min;
  EXPECT_EQ(CheckConsent(Signed(), ToMercy(), {late, Chicago(), std::nullopt}), ConsentGap::kNone);
  EXPECT_EQ(CheckConsent(Signed(), ToMercy(), {late + 2min, Chicago(), std::nullopt}),
            ConsentGap::kExpired);
  Result<std::string> refused = CoveringConsent({Signed()}, ToMercy(), On(AddDays(last, 1)));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "expires_at");
  EXPECT_EQ(refused.status().message(), "the consent naming mercy-ed expired on 2027-06-30");
}

TEST(CheckConsent, AConsentThatEndsAtDischargeEndsWhenThePersonIsDischarged) {
  Consent consent = Signed();
  consent.expires_on.reset();
  consent.expires_on_event = ExpiryEvent::kDischarge;
  ConsentFacts facts = On(kToday);
  EXPECT_EQ(CheckConsent(consent, ToMercy(), facts), ConsentGap::kNone);
  facts.discharged_at = facts.now + 1h;
  EXPECT_EQ(CheckConsent(consent, ToMercy(), facts), ConsentGap::kNone);
  facts.discharged_at = facts.now - 1h;
  EXPECT_EQ(CheckConsent(consent, ToMercy(), facts), ConsentGap::kExpired);
}

TEST(CheckConsent, RevokedWholeOrForOneRecipient) {
  Consent whole = Signed();
  ASSERT_TRUE(Revoke(&whole, "", ChicagoEvening(kToday) - 1h).ok());
  EXPECT_EQ(CheckConsent(whole, ToMercy(), On(kToday)), ConsentGap::kRevoked);
  // Before the revocation it was in force.
  EXPECT_EQ(CheckConsent(whole, ToMercy(), {ChicagoEvening(kToday) - 2h, Chicago(), std::nullopt}),
            ConsentGap::kNone);
  EXPECT_EQ(Revoke(&whole, "", ChicagoEvening(kToday)).code(), StatusCode::kConflict);

  Consent one = Signed();
  one.recipients = {"mercy-ed", "st-anne-ob"};
  ASSERT_TRUE(Revoke(&one, "mercy-ed", ChicagoEvening(kToday) - 1h).ok());
  EXPECT_EQ(CheckConsent(one, ToMercy(), On(kToday)), ConsentGap::kRevoked);
  DisclosureRequest ob = ToMercy();
  ob.recipient = "st-anne-ob";
  ob.partner_kind = PartnerKind::kClinic;
  EXPECT_EQ(CheckConsent(one, ob, On(kToday)), ConsentGap::kNone);
  EXPECT_EQ(Revoke(&one, "mercy-ed", ChicagoEvening(kToday)).code(), StatusCode::kConflict);
  EXPECT_EQ(Revoke(&one, "county-court", ChicagoEvening(kToday)).field(), "recipient");
  Result<std::string> refused = CoveringConsent({one}, ToMercy(), On(kToday));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "revoked_at");
}

TEST(CheckConsent, AClassOfRecipientsCoversItsKindsOfPartner) {
  Consent consent = Signed();
  consent.recipients.clear();
  consent.recipient_class = std::string(kTreatingProviders);
  DisclosureRequest clinic = ToMercy();
  clinic.recipient = "st-anne-ob";
  clinic.partner_kind = PartnerKind::kClinic;
  EXPECT_EQ(CheckConsent(consent, clinic, On(kToday)), ConsentGap::kNone);
  DisclosureRequest court = clinic;
  court.recipient = "county-court";
  court.partner_kind = PartnerKind::kCourt;
  EXPECT_EQ(CheckConsent(consent, court, On(kToday)), ConsentGap::kRecipient);
}

TEST(CheckConsent, NotInForceBeforeItIsSigned) {
  Consent consent = Signed();
  consent.signed_on = AddDays(kToday, 1);
  EXPECT_EQ(CheckConsent(consent, ToMercy(), On(kToday)), ConsentGap::kNotSigned);
  EXPECT_FALSE(InForce(consent, On(kToday)));
  EXPECT_TRUE(InForce(Signed(), On(kToday)));
}

TEST(CoveringConsent, ExplainsFromTheConsentThatComesClosest) {
  Consent other = Signed();
  other.id = "c0";
  other.recipients = {"county-court"};
  Consent revoked = Signed();
  ASSERT_TRUE(Revoke(&revoked, "", ChicagoEvening(kToday) - 1h).ok());
  Result<std::string> refused = CoveringConsent({other, revoked}, ToMercy(), On(kToday));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().field(), "revoked_at");
  EXPECT_EQ(refused.status().message(), "the consent naming mercy-ed was revoked");
  Result<std::string> none = CoveringConsent({}, ToMercy(), On(kToday));
  EXPECT_EQ(none.status().field(), "consent");
  Result<std::string> stranger = CoveringConsent({other}, ToMercy(), On(kToday));
  EXPECT_EQ(stranger.status().field(), "recipient");
  Result<std::string> covered = CoveringConsent({other, revoked, Signed()}, ToMercy(), On(kToday));
  ASSERT_TRUE(covered.ok());
  EXPECT_EQ(*covered, "c1");
  // A consent about this very disclosure that has ended comes closer than one in force that is
  // about another purpose: what is said is that it ended, not that no consent names the purpose.
  Consent other_purpose = Signed();
  other_purpose.id = "c2";
  other_purpose.purposes = {Purpose::kPayment};
  Result<std::string> ended = CoveringConsent({other_purpose, revoked}, ToMercy(), On(kToday));
  EXPECT_EQ(ended.status().field(), "revoked_at");
  EXPECT_EQ(CoveringConsent({other_purpose}, ToMercy(), On(kToday)).status().field(), "purpose");
}

TEST(NormalizeConsent, RequiresEveryElementOfSection231) {
  auto field = [](Consent consent) {
    Status status = NormalizeConsent(&consent, kToday);
    return status.ok() ? std::string() : status.field();
  };
  EXPECT_EQ(field(Signed()), "");
  Consent c = Signed();
  c.information.clear();
  EXPECT_EQ(field(c), "information");
  c = Signed();
  c.recipients.clear();
  EXPECT_EQ(field(c), "recipients");
  c.recipient_class = "anyone";
  EXPECT_EQ(field(c), "recipient_class");
  c = Signed();
  c.purposes.clear();
  EXPECT_EQ(field(c), "purpose");
  c = Signed();
  c.expires_on.reset();
  EXPECT_EQ(field(c), "expires_at");
  c.expires_on_event = ExpiryEvent::kDischarge;
  EXPECT_EQ(field(c), "");
  c = Signed();
  c.expires_on = year{2026} / month{11} / day{30};
  EXPECT_EQ(field(c), "expires_at");
  c = Signed();
  c.signed_on = AddDays(kToday, 1);
  c.expires_on = AddDays(kToday, 30);
  EXPECT_EQ(field(c), "signed_on");
  c = Signed();
  c.discloser = " ";
  EXPECT_EQ(field(c), "discloser");
  c = Signed();
  c.recipients = {"Mercy ED"};
  EXPECT_EQ(field(c), "recipients");
}

TEST(AccountingStart, IsThreeYearsBefore) {
  const Instant now = date::sys_days{year{2026} / month{12} / day{2}} + 13h;
  EXPECT_EQ(AccountingStart(now), date::sys_days{year{2023} / month{12} / day{2}} + 13h);
  const Instant leap = date::sys_days{year{2028} / month{2} / day{29}} + 1h;
  EXPECT_EQ(AccountingStart(leap), date::sys_days{year{2025} / month{2} / day{28}} + 1h);
}

}  // namespace
}  // namespace rn::casework
