#include "web/service_finder.h"

#include <algorithm>

#include "resources/categories.h"
#include "util/text.h"
#include "util/time_zone.h"

namespace rn::web {
namespace {

constexpr std::size_t kMaxTextLength = 100;

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
  ParsePlace(form, &params.where, &params.latitude, &params.longitude, &error);
  if (auto q = form.Get("q")) {
    if (q->size() > kMaxTextLength) {
      Report(&error, Status::Invalid("q", "is longer than 100 characters"));
    } else {
      params.q = std::move(*q);
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
  ParseDistancePageAndInstant(form, &params.distance_miles, &params.page, &params.at, &error);
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
  WhereResolution where = ResolveWhere(places, params.where, params.latitude && params.longitude);
  outcome.where_state = where.state;
  outcome.place = where.place;
  outcome.choices = std::move(where.choices);
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
  query.open_now = params.open_now;
  query.count_open = true;
  query.offset = (static_cast<std::size_t>(params.page) - 1) * kServicesPerPage;
  query.limit = kServicesPerPage;
  outcome.result = snapshot.Search(query);
  outcome.open_now = outcome.result.open;
  outcome.pages = (outcome.result.total + kServicesPerPage - 1) / kServicesPerPage;
  return outcome;
}

}  // namespace rn::web
