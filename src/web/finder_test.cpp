#include "web/finder.h"

#include <gtest/gtest.h>

#include <set>

namespace rn::web {
namespace {

using directory::Attendance;
using directory::Listing;
using directory::SearchIndex;
using directory::Slot;

constexpr int kMonday = 1;
constexpr int kTuesday = 2;

Instant At(std::string_view rfc3339) { return *directory::ParseRfc3339(rfc3339); }

Listing Make(std::string slug, std::vector<Slot> schedule, double latitude, double longitude,
             std::string city, Attendance attendance = Attendance::kInPerson) {
  Listing listing;
  listing.source = "test";
  listing.slug = slug;
  listing.id = directory::MakeListingId(listing.source, listing.slug);
  listing.name = "Meeting " + slug;
  listing.timezone = "America/Los_Angeles";
  listing.schedule = std::move(schedule);
  listing.attendance = attendance;
  listing.location.city = std::move(city);
  listing.location.state = "CA";
  listing.location.latitude = latitude;
  listing.location.longitude = longitude;
  listing.types = {"O"};
  return listing;
}

// San Rafael (three meetings), Novato (one, 9 mi north), Los Angeles (one, far), one online.
std::vector<Listing> Fixture() {
  return {
      Make("morning", {{kMonday, 7 * 60, 60}}, 37.97, -122.53, "San Rafael"),
      Make("noon", {{kMonday, 12 * 60, 60}, {kTuesday, 12 * 60, 60}}, 37.98, -122.52, "San Rafael"),
      Make("evening", {{kMonday, 19 * 60, 90}}, 37.97, -122.54, "San Rafael"),
      Make("novato", {{kMonday, 20 * 60, 60}}, 38.10, -122.57, "Novato"),
      Make("la", {{kMonday, 19 * 60, 60}}, 34.05, -118.24, "Los Angeles"),
      Make("zoom", {{kMonday, 12 * 60 + 30, 60}}, 0, 0, "", Attendance::kOnline)};
}

FinderParams Params(std::string_view query) {
  auto form = Form::Parse(query);
  EXPECT_TRUE(form.ok());
  ParsedFinder parsed = ParseFinderParams(*form);
  EXPECT_TRUE(parsed.error.ok()) << parsed.error.field() << ": " << parsed.error.message();
  return parsed.params;
}

std::vector<std::string> Slugs(const SearchIndex& index,
                               const std::vector<directory::SearchHit>& hits) {
  std::vector<std::string> slugs;
  for (const auto& hit : hits) slugs.push_back(index.Get(hit.index).slug);
  return slugs;
}

TEST(ParseFinderParams, ReadsEveryFilter) {
  const FinderParams params = Params(
      "where=San+Rafael&online=1&day=2&time=evening&type=O&type=W&approach=aa&language=es"
      "&mode=hybrid&distance=25&page=3&at=2026-11-23T12:00:00-08:00&tz=America/Denver&lang=es");
  EXPECT_EQ(params.where, "San Rafael");
  EXPECT_TRUE(params.online_only);
  EXPECT_EQ(params.day, 2);
  EXPECT_EQ(params.time, TimeOfDay::kEvening);
  EXPECT_EQ(params.types, (std::vector<std::string>{"O", "W"}));
  EXPECT_EQ(params.approach, "aa");
  EXPECT_EQ(params.language, "es");
  EXPECT_EQ(params.mode, Attendance::kHybrid);
  EXPECT_EQ(params.distance_miles, 25);
  EXPECT_EQ(params.page, 3);
  EXPECT_EQ(params.at, At("2026-11-23T12:00:00-08:00"));
  EXPECT_EQ(params.viewer_zone, directory::FindZone("America/Denver"));
  EXPECT_TRUE(Params("day=any").any_day);
  EXPECT_FALSE(Params("day=today").day.has_value());
}

TEST(ParseFinderParams, ABadValueNamesItsFieldAndFallsBackToTheDefault) {
  const std::pair<std::string_view, std::string_view> cases[] = {{"day=8", "day"},
                                                                 {"time=dawn", "time"},
                                                                 {"type=NOPE", "type"},
                                                                 {"approach=xyz", "approach"},
                                                                 {"language=spanish", "language"},
                                                                 {"mode=inactive", "mode"},
                                                                 {"distance=3", "distance"},
                                                                 {"page=0", "page"},
                                                                 {"at=yesterday", "at"},
                                                                 {"tz=Mars/Olympus", "tz"},
                                                                 {"lat=91&lng=0", "lat"},
                                                                 {"lat=37", "lng"},
                                                                 {"online=yes", "online"}};
  for (const auto& [query, field] : cases) {
    auto form = Form::Parse(query);
    ASSERT_TRUE(form.ok());
    const ParsedFinder parsed = ParseFinderParams(*form);
    EXPECT_EQ(parsed.error.field(), field) << query;
  }
  auto form = Form::Parse("distance=3&where=Novato");
  const ParsedFinder parsed = ParseFinderParams(*form);
  EXPECT_EQ(parsed.params.distance_miles, kDefaultDistanceMiles);
  EXPECT_EQ(parsed.params.where, "Novato");
}

TEST(RunFinder, TodayShowsWhatIsOnNowOrStillToComeNearThePlace) {
  const SearchIndex index(Fixture());
  // Monday 12:15 in San Rafael: the morning meeting is over, noon is on, evening is to come.
  const FinderOutcome outcome =
      RunFinder(index, Params("where=san+rafael"), At("2026-11-23T12:15:00-08:00"));
  EXPECT_EQ(outcome.where_state, WhereState::kPlace);
  EXPECT_EQ(outcome.place->name, "San Rafael, CA");
  EXPECT_EQ(outcome.viewer_zone, directory::FindZone("America/Los_Angeles"));
  EXPECT_EQ(outcome.today, kMonday);
  // Novato is 9 miles away: inside the default 10.
  EXPECT_EQ(Slugs(index, outcome.result.hits),
            (std::vector<std::string>{"noon", "evening", "novato"}));
  EXPECT_EQ(outcome.in_progress, 1u);
  EXPECT_TRUE(outcome.result.hits[0].in_progress);
  ASSERT_TRUE(outcome.result.hits[0].distance_km.has_value());

  const FinderOutcome closer =
      RunFinder(index, Params("where=san+rafael&distance=5"), At("2026-11-23T12:15:00-08:00"));
  EXPECT_EQ(Slugs(index, closer.result.hits), (std::vector<std::string>{"noon", "evening"}));
}

TEST(RunFinder, SoonIsOnNowOrWithinTwoHours) {
  const SearchIndex index(Fixture());
  const FinderOutcome outcome = RunFinder(index, Params("time=soon&at=2026-11-23T11:30:00-08:00"),
                                          At("2026-11-01T00:00:00Z"));
  EXPECT_EQ(outcome.where_state, WhereState::kNone);
  EXPECT_EQ(Slugs(index, outcome.result.hits), (std::vector<std::string>{"noon", "zoom"}));
}

TEST(RunFinder, OtherDaysAndTimesOfDay) {
  const SearchIndex index(Fixture());
  const Instant monday_noon = At("2026-11-23T12:15:00-08:00");
  EXPECT_EQ(Slugs(index, RunFinder(index, Params("day=2"), monday_noon).result.hits),
            (std::vector<std::string>{"noon"}));
  EXPECT_EQ(Slugs(index, RunFinder(index, Params("day=1&time=morning"), monday_noon).result.hits),
            (std::vector<std::string>{"morning"}));
  const auto evening =
      Slugs(index, RunFinder(index, Params("day=1&time=evening"), monday_noon).result.hits);
  EXPECT_EQ(std::set<std::string>(evening.begin(), evening.end()),
            (std::set<std::string>{"evening", "la", "novato"}));
}

TEST(RunFinder, OnlineOnlyDropsTheDistance) {
  const SearchIndex index(Fixture());
  const FinderOutcome outcome =
      RunFinder(index, Params("where=novato&online=1&day=any"), At("2026-11-23T12:15:00-08:00"));
  EXPECT_EQ(outcome.where_state, WhereState::kPlace);
  EXPECT_FALSE(outcome.has_location);
  EXPECT_EQ(Slugs(index, outcome.result.hits), (std::vector<std::string>{"zoom"}));
}

TEST(RunFinder, UnknownAndAmbiguousPlacesDoNotSearch) {
  std::vector<Listing> listings = Fixture();
  listings.push_back(Make("other", {{kMonday, 19 * 60, 60}}, 39.8, -89.6, "San Rafael"));
  listings.back().location.state = "IL";
  const SearchIndex index(listings);
  const FinderOutcome unknown = RunFinder(index, Params("where=Atlantis"), Instant());
  EXPECT_EQ(unknown.where_state, WhereState::kUnknown);
  EXPECT_FALSE(unknown.searched);
  const FinderOutcome ambiguous = RunFinder(index, Params("where=San+Rafael"), Instant());
  EXPECT_EQ(ambiguous.where_state, WhereState::kAmbiguous);
  ASSERT_EQ(ambiguous.choices.size(), 2u);
  EXPECT_EQ(ambiguous.choices[0]->name, "San Rafael, CA");
  EXPECT_EQ(RunFinder(index, Params("where=San+Rafael+IL"), Instant()).where_state,
            WhereState::kPlace);
}

TEST(RunFinder, PagesOf25) {
  std::vector<Listing> listings;
  for (int i = 0; i < 60; ++i) {
    listings.push_back(Make("m" + std::to_string(100 + i), {{kMonday, 13 * 60 + i, 60}}, 37.97,
                            -122.53, "San Rafael"));
  }
  const SearchIndex index(listings);
  const Instant monday_noon = At("2026-11-23T12:00:00-08:00");
  const FinderOutcome first = RunFinder(index, Params(""), monday_noon);
  EXPECT_EQ(first.result.total, 60u);
  EXPECT_EQ(first.pages, 3u);
  EXPECT_EQ(first.result.hits.size(), kResultsPerPage);
  const FinderOutcome third = RunFinder(index, Params("page=3"), monday_noon);
  ASSERT_EQ(third.result.hits.size(), 10u);
  EXPECT_EQ(index.Get(third.result.hits[0].index).slug, "m150");
}

TEST(RunPrint, ListsEverySlotByDayAndLocalTime) {
  const SearchIndex index(Fixture());
  const PrintOutcome print =
      RunPrint(index, Params("where=San+Rafael&day=any"), At("2026-11-23T12:15:00-08:00"));
  ASSERT_EQ(print.days.size(), 2u);
  EXPECT_EQ(print.days[0].day, kMonday);
  std::vector<std::string> monday;
  for (const PrintedMeeting& meeting : print.days[0].meetings) {
    monday.push_back(index.Get(meeting.index).slug);
  }
  EXPECT_EQ(monday, (std::vector<std::string>{"morning", "noon", "evening", "novato"}));
  EXPECT_EQ(print.days[1].day, kTuesday);
  ASSERT_EQ(print.days[1].meetings.size(), 1u);
  EXPECT_EQ(print.days[1].meetings[0].slot.start_minute, 12 * 60);
  EXPECT_FALSE(print.truncated);

  const PrintOutcome tuesday = RunPrint(index, Params("day=2"), At("2026-11-23T12:15:00-08:00"));
  ASSERT_EQ(tuesday.days.size(), 1u);
  EXPECT_EQ(tuesday.days[0].day, kTuesday);
}

}  // namespace
}  // namespace rn::web
