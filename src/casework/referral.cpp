#include "casework/referral.h"

#include <algorithm>

#include "casework/fields.h"

namespace rn::casework {
namespace {

using S = ReferralStatus;
using O = ReferralOutcome;

constexpr std::size_t kMaxPartnerReference = 64;

bool Contains(const std::vector<O>& outcomes, O outcome) {
  return std::find(outcomes.begin(), outcomes.end(), outcome) != outcomes.end();
}

}  // namespace

Status NormalizeNewReferral(NewReferral* referral) {
  if (referral->program_id.empty()) return Status::Invalid("program", "is required");
  if (referral->partner_id.empty()) return Status::Invalid("partner", "is required");
  RN_RETURN_IF_ERROR(Take(OneLine("first_name", referral->first_name, kMaxShortText, true),
                          &referral->first_name));
  RN_RETURN_IF_ERROR(Take(Phone("phone", referral->phone, false), &referral->phone));
  RN_RETURN_IF_ERROR(Take(LanguageTag("language", referral->language), &referral->language));
  RN_RETURN_IF_ERROR(
      Take(OneLine("partner_reference", referral->partner_reference, kMaxPartnerReference, false),
           &referral->partner_reference));
  return Status::Ok();
}

bool IsClosed(ReferralStatus status) {
  switch (status) {
    case S::kRejected:
    case S::kCompleted:
    case S::kCancelled:
    case S::kFailed:
    case S::kEnteredInError:
      return true;
    case S::kRequested:
    case S::kAccepted:
    case S::kInProgress:
    case S::kOnHold:
      return false;
  }
  return false;
}

bool CanTransition(ReferralStatus from, ReferralStatus to) {
  if (from == to) return false;
  if (to == S::kEnteredInError) return true;
  switch (from) {
    case S::kRequested:
      return to == S::kAccepted || to == S::kRejected || to == S::kCancelled || to == S::kFailed;
    case S::kAccepted:
      return to == S::kInProgress || to == S::kOnHold || to == S::kCompleted ||
             to == S::kCancelled || to == S::kFailed;
    case S::kInProgress:
    case S::kOnHold:
      return to == S::kInProgress || to == S::kOnHold || to == S::kCompleted ||
             to == S::kCancelled || to == S::kFailed;
    default:
      return false;
  }
}

std::vector<ReferralOutcome> OutcomesClosing(ReferralStatus to) {
  switch (to) {
    case S::kCompleted:
      return {O::kReachedAndEngaged, O::kReferredElsewhere};
    case S::kFailed:
      return {O::kCouldNotContact};
    case S::kRejected:
      return {O::kNotEligible, O::kNoCapacity, O::kReferredElsewhere};
    case S::kCancelled:
      return {O::kCouldNotContact, O::kDeclined, O::kNotEligible, O::kNoCapacity,
              O::kReferredElsewhere};
    default:
      return {};
  }
}

std::optional<ReferralStatus> ClosingStatus(ReferralStatus from, ReferralOutcome outcome) {
  if (IsClosed(from)) return std::nullopt;
  const bool taken = from != S::kRequested;
  switch (outcome) {
    case O::kReachedAndEngaged:
      if (!taken) return std::nullopt;
      return S::kCompleted;
    case O::kCouldNotContact:
      return S::kFailed;
    case O::kDeclined:
      return S::kCancelled;
    case O::kNotEligible:
    case O::kNoCapacity:
      return taken ? S::kCancelled : S::kRejected;
    case O::kReferredElsewhere:
      return taken ? S::kCompleted : S::kRejected;
  }
  return std::nullopt;
}

Status ApplyStatusChange(Referral* referral, const StatusChange& change) {
  if (!CanTransition(referral->status, change.to)) {
    return Status(StatusCode::kConflict,
                  "a referral that is " + std::string(kReferralStatuses.Name(referral->status)) +
                      " cannot become " + std::string(kReferralStatuses.Name(change.to)));
  }
  const std::vector<O> allowed = OutcomesClosing(change.to);
  const bool closes = IsClosed(change.to) && change.to != S::kEnteredInError;
  if (closes && !change.outcome) {
    return Status::Invalid("outcome", "closing a referral as " +
                                          std::string(kReferralStatuses.Name(change.to)) +
                                          " needs an outcome");
  }
  if (change.outcome && !Contains(allowed, *change.outcome)) {
    std::string message = closes ? "a referral closed as " +
                                       std::string(kReferralStatuses.Name(change.to)) +
                                       " cannot have the outcome "
                                 : "only closing a referral gives it an outcome, not ";
    message += kReferralOutcomes.Name(*change.outcome);
    return Status::Invalid("outcome", std::move(message));
  }
  referral->status = change.to;
  if (change.outcome) referral->outcome = change.outcome;
  if (change.to == S::kAccepted) {
    if (!referral->accepted_at) referral->accepted_at = change.at;
    if (referral->assigned_to.empty()) referral->assigned_to = change.actor_user_id;
  }
  if (IsClosed(change.to)) referral->closed_at = change.at;
  return Status::Ok();
}

void RecordFirstContact(Referral* referral, Instant at, std::string_view actor_user_id) {
  if (!referral->first_contact_at) referral->first_contact_at = at;
  if (referral->status == S::kRequested) {
    ApplyStatusChange(referral, {S::kAccepted, std::nullopt, at, std::string(actor_user_id)});
  }
  if (referral->status == S::kAccepted) {
    ApplyStatusChange(referral, {S::kInProgress, std::nullopt, at, std::string(actor_user_id)});
  }
}

std::optional<std::chrono::seconds> TimeToFirstContact(const Referral& referral) {
  if (!referral.first_contact_at) return std::nullopt;
  return *referral.first_contact_at - referral.received_at;
}

}  // namespace rn::casework
