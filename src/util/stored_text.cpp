#include "util/stored_text.h"

#include <cstdio>

namespace rn::text {

std::string NormalizeLineEnds(std::string_view text) {
  if (text.find('\r') == std::string_view::npos) return std::string(text);
  std::string normalized;
  normalized.reserve(text.size());
  for (std::size_t index = 0; index < text.size(); ++index) {
    if (text[index] != '\r') {
      normalized.push_back(text[index]);
      continue;
    }
    normalized.push_back('\n');
    if (index + 1 < text.size() && text[index + 1] == '\n') ++index;
  }
  return normalized;
}

std::optional<char32_t> FirstForbiddenControl(std::string_view utf8, Lines lines) {
  for (std::size_t index = 0; index < utf8.size(); ++index) {
    const auto byte = static_cast<unsigned char>(utf8[index]);
    if (byte < 0x20) {
      if (lines == Lines::kMany && (byte == '\t' || byte == '\n')) continue;
      return byte;
    }
    if (byte == 0x7F) return byte;
    // C1 controls are U+0080..U+009F, encoded C2 80..C2 9F.
    if (byte == 0xC2 && index + 1 < utf8.size()) {
      const auto next = static_cast<unsigned char>(utf8[index + 1]);
      if (next >= 0x80 && next <= 0x9F) return next;
    }
  }
  return std::nullopt;
}

std::string ControlCharacterMessage(char32_t code_point) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "U+%04X", static_cast<unsigned>(code_point));
  return std::string("holds a control character (") + hex + ")";
}

Status CheckNoControls(std::string_view field, std::string_view utf8, Lines lines) {
  const std::optional<char32_t> control = FirstForbiddenControl(utf8, lines);
  if (!control) return Status::Ok();
  return Status::Invalid(std::string(field), ControlCharacterMessage(*control));
}

}  // namespace rn::text
