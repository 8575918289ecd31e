#pragma once
// Paging the coach on call: an urgent (`now`) referral writes its pages to the outbox
// (notify/outbox_store.h) in the unit of work that stores it — an e-mail and a text to each person
// of each step of its escalation plan (on_call.h EscalationPlan), due when the step is — and the
// unit of work that takes it out of `requested` cancels those not yet sent. The dispatcher
// (notify/dispatcher.h) sends them. A page names the partner and the kind of program only, never
// anything about the person referred. See docs/casework.md ("On call").

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "casework/on_call.h"
#include "casework/program.h"
#include "notify/doorbell.h"
#include "notify/message.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::casework {

struct Stores;
struct Referral;

// How urgent referrals page: serve's [paging] settings, which every ReceiveReferral reads.
struct PagingSettings {
  // A step of the escalation waits this long for someone to accept before the next one.
  std::chrono::minutes timeout{15};
  // Rung once a page has been enqueued and committed, to wake the dispatcher; nullptr for none.
  notify::Doorbell* doorbell = nullptr;
};

// The default settings (15 minutes, no doorbell): static storage.
const PagingSettings& DefaultPagingSettings();

// A person a page may reach, with their pager contacts (identity/user.h); either may be empty.
struct PageRecipient {
  std::string user_id;
  std::string email;
  std::string pager_phone;
};

// "Urgent ED referral from Mercy Hospital ED" (ED, home-visiting or community, as `kind` is).
std::string PageSubject(ProgramKind kind, std::string_view partner_name);

// `subject` + " — open recoverynet" (the dispatcher adds ": " and the link to the referral under
// the console's address, notify/wire.h TextToSend).
std::string PageBody(std::string_view subject);

// The path of referral `referral_id` of `site_id` in the staff console:
// "/staff/sites/<site>/referrals/<id>".
std::string ReferralPath(std::string_view site_id, std::string_view referral_id);

// The outbox messages of `plan` for referral `referral_id` of `site_id`, made at `created`: for
// each step in order, for each of its users in order, an e-mail when they have an e-mail address
// and a text when they have a pager phone, due when the step is, each saying `subject` (e-mail) and
// `body`, linking to ReferralPath, about "referral:<id>". A user missing from `recipients` gets
// none.
std::vector<notify::OutboxMessage> PageMessages(const std::vector<PageStep>& plan,
                                                const std::vector<PageRecipient>& recipients,
                                                std::string_view subject, std::string_view body,
                                                std::string_view site_id,
                                                std::string_view referral_id, Instant created);

// Enqueues the pages of urgent referral `referral` for `program` from `partner`: who is on call
// for the program at its receipt, in the site's zone, and the site's supervisors — enabled users
// with a pager contact only (a step for someone a page cannot reach would only delay the next) —
// give the plan (timeout stores.paging.timeout). Returns how many messages were enqueued (0 for a
// referral that is not `now`, and when nobody can be paged). REQUIRES: inside the unit of work
// that stores the referral.
Result<int> EnqueuePages(Stores& stores, const Referral& referral, const Program& program,
                         const Partner& partner);

// Cancels the pages of referral `referral_id` not yet sent, at `at`; returns how many. REQUIRES:
// inside the unit of work that takes the referral out of `requested`.
Result<int> CancelPages(Stores& stores, std::string_view referral_id, Instant at);

}  // namespace rn::casework
