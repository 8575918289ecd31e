#include "directory/places.h"

#include <gtest/gtest.h>

namespace rn::directory {
namespace {

Listing At(std::string slug, double latitude, double longitude, Location location,
           std::vector<std::string> regions = {}, std::string timezone = "America/Los_Angeles") {
  Listing listing;
  listing.slug = std::move(slug);
  listing.timezone = std::move(timezone);
  listing.location = std::move(location);
  listing.location.latitude = latitude;
  listing.location.longitude = longitude;
  listing.regions = std::move(regions);
  return listing;
}

Location CityState(std::string city, std::string state, std::string postal_code = "") {
  Location location;
  location.city = std::move(city);
  location.state = std::move(state);
  location.postal_code = std::move(postal_code);
  return location;
}

Location OneLine(std::string formatted_address) {
  Location location;
  location.formatted_address = std::move(formatted_address);
  return location;
}

std::vector<std::string> Names(const std::vector<const Place*>& places) {
  std::vector<std::string> names;
  for (const Place* place : places) names.push_back(place->name);
  return names;
}

TEST(PlaceIndex, FindsCitiesByNameAndStateIgnoringCaseAccentsAndPunctuation) {
  const PlaceIndex places({At("a", 37.97, -122.53, CityState("San Rafael", "CA", "94901")),
                           At("b", 37.99, -122.55, CityState("San Rafael", "CA", "94903")),
                           At("c", 19.43, -99.13, CityState("Ciudad de México", "CDMX"))});
  const auto found = places.Find("san rafael");
  ASSERT_EQ(Names(found), std::vector<std::string>{"San Rafael, CA"});
  EXPECT_EQ(found[0]->listings, 2u);
  EXPECT_NEAR(found[0]->latitude, 37.98, 1e-9);
  EXPECT_NEAR(found[0]->longitude, -122.54, 1e-9);
  EXPECT_EQ(found[0]->timezone, "America/Los_Angeles");
  EXPECT_EQ(Names(places.Find("San Rafael, CA")), std::vector<std::string>{"San Rafael, CA"});
  EXPECT_EQ(Names(places.Find("ciudad de mexico")),
            std::vector<std::string>{"Ciudad de México, CDMX"});
}

TEST(PlaceIndex, AStrayRowWithALongitudeOfZeroDoesNotMoveThePlace) {
  // nwta carries 608 17th Street, Lubbock at longitude 0: a mean would put Lubbock in the Atlantic.
  const PlaceIndex places({At("a", 33.58, -101.85, CityState("Lubbock", "TX", "79401")),
                           At("b", 33.59, -101.84, CityState("Lubbock", "TX", "79401")),
                           At("c", 33.57, -101.86, CityState("Lubbock", "TX", "79401")),
                           At("d", 33.58, 0, CityState("Lubbock", "TX", "79401"))});
  for (const char* name : {"Lubbock", "79401"}) {
    const auto found = places.Find(name);
    ASSERT_EQ(found.size(), 1u) << name;
    EXPECT_NEAR(found[0]->latitude, 33.58, 1e-9) << name;
    EXPECT_NEAR(found[0]->longitude, -101.845, 1e-9) << name;
  }
}

TEST(PlaceIndex, FindsPostalCodesWithOrWithoutTheExtension) {
  const PlaceIndex places({At("a", 37.97, -122.53, CityState("San Rafael", "CA", "94901-1234"))});
  EXPECT_EQ(Names(places.Find("94901")), std::vector<std::string>{"94901"});
  EXPECT_EQ(Names(places.Find("94901-1234")), std::vector<std::string>{"94901"});
  EXPECT_TRUE(places.Find("94902").empty());
}

TEST(PlaceIndex, ReadsCityStateAndPostalCodeFromAOneLineAddress) {
  const PlaceIndex places(
      {At("a", 33.74, -117.86, OneLine("612 E 4th St, Santa Ana, CA 92701, USA"), {"SANTA ANA"}),
       At("b", 33.70, -117.85, OneLine("Orange County, CA, USA"))});
  EXPECT_EQ(Names(places.Find("92701")), std::vector<std::string>{"92701"});
  // The city and the shouted region of the same name are one place.
  EXPECT_EQ(Names(places.Find("Santa Ana")), std::vector<std::string>{"Santa Ana, CA"});
  EXPECT_EQ(Names(places.Find("orange county")), std::vector<std::string>{"Orange County, CA"});
}

TEST(PlaceIndex, AmbiguousNamesGiveEveryCandidateMostListingsFirst) {
  const PlaceIndex places({At("a", 39.8, -89.6, CityState("Springfield", "IL")),
                           At("b", 37.2, -93.3, CityState("Springfield", "MO")),
                           At("c", 37.2, -93.3, CityState("Springfield", "MO"))});
  EXPECT_EQ(Names(places.Find("Springfield")),
            (std::vector<std::string>{"Springfield, MO", "Springfield, IL"}));
  EXPECT_EQ(Names(places.Find("springfield il")), std::vector<std::string>{"Springfield, IL"});
}

TEST(PlaceIndex, FallsBackToPrefixesOfThreeCharactersOrMore) {
  const PlaceIndex places(
      {At("a", 37.86, -122.49, CityState("Sausalito", "CA"), {"Marin", "Sausalito"}),
       At("b", 37.97, -122.53, CityState("San Rafael", "CA"), {"Marin"})});
  EXPECT_EQ(Names(places.Find("sausal")), std::vector<std::string>{"Sausalito, CA"});
  EXPECT_EQ(Names(places.Find("Marin")), std::vector<std::string>{"Marin"});
  EXPECT_TRUE(places.Find("sa").empty());
  EXPECT_TRUE(places.Find("Atlantis").empty());
  EXPECT_TRUE(places.Find("  ,. ").empty());
}

TEST(PlaceIndex, ListingsWithoutCoordinatesAddNoPlace) {
  Listing online;
  online.location = CityState("Nowhere", "CA", "00000");
  const PlaceIndex places({online});
  EXPECT_EQ(places.size(), 0u);
}

}  // namespace
}  // namespace rn::directory
