#pragma once
// The public finder's logic, without HTTP or HTML: the page's query parameters (contract in
// docs/pages.md) → a directory search → what the results page shows. Pure: tested without a server.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "directory/search_index.h"
#include "http/form.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::web {

using http::EncodeComponent;
using http::Form;

inline constexpr std::size_t kResultsPerPage = 25;
inline constexpr std::array<int, 6> kDistanceChoicesMiles = {1, 2, 5, 10, 25, 50};
inline constexpr int kDefaultDistanceMiles = 10;
inline constexpr int kSoonMinutes = 120;  // "now & next 2 hours"
// The default list ("today", no time of day) runs on to the end of this many local days: today and
// tomorrow.
inline constexpr int kUpcomingDays = 2;
inline constexpr double kKmPerMile = 1.609344;
// The print list holds at most this many meetings; narrower filters show the rest.
inline constexpr std::size_t kMaxPrinted = 3000;

enum class TimeOfDay { kAny, kMorning, kMidday, kEvening, kNight, kSoon };

struct FinderParams {
  std::string where;               // a city, neighbourhood or postal code
  std::optional<double> latitude;  // "Near me": both or neither; they win over `where`
  std::optional<double> longitude;
  bool online_only = false;
  bool any_day = false;    // `day=any`
  std::optional<int> day;  // 0 = Sunday … 6; neither this nor any_day: today
  TimeOfDay time = TimeOfDay::kAny;
  std::vector<std::string> types;  // all must be present
  std::string approach;            // fellowship code
  std::string language;            // ISO 639-1 language of the meeting
  std::optional<directory::Attendance> mode;
  int distance_miles = kDefaultDistanceMiles;
  int page = 1;
  std::optional<Instant> at;                     // pinned "now"
  const date::time_zone* viewer_zone = nullptr;  // `tz`
};

// The parameters and the first invalid one: a bad value is reported (naming the parameter) and
// replaced by its default, so the page still shows a usable form. Unknown parameters are ignored
// (links from other sites add their own).
struct ParsedFinder {
  FinderParams params;
  Status error;
};
ParsedFinder ParseFinderParams(const Form& form);

// The parameters both finders (meetings and services) take, checked alike; the first bad one is
// reported into `*error` (when it holds none yet) and its target keeps its default.
// `where` (at most 100 bytes), `lat` and `lng` (both or neither):
void ParsePlace(const Form& form, std::string* where, std::optional<double>* latitude,
                std::optional<double>* longitude, Status* error);
// `distance` (one of kDistanceChoicesMiles), `page` (1–1000) and `at` (RFC 3339):
void ParseDistancePageAndInstant(const Form& form, int* distance_miles, int* page,
                                 std::optional<Instant>* at, Status* error);

// Where the search is centred, as the page explains it.
enum class WhereState {
  kNone,       // no location: every matching meeting
  kNearMe,     // lat/lng given
  kPlace,      // `where` named one place
  kAmbiguous,  // `where` named several: the person chooses (no search)
  kUnknown,    // `where` named none (no search)
};

// What `where` names among `places` (none when it is empty), or kNearMe when `near_me`: one place
// (kPlace, `place`), several (kAmbiguous, `choices`, most listings first) or none (kUnknown).
struct WhereResolution {
  WhereState state = WhereState::kNone;
  const directory::Place* place = nullptr;
  std::vector<const directory::Place*> choices;
};
WhereResolution ResolveWhere(const directory::PlaceIndex& places, const std::string& where,
                             bool near_me);

struct FinderOutcome {
  WhereState where_state = WhereState::kNone;
  const directory::Place* place = nullptr;       // kPlace
  std::vector<const directory::Place*> choices;  // kAmbiguous
  const date::time_zone* viewer_zone = nullptr;  // never null when the directory has listings
  Instant at;
  int today = 0;                   // weekday of `at` in the viewer's zone
  date::local_days local_today;    // the date of `at` in the viewer's zone (the day headings')
  bool searched = false;           // false for kAmbiguous / kUnknown
  bool has_location = false;       // results carry distances
  directory::SearchResult result;  // the page of results, in time order
  std::size_t in_progress = 0;     // matches in progress at `at` (any day and time filters aside)
  std::size_t pages = 0;
};

// Whether `params` ask for the default list, "today and tomorrow": today (no day chosen) at any
// time of day.
bool IsUpcoming(const FinderParams& params);

// Runs the finder: resolves the place, picks the viewer's zone (`tz`, else the place's, else the
// directory's prevailing zone), and searches, soonest first. By default (IsUpcoming) it shows what
// is in progress or still to start today and goes on past midnight through tomorrow, in the
// viewer's zone (the API's `until=end_of_tomorrow&sort=next`); `time=soon` what is on now or within
// 2 hours of any day.
FinderOutcome RunFinder(const directory::SearchIndex& index, const FinderParams& params,
                        Instant now);

// A run of consecutive results listed under one day (the page's day headings).
struct ResultDay {
  std::optional<date::local_days> day;  // in the viewer's zone; none for by-appointment listings
  std::size_t begin = 0;                // [begin, end) of the hits
  std::size_t end = 0;
};
// The local day a result is listed under: that of its start, or of `at` while it is in progress
// (a meeting that began before midnight is on now, today); nullopt without an occurrence.
std::optional<date::local_days> ListedDay(const std::optional<directory::Occurrence>& occurrence,
                                          Instant at, const date::time_zone* zone);
// The hits cut into runs of one listed day, in their order. REQUIRES: zone != nullptr.
std::vector<ResultDay> GroupByDay(const std::vector<directory::SearchHit>& hits, Instant at,
                                  const date::time_zone* zone);

// One day of the printable list. For a chosen day or the week: every matching meeting with a slot
// that day, by local start time. For the default list: the finder's own sequence, soonest first.
struct PrintedMeeting {
  std::uint32_t index = 0;  // position in the snapshot
  directory::Slot slot;     // in the listing's own zone
  std::optional<double> distance_km;
  std::optional<directory::Occurrence> occurrence;  // the default list: the occurrence shown
};
struct PrintDay {
  int day = 0;                           // weekday, 0 = Sunday
  std::optional<date::local_days> date;  // the default list: the date, in the viewer's zone
  std::vector<PrintedMeeting> meetings;
};
struct PrintOutcome {
  FinderOutcome finder;   // place resolution and zone; result unused
  bool upcoming = false;  // the default list (IsUpcoming): dated days, times in the viewer's zone
  std::vector<PrintDay> days;
  bool truncated = false;  // more than kMaxPrinted matched
};
// The printable list: the finder's filters, without paging. The default list (IsUpcoming) is the
// finder's sequence, today and tomorrow in the viewer's zone, each meeting once at the time the
// finder shows; `day=any` is the whole week and a chosen day that day, each meeting under every
// day it meets, in its own local time.
PrintOutcome RunPrint(const directory::SearchIndex& index, const FinderParams& params, Instant now);

}  // namespace rn::web
