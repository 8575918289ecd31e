#include "directory/listing.h"

#include <cstdint>
#include <cstdio>

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
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  auto mix = [&hash](unsigned char byte) {
    hash ^= byte;
    hash *= 0x100000001b3ULL;
  };
  for (unsigned char c : source) mix(c);
  mix(0);
  for (unsigned char c : slug) mix(c);
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

}  // namespace rn::directory
