#include "casework/fields.h"

#include <algorithm>
#include <cctype>

#include "util/stored_text.h"
#include "util/text.h"

namespace rn::casework {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

Status CheckText(std::string_view field, std::string_view trimmed, std::size_t max,
                 bool multi_line) {
  if (!text::IsValidUtf8(trimmed)) return Status::Invalid(std::string(field), "is not valid text");
  RN_RETURN_IF_ERROR(
      text::CheckNoControls(field, trimmed, multi_line ? text::Lines::kMany : text::Lines::kOne));
  if (text::CodePointCount(trimmed) > max) {
    return Status::Invalid(std::string(field),
                           "is longer than " + std::to_string(max) + " characters");
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> OneLine(std::string_view field, std::string_view value, std::size_t max,
                            bool required) {
  const std::string_view trimmed = text::Trim(value);
  if (trimmed.empty()) {
    if (required) return Status::Invalid(std::string(field), "is required");
    return std::string();
  }
  RN_RETURN_IF_ERROR(CheckText(field, trimmed, max, false));
  return std::string(trimmed);
}

Status Take(Result<std::string> checked, std::string* into) {
  if (!checked.ok()) return checked.status();
  *into = std::move(checked).value();
  return Status::Ok();
}

Result<std::string> Note(std::string_view field, std::string_view value, std::size_t max) {
  const std::string normalized = text::NormalizeLineEnds(value);
  const std::string_view trimmed = text::Trim(normalized);
  RN_RETURN_IF_ERROR(CheckText(field, trimmed, max, true));
  return std::string(trimmed);
}

Result<std::string> LanguageTag(std::string_view field, std::string_view value) {
  const std::string_view tag = text::Trim(value);
  const std::size_t dash = tag.find('-');
  const std::string_view language = tag.substr(0, dash);
  const std::string_view region = dash == std::string_view::npos ? "" : tag.substr(dash + 1);
  const bool language_ok = (language.size() == 2 || language.size() == 3) &&
                           std::all_of(language.begin(), language.end(), IsAlpha);
  const bool region_ok =
      dash == std::string_view::npos ||
      (region.size() == 2 && std::all_of(region.begin(), region.end(), IsAlpha)) ||
      (region.size() == 3 && std::all_of(region.begin(), region.end(), IsDigit));
  if (!language_ok || !region_ok) {
    return Status::Invalid(std::string(field), "must be a language tag such as en, es or es-MX");
  }
  std::string out = text::AsciiLower(language);
  if (!region.empty()) {
    out += '-';
    for (char c : region) out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace rn::casework
