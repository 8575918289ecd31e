#include "directory/correction.h"

#include <algorithm>

#include "util/text.h"

namespace rn::directory {
namespace {

constexpr std::size_t kListingIdLength = 16;

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

// True for the C0 controls and DEL.
bool IsAsciiControl(unsigned char c) { return c < 0x20 || c == 0x7F; }

// True when the valid UTF-8 `s` holds a C1 control (U+0080..U+009F, encoded C2 80..C2 9F).
bool HasC1Control(std::string_view s) {
  for (std::size_t i = 0; i + 1 < s.size(); ++i) {
    if (static_cast<unsigned char>(s[i]) == 0xC2 && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
      return true;
    }
  }
  return false;
}

// The number of code points in the valid UTF-8 `s`: every byte that does not continue a sequence.
std::size_t CodePointCount(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(
      s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Status ValidateDetails(std::string_view details) {
  if (!text::IsValidUtf8(details)) {
    return Status::Invalid("details", "the details are not valid text");
  }
  const std::string_view trimmed = text::Trim(details);
  if (trimmed.empty()) return Status::Invalid("details", "say what needs correcting");
  if (CodePointCount(trimmed) > kMaxCorrectionDetails) {
    return Status::Invalid("details", "the details are longer than " +
                                          std::to_string(kMaxCorrectionDetails) + " characters");
  }
  const bool has_control = std::any_of(details.begin(), details.end(), [](char c) {
    return IsAsciiControl(static_cast<unsigned char>(c)) && c != '\n' && c != '\r' && c != '\t';
  });
  if (has_control || HasC1Control(details)) {
    return Status::Invalid("details", "the details hold control characters");
  }
  return Status::Ok();
}

Status ValidateEmail(std::string_view email) {
  if (email.empty()) return Status::Ok();
  const Status bad = Status::Invalid("email", "the email address is not valid");
  if (email.size() > kMaxCorrectionEmail) {
    return Status::Invalid("email", "the email address is longer than " +
                                        std::to_string(kMaxCorrectionEmail) + " characters");
  }
  if (!text::IsValidUtf8(email) || HasC1Control(email)) return bad;
  for (const char c : email) {
    if (IsAsciiControl(static_cast<unsigned char>(c)) || c == ' ' || c == ',' || c == ';' ||
        c == '<' || c == '>') {
      return bad;
    }
  }
  const std::size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return bad;
  }
  const std::string_view domain = email.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.' ||
      domain.find("..") != std::string_view::npos) {
    return bad;
  }
  return Status::Ok();
}

}  // namespace

bool IsCorrectionField(std::string_view field) {
  return std::find(kCorrectionFields.begin(), kCorrectionFields.end(), field) !=
         kCorrectionFields.end();
}

bool IsCorrectionStatus(std::string_view status) {
  return status == kCorrectionOpen || status == kCorrectionApplied ||
         status == kCorrectionDismissed;
}

void NormalizeCorrection(CorrectionRequest* request) {
  std::string details;
  const std::string_view trimmed = text::Trim(request->details);
  details.reserve(trimmed.size());
  for (std::size_t i = 0; i < trimmed.size(); ++i) {
    if (trimmed[i] != '\r') {
      details.push_back(trimmed[i]);
    } else if (i + 1 == trimmed.size() || trimmed[i + 1] != '\n') {
      details.push_back('\n');  // a lone CR; a CR before LF is dropped
    }
  }
  request->details = std::move(details);
  request->email = std::string(text::Trim(request->email));
}

Status ValidateCorrection(const CorrectionRequest& request) {
  if (request.listing_id.size() != kListingIdLength ||
      !std::all_of(request.listing_id.begin(), request.listing_id.end(), IsLowerHex)) {
    return Status::Invalid("listing_id", "not a listing id");
  }
  if (!IsCorrectionField(request.field)) {
    return Status::Invalid("field", "choose what needs correcting");
  }
  RN_RETURN_IF_ERROR(ValidateDetails(request.details));
  RN_RETURN_IF_ERROR(ValidateEmail(request.email));
  const std::string& language = request.language;
  if (!language.empty() && (language.size() < 2 || language.size() > 3 ||
                            !std::all_of(language.begin(), language.end(),
                                         [](char c) { return c >= 'a' && c <= 'z'; }))) {
    return Status::Invalid("language", "not a language code");
  }
  return Status::Ok();
}

}  // namespace rn::directory
