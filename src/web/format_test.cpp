#include "web/format.h"

#include <gtest/gtest.h>

namespace rn::web {
namespace {

Instant At(std::string_view rfc3339) { return *directory::ParseRfc3339(rfc3339); }
const date::time_zone* LosAngeles() { return directory::FindZone("America/Los_Angeles"); }

TEST(Format, ClocksInEachLanguage) {
  EXPECT_EQ(FormatClock(0, Language::kEnglish), "12:00 AM");
  EXPECT_EQ(FormatClock(12 * 60, Language::kEnglish), "12:00 PM");
  EXPECT_EQ(FormatClock(19 * 60 + 5, Language::kEnglish), "7:05 PM");
  EXPECT_EQ(FormatClock(19 * 60 + 5, Language::kSpanish), "19:05");
}

TEST(Format, TimeRangesShareAmPmWhenTheyCan) {
  const directory::Occurrence evening{At("2026-11-23T19:00:00-08:00"),
                                      At("2026-11-23T20:00:00-08:00")};
  EXPECT_EQ(FormatTimeRange(evening, LosAngeles(), Language::kEnglish), "7:00 – 8:00 PM");
  EXPECT_EQ(FormatTimeRange(evening, LosAngeles(), Language::kSpanish), "19:00–20:00");
  const directory::Occurrence late{At("2026-11-23T23:30:00-08:00"),
                                   At("2026-11-24T00:30:00-08:00")};
  EXPECT_EQ(FormatTimeRange(late, LosAngeles(), Language::kEnglish), "11:30 PM – 12:30 AM");
  // Read in another zone.
  EXPECT_EQ(FormatTimeRange(evening, directory::FindZone("America/New_York"), Language::kEnglish),
            "10:00 – 11:00 PM");
}

TEST(Format, ZoneAbbreviations) {
  EXPECT_EQ(ZoneAbbreviation(LosAngeles(), At("2026-11-23T19:00:00Z")), "PST");
  EXPECT_EQ(ZoneAbbreviation(LosAngeles(), At("2026-07-01T19:00:00Z")), "PDT");
  EXPECT_EQ(ZoneAbbreviation(directory::FindZone("Asia/Kolkata"), At("2026-07-01T19:00:00Z")),
            "IST");
  EXPECT_EQ(ZoneAbbreviation(directory::FindZone("America/Sao_Paulo"), At("2026-07-01T19:00:00Z")),
            "UTC-3");
}

TEST(Format, DaysAndDates) {
  const Messages& english = Messages::For(Language::kEnglish);
  const Messages& spanish = Messages::For(Language::kSpanish);
  const Instant now = At("2026-11-23T23:30:00-08:00");  // Monday night in Los Angeles
  EXPECT_EQ(RelativeDay(At("2026-11-23T19:00:00-08:00"), now, LosAngeles(), english), "Today");
  EXPECT_EQ(RelativeDay(At("2026-11-24T07:00:00-08:00"), now, LosAngeles(), english), "Tomorrow");
  EXPECT_EQ(RelativeDay(At("2026-11-26T07:00:00-08:00"), now, LosAngeles(), spanish), "Jueves");
  EXPECT_EQ(FormatDate(now, LosAngeles(), english), "Monday, November 23");
  EXPECT_EQ(FormatDate(now, LosAngeles(), spanish), "Lunes 23 de noviembre");
  EXPECT_EQ(FormatDateWithYear(now, LosAngeles(), english), "November 23, 2026");
  EXPECT_EQ(FormatDateWithYear(now, LosAngeles(), spanish), "23 de noviembre de 2026");
}

TEST(Format, DayHeadingsNameTodayTomorrowOrTheDate) {
  const Messages& english = Messages::For(Language::kEnglish);
  const Messages& spanish = Messages::For(Language::kSpanish);
  const date::local_days tuesday(date::year(2026) / 11 / 24);
  EXPECT_EQ(DayHeading(tuesday, tuesday, english), "Today, Tuesday");
  EXPECT_EQ(DayHeading(tuesday + date::days(1), tuesday, english), "Tomorrow, Wednesday");
  EXPECT_EQ(DayHeading(tuesday + date::days(2), tuesday, english), "Thursday, November 26");
  EXPECT_EQ(DayHeading(tuesday, tuesday, spanish), "Hoy, martes");
  EXPECT_EQ(DayHeading(tuesday + date::days(1), tuesday, spanish), "Mañana, miércoles");
  EXPECT_EQ(DayHeading(tuesday + date::days(2), tuesday, spanish), "Jueves 26 de noviembre");
  // Saturday night: tomorrow is Sunday.
  const date::local_days saturday(date::year(2026) / 11 / 28);
  EXPECT_EQ(DayHeading(saturday + date::days(1), saturday, english), "Tomorrow, Sunday");
}

TEST(Format, DistancesStatusAndAttendance) {
  EXPECT_EQ(FormatDistanceMiles(0.8, Language::kEnglish), "0.5 mi");
  EXPECT_EQ(FormatDistanceMiles(0.8, Language::kSpanish), "0,5 mi");
  EXPECT_EQ(FormatDistanceMiles(40, Language::kEnglish), "25 mi");
  const Messages& english = Messages::For(Language::kEnglish);
  const directory::Occurrence meeting{At("2026-11-23T19:00:00Z"), At("2026-11-23T20:00:00Z")};
  EXPECT_EQ(StartStatus(meeting, At("2026-11-23T19:10:00Z"), english), "In progress");
  EXPECT_EQ(StartStatus(meeting, At("2026-11-23T18:35:00Z"), english), "Starts in 25 min");
  EXPECT_EQ(StartStatus(meeting, At("2026-11-23T17:20:00Z"), english), "Starts in 1 h 40 min");
  EXPECT_EQ(StartStatus(meeting, At("2026-11-23T17:00:00Z"), english), "Starts in 2 h");
  EXPECT_EQ(StartStatus(meeting, At("2026-11-23T16:59:00Z"), english), "");
  EXPECT_EQ(StartStatus(meeting, At("2026-11-23T20:00:00Z"), english), "");
  EXPECT_EQ(AttendanceLabel(directory::Attendance::kHybrid, english), "In person and online");
}

TEST(Format, SeventhTraditionLinks) {
  EXPECT_EQ(VenmoHref("@MarinGroup"), "https://venmo.com/MarinGroup");
  EXPECT_EQ(VenmoHref("Marin-Group_7"), "https://venmo.com/Marin-Group_7");
  EXPECT_EQ(CashAppHref("$MarinGroup"), "https://cash.app/$MarinGroup");
  EXPECT_EQ(CashAppHref("MarinGroup"), "https://cash.app/$MarinGroup");
  EXPECT_EQ(PayPalHref("MarinGroup"), "https://www.paypal.me/MarinGroup");
  EXPECT_EQ(PayPalHref("paypal.me/MarinGroup"), "https://www.paypal.me/MarinGroup");
  EXPECT_EQ(PayPalHref("https://www.paypal.com/donate?id=7"), "https://www.paypal.com/donate?id=7");
  for (const char* bad : {"", "@", "two words", "a/b", "<script>", "x\"y"}) {
    EXPECT_EQ(VenmoHref(bad), "") << bad;
    EXPECT_EQ(CashAppHref(bad), "") << bad;
    EXPECT_EQ(PayPalHref(bad), "") << bad;
  }
  EXPECT_EQ(PayPalHref("https://x.invalid/\"><b>"), "");
}

}  // namespace
}  // namespace rn::web

namespace rn::web {
namespace {

resources::OpenState State(bool open, int minutes_until, date::local_days day, int minute) {
  resources::OpenState state;
  state.open = open;
  state.next_change = Instant(std::chrono::minutes(minutes_until));  // only its presence counts
  state.minutes_until = minutes_until;
  state.change_day = day;
  state.change_minute = minute;
  return state;
}

TEST(Format, OpenStatusSaysUntilWhenAndFromWhen) {
  const Messages& en = Messages::For(Language::kEnglish);
  const Messages& es = Messages::For(Language::kSpanish);
  const date::local_days thursday = date::local_days(date::year{2026} / 12 / 3);
  EXPECT_EQ(OpenStatus(State(true, 300, thursday, 23 * 60), thursday, en), "Open until 11:00 PM");
  EXPECT_EQ(OpenStatus(State(true, 20, thursday, 23 * 60), thursday, en),
            "Open · closes in 20 min");
  EXPECT_EQ(OpenStatus(State(true, 900, thursday + date::days(1), 2 * 60), thursday, en),
            "Open until Friday at 2:00 AM");
  EXPECT_EQ(OpenStatus(State(false, 480, thursday, 17 * 60), thursday, en),
            "Closed · opens at 5:00 PM");
  EXPECT_EQ(OpenStatus(State(false, 15, thursday, 17 * 60), thursday, en),
            "Closed · opens in 15 min");
  EXPECT_EQ(OpenStatus(State(false, 900, thursday + date::days(1), 10 * 60), thursday, en),
            "Closed · opens tomorrow at 10:00 AM");
  EXPECT_EQ(OpenStatus(State(false, 4000, thursday + date::days(3), 17 * 60), thursday, en),
            "Closed · opens Sunday at 5:00 PM");
  EXPECT_EQ(OpenStatus(State(false, 4000, thursday + date::days(3), 17 * 60), thursday, es),
            "Cerrado · abre el domingo a las 17:00");
  resources::OpenState always;
  always.open = true;
  EXPECT_EQ(OpenStatus(always, thursday, en), "Open 24 hours");
  EXPECT_EQ(OpenStatus(resources::OpenState{}, thursday, es), "Cerrado");
}

TEST(Format, AgesAndMinuteRanges) {
  const Messages& en = Messages::For(Language::kEnglish);
  const Instant now = At("2026-12-03T18:00:00Z");
  EXPECT_EQ(FormatAge(now - std::chrono::seconds(20), now, en), "just now");
  EXPECT_EQ(FormatAge(now - std::chrono::minutes(1), now, en), "1 minute ago");
  EXPECT_EQ(FormatAge(now - std::chrono::minutes(95), now, en), "1 hour ago");
  EXPECT_EQ(FormatAge(now - std::chrono::hours(47), now, en), "47 hours ago");
  EXPECT_EQ(FormatAge(now - std::chrono::hours(72), now, Messages::For(Language::kSpanish)),
            "hace 3 días");
  EXPECT_EQ(FormatMinuteRange(17 * 60, 23 * 60, Language::kEnglish), "5:00 – 11:00 PM");
  EXPECT_EQ(FormatMinuteRange(22 * 60, 2 * 60, Language::kEnglish), "10:00 PM – 2:00 AM");
  EXPECT_EQ(FormatMinuteRange(10 * 60, 24 * 60, Language::kSpanish), "10:00–0:00");
}

}  // namespace
}  // namespace rn::web
