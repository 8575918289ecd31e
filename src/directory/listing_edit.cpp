#include "directory/listing_edit.h"

#include <algorithm>

#include "directory/listing_json.h"
#include "directory/schedule.h"

namespace rn::directory {
namespace {

constexpr std::string_view kTemporarilyClosed = "TC";

bool HasAddress(const Listing& listing) {
  return !listing.location.address.empty() || !listing.location.formatted_address.empty();
}

}  // namespace

constexpr std::string_view kLocalPrefix = "local-";

std::string LocalSource(std::string_view site_id) {
  return std::string(kLocalPrefix) + std::string(site_id);
}

bool IsLocalSource(std::string_view source) { return source.starts_with(kLocalPrefix); }

Status ValidateEditedListing(const Listing& listing) {
  if (listing.name.empty()) return Status::Invalid("name", "a listing needs a name");
  if (listing.timezone.empty() || FindZone(listing.timezone) == nullptr) {
    return Status::Invalid("timezone", "choose the time zone the meeting times are in");
  }
  const Attendance attendance = listing.attendance;
  if ((attendance == Attendance::kInPerson || attendance == Attendance::kHybrid) &&
      !HasAddress(listing)) {
    return Status::Invalid("address", "a meeting held in person needs a street address");
  }
  if ((attendance == Attendance::kOnline || attendance == Attendance::kHybrid) &&
      listing.conference.empty()) {
    return Status::Invalid("conference_url", "an online meeting needs a link or a phone number");
  }
  const std::string& url = listing.conference.url;
  if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
    return Status::Invalid("conference_url", "the link must start with https://");
  }
  return ValidateListing(listing);
}

bool IsTemporarilyClosed(const Listing& listing) {
  return std::find(listing.types.begin(), listing.types.end(), kTemporarilyClosed) !=
         listing.types.end();
}

void CloseTemporarily(Listing* listing) {
  if (!IsTemporarilyClosed(*listing)) listing->types.emplace_back(kTemporarilyClosed);
  listing->attendance =
      listing->conference.empty() ? Attendance::kInactive : Attendance::kOnline;
}

void Reopen(Listing* listing) {
  std::erase(listing->types, std::string(kTemporarilyClosed));
  listing->attendance = ImpliedAttendance(*listing);
}

Attendance ImpliedAttendance(const Listing& listing) {
  const bool online = !listing.conference.empty();
  if (HasAddress(listing)) return online ? Attendance::kHybrid : Attendance::kInPerson;
  return online ? Attendance::kOnline : Attendance::kInPerson;
}

}  // namespace rn::directory
