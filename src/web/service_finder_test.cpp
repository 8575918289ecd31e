#include "web/service_finder.h"

#include <gtest/gtest.h>

#include "util/time_zone.h"

namespace rn::web {
namespace {

using resources::RecordKind;
using resources::StoredRecord;

Instant At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

StoredRecord Stored(RecordKind kind, std::string id, std::string json) {
  return {{kind, std::move(id)}, "test", std::move(json), "2026-12-01T00:00:00Z"};
}

// A service at a location in `city` at (lat, lng), open weekdays 9–5.
void AddService(std::vector<StoredRecord>* records, const std::string& id, const std::string& name,
                const std::string& city, const std::string& state, double lat, double lng,
                const std::string& extra = "") {
  records->push_back(Stored(
      RecordKind::kService, id,
      R"({"id":")" + id + R"(","name":")" + name + R"(","status":"active")" + extra +
          R"(,"schedules":[{"id":")" + id +
          R"(-h","freq":"WEEKLY","byday":"MO,TU,WE,TH,FR","opens_at":"09:00","closes_at":"17:00"}]})"));
  records->push_back(
      Stored(RecordKind::kLocation, id + "-l",
             R"({"id":")" + id + R"(-l","latitude":)" + std::to_string(lat) + R"(,"longitude":)" +
                 std::to_string(lng) + R"(,"addresses":[{"id":")" + id +
                 R"(-a","address_1":"1 Test St","city":")" + city + R"(","state_province":")" +
                 state + R"(","postal_code":"00000","country":"US"}]})"));
  records->push_back(Stored(RecordKind::kServiceAtLocation, id + "-sal",
                            R"({"id":")" + id + R"(-sal","service_id":")" + id +
                                R"(","location_id":")" + id + R"(-l"})"));
}

resources::ResourceSnapshot Snapshot() {
  std::vector<StoredRecord> records;
  AddService(&records, "a", "Naloxone supplies", "Philadelphia", "PA", 39.95, -75.16);
  AddService(&records, "b", "Women's recovery house", "Philadelphia", "PA", 39.96, -75.17,
             R"(,"eligibility_description":"Women and their children")");
  AddService(&records, "c", "Food pantry", "Springfield", "IL", 39.80, -89.65);
  AddService(&records, "d", "Food pantry", "Springfield", "MA", 42.10, -72.59);
  return resources::ResourceSnapshot(std::move(records), {}, resources::HolidayCalendar(), 1,
                                     At("2026-12-02T12:00:00Z"));
}

ParsedServiceFinder Parse(std::string_view query) {
  return ParseServiceFinderParams(*http::Form::Parse(query));
}

TEST(ServiceFinder, ParsesAndNamesTheFirstBadParameter) {
  ParsedServiceFinder parsed = Parse(
      "where=Philadelphia&category=harm_reduction&audience=women&open_now=1&distance=5&"
      "language=es&page=2&at=2026-12-03T10:00:00-05:00");
  ASSERT_TRUE(parsed.error.ok()) << parsed.error.message();
  EXPECT_EQ(parsed.params.category, "harm_reduction");
  EXPECT_EQ(parsed.params.audience, "women");
  EXPECT_TRUE(parsed.params.open_now);
  EXPECT_EQ(parsed.params.distance_miles, 5);
  EXPECT_EQ(parsed.params.page, 2);
  EXPECT_EQ(*parsed.params.at, At("2026-12-03T15:00:00Z"));
  for (const auto& [query, field] :
       std::vector<std::pair<std::string, std::string>>{{"category=bogus", "category"},
                                                        {"audience=everyone", "audience"},
                                                        {"open_now=yes", "open_now"},
                                                        {"distance=3", "distance"},
                                                        {"lat=91&lng=0", "lat"},
                                                        {"language=spanish", "language"},
                                                        {"page=0", "page"},
                                                        {"at=tomorrow", "at"}}) {
    parsed = Parse(query);
    EXPECT_EQ(parsed.error.field(), field) << query;
  }
  // A bad value is reset to its default.
  EXPECT_TRUE(Parse("category=bogus").params.category.empty());
  EXPECT_TRUE(Parse("where=&category=").error.ok());  // empty fields of a GET form
}

TEST(ServiceFinder, SearchesByPlaceCategoryAudienceAndOpenNow) {
  const resources::ResourceSnapshot snapshot = Snapshot();
  const directory::PlaceIndex places = ServicePlaces(snapshot);
  const Instant thursday_morning = At("2026-12-03T10:00:00-05:00");

  // The bare page searches nothing: it offers the categories.
  ServiceFinderOutcome outcome = RunServiceFinder(snapshot, places, {}, thursday_morning);
  EXPECT_FALSE(outcome.searched);

  ServiceFinderParams params = Parse("where=Philadelphia").params;
  outcome = RunServiceFinder(snapshot, places, params, thursday_morning);
  ASSERT_EQ(outcome.where_state, WhereState::kPlace);
  ASSERT_TRUE(outcome.searched);
  EXPECT_EQ(outcome.result.total, 2u);
  EXPECT_EQ(outcome.open_now, 2u);
  EXPECT_TRUE(outcome.result.hits[0].distance_km.has_value());

  params = Parse("where=Philadelphia&category=harm_reduction").params;
  outcome = RunServiceFinder(snapshot, places, params, thursday_morning);
  ASSERT_EQ(outcome.result.total, 1u);
  EXPECT_EQ(outcome.result.hits[0].entry->service_id, "a");

  params = Parse("where=Philadelphia&audience=families").params;
  outcome = RunServiceFinder(snapshot, places, params, thursday_morning);
  ASSERT_EQ(outcome.result.total, 1u);
  EXPECT_EQ(outcome.result.hits[0].entry->service_id, "b");

  // Saturday: nothing open, and "open now" says so.
  params = Parse("where=Philadelphia&open_now=1").params;
  outcome = RunServiceFinder(snapshot, places, params, At("2026-12-05T10:00:00-05:00"));
  EXPECT_TRUE(outcome.searched);
  EXPECT_EQ(outcome.result.total, 0u);
  params.at = thursday_morning;
  EXPECT_EQ(RunServiceFinder(snapshot, places, params, {}).result.total, 2u);

  // Two Springfields: the person chooses; an unknown place is said, with no search.
  outcome = RunServiceFinder(snapshot, places, Parse("where=Springfield").params, thursday_morning);
  EXPECT_EQ(outcome.where_state, WhereState::kAmbiguous);
  EXPECT_EQ(outcome.choices.size(), 2u);
  EXPECT_FALSE(outcome.searched);
  outcome = RunServiceFinder(snapshot, places, Parse("where=Atlantis").params, thursday_morning);
  EXPECT_EQ(outcome.where_state, WhereState::kUnknown);
  EXPECT_FALSE(outcome.searched);
}

}  // namespace
}  // namespace rn::web
