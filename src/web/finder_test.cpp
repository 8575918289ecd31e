#include "web/finder.h"

#include <gtest/gtest.h>

#include <set>

#include "api/meetings_query.h"

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

// Tuesday night in San Rafael: three meetings left (one on now), then thirty on Wednesday, one
// on Thursday; a Tuesday morning one is over. And a weekend: Saturday night, Sunday.
std::vector<Listing> TonightFixture() {
  constexpr int kSunday = 0, kWednesday = 3, kThursday = 4, kSaturday = 6;
  std::vector<Listing> listings = {
      Make("t-on-now", {{kTuesday, 22 * 60, 60}}, 37.97, -122.53, "San Rafael"),
      Make("t-late", {{kTuesday, 23 * 60, 60}}, 37.97, -122.53, "San Rafael"),
      Make("t-later", {{kTuesday, 23 * 60 + 30, 60}}, 37.97, -122.53, "San Rafael"),
      Make("t-morning", {{kTuesday, 7 * 60, 60}}, 37.97, -122.53, "San Rafael"),
      Make("thursday", {{kThursday, 6 * 60, 60}}, 37.97, -122.53, "San Rafael"),
      Make("saturday", {{kSaturday, 23 * 60, 60}}, 37.97, -122.53, "San Rafael"),
      Make("sunday", {{kSunday, 60, 60}, {kSunday, 12 * 60, 60}}, 37.97, -122.53, "San Rafael")};
  for (int i = 0; i < 30; ++i) {
    listings.push_back(Make("w" + std::to_string(100 + i), {{kWednesday, 30 * i, 60}}, 37.97,
                            -122.53, "San Rafael"));
  }
  return listings;
}

TEST(RunFinder, LateAtNightTheDefaultListGoesOnIntoTomorrow) {
  const SearchIndex index(TonightFixture());
  const Instant tuesday_night = At("2026-11-24T22:30:00-08:00");
  const FinderOutcome first = RunFinder(index, Params("where=san+rafael"), tuesday_night);
  EXPECT_EQ(first.result.total, 33u);  // 3 tonight, 30 tomorrow; not Thursday, not the morning
  EXPECT_EQ(first.pages, 2u);
  ASSERT_EQ(first.result.hits.size(), kResultsPerPage);
  const std::vector<std::string> slugs = Slugs(index, first.result.hits);
  EXPECT_EQ(std::vector<std::string>(slugs.begin(), slugs.begin() + 5),
            (std::vector<std::string>{"t-on-now", "t-late", "t-later", "w100", "w101"}));
  const std::vector<ResultDay> days = GroupByDay(first.result.hits, first.at, first.viewer_zone);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, date::local_days(date::year(2026) / 11 / 24));
  EXPECT_EQ(days[0].begin, 0u);
  EXPECT_EQ(days[0].end, 3u);
  EXPECT_EQ(days[1].day, date::local_days(date::year(2026) / 11 / 25));
  EXPECT_EQ(days[1].end, kResultsPerPage);

  // Page 2 carries on with Wednesday, under its heading again.
  const FinderOutcome second = RunFinder(index, Params("where=san+rafael&page=2"), tuesday_night);
  ASSERT_EQ(second.result.hits.size(), 8u);
  EXPECT_EQ(index.Get(second.result.hits[0].index).slug, "w122");
  const std::vector<ResultDay> later =
      GroupByDay(second.result.hits, second.at, second.viewer_zone);
  ASSERT_EQ(later.size(), 1u);
  EXPECT_EQ(later[0].day, date::local_days(date::year(2026) / 11 / 25));

  // An explicit day keeps its meaning: Wednesday is all of Wednesday, and no more.
  EXPECT_EQ(RunFinder(index, Params("where=san+rafael&day=3"), tuesday_night).result.total, 30u);
  // A time of day with "today" is today's window, as before.
  EXPECT_EQ(Slugs(index, RunFinder(index, Params("time=night"), tuesday_night).result.hits),
            (std::vector<std::string>{"t-on-now", "t-late", "t-later"}));
}

TEST(GroupByDay, AMeetingInProgressSinceYesterdayIsListedToday) {
  const date::time_zone* zone = directory::FindZone("America/Los_Angeles");
  const Instant just_after_midnight = At("2026-11-25T00:10:00-08:00");
  std::vector<directory::SearchHit> hits(3);
  hits[0].next = {At("2026-11-24T23:30:00-08:00"), At("2026-11-25T00:30:00-08:00")};
  hits[1].next = {At("2026-11-25T07:00:00-08:00"), At("2026-11-25T08:00:00-08:00")};
  const std::vector<ResultDay> days = GroupByDay(hits, just_after_midnight, zone);
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0].day, date::local_days(date::year(2026) / 11 / 25));
  EXPECT_EQ(days[0].end, 2u);
  EXPECT_FALSE(days[1].day.has_value());  // by appointment
}

// The finder's pages, the printable list and GET /api/v1/meetings?until=end_of_tomorrow&sort=next
// give one sequence for one query.
std::vector<std::string> FinderSequence(const SearchIndex& index, std::string query, Instant now) {
  std::vector<std::string> sequence;
  for (int page = 1;; ++page) {
    const FinderOutcome outcome =
        RunFinder(index, Params(query + "&page=" + std::to_string(page)), now);
    for (const std::string& slug : Slugs(index, outcome.result.hits)) sequence.push_back(slug);
    if (static_cast<std::size_t>(page) >= outcome.pages) return sequence;
  }
}

std::vector<std::string> PrintSequence(const SearchIndex& index, std::string query, Instant now) {
  const PrintOutcome print = RunPrint(index, Params(query), now);
  EXPECT_TRUE(print.upcoming);
  std::vector<std::string> sequence;
  for (const PrintDay& day : print.days) {
    for (const PrintedMeeting& meeting : day.meetings) {
      sequence.push_back(index.Get(meeting.index).slug);
    }
  }
  return sequence;
}

std::vector<std::string> ApiSequence(const SearchIndex& index, std::string query) {
  auto parsed = api::ParseMeetingsQuery(query + "&until=end_of_tomorrow&sort=next&limit=500",
                                        At("2020-01-01T00:00:00Z"));
  EXPECT_TRUE(parsed.ok()) << parsed.status().field() << ": " << parsed.status().message();
  return Slugs(index, index.Search(*parsed).hits);
}

TEST(RunFinder, TheFinderThePrintedListAndTheApiAgree) {
  const SearchIndex index(TonightFixture());
  const std::pair<std::string, std::string> cases[] = {
      // Tuesday night, near San Rafael (the API's radius is the finder's 10 miles).
      {"lat=37.97&lng=-122.53&at=2026-11-24T22:30:00-08:00&tz=America/Los_Angeles",
       "lat=37.97&lng=-122.53&radius_km=16.09344&at=2026-11-24T22:30:00-08:00"
       "&tz=America/Los_Angeles"},
      // The same instant seen from Chicago, where it is already Wednesday 00:30.
      {"at=2026-11-24T22:30:00-08:00&tz=America/Chicago",
       "at=2026-11-24T22:30:00-08:00&tz=America/Chicago"},
      // A Saturday night: the week wraps to Sunday.
      {"at=2026-11-28T22:30:00-08:00&tz=America/Los_Angeles",
       "at=2026-11-28T22:30:00-08:00&tz=America/Los_Angeles"},
  };
  for (const auto& [finder, api_query] : cases) {
    const Instant now = At("2020-01-01T00:00:00Z");  // never used: every query pins `at`
    const std::vector<std::string> shown = FinderSequence(index, finder, now);
    EXPECT_GE(shown.size(), 2u) << finder;
    EXPECT_EQ(PrintSequence(index, finder, now), shown) << finder;
    EXPECT_EQ(ApiSequence(index, api_query), shown) << finder;
  }
}

TEST(RunPrint, TheDefaultListIsTodayAndTomorrowUnderDatedDays) {
  const SearchIndex index(TonightFixture());
  const PrintOutcome print =
      RunPrint(index, Params("where=San+Rafael"), At("2026-11-24T22:30:00-08:00"));
  ASSERT_TRUE(print.upcoming);
  ASSERT_EQ(print.days.size(), 2u);
  EXPECT_EQ(print.days[0].date, date::local_days(date::year(2026) / 11 / 24));
  EXPECT_EQ(print.days[0].day, kTuesday);
  EXPECT_EQ(print.days[0].meetings.size(), 3u);
  EXPECT_EQ(print.days[1].date, date::local_days(date::year(2026) / 11 / 25));
  EXPECT_EQ(print.days[1].meetings.size(), 30u);
  ASSERT_TRUE(print.days[1].meetings[0].occurrence.has_value());
  EXPECT_EQ(print.days[1].meetings[0].occurrence->start, At("2026-11-25T00:00:00-08:00"));
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

// "Today" with a time of day prints today's meetings in that window, as the finder lists them —
// not that window on every day of the week.
TEST(RunPrint, TodayAtATimeOfDayIsTodaysOnly) {
  const SearchIndex index(Fixture());
  const Instant monday_morning = At("2026-11-23T08:15:00-08:00");
  const PrintOutcome print =
      RunPrint(index, Params("where=San+Rafael&time=midday"), monday_morning);
  ASSERT_EQ(print.days.size(), 1u);
  EXPECT_EQ(print.days[0].day, kMonday);
  ASSERT_EQ(print.days[0].meetings.size(), 1u);
  EXPECT_EQ(index.Get(print.days[0].meetings[0].index).slug, "noon");
  EXPECT_EQ(Slugs(index, RunFinder(index, Params("where=San+Rafael&time=midday"), monday_morning)
                             .result.hits),
            (std::vector<std::string>{"noon"}));
}

}  // namespace
}  // namespace rn::web
