#include "api/meetings_query.h"

#include <charconv>

#include "api/query_params.h"
#include "directory/vocabulary.h"

namespace rn::api {
namespace {

using directory::SearchQuery;

constexpr std::string_view kCursorPrefix = "rn1.";
constexpr std::size_t kMaxTextLength = 200;

// Reads `at` and `tz`, shared by the search and the single-meeting view.
Status TakeAtAndZone(QueryParams& params, Instant now, Instant* at,
                     const date::time_zone** viewer_zone) {
  *at = now;
  if (auto raw = params.Take("at")) {
    auto parsed = directory::ParseRfc3339(*raw);
    if (!parsed.ok()) return Status::Invalid("at", parsed.status().message());
    *at = *parsed;
  }
  if (auto raw = params.Take("tz")) {
    *viewer_zone = directory::FindZone(*raw);
    if (*viewer_zone == nullptr) {
      return Status::Invalid("tz", "is not a known IANA time zone such as America/Chicago");
    }
  }
  return Status::Ok();
}

Status TakeTime(QueryParams& params, const std::string& name, std::optional<int>* out) {
  auto raw = params.Take(name);
  if (!raw) return Status::Ok();
  *out = directory::ParseHhMm(*raw);
  if (!*out) return Status::Invalid(name, "must be a time HH:MM from 00:00 to 23:59");
  return Status::Ok();
}

Status TakeTypes(QueryParams& params, const std::string& name, std::vector<std::string>* out) {
  auto list = params.TakeList(name);
  if (!list.ok()) return list.status();
  for (const std::string& item : *list)
    out->push_back(directory::Vocabulary::Get().NormalizeType(item));
  return Status::Ok();
}

}  // namespace

std::string EncodeCursor(std::size_t offset) {
  return std::string(kCursorPrefix) + std::to_string(offset);
}

std::optional<std::size_t> DecodeCursor(std::string_view cursor) {
  if (!cursor.starts_with(kCursorPrefix)) return std::nullopt;
  cursor.remove_prefix(kCursorPrefix.size());
  std::size_t offset = 0;
  auto [ptr, ec] = std::from_chars(cursor.data(), cursor.data() + cursor.size(), offset);
  if (cursor.empty() || ec != std::errc() || ptr != cursor.data() + cursor.size())
    return std::nullopt;
  return offset;
}

Result<SearchQuery> ParseMeetingsQuery(std::string_view query_string, Instant now) {
  RN_ASSIGN_OR_RETURN(params, QueryParams::Parse(query_string));
  SearchQuery query;
  RN_RETURN_IF_ERROR(TakeAtAndZone(params, now, &query.at, &query.viewer_zone));

  RN_ASSIGN_OR_RETURN(lat, params.TakeDouble("lat", -90, 90));
  RN_ASSIGN_OR_RETURN(lng, params.TakeDouble("lng", -180, 180));
  if (lat.has_value() != lng.has_value()) {
    return lat ? Status::Invalid("lat", "needs lng too") : Status::Invalid("lng", "needs lat too");
  }
  query.latitude = lat;
  query.longitude = lng;
  RN_ASSIGN_OR_RETURN(radius, params.TakeDouble("radius_km", 0, 1000));
  if (radius) {
    if (*radius <= 0) return Status::Invalid("radius_km", "must be more than 0 and at most 1000");
    if (!lat) return Status::Invalid("radius_km", "needs lat and lng");
    query.radius_km = radius;
  }

  RN_ASSIGN_OR_RETURN(days, params.TakeList("day"));
  for (const std::string& day : days) {
    if (day.size() != 1 || day[0] < '0' || day[0] > '6') {
      return Status::Invalid("day", "must be weekday numbers 0-6 (0 = Sunday), comma-separated");
    }
    query.days.push_back(day[0] - '0');
  }
  RN_RETURN_IF_ERROR(TakeTime(params, "time_from", &query.time_from));
  RN_RETURN_IF_ERROR(TakeTime(params, "time_to", &query.time_to));
  RN_ASSIGN_OR_RETURN(open_now, params.TakeBool("open_now"));
  query.open_now = open_now.value_or(false);
  RN_ASSIGN_OR_RETURN(starts_within,
                      params.TakeInt("starts_within", 1, directory::kMinutesPerWeek));
  query.starts_within_minutes = starts_within;
  if (auto until = params.Take("until")) {
    if (starts_within) return Status::Invalid("until", "cannot be combined with starts_within");
    if (*until == "end_of_today" || *until == "end_of_tomorrow") {
      if (!query.viewer_zone)
        return Status::Invalid("until", "end_of_today and end_of_tomorrow need tz");
      query.until =
          directory::StartOfLocalDay(query.at, query.viewer_zone, *until == "end_of_today" ? 1 : 2);
    } else {
      auto instant = directory::ParseRfc3339(*until);
      if (!instant.ok()) {
        return Status::Invalid(
            "until", "must be end_of_today, end_of_tomorrow or an RFC 3339 date and time");
      }
      query.until = *instant;
    }
  }

  RN_RETURN_IF_ERROR(TakeTypes(params, "types", &query.types));
  RN_RETURN_IF_ERROR(TakeTypes(params, "exclude_types", &query.exclude_types));
  RN_ASSIGN_OR_RETURN(attendance, params.TakeList("attendance"));
  for (const std::string& item : attendance) {
    auto parsed = directory::ParseAttendance(item);
    if (!parsed || *parsed == directory::Attendance::kInactive) {
      return Status::Invalid("attendance", "must be in_person, online or hybrid, comma-separated");
    }
    query.attendance.push_back(*parsed);
  }
  RN_ASSIGN_OR_RETURN(include_inactive, params.TakeBool("include_inactive"));
  query.include_inactive = include_inactive.value_or(false);

  if (auto language = params.Take("language")) {
    if (language->size() != 2 || !std::islower(static_cast<unsigned char>((*language)[0])) ||
        !std::islower(static_cast<unsigned char>((*language)[1]))) {
      return Status::Invalid("language", "must be a two-letter ISO 639-1 code such as es");
    }
    query.language = *language;
  }
  if (auto text = params.Take("q")) {
    if (text->size() > kMaxTextLength) return Status::Invalid("q", "is longer than 200 characters");
    query.text = *text;
  }
  query.source = params.Take("source").value_or("");
  query.fellowship = params.Take("fellowship").value_or("");

  if (auto sort = params.Take("sort")) {
    if (*sort == "distance") {
      if (!query.latitude) return Status::Invalid("sort", "distance needs lat and lng");
      query.sort = directory::SortOrder::kDistance;
    } else if (*sort == "next") {
      query.sort = directory::SortOrder::kNext;
    } else if (*sort == "name") {
      query.sort = directory::SortOrder::kName;
    } else {
      return Status::Invalid("sort", "must be distance, next or name");
    }
  }
  RN_ASSIGN_OR_RETURN(limit, params.TakeInt("limit", 1, static_cast<int>(kMaxLimit)));
  query.limit = limit ? static_cast<std::size_t>(*limit) : kDefaultLimit;
  if (auto cursor = params.Take("cursor")) {
    auto offset = DecodeCursor(*cursor);
    if (!offset) return Status::Invalid("cursor", "is not a cursor this server gave out");
    query.offset = *offset;
  }
  RN_RETURN_IF_ERROR(params.RejectUnknown());
  return query;
}

Result<MeetingViewParams> ParseMeetingViewQuery(std::string_view query_string, Instant now) {
  RN_ASSIGN_OR_RETURN(params, QueryParams::Parse(query_string));
  MeetingViewParams view;
  RN_RETURN_IF_ERROR(TakeAtAndZone(params, now, &view.at, &view.viewer_zone));
  RN_RETURN_IF_ERROR(params.RejectUnknown());
  return view;
}

}  // namespace rn::api
