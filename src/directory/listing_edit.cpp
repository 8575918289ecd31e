#include "directory/listing_edit.h"

#include <algorithm>

#include "directory/listing_json.h"
#include "directory/schedule.h"
#include "util/stored_text.h"

namespace rn::directory {
namespace {

constexpr std::string_view kTemporarilyClosed = "TC";

bool HasAddress(const Listing& listing) {
  return !listing.location.address.empty() || !listing.location.formatted_address.empty();
}

// The editor's text fields under the stored-text rule, named as the console's form names them.
Status CheckEditedText(const Listing& listing) {
  using text::Lines;
  const Location& location = listing.location;
  const struct {
    std::string_view field;
    const std::string& value;
    Lines lines;
  } fields[] = {
      {"name", listing.name, Lines::kOne},
      {"timezone", listing.timezone, Lines::kOne},
      {"location_name", location.name, Lines::kOne},
      {"address", location.address, Lines::kOne},
      {"address", location.formatted_address, Lines::kOne},
      {"city", location.city, Lines::kOne},
      {"state", location.state, Lines::kOne},
      {"postal_code", location.postal_code, Lines::kOne},
      {"country", location.country, Lines::kOne},
      {"location_notes", location.notes, Lines::kMany},
      {"conference_url", listing.conference.url, Lines::kOne},
      {"conference_url_notes", listing.conference.url_notes, Lines::kMany},
      {"conference_phone", listing.conference.phone, Lines::kOne},
      {"conference_phone_notes", listing.conference.phone_notes, Lines::kMany},
      {"website", listing.contact.website, Lines::kOne},
      {"email", listing.contact.email, Lines::kOne},
      {"phone", listing.contact.phone, Lines::kOne},
      {"group", listing.group, Lines::kOne},
      {"group_notes", listing.group_notes, Lines::kMany},
      {"notes", listing.notes, Lines::kMany},
  };
  for (const auto& field : fields) {
    RN_RETURN_IF_ERROR(text::CheckNoControls(field.field, field.value, field.lines));
  }
  return Status::Ok();
}

}  // namespace

constexpr std::string_view kLocalPrefix = "local-";

std::string LocalSource(std::string_view site_id) {
  return std::string(kLocalPrefix) + std::string(site_id);
}

bool IsLocalSource(std::string_view source) { return source.starts_with(kLocalPrefix); }

Status ValidateEditedListing(const Listing& listing) {
  RN_RETURN_IF_ERROR(CheckEditedText(listing));
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
  listing->attendance = listing->conference.empty() ? Attendance::kInactive : Attendance::kOnline;
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
