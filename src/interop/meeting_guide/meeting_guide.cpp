// Meeting Guide feed import and export.
//
// Export is lossless for listings in the form ParseFeed produces. A Meeting Guide row has one
// `time` and `end_time` for all of its days, so a listing's schedule is cut into runs of
// consecutive slots that share start and duration:
// - No slots: one row without day and time (by appointment).
// - One run: one row, `day` an integer (one slot) or an array (several).
// - Several runs (e.g. Mon 19:00 and Sat 10:00): one full row per run. The first has the listing's
//   slug; each later one gets the slug "<slug>~<n>" (n = 2, 3, …, skipping slugs already taken)
//   and our extension key `"part_of": "<slug>"`. Other apps see each run as a meeting of its own,
//   which is how Meeting Guide feeds express such groups; ParseFeed appends a `part_of` row's slots
//   to the earlier listing with that slug, in order, so the listing comes back whole. (A `part_of`
//   naming no earlier listing is ignored: the row is a listing of its own.)
// - A 24-hour slot that does not start at midnight cannot be written as an end time (it would
//   equal the start, which reads as 60 minutes), so its row also carries the extension
//   `"duration_minutes": 1440`. ParseFeed lets a valid `duration_minutes` (1–1440) override
//   `end_time`.
// Other extension key: `fellowship`. `updated` is written as "YYYY-MM-DD HH:MM:SS" in UTC, the
// spec's form, which ParseFeed reads as UTC.
//
// What a client reads is written as the source said it, never filled in: `approximate` only when
// stated (Approximate::kUnknown otherwise: TSML UI then derives it from the address, as from the
// source), `formatted_address` only when given (not when assembled from the parts), regions with
// the keys the source used and not at all when there are none (an empty `regions` stops TSML UI
// falling back to the city). A row's keys outside kModelledKeys go through untouched, in
// Listing::source_fields, after the modelled ones.

#include "interop/meeting_guide/meeting_guide.h"

#include <algorithm>
#include <array>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <cmath>
#include <exception>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "directory/schedule.h"
#include "directory/vocabulary.h"
#include "interop/import_rules.h"
#include "util/text.h"

namespace rn::interop::meeting_guide {
namespace {

namespace json = boost::json;
using directory::Attendance;
using directory::Listing;
using directory::Slot;

constexpr std::string_view kPartOfKey = "part_of";
constexpr std::string_view kDurationKey = "duration_minutes";

// Every key ParseFeed reads or ExportFeed writes. The others of a row are kept as given in
// Listing::source_fields.
constexpr std::string_view kModelledKeys[] = {
    "name",
    "slug",
    "day",
    "time",
    "end_time",
    "timezone",
    "types",
    "notes",
    "location",
    "location_notes",
    "formatted_address",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "latitude",
    "longitude",
    "approximate",
    "regions",
    "region",
    "sub_region",
    "sub_sub_region",
    "district",
    "conference_url",
    "conference_url_notes",
    "conference_phone",
    "conference_phone_notes",
    "group",
    "group_notes",
    "website",
    "email",
    "phone",
    "attendance_option",
    "updated",
    "venmo",
    "square",
    "paypal",
    "url",
    "edit_url",
    "feedback_url",
    "feedback_emails",
    "entity",
    "entity_email",
    "entity_phone",
    "entity_location",
    "entity_logo",
    "entity_url",
    "entity_website_url",
    "fellowship",
    kPartOfKey,
    kDurationKey,
};

// The position of each key in kModelledKeys.
const std::unordered_map<std::string_view, std::size_t>& ModelledKeyIndex() {
  static const auto* const index = [] {
    auto* map = new std::unordered_map<std::string_view, std::size_t>();
    for (std::size_t i = 0; i < std::size(kModelledKeys); ++i) map->emplace(kModelledKeys[i], i);
    return map;
  }();
  return *index;
}

bool IsModelledKey(std::string_view key) { return ModelledKeyIndex().contains(key); }

// A row's modelled fields, found in one pass over its keys. A row is read by some fifty lookups,
// and each json::object lookup compares the key with the row's keys one after the other (or
// hashes it, for a large row); here each of the row's keys is hashed once.
class RowFields final {
 public:
  explicit RowFields(const json::object& row) : row_(row) {
    const auto& index = ModelledKeyIndex();
    for (const auto& entry : row) {
      const auto found = index.find(std::string_view(entry.key().data(), entry.key().size()));
      if (found != index.end() && !entry.value().is_null()) values_[found->second] = &entry.value();
    }
  }

  // The value at `key`, or nullptr when absent or null (FieldValue).
  const json::value* Value(std::string_view key) const {
    const auto& index = ModelledKeyIndex();
    const auto found = index.find(key);
    return found != index.end() ? values_[found->second] : FieldValue(row_, key);
  }

  // JsonText of the value at `key`; empty when absent (FieldText).
  std::string Text(std::string_view key) const {
    const json::value* value = Value(key);
    return value == nullptr ? std::string() : JsonText(*value);
  }

 private:
  const json::object& row_;
  std::array<const json::value*, std::size(kModelledKeys)> values_{};
};

// A Meeting Guide day: 0–6 as an integer (or integral number) or a numeric string.
std::optional<int> DayNumber(const json::value& value) {
  long long day = -1;
  if (const auto* integer = value.if_int64()) {
    day = *integer;
  } else if (const auto* unsigned_integer = value.if_uint64()) {
    day = *unsigned_integer > 6 ? -1 : static_cast<long long>(*unsigned_integer);
  } else if (const auto* real = value.if_double()) {
    if (*real >= 0 && *real <= 6 && std::floor(*real) == *real) day = static_cast<long long>(*real);
  } else if (const auto* string = value.if_string()) {
    const std::string_view trimmed = text::Trim(std::string_view(*string));
    const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), day);
    if (trimmed.empty() || error != std::errc() || end != trimmed.data() + trimmed.size()) day = -1;
  }
  if (day < 0 || day > 6) return std::nullopt;
  return static_cast<int>(day);
}

bool IsBlankString(const json::value& value) {
  const auto* string = value.if_string();
  return string != nullptr && text::Trim(std::string_view(*string)).empty();
}

// A field for the schedule: absent when missing, null, or a blank string.
const json::value* ScheduleField(const RowFields& row, std::string_view key) {
  const json::value* value = row.Value(key);
  if (value == nullptr || IsBlankString(*value)) return nullptr;
  return value;
}

// Reads day, time, end_time and duration_minutes into slots. Returns the rejection reason, or
// empty.
std::string ReadSchedule(const RowFields& row, std::vector<Slot>* slots) {
  const json::value* day_value = ScheduleField(row, "day");
  const json::value* time_value = ScheduleField(row, "time");
  if (day_value == nullptr && time_value == nullptr) return {};  // by appointment
  std::vector<int> days;
  if (day_value == nullptr) return "day: missing, but time is given";
  if (const auto* day_array = day_value->if_array()) {
    if (day_array->empty()) return "day: [] is an empty list";
    for (const json::value& element : *day_array) {
      const auto day = DayNumber(element);
      if (!day) return "day: " + JsonForReason(element) + " is not a weekday number 0-6";
      days.push_back(*day);
    }
  } else {
    const auto day = DayNumber(*day_value);
    if (!day) return "day: " + JsonForReason(*day_value) + " is not a weekday number 0-6";
    days.push_back(*day);
  }
  if (time_value == nullptr) return "time: missing, but day is given";
  const auto* time_string = time_value->if_string();
  const std::optional<int> start =
      time_string == nullptr
          ? std::nullopt
          : ParseClockTime(std::string_view(*time_string), /*allow_end_of_day=*/false);
  if (!start) return "time: " + JsonForReason(*time_value) + " is not a time of day";
  std::optional<int> end;
  if (const json::value* end_value = ScheduleField(row, "end_time")) {
    if (const auto* end_string = end_value->if_string()) {
      end = ParseClockTime(std::string_view(*end_string), /*allow_end_of_day=*/true);
    }
  }
  int duration = DurationFromEnd(*start, end);
  if (const json::value* duration_value = row.Value(kDurationKey)) {
    if (const auto* minutes = duration_value->if_int64();
        minutes != nullptr && *minutes >= 1 && *minutes <= directory::kMinutesPerDay) {
      duration = static_cast<int>(*minutes);
    }
  }
  for (int day : days) slots->push_back(Slot{day, *start, duration});
  return {};
}

// The types of a row: an array of strings, or one string such as "[open]" or "O,D".
std::vector<std::string> ReadTypes(const RowFields& row) {
  const directory::Vocabulary& vocabulary = directory::Vocabulary::Get();
  std::vector<std::string> types;
  const json::value* value = row.Value("types");
  if (value == nullptr) return types;
  if (const auto* array = value->if_array()) {
    for (const json::value& element : *array) {
      AddType(vocabulary.NormalizeType(JsonText(element)), &types);
    }
  } else if (const auto* string = value->if_string()) {
    std::string cleaned = text::ToValidUtf8(std::string_view(*string));
    std::erase_if(cleaned, [](char c) { return c == '[' || c == ']' || c == '"' || c == '\''; });
    std::string_view rest = cleaned;
    while (true) {
      const std::size_t comma = rest.find(',');
      AddType(vocabulary.NormalizeType(rest.substr(0, comma)), &types);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return types;
}

std::optional<double> Coordinate(const RowFields& row, std::string_view key) {
  const json::value* value = row.Value(key);
  if (value == nullptr) return std::nullopt;
  if (const auto* string = value->if_string()) return ParseDecimal(std::string_view(*string));
  if (value->is_number()) return value->to_number<double>();
  return std::nullopt;
}

// The "approximate" flag: "yes"/"no" (also booleans and "true"/"false"); nullopt when absent or
// other.
std::optional<bool> ApproximateFlag(const RowFields& row) {
  const json::value* value = row.Value("approximate");
  if (value == nullptr) return std::nullopt;
  if (const auto* boolean = value->if_bool()) return *boolean;
  const std::string flag = text::AsciiLower(JsonText(*value));
  if (flag == "yes" || flag == "true" || flag == "1") return true;
  if (flag == "no" || flag == "false" || flag == "0") return false;
  return std::nullopt;
}

constexpr std::string_view kRegionFieldKeys[] = {"region", "sub_region", "sub_sub_region"};

// The Meeting Guide keys of directory::Entity's fields.
constexpr std::pair<std::string_view, std::string directory::Entity::*> kEntityFields[] = {
    {"entity", &directory::Entity::name},
    {"entity_email", &directory::Entity::email},
    {"entity_phone", &directory::Entity::phone},
    {"entity_location", &directory::Entity::location},
    {"entity_logo", &directory::Entity::logo},
    {"entity_url", &directory::Entity::url},
    {"entity_website_url", &directory::Entity::website_url},
};

// The regions, from the `regions` list when it names any, else from region, sub_region and
// sub_sub_region; and which of the two forms the row used (a null, blank or empty one does not
// count).
void ReadRegions(const RowFields& row, Listing* listing) {
  listing->region_keys = {false, false};
  if (const json::value* value = row.Value("regions")) {
    if (const auto* array = value->if_array()) {
      for (const json::value& element : *array) {
        std::string region = JsonText(element);
        if (!region.empty()) listing->regions.push_back(std::move(region));
      }
      listing->region_keys.list = !listing->regions.empty();
    }
  }
  for (std::string_view key : kRegionFieldKeys) {
    std::string region = row.Text(key);
    if (region.empty()) continue;
    listing->region_keys.fields = true;
    if (!listing->region_keys.list) listing->regions.push_back(std::move(region));
  }
  // The keys only say how to write regions: with none there is nothing to say.
  if (listing->regions.empty()) listing->region_keys = {};
}

// `feedback_emails`: an array of strings, or one string.
std::vector<std::string> ReadStringList(const RowFields& row, std::string_view key) {
  std::vector<std::string> values;
  const json::value* value = row.Value(key);
  if (value == nullptr) return values;
  if (const auto* array = value->if_array()) {
    for (const json::value& element : *array) {
      std::string text = JsonText(element);
      if (!text.empty()) values.push_back(std::move(text));
    }
  } else if (std::string text = JsonText(*value); !text.empty()) {
    values.push_back(std::move(text));
  }
  return values;
}

// The row's other keys, as a compact JSON object (null and blank values are absent, as for every
// key); empty when none.
std::string ReadSourceFields(const json::object& row) {
  json::object others;
  for (const auto& entry : row) {
    const std::string_view key(entry.key().data(), entry.key().size());
    if (entry.value().is_null() || IsBlankString(entry.value()) || IsModelledKey(key) ||
        !text::IsValidUtf8(key)) {
      continue;
    }
    others.emplace(entry.key(), entry.value());
  }
  if (others.empty()) return {};
  return text::ToValidUtf8(json::serialize(others));
}

std::string ReadUpdated(const RowFields& row) {
  const json::value* value = row.Value("updated");
  if (value == nullptr) return {};
  if (const auto* string = value->if_string()) return NormalizeUpdated(std::string_view(*string));
  if (const auto* integer = value->if_int64()) return NormalizeUnixSeconds(*integer);
  return {};
}

std::optional<Attendance> ReadAttendanceOption(const RowFields& row) {
  std::string option = text::AsciiLower(row.Text("attendance_option"));
  for (char& c : option) {
    if (c == '-' || c == ' ') c = '_';
  }
  return directory::ParseAttendance(option);
}

// Parses rows one at a time, remembering slugs and zones across rows.
class RowParser final {
 public:
  RowParser(const FeedOptions& options, FeedParse* out)
      : options_(options), out_(out), zones_(options.default_timezone) {}

  void Parse(int index, const json::value& value) {
    std::string slug;
    const std::string reason = ParseOrReason(index, value, &slug);
    if (!reason.empty()) out_->rejections.push_back({index, std::move(slug), reason});
  }

 private:
  // Returns the rejection reason, or empty when the row went in (as a listing or part of one).
  std::string ParseOrReason(int index, const json::value& value, std::string* slug) {
    const json::object* row = value.if_object();
    if (row == nullptr) return "row: " + JsonForReason(value) + " is not a JSON object";
    const RowFields fields(*row);

    if (const json::value* slug_value = fields.Value("slug")) {
      if (!slug_value->is_string() && !slug_value->is_number()) {
        return "slug: " + JsonForReason(*slug_value) + " is not text or a number";
      }
      *slug = JsonText(*slug_value);
    }
    if (slug->empty()) return "slug: missing or empty";
    if (std::string reason = ControlCharacterReason(*row); !reason.empty()) return reason;
    std::string name = fields.Text("name");
    if (name.empty()) return "name: missing or empty";
    const auto [seen, inserted] = first_row_of_slug_.emplace(*slug, index);
    if (!inserted) {
      return "slug: " + QuoteForReason(*slug) + " repeats row " + std::to_string(seen->second);
    }

    std::vector<Slot> schedule;
    if (std::string reason = ReadSchedule(fields, &schedule); !reason.empty()) return reason;

    // A later run of an exported listing's schedule: append to that listing.
    const std::string part_of = fields.Text(kPartOfKey);
    if (!part_of.empty()) {
      if (auto parent = listing_of_slug_.find(part_of); parent != listing_of_slug_.end()) {
        std::vector<Slot>& parent_schedule = out_->listings[parent->second].schedule;
        parent_schedule.insert(parent_schedule.end(), schedule.begin(), schedule.end());
        return {};
      }
    }

    const Result<const date::time_zone*> zone = zones_.Resolve("timezone", fields.Text("timezone"));
    if (!zone.ok()) return zone.status().message();

    Listing listing = NewListing(options_, *slug, std::move(name), *zone);
    listing.schedule = std::move(schedule);
    const std::string fellowship = text::AsciiLower(fields.Text("fellowship"));
    listing.fellowship =
        directory::FindFellowship(fellowship) != nullptr ? fellowship : options_.fellowship;
    listing.types = ReadTypes(fields);
    listing.languages = LanguagesOfTypes(listing.types);
    ReadRegions(fields, &listing);
    listing.district = fields.Text("district");

    directory::Location& location = listing.location;
    location.name = fields.Text("location");
    location.address = fields.Text("address");
    location.city = fields.Text("city");
    location.state = fields.Text("state");
    location.postal_code = fields.Text("postal_code");
    location.country = fields.Text("country");
    const std::string given_formatted_address = fields.Text("formatted_address");
    location.formatted_address =
        !given_formatted_address.empty()
            ? given_formatted_address
            : AssembleAddress(location.address, location.city, location.state, location.postal_code,
                              location.country);
    location.formatted_address_assembled =
        given_formatted_address.empty() && !location.formatted_address.empty();
    SetCoordinates(Coordinate(fields, "latitude"), Coordinate(fields, "longitude"), &location);
    const std::optional<bool> approximate = ApproximateFlag(fields);
    location.approximate = !approximate.has_value() ? directory::Approximate::kUnknown
                           : *approximate           ? directory::Approximate::kYes
                                                    : directory::Approximate::kNo;
    location.notes = fields.Text("location_notes");

    listing.conference.url = fields.Text("conference_url");
    listing.conference.url_notes = fields.Text("conference_url_notes");
    listing.conference.phone = fields.Text("conference_phone");
    listing.conference.phone_notes = fields.Text("conference_phone_notes");
    listing.contact.website = fields.Text("website");
    listing.contact.email = fields.Text("email");
    listing.contact.phone = fields.Text("phone");
    listing.group = fields.Text("group");
    listing.group_notes = fields.Text("group_notes");
    listing.notes = fields.Text("notes");
    listing.updated = ReadUpdated(fields);
    listing.contributions.venmo = fields.Text("venmo");
    listing.contributions.square = fields.Text("square");
    listing.contributions.paypal = fields.Text("paypal");
    for (const auto& [key, field] : kEntityFields) listing.entity.*field = fields.Text(key);
    listing.url = fields.Text("url");
    listing.edit_url = fields.Text("edit_url");
    listing.feedback_url = fields.Text("feedback_url");
    listing.feedback_emails = ReadStringList(fields, "feedback_emails");
    listing.source_fields = ReadSourceFields(*row);

    if (const auto attendance = ReadAttendanceOption(fields)) {
      listing.attendance = *attendance;
    } else {
      bool real_address;
      if (approximate.has_value()) {
        real_address = !*approximate && !location.formatted_address.empty();
      } else {
        real_address = StartsWithStreetNumber(
            !given_formatted_address.empty() ? given_formatted_address : location.address);
      }
      listing.attendance = InferAttendance(listing, real_address);
    }

    listing_of_slug_.emplace(*slug, out_->listings.size());
    out_->listings.push_back(std::move(listing));
    return {};
  }

  const FeedOptions& options_;
  FeedParse* out_;
  std::unordered_map<std::string, int> first_row_of_slug_;
  std::unordered_map<std::string, std::size_t> listing_of_slug_;
  ZoneResolver zones_;
};

Result<FeedParse> ParseFeedOrThrow(std::string_view json_text, const FeedOptions& options) {
  if (options.source.empty()) return Status::Invalid("source", "must not be empty");
  json::monotonic_resource resource;
  Result<json::value> document = ParseJsonDocument(json_text, "feed", &resource);
  if (!document.ok()) return document.status();
  const json::array* rows = document->if_array();
  if (rows == nullptr) return Status::Invalid("feed", "must be a JSON array of meetings");

  FeedParse parse;
  parse.listings.reserve(rows->size());
  RowParser row_parser(options, &parse);
  int index = 0;
  for (const json::value& row : *rows) row_parser.Parse(index++, row);
  return parse;
}

// ---- Export ----

// Appends JSON text; strings escaped by Boost.JSON, doubles in their shortest exact form.
class JsonWriter final {
 public:
  void BeginObject() {
    Separate();
    out_ += '{';
    first_ = true;
  }
  void EndObject() {
    out_ += '}';
    first_ = false;
  }
  void BeginArray() {
    Separate();
    out_ += '[';
    first_ = true;
  }
  void EndArray() {
    out_ += ']';
    first_ = false;
  }
  void Key(std::string_view key) {
    Separate();
    out_ += json::serialize(json::string_view(key.data(), key.size()));
    out_ += ':';
    first_ = true;
  }
  void String(std::string_view value) {
    Separate();
    out_ += json::serialize(json::string_view(value.data(), value.size()));
  }
  void Int(long long value) {
    Separate();
    out_ += std::to_string(value);
  }
  void Double(double value) {
    Separate();
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out_.append(buffer, result.ptr);
  }
  // The members of `object`, a compact JSON object's text ("{\"a\":1}"), inserted as they are.
  void Members(std::string_view object) {
    if (object.size() <= 2) return;
    Separate();
    out_.append(object.substr(1, object.size() - 2));
  }
  // A string member, left out when empty.
  void OptionalString(std::string_view key, std::string_view value) {
    if (value.empty()) return;
    Key(key);
    String(value);
  }
  std::string Take() { return std::move(out_); }

 private:
  void Separate() {
    if (!first_) out_ += ',';
    first_ = false;
  }
  std::string out_;
  bool first_ = true;
};

// "2023-08-29T15:56:59Z" → "2023-08-29 15:56:59"; anything else as it is.
std::string SpecUpdated(const std::string& updated) {
  if (updated.size() == 20 && updated[10] == 'T' && updated[19] == 'Z') {
    std::string out = updated.substr(0, 19);
    out[10] = ' ';
    return out;
  }
  return updated;
}

struct Run {
  std::size_t begin;
  std::size_t end;
};

std::vector<Run> SplitRuns(const std::vector<Slot>& schedule) {
  std::vector<Run> runs;
  for (std::size_t i = 0; i < schedule.size(); ++i) {
    if (!runs.empty() && schedule[i].start_minute == schedule[runs.back().begin].start_minute &&
        schedule[i].duration_minutes == schedule[runs.back().begin].duration_minutes) {
      runs.back().end = i + 1;
    } else {
      runs.push_back({i, i + 1});
    }
  }
  return runs;
}

void WriteRow(const Listing& listing, std::string_view slug, const Run* run,
              std::string_view part_of, JsonWriter* writer) {
  writer->BeginObject();
  writer->Key("name");
  writer->String(listing.name);
  writer->Key("slug");
  writer->String(slug);
  if (run != nullptr) {
    const Slot& first = listing.schedule[run->begin];
    writer->Key("day");
    if (run->end - run->begin == 1) {
      writer->Int(first.day);
    } else {
      writer->BeginArray();
      for (std::size_t i = run->begin; i < run->end; ++i) writer->Int(listing.schedule[i].day);
      writer->EndArray();
    }
    writer->Key("time");
    writer->String(directory::FormatHhMm(first.start_minute));
    // "00:00" for an end at midnight, as the spec writes it ("24:00" only for a whole day from
    // midnight, where "00:00" would read as the start).
    const int end = first.start_minute + first.duration_minutes;
    const bool whole_day_from_midnight =
        first.start_minute == 0 && end == directory::kMinutesPerDay;
    writer->Key("end_time");
    writer->String(
        directory::FormatHhMm(whole_day_from_midnight ? end : end % directory::kMinutesPerDay));
    if (first.duration_minutes == directory::kMinutesPerDay && first.start_minute != 0) {
      writer->Key(kDurationKey);
      writer->Int(first.duration_minutes);
    }
  }
  writer->OptionalString("timezone", listing.timezone);
  writer->Key("types");
  writer->BeginArray();
  for (const std::string& type : listing.types) writer->String(type);
  writer->EndArray();
  writer->OptionalString("notes", listing.notes);
  const directory::Location& location = listing.location;
  writer->OptionalString("location", location.name);
  writer->OptionalString("location_notes", location.notes);
  if (!location.formatted_address_assembled) {
    writer->OptionalString("formatted_address", location.formatted_address);
  }
  writer->OptionalString("address", location.address);
  writer->OptionalString("city", location.city);
  writer->OptionalString("state", location.state);
  writer->OptionalString("postal_code", location.postal_code);
  writer->OptionalString("country", location.country);
  if (directory::HasCoordinates(listing)) {
    writer->Key("latitude");
    writer->Double(*location.latitude);
    writer->Key("longitude");
    writer->Double(*location.longitude);
  }
  if (location.approximate != directory::Approximate::kUnknown) {
    writer->Key("approximate");
    writer->String(location.approximate == directory::Approximate::kYes ? "yes" : "no");
  }
  if (!listing.regions.empty()) {
    const directory::RegionKeys keys = listing.region_keys.list || listing.region_keys.fields
                                           ? listing.region_keys
                                           : directory::RegionKeys{};
    if (keys.list) {
      writer->Key("regions");
      writer->BeginArray();
      for (const std::string& region : listing.regions) writer->String(region);
      writer->EndArray();
    }
    if (keys.fields) {
      for (std::size_t level = 0; level < std::size(kRegionFieldKeys); ++level) {
        if (level < listing.regions.size()) {
          writer->OptionalString(kRegionFieldKeys[level], listing.regions[level]);
        }
      }
    }
  }
  writer->OptionalString("district", listing.district);
  writer->OptionalString("conference_url", listing.conference.url);
  writer->OptionalString("conference_url_notes", listing.conference.url_notes);
  writer->OptionalString("conference_phone", listing.conference.phone);
  writer->OptionalString("conference_phone_notes", listing.conference.phone_notes);
  writer->OptionalString("group", listing.group);
  writer->OptionalString("group_notes", listing.group_notes);
  writer->OptionalString("website", listing.contact.website);
  writer->OptionalString("email", listing.contact.email);
  writer->OptionalString("phone", listing.contact.phone);
  writer->Key("attendance_option");
  writer->String(directory::AttendanceName(listing.attendance));
  writer->OptionalString("updated", SpecUpdated(listing.updated));
  writer->OptionalString("venmo", listing.contributions.venmo);
  writer->OptionalString("square", listing.contributions.square);
  writer->OptionalString("paypal", listing.contributions.paypal);
  for (const auto& [key, field] : kEntityFields) writer->OptionalString(key, listing.entity.*field);
  writer->OptionalString("url", listing.url);
  writer->OptionalString("edit_url", listing.edit_url);
  writer->OptionalString("feedback_url", listing.feedback_url);
  if (!listing.feedback_emails.empty()) {
    writer->Key("feedback_emails");
    writer->BeginArray();
    for (const std::string& email : listing.feedback_emails) writer->String(email);
    writer->EndArray();
  }
  writer->OptionalString("fellowship", listing.fellowship);
  writer->Members(listing.source_fields);
  writer->OptionalString(kPartOfKey, part_of);
  writer->EndObject();
}

}  // namespace

Result<FeedParse> ParseFeed(std::string_view json_text, const FeedOptions& options) {
  try {
    return ParseFeedOrThrow(json_text, options);
  } catch (const std::exception& exception) {
    // Only resource exhaustion gets here (allocation failure); the input itself cannot cause a
    // throw.
    return Status::Internal(std::string("feed could not be parsed: ") + exception.what());
  }
}

std::string ExportFeed(const std::vector<Listing>& listings) {
  std::unordered_set<std::string> taken_slugs;
  for (const Listing& listing : listings) taken_slugs.insert(listing.slug);
  JsonWriter writer;
  writer.BeginArray();
  for (const Listing& listing : listings) {
    const std::vector<Run> runs = SplitRuns(listing.schedule);
    if (runs.empty()) {
      WriteRow(listing, listing.slug, nullptr, {}, &writer);
      continue;
    }
    WriteRow(listing, listing.slug, &runs[0], {}, &writer);
    int suffix = 2;
    for (std::size_t run_index = 1; run_index < runs.size(); ++run_index) {
      std::string part_slug;
      do {
        part_slug = listing.slug + "~" + std::to_string(suffix++);
      } while (!taken_slugs.insert(part_slug).second);
      WriteRow(listing, part_slug, &runs[run_index], listing.slug, &writer);
    }
  }
  writer.EndArray();
  return writer.Take();
}

}  // namespace rn::interop::meeting_guide
