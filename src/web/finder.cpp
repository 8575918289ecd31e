#include "web/finder.h"

#include <algorithm>

#include "directory/vocabulary.h"
#include "util/text.h"

namespace rn::web {
namespace {

using directory::Attendance;
using directory::SearchQuery;

constexpr std::size_t kMaxWhereLength = 100;
constexpr int kMaxPage = 1000;

// Keeps the first error; later ones are still replaced by defaults.
void Report(Status* first, Status error) {
  if (first->ok()) *first = std::move(error);
}

// [from, to) minutes after local midnight of a time of day; night wraps past midnight.
std::pair<int, int> Window(TimeOfDay time) {
  switch (time) {
    case TimeOfDay::kMorning:
      return {5 * 60, 12 * 60};
    case TimeOfDay::kMidday:
      return {12 * 60, 17 * 60};
    case TimeOfDay::kEvening:
      return {17 * 60, 21 * 60};
    case TimeOfDay::kNight:
      return {21 * 60, 5 * 60};
    case TimeOfDay::kAny:
    case TimeOfDay::kSoon:
      break;
  }
  return {0, directory::kMinutesPerDay};
}

// Every filter except day and time, and where the search is centred.
SearchQuery BaseQuery(const FinderParams& params, const FinderOutcome& outcome) {
  SearchQuery query;
  query.at = outcome.at;
  query.viewer_zone = outcome.viewer_zone;
  query.types = params.types;
  query.fellowship = params.approach;
  query.language = params.language;
  if (params.online_only) {
    query.attendance = {Attendance::kOnline};  // online also matches hybrid
  } else if (params.mode) {
    query.attendance = {*params.mode};
  }
  if (outcome.has_location) {
    if (outcome.where_state == WhereState::kPlace) {
      query.latitude = outcome.place->latitude;
      query.longitude = outcome.place->longitude;
    } else {
      query.latitude = params.latitude;
      query.longitude = params.longitude;
    }
    query.radius_km = params.distance_miles * kKmPerMile;
  }
  query.sort = directory::SortOrder::kNext;
  return query;
}

// The default list's window: in progress at `at`, or starting before the end of tomorrow in the
// viewer's zone.
void LimitToUpcoming(const FinderOutcome& outcome, SearchQuery* query) {
  query->until = directory::StartOfLocalDay(outcome.at, outcome.viewer_zone, kUpcomingDays);
}

// Place, zone and instant: everything RunFinder and RunPrint share.
FinderOutcome Resolve(const directory::SearchIndex& index, const FinderParams& params,
                      Instant now) {
  FinderOutcome outcome;
  outcome.at = params.at.value_or(now);
  WhereResolution where =
      ResolveWhere(index.Places(), params.where, params.latitude && params.longitude);
  outcome.where_state = where.state;
  outcome.place = where.place;
  outcome.choices = std::move(where.choices);
  // Online meetings are for anyone anywhere: "online only" drops the distance.
  outcome.has_location = !params.online_only && (outcome.where_state == WhereState::kNearMe ||
                                                 outcome.where_state == WhereState::kPlace);
  outcome.viewer_zone = params.viewer_zone;
  if (!outcome.viewer_zone && outcome.place) {
    outcome.viewer_zone = directory::FindZone(outcome.place->timezone);
  }
  if (!outcome.viewer_zone) outcome.viewer_zone = index.PrevailingZone();
  if (!outcome.viewer_zone) outcome.viewer_zone = directory::FindZone("UTC");
  outcome.today = directory::ToLocalDayMinute(outcome.at, outcome.viewer_zone).day;
  outcome.local_today = date::floor<date::days>(outcome.viewer_zone->to_local(outcome.at));
  outcome.searched =
      outcome.where_state != WhereState::kAmbiguous && outcome.where_state != WhereState::kUnknown;
  return outcome;
}

}  // namespace

void ParsePlace(const Form& form, std::string* where, std::optional<double>* latitude,
                std::optional<double>* longitude, Status* error) {
  if (auto typed = form.Get("where")) {
    if (typed->size() > kMaxWhereLength) {
      Report(error, Status::Invalid("where", "is longer than 100 characters"));
    } else {
      *where = std::move(*typed);
    }
  }
  const auto lat = form.Get("lat"), lng = form.Get("lng");
  if (lat || lng) {
    const auto parsed_latitude = lat ? text::ParseNumber(*lat, -90.0, 90.0) : std::nullopt;
    const auto parsed_longitude = lng ? text::ParseNumber(*lng, -180.0, 180.0) : std::nullopt;
    if (!parsed_latitude || !parsed_longitude) {
      Report(error, Status::Invalid(parsed_latitude ? "lng" : "lat",
                                    "must be decimal degrees, given with the other coordinate"));
    } else {
      *latitude = parsed_latitude;
      *longitude = parsed_longitude;
    }
  }
}

void ParseDistancePageAndInstant(const Form& form, int* distance_miles, int* page,
                                 std::optional<Instant>* at, Status* error) {
  if (auto distance = form.Get("distance")) {
    const auto miles = text::ParseNumber(*distance, 1, 50);
    if (!miles || std::find(kDistanceChoicesMiles.begin(), kDistanceChoicesMiles.end(), *miles) ==
                      kDistanceChoicesMiles.end()) {
      Report(error, Status::Invalid("distance", "must be 1, 2, 5, 10, 25 or 50 miles"));
    } else {
      *distance_miles = *miles;
    }
  }
  if (auto page_text = form.Get("page")) {
    const auto number = text::ParseNumber(*page_text, 1, kMaxPage);
    if (!number) {
      Report(error, Status::Invalid("page", "must be a page number from 1 to 1000"));
    } else {
      *page = *number;
    }
  }
  if (auto at_text = form.Get("at")) {
    auto instant = directory::ParseRfc3339(*at_text);
    if (!instant.ok()) {
      Report(error, Status::Invalid("at", "must be an RFC 3339 date and time"));
    } else {
      *at = *instant;
    }
  }
}

WhereResolution ResolveWhere(const directory::PlaceIndex& places, const std::string& where,
                             bool near_me) {
  WhereResolution resolution;
  if (near_me) {
    resolution.state = WhereState::kNearMe;
  } else if (!where.empty()) {
    resolution.choices = places.Find(where);
    if (resolution.choices.empty()) {
      resolution.state = WhereState::kUnknown;
    } else if (resolution.choices.size() == 1) {
      resolution.state = WhereState::kPlace;
      resolution.place = resolution.choices.front();
      resolution.choices.clear();
    } else {
      resolution.state = WhereState::kAmbiguous;
    }
  }
  return resolution;
}

ParsedFinder ParseFinderParams(const Form& form) {
  ParsedFinder parsed;
  FinderParams& params = parsed.params;
  Status& error = parsed.error;

  ParsePlace(form, &params.where, &params.latitude, &params.longitude, &error);
  if (auto online = form.Get("online")) {
    if (*online == "1") {
      params.online_only = true;
    } else {
      Report(&error, Status::Invalid("online", "must be 1"));
    }
  }
  if (auto day = form.Get("day")) {
    if (*day == "any") {
      params.any_day = true;
    } else if (*day != "today") {
      params.day = text::ParseNumber(*day, 0, 6);
      if (!params.day) Report(&error, Status::Invalid("day", "must be today, any or 0–6"));
    }
  }
  if (auto time = form.Get("time")) {
    static constexpr std::pair<std::string_view, TimeOfDay> kTimes[] = {
        {"morning", TimeOfDay::kMorning},
        {"midday", TimeOfDay::kMidday},
        {"evening", TimeOfDay::kEvening},
        {"night", TimeOfDay::kNight},
        {"soon", TimeOfDay::kSoon}};
    const auto found = std::find_if(std::begin(kTimes), std::end(kTimes),
                                    [&](const auto& entry) { return entry.first == *time; });
    if (found == std::end(kTimes)) {
      Report(&error, Status::Invalid("time", "must be morning, midday, evening, night or soon"));
    } else {
      params.time = found->second;
    }
  }
  for (std::string& type : form.GetAll("type")) {
    if (type.size() > 10 || !directory::Vocabulary::Get().Find(type)) {
      Report(&error, Status::Invalid("type", "is not a known meeting type"));
    } else if (std::find(params.types.begin(), params.types.end(), type) == params.types.end()) {
      params.types.push_back(std::move(type));
    }
  }
  if (auto approach = form.Get("approach")) {
    if (!directory::FindFellowship(*approach)) {
      Report(&error, Status::Invalid("approach", "is not a known approach"));
    } else {
      params.approach = std::move(*approach);
    }
  }
  if (auto language = form.Get("language")) {
    const bool valid =
        language->size() == 2 && std::all_of(language->begin(), language->end(),
                                             [](char c) { return c >= 'a' && c <= 'z'; });
    if (!valid) {
      Report(&error, Status::Invalid("language", "must be a two-letter language code"));
    } else {
      params.language = std::move(*language);
    }
  }
  if (auto mode = form.Get("mode")) {
    params.mode = directory::ParseAttendance(*mode);
    if (!params.mode || *params.mode == Attendance::kInactive) {
      params.mode.reset();
      Report(&error, Status::Invalid("mode", "must be in_person, online or hybrid"));
    }
  }
  ParseDistancePageAndInstant(form, &params.distance_miles, &params.page, &params.at, &error);
  if (auto tz = form.Get("tz")) {
    params.viewer_zone = directory::FindZone(*tz);
    if (!params.viewer_zone) Report(&error, Status::Invalid("tz", "is not a known time zone"));
  }
  return parsed;
}

FinderOutcome RunFinder(const directory::SearchIndex& index, const FinderParams& params,
                        Instant now) {
  FinderOutcome outcome = Resolve(index, params, now);
  if (!outcome.searched) return outcome;

  SearchQuery query = BaseQuery(params, outcome);
  SearchQuery in_progress = query;
  in_progress.open_now = true;
  in_progress.limit = 0;
  outcome.in_progress = index.Search(in_progress).total;

  if (params.time == TimeOfDay::kSoon) {
    query.starts_within_minutes = kSoonMinutes;
    query.or_in_progress = true;
  } else if (IsUpcoming(params)) {
    // What is on now or still to come today, not what ended this morning, then on past midnight.
    LimitToUpcoming(outcome, &query);
  } else {
    if (!params.any_day) query.days = {params.day.value_or(outcome.today)};
    if (params.time != TimeOfDay::kAny) {
      std::tie(query.time_from, query.time_to) = Window(params.time);
    }
  }
  query.offset = (static_cast<std::size_t>(params.page) - 1) * kResultsPerPage;
  query.limit = kResultsPerPage;
  outcome.result = index.Search(query);
  outcome.pages = (outcome.result.total + kResultsPerPage - 1) / kResultsPerPage;
  return outcome;
}

bool IsUpcoming(const FinderParams& params) {
  return !params.any_day && !params.day && params.time == TimeOfDay::kAny;
}

std::optional<date::local_days> ListedDay(const std::optional<directory::Occurrence>& occurrence,
                                          Instant at, const date::time_zone* zone) {
  if (!occurrence) return std::nullopt;
  const Instant shown = std::max(occurrence->start, at);
  return date::floor<date::days>(zone->to_local(shown));
}

std::vector<ResultDay> GroupByDay(const std::vector<directory::SearchHit>& hits, Instant at,
                                  const date::time_zone* zone) {
  std::vector<ResultDay> days;
  for (std::size_t rank = 0; rank < hits.size(); ++rank) {
    const std::optional<date::local_days> day = ListedDay(hits[rank].next, at, zone);
    if (days.empty() || days.back().day != day) days.push_back({day, rank, rank});
    days.back().end = rank + 1;
  }
  return days;
}

PrintOutcome RunPrint(const directory::SearchIndex& index, const FinderParams& params,
                      Instant now) {
  PrintOutcome print;
  print.finder = Resolve(index, params, now);
  if (!print.finder.searched) return print;
  if (IsUpcoming(params)) {
    // The finder's own list, without paging: the same query, so the same sequence.
    print.upcoming = true;
    SearchQuery query = BaseQuery(params, print.finder);
    LimitToUpcoming(print.finder, &query);
    query.limit = kMaxPrinted + 1;
    directory::SearchResult result = index.Search(query);
    print.truncated = result.total > kMaxPrinted;
    if (result.hits.size() > kMaxPrinted) result.hits.resize(kMaxPrinted);
    const date::time_zone* zone = print.finder.viewer_zone;
    for (const ResultDay& day : GroupByDay(result.hits, print.finder.at, zone)) {
      PrintDay& printed = print.days.emplace_back();
      printed.date = day.day;  // every hit has an occurrence: the window is a time filter
      if (day.day) printed.day = static_cast<int>(date::weekday(*day.day).c_encoding());
      for (std::size_t rank = day.begin; rank < day.end; ++rank) {
        const directory::SearchHit& hit = result.hits[rank];
        printed.meetings.push_back({hit.index, {}, hit.distance_km, hit.next});
      }
    }
    return print;
  }
  SearchQuery query = BaseQuery(params, print.finder);
  query.viewer_zone = nullptr;  // the paper list reads each meeting's own day and time
  query.sort = directory::SortOrder::kName;
  query.limit = kMaxPrinted + 1;
  // The finder's day: the chosen one, every day for `day=any`, else today (a time of day today).
  const std::optional<int> only_day =
      params.any_day ? std::nullopt : std::optional<int>(params.day.value_or(print.finder.today));
  if (only_day) query.days = {*only_day};
  const directory::SearchResult result = index.Search(query);
  print.truncated = result.total > kMaxPrinted;

  const std::pair<int, int> window = Window(params.time);
  print.days.resize(7);
  for (int day = 0; day < 7; ++day) print.days[day].day = day;
  for (std::size_t rank = 0; rank < std::min(result.hits.size(), kMaxPrinted); ++rank) {
    const directory::SearchHit& hit = result.hits[rank];
    for (const directory::Slot& slot : index.Schedule(hit.index)) {
      if (only_day && slot.day != *only_day) continue;
      if (!directory::InDayWindow(slot.start_minute, window.first, window.second)) continue;
      print.days[slot.day].meetings.push_back({hit.index, slot, hit.distance_km, std::nullopt});
    }
  }
  for (PrintDay& day : print.days) {
    // Listings arrive in name order; a stable sort keeps it within a start time.
    std::stable_sort(day.meetings.begin(), day.meetings.end(),
                     [](const PrintedMeeting& a, const PrintedMeeting& b) {
                       return a.slot.start_minute < b.slot.start_minute;
                     });
  }
  std::erase_if(print.days, [](const PrintDay& day) { return day.meetings.empty(); });
  return print;
}

}  // namespace rn::web
