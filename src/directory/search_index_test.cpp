#include "directory/search_index.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>

#include "util/text.h"

namespace rn::directory {
namespace {

Instant At(std::string_view rfc3339) { return *ParseRfc3339(rfc3339); }

Listing Make(std::string slug, std::string name, std::vector<Slot> schedule,
             std::string zone = "America/New_York") {
  Listing listing;
  listing.source = "test";
  listing.slug = std::move(slug);
  listing.id = MakeListingId(listing.source, listing.slug);
  listing.name = std::move(name);
  listing.timezone = std::move(zone);
  listing.schedule = std::move(schedule);
  return listing;
}

Listing WithPosition(Listing listing, double latitude, double longitude) {
  listing.location.latitude = latitude;
  listing.location.longitude = longitude;
  return listing;
}

std::vector<std::string> Slugs(const SearchIndex& index, const SearchResult& result) {
  std::vector<std::string> slugs;
  for (const SearchHit& hit : result.hits) slugs.push_back(index.Get(hit.index).slug);
  return slugs;
}

std::set<std::string> SlugSet(const SearchIndex& index, const SearchResult& result) {
  auto slugs = Slugs(index, result);
  return {slugs.begin(), slugs.end()};
}

SearchQuery Query(std::string_view at) {
  SearchQuery query;
  query.at = At(at);
  query.limit = 500;
  return query;
}

constexpr int kMonday = 1;

TEST(SearchIndex, TypesAllMustBePresentAndExcludedNone) {
  Listing open_discussion = Make("od", "Open Discussion", {{kMonday, 600, 60}});
  open_discussion.types = {"O", "D"};
  Listing open_only = Make("o", "Open", {{kMonday, 600, 60}});
  open_only.types = {"O"};
  Listing closed_women = Make("cw", "Closed Women", {{kMonday, 600, 60}});
  closed_women.types = {"C", "W"};
  const SearchIndex index({open_discussion, open_only, closed_women});

  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.types = {"O", "D"};
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"od"}));
  query.types = {"O"};
  query.exclude_types = {"D"};
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"o"}));
  query.types = {"NOPE"};
  query.exclude_types = {};
  EXPECT_EQ(index.Search(query).total, 0u);
  query.types = {};
  query.exclude_types = {"NOPE"};
  EXPECT_EQ(index.Search(query).total, 3u);
}

TEST(SearchIndex, AttendanceHybridMatchesBothAndInactiveNeverMatchesAFilter) {
  Listing in_person = Make("ip", "In Person", {{kMonday, 600, 60}});
  Listing online = Make("on", "Online", {{kMonday, 600, 60}});
  online.attendance = Attendance::kOnline;
  Listing hybrid = Make("hy", "Hybrid", {{kMonday, 600, 60}});
  hybrid.attendance = Attendance::kHybrid;
  Listing closed = Make("tc", "Temporarily Closed", {{kMonday, 600, 60}});
  closed.attendance = Attendance::kInactive;
  const SearchIndex index({in_person, online, hybrid, closed});

  SearchQuery query = Query("2026-11-23T12:00:00Z");
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"ip", "on", "hy"}));
  query.include_inactive = true;
  EXPECT_EQ(index.Search(query).total, 4u);
  query.attendance = {Attendance::kInPerson};
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"ip", "hy"}));
  query.attendance = {Attendance::kOnline};
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"on", "hy"}));
  query.attendance = {Attendance::kHybrid};
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"hy"}));
}

TEST(SearchIndex, DistanceIsInclusiveAndNeedsCoordinates) {
  // 0.1 degree of latitude = 6371.0088 * pi / 1800 km.
  const double tenth_degree_km = kEarthRadiusKm * M_PI / 1800.0;
  const SearchIndex index({WithPosition(Make("here", "Here", {}), 40.0, -75.0),
                           WithPosition(Make("edge", "Edge", {}), 40.1, -75.0),
                           WithPosition(Make("far", "Far", {}), 40.2, -75.0),
                           Make("nowhere", "No Coordinates", {})});
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.latitude = 40.0;
  query.longitude = -75.0;
  query.radius_km = tenth_degree_km;
  const SearchResult result = index.Search(query);
  EXPECT_EQ(Slugs(index, result), (std::vector<std::string>{"here", "edge"}));
  EXPECT_NEAR(*result.hits[1].distance_km, tenth_degree_km, 1e-6);
  query.radius_km.reset();
  EXPECT_EQ(Slugs(index, index.Search(query)), (std::vector<std::string>{"here", "edge", "far"}));
}

TEST(SearchIndex, OpenNowIncludesExactStartExcludesExactEnd) {
  const SearchIndex index({Make("m", "Monday Noon", {{kMonday, 12 * 60, 60}})});
  SearchQuery query = Query("2026-11-23T12:00:00-05:00");
  query.open_now = true;
  SearchResult result = index.Search(query);
  ASSERT_EQ(result.total, 1u);
  EXPECT_TRUE(result.hits[0].in_progress);
  EXPECT_EQ(result.hits[0].next->start, At("2026-11-23T12:00:00-05:00"));
  query.at = At("2026-11-23T13:00:00-05:00");
  EXPECT_EQ(index.Search(query).total, 0u);
  query.at = At("2026-11-23T12:59:59-05:00");
  EXPECT_EQ(index.Search(query).total, 1u);
}

TEST(SearchIndex, StartsWithinIsHalfOpen) {
  const SearchIndex index({Make("m", "Monday Noon", {{kMonday, 12 * 60, 60}})});
  SearchQuery query = Query("2026-11-23T11:00:00-05:00");
  query.starts_within_minutes = 60;  // [11:00, 12:00)
  EXPECT_EQ(index.Search(query).total, 0u);
  query.starts_within_minutes = 61;
  EXPECT_EQ(index.Search(query).total, 1u);
  // While it is in progress, the next start is a week away.
  query.at = At("2026-11-23T12:10:00-05:00");
  query.starts_within_minutes = 7 * 24 * 60;
  SearchResult result = index.Search(query);
  ASSERT_EQ(result.total, 1u);
  EXPECT_EQ(result.hits[0].next->start, At("2026-11-30T12:00:00-05:00"));
  EXPECT_FALSE(result.hits[0].in_progress);
}

TEST(SearchIndex, OrInProgressAlsoMatchesWhatIsOnNow) {
  const SearchIndex index({Make("m", "Monday Noon", {{kMonday, 12 * 60, 60}}),
                           Make("e", "Monday Evening", {{kMonday, 19 * 60, 60}})});
  SearchQuery query = Query("2026-11-23T12:10:00-05:00");
  query.starts_within_minutes = 120;
  EXPECT_EQ(index.Search(query).total, 0u);
  query.or_in_progress = true;
  SearchResult result = index.Search(query);
  ASSERT_EQ(result.total, 1u);
  EXPECT_TRUE(result.hits[0].in_progress);
  EXPECT_EQ(result.hits[0].next->start, At("2026-11-23T12:00:00-05:00"));
  query.at = At("2026-11-23T17:30:00-05:00");  // the evening one starts within 2 hours
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"e"}));
}

// The sequence of "today and tomorrow": (slug, start) soonest first.
std::vector<std::pair<std::string, Instant>> Upcoming(const SearchIndex& index, Instant at,
                                                      const char* zone) {
  SearchQuery query;
  query.at = at;
  query.viewer_zone = FindZone(zone);
  query.until = StartOfLocalDay(at, query.viewer_zone, 2);
  query.sort = SortOrder::kNext;
  query.limit = 500;
  std::vector<std::pair<std::string, Instant>> sequence;
  for (const SearchHit& hit : index.Search(query).hits) {
    sequence.emplace_back(index.Get(hit.index).slug, hit.next->start);
  }
  return sequence;
}

TEST(SearchIndex, UntilRunsPastMidnightSoonestFirst) {
  constexpr int kTuesday = 2, kWednesday = 3, kThursday = 4;
  const char* la = "America/Los_Angeles";
  const SearchIndex index({
      Make("on-now", "On Now", {{kTuesday, 21 * 60 + 30, 90}}, la),
      Make("late", "Late", {{kTuesday, 23 * 60, 60}}, la),
      Make("morning", "Morning", {{kTuesday, 9 * 60, 60}}, la),  // over: next week
      Make("early", "Early Hours", {{kWednesday, 30, 60}}, la),
      Make("twice", "Twice", {{kTuesday, 9 * 60, 60}, {kWednesday, 12 * 60, 60}}, la),
      Make("dawn", "Dawn", {{kWednesday, 7 * 60, 60}}, la),
      Make("last", "Last Minute", {{kWednesday, 23 * 60 + 59, 60}}, la),
      Make("thursday", "Thursday", {{kThursday, 0, 60}}, la),
  });
  const auto sequence = Upcoming(index, At("2026-11-24T22:30:00-08:00"), la);
  const std::vector<std::pair<std::string, Instant>> expected = {
      {"on-now", At("2026-11-24T21:30:00-08:00")}, {"late", At("2026-11-24T23:00:00-08:00")},
      {"early", At("2026-11-25T00:30:00-08:00")},  {"dawn", At("2026-11-25T07:00:00-08:00")},
      {"twice", At("2026-11-25T12:00:00-08:00")},  {"last", At("2026-11-25T23:59:00-08:00")}};
  EXPECT_EQ(sequence, expected);

  // The same as "in progress or starting within the minutes to `until`".
  SearchQuery minutes = Query("2026-11-24T22:30:00-08:00");
  minutes.viewer_zone = FindZone(la);
  minutes.starts_within_minutes = 25 * 60 + 30;
  minutes.or_in_progress = true;
  minutes.sort = SortOrder::kNext;
  EXPECT_EQ(Slugs(index, index.Search(minutes)),
            (std::vector<std::string>{"on-now", "late", "early", "dawn", "twice", "last"}));
  // An `until` at or before `at`: what is in progress only.
  SearchQuery past = Query("2026-11-24T22:30:00-08:00");
  past.until = At("2026-11-24T20:00:00-08:00");
  EXPECT_EQ(Slugs(index, index.Search(past)), (std::vector<std::string>{"on-now"}));
}

TEST(SearchIndex, UntilTheEndOfTomorrowOnTheNightChicagoFallsBack) {
  // 01:58 CDT on Sunday 1 November 2026; at 02:00 CDT the clocks go back to 01:00 CST, so Sunday
  // has 25 hours and the end of Monday is 46 h 02 min away.
  constexpr int kSunday = 0, kMonday = 1, kTuesday = 2;
  const char* chicago = "America/Chicago";
  const SearchIndex index({
      Make("ambiguous", "Half Past One", {{kSunday, 90, 60}}, chicago),  // 01:30 CDT: on now
      Make("over", "One O'Clock", {{kSunday, 60, 30}}, chicago),         // 01:00 CDT, ended
      Make("sunday-late", "Sunday Late", {{kSunday, 23 * 60 + 30, 60}}, chicago),
      Make("monday-late", "Monday Late", {{kMonday, 23 * 60 + 30, 60}}, chicago),
      Make("tuesday", "Tuesday Midnight", {{kTuesday, 0, 60}}, chicago),
  });
  const auto sequence = Upcoming(index, At("2026-11-01T01:58:00-05:00"), chicago);
  const std::vector<std::pair<std::string, Instant>> expected = {
      {"ambiguous", At("2026-11-01T01:30:00-05:00")},
      {"sunday-late", At("2026-11-01T23:30:00-06:00")},
      {"monday-late", At("2026-11-02T23:30:00-06:00")}};
  EXPECT_EQ(sequence, expected);
}

TEST(SearchIndex, UntilWrapsTheWeekFromSaturdayToSunday) {
  constexpr int kSunday = 0, kMonday = 1, kSaturday = 6;
  const char* la = "America/Los_Angeles";
  const SearchIndex index({
      Make("saturday", "Saturday Late", {{kSaturday, 23 * 60, 60}}, la),
      Make("sunday", "Sunday Morning", {{kSunday, 7 * 60, 60}}, la),
      Make("sunday-night", "Sunday Night", {{kSunday, 23 * 60 + 30, 60}}, la),
      Make("monday", "Monday Midnight", {{kMonday, 0, 60}}, la),
      Make("saturday-noon", "Saturday Noon", {{kSaturday, 12 * 60, 60}}, la),
  });
  const auto sequence = Upcoming(index, At("2026-11-28T22:30:00-08:00"), la);
  const std::vector<std::pair<std::string, Instant>> expected = {
      {"saturday", At("2026-11-28T23:00:00-08:00")},
      {"sunday", At("2026-11-29T07:00:00-08:00")},
      {"sunday-night", At("2026-11-29T23:30:00-08:00")}};
  EXPECT_EQ(sequence, expected);
}

TEST(SearchIndex, DayAndWindowReadInViewerZone) {
  // Monday 22:00 in Los Angeles is Tuesday 06:00 in London.
  const SearchIndex index({Make("la", "Late LA", {{kMonday, 22 * 60, 60}}, "America/Los_Angeles")});
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.days = {kMonday};
  EXPECT_EQ(index.Search(query).total, 1u);
  query.viewer_zone = FindZone("Europe/London");
  EXPECT_EQ(index.Search(query).total, 0u);
  query.days = {2};
  query.time_from = 5 * 60;
  query.time_to = 7 * 60;
  EXPECT_EQ(index.Search(query).total, 1u);
}

TEST(SearchIndex, TimeWindowWrapsPastMidnight) {
  const SearchIndex index({Make("late", "Late", {{kMonday, 23 * 60 + 30, 60}}),
                           Make("early", "Early", {{kMonday, 30, 60}}),
                           Make("noon", "Noon", {{kMonday, 12 * 60, 60}})});
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.time_from = 23 * 60;
  query.time_to = 60;
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"late", "early"}));
  query.days = {kMonday};  // the wrap does not change which day is matched
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"late", "early"}));
}

TEST(SearchIndex, ByAppointmentListingsNeverMatchTimeFilters) {
  const SearchIndex index({Make("appt", "By Appointment", {})});
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  EXPECT_EQ(index.Search(query).total, 1u);
  EXPECT_FALSE(index.Search(query).hits[0].next.has_value());
  query.days = {0, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(index.Search(query).total, 0u);
}

TEST(SearchIndex, TextIsFoldedWordPrefixInAnyOrder) {
  Listing spanish = Make("es", "Grupo Sesión Éxito", {});
  spanish.location.city = "San José";
  Listing other = Make("en", "Serenity Seekers", {});
  other.regions = {"Downtown"};
  const SearchIndex index({spanish, other});
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.text = "EXITO sesion";
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"es"}));
  query.text = "jose gru";
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"es"}));
  query.text = "se";
  EXPECT_EQ(index.Search(query).total, 2u);
  query.text = "down";
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"en"}));
  query.text = "xito";  // not a word start
  EXPECT_EQ(index.Search(query).total, 0u);
}

TEST(SearchIndex, TypeCodesPastTheSixtyFourthFilterAsTheFirstDo) {
  // 70 codes: the type bitset takes two words per listing, and the time tables copy only the
  // first word.
  std::vector<std::string> codes;
  for (int code = 0; code < 70; ++code) codes.push_back("T" + std::to_string(code));
  Listing every = Make("every", "Every Code", {{kMonday, 600, 60}});
  every.types = codes;
  Listing last = Make("last", "Last Code", {{kMonday, 600, 60}});
  last.types = {"T69", "T0"};
  Listing first = Make("first", "First Code", {{kMonday, 630, 60}});
  first.types = {"T0"};
  const SearchIndex index({every, last, first});
  for (bool timed : {false, true}) {
    SearchQuery query = Query("2026-11-23T14:30:00Z");  // Monday 09:30 in New York
    if (timed) query.starts_within_minutes = 120;
    query.types = {"T69"};
    EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"every", "last"}));
    query.types = {"T0", "T65"};
    EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"every"}));
    query.types = {"T0"};
    query.exclude_types = {"T69"};
    EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"first"}));
  }
}

TEST(SearchIndex, ABuilderKeepsNoReferenceToTheListingsItIsGiven) {
  std::vector<Listing> listings;
  for (int i = 0; i < 40; ++i) {
    Listing listing = WithPosition(
        Make("b" + std::to_string(i), "Builder Group " + std::to_string(i % 7),
             {{i % 7, 60 * (i % 24), 60}}, i % 3 == 0 ? "America/Chicago" : "America/New_York"),
        40 + i / 100.0, -74 + i / 100.0);
    listing.types = {i % 2 == 0 ? "O" : "C"};
    listing.languages = {i % 5 == 0 ? "es" : "en"};
    listing.regions = {"Region " + std::to_string(i % 4)};
    listing.location.city = "Hoboken";
    listing.location.state = "NJ";
    listings.push_back(listing);
  }
  SearchIndex::Builder builder;
  for (const Listing& listing : listings) {
    Listing copy = listing;
    builder.Add(copy);
    copy = Listing{};  // the builder must have taken what it keeps
  }
  const std::shared_ptr<const SearchIndex> built = std::move(builder).Finish();
  const SearchIndex reference(listings);
  ASSERT_EQ(built->size(), listings.size());
  for (std::uint32_t i = 0; i < listings.size(); ++i) {
    EXPECT_EQ(built->Json(i), reference.Json(i));
    EXPECT_EQ(built->NameRank(i), reference.NameRank(i));
    EXPECT_EQ(built->Get(i).slug, listings[i].slug);
  }
  EXPECT_EQ(built->PrevailingZone(), reference.PrevailingZone());
  EXPECT_EQ(built->Places().Find("hoboken").size(), 1u);
  SearchQuery query = Query("2026-11-23T14:30:00Z");
  query.text = "region builder";
  query.sort = SortOrder::kName;
  query.types = {"O"};
  query.language = "es";
  query.latitude = 40.1;
  query.longitude = -73.9;
  query.radius_km = 50;
  const SearchResult got = built->Search(query);
  EXPECT_GT(got.total, 0u);
  EXPECT_EQ(Slugs(*built, got), Slugs(reference, reference.Search(query)));
}

TEST(SearchIndex, LanguageEnglishAlsoMatchesNoLanguage) {
  Listing spanish = Make("es", "Spanish", {});
  spanish.languages = {"es"};
  Listing english = Make("en", "English", {});
  english.languages = {"en"};
  const SearchIndex index({spanish, english, Make("none", "Unmarked", {})});
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.language = "en";
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"en", "none"}));
  query.language = "es";
  EXPECT_EQ(SlugSet(index, index.Search(query)), (std::set<std::string>{"es"}));
  query.language = "fr";
  EXPECT_EQ(index.Search(query).total, 0u);
}

TEST(SearchIndex, SortsWithIdTieBreakAndPages) {
  std::vector<Listing> listings;
  for (int i = 0; i < 7; ++i) listings.push_back(Make("s" + std::to_string(i), "Same Name", {}));
  listings.push_back(Make("a", "Another Name", {}));
  const SearchIndex index(listings);
  SearchQuery query = Query("2026-11-23T12:00:00Z");
  query.sort = SortOrder::kName;
  query.limit = 3;
  std::vector<std::string> seen;
  for (query.offset = 0; query.offset < 8; query.offset += 3) {
    const SearchResult page = index.Search(query);
    EXPECT_EQ(page.total, 8u);
    for (const SearchHit& hit : page.hits) seen.push_back(index.Get(hit.index).id);
  }
  ASSERT_EQ(seen.size(), 8u);
  EXPECT_EQ(index.Get(*index.Find(seen[0])).slug, "a");
  EXPECT_TRUE(std::is_sorted(seen.begin() + 1, seen.end()));  // equal names: by id
}

// The fast paths (minute-of-week tables, fixed-offset arithmetic) against a brute-force reference
// built on NextOccurrence, over random schedules in several zones and instants around DST changes.
TEST(SearchIndex, TimeFiltersAgreeWithBruteForceReference) {
  std::mt19937 random(20261123);
  const std::vector<std::string> zones = {"America/New_York", "America/Los_Angeles",
                                          "Europe/London",    "Australia/Sydney",
                                          "Asia/Kolkata",     "America/Phoenix"};
  std::vector<Listing> listings;
  for (int i = 0; i < 400; ++i) {
    std::vector<Slot> schedule;
    const int slot_count = static_cast<int>(random() % 3);
    for (int s = 0; s < slot_count; ++s) {
      schedule.push_back({static_cast<int>(random() % 7), static_cast<int>(random() % 96) * 15,
                          15 + static_cast<int>(random() % 12) * 15});
    }
    listings.push_back(
        Make("l" + std::to_string(i), "Listing", schedule, zones[random() % zones.size()]));
  }
  // Slots of up to a day (a feed's all-day "meetings"), read apart from the rest when in progress.
  for (int i = 0; i < 40; ++i) {
    const std::vector<Slot> schedule = {{static_cast<int>(random() % 7),
                                         static_cast<int>(random() % 96) * 15,
                                         241 + static_cast<int>(random() % 1199)}};
    listings.push_back(
        Make("long" + std::to_string(i), "Listing", schedule, zones[random() % zones.size()]));
  }
  const SearchIndex index(listings);
  const std::vector<Instant> instants = {At("2026-03-08T06:45:00Z"), At("2026-03-08T07:10:00Z"),
                                         At("2026-11-01T05:40:00Z"), At("2026-11-01T06:20:00Z"),
                                         At("2026-03-29T00:30:00Z"), At("2026-10-04T15:30:00Z"),
                                         At("2026-07-15T12:00:00Z"), At("2026-11-23T23:59:00Z")};

  // slug → the start of the occurrence shown (the earliest matching one), 0 when none is.
  auto reference = [&](const SearchQuery& query) {
    std::map<std::string, std::int64_t> expected;
    const bool time_filtered =
        !query.days.empty() || query.time_from || query.open_now || query.starts_within_minutes;
    for (const Listing& listing : listings) {
      if (!time_filtered && listing.schedule.empty()) expected[listing.slug] = 0;
      const date::time_zone* zone = FindZone(listing.timezone);
      for (const Slot& slot : listing.schedule) {
        Occurrence occurrence = NextOccurrence(slot, zone, query.at);
        int day = slot.day, minute = slot.start_minute;
        if (query.viewer_zone) {
          const auto local = ToLocalDayMinute(occurrence.start, query.viewer_zone);
          day = local.day;
          minute = local.minute;
        }
        if (!query.days.empty() &&
            std::find(query.days.begin(), query.days.end(), day) == query.days.end()) {
          continue;
        }
        if (query.time_from) {
          const int from = *query.time_from, to = *query.time_to;
          if (!(from < to ? (minute >= from && minute < to) : (minute >= from || minute < to)))
            continue;
        }
        if (query.open_now && !(occurrence.start <= query.at && query.at < occurrence.end))
          continue;
        if (query.starts_within_minutes &&
            !(query.or_in_progress && occurrence.start <= query.at)) {
          if (occurrence.start < query.at) occurrence = NextOccurrence(slot, zone, occurrence.end);
          if (occurrence.start >= query.at + std::chrono::minutes(*query.starts_within_minutes))
            continue;
        }
        const std::int64_t start = occurrence.start.time_since_epoch().count();
        auto [it, inserted] = expected.emplace(listing.slug, start);
        if (!inserted) it->second = std::min(it->second, start);
      }
    }
    return expected;
  };
  auto shown = [&](const SearchResult& result) {
    std::map<std::string, std::int64_t> starts;
    for (const SearchHit& hit : result.hits) {
      starts[index.Get(hit.index).slug] = hit.next ? hit.next->start.time_since_epoch().count() : 0;
    }
    return starts;
  };

  int compared = 0;
  for (Instant at : instants) {
    for (int variant = 0; variant < 16; ++variant) {
      SearchQuery query;
      query.at = at;
      query.limit = 500;
      query.open_now = variant % 3 == 0;
      if (variant % 3 == 1) query.starts_within_minutes = 30 + variant * 37;
      // The whole week from `at` (as the finder asks for "any day"), and a day.
      if (variant == 14) query.starts_within_minutes = kMinutesPerWeek;
      if (variant == 15) query.starts_within_minutes = kMinutesPerDay;
      query.or_in_progress = variant >= 8;
      if (variant % 4 == 2)
        query.days = {static_cast<int>(variant % 7), static_cast<int>((variant + 3) % 7)};
      if (variant % 5 == 3) {
        query.time_from = 20 * 60;
        query.time_to = 2 * 60;
      }
      if (variant % 2 == 1) query.viewer_zone = FindZone(zones[variant % zones.size()]);
      EXPECT_EQ(shown(index.Search(query)), reference(query))
          << "at " << FormatRfc3339(at, FindZone("UTC")) << " variant " << variant;
      ++compared;
    }
  }
  EXPECT_EQ(compared, 128);

  // "Everything, soonest first", a page at a time (found among the next hours' occurrences when
  // they are enough) agrees with the same query in one long page: hits, order, occurrences, total.
  for (Instant at : instants) {
    for (const char* viewer : {"", "America/Chicago"}) {
      SearchQuery all;
      all.at = at;
      all.limit = 1000;
      if (*viewer) all.viewer_zone = FindZone(viewer);
      const SearchResult whole = index.Search(all);
      for (std::size_t offset :
           {std::size_t{0}, std::size_t{3}, std::size_t{40}, std::size_t{390}}) {
        SearchQuery page = all;
        page.offset = offset;
        page.limit = 7;
        const SearchResult part = index.Search(page);
        EXPECT_EQ(part.total, whole.total);
        ASSERT_EQ(part.hits.size(),
                  std::min<std::size_t>(7, whole.total - std::min(whole.total, offset)));
        for (std::size_t i = 0; i < part.hits.size(); ++i) {
          EXPECT_EQ(part.hits[i].index, whole.hits[offset + i].index)
              << FormatRfc3339(at, FindZone("UTC")) << " offset " << offset << " rank " << i;
          EXPECT_EQ(part.hits[i].next, whole.hits[offset + i].next);
        }
      }
    }
  }
}

// Text queries answer as the same query without text over just the listings whose words match:
// with few candidates and with many (found through the start-time tables), for soonest first
// (its first page from the next hours), a time window and name order, paged and whole.
// The listings whose name has every word of `text` as a word-prefix, as `q` matches names.
std::vector<Listing> ListingsWithText(const std::vector<Listing>& listings,
                                      const std::string& text) {
  std::vector<Listing> matching;
  for (const Listing& listing : listings) {
    const std::vector<std::string> words = text::Words(listing.name);
    bool all = true;
    for (const std::string& wanted : text::Words(text)) {
      all = all && std::any_of(words.begin(), words.end(),
                               [&](const std::string& word) { return word.starts_with(wanted); });
    }
    if (all) matching.push_back(listing);
  }
  return matching;
}

// `got`, a search of `index`, gives what `want`, a search of `reference`, does: the total, and each
// hit's listing and occurrence.
void ExpectSamePage(const SearchIndex& index, const SearchResult& got, const SearchIndex& reference,
                    const SearchResult& want, const std::string& context) {
  EXPECT_EQ(got.total, want.total) << context;
  ASSERT_EQ(got.hits.size(), want.hits.size()) << context;
  for (std::size_t i = 0; i < got.hits.size(); ++i) {
    EXPECT_EQ(index.Get(got.hits[i].index).id, reference.Get(want.hits[i].index).id)
        << context << " rank " << i;
    EXPECT_EQ(got.hits[i].next, want.hits[i].next) << context << " rank " << i;
  }
}

TEST(SearchIndex, TextAgreesWithTheSameQueryOverTheListingsItMatches) {
  std::mt19937 random(20261205);
  const std::vector<std::string> zones = {"America/New_York", "America/Los_Angeles",
                                          "Europe/London", "Australia/Sydney"};
  const std::vector<std::string> vocabulary = {"newcomers", "new", "york", "hall",
                                               "serenity",  "12",  "120",  "1200"};
  std::vector<Listing> listings;
  for (int i = 0; i < 3000; ++i) {
    std::vector<Slot> schedule;
    for (int s = 0, n = static_cast<int>(random() % 3); s < n; ++s) {
      schedule.push_back({static_cast<int>(random() % 7), static_cast<int>(random() % 96) * 15,
                          15 + static_cast<int>(random() % 8) * 15});
    }
    std::string name = "Group";
    for (const std::string& word : vocabulary) {
      if (random() % 2 == 0) name += " " + word;
    }
    Listing listing = Make("l" + std::to_string(i), name, schedule, zones[random() % zones.size()]);
    listing.attendance = static_cast<Attendance>(random() % 4);
    listings.push_back(std::move(listing));
  }
  int many = 0;
  auto check = [&](const SearchIndex& index, const std::vector<Listing>& listings) {
    for (const std::string text : {"newcomers", "new", "new york", "hall 12", "york 120", "1200"}) {
      const std::vector<Listing> matching = ListingsWithText(listings, text);
      many += matching.size() >= 1024;
      const SearchIndex reference(matching);
      for (const char* at : {"2026-11-23T22:30:00Z", "2026-03-08T06:45:00Z"}) {
        for (int variant = 0; variant < 5; ++variant) {
          SearchQuery query = Query(at);
          query.limit = 50;
          if (variant == 1) query.starts_within_minutes = 120;
          if (variant == 2) query.until = At(at) + std::chrono::hours(26);
          if (variant == 3) query.sort = SortOrder::kName;
          if (variant == 4) query.include_inactive = true;
          for (std::size_t offset : {std::size_t{0}, std::size_t{45}}) {
            query.offset = offset;
            SearchQuery with_text = query;
            with_text.text = text;
            const SearchResult want = reference.Search(query);
            const SearchResult got = index.Search(with_text);
            const std::string context = text + " at " + at + " variant " + std::to_string(variant) +
                                        " offset " + std::to_string(offset);
            ExpectSamePage(index, got, reference, want, context);
          }
        }
      }
    }
  };
  const SearchIndex index(listings);
  check(index, listings);
  EXPECT_GE(many, 3);  // "newcomers", "new" and "hall 12" take the bitmaps and time tables

  // Patched: listings taken out and renamed are hidden in the full build's bitmaps.
  std::vector<Listing> changed;
  std::vector<std::string> removed;
  std::vector<Listing> now;
  for (std::size_t i = 0; i < listings.size(); ++i) {
    if (i % 50 == 7) {
      removed.push_back(listings[i].id);
      continue;
    }
    now.push_back(listings[i]);
    if (i % 50 == 3) {
      now.back().name = i % 100 == 3 ? "Renamed" : "Renamed newcomers hall 12";
      changed.push_back(now.back());
    }
  }
  check(*SearchIndex::Patched(index, changed, removed), now);
}

// A soonest-first text query with many matches looks for its page in windows of the next hours,
// widened while they hold too few, then checks every member: with most meetings at one hour of the
// week, instants all over the week take each of those steps (the first window, a wider one, every
// member), and each answers as the same query without text over the listings that match.
TEST(SearchIndex, TextSoonestFirstWidensItsWindowUntilThePageFills) {
  std::mt19937 random(20261204);
  const std::vector<std::string> zones = {"America/New_York", "America/Los_Angeles",
                                          "Europe/London"};
  std::vector<Listing> listings;
  for (int i = 0; i < 3000; ++i) {
    std::vector<Slot> schedule;
    const int kind = static_cast<int>(random() % 20);
    if (kind < 15) {
      schedule.push_back({3, 19 * 60, 60});  // Wednesday 19:00, as most of the synthetic week
    } else if (kind < 17) {
      schedule.push_back({static_cast<int>(random() % 7), static_cast<int>(random() % 96) * 15,
                          15 + static_cast<int>(random() % 8) * 15});
    } else if (kind < 19) {
      schedule.push_back({3, 19 * 60, 90});
      schedule.push_back({6, 7 * 60, 60});
    } else if (i % 2 == 0) {
      schedule.push_back({static_cast<int>(random() % 7), 0, 1439});  // in progress all day
    }                                                                 // else by appointment
    std::string name = "Group";
    if (i % 4 != 0) name += " hall";
    if (random() % 2 == 0) name += " york";
    Listing listing = Make("l" + std::to_string(i), name, schedule, zones[random() % zones.size()]);
    listing.attendance = static_cast<Attendance>(random() % 4);
    listings.push_back(std::move(listing));
  }
  std::vector<Instant> instants = {At("2026-03-08T06:45:00Z")};  // New York springs forward
  for (int hours = 0; hours < 7 * 24; hours += 7) {
    instants.push_back(At("2026-01-11T00:20:00Z") + std::chrono::hours(hours));
  }
  auto check = [&](const SearchIndex& index, const std::vector<Listing>& listings) {
    for (const std::string text : {"hall", "york", "hall york"}) {
      // Its names' words are "group", "hall", "york" and "renamed": none a longer form of another.
      const std::vector<Listing> matching = ListingsWithText(listings, text);
      ASSERT_GE(matching.size(), 1024u) << text;  // many: the bitmap and the windows
      const SearchIndex reference(matching);
      for (Instant at : instants) {
        for (const auto& [offset, limit] :
             {std::pair<std::size_t, std::size_t>{0, 50}, {45, 50}, {0, 2000}}) {
          SearchQuery query;
          query.at = at;
          query.offset = offset;
          query.limit = limit;
          SearchQuery with_text = query;
          with_text.text = text;
          const SearchResult want = reference.Search(query);
          const SearchResult got = index.Search(with_text);
          const std::string context = text + " at " + FormatRfc3339(at, FindZone("UTC")) +
                                      " offset " + std::to_string(offset) + " limit " +
                                      std::to_string(limit);
          ExpectSamePage(index, got, reference, want, context);
        }
      }
    }
  };
  const SearchIndex index(listings);
  check(index, listings);

  std::vector<Listing> changed;
  std::vector<std::string> removed;
  std::vector<Listing> now;
  for (std::size_t i = 0; i < listings.size(); ++i) {
    if (i % 40 == 7) {
      removed.push_back(listings[i].id);
      continue;
    }
    now.push_back(listings[i]);
    if (i % 40 == 3) {
      now.back().name = "Renamed hall york";
      now.back().schedule = {{4, 9 * 60, 60}};
      changed.push_back(now.back());
    }
  }
  check(*SearchIndex::Patched(index, changed, removed), now);
}

// A patched snapshot answers every query as a snapshot built from the same listings would: hits,
// order (ties by id, names across both parts), occurrences, distances, totals, positions.
// `rounds` patches of `edits` changes each (a quarter of them removals, some new listings, the
// same listing twice in one patch) onto 300 listings, each patch compared with a full build of the
// same listings: every listing's position, JSON and name rank, and 24 queries' pages.
void ExpectPatchesSearchAsFullBuilds(int rounds, int edits) {
  std::mt19937 random(20261204);
  const std::vector<std::string> zones = {"America/New_York", "America/Los_Angeles",
                                          "Europe/London"};
  const std::vector<std::string> names = {"Serenity", "Hope", "Step Up", "Grupo Paz", "Sunrise"};
  const std::vector<std::string> codes = {"O", "C", "D", "W", "SP", "RARE"};
  int serial = 0;
  auto make = [&](const std::string& slug) {
    std::vector<Slot> schedule;
    for (int s = 0, n = static_cast<int>(random() % 3); s < n; ++s) {
      schedule.push_back(
          {static_cast<int>(random() % 7), static_cast<int>(random() % 96) * 15, 60});
    }
    Listing listing =
        Make(slug, names[random() % names.size()] + " " + std::to_string(random() % 4), schedule,
             zones[random() % zones.size()]);
    if (random() % 10 != 0) {
      listing = WithPosition(std::move(listing), 40 + (random() % 100) / 50.0,
                             -74 + (random() % 100) / 50.0);
    }
    listing.attendance = static_cast<Attendance>(random() % 4);
    for (std::size_t c = 0; c + 1 < codes.size(); ++c) {
      if (random() % 3 == 0) listing.types.push_back(codes[c]);
    }
    listing.notes = "edit " + std::to_string(serial++);
    return listing;
  };
  std::map<std::string, Listing> current;
  for (int i = 0; i < 300; ++i) {
    Listing listing = make("l" + std::to_string(i));
    current.emplace(listing.id, listing);
  }
  auto all = [&] {
    std::vector<Listing> listings;
    for (const auto& [id, listing] : current) listings.push_back(listing);
    return listings;
  };
  std::shared_ptr<const SearchIndex> patched = std::make_shared<SearchIndex>(all());

  std::vector<SearchQuery> queries;
  for (int variant = 0; variant < 12; ++variant) {
    SearchQuery query = Query("2026-11-23T22:30:00Z");
    query.include_inactive = variant % 4 == 3;
    if (variant % 3 != 0) {
      query.latitude = 40.8;
      query.longitude = -73.2;
    }
    if (variant % 3 == 2) query.radius_km = 60;
    if (variant == 4) query.open_now = true;
    if (variant == 5 || variant == 7) query.starts_within_minutes = 300;
    if (variant == 6) query.sort = SortOrder::kName;
    if (variant == 8) query.text = "serenity";
    if (variant == 9) query.types = {"RARE"};
    if (variant == 10) query.sort = SortOrder::kName, query.text = "grupo";
    if (variant == 11) query.until = At("2026-11-25T05:00:00Z");
    queries.push_back(query);
    query.offset = 5;
    query.limit = 9;
    queries.push_back(query);
  }

  int edit = 0;
  for (int round = 0; round < rounds; ++round) {
    std::vector<Listing> changed;
    std::vector<std::string> removed;
    for (int e = 0; e < edits; ++e) {
      const int i = edit++ % 12;
      auto it = std::next(current.begin(), static_cast<long>(random() % current.size()));
      if (i % 4 == 3) {
        removed.push_back(it->first);
        current.erase(it);
        continue;
      }
      Listing listing = make(it->second.slug);
      if (i % 4 == 2) listing = make("new" + std::to_string(round) + "-" + std::to_string(i));
      if (i == 0) listing.types = {"RARE"};  // a type the full build has never seen
      current[listing.id] = listing;
      changed.push_back(listing);
    }
    if (!changed.empty()) changed.push_back(changed.front());  // twice: the last counts
    removed.push_back("test:never-was");
    patched = SearchIndex::Patched(*patched, changed, removed);
    const SearchIndex full(all());
    ASSERT_EQ(patched->size(), full.size());
    EXPECT_GT(patched->patched(), 0u);
    for (const auto& [id, listing] : current) {
      const auto position = patched->Find(id);
      ASSERT_TRUE(position.has_value()) << id;
      EXPECT_EQ(patched->Json(*position), full.Json(*full.Find(id)));
      EXPECT_EQ(patched->NameRank(*position), full.NameRank(*full.Find(id))) << id;
      EXPECT_EQ(patched->Source(*position), "test");
    }
    for (const std::string& id : removed) EXPECT_FALSE(patched->Find(id).has_value());
    for (std::size_t q = 0; q < queries.size(); ++q) {
      const SearchResult want = full.Search(queries[q]);
      const SearchResult got = patched->Search(queries[q]);
      EXPECT_EQ(got.total, want.total) << "round " << round << " query " << q;
      ASSERT_EQ(got.hits.size(), want.hits.size()) << "round " << round << " query " << q;
      for (std::size_t i = 0; i < got.hits.size(); ++i) {
        EXPECT_EQ(patched->Get(got.hits[i].index).id, full.Get(want.hits[i].index).id)
            << "round " << round << " query " << q << " rank " << i;
        EXPECT_EQ(got.hits[i].next, want.hits[i].next);
        EXPECT_EQ(got.hits[i].in_progress, want.hits[i].in_progress);
        EXPECT_EQ(got.hits[i].distance_km, want.hits[i].distance_km);
      }
    }
  }
}

TEST(SearchIndex, PatchedSearchesAsAFullBuild) { ExpectPatchesSearchAsFullBuilds(6, 12); }

// One listing per patch, as the console saves them: the patch's levels of patched listings
// (search_index.cpp, SearchIndex::Patch) grow, merge and hide each other's listings.
TEST(SearchIndex, ManySmallPatchesSearchAsAFullBuild) { ExpectPatchesSearchAsFullBuilds(90, 1); }

}  // namespace
}  // namespace rn::directory
