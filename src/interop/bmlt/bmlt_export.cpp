// The BMLT semantic API over the search snapshot. Rules: docs/contracts/directory.md ("BMLT
// semantic API, served"), docs/bmlt.md.
//
// Details settled here:
// - Every BMLT meeting is prepared once per snapshot: its row is rendered, and what the filters
//   need (weekday, start, venue type, service body, format ids, coordinates) is read back from that
//   row, so a filter always agrees with what is served. Rows are rendered again for the meetings a
//   request returns; nothing but those compact fields is held per meeting.
// - A BMLT-origin listing is matched to its row by source and slug (id_bigint). Its import-time
//   listing is made again by parsing the kept documents with the source's recorded zone and
//   fellowship; a field group whose listing fields equal the import-time ones is served from the
//   row, else mapped (ids, service body and the fields no group maps are always the row's).
// - contact_* fields are never served: the importer treats them as service contacts, not public.

#include "interop/bmlt/bmlt_export.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <map>
#include <numbers>
#include <set>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "directory/vocabulary.h"
#include "interop/bmlt/bmlt.h"
#include "interop/import_rules.h"
#include "util/text.h"

namespace rn::interop::bmlt {

namespace json = boost::json;
using directory::Attendance;
using directory::Listing;

namespace {

constexpr double kKmPerMile = 1.609344;
constexpr int kMaxSlotsServed = 64;

// ---- Parameters ----

// The values of `name` (and of `name[]`), each split on commas, trimmed, empty items dropped;
// nullopt when the parameter is absent.
std::optional<std::vector<std::string>> ListOf(const QueryPairs& query, std::string_view name) {
  std::optional<std::vector<std::string>> values;
  for (const auto& [key, value] : query) {
    const std::string_view bare =
        key.ends_with("[]") ? std::string_view(key).substr(0, key.size() - 2) : key;
    if (bare != name) continue;
    if (!values) values.emplace();
    for (std::string_view item : text::SplitCommas(value)) {
      item = text::Trim(item);
      if (!item.empty()) values->emplace_back(item);
    }
  }
  return values;
}

// The last value of `name`, trimmed; nullopt when absent.
std::optional<std::string> ValueOf(const QueryPairs& query, std::string_view name) {
  std::optional<std::string> found;
  for (const auto& [key, value] : query) {
    if (key == name) found = std::string(text::Trim(value));
  }
  return found;
}

std::string Quoted(std::string_view value) { return QuoteForReason(value); }

Result<IdFilter> IdsOf(const QueryPairs& query, std::string_view name, std::int64_t max,
                       std::string_view what) {
  IdFilter filter;
  const auto items = ListOf(query, name);
  if (!items) return filter;
  for (const std::string& item : *items) {
    const auto value = text::ParseNumber<std::int64_t>(item, -max, max);
    if (!value || *value == 0) {
      return Status::Invalid(std::string(name), Quoted(item) + " is not " + std::string(what));
    }
    (*value > 0 ? filter.include : filter.exclude).push_back(*value > 0 ? *value : -*value);
  }
  return filter;
}

// "0"/"1" (absent: false).
Result<bool> FlagOf(const QueryPairs& query, std::string_view name) {
  const auto value = ValueOf(query, name);
  if (!value || *value == "0" || value->empty()) return false;
  if (*value == "1") return true;
  return Status::Invalid(std::string(name), Quoted(*value) + " is not 0 or 1");
}

Result<std::optional<double>> NumberOf(const QueryPairs& query, std::string_view name, double min,
                                       double max) {
  const auto value = ValueOf(query, name);
  if (!value) return std::optional<double>();
  const auto number = text::ParseNumber<double>(*value, min, max);
  if (!number) {
    return Status::Invalid(std::string(name), Quoted(*value) + " is not a number from " +
                                                  std::to_string(static_cast<long long>(min)) +
                                                  " to " +
                                                  std::to_string(static_cast<long long>(max)));
  }
  return std::optional<double>(*number);
}

Result<std::optional<int>> IntOf(const QueryPairs& query, std::string_view name, int min, int max) {
  const auto value = ValueOf(query, name);
  if (!value) return std::optional<int>();
  const auto number = text::ParseNumber<int>(*value, min, max);
  if (!number) {
    return Status::Invalid(std::string(name), Quoted(*value) + " is not a whole number from " +
                                                  std::to_string(min) + " to " +
                                                  std::to_string(max));
  }
  return std::optional<int>(*number);
}

// StartsAfterH/StartsAfterM and the like, as minutes after midnight.
Result<std::optional<int>> ClockOf(const QueryPairs& query, std::string_view prefix) {
  const std::string hour_name = std::string(prefix) + "H";
  const std::string minute_name = std::string(prefix) + "M";
  RN_ASSIGN_OR_RETURN(hour, IntOf(query, hour_name, 0, 23));
  RN_ASSIGN_OR_RETURN(minute, IntOf(query, minute_name, 0, 59));
  if (!hour && !minute) return std::optional<int>();
  return std::optional<int>(hour.value_or(0) * 60 + minute.value_or(0));
}

bool IsFieldName(std::string_view name) {
  return !name.empty() && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<std::vector<std::string>> FieldNamesOf(const QueryPairs& query, std::string_view name) {
  auto items = ListOf(query, name);
  if (!items) return std::vector<std::string>();
  for (const std::string& item : *items) {
    if (!IsFieldName(item)) {
      return Status::Invalid(std::string(name), Quoted(item) + " is not a field name");
    }
  }
  return std::move(*items);
}

Result<std::string> LangOf(const QueryPairs& query) {
  const auto value = ValueOf(query, "lang_enum");
  if (!value || value->empty()) return std::string("en");
  const bool ok = value->size() <= 8 && std::all_of(value->begin(), value->end(), [](char c) {
                    return (c >= 'a' && c <= 'z') || c == '-' || c == '_';
                  });
  if (!ok) return Status::Invalid("lang_enum", Quoted(*value) + " is not a language code");
  return *value;
}

// ---- Rendering ----

std::string Two(int value) {
  std::string out = std::to_string(value);
  return out.size() < 2 ? "0" + out : out;
}

// "HH:MM:00".
std::string ClockText(int minutes) { return Two(minutes / 60) + ":" + Two(minutes % 60) + ":00"; }

std::string DecimalText(double value) {
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, written.ptr);
}

std::string FixedText(double value, int precision) {
  char buffer[64];
  const auto written =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, precision);
  return std::string(buffer, written.ptr);
}

// The 64-bit value of a listing's id (16 hex digits).
std::uint64_t IdValue(std::string_view id) {
  std::uint64_t value = 0;
  std::from_chars(id.data(), id.data() + id.size(), value, 16);
  return value;
}

// A mapped meeting's id_bigint: 40 bits of the listing's id, then the slot (0–63).
std::int64_t MappedMeetingId(std::string_view listing_id, int slot) {
  return static_cast<std::int64_t>((IdValue(listing_id) >> 24) * kMaxSlotsServed +
                                   static_cast<std::uint64_t>(slot));
}

// The service body of a source that is not from BMLT: 100000000 + the source's FNV-1a mod 9e8.
std::int64_t SourceServiceBodyId(std::string_view source) {
  return 100000000 +
         static_cast<std::int64_t>(IdValue(directory::MakeListingId(source, "")) % 900000000);
}

std::int64_t IntOfText(std::string_view text) {
  std::int64_t value = 0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  return result.ec == std::errc() ? value : 0;
}

const char* VenueTypeOf(Attendance attendance) {
  switch (attendance) {
    case Attendance::kOnline:
      return "2";
    case Attendance::kHybrid:
      return "3";
    case Attendance::kInPerson:
    case Attendance::kInactive:
      break;
  }
  return "1";
}

std::string FormatTypeOf(std::string_view code) {
  if (code == "O" || code == "C") return "O";
  if (!directory::Vocabulary::Get().LanguageOfType(code).empty()) return "LANG";
  return "FC3";
}

// Field groups: the listing fields each maps from, and the row keys it fills.
enum Group { kName, kSchedule, kFormats, kVenue, kLocation, kComments, kVirtual, kGroupCount };

bool GroupEqual(Group group, const Listing& a, const Listing& b) {
  switch (group) {
    case kName:
      return a.name == b.name;
    case kSchedule:
      return a.schedule == b.schedule && a.timezone == b.timezone;
    case kFormats:
      return a.types == b.types && a.languages == b.languages;
    case kVenue:
      return a.attendance == b.attendance;
    case kLocation:
      return a.location == b.location;
    case kComments:
      return a.notes == b.notes;
    case kVirtual:
      return a.conference == b.conference;
    case kGroupCount:
      break;
  }
  return true;
}

constexpr std::string_view kGroupKeys[kGroupCount][10] = {
    {"meeting_name"},
    {"weekday_tinyint", "start_time", "duration_time", "time_zone"},
    {"formats", "format_shared_id_list", "lang_enum"},
    {"venue_type"},
    {"location_text", "location_info", "location_street", "location_municipality",
     "location_province", "location_postal_code_1", "location_nation", "latitude", "longitude"},
    {"comments"},
    {"virtual_meeting_link", "virtual_meeting_additional_info", "phone_meeting_number"},
};

// A listing's slot as a mapped SemanticMeeting, every value a string.
json::object MappedRow(const Listing& listing, int slot_index, std::int64_t id,
                       std::int64_t service_body) {
  const directory::Slot& slot = listing.schedule[static_cast<std::size_t>(slot_index)];
  std::string format_keys, format_ids;
  for (const std::string& code : listing.types) {
    if (directory::Vocabulary::Get().Find(code) == nullptr) continue;
    if (!format_keys.empty()) {
      format_keys += ',';
      format_ids += ',';
    }
    format_keys += code;
    format_ids += std::to_string(VocabularyFormatId(code));
  }
  const directory::Location& location = listing.location;
  json::object row;
  row["id_bigint"] = std::to_string(id);
  row["worldid_mixed"] = "";
  row["shared_group_id_bigint"] = "";
  row["service_body_bigint"] = std::to_string(service_body);
  row["weekday_tinyint"] = std::to_string(slot.day + 1);
  row["venue_type"] = VenueTypeOf(listing.attendance);
  row["start_time"] = ClockText(slot.start_minute);
  row["duration_time"] = ClockText(slot.duration_minutes);
  row["time_zone"] = listing.timezone;
  row["formats"] = format_keys;
  row["lang_enum"] = listing.languages.empty() ? std::string("en") : listing.languages.front();
  row["longitude"] = location.longitude ? DecimalText(*location.longitude) : std::string();
  row["latitude"] = location.latitude ? DecimalText(*location.latitude) : std::string();
  row["meeting_name"] = listing.name;
  row["location_text"] = location.name;
  row["location_info"] = location.notes;
  row["location_street"] = location.address;
  row["location_city_subsection"] = "";
  row["location_neighborhood"] = "";
  row["location_municipality"] = location.city;
  row["location_sub_province"] = "";
  row["location_province"] = location.state;
  row["location_postal_code_1"] = location.postal_code;
  row["location_nation"] = location.country;
  row["comments"] = listing.notes;
  row["train_lines"] = "";
  row["bus_lines"] = "";
  row["phone_meeting_number"] = listing.conference.phone;
  row["virtual_meeting_link"] = listing.conference.url;
  row["virtual_meeting_additional_info"] = listing.conference.url_notes;
  row["format_shared_id_list"] = format_ids;
  row["published"] = "1";
  return row;
}

// A row's value as text ("" when absent).
std::string_view TextAt(const json::object& row, std::string_view key) {
  const json::value* value = row.if_contains(key);
  if (value == nullptr) return {};
  if (const json::string* text = value->if_string()) return *text;
  return {};
}

// A kept document's value as it is served: strings as they are, other scalars as text.
json::value AsServed(const json::value& value) {
  if (value.is_string()) return value;
  if (value.is_null()) return json::string();
  if (value.is_object() || value.is_array()) return value;
  return json::string(JsonText(value));
}

json::object ServedRow(const json::object& row) {
  json::object served;
  for (const auto& field : row) {
    if (field.key().starts_with("contact_")) continue;
    served[field.key()] = AsServed(field.value());
  }
  return served;
}

double HaversineKm(double lat1, double lng1, double lat2, double lng2) {
  constexpr double kRad = std::numbers::pi / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlng = (lng2 - lng1) * kRad;
  const double a =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlng / 2) * std::sin(dlng / 2);
  return 2 * directory::kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// Sort comparison of two field values: numerically when both are numbers, else as text.
int CompareValues(std::string_view a, std::string_view b) {
  const auto number_a = text::ParseNumber<double>(a, -1e300, 1e300);
  const auto number_b = text::ParseNumber<double>(b, -1e300, 1e300);
  if (number_a && number_b) return *number_a < *number_b ? -1 : (*number_b < *number_a ? 1 : 0);
  return a.compare(b) < 0 ? -1 : (a == b ? 0 : 1);
}

bool Passes(const IdFilter& filter, std::int64_t value) {
  if (!filter.include.empty() &&
      std::find(filter.include.begin(), filter.include.end(), value) == filter.include.end()) {
    return false;
  }
  return std::find(filter.exclude.begin(), filter.exclude.end(), value) == filter.exclude.end();
}

}  // namespace

std::int64_t VocabularyFormatId(std::string_view code) {
  std::uint32_t hash = 2166136261u;
  for (const char c : code) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return 100000 + static_cast<std::int64_t>(hash % 900000);
}

// ---- Parameter parsers ----

// Sets `target` to the value of the Result `expr`, or returns its Status when it is not OK.
#define ASSIGN_OR_RETURN(target, expr)                        \
  do {                                                        \
    auto assign_result_ = (expr);                             \
    if (!assign_result_.ok()) return assign_result_.status(); \
    target = std::move(assign_result_).value();               \
  } while (false)

Result<SearchParams> ParseSearchParams(const QueryPairs& query) {
  SearchParams params;
  ASSIGN_OR_RETURN(params.meeting_ids,
                   IdsOf(query, "meeting_ids", INT64_MAX, "a meeting id (or its negative)"));
  ASSIGN_OR_RETURN(params.weekdays,
                   IdsOf(query, "weekdays", 7, "a weekday 1-7 (or -1 to -7 to exclude)"));
  ASSIGN_OR_RETURN(params.venue_types,
                   IdsOf(query, "venue_types", 3, "a venue type 1-3 (or -1 to -3 to exclude)"));
  ASSIGN_OR_RETURN(params.formats,
                   IdsOf(query, "formats", INT64_MAX, "a format id (or its negative)"));
  if (const auto op = ValueOf(query, "formats_comparison_operator"); op && !op->empty()) {
    const std::string upper = *op == "or" ? "OR" : (*op == "and" ? "AND" : *op);
    if (upper != "AND" && upper != "OR") {
      return Status::Invalid("formats_comparison_operator", Quoted(*op) + " is not AND or OR");
    }
    params.formats_any = upper == "OR";
  }
  ASSIGN_OR_RETURN(params.services,
                   IdsOf(query, "services", INT64_MAX, "a service body id (or its negative)"));
  ASSIGN_OR_RETURN(params.recursive, FlagOf(query, "recursive"));

  ASSIGN_OR_RETURN(params.latitude, NumberOf(query, "lat_val", -90, 90));
  ASSIGN_OR_RETURN(params.longitude, NumberOf(query, "long_val", -180, 180));
  RN_ASSIGN_OR_RETURN(miles, NumberOf(query, "geo_width", -1e6, 1e6));
  RN_ASSIGN_OR_RETURN(km, NumberOf(query, "geo_width_km", -1e6, 1e6));
  ASSIGN_OR_RETURN(params.sort_by_distance, FlagOf(query, "sort_results_by_distance"));
  if (params.latitude.has_value() != params.longitude.has_value()) {
    return Status::Invalid(params.latitude ? "long_val" : "lat_val",
                           "lat_val and long_val go together");
  }
  if (miles && km)
    return Status::Invalid("geo_width_km", "give geo_width or geo_width_km, not both");
  if ((miles || km) && !params.latitude) {
    return Status::Invalid(miles ? "geo_width" : "geo_width_km", "needs lat_val and long_val");
  }
  if (params.sort_by_distance && !params.latitude) {
    return Status::Invalid("sort_results_by_distance", "needs lat_val and long_val");
  }
  if (miles || km) {
    const double width = miles ? *miles : *km;
    const char* name = miles ? "geo_width" : "geo_width_km";
    if (width < 0) {
      if (width != std::floor(width)) {
        return Status::Invalid(name, "a negative width (auto radius) must be a whole number");
      }
      params.nearest = static_cast<int>(-width);
    } else {
      params.radius_km = miles ? width * kKmPerMile : width;
    }
  }

  if (auto text = ValueOf(query, "SearchString")) {
    const bool numeric = text::ParseNumber<double>(*text, -1e300, 1e300).has_value();
    if (text::CodePointCount(*text) > 2 || numeric) params.search_string = std::move(*text);
  }
  RN_ASSIGN_OR_RETURN(address, FlagOf(query, "StringSearchIsAnAddress"));
  if (address) {
    return Status::Invalid("StringSearchIsAnAddress",
                           "is not supported: this server has no geocoder (search with lat_val "
                           "and long_val)");
  }
  ASSIGN_OR_RETURN(params.starts_after, ClockOf(query, "StartsAfter"));
  ASSIGN_OR_RETURN(params.starts_before, ClockOf(query, "StartsBefore"));
  ASSIGN_OR_RETURN(params.data_fields, FieldNamesOf(query, "data_field_key"));
  ASSIGN_OR_RETURN(params.sort_keys, FieldNamesOf(query, "sort_keys"));
  if (params.sort_keys.empty()) {
    if (const auto alias = ValueOf(query, "sort_key"); alias && !alias->empty()) {
      static const std::map<std::string, std::vector<std::string>, std::less<>> kAliases = {
          {"weekday",
           {"weekday_tinyint", "location_municipality", "location_city_subsection", "start_time",
            "location_neighborhood"}},
          {"time",
           {"weekday_tinyint", "start_time", "location_municipality", "location_city_subsection",
            "location_neighborhood"}},
          {"town",
           {"location_municipality", "location_city_subsection", "location_neighborhood",
            "weekday_tinyint", "start_time"}},
          {"state",
           {"location_province", "location_municipality", "location_city_subsection",
            "weekday_tinyint", "start_time"}},
          {"weekday_state",
           {"weekday_tinyint", "location_province", "location_municipality", "start_time",
            "location_city_subsection"}},
      };
      const auto found = kAliases.find(*alias);
      if (found == kAliases.end()) {
        return Status::Invalid("sort_key", Quoted(*alias) +
                                               " is not one of weekday, time, town, state, "
                                               "weekday_state");
      }
      params.sort_keys = found->second;
    }
  }
  ASSIGN_OR_RETURN(params.page_size, IntOf(query, "page_size", 1, 1000000));
  RN_ASSIGN_OR_RETURN(page_num, IntOf(query, "page_num", 1, 1000000));
  params.page_num = page_num.value_or(1);
  ASSIGN_OR_RETURN(params.used_formats, FlagOf(query, "get_used_formats"));
  ASSIGN_OR_RETURN(params.formats_only, FlagOf(query, "get_formats_only"));
  ASSIGN_OR_RETURN(params.lang, LangOf(query));
  return params;
}

Result<FormatsParams> ParseFormatsParams(const QueryPairs& query) {
  FormatsParams params;
  ASSIGN_OR_RETURN(params.lang, LangOf(query));
  ASSIGN_OR_RETURN(params.show_all, FlagOf(query, "show_all"));
  ASSIGN_OR_RETURN(params.format_ids,
                   IdsOf(query, "format_ids", INT64_MAX, "a format id (or its negative)"));
  if (auto keys = ListOf(query, "key_strings")) params.key_strings = std::move(*keys);
  return params;
}

Result<ServiceBodiesParams> ParseServiceBodiesParams(const QueryPairs& query) {
  ServiceBodiesParams params;
  ASSIGN_OR_RETURN(params.services,
                   IdsOf(query, "services", INT64_MAX, "a service body id (or its negative)"));
  ASSIGN_OR_RETURN(params.recursive, FlagOf(query, "recursive"));
  ASSIGN_OR_RETURN(params.parents, FlagOf(query, "parents"));
  return params;
}

#undef ASSIGN_OR_RETURN

// ---- The catalog ----

namespace {

// What the filters need of one BMLT meeting, read from its rendered row.
struct Meeting {
  std::uint32_t listing = 0;
  std::int32_t origin = -1;  // index into Impl::origins, or -1 (mapped)
  std::uint8_t slot = 0;
  std::uint8_t weekday = 0;     // 1–7
  std::uint8_t venue_type = 0;  // 0 when the row has none
  std::int16_t start = -1;      // minutes; -1 when unreadable
  std::int16_t duration = -1;   // minutes; -1 when unreadable
  std::int64_t id = 0;
  std::int64_t service_body = 0;
  std::vector<std::int64_t> format_ids;
  std::optional<double> latitude;
  std::optional<double> longitude;
};

// A BMLT-origin listing's row and what the import made of it.
struct Origin {
  json::object row;
  Listing imported;
};

struct FormatRow {
  std::int64_t id = 0;
  std::string lang;
  std::string key;
  json::object row;
};

struct ServiceBody {
  std::int64_t id = 0;
  std::int64_t parent = 0;
  json::object row;
};

}  // namespace

struct Catalog::Impl {
  std::shared_ptr<const directory::SearchIndex> snapshot;
  Instant now;
  std::vector<Origin> origins;
  std::vector<Meeting> meetings;
  std::vector<FormatRow> formats;  // BMLT sources' first, then the vocabulary's
  std::vector<ServiceBody> bodies;
  std::unordered_set<std::int64_t> used_format_ids;

  std::set<std::string> provinces;  // of the listings' locations, for GetServerInfo

  json::object Row(const Meeting& meeting) const {
    return Row(meeting, snapshot->Get(meeting.listing));
  }
  // REQUIRES: `listing` is the meeting's.
  json::object Row(const Meeting& meeting, const Listing& listing) const;
  void AddSource(const directory::KeptBmltDocuments& kept, const directory::ImportSource* source,
                 std::unordered_map<std::string, std::unordered_map<std::string, int>>* by_slug);
  std::vector<std::int64_t> Descendants(const std::vector<std::int64_t>& ids) const;
  json::array FormatRows(const FormatsParams& params) const;
};

json::object Catalog::Impl::Row(const Meeting& meeting, const Listing& listing) const {
  if (meeting.origin < 0) {
    return MappedRow(listing, meeting.slot, MappedMeetingId(listing.id, meeting.slot),
                     SourceServiceBodyId(listing.source));
  }
  const Origin& origin = origins[static_cast<std::size_t>(meeting.origin)];
  json::object row = ServedRow(origin.row);
  const std::int64_t id = meeting.slot == 0 ? IntOfText(TextAt(row, "id_bigint"))
                                            : MappedMeetingId(listing.id, meeting.slot);
  const json::object mapped =
      MappedRow(listing, meeting.slot, id, IntOfText(TextAt(row, "service_body_bigint")));
  for (int group = 0; group < kGroupCount; ++group) {
    const bool same = GroupEqual(static_cast<Group>(group), listing, origin.imported) &&
                      !(group == kSchedule && meeting.slot != 0);
    if (same) continue;
    for (std::string_view key : kGroupKeys[group]) {
      if (key.empty()) break;
      row[key] = mapped.at(key);
    }
  }
  if (meeting.slot != 0) row["id_bigint"] = std::to_string(id);
  return row;
}

void Catalog::Impl::AddSource(
    const directory::KeptBmltDocuments& kept, const directory::ImportSource* source,
    std::unordered_map<std::string, std::unordered_map<std::string, int>>* by_slug) {
  FeedOptions options;
  options.source = kept.source;
  if (source != nullptr) {
    options.default_timezone = source->timezone;
    options.fellowship = source->fellowship;
  }
  Result<FeedParse> parse = ParseBmlt({kept.meetings, kept.formats, kept.service_bodies}, options);
  if (!parse.ok()) return;
  std::error_code error;
  const json::value meetings = json::parse(kept.meetings, error);
  const json::value format_rows = json::parse(kept.formats, error);
  const json::value body_rows = json::parse(kept.service_bodies, error);
  if (error) return;

  const json::array* rows = meetings.if_array();
  if (const json::object* envelope = meetings.if_object()) {
    if (const json::value* inner = FieldValue(*envelope, "meetings")) rows = inner->if_array();
  }
  std::unordered_map<std::string, const json::object*> first_row;
  if (rows != nullptr) {
    for (const json::value& value : *rows) {
      if (const json::object* row = value.if_object()) {
        first_row.emplace(FieldText(*row, "id_bigint"), row);
      }
    }
  }
  auto& slugs = (*by_slug)[kept.source];
  for (Listing& listing : parse->listings) {
    const auto row = first_row.find(listing.slug);
    if (row == first_row.end()) continue;
    slugs.emplace(listing.slug, static_cast<int>(origins.size()));
    origins.push_back({*row->second, std::move(listing)});
  }
  if (const json::array* list = format_rows.if_array()) {
    for (const json::value& value : *list) {
      const json::object* row = value.if_object();
      if (row == nullptr) continue;
      FormatRow format{IntOfText(FieldText(*row, "id")), FieldText(*row, "lang"),
                       FieldText(*row, "key_string"), ServedRow(*row)};
      const bool seen = std::any_of(formats.begin(), formats.end(), [&](const FormatRow& other) {
        return other.id == format.id && other.lang == format.lang;
      });
      if (!seen) formats.push_back(std::move(format));
    }
  }
  if (const json::array* list = body_rows.if_array()) {
    for (const json::value& value : *list) {
      const json::object* row = value.if_object();
      if (row == nullptr) continue;
      bodies.push_back({IntOfText(FieldText(*row, "id")), IntOfText(FieldText(*row, "parent_id")),
                        ServedRow(*row)});
    }
  }
}

std::vector<std::int64_t> Catalog::Impl::Descendants(const std::vector<std::int64_t>& ids) const {
  std::vector<std::int64_t> all = ids;
  for (std::size_t next = 0; next < all.size(); ++next) {
    for (const ServiceBody& body : bodies) {
      if (body.parent == all[next] && std::find(all.begin(), all.end(), body.id) == all.end()) {
        all.push_back(body.id);
      }
    }
  }
  return all;
}

json::array Catalog::Impl::FormatRows(const FormatsParams& params) const {
  json::array out;
  for (const FormatRow& format : formats) {
    if (format.lang != params.lang) continue;
    if (!params.show_all && !used_format_ids.contains(format.id)) continue;
    if (!Passes(params.format_ids, format.id)) continue;
    if (!params.key_strings.empty() &&
        std::find(params.key_strings.begin(), params.key_strings.end(), format.key) ==
            params.key_strings.end()) {
      continue;
    }
    out.push_back(format.row);
  }
  return out;
}

Catalog::Catalog(std::shared_ptr<const directory::SearchIndex> snapshot,
                 const std::vector<directory::KeptBmltDocuments>& kept,
                 const std::vector<directory::ImportSource>& sources, Instant now)
    : impl_(std::make_unique<Impl>()) {
  Impl& impl = *impl_;
  impl.snapshot = std::move(snapshot);
  impl.now = now;
  std::unordered_map<std::string, std::unordered_map<std::string, int>> by_slug;
  for (const directory::KeptBmltDocuments& documents : kept) {
    const auto source = std::find_if(sources.begin(), sources.end(),
                                     [&](const auto& s) { return s.source == documents.source; });
    impl.AddSource(documents, source == sources.end() ? nullptr : &*source, &by_slug);
  }
  for (const directory::TypeInfo& type : directory::Vocabulary::Get().types()) {
    for (const auto& [lang, name] : type.names) {
      json::object row;
      row["key_string"] = type.code;
      row["name_string"] = name;
      row["description_string"] = "";
      row["lang"] = lang;
      row["id"] = std::to_string(VocabularyFormatId(type.code));
      row["world_id"] = directory::Vocabulary::Get().BmltWorldIdOf(type.code);
      row["format_type_enum"] = FormatTypeOf(type.code);
      impl.formats.push_back({VocabularyFormatId(type.code), lang, type.code, std::move(row)});
    }
  }

  std::unordered_map<std::string, std::int64_t> id_of_key;
  for (const FormatRow& format : impl.formats) {
    if (format.lang == "en") id_of_key.emplace(format.key, format.id);
  }
  const directory::SearchIndex& index = *impl.snapshot;
  std::set<std::string> mapped_sources;
  for (std::uint32_t position = 0; position < index.size(); ++position) {
    const Listing listing = index.Get(position);
    int origin = -1;
    if (const auto source = by_slug.find(listing.source); source != by_slug.end()) {
      if (const auto found = source->second.find(listing.slug); found != source->second.end()) {
        origin = found->second;
      }
    }
    if (origin < 0) mapped_sources.insert(listing.source);
    if (!listing.location.state.empty()) impl.provinces.insert(listing.location.state);
    const int slots = std::min<int>(static_cast<int>(listing.schedule.size()), kMaxSlotsServed);
    for (int slot = 0; slot < slots; ++slot) {
      Meeting meeting;
      meeting.listing = position;
      meeting.origin = origin;
      meeting.slot = static_cast<std::uint8_t>(slot);
      const json::object row = impl.Row(meeting, listing);
      meeting.id = IntOfText(TextAt(row, "id_bigint"));
      meeting.weekday = static_cast<std::uint8_t>(IntOfText(TextAt(row, "weekday_tinyint")));
      meeting.venue_type = static_cast<std::uint8_t>(IntOfText(TextAt(row, "venue_type")));
      if (auto start = ParseClockTime(TextAt(row, "start_time"), false)) {
        meeting.start = static_cast<std::int16_t>(*start);
      }
      if (auto duration = ParseClockTime(TextAt(row, "duration_time"), true)) {
        meeting.duration = static_cast<std::int16_t>(*duration);
      }
      meeting.service_body = IntOfText(TextAt(row, "service_body_bigint"));
      for (std::string_view id : text::SplitCommas(TextAt(row, "format_shared_id_list"))) {
        const std::int64_t value = IntOfText(text::Trim(id));
        if (value != 0) meeting.format_ids.push_back(value);
      }
      if (TextAt(row, "format_shared_id_list").empty()) {
        // A row with format keys only: their ids, by the English key (the BMLT sources' first).
        for (std::string_view key : text::SplitCommas(TextAt(row, "formats"))) {
          const auto found = id_of_key.find(std::string(text::Trim(key)));
          if (found != id_of_key.end()) meeting.format_ids.push_back(found->second);
        }
      }
      impl.used_format_ids.insert(meeting.format_ids.begin(), meeting.format_ids.end());
      meeting.latitude = ParseDecimal(TextAt(row, "latitude"));
      meeting.longitude = ParseDecimal(TextAt(row, "longitude"));
      if (!meeting.latitude || !meeting.longitude) meeting.latitude = meeting.longitude = {};
      impl.meetings.push_back(std::move(meeting));
    }
  }
  for (const std::string& source : mapped_sources) {
    json::object row;
    row["id"] = std::to_string(SourceServiceBodyId(source));
    row["parent_id"] = "0";
    row["name"] = source;
    row["description"] = "";
    row["type"] = "AS";
    row["url"] = "";
    row["helpline"] = "";
    row["world_id"] = "";
    impl.bodies.push_back({SourceServiceBodyId(source), 0, std::move(row)});
  }
}

Catalog::~Catalog() = default;

std::size_t Catalog::size() const { return impl_->meetings.size(); }

std::string Catalog::SearchResults(const SearchParams& params) const {
  const Impl& impl = *impl_;
  std::optional<std::unordered_set<std::uint32_t>> text_matches;
  if (!params.search_string.empty()) {
    directory::SearchQuery query;
    query.at = impl.now;
    query.text = params.search_string;
    query.include_inactive = true;
    query.limit = impl.snapshot->size();
    const directory::SearchResult result = impl.snapshot->Search(query);
    text_matches.emplace();
    for (const directory::SearchHit& hit : result.hits) text_matches->insert(hit.index);
  }
  IdFilter services = params.services;
  if (params.recursive) {
    services.include = impl.Descendants(services.include);
    services.exclude = impl.Descendants(services.exclude);
  }
  const bool geo = params.latitude.has_value();

  struct Match {
    const Meeting* meeting;
    double distance_km;
  };
  std::vector<Match> matches;
  for (const Meeting& meeting : impl.meetings) {
    if (!Passes(params.meeting_ids, meeting.id) || !Passes(params.weekdays, meeting.weekday) ||
        !Passes(params.venue_types, meeting.venue_type) ||
        !Passes(services, meeting.service_body)) {
      continue;
    }
    const auto has = [&](std::int64_t id) {
      return std::find(meeting.format_ids.begin(), meeting.format_ids.end(), id) !=
             meeting.format_ids.end();
    };
    if (!params.formats.include.empty()) {
      const bool ok =
          params.formats_any
              ? std::any_of(params.formats.include.begin(), params.formats.include.end(), has)
              : std::all_of(params.formats.include.begin(), params.formats.include.end(), has);
      if (!ok) continue;
    }
    if (std::any_of(params.formats.exclude.begin(), params.formats.exclude.end(), has)) continue;
    if (params.starts_after && !(meeting.start > *params.starts_after)) continue;
    if (params.starts_before && !(meeting.start >= 0 && meeting.start < *params.starts_before)) {
      continue;
    }
    if (text_matches && !text_matches->contains(meeting.listing)) continue;
    double distance = 0;
    if (geo) {
      if (!meeting.latitude) continue;
      distance =
          HaversineKm(*params.latitude, *params.longitude, *meeting.latitude, *meeting.longitude);
      if (params.radius_km && distance > *params.radius_km) continue;
    }
    matches.push_back({&meeting, distance});
  }
  if (geo && params.nearest) {
    std::vector<double> distances;
    distances.reserve(matches.size());
    for (const Match& match : matches) distances.push_back(match.distance_km);
    std::sort(distances.begin(), distances.end());
    if (*params.nearest == 0) {
      matches.clear();
    } else if (static_cast<std::size_t>(*params.nearest) < distances.size()) {
      const double radius = distances[static_cast<std::size_t>(*params.nearest) - 1];
      std::erase_if(matches, [radius](const Match& match) { return match.distance_km > radius; });
    }
  }

  // Ordered on the compact fields (BMLT's default keys, distance) or, for sort_keys, on those
  // fields of the rendered rows; only the page is rendered for the answer.
  struct Ranked {
    const Match* match;
    std::vector<std::string> keys;  // the sort_keys' values
  };
  const bool by_distance = geo && params.sort_by_distance;
  const bool by_keys = !by_distance && !params.sort_keys.empty();
  std::vector<Ranked> ranked;
  ranked.reserve(matches.size());
  for (const Match& match : matches) {
    Ranked entry{&match, {}};
    if (by_keys) {
      const json::object row = impl.Row(*match.meeting);
      for (const std::string& key : params.sort_keys) entry.keys.emplace_back(TextAt(row, key));
    }
    ranked.push_back(std::move(entry));
  }
  std::stable_sort(ranked.begin(), ranked.end(), [&](const Ranked& a, const Ranked& b) {
    const Meeting& x = *a.match->meeting;
    const Meeting& y = *b.match->meeting;
    if (by_distance) {
      if (a.match->distance_km != b.match->distance_km) {
        return a.match->distance_km < b.match->distance_km;
      }
    } else if (by_keys) {
      for (std::size_t key = 0; key < a.keys.size(); ++key) {
        const int order = CompareValues(a.keys[key], b.keys[key]);
        if (order != 0) return order < 0;
      }
    } else if (std::tie(x.weekday, x.start, x.duration) !=
               std::tie(y.weekday, y.start, y.duration)) {
      return std::tie(x.weekday, x.start, x.duration) < std::tie(y.weekday, y.start, y.duration);
    }
    return x.id < y.id;
  });
  std::size_t first = 0;
  std::size_t last = ranked.size();
  if (params.page_size) {
    const std::size_t size = static_cast<std::size_t>(*params.page_size);
    first = std::min(ranked.size(), (static_cast<std::size_t>(params.page_num) - 1) * size);
    last = std::min(ranked.size(), first + size);
  }

  std::string meetings = "[";
  std::unordered_set<std::int64_t> used;
  for (std::size_t position = first; position < last; ++position) {
    const Match& match = *ranked[position].match;
    json::object row = impl.Row(*match.meeting);
    if (params.sort_by_distance) {
      row["distance_in_km"] = FixedText(match.distance_km, 6);
      row["distance_in_miles"] = FixedText(match.distance_km / kKmPerMile, 6);
    }
    used.insert(match.meeting->format_ids.begin(), match.meeting->format_ids.end());
    if (position > first) meetings.push_back(',');
    if (params.data_fields.empty()) {
      meetings += json::serialize(row);
      continue;
    }
    json::object only;
    for (const auto& field : row) {
      if (std::find(params.data_fields.begin(), params.data_fields.end(), field.key()) !=
          params.data_fields.end()) {
        only[field.key()] = field.value();
      }
    }
    meetings += json::serialize(only);
  }
  meetings.push_back(']');
  if (!params.used_formats && !params.formats_only) return meetings;
  json::array formats;
  for (const FormatRow& format : impl.formats) {
    if (format.lang == params.lang && used.contains(format.id)) formats.push_back(format.row);
  }
  return (params.formats_only ? std::string("{") : "{\"meetings\":" + meetings + ",") +
         "\"formats\":" + json::serialize(formats) + "}";
}

std::string Catalog::Formats(const FormatsParams& params) const {
  return json::serialize(impl_->FormatRows(params));
}

std::string Catalog::ServiceBodies(const ServiceBodiesParams& params) const {
  const Impl& impl = *impl_;
  std::vector<std::int64_t> include = params.services.include;
  std::vector<std::int64_t> exclude = params.services.exclude;
  if (params.recursive) {
    include = impl.Descendants(include);
    exclude = impl.Descendants(exclude);
  }
  if (params.parents) {
    for (std::size_t next = 0; next < include.size(); ++next) {
      for (const ServiceBody& body : impl.bodies) {
        if (body.id == include[next] && body.parent != 0 &&
            std::find(include.begin(), include.end(), body.parent) == include.end()) {
          include.push_back(body.parent);
        }
      }
    }
  }
  json::array out;
  for (const ServiceBody& body : impl.bodies) {
    if (Passes({include, exclude}, body.id)) out.push_back(body.row);
  }
  return json::serialize(out);
}

std::string Catalog::ServerInfo() const {
  const Impl& impl = *impl_;
  std::set<std::string> langs = {"en"};
  for (const FormatRow& format : impl.formats) {
    if (!format.lang.empty()) langs.insert(format.lang);
  }
  const auto join = [](const std::set<std::string>& values) {
    std::string out;
    for (const std::string& value : values) out += (out.empty() ? "" : ",") + value;
    return out;
  };
  double latitude = 0, longitude = 0;
  std::size_t located = 0;
  for (const Meeting& meeting : impl.meetings) {
    if (!meeting.latitude) continue;
    latitude += *meeting.latitude;
    longitude += *meeting.longitude;
    ++located;
  }
  if (located > 0) {
    latitude /= static_cast<double>(located);
    longitude /= static_cast<double>(located);
  }
  json::object info;
  info["version"] = "4.0.0";
  info["versionInt"] = "4000000";
  info["langs"] = join(langs);
  info["nativeLang"] = "en";
  info["centerLongitude"] = FixedText(longitude, 6);
  info["centerLatitude"] = FixedText(latitude, 6);
  info["centerZoom"] = "9";
  info["defaultDuration"] = ClockText(directory::kDefaultDurationMinutes);
  info["regionBias"] = "us";
  info["charSet"] = "UTF-8";
  info["distanceUnits"] = "mi";
  info["semanticAdmin"] = "0";
  info["emailEnabled"] = "0";
  info["emailIncludesServiceBodies"] = "0";
  info["changesPerMeeting"] = "0";
  info["meeting_states_and_provinces"] = join(impl.provinces);
  info["meeting_counties_and_sub_provinces"] = "";
  info["available_keys"] =
      "id_bigint,worldid_mixed,shared_group_id_bigint,service_body_bigint,weekday_tinyint,"
      "venue_type,start_time,duration_time,time_zone,formats,lang_enum,longitude,latitude,"
      "meeting_name,location_text,location_info,location_street,location_city_subsection,"
      "location_neighborhood,location_municipality,location_sub_province,location_province,"
      "location_postal_code_1,location_nation,comments,train_lines,bus_lines,"
      "phone_meeting_number,virtual_meeting_link,virtual_meeting_additional_info,"
      "format_shared_id_list";
  info["google_api_key"] = "";
  info["aggregator_mode_enabled"] = false;
  return json::serialize(json::array{std::move(info)});
}

}  // namespace rn::interop::bmlt
