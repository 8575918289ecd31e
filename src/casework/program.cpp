#include "casework/program.h"

#include <algorithm>

#include "casework/fields.h"

namespace rn::casework {

Status ValidateCode(std::string_view field, std::string_view id) {
  const bool ok = !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
  if (!ok) {
    return Status::Invalid(std::string(field),
                           "must be 1 to 64 lower-case letters, digits, '_' or '-'");
  }
  return Status::Ok();
}

Status NormalizeProgram(Program* program) {
  RN_RETURN_IF_ERROR(ValidateCode("id", program->id));
  RN_RETURN_IF_ERROR(Take(OneLine("name", program->name, kMaxShortText, true), &program->name));
  return Status::Ok();
}

Status NormalizePartner(Partner* partner) {
  RN_RETURN_IF_ERROR(ValidateCode("id", partner->id));
  RN_RETURN_IF_ERROR(Take(OneLine("name", partner->name, kMaxShortText, true), &partner->name));
  return Status::Ok();
}

}  // namespace rn::casework
