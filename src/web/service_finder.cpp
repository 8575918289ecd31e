#include "web/service_finder.h"

#include <algorithm>

#include "resources/categories.h"
#include "util/text.h"
#include "util/time_zone.h"

namespace rn::web {
namespace {

constexpr std::size_t kMaxTextLength = 100;
constexpr int kMaxPage = 1000;

void Report(Status* first, Status error) {
  if (first->ok()) *first = std::move(error);
}

bool IsLanguageCode(std::string_view code) {
  return code.size() == 2 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

}  // namespace

ParsedServiceFinder ParseServiceFinderParams(const http::Form& form) {
  ParsedServiceFinder parsed;
  ServiceFinderParams& params = parsed.params;
  Status& error = parsed.error;
  for (auto [name, target] :
       {std::pair<const char*, std::string*>{"where", &params.where}, {"q", &params.q}}) {
    if (auto value = form.Get(name)) {
      if (value->size() > kMaxTextLength) {
        Report(&error, Status::Invalid(name, "is longer than 100 characters"));
      } else {
        *target = std::move(*value);
      }
    }
  }
  const auto lat = form.Get("lat"), lng = form.Get("lng");
  if (lat || lng) {
    const auto latitude = lat ? text::ParseNumber(*lat, -90.0, 90.0) : std::nullopt;
    const auto longitude = lng ? text::ParseNumber(*lng, -180.0, 180.0) : std::nullopt;
    if (!latitude || !longitude) {
      Report(&error, Status::Invalid(latitude ? "lng" : "lat",
                                     "must be decimal degrees, given with the other coordinate"));
    } else {
      params.latitude = latitude;
      params.longitude = longitude;
    }
  }
  if (auto category = form.Get("category")) {
    if (resources::FindCategory(*category) == nullptr) {
      Report(&error, Status::Invalid("category", "is not a known category"));
    } else {
      params.category = std::move(*category);
    }
  }
  if (auto audience = form.Get("audience")) {
    if (resources::FindAudience(*audience) == nullptr) {
      Report(&error, Status::Invalid("audience", "is not one the finder knows"));
    } else {
      params.audience = std::move(*audience);
    }
  }
  if (auto language = form.Get("language")) {
    if (!IsLanguageCode(*language)) {
      Report(&error, Status::Invalid("language", "must be a two-letter language code"));
    } else {
      params.language = std::move(*language);
    }
  }
  if (auto open = form.Get("open_now")) {
    if (*open == "1") {
      params.open_now = true;
    } else {
      Report(&error, Status::Invalid("open_now", "must be 1"));
    }
  }
  if (auto distance = form.Get("distance")) {
    const auto miles = text::ParseNumber(*distance, 1, 50);
    if (!miles || std::find(kDistanceChoicesMiles.begin(), kDistanceChoicesMiles.end(), *miles) ==
                      kDistanceChoicesMiles.end()) {
      Report(&error, Status::Invalid("distance", "must be 1, 2, 5, 10, 25 or 50 miles"));
    } else {
      params.distance_miles = *miles;
    }
  }
  if (auto page = form.Get("page")) {
    const auto number = text::ParseNumber(*page, 1, kMaxPage);
    if (!number) {
      Report(&error, Status::Invalid("page", "must be a page number from 1 to 1000"));
    } else {
      params.page = *number;
    }
  }
  if (auto at = form.Get("at")) {
    auto instant = ParseRfc3339(*at);
    if (!instant.ok()) {
      Report(&error, Status::Invalid("at", "must be an RFC 3339 date and time"));
    } else {
      params.at = *instant;
    }
  }
  return parsed;
}

directory::PlaceIndex ServicePlaces(const resources::ResourceSnapshot& snapshot) {
  directory::PlaceIndex::Builder builder;
  for (const resources::ServiceEntry& entry : snapshot.entries()) {
    if (!entry.latitude || !entry.longitude) continue;
    // The fields of a listing that places are made of.
    directory::Listing listing;
    listing.location.city = entry.city;
    listing.location.state = entry.state;
    listing.location.postal_code = entry.postal_code;
    listing.location.latitude = entry.latitude;
    listing.location.longitude = entry.longitude;
    if (entry.zone != nullptr) listing.timezone = std::string(entry.zone->name());
    builder.Add(listing);
  }
  return std::move(builder).Finish();
}

ServiceFinderOutcome RunServiceFinder(const resources::ResourceSnapshot& snapshot,
                                      const directory::PlaceIndex& places,
                                      const ServiceFinderParams& params, Instant now) {
  ServiceFinderOutcome outcome;
  outcome.at = params.at.value_or(now);
  if (params.latitude && params.longitude) {
    outcome.where_state = WhereState::kNearMe;
  } else if (!params.where.empty()) {
    std::vector<const directory::Place*> found = places.Find(params.where);
    if (found.empty()) {
      outcome.where_state = WhereState::kUnknown;
    } else if (found.size() == 1) {
      outcome.where_state = WhereState::kPlace;
      outcome.place = found.front();
    } else {
      outcome.where_state = WhereState::kAmbiguous;
      outcome.choices = std::move(found);
    }
  }
  outcome.has_location =
      outcome.where_state == WhereState::kNearMe || outcome.where_state == WhereState::kPlace;
  const bool asked = outcome.has_location || !params.q.empty() || !params.category.empty() ||
                     !params.audience.empty() || !params.language.empty() || params.open_now;
  outcome.searched = asked && outcome.where_state != WhereState::kAmbiguous &&
                     outcome.where_state != WhereState::kUnknown;
  if (!outcome.searched) return outcome;

  resources::ServiceQuery query;
  query.at = outcome.at;
  if (outcome.where_state == WhereState::kPlace) {
    query.latitude = outcome.place->latitude;
    query.longitude = outcome.place->longitude;
  } else if (outcome.where_state == WhereState::kNearMe) {
    query.latitude = params.latitude;
    query.longitude = params.longitude;
  }
  if (outcome.has_location) query.radius_km = params.distance_miles * kKmPerMile;
  query.words = text::Words(params.q);
  if (!params.category.empty()) query.categories = {params.category};
  query.audience = params.audience;
  query.language = params.language;
  if (!params.open_now) {
    resources::ServiceQuery open = query;
    open.open_now = true;
    open.limit = 0;
    outcome.open_now = snapshot.Search(open).total;
  }
  query.open_now = params.open_now;
  query.offset = (static_cast<std::size_t>(params.page) - 1) * kServicesPerPage;
  query.limit = kServicesPerPage;
  outcome.result = snapshot.Search(query);
  if (params.open_now) outcome.open_now = outcome.result.total;
  outcome.pages = (outcome.result.total + kServicesPerPage - 1) / kServicesPerPage;
  return outcome;
}

}  // namespace rn::web
