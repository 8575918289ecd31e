#include "resources/service_view.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>

#include "resources/categories.h"
#include "resources/hsds_view.h"
#include "resources/snapshot.h"
#include "util/time_zone.h"

namespace rn::resources {
namespace {

using date::days;

Instant At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

// The seed's peer-run drop-in centre: "open Thursday and Friday from 5:00 pm until 11:00 pm,
// Saturday and Sunday from 10:00 am to 10:00 pm, and on holidays between the hours of 10:00 am and
// 1:00 pm", as HSDS 3.1 schedules.
constexpr std::string_view kDropInSchedules = R"([
  {"id":"s1","freq":"WEEKLY","byday":"TH,FR","opens_at":"17:00","closes_at":"23:00"},
  {"id":"s2","freq":"WEEKLY","byday":"SA,SU","opens_at":"10:00","closes_at":"22:00"},
  {"id":"s3","opens_at":"10:00","closes_at":"13:00",
   "attributes":[{"id":"a3","link_type":"recoverynet_hours","value":"holiday_hours"}]}
])";

Hours DropInHours() {
  std::optional<Hours> hours = HoursFromSchedules(boost::json::parse(kDropInSchedules).as_array());
  EXPECT_TRUE(hours.has_value());
  return hours.value_or(Hours{});
}

TEST(HoursFromSchedules, TheSeedsDropInCentreIsRightOnAHolidayAThursdayAndADstSunday) {
  const Hours hours = DropInHours();
  ASSERT_EQ(hours.rules.size(), 2u);
  EXPECT_EQ(hours.on_holidays, HolidayPolicy::kHolidayHours);
  const HolidayCalendar holidays = HolidayCalendar::UsFederal(2026, 2027);
  const date::time_zone* zone = FindZone("America/New_York");

  // Martin Luther King Jr. Day, Monday 19 January 2026: the holiday hours.
  OpenState state = StateAt(hours, holidays, zone, At("2026-01-19T11:00:00-05:00"));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(state.minutes_until, 120);  // closes at 1 pm
  EXPECT_FALSE(StateAt(hours, holidays, zone, At("2026-01-19T13:00:00-05:00")).open);
  // A Thursday evening: open until 11 pm.
  state = StateAt(hours, holidays, zone, At("2026-12-03T18:00:00-05:00"));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(state.minutes_until, 300);
  // Thursday morning: closed, opens at 5 pm.
  state = StateAt(hours, holidays, zone, At("2026-12-03T09:00:00-05:00"));
  EXPECT_FALSE(state.open);
  EXPECT_EQ(state.change_minute, 17 * 60);
  // Sunday 8 March 2026, the spring-forward day: open 10 am – 10 pm daylight time.
  state = StateAt(hours, holidays, zone, At("2026-03-08T10:30:00-04:00"));
  EXPECT_TRUE(state.open);
  EXPECT_EQ(*state.next_change, At("2026-03-08T22:00:00-04:00"));
  EXPECT_FALSE(StateAt(hours, holidays, zone, At("2026-03-08T09:59:00-04:00")).open);
}

TEST(HoursFromSchedules, ReadsRecurrenceClosuresAndOtherHours) {
  std::vector<std::string> skipped;
  std::optional<Hours> hours = HoursFromSchedules(boost::json::parse(R"([
    {"id":"m","freq":"MONTHLY","byday":"1MO","opens_at":"18:00","closes_at":"20:00"},
    {"id":"w","freq":"WEEKLY","interval":2,"byday":"TU","dtstart":"2026-01-06",
     "opens_at":"9:00am","closes_at":"12:00"},
    {"id":"c","valid_from":"2026-12-25","valid_to":"2026-12-26",
     "attributes":[{"id":"x","link_type":"recoverynet_hours","value":"closed"}]},
    {"id":"o","valid_from":"2026-11-26","opens_at":"10:00","closes_at":"13:00",
     "attributes":[{"id":"y","link_type":"recoverynet_hours","value":"other_hours"}]},
    {"id":"bad","freq":"WEEKLY","byday":"MO","opens_at":"25:00","closes_at":"26:00"},
    {"id":"words","description":"By appointment"}
  ])")
                                                      .as_array(),
                                                  &skipped);
  ASSERT_TRUE(hours.has_value());
  ASSERT_EQ(hours->rules.size(), 2u);
  EXPECT_EQ(hours->rules[0].rrule, "FREQ=MONTHLY;BYDAY=1MO");
  EXPECT_EQ(hours->rules[1].rrule, "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU");
  EXPECT_EQ(hours->rules[1].ranges[0].opens, 9 * 60);
  ASSERT_EQ(hours->overrides.size(), 2u);
  EXPECT_TRUE(hours->overrides[0].ranges.empty());
  EXPECT_EQ(hours->overrides[1].ranges.size(), 1u);
  ASSERT_EQ(skipped.size(), 1u);
  EXPECT_EQ(skipped[0].substr(0, 4), "bad:");

  const HolidayCalendar none;
  const date::time_zone* zone = FindZone("America/Chicago");
  // The first Monday of December 2026 is the 7th.
  EXPECT_TRUE(StateAt(*hours, none, zone, At("2026-12-07T19:00:00-06:00")).open);
  EXPECT_FALSE(StateAt(*hours, none, zone, At("2026-12-14T19:00:00-06:00")).open);
  // Every other Tuesday from 6 January: the 20th is one, the 13th is not.
  EXPECT_TRUE(StateAt(*hours, none, zone, At("2026-01-20T10:00:00-06:00")).open);
  EXPECT_FALSE(StateAt(*hours, none, zone, At("2026-01-13T10:00:00-06:00")).open);
}

TEST(HoursFromSchedules, NoTimesIsNoHours) {
  EXPECT_FALSE(
      HoursFromSchedules(boost::json::parse(R"([{"id":"a","description":"Call"}])").as_array())
          .has_value());
}

TEST(CategoriesOfText, NamesTheCategoriesOfTheWords) {
  EXPECT_EQ(CategoriesOfText("Methadone and Buprenorphine clinic"),
            (std::vector<std::string>{"medical", "moud"}));
  EXPECT_EQ(CategoriesOfText("Free NARCAN kits"), (std::vector<std::string>{"harm_reduction"}));
  EXPECT_TRUE(CategoriesOfText("Footpath repairs").empty());  // "otp" inside a word
  EXPECT_EQ(CategoriesOfText("Certified OTP"), (std::vector<std::string>{"moud"}));
}

TEST(ZoneOfUsState, GivesTheZoneMostOfTheStateKeeps) {
  ASSERT_NE(ZoneOfUsState("ny"), nullptr);
  EXPECT_EQ(ZoneOfUsState("NY")->name(), "America/New_York");
  EXPECT_EQ(ZoneOfUsState("AZ")->name(), "America/Phoenix");
  EXPECT_EQ(ZoneOfUsState("ON"), nullptr);
}

StoredRecord Stored(RecordKind kind, std::string id, std::string_view json) {
  return {{kind, std::move(id)}, "test", std::string(json), "2026-12-01T00:00:00Z"};
}

std::vector<StoredRecord> Records() {
  return {
      Stored(RecordKind::kOrganization, "o1",
             R"({"id":"o1","name":"Harbor Recovery Center","description":""})"),
      Stored(RecordKind::kService, "s1",
             R"({"id":"s1","organization_id":"o1","name":"Drop-in hours","status":"active",
                 "description":"Peer support and coffee","languages":[{"id":"l1","code":"es"}],
                 "schedules":)" +
                 std::string(kDropInSchedules) + "}"),
      Stored(RecordKind::kService, "s2",
             R"({"id":"s2","organization_id":"o1","name":"Methadone clinic","status":"active",
                 "attributes":[{"id":"a","taxonomy_term_id":"recoverynet-category-detox"}],
                 "capacities":[{"id":"c","unit":{"id":"u","name":"beds"},"available":3,
                                "updated":"2026-12-03T12:00:00Z"}]})"),
      Stored(RecordKind::kService, "s3", R"({"id":"s3","name":"Old line","status":"defunct"})"),
      Stored(RecordKind::kLocation, "l1",
             R"({"id":"l1","location_type":"physical","name":"Main St","latitude":42.36,
                 "longitude":-71.06,"addresses":[{"id":"ad","address_1":"1 Main St",
                 "city":"Boston","state_province":"MA","postal_code":"02108","country":"US",
                 "address_type":"physical"}]})"),
      Stored(RecordKind::kLocation, "l2",
             R"({"id":"l2","location_type":"physical","latitude":42.5,"longitude":-71.2})"),
      Stored(RecordKind::kServiceAtLocation, "sal1",
             R"({"id":"sal1","service_id":"s1","location_id":"l1"})"),
      Stored(RecordKind::kServiceAtLocation, "sal2",
             R"({"id":"sal2","service_id":"s2","location_id":"l2"})"),
  };
}

TEST(ResourceSnapshot, SearchesByPlaceCategoryLanguageWordsAndOpenNow) {
  const ResourceSnapshot snapshot(Records(), {{"test", "hsds", "America/New_York", ""}},
                                  HolidayCalendar::UsFederal(2026, 2026), 7);
  ASSERT_EQ(snapshot.entries().size(), 3u);
  const ServiceEntry* drop_in = snapshot.FindService("sal1");
  ASSERT_NE(drop_in, nullptr);
  EXPECT_EQ(drop_in->organization, "Harbor Recovery Center");
  EXPECT_EQ(drop_in->address, "1 Main St, Boston, MA 02108");
  EXPECT_EQ(drop_in->zone->name(), "America/New_York");
  EXPECT_EQ(drop_in->categories, (std::vector<std::string>{"peer_support"}));
  EXPECT_EQ(snapshot.FindService("s1"), drop_in);  // a service's id finds its first location

  ServiceQuery query;
  query.at = At("2026-12-03T18:00:00-05:00");  // a Thursday evening
  ServiceResults all = snapshot.Search(query);
  EXPECT_EQ(all.total, 2u);  // the defunct service is not found
  query.latitude = 42.36;
  query.longitude = -71.06;
  query.radius_km = 5;
  ServiceResults near = snapshot.Search(query);
  ASSERT_EQ(near.total, 1u);
  EXPECT_EQ(near.hits[0].entry->service_id, "s1");
  EXPECT_LT(*near.hits[0].distance_km, 0.01);
  EXPECT_TRUE(near.hits[0].state->open);

  query = ServiceQuery{};
  query.at = At("2026-12-03T18:00:00-05:00");
  query.categories = {"detox", "moud"};
  ServiceResults clinic = snapshot.Search(query);
  ASSERT_EQ(clinic.total, 1u);
  EXPECT_EQ(clinic.hits[0].entry->categories,
            (std::vector<std::string>{"detox", "medical", "moud"}));
  EXPECT_FALSE(CapacityIsStale(clinic.hits[0].entry->capacities.at(0), query.at));
  EXPECT_TRUE(CapacityIsStale(clinic.hits[0].entry->capacities.at(0), At("2026-12-05T12:00:01Z")));

  query = ServiceQuery{};
  query.at = At("2026-12-03T18:00:00-05:00");
  query.language = "Spanish";
  EXPECT_EQ(snapshot.Search(query).total, 1u);
  query.language = "";
  query.words = {"coffee"};
  EXPECT_EQ(snapshot.Search(query).total, 1u);
  query.words = {"cof", "peer"};  // words start words
  EXPECT_EQ(snapshot.Search(query).total, 1u);
  query.words = {"offee"};
  EXPECT_EQ(snapshot.Search(query).total, 0u);
  query.words = {"coffee", "methadone"};  // every word
  EXPECT_EQ(snapshot.Search(query).total, 0u);
  query.words = {};
  query.count_open = true;  // counted in the same search
  const ServiceResults counted = snapshot.Search(query);
  EXPECT_EQ(counted.total, 2u);
  EXPECT_EQ(counted.open, 1u);
  query.count_open = false;
  query.open_now = true;
  ASSERT_EQ(snapshot.Search(query).total, 1u);  // the clinic has no hours: never "open now"
  query.at = At("2026-12-03T09:00:00-05:00");
  EXPECT_EQ(snapshot.Search(query).total, 0u);
}

// "Open now" from the intervals worked out when the snapshot was built agrees with StateAt at
// every instant, in the window and outside it (where it is worked out per query).
TEST(ResourceSnapshot, PrecomputedOpenNowAgreesWithStateAt) {
  const Instant built = At("2026-11-25T08:13:00-05:00");  // the day before Thanksgiving
  const ResourceSnapshot snapshot(Records(), {{"test", "hsds", "America/New_York", ""}},
                                  HolidayCalendar::UsFederal(2026, 2027), 7, built);
  const ServiceEntry* drop_in = snapshot.FindService("sal1");
  ASSERT_NE(drop_in, nullptr);
  std::size_t open = 0;
  for (Instant at = built - date::days(3); at < built + date::days(20);
       at += std::chrono::seconds(7 * 60 + 13)) {
    const bool expected = snapshot.StateOf(*drop_in, at)->open;
    ASSERT_EQ(snapshot.IsOpen(*drop_in, at), expected) << FormatUtc(at);
    open += expected;
  }
  EXPECT_GT(open, 0u);
  // Thanksgiving, Thursday 26 November 2026: the holiday hours, not the Thursday evening.
  EXPECT_TRUE(snapshot.IsOpen(*drop_in, At("2026-11-26T12:59:00-05:00")));
  EXPECT_FALSE(snapshot.IsOpen(*drop_in, At("2026-11-26T18:00:00-05:00")));
  EXPECT_FALSE(snapshot.IsOpen(*snapshot.FindService("sal2"), built));  // no hours
}

TEST(ResourceSnapshot, NearestFirstThenByNameAcrossPages) {
  const ResourceSnapshot snapshot(Records(), {}, HolidayCalendar(), 7);
  ServiceQuery query;
  query.at = At("2026-12-03T18:00:00-05:00");
  query.latitude = 42.5;  // at l2: the clinic first
  query.longitude = -71.2;
  ServiceResults results = snapshot.Search(query);
  ASSERT_EQ(results.total, 2u);
  EXPECT_EQ(results.hits[0].entry->service_id, "s2");
  EXPECT_EQ(results.hits[1].entry->service_id, "s1");
  query.offset = 1;
  query.limit = 1;
  results = snapshot.Search(query);
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].entry->service_id, "s1");
  // Without a place, by name: "Drop-in hours" before "Methadone clinic".
  query = ServiceQuery{};
  query.at = At("2026-12-03T18:00:00-05:00");
  results = snapshot.Search(query);
  ASSERT_EQ(results.total, 2u);
  EXPECT_EQ(results.hits[0].entry->name, "Drop-in hours");
  // A radius: only what lies within it (the box before the distance never drops a hit).
  query.latitude = 42.36;
  query.longitude = -71.06;
  query.radius_km = 19.3;  // l2 is 19.35 km away
  EXPECT_EQ(snapshot.Search(query).total, 1u);
  query.radius_km = 19.4;
  EXPECT_EQ(snapshot.Search(query).total, 2u);
}

TEST(AudiencesOfText, NamesWhoAServiceIsFor) {
  EXPECT_EQ(AudiencesOfText("Women and their children"),
            (std::vector<std::string>{"families", "women"}));
  EXPECT_EQ(AudiencesOfText("Men; Adults"), (std::vector<std::string>{"men"}));
  EXPECT_EQ(AudiencesOfText("Pregnant or postpartum women; Veterans"),
            (std::vector<std::string>{"pregnant", "veterans", "women"}));
  EXPECT_EQ(AudiencesOfText("Young adults, LGBTQ+ welcome"),
            (std::vector<std::string>{"lgbtq", "youth"}));
  EXPECT_TRUE(AudiencesOfText("Mentoring for anyone").empty());  // "men" is a whole word
  EXPECT_EQ(AudiencesOfText("Women and men"), (std::vector<std::string>{"men", "women"}));
}

TEST(HsdsView, NestsAFullServiceAndServesTheCategoryTaxonomy) {
  std::vector<StoredRecord> records = Records();
  for (const Record& record : CategoryTaxonomyRecords()) {
    records.push_back({{record.kind, record.id}, record.source, CanonicalJson(record.doc), ""});
  }
  const ResourceSnapshot snapshot(std::move(records), {}, HolidayCalendar(), 0);
  const StoredRecord* service = snapshot.Find(RecordKind::kService, "s2");
  ASSERT_NE(service, nullptr);
  const boost::json::object full = ServiceObject(snapshot, *service, true);
  EXPECT_EQ(full.at("organization").at("name").as_string(), "Harbor Recovery Center");
  ASSERT_EQ(full.at("service_at_locations").as_array().size(), 1u);
  EXPECT_EQ(full.at("service_at_locations").at(0).at("location").at("id").as_string(), "l2");
  EXPECT_EQ(
      full.at("attributes").at(0).at("taxonomy_term").at("taxonomy_detail").at("id").as_string(),
      kCategoryTaxonomyId);
  const boost::json::object listed = ServiceObject(snapshot, *service, false);
  EXPECT_FALSE(listed.contains("capacities"));
  EXPECT_TRUE(listed.contains("organization"));
  EXPECT_EQ(snapshot.OfKind(RecordKind::kTaxonomyTerm).size(), kCategories.size());
}

}  // namespace
}  // namespace rn::resources
