#pragma once
// The places a person can type into the finder's "where" box — cities, postal codes and the regions
// (neighbourhoods, districts) that listings carry — resolved offline against the directory's own
// locations: no outside geocoder. Built once per snapshot; immutable and thread-safe after.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "directory/listing.h"

namespace rn::directory {

struct Place {
  enum class Kind { kPostalCode, kCity, kRegion };
  Kind kind = Kind::kCity;
  std::string name;     // shown: "Irvine, CA", "92618", "Sausalito"
  double latitude = 0;  // median of the place's listings' coordinates (robust to stray rows)
  double longitude = 0;
  std::string timezone;  // the zone most of its listings use
  std::size_t listings = 0;
};

class PlaceIndex final {
 public:
  class Builder;

  // Every listing with coordinates contributes its city (with state), postal code and regions.
  // The same as adding each listing to a Builder.
  explicit PlaceIndex(const std::vector<Listing>& listings);

  // The places `query` names, most listings first, at most `limit`: places whose whole name matches
  // (ignoring case, accents and punctuation; "irvine", "Irvine, CA", "92618", "92618-1234"); when
  // none does, places whose name starts with the query (3 characters or more). Several results
  // mean the query is ambiguous ("Springfield"); none that it is unknown.
  std::vector<const Place*> Find(std::string_view query, std::size_t limit = 8) const;

  std::size_t size() const { return places_.size(); }

 private:
  PlaceIndex() = default;

  std::vector<Place> places_;
  std::vector<std::pair<std::string, std::uint32_t>> keys_;  // normalized key → place, sorted
};

// Builds a PlaceIndex one listing at a time (SearchIndex::Builder), so that the listings need not
// be held at once: a listing's places are taken as it is added. Not thread-safe.
class PlaceIndex::Builder final {
 public:
  Builder();
  ~Builder();
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  // Adds the places of `listing` (none when it has no coordinates).
  void Add(const Listing& listing);
  // The index of the places added. The builder is spent after: call once.
  PlaceIndex Finish() &&;

 private:
  struct Found;  // the places seen so far, with their listings' coordinates and zones
  std::unique_ptr<Found> found_;
};

}  // namespace rn::directory
