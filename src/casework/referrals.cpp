#include "casework/referrals.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "casework/paging.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"
#include "identity/secret.h"

namespace rn::casework {
namespace {

namespace audit_action = identity::audit_action;

constexpr int kMaxListLimit = 200;

std::string Target(std::string_view id) { return "referral:" + std::string(id); }

// A referrer whose grant names no partner may do nothing.
Status CheckReferrerHasPartner(const Actor& actor) {
  if (actor.is_referrer() && actor.referrer_partner->empty()) {
    return Status(StatusCode::kForbidden,
                  "this referrer acts for no partner yet: ask the site to name one");
  }
  return Status::Ok();
}

// Sets what the latest disclosure to its partner told of `*referral` (a referrer's view).
Status AddDisclosed(Stores& stores, Referral* referral) {
  Result<std::optional<DisclosedReferral>> disclosed = stores.consents.LatestReferralDisclosure(
      referral->site_id, referral->id, referral->sent.partner_id);
  if (!disclosed.ok()) return disclosed.status();
  referral->disclosed = std::move(*disclosed);
  return Status::Ok();
}

}  // namespace

ReferralStatus AcknowledgedStatus(ReferralStatus status) {
  if (status == ReferralStatus::kRequested || status == ReferralStatus::kEnteredInError) {
    return status;
  }
  return ReferralStatus::kAccepted;
}

Result<Referral> ReceiveReferral(Stores& stores, const Actor& actor, std::string_view site_id,
                                 NewReferral sent) {
  const identity::Change change = actor.AtSite(site_id);
  RN_RETURN_IF_ERROR(CheckReferrerHasPartner(actor));
  if (actor.is_referrer()) {
    if (!sent.partner_id.empty() && sent.partner_id != *actor.referrer_partner) {
      return identity::DenyScope(stores.audit, change, "partner:" + sent.partner_id,
                                 "a referrer sends referrals for its own partner only");
    }
    sent.partner_id = *actor.referrer_partner;
  }
  RN_RETURN_IF_ERROR(NormalizeNewReferral(&sent));
  Result<std::optional<Program>> program = stores.programs.GetProgram(site_id, sent.program_id);
  if (!program.ok()) return program.status();
  if (!*program)
    return Status::Invalid("program", "there is no program " + sent.program_id + " here");
  Result<std::optional<Partner>> partner = stores.programs.GetPartner(site_id, sent.partner_id);
  if (!partner.ok()) return partner.status();
  if (!*partner)
    return Status::Invalid("partner", "there is no partner " + sent.partner_id + " here");
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return id.status();

  Referral referral;
  referral.id = std::move(*id);
  referral.site_id = std::string(site_id);
  referral.sent = std::move(sent);
  referral.received_by = change.actor;
  referral.received_at = change.at;
  int pages = 0;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.referrals.Insert(referral));
    boost::json::object details{{"program", referral.sent.program_id},
                                {"partner", referral.sent.partner_id},
                                {"urgency", kUrgencies.Name(referral.sent.urgency)}};
    if (referral.sent.urgency == Urgency::kNow) {
      Result<int> enqueued = EnqueuePages(stores, referral, **program, **partner);
      if (!enqueued.ok()) return enqueued.status();
      pages = *enqueued;
      details["pages"] = pages;
    }
    return identity::ChangeEvent(change, audit_action::kReferralReceive, Target(referral.id),
                                 boost::json::serialize(details));
  }));
  if (pages > 0 && stores.paging.doorbell != nullptr) stores.paging.doorbell->Ring();
  return referral;
}

Result<Referral> ReadReferral(Stores& stores, const Actor& actor, std::string_view site_id,
                              std::string_view id) {
  const identity::Change change = actor.AtSite(site_id);
  RN_RETURN_IF_ERROR(CheckReferrerHasPartner(actor));
  Result<std::optional<Referral>> found = stores.referrals.Get(site_id, id);
  if (!found.ok()) return found.status();
  if (!*found) return Status::NotFound("there is no such referral");
  if (actor.is_referrer() && (*found)->sent.partner_id != *actor.referrer_partner) {
    return identity::DenyScope(stores.audit, change, Target(id),
                               "this referral was sent by another partner");
  }
  RN_RETURN_IF_ERROR(
      identity::RecordRead(stores.audit, change, audit_action::kReferralView, Target(id)));
  if (actor.is_referrer()) RN_RETURN_IF_ERROR(AddDisclosed(stores, &**found));
  return std::move(**found);
}

Result<std::vector<Referral>> ListReferrals(Stores& stores, const Actor& actor,
                                            std::string_view site_id, ReferralQuery query) {
  const identity::Change change = actor.AtSite(site_id);
  if (query.limit < 1 || query.limit > kMaxListLimit) {
    return Status::Invalid("limit", "must be 1 to " + std::to_string(kMaxListLimit));
  }
  RN_RETURN_IF_ERROR(CheckReferrerHasPartner(actor));
  if (actor.is_referrer()) {
    if (!query.partner_id.empty() && query.partner_id != *actor.referrer_partner) {
      return identity::DenyScope(stores.audit, change, "partner:" + query.partner_id,
                                 "a referrer sees its own partner's referrals only");
    }
    query.partner_id = *actor.referrer_partner;
  }
  Result<std::vector<Referral>> referrals = stores.referrals.List(site_id, query);
  if (!referrals.ok()) return referrals.status();
  RN_RETURN_IF_ERROR(identity::RecordRead(stores.audit, change, audit_action::kReferralsView,
                                          "site:" + std::string(site_id)));
  if (actor.is_referrer()) {
    for (Referral& referral : *referrals) RN_RETURN_IF_ERROR(AddDisclosed(stores, &referral));
  }
  return referrals;
}

Result<Referral> ChangeReferralStatus(Stores& stores, const Actor& actor, std::string_view site_id,
                                      std::string_view id, std::optional<ReferralStatus> to,
                                      std::optional<ReferralOutcome> outcome) {
  const identity::Change change = actor.AtSite(site_id);
  if (actor.is_referrer()) {
    return identity::DenyScope(stores.audit, change, Target(id),
                               "a referrer cannot change a referral's status");
  }
  Referral referral;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::optional<Referral>> found = stores.referrals.Get(site_id, id);
    if (!found.ok()) return found.status();
    if (!*found) return Status::NotFound("there is no such referral");
    referral = std::move(**found);
    const ReferralStatus from = referral.status;
    if (!to) {
      if (!outcome) return Status::Invalid("outcome", "is required to close a referral");
      to = ClosingStatus(from, *outcome);
      if (!to) {
        return Status(StatusCode::kConflict,
                      "a referral that is " + std::string(kReferralStatuses.Name(from)) +
                          " cannot be closed as " + std::string(kReferralOutcomes.Name(*outcome)));
      }
    }
    RN_RETURN_IF_ERROR(ApplyStatusChange(&referral, {*to, outcome, change.at, actor.user_id}));
    RN_RETURN_IF_ERROR(stores.referrals.UpdateLifecycle(referral));
    boost::json::object details{{"from", kReferralStatuses.Name(from)},
                                {"to", kReferralStatuses.Name(*to)}};
    if (outcome) details["outcome"] = kReferralOutcomes.Name(*outcome);
    if (from == ReferralStatus::kRequested) {
      // Somebody has it (or it is over): the pages not yet sent would only disturb.
      Result<int> cancelled = CancelPages(stores, id, change.at);
      if (!cancelled.ok()) return cancelled.status();
      if (*cancelled > 0) details["pages_cancelled"] = *cancelled;
    }
    return identity::ChangeEvent(change, audit_action::kReferralStatus, Target(id),
                                 boost::json::serialize(details));
  }));
  return referral;
}

}  // namespace rn::casework
