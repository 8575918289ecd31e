#include "casework/consent.h"

#include <algorithm>

#include "casework/fields.h"

namespace rn::casework {
namespace {

template <typename T>
void SortUnique(std::vector<T>* values) {
  std::sort(values->begin(), values->end());
  values->erase(std::unique(values->begin(), values->end()), values->end());
}

template <typename T>
bool Has(const std::vector<T>& values, const T& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

bool RecipientRevoked(const Consent& consent, std::string_view recipient, Instant now) {
  return std::any_of(
      consent.revoked_recipients.begin(), consent.revoked_recipients.end(),
      [&](const RecipientRevocation& r) { return r.recipient == recipient && r.at <= now; });
}

bool Expired(const Consent& consent, const ConsentFacts& facts) {
  if (consent.expires_on && LocalDay(facts.now, facts.zone) > *consent.expires_on) return true;
  return consent.expires_on_event == ExpiryEvent::kDischarge && facts.discharged_at &&
         *facts.discharged_at <= facts.now;
}

// kNotSigned, kRevoked or kExpired when the consent is not in force at facts.now, else kNone.
ConsentGap TimeGap(const Consent& consent, const ConsentFacts& facts) {
  if (consent.signed_on > LocalDay(facts.now, facts.zone)) return ConsentGap::kNotSigned;
  if (Expired(consent, facts)) return ConsentGap::kExpired;
  if (consent.revoked_at && *consent.revoked_at <= facts.now) return ConsentGap::kRevoked;
  return ConsentGap::kNone;
}

// The gap's field, and what to say about it.
struct GapText {
  std::string_view field;
  std::string message;
};

GapText Explain(ConsentGap gap, const Consent& consent, const DisclosureRequest& request) {
  switch (gap) {
    case ConsentGap::kNotSigned:
      return {"signed_on",
              "the consent is dated " + FormatDay(consent.signed_on) + ", after today"};
    case ConsentGap::kRevoked:
      return {"revoked_at", "the consent naming " + request.recipient + " was revoked"};
    case ConsentGap::kExpired:
      return {"expires_at", consent.expires_on ? "the consent naming " + request.recipient +
                                                     " expired on " + FormatDay(*consent.expires_on)
                                               : "the consent naming " + request.recipient +
                                                     " ended at discharge"};
    case ConsentGap::kRecipient:
      return {"recipient", "no consent names the recipient " + request.recipient};
    case ConsentGap::kPurpose:
      return {"purpose", "the consent naming " + request.recipient +
                             " does not cover the purpose " +
                             std::string(kPurposes.Name(request.purpose))};
    case ConsentGap::kInformation: {
      std::string missing;
      for (Information info : request.information) {
        if (Has(consent.information, info)) continue;
        if (!missing.empty()) missing += ", ";
        missing += kInformation.Name(info);
      }
      return {"information", "the consent naming " + request.recipient +
                                 " does not cover the information " + missing};
    }
    case ConsentGap::kNone:
      break;
  }
  return {"consent", ""};
}

}  // namespace

bool ClassCovers(std::string_view recipient_class, PartnerKind kind) {
  if (recipient_class == kTreatingProviders) {
    return kind == PartnerKind::kHospital || kind == PartnerKind::kClinic ||
           kind == PartnerKind::kTreatment;
  }
  return false;
}

Status NormalizeConsent(Consent* consent, Day today) {
  RN_RETURN_IF_ERROR(
      Take(OneLine("discloser", consent->discloser, kMaxShortText, true), &consent->discloser));
  SortUnique(&consent->information);
  if (consent->information.empty()) {
    return Status::Invalid("information", "name the information that may be disclosed");
  }
  RN_RETURN_IF_ERROR(Take(Note("information_note", consent->information_note, kMaxNote),
                          &consent->information_note));
  SortUnique(&consent->recipients);
  for (const std::string& recipient : consent->recipients) {
    RN_RETURN_IF_ERROR(ValidateCode("recipients", recipient));
  }
  if (!consent->recipient_class.empty() && consent->recipient_class != kTreatingProviders) {
    return Status::Invalid("recipient_class",
                           "must be " + std::string(kTreatingProviders) + " or empty");
  }
  if (consent->recipients.empty() && consent->recipient_class.empty()) {
    return Status::Invalid("recipients", "name the recipients, or a class of them");
  }
  SortUnique(&consent->purposes);
  if (consent->purposes.empty()) {
    return Status::Invalid("purpose", "say what the disclosure is for");
  }
  if (!consent->expires_on && !consent->expires_on_event) {
    return Status::Invalid("expires_at", "give an expiry date or event");
  }
  if (consent->expires_on && *consent->expires_on < consent->signed_on) {
    return Status::Invalid("expires_at", "the consent would expire before it was signed");
  }
  if (!consent->signed_on.ok()) return Status::Invalid("signed_on", "is required");
  if (consent->signed_on > today) {
    return Status::Invalid("signed_on", "a consent cannot be signed in the future");
  }
  return Status::Ok();
}

ConsentGap CheckConsent(const Consent& consent, const DisclosureRequest& request,
                        const ConsentFacts& facts) {
  const bool by_class = ClassCovers(consent.recipient_class, request.partner_kind);
  if (!by_class && !Has(consent.recipients, request.recipient)) return ConsentGap::kRecipient;
  if (!Has(consent.purposes, request.purpose)) return ConsentGap::kPurpose;
  if (!Has(consent.information, Information::kRecord)) {
    for (Information info : request.information) {
      if (!Has(consent.information, info)) return ConsentGap::kInformation;
    }
  }
  if (const ConsentGap gap = TimeGap(consent, facts); gap != ConsentGap::kNone) return gap;
  if (!by_class && RecipientRevoked(consent, request.recipient, facts.now)) {
    return ConsentGap::kRevoked;
  }
  return ConsentGap::kNone;
}

Result<std::string> CoveringConsent(const std::vector<Consent>& consents,
                                    const DisclosureRequest& request, const ConsentFacts& facts) {
  if (consents.empty()) {
    return Status(StatusCode::kForbidden, "the participant has signed no consent to disclose",
                  "consent");
  }
  const Consent* closest = nullptr;
  ConsentGap closest_gap = ConsentGap::kNone;
  for (const Consent& consent : consents) {
    const ConsentGap gap = CheckConsent(consent, request, facts);
    if (gap == ConsentGap::kNone) return consent.id;
    if (closest == nullptr || gap > closest_gap) {
      closest = &consent;
      closest_gap = gap;
    }
  }
  GapText text = Explain(closest_gap, *closest, request);
  return Status(StatusCode::kForbidden, std::move(text.message), std::string(text.field));
}

bool InForce(const Consent& consent, const ConsentFacts& facts) {
  return TimeGap(consent, facts) == ConsentGap::kNone;
}

Status Revoke(Consent* consent, std::string_view recipient, Instant at) {
  if (consent->revoked_at) return Status(StatusCode::kConflict, "the consent is already revoked");
  if (recipient.empty()) {
    consent->revoked_at = at;
    return Status::Ok();
  }
  if (!Has(consent->recipients, std::string(recipient))) {
    return Status::Invalid("recipient", "the consent does not name " + std::string(recipient));
  }
  if (RecipientRevoked(*consent, recipient, Instant::max())) {
    return Status(StatusCode::kConflict,
                  "the consent is already revoked for " + std::string(recipient));
  }
  consent->revoked_recipients.push_back({std::string(recipient), at});
  return Status::Ok();
}

bool TakesIn(const std::vector<Information>& information, Information kind) {
  return Has(information, kind) || Has(information, Information::kRecord);
}

std::string DescribeInformation(const std::vector<Information>& information) {
  std::string out;
  for (Information info : information) {
    if (!out.empty()) out += "; ";
    switch (info) {
      case Information::kReferralStatus:
        out += "whether the person was reached and engaged";
        break;
      case Information::kEnrollment:
        out += "programs enrolled in, with start and discharge dates";
        break;
      case Information::kContacts:
        out += "dates, places and kinds of contacts";
        break;
      case Information::kRecoveryPlan:
        out += "recovery plan goals and steps";
        break;
      case Information::kRecord:
        out += "the record (identity, enrolments, referral, contacts; no private notes)";
        break;
    }
  }
  return out;
}

Instant AccountingStart(Instant now) {
  const auto day = date::year_month_day{date::floor<date::days>(now)};
  date::year_month_day back = day - date::years{3};
  if (!back.ok()) back = back.year() / back.month() / date::last;  // 29 February
  return date::sys_days{back} + (now - date::floor<date::days>(now));
}

}  // namespace rn::casework
