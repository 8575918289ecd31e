#include "directory/correction.h"

#include <algorithm>

#include "util/stored_text.h"
#include "util/text.h"

namespace rn::directory {
namespace {

constexpr std::size_t kListingIdLength = 16;

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

Status ValidateDetails(std::string_view details) {
  if (!text::IsValidUtf8(details)) {
    return Status::Invalid("details", "the details are not valid text");
  }
  const std::string_view trimmed = text::Trim(details);
  if (trimmed.empty()) return Status::Invalid("details", "say what needs correcting");
  if (text::CodePointCount(trimmed) > kMaxCorrectionDetails) {
    return Status::Invalid("details", "the details are longer than " +
                                          std::to_string(kMaxCorrectionDetails) + " characters");
  }
  if (const auto control =
          text::FirstForbiddenControl(text::NormalizeLineEnds(details), text::Lines::kMany)) {
    return Status::Invalid("details", "the details " + text::ControlCharacterMessage(*control));
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
  if (!text::IsValidUtf8(email) || text::HasC1Control(email)) return bad;
  for (const char c : email) {
    if (text::IsAsciiControl(static_cast<unsigned char>(c)) || c == ' ' || c == ',' || c == ';' ||
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
  request->details = text::NormalizeLineEnds(text::Trim(request->details));
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
