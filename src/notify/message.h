#pragma once
// A message in the outbox: what to send (an e-mail or a text message), to whom, when, and how its
// delivery went. The outbox is durable: a message is written in the same transaction as what it
// is about (notify/outbox_store.h) and sent afterwards by the dispatcher (notify/dispatcher.h).
// No SQL, no network here.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "util/clock.h"

namespace rn::notify {

// How a message travels.
enum class Channel {
  kEmail,  // SMTP (notify/curl_senders.h SmtpSender)
  kSms,    // a text message, through an SMS provider's HTTP webhook (SmsWebhookSender)
};
// "email" or "sms", as stored.
std::string_view ChannelName(Channel channel);
// The channel named `name`, or nullopt.
std::optional<Channel> ParseChannel(std::string_view name);

// Where a message is in its life. Pending until one of the other three, which are final.
enum class MessageState {
  kPending,    // waiting for its next attempt (or being sent)
  kDelivered,  // the receiving server accepted it
  kFailed,     // out of attempts, or refused for good
  kCancelled,  // no longer needed before it was sent (e.g. the referral was accepted)
};
// "pending", "delivered", "failed", "cancelled", as stored.
std::string_view MessageStateName(MessageState state);
std::optional<MessageState> ParseMessageState(std::string_view name);

struct OutboxMessage {
  std::int64_t id = 0;  // assigned by OutboxStore::Enqueue
  Channel channel = Channel::kEmail;
  std::string recipient;  // an e-mail address, or a phone number in E.164 form
  std::string subject;    // e-mail only; "" for a text message
  std::string body;       // plain text; never anything that identifies a participant
  // A path under the staff console that the text ends with when sent ("…: <console URL><link>",
  // DispatcherOptions::console_url), e.g. "/staff/sites/north/referrals/<id>"; "" for none.
  std::string link;
  std::string site_id;
  std::string about;  // what it is about, as an audit target names it: "referral:<id>"
  Instant created_at{};
  Instant due{};  // the first attempt is not made before

  // Delivery, kept by the store.
  MessageState state = MessageState::kPending;
  int attempts = 0;        // attempts made so far (successful or not)
  Instant next_attempt{};  // the next attempt is not made before (due, then backed off)
  std::string last_error;  // why the latest attempt failed; "" when none did
  std::optional<Instant> delivered_at;
  std::optional<Instant> failed_at;
  std::optional<Instant> cancelled_at;

  bool operator==(const OutboxMessage&) const = default;
};

}  // namespace rn::notify
