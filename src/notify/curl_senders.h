#pragma once
// The senders that leave the machine, over libcurl: e-mail by SMTP and text messages through an
// SMS provider's HTTP webhook (the shape of Twilio's Messages API: a form POST of To, From and
// Body with HTTP Basic credentials). Each is used by the dispatcher's thread only; constructing
// the first one initialises libcurl, so make them before starting other threads.

#include <chrono>
#include <memory>
#include <string>

#include "notify/sender.h"

namespace rn::notify {

struct SmtpSettings {
  std::string url;   // "smtp://mail.example.org:587" or "smtps://…:465"
  std::string from;  // the sender's address (an e-mail address)
  std::string user;  // with `password`, log in (AUTH); "" for none
  std::string password;
  // smtp:// uses STARTTLS when the server offers it; with a user, only over TLS unless this is
  // set (a relay on this machine, say).
  bool allow_plaintext_login = false;
  std::chrono::seconds timeout{10};  // for the whole of one message
};

struct SmsWebhookSettings {
  std::string url;   // "https://api.provider.example/2010-04-01/Accounts/…/Messages.json"
  std::string from;  // the sending number (E.164) or sender id
  std::string user;  // HTTP Basic credentials; "" for none
  std::string password;
  std::chrono::seconds timeout{10};
};

// kInvalidArgument naming "smtp_url" (not smtp:// or smtps://) or "smtp_from" (not an e-mail
// address).
Status ValidateSmtpSettings(const SmtpSettings& settings);
// kInvalidArgument naming "sms_webhook_url" (not http:// or https://) or "sms_from" (empty).
Status ValidateSmsWebhookSettings(const SmsWebhookSettings& settings);

// SMTP: MAIL FROM settings.from, RCPT TO the recipient, the text of notify/wire.h MailText. OK
// when the server accepted the message; kInvalidArgument when it refused the recipient or the
// message for good (a 5xx reply), kUnavailable otherwise.
std::unique_ptr<Sender> MakeSmtpSender(SmtpSettings settings, const Clock& clock);

// The webhook: POST of SmsForm, with an Idempotency-Key header ("recoverynet-outbox-<id>", the
// same on every attempt). OK for a 2xx answer; kUnavailable when the webhook cannot be reached or
// answers 408, 429 or 5xx; kInvalidArgument for any other answer (redirects are not followed).
std::unique_ptr<Sender> MakeSmsWebhookSender(SmsWebhookSettings settings);

}  // namespace rn::notify
