#pragma once
// The bytes the senders put on the wire, as pure functions (notify/curl_senders.cpp sends them):
// an e-mail as RFC 5322 text and a text message as the form an SMS provider's webhook takes.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "notify/message.h"
#include "util/clock.h"

namespace rn::notify {

// E-mail `message` from `from`, dated `date`, as the text an SMTP client sends after DATA: the
// Date, From, To, Subject (an RFC 2047 encoded word when it is not plain ASCII), Message-ID
// ("<outbox-<id>@<from's domain>>", the same on every attempt, so a receiver can tell a repeat),
// MIME-Version and Content-Type (text/plain, UTF-8) headers, and the body in base64, lines ending
// in CRLF. REQUIRES: `from` and message.recipient are e-mail addresses (util/contact.h) and the
// subject has no line breaks.
std::string MailText(const OutboxMessage& message, std::string_view from, Instant date);

// `fields` as application/x-www-form-urlencoded ("To=%2B18065550142&Body=Urgent+ED…"): names and
// values percent-encoded but for A-Z a-z 0-9 - . _ ~, a space as '+', joined with '&'.
std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields);

// The webhook form of text message `message` from `from`, in the shape of Twilio's Messages API:
// To, From and Body.
std::string SmsForm(const OutboxMessage& message, std::string_view from);

// The text `message` is sent with: its body, then, when it has a link and `console_url` is not
// empty, ": " and the link under `console_url` (a trailing '/' of it dropped).
std::string TextToSend(const OutboxMessage& message, std::string_view console_url);

// The standard base64 of `bytes` (RFC 4648, with padding), on one line.
std::string Base64(std::string_view bytes);

}  // namespace rn::notify
