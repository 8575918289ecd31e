#pragma once
// What a site runs and who refers to it: programs (of a kind, referral.h ProgramKind), the
// referring partners, and each program's on-call roster. No SQL here, no HTTP.

#include <string>
#include <vector>

#include "casework/codes.h"
#include "casework/referral.h"
#include "util/status.h"

namespace rn::casework {

// What kind of organisation a referring partner is.
enum class PartnerKind {
  kHospital,   // an emergency department or a ward
  kClinic,     // an OB or primary-care clinic
  kTreatment,  // a treatment program
  kCourt,      // a court, probation
  kShelter,
  kOther,
};
inline constexpr CodeTable<PartnerKind, 6> kPartnerKinds{{{
    {PartnerKind::kHospital, "hospital"},
    {PartnerKind::kClinic, "clinic"},
    {PartnerKind::kTreatment, "treatment"},
    {PartnerKind::kCourt, "court"},
    {PartnerKind::kShelter, "shelter"},
    {PartnerKind::kOther, "other"},
}}};

struct Program {
  std::string id;  // short code, unique at the site: [a-z0-9_-], 1 to 64
  std::string site_id;
  std::string name;
  ProgramKind kind = ProgramKind::kCommunity;

  bool operator==(const Program&) const = default;
};

struct Partner {
  std::string id;  // short code, unique at the site: [a-z0-9_-], 1 to 64
  std::string site_id;
  std::string name;
  PartnerKind kind = PartnerKind::kOther;

  bool operator==(const Partner&) const = default;
};

// OK when `id` may name a program or partner: 1 to 64 of [a-z0-9_-]; else kInvalidArgument naming
// `field`.
Status ValidateCode(std::string_view field, std::string_view id);
// Checks and tidies a program (field "id", "name"; the name as fields.h OneLine, required).
Status NormalizeProgram(Program* program);
// Checks and tidies a partner (field "id", "name").
Status NormalizePartner(Partner* partner);

}  // namespace rn::casework
