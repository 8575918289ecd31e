#include "casework/paging.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "casework/referral.h"
#include "casework/stores.h"
#include "identity/site_zone.h"

namespace rn::casework {
namespace {

std::string About(std::string_view referral_id) { return "referral:" + std::string(referral_id); }

std::string_view KindWord(ProgramKind kind) {
  switch (kind) {
    case ProgramKind::kEdCoaching:
      return "ED";
    case ProgramKind::kHomeVisiting:
      return "home-visiting";
    case ProgramKind::kCommunity:
      return "community";
  }
  return "community";
}

// Those of `users` a page can reach (enabled, with a pager contact), added to `*recipients`, in
// order; the others are logged by id.
std::vector<std::string> Reachable(const std::vector<identity::User>& users,
                                   std::string_view referral_id,
                                   std::vector<PageRecipient>* recipients) {
  std::vector<std::string> ids;
  for (const identity::User& user : users) {
    if (user.disabled) continue;
    if (user.email.empty() && user.pager_phone.empty()) {
      spdlog::warn("event=page_unreachable referral={} user={} reason=no_pager_contact",
                   referral_id, user.id);
      continue;
    }
    ids.push_back(user.id);
    const bool known = std::any_of(recipients->begin(), recipients->end(),
                                   [&](const PageRecipient& r) { return r.user_id == user.id; });
    if (!known) recipients->push_back({user.id, user.email, user.pager_phone});
  }
  return ids;
}

}  // namespace

const PagingSettings& DefaultPagingSettings() {
  static const PagingSettings settings;
  return settings;
}

std::string PageSubject(ProgramKind kind, std::string_view partner_name) {
  return "Urgent " + std::string(KindWord(kind)) + " referral from " + std::string(partner_name);
}

std::string PageBody(std::string_view subject) {
  return std::string(subject) + " \u2014 open recoverynet";
}

std::string ReferralPath(std::string_view site_id, std::string_view referral_id) {
  return "/staff/sites/" + std::string(site_id) + "/referrals/" + std::string(referral_id);
}

std::vector<notify::OutboxMessage> PageMessages(const std::vector<PageStep>& plan,
                                                const std::vector<PageRecipient>& recipients,
                                                std::string_view subject, std::string_view body,
                                                std::string_view site_id,
                                                std::string_view referral_id, Instant created) {
  std::vector<notify::OutboxMessage> messages;
  for (const PageStep& step : plan) {
    for (const std::string& user_id : step.user_ids) {
      const auto recipient =
          std::find_if(recipients.begin(), recipients.end(),
                       [&](const PageRecipient& r) { return r.user_id == user_id; });
      if (recipient == recipients.end()) continue;
      notify::OutboxMessage message;
      message.site_id = std::string(site_id);
      message.about = About(referral_id);
      message.created_at = created;
      message.due = step.due;
      message.body = std::string(body);
      message.link = ReferralPath(site_id, referral_id);
      if (!recipient->email.empty()) {
        message.channel = notify::Channel::kEmail;
        message.recipient = recipient->email;
        message.subject = std::string(subject);
        messages.push_back(message);
      }
      if (!recipient->pager_phone.empty()) {
        message.channel = notify::Channel::kSms;
        message.recipient = recipient->pager_phone;
        message.subject.clear();
        messages.push_back(message);
      }
    }
  }
  return messages;
}

Result<int> EnqueuePages(Stores& stores, const Referral& referral, const Program& program,
                         const Partner& partner) {
  if (referral.sent.urgency != Urgency::kNow) return 0;
  Result<const date::time_zone*> zone = identity::SiteTimeZone(stores.accounts, referral.site_id);
  if (!zone.ok()) return zone.status();
  Result<std::vector<Shift>> roster = stores.programs.ListRoster(referral.site_id, program.id);
  if (!roster.ok()) return roster.status();

  std::vector<identity::User> on_call_users;
  for (const std::string& user_id : OnCallAt(*roster, referral.received_at, *zone)) {
    Result<std::optional<identity::StoredUser>> user = stores.accounts.GetUser(user_id);
    if (!user.ok()) return user.status();
    if (*user) on_call_users.push_back((*user)->user);
  }
  Result<std::vector<identity::User>> supervisors =
      stores.accounts.ListUsersWithRole(referral.site_id, identity::Role::kSupervisor);
  if (!supervisors.ok()) return supervisors.status();

  std::vector<PageRecipient> recipients;
  const std::vector<std::string> on_call = Reachable(on_call_users, referral.id, &recipients);
  const std::vector<std::string> supervising = Reachable(*supervisors, referral.id, &recipients);
  const std::vector<PageStep> plan =
      EscalationPlan(on_call, supervising, referral.received_at, stores.paging.timeout);
  if (plan.empty()) {
    spdlog::warn("event=page_nobody referral={} site={} program={}", referral.id, referral.site_id,
                 program.id);
    return 0;
  }
  const std::string subject = PageSubject(program.kind, partner.name);
  const std::string body = PageBody(subject);
  std::vector<notify::OutboxMessage> messages = PageMessages(
      plan, recipients, subject, body, referral.site_id, referral.id, referral.received_at);
  RN_RETURN_IF_ERROR(stores.outbox.Enqueue(&messages));
  return static_cast<int>(messages.size());
}

Result<int> CancelPages(Stores& stores, std::string_view referral_id, Instant at) {
  return stores.outbox.CancelPending(About(referral_id), at);
}

}  // namespace rn::casework
