#pragma once
// Test-only: the synthetic listing the store's database tests write (fake names and places).

#include <string>

#include "directory/listing.h"

namespace rn::storage {

// A listing of `source` with every commonly used field filled in.
inline directory::Listing MakeListing(const std::string& source, const std::string& slug,
                                      const std::string& name) {
  directory::Listing listing;
  listing.source = source;
  listing.slug = slug;
  listing.id = directory::MakeListingId(source, slug);
  listing.name = name;
  listing.timezone = "America/Chicago";
  listing.fellowship = "aa";
  listing.schedule = {{.day = 2, .start_minute = 18 * 60, .duration_minutes = 60}};
  listing.types = {"O", "D"};
  listing.location.name = "Fake Fellowship Hall";
  listing.location.formatted_address = "1 Test Rd, Exampleton, TX 79000, USA";
  listing.location.latitude = 33.5;
  listing.location.longitude = -101.75;
  return listing;
}

}  // namespace rn::storage
