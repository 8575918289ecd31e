#pragma once
// Link-SF (San Francisco's drop-in and basic-needs directory, 2014): its Parse export, a JSON array
// of facilities each with its services and their weekly opening hours, read into HSDS 3.1
// records. Tolerant as the other importers are: a facility or service that cannot be understood is
// rejected, naming its position and field, and the rest is read. Pure; never throws on input.

#include <string_view>

#include "interop/hsds/hsds.h"
#include "util/status.h"

namespace rn::interop::facilities {

// The file name rejections name.
inline constexpr std::string_view kLinkSfFile = "linksf.json";

// Reads a Link-SF export. Each facility becomes an organization (its objectId as id: an id in,
// the same id out) and a location (objectId + "-location": address, coordinates, the phone text);
// each of its services a service (its objectId) with its schedules, category attributes and
// eligibility, and a service_at_location (service objectId + "-at-location").
//
// kInvalidArgument (field "json") when the text is not JSON or not an array. A facility that is not
// an object, has a field of the wrong JSON type, or fails resources::CheckRecord is rejected
// (Rejection{"linksf.json", its index, the field path, reason}), with its services; a service that
// does, alone. A facility repeating an earlier one's objectId is dropped with a note when it is
// the same object, rejected when it differs.
Result<hsds::Parse> ParseLinkSf(std::string_view json, const hsds::Options& options);

}  // namespace rn::interop::facilities
