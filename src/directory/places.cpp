#include "directory/places.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>
#include <unordered_map>

#include "util/text.h"

namespace rn::directory {
namespace {

constexpr std::size_t kMinPrefixLength = 3;

// Folded words joined by single spaces: "St. Mary's" → "st mary s".
std::string Normalize(std::string_view text) {
  std::string key;
  for (const std::string& word : text::Words(text)) {
    if (!key.empty()) key.push_back(' ');
    key += word;
  }
  return key;
}

// US ZIP+4 and similar: the part before the first '-' or space.
std::string_view PostalBase(std::string_view postal_code) {
  return postal_code.substr(0, postal_code.find_first_of("- "));
}

// "SANTA ANA" → "Santa Ana"; names in mixed case are kept as written.
std::string DisplayName(std::string_view name) {
  const bool shouting =
      std::none_of(name.begin(), name.end(), [](char c) { return c >= 'a' && c <= 'z'; });
  std::string shown(name);
  if (!shouting) return shown;
  bool word_start = true;
  for (char& c : shown) {
    if (c >= 'A' && c <= 'Z' && !word_start) c = static_cast<char>(c - 'A' + 'a');
    word_start = !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'');
  }
  return shown;
}

bool IsCountry(std::string_view part) {
  return part == "USA" || part == "US" || part == "United States" || part == "Canada";
}

// City, state and postal code of a location, taken from its parts or, when a feed gives only a
// one-line address, from its North American shape: "street, City, ST 12345[, USA]".
struct CityParts {
  std::string city;
  std::string state;
  std::string postal_code;
};
CityParts CityPartsOf(const Location& location) {
  CityParts parts{location.city, location.state, location.postal_code};
  if (!parts.city.empty() || location.formatted_address.empty()) return parts;
  std::vector<std::string_view> pieces;
  std::string_view rest = location.formatted_address;
  while (!rest.empty()) {
    const std::size_t comma = rest.find(',');
    std::string_view piece = rest.substr(0, comma);
    while (piece.starts_with(' ')) piece.remove_prefix(1);
    while (piece.ends_with(' ')) piece.remove_suffix(1);
    if (!piece.empty()) pieces.push_back(piece);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (!pieces.empty() && IsCountry(pieces.back())) pieces.pop_back();
  if (pieces.size() < 2) return parts;
  // "CA 92705" or "CA": a two-letter state, then an optional postal code.
  const std::string_view state_postal = pieces.back();
  if (state_postal.size() < 2 || !std::isupper(static_cast<unsigned char>(state_postal[0])) ||
      !std::isupper(static_cast<unsigned char>(state_postal[1])) ||
      (state_postal.size() > 2 && state_postal[2] != ' ')) {
    return parts;
  }
  parts.state = std::string(state_postal.substr(0, 2));
  if (parts.postal_code.empty() && state_postal.size() > 3) {
    parts.postal_code = std::string(state_postal.substr(3));
  }
  parts.city = std::string(pieces[pieces.size() - 2]);
  return parts;
}

// The median of `values` (reordered): robust against the stray row whose longitude a feed left at
// 0.
double Median(std::vector<double>& values) {
  const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
  std::nth_element(values.begin(), middle, values.end());
  if (values.size() % 2 == 1) return *middle;
  return (*middle + *std::max_element(values.begin(), middle)) / 2;
}

struct Accumulator {
  Place place;
  std::vector<double> latitudes;
  std::vector<double> longitudes;
  std::map<std::string, std::size_t> zones;
  std::vector<std::string> keys;
};

}  // namespace

struct PlaceIndex::Builder::Found {
  // (kind, folded identity) → accumulator; a city is told apart by its state.
  std::map<std::tuple<Place::Kind, std::string>, Accumulator> places;

  void Add(Place::Kind kind, std::string identity, std::string name, std::vector<std::string> keys,
           const Listing& listing) {
    if (identity.empty()) return;
    Accumulator& entry = places[{kind, std::move(identity)}];
    if (entry.place.listings == 0) {
      entry.place.kind = kind;
      entry.place.name = std::move(name);
      entry.keys = std::move(keys);
    }
    ++entry.place.listings;
    entry.latitudes.push_back(*listing.location.latitude);
    entry.longitudes.push_back(*listing.location.longitude);
    ++entry.zones[listing.timezone];
  }
};

PlaceIndex::Builder::Builder() : found_(std::make_unique<Found>()) {}

PlaceIndex::Builder::~Builder() = default;

void PlaceIndex::Builder::Add(const Listing& listing) {
  if (!HasCoordinates(listing)) return;
  Found& found = *found_;
  const CityParts location = CityPartsOf(listing.location);
  if (const std::string postal = Normalize(PostalBase(location.postal_code)); !postal.empty()) {
    found.Add(Place::Kind::kPostalCode, postal, std::string(PostalBase(location.postal_code)),
              {postal}, listing);
  }
  if (const std::string city = Normalize(location.city); !city.empty()) {
    const std::string state = Normalize(location.state);
    std::string name = DisplayName(location.city);
    std::vector<std::string> keys = {city};
    if (!state.empty()) {
      name += ", " + location.state;
      keys.push_back(city + " " + state);
    }
    found.Add(Place::Kind::kCity, city + "|" + state, std::move(name), std::move(keys), listing);
  }
  for (const std::string& region : listing.regions) {
    if (const std::string key = Normalize(region); !key.empty()) {
      found.Add(Place::Kind::kRegion, key, DisplayName(region), {key}, listing);
    }
  }
}

PlaceIndex PlaceIndex::Builder::Finish() && {
  const std::unique_ptr<Found> found = std::move(found_);
  PlaceIndex index;
  index.places_.reserve(found->places.size());
  // Each place is taken out of the map as it is finished, so its coordinates are freed as it goes.
  while (!found->places.empty()) {
    auto node = found->places.extract(found->places.begin());
    Accumulator& entry = node.mapped();
    Place& place = entry.place;
    place.latitude = Median(entry.latitudes);
    place.longitude = Median(entry.longitudes);
    place.timezone =
        std::max_element(entry.zones.begin(), entry.zones.end(), [](const auto& a, const auto& b) {
          return a.second < b.second;
        })->first;
    const auto position = static_cast<std::uint32_t>(index.places_.size());
    for (std::string& key : entry.keys) index.keys_.emplace_back(std::move(key), position);
    index.places_.push_back(std::move(place));
  }
  std::sort(index.keys_.begin(), index.keys_.end());
  return index;
}

PlaceIndex::PlaceIndex(const std::vector<Listing>& listings) {
  Builder builder;
  for (const Listing& listing : listings) builder.Add(listing);
  *this = std::move(builder).Finish();
}

std::vector<const Place*> PlaceIndex::Find(std::string_view query, std::size_t limit) const {
  // "94901-1234" finds the place "94901".
  const bool postal = !query.empty() && query.front() >= '0' && query.front() <= '9';
  const std::string key = Normalize(postal ? PostalBase(query) : query);
  std::vector<std::uint32_t> matches;
  if (key.empty()) return {};
  auto first =
      std::lower_bound(keys_.begin(), keys_.end(), key,
                       [](const auto& entry, const std::string& k) { return entry.first < k; });
  for (auto it = first; it != keys_.end() && it->first == key; ++it) matches.push_back(it->second);
  if (matches.empty() && key.size() >= kMinPrefixLength) {
    for (auto it = first; it != keys_.end() && it->first.starts_with(key); ++it) {
      matches.push_back(it->second);
    }
  }
  std::sort(matches.begin(), matches.end());
  matches.erase(std::unique(matches.begin(), matches.end()), matches.end());
  std::vector<const Place*> places;
  for (std::uint32_t position : matches) places.push_back(&places_[position]);
  std::stable_sort(places.begin(), places.end(),
                   [](const Place* a, const Place* b) { return a->listings > b->listings; });
  // "Santa Ana, CA" (city) and "Santa Ana" (region) are one place to the person typing it: keep
  // the one with more listings (the first, after the sort).
  auto bare_name = [](const Place* place) {
    std::string_view name = place->name;
    if (place->kind == Place::Kind::kCity) name = name.substr(0, name.rfind(", "));
    return Normalize(name);
  };
  auto same_place = [&](const Place* a, const Place* b) {
    return a->kind != Place::Kind::kPostalCode && b->kind != Place::Kind::kPostalCode &&
           (a->kind != b->kind || a->kind == Place::Kind::kRegion) && bare_name(a) == bare_name(b);
  };
  std::vector<const Place*> distinct;
  for (const Place* place : places) {
    const bool duplicate = std::any_of(distinct.begin(), distinct.end(),
                                       [&](const Place* kept) { return same_place(kept, place); });
    if (!duplicate) distinct.push_back(place);
    if (distinct.size() == limit) break;
  }
  return distinct;
}

}  // namespace rn::directory
