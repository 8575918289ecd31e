#include "directory/listing.h"

#include <algorithm>

#include "util/hash.h"

namespace rn::directory {

const char* AttendanceName(Attendance attendance) {
  switch (attendance) {
    case Attendance::kInPerson:
      return "in_person";
    case Attendance::kOnline:
      return "online";
    case Attendance::kHybrid:
      return "hybrid";
    case Attendance::kInactive:
      return "inactive";
  }
  return "in_person";
}

std::optional<Attendance> ParseAttendance(std::string_view name) {
  if (name == "in_person") return Attendance::kInPerson;
  if (name == "online") return Attendance::kOnline;
  if (name == "hybrid") return Attendance::kHybrid;
  if (name == "inactive") return Attendance::kInactive;
  return std::nullopt;
}

bool StartsWithStreetNumber(std::string_view address) {
  const std::string_view first_part = address.substr(0, address.find(','));
  return std::any_of(first_part.begin(), first_part.end(),
                     [](char c) { return c >= '0' && c <= '9'; });
}

bool IsApproximate(const Location& location) {
  switch (location.approximate) {
    case Approximate::kYes:
      return true;
    case Approximate::kNo:
      return false;
    case Approximate::kUnknown:
      break;
  }
  return !StartsWithStreetNumber(location.formatted_address.empty() ? location.address
                                                                    : location.formatted_address);
}

std::string MakeListingId(std::string_view source, std::string_view slug) {
  constexpr std::string_view kNul("\0", 1);
  return Hex64(Fnv1a64(slug, Fnv1a64(kNul, Fnv1a64(source))));
}

}  // namespace rn::directory
