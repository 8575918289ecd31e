#include "util/contact.h"

#include <algorithm>
#include <optional>

#include "util/text.h"

namespace rn::contact {
namespace {

constexpr std::size_t kMaxEmail = 254;
constexpr std::size_t kMaxEmailLocal = 64;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Blank: empty when optional, else "is required"; nullopt when there is something to check.
std::optional<Result<std::string>> Blank(std::string_view field, std::string_view trimmed,
                                         bool required) {
  if (!trimmed.empty()) return std::nullopt;
  if (required) return Result<std::string>(Status::Invalid(std::string(field), "is required"));
  return Result<std::string>(std::string());
}

bool IsEmailCharacter(char c) {
  const auto u = static_cast<unsigned char>(c);
  if (u <= 0x20 || u >= 0x7f) return false;
  return c != '"' && c != '<' && c != '>' && c != ',' && c != ';' && c != '\\' && c != '(' &&
         c != ')' && c != '[' && c != ']' && c != ':';
}

}  // namespace

Result<std::string> Phone(std::string_view field, std::string_view value, bool required) {
  const std::string_view trimmed = text::Trim(value);
  if (auto blank = Blank(field, trimmed, required)) return std::move(*blank);
  int digits = 0;
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    const char c = trimmed[i];
    if (IsDigit(c)) {
      ++digits;
    } else if (!(c == ' ' || c == '-' || c == '.' || c == '(' || c == ')' ||
                 (c == '+' && i == 0))) {
      return Status::Invalid(std::string(field),
                             "must be a phone number: digits, spaces, - . ( ) and a leading +");
    }
  }
  if (digits < 7 || digits > 15) {
    return Status::Invalid(std::string(field), "must have 7 to 15 digits");
  }
  return std::string(trimmed);
}

Result<std::string> InternationalPhone(std::string_view field, std::string_view value,
                                       bool required) {
  Result<std::string> phone = Phone(field, value, required);
  if (!phone.ok() || phone->empty()) return phone;
  if (phone->front() != '+') {
    return Status::Invalid(std::string(field),
                           "must be in international form, with its country code: +1 806 555 0142");
  }
  std::string e164 = "+";
  for (char c : *phone) {
    if (IsDigit(c)) e164 += c;
  }
  return e164;
}

Result<std::string> EmailAddress(std::string_view field, std::string_view value, bool required) {
  const std::string_view trimmed = text::Trim(value);
  if (auto blank = Blank(field, trimmed, required)) return std::move(*blank);
  const auto invalid = [&] {
    return Status::Invalid(std::string(field),
                           "must be an e-mail address such as coach@example.org");
  };
  if (trimmed.size() > kMaxEmail) {
    return Status::Invalid(std::string(field),
                           "is longer than " + std::to_string(kMaxEmail) + " characters");
  }
  if (!std::all_of(trimmed.begin(), trimmed.end(), IsEmailCharacter)) return invalid();
  const std::size_t at = trimmed.find('@');
  if (at == std::string_view::npos || trimmed.find('@', at + 1) != std::string_view::npos) {
    return invalid();
  }
  const std::string_view local = trimmed.substr(0, at);
  const std::string_view domain = trimmed.substr(at + 1);
  if (local.empty() || local.size() > kMaxEmailLocal || local.front() == '.' ||
      local.back() == '.' || local.find("..") != std::string_view::npos) {
    return invalid();
  }
  // A domain of labels of letters, digits and '-' (not at a label's ends), at least two of them.
  int labels = 0;
  std::size_t start = 0;
  for (;;) {
    const std::size_t dot = domain.find('.', start);
    const std::string_view label =
        domain.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    const bool label_ok =
        !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
        std::all_of(label.begin(), label.end(), [](char c) {
          return IsDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
        });
    if (!label_ok) return invalid();
    ++labels;
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (labels < 2) return invalid();
  return std::string(trimmed);
}

}  // namespace rn::contact
