#include "directory/listing.h"

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

std::string MakeListingId(std::string_view source, std::string_view slug) {
  constexpr std::string_view kNul("\0", 1);
  return Hex64(Fnv1a64(slug, Fnv1a64(kNul, Fnv1a64(source))));
}

}  // namespace rn::directory
