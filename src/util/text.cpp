#include "util/text.h"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <memory>

namespace rn::text {
namespace {

bool IsAsciiSpace(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool IsAscii(std::string_view s) {
  for (unsigned char c : s) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// Length of the valid UTF-8 sequence at the start of `s`, or 0 when it is not one.
std::size_t ValidSequenceLength(std::string_view s) {
  utf8proc_int32_t codepoint = 0;
  const utf8proc_ssize_t length =
      utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(s.data()),
                       static_cast<utf8proc_ssize_t>(s.size()), &codepoint);
  return length > 0 ? static_cast<std::size_t>(length) : 0;
}

bool IsLetterOrDigit(utf8proc_int32_t codepoint) {
  switch (utf8proc_category(codepoint)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      return false;
  }
}

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

}  // namespace

std::vector<std::string_view> SplitCommas(std::string_view list) {
  std::vector<std::string_view> parts;
  while (true) {
    const std::size_t comma = list.find(',');
    const std::string_view part = Trim(list.substr(0, comma));
    if (!part.empty()) parts.push_back(part);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return parts;
}

std::string_view TrimOws(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsAsciiSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsAsciiSpace(s.back())) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringAsciiCase(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string AsciiLower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::size_t CodePointCount(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool IsAsciiControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

bool HasC1Control(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0 &&
        static_cast<unsigned char>(s[i + 1]) >= 0x80) {
      return true;
    }
  }
  return false;
}

bool IsValidUtf8(std::string_view s) {
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      ++pos;
      continue;
    }
    const std::size_t length = ValidSequenceLength(s.substr(pos));
    if (length == 0) return false;
    pos += length;
  }
  return true;
}

std::string ToValidUtf8(std::string_view s) {
  if (IsValidUtf8(s)) return std::string(s);
  std::string out;
  out.reserve(s.size());
  std::size_t pos = 0;
  while (pos < s.size()) {
    if (static_cast<unsigned char>(s[pos]) < 0x80) {
      out.push_back(s[pos++]);
      continue;
    }
    const std::size_t length = ValidSequenceLength(s.substr(pos));
    if (length == 0) {
      ++pos;  // drop the stray byte
    } else {
      out.append(s.substr(pos, length));
      pos += length;
    }
  }
  return out;
}

std::string Fold(std::string_view utf8) {
  if (IsAscii(utf8)) return AsciiLower(utf8);
  const std::string valid = ToValidUtf8(utf8);
  utf8proc_uint8_t* mapped = nullptr;
  const utf8proc_ssize_t length =
      utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(valid.data()),
                   static_cast<utf8proc_ssize_t>(valid.size()), &mapped,
                   static_cast<utf8proc_option_t>(UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                                  UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owner(mapped);
  // utf8proc_map fails only on invalid input (excluded above) or out of memory; fall back to ASCII
  // lower-casing rather than losing the text.
  if (length < 0 || mapped == nullptr) return AsciiLower(valid);
  return std::string(reinterpret_cast<const char*>(mapped), static_cast<std::size_t>(length));
}

std::vector<std::string> Words(std::string_view utf8) {
  std::vector<std::string> words;
  const std::string folded = Fold(utf8);
  const std::string_view text(folded);
  std::size_t pos = 0;
  std::size_t word_start = std::string_view::npos;
  auto close_word = [&](std::size_t end) {
    if (word_start != std::string_view::npos) {
      words.emplace_back(text.substr(word_start, end - word_start));
      word_start = std::string_view::npos;
    }
  };
  while (pos < text.size()) {
    const unsigned char byte = static_cast<unsigned char>(text[pos]);
    bool word_char;
    std::size_t length = 1;
    if (byte < 0x80) {
      word_char = IsAsciiAlnum(byte);
    } else {
      utf8proc_int32_t codepoint = 0;
      const utf8proc_ssize_t read =
          utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                           static_cast<utf8proc_ssize_t>(text.size() - pos), &codepoint);
      if (read > 0) {
        length = static_cast<std::size_t>(read);
        word_char = IsLetterOrDigit(codepoint);
      } else {
        word_char = false;  // cannot happen after Fold; treated as a separator
      }
    }
    if (word_char) {
      if (word_start == std::string_view::npos) word_start = pos;
    } else {
      close_word(pos);
    }
    pos += length;
  }
  close_word(text.size());
  return words;
}

std::string CountOf(long long count, std::string_view one, std::string_view many) {
  return std::to_string(count) + " " + std::string(count == 1 ? one : many);
}

}  // namespace rn::text
