#include "api/meetings_query.h"

#include <gtest/gtest.h>

namespace rn::api {
namespace {

const Instant kNow = *directory::ParseRfc3339("2026-11-23T12:00:00Z");

std::string FieldOfError(std::string_view query) {
  auto parsed = ParseMeetingsQuery(query, kNow);
  if (parsed.ok()) return "<ok>";
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  return parsed.status().field();
}

TEST(ParseMeetingsQuery, DefaultsWithNoParameters) {
  auto query = ParseMeetingsQuery("", kNow);
  ASSERT_TRUE(query.ok());
  EXPECT_EQ(query->at, kNow);
  EXPECT_EQ(query->limit, kDefaultLimit);
  EXPECT_EQ(query->offset, 0u);
  EXPECT_EQ(query->sort, directory::SortOrder::kDefault);
  EXPECT_FALSE(query->latitude);
  EXPECT_EQ(query->viewer_zone, nullptr);
}

TEST(ParseMeetingsQuery, ReadsEveryParameter) {
  auto query = ParseMeetingsQuery(
      "lat=33.68&lng=-117.87&radius_km=25&at=2026-11-23T19:30:00-08:00&tz=America%2FChicago"
      "&day=1,3&time_from=18:00&time_to=21:00&open_now=false&starts_within=120&types=O,open"
      "&exclude_types=W&attendance=in_person,online&include_inactive=true&language=es"
      "&q=serenity+house&source=oc&fellowship=aa&sort=name&limit=25&cursor=" +
          EncodeCursor(50),
      kNow);
  ASSERT_TRUE(query.ok()) << query.status().field() << ": " << query.status().message();
  EXPECT_DOUBLE_EQ(*query->latitude, 33.68);
  EXPECT_DOUBLE_EQ(*query->longitude, -117.87);
  EXPECT_DOUBLE_EQ(*query->radius_km, 25);
  EXPECT_EQ(query->at, *directory::ParseRfc3339("2026-11-24T03:30:00Z"));
  EXPECT_EQ(query->viewer_zone, directory::FindZone("America/Chicago"));
  EXPECT_EQ(query->days, (std::vector<int>{1, 3}));
  EXPECT_EQ(query->time_from, 18 * 60);
  EXPECT_EQ(query->time_to, 21 * 60);
  EXPECT_FALSE(query->open_now);
  EXPECT_EQ(query->starts_within_minutes, 120);
  EXPECT_EQ(query->types, (std::vector<std::string>{"O", "O"}));  // "open" is the name of O
  EXPECT_EQ(query->exclude_types, (std::vector<std::string>{"W"}));
  EXPECT_EQ(query->attendance.size(), 2u);
  EXPECT_TRUE(query->include_inactive);
  EXPECT_EQ(query->language, "es");
  EXPECT_EQ(query->text, "serenity house");
  EXPECT_EQ(query->source, "oc");
  EXPECT_EQ(query->fellowship, "aa");
  EXPECT_EQ(query->sort, directory::SortOrder::kName);
  EXPECT_EQ(query->limit, 25u);
  EXPECT_EQ(query->offset, 50u);
}

TEST(ParseMeetingsQuery, BadInputNamesTheParameter) {
  EXPECT_EQ(FieldOfError("lat=33"), "lat");
  EXPECT_EQ(FieldOfError("lng=-117"), "lng");
  EXPECT_EQ(FieldOfError("lat=91&lng=0"), "lat");
  EXPECT_EQ(FieldOfError("lat=north&lng=0"), "lat");
  EXPECT_EQ(FieldOfError("lat=1&lng=0&radius_km=0"), "radius_km");
  EXPECT_EQ(FieldOfError("lat=1&lng=0&radius_km=-1"), "radius_km");
  EXPECT_EQ(FieldOfError("lat=1&lng=0&radius_km=1000.5"), "radius_km");
  EXPECT_EQ(FieldOfError("lat=1&lng=0&radius_km=abc"), "radius_km");
  EXPECT_EQ(FieldOfError("lat=1&lng=0&radius_km=nan"), "radius_km");
  EXPECT_EQ(FieldOfError("radius_km=5"), "radius_km");
  EXPECT_EQ(FieldOfError("tz=Mars%2FBase"), "tz");
  EXPECT_EQ(FieldOfError("at=tomorrow"), "at");
  EXPECT_EQ(FieldOfError("day=7"), "day");
  EXPECT_EQ(FieldOfError("day=mon"), "day");
  EXPECT_EQ(FieldOfError("day=1,,2"), "day");
  EXPECT_EQ(FieldOfError("time_from=25:00"), "time_from");
  EXPECT_EQ(FieldOfError("time_to=7pm"), "time_to");
  EXPECT_EQ(FieldOfError("open_now=yes"), "open_now");
  EXPECT_EQ(FieldOfError("starts_within=0"), "starts_within");
  EXPECT_EQ(FieldOfError("starts_within=10081"), "starts_within");
  EXPECT_EQ(FieldOfError("attendance=in_person,telepathy"), "attendance");
  EXPECT_EQ(FieldOfError("attendance=inactive"), "attendance");
  EXPECT_EQ(FieldOfError("language=spanish"), "language");
  EXPECT_EQ(FieldOfError("sort=random"), "sort");
  EXPECT_EQ(FieldOfError("sort=distance"), "sort");
  EXPECT_EQ(FieldOfError("limit=0"), "limit");
  EXPECT_EQ(FieldOfError("limit=501"), "limit");
  EXPECT_EQ(FieldOfError("limit=x"), "limit");
  EXPECT_EQ(FieldOfError("cursor=abc"), "cursor");
  EXPECT_EQ(FieldOfError("colour=blue"), "colour");
  EXPECT_EQ(FieldOfError("day=1&day=2"), "day");
  EXPECT_EQ(FieldOfError("q=%zz"), "q");  // the parameter that does not decode, by name
  EXPECT_EQ(FieldOfError("day=1&q=%ff"), "q");
}

TEST(ParseMeetingsQuery, UntilIsAnInstantOrTheEndOfTodayOrTomorrowInTz) {
  auto instant = ParseMeetingsQuery("until=2026-11-24T08:00:00Z", kNow);
  ASSERT_TRUE(instant.ok());
  EXPECT_EQ(instant->until, *directory::ParseRfc3339("2026-11-24T08:00:00Z"));
  EXPECT_FALSE(instant->starts_within_minutes);
  // Tuesday 22:30 in Costa Mesa: the end of tomorrow is Thursday 00:00 there.
  auto tomorrow = ParseMeetingsQuery(
      "until=end_of_tomorrow&tz=America%2FLos_Angeles&at=2026-11-24T22:30:00-08:00", kNow);
  ASSERT_TRUE(tomorrow.ok());
  EXPECT_EQ(tomorrow->until, *directory::ParseRfc3339("2026-11-26T00:00:00-08:00"));
  auto today = ParseMeetingsQuery(
      "until=end_of_today&tz=America%2FLos_Angeles&at=2026-11-24T22:30:00-08:00", kNow);
  ASSERT_TRUE(today.ok());
  EXPECT_EQ(today->until, *directory::ParseRfc3339("2026-11-25T00:00:00-08:00"));
  // 01:58 CDT on the night Chicago falls back: today has 25 hours, so it ends at 00:00 CST.
  auto fall_back = ParseMeetingsQuery(
      "until=end_of_today&tz=America%2FChicago&at=2026-11-01T01:58:00-05:00", kNow);
  ASSERT_TRUE(fall_back.ok());
  EXPECT_EQ(fall_back->until, *directory::ParseRfc3339("2026-11-02T00:00:00-06:00"));

  EXPECT_EQ(FieldOfError("until=end_of_tomorrow"), "until");  // needs tz
  EXPECT_EQ(FieldOfError("until=tomorrow&tz=UTC"), "until");
  EXPECT_EQ(FieldOfError("until=end_of_today&tz=UTC&starts_within=60"), "until");
}

TEST(Cursor, RoundTripsAndRejectsForeignText) {
  EXPECT_EQ(DecodeCursor(EncodeCursor(0)), 0u);
  EXPECT_EQ(DecodeCursor(EncodeCursor(1234)), 1234u);
  EXPECT_FALSE(DecodeCursor("1234"));
  EXPECT_FALSE(DecodeCursor(EncodeCursor(5) + "x"));
}

TEST(ParseMeetingViewQuery, OnlyAtAndTz) {
  EXPECT_TRUE(ParseMeetingViewQuery("at=2026-11-23T12:00:00Z&tz=UTC", kNow).ok());
  EXPECT_EQ(ParseMeetingViewQuery("limit=5", kNow).status().field(), "limit");
}

}  // namespace
}  // namespace rn::api
