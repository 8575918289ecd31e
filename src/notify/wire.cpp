#include "notify/wire.h"

#include <date/date.h>

#include <algorithm>
#include <cstdint>

namespace rn::notify {
namespace {

constexpr std::string_view kBase64Alphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::size_t kMailLineLength = 76;

bool IsPlainAscii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x20 && u < 0x7f;
  });
}

// `subject` as it may stand in a header: itself when plain ASCII, else encoded words of at most
// 45 bytes of UTF-8 each (never splitting a character), folded onto continuation lines.
std::string SubjectHeader(std::string_view subject) {
  if (IsPlainAscii(subject)) return std::string(subject);
  std::string header;
  std::size_t start = 0;
  while (start < subject.size()) {
    std::size_t end = std::min(subject.size(), start + 45);
    while (end < subject.size() && (static_cast<unsigned char>(subject[end]) & 0xC0) == 0x80) {
      --end;
    }
    if (!header.empty()) header += "\r\n ";
    header += "=?UTF-8?B?" + Base64(subject.substr(start, end - start)) + "?=";
    start = end;
  }
  return header;
}

std::string Percent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else if (c == ' ') {
      out += '+';
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 0x0F];
    }
  }
  return out;
}

}  // namespace

std::string Base64(std::string_view bytes) {
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const std::uint32_t n = (static_cast<unsigned char>(bytes[i]) << 16) |
                            (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                            static_cast<unsigned char>(bytes[i + 2]);
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += kBase64Alphabet[(n >> 6) & 63];
    out += kBase64Alphabet[n & 63];
  }
  if (i < bytes.size()) {
    std::uint32_t n = static_cast<unsigned char>(bytes[i]) << 16;
    if (i + 1 < bytes.size()) n |= static_cast<unsigned char>(bytes[i + 1]) << 8;
    out += kBase64Alphabet[(n >> 18) & 63];
    out += kBase64Alphabet[(n >> 12) & 63];
    out += i + 1 < bytes.size() ? kBase64Alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

std::string MailText(const OutboxMessage& message, std::string_view from, Instant date) {
  const std::size_t at = from.find('@');
  const std::string_view domain =
      at == std::string_view::npos ? std::string_view("recoverynet.invalid") : from.substr(at + 1);
  std::string text;
  text += "Date: " + date::format("%a, %d %b %Y %H:%M:%S +0000", date) + "\r\n";
  text += "From: " + std::string(from) + "\r\n";
  text += "To: " + message.recipient + "\r\n";
  text += "Subject: " + SubjectHeader(message.subject) + "\r\n";
  text += "Message-ID: <outbox-" + std::to_string(message.id) + "@" + std::string(domain) + ">\r\n";
  text += "MIME-Version: 1.0\r\n";
  text += "Content-Type: text/plain; charset=utf-8\r\n";
  text += "Content-Transfer-Encoding: base64\r\n";
  text += "\r\n";
  const std::string encoded = Base64(message.body);
  for (std::size_t start = 0; start < encoded.size(); start += kMailLineLength) {
    text += encoded.substr(start, kMailLineLength) + "\r\n";
  }
  return text;
}

std::string TextToSend(const OutboxMessage& message, std::string_view console_url) {
  while (!console_url.empty() && console_url.back() == '/') console_url.remove_suffix(1);
  if (message.link.empty() || console_url.empty()) return message.body;
  return message.body + ": " + std::string(console_url) + message.link;
}

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
  std::string out;
  for (const auto& [name, value] : fields) {
    if (!out.empty()) out += '&';
    out += Percent(name) + "=" + Percent(value);
  }
  return out;
}

std::string SmsForm(const OutboxMessage& message, std::string_view from) {
  return FormEncode(
      {{"To", message.recipient}, {"From", std::string(from)}, {"Body", message.body}});
}

}  // namespace rn::notify
