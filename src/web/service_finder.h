#pragma once
// The finder's "Services" (issue 14, contract in docs/pages.md), without HTTP or HTML: the page's
// query parameters → a search of the community resources → what the page shows. Pure: tested
// without a server.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "directory/places.h"
#include "http/form.h"
#include "resources/snapshot.h"
#include "util/clock.h"
#include "util/status.h"
#include "web/finder.h"

namespace rn::web {

inline constexpr std::size_t kServicesPerPage = 20;

struct ServiceFinderParams {
  std::string where;               // a city or postal code
  std::optional<double> latitude;  // "Near me": both or neither; they win over `where`
  std::optional<double> longitude;
  std::string q;         // words, as typed
  std::string category;  // a slug of resources/categories.h
  std::string audience;  // a slug of resources/categories.h's kAudiences
  std::string language;  // ISO 639-1 code
  bool open_now = false;
  int distance_miles = kDefaultDistanceMiles;
  int page = 1;
  std::optional<Instant> at;  // pinned "now"
};

// The parameters and the first invalid one, reported by name and reset to its default (so the
// page still shows a usable form). Unknown parameters are ignored.
struct ParsedServiceFinder {
  ServiceFinderParams params;
  Status error;
};
ParsedServiceFinder ParseServiceFinderParams(const http::Form& form);

// The places the "where" box knows for services: the cities and postal codes of the services'
// own locations (directory/places.h, as the meetings' finder resolves them).
directory::PlaceIndex ServicePlaces(const resources::ResourceSnapshot& snapshot);

struct ServiceFinderOutcome {
  WhereState where_state = WhereState::kNone;
  const directory::Place* place = nullptr;
  std::vector<const directory::Place*> choices;
  Instant at;
  // Whether a search ran: a place, words, a category, an audience, a language or "open now" was
  // asked for (the bare page offers the categories instead), and `where` named one place.
  bool searched = false;
  bool has_location = false;
  resources::ServiceResults result;
  std::size_t open_now = 0;  // of all the matches, how many are open at `at`
  std::size_t pages = 0;
};

ServiceFinderOutcome RunServiceFinder(const resources::ResourceSnapshot& snapshot,
                                      const directory::PlaceIndex& places,
                                      const ServiceFinderParams& params, Instant now);

}  // namespace rn::web
