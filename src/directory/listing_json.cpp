#include "directory/listing_json.h"

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <iterator>
#include <optional>
#include <string_view>
#include <utility>

#include "directory/schedule.h"
#include "util/stored_text.h"

namespace rn::directory {
namespace {

namespace json = boost::json;

// The keys of each object of the canonical form, in the order they are written.
constexpr std::string_view kListingKeys[] = {
    "id",           "source",          "slug",          "name",      "timezone", "fellowship",
    "schedule",     "attendance",      "types",         "languages", "regions",  "regions_as",
    "district",     "location",        "conference",    "contact",   "group",    "group_notes",
    "notes",        "updated",         "contributions", "entity",    "url",      "edit_url",
    "feedback_url", "feedback_emails", "source_fields",
};
constexpr std::string_view kSlotKeys[] = {"day", "start", "end"};
constexpr std::string_view kLocationKeys[] = {
    "name",
    "address",
    "city",
    "state",
    "postal_code",
    "country",
    "formatted_address",
    "latitude",
    "longitude",
    "approximate",
    "notes",
    "formatted_address_assembled",
};
constexpr std::string_view kConferenceKeys[] = {"url", "url_notes", "phone", "phone_notes"};
constexpr std::string_view kContactKeys[] = {"website", "email", "phone"};
constexpr std::string_view kContributionKeys[] = {"venmo", "square", "paypal"};
constexpr std::string_view kEntityKeys[] = {"name", "email",       "phone", "location",
                                            "logo", "website_url", "url"};
// Entity's fields by key, in kEntityKeys's order.
constexpr std::pair<std::string_view, std::string Entity::*> kEntityFields[] = {
    {"name", &Entity::name},   {"email", &Entity::email},
    {"phone", &Entity::phone}, {"location", &Entity::location},
    {"logo", &Entity::logo},   {"website_url", &Entity::website_url},
    {"url", &Entity::url},
};

// "regions_as": which Meeting Guide keys the source used for the regions.
const char* RegionKeysName(const RegionKeys& keys) {
  if (keys.list && keys.fields) return "both";
  return keys.list ? "list" : "fields";
}
std::optional<RegionKeys> ParseRegionKeys(std::string_view name) {
  if (name == "both") return RegionKeys{true, true};
  if (name == "list") return RegionKeys{true, false};
  if (name == "fields") return RegionKeys{false, true};
  return std::nullopt;
}

// "approximate": true, false, or null when the source did not say.
json::value ApproximateJson(Approximate approximate) {
  switch (approximate) {
    case Approximate::kYes:
      return json::value(true);
    case Approximate::kNo:
      return json::value(false);
    case Approximate::kUnknown:
      break;
  }
  return json::value(nullptr);
}
const char* ApproximateText(Approximate approximate) {
  switch (approximate) {
    case Approximate::kYes:
      return "true";
    case Approximate::kNo:
      return "false";
    case Approximate::kUnknown:
      break;
  }
  return "null";
}

// ---- Writing ----

json::array StringArray(const std::vector<std::string>& values) {
  json::array out;
  out.reserve(values.size());
  for (const std::string& value : values) out.emplace_back(json::string_view(value));
  return out;
}

json::value OptionalNumber(const std::optional<double>& number) {
  if (number.has_value()) return json::value(*number);
  return json::value(nullptr);
}

// The "end" of a slot as minutes after midnight: 1440 ("24:00") when it ends at midnight of its own
// day, else wrapped into 0–1439.
int EndForJson(const Slot& slot) {
  const int end = slot.start_minute + slot.duration_minutes;
  return end == kMinutesPerDay ? end : end % kMinutesPerDay;
}

json::object BuildListingJson(const Listing& listing) {
  json::array schedule;
  schedule.reserve(listing.schedule.size());
  for (const Slot& slot : listing.schedule) {
    json::object item;
    item.reserve(std::size(kSlotKeys));
    item.emplace("day", slot.day);
    item.emplace("start", FormatHhMm(slot.start_minute));
    item.emplace("end", FormatHhMm(EndForJson(slot)));
    schedule.emplace_back(std::move(item));
  }

  const Location& location = listing.location;
  json::object location_json;
  location_json.reserve(std::size(kLocationKeys));
  location_json.emplace("name", location.name);
  location_json.emplace("address", location.address);
  location_json.emplace("city", location.city);
  location_json.emplace("state", location.state);
  location_json.emplace("postal_code", location.postal_code);
  location_json.emplace("country", location.country);
  location_json.emplace("formatted_address", location.formatted_address);
  location_json.emplace("latitude", OptionalNumber(location.latitude));
  location_json.emplace("longitude", OptionalNumber(location.longitude));
  location_json.emplace("approximate", ApproximateJson(location.approximate));
  location_json.emplace("notes", location.notes);
  if (location.formatted_address_assembled)
    location_json.emplace("formatted_address_assembled", true);

  json::object conference;
  conference.reserve(std::size(kConferenceKeys));
  conference.emplace("url", listing.conference.url);
  conference.emplace("url_notes", listing.conference.url_notes);
  conference.emplace("phone", listing.conference.phone);
  conference.emplace("phone_notes", listing.conference.phone_notes);

  json::object contact;
  contact.reserve(std::size(kContactKeys));
  contact.emplace("website", listing.contact.website);
  contact.emplace("email", listing.contact.email);
  contact.emplace("phone", listing.contact.phone);

  json::object contributions;
  contributions.reserve(std::size(kContributionKeys));
  contributions.emplace("venmo", listing.contributions.venmo);
  contributions.emplace("square", listing.contributions.square);
  contributions.emplace("paypal", listing.contributions.paypal);

  json::object entity_json;
  entity_json.reserve(std::size(kEntityKeys));
  for (const auto& [key, field] : kEntityFields) entity_json.emplace(key, listing.entity.*field);

  json::value source_fields = json::object();
  if (!listing.source_fields.empty()) {
    boost::system::error_code error;
    json::value parsed = json::parse(listing.source_fields, error);
    if (!error && parsed.is_object()) source_fields = std::move(parsed);
  }

  json::object out;
  out.reserve(std::size(kListingKeys));
  out.emplace("id", listing.id);
  out.emplace("source", listing.source);
  out.emplace("slug", listing.slug);
  out.emplace("name", listing.name);
  out.emplace("timezone", listing.timezone);
  out.emplace("fellowship", listing.fellowship);
  out.emplace("schedule", std::move(schedule));
  out.emplace("attendance", AttendanceName(listing.attendance));
  out.emplace("types", StringArray(listing.types));
  out.emplace("languages", StringArray(listing.languages));
  out.emplace("regions", StringArray(listing.regions));
  if (listing.region_keys != RegionKeys{}) {
    out.emplace("regions_as", RegionKeysName(listing.region_keys));
  }
  if (!listing.district.empty()) out.emplace("district", listing.district);
  out.emplace("location", std::move(location_json));
  out.emplace("conference", std::move(conference));
  out.emplace("contact", std::move(contact));
  out.emplace("group", listing.group);
  out.emplace("group_notes", listing.group_notes);
  out.emplace("notes", listing.notes);
  out.emplace("updated", listing.updated);
  if (!listing.contributions.empty()) out.emplace("contributions", std::move(contributions));
  if (!listing.entity.empty()) out.emplace("entity", std::move(entity_json));
  if (!listing.url.empty()) out.emplace("url", listing.url);
  if (!listing.edit_url.empty()) out.emplace("edit_url", listing.edit_url);
  if (!listing.feedback_url.empty()) out.emplace("feedback_url", listing.feedback_url);
  if (!listing.feedback_emails.empty()) {
    out.emplace("feedback_emails", StringArray(listing.feedback_emails));
  }
  if (!listing.source_fields.empty()) out.emplace("source_fields", std::move(source_fields));
  return out;
}

// The canonical text written directly, without building the tree: the same JSON value as
// BuildListingJson (listing_json_test checks this), with numbers in their shortest decimal form.
void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t run_start = 0;
  for (std::size_t index = 0; index < text.size(); ++index) {
    const unsigned char c = static_cast<unsigned char>(text[index]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.data() + run_start, index - run_start);
    run_start = index + 1;
    switch (c) {
      case '"':
        out.append("\\\"");
        break;
      case '\\':
        out.append("\\\\");
        break;
      case '\b':
        out.append("\\b");
        break;
      case '\t':
        out.append("\\t");
        break;
      case '\n':
        out.append("\\n");
        break;
      case '\f':
        out.append("\\f");
        break;
      case '\r':
        out.append("\\r");
        break;
      default:
        out.append("\\u00");
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 0xf]);
    }
  }
  out.append(text.data() + run_start, text.size() - run_start);
  out.push_back('"');
}

// `,"key":` — keys are constants that need no escaping.
void AppendKey(std::string_view key, std::string& out) {
  out.append(",\"");
  out.append(key);
  out.append("\":");
}

void AppendStringArray(const std::vector<std::string>& values, std::string& out) {
  out.push_back('[');
  for (std::size_t index = 0; index < values.size(); ++index) {
    if (index > 0) out.push_back(',');
    AppendJsonString(values[index], out);
  }
  out.push_back(']');
}

void AppendOptionalNumber(const std::optional<double>& number, std::string& out) {
  if (number.has_value()) {
    // Shortest exact form ("33.6850173"); boost::json::serialize would write "3.36850173E1".
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, *number);
    out.append(buffer, result.ptr);
  } else {
    out.append("null");
  }
}

void AppendCanonicalJson(const Listing& listing, std::string& out) {
  out.append("{\"id\":");
  AppendJsonString(listing.id, out);
  AppendKey("source", out);
  AppendJsonString(listing.source, out);
  AppendKey("slug", out);
  AppendJsonString(listing.slug, out);
  AppendKey("name", out);
  AppendJsonString(listing.name, out);
  AppendKey("timezone", out);
  AppendJsonString(listing.timezone, out);
  AppendKey("fellowship", out);
  AppendJsonString(listing.fellowship, out);
  AppendKey("schedule", out);
  out.push_back('[');
  for (std::size_t index = 0; index < listing.schedule.size(); ++index) {
    const Slot& slot = listing.schedule[index];
    if (index > 0) out.push_back(',');
    out.append("{\"day\":");
    out.append(std::to_string(slot.day));
    out.append(",\"start\":\"");
    out.append(FormatHhMm(slot.start_minute));
    out.append("\",\"end\":\"");
    out.append(FormatHhMm(EndForJson(slot)));
    out.append("\"}");
  }
  out.push_back(']');
  AppendKey("attendance", out);
  AppendJsonString(AttendanceName(listing.attendance), out);
  AppendKey("types", out);
  AppendStringArray(listing.types, out);
  AppendKey("languages", out);
  AppendStringArray(listing.languages, out);
  AppendKey("regions", out);
  AppendStringArray(listing.regions, out);
  if (listing.region_keys != RegionKeys{}) {
    AppendKey("regions_as", out);
    AppendJsonString(RegionKeysName(listing.region_keys), out);
  }
  if (!listing.district.empty()) {
    AppendKey("district", out);
    AppendJsonString(listing.district, out);
  }

  const Location& location = listing.location;
  out.append(",\"location\":{\"name\":");
  AppendJsonString(location.name, out);
  AppendKey("address", out);
  AppendJsonString(location.address, out);
  AppendKey("city", out);
  AppendJsonString(location.city, out);
  AppendKey("state", out);
  AppendJsonString(location.state, out);
  AppendKey("postal_code", out);
  AppendJsonString(location.postal_code, out);
  AppendKey("country", out);
  AppendJsonString(location.country, out);
  AppendKey("formatted_address", out);
  AppendJsonString(location.formatted_address, out);
  AppendKey("latitude", out);
  AppendOptionalNumber(location.latitude, out);
  AppendKey("longitude", out);
  AppendOptionalNumber(location.longitude, out);
  AppendKey("approximate", out);
  out.append(ApproximateText(location.approximate));
  AppendKey("notes", out);
  AppendJsonString(location.notes, out);
  if (location.formatted_address_assembled) out.append(",\"formatted_address_assembled\":true");

  out.append("},\"conference\":{\"url\":");
  AppendJsonString(listing.conference.url, out);
  AppendKey("url_notes", out);
  AppendJsonString(listing.conference.url_notes, out);
  AppendKey("phone", out);
  AppendJsonString(listing.conference.phone, out);
  AppendKey("phone_notes", out);
  AppendJsonString(listing.conference.phone_notes, out);

  out.append("},\"contact\":{\"website\":");
  AppendJsonString(listing.contact.website, out);
  AppendKey("email", out);
  AppendJsonString(listing.contact.email, out);
  AppendKey("phone", out);
  AppendJsonString(listing.contact.phone, out);
  out.push_back('}');

  AppendKey("group", out);
  AppendJsonString(listing.group, out);
  AppendKey("group_notes", out);
  AppendJsonString(listing.group_notes, out);
  AppendKey("notes", out);
  AppendJsonString(listing.notes, out);
  AppendKey("updated", out);
  AppendJsonString(listing.updated, out);

  if (!listing.contributions.empty()) {
    out.append(",\"contributions\":{\"venmo\":");
    AppendJsonString(listing.contributions.venmo, out);
    AppendKey("square", out);
    AppendJsonString(listing.contributions.square, out);
    AppendKey("paypal", out);
    AppendJsonString(listing.contributions.paypal, out);
    out.push_back('}');
  }
  if (!listing.entity.empty()) {
    out.append(",\"entity\":{");
    for (const auto& [key, field] : kEntityFields) {
      if (key != kEntityFields[0].first) out.push_back(',');
      AppendJsonString(key, out);
      out.push_back(':');
      AppendJsonString(listing.entity.*field, out);
    }
    out.push_back('}');
  }
  for (const auto& [key, value] :
       {std::pair<std::string_view, const std::string*>{"url", &listing.url},
        {"edit_url", &listing.edit_url},
        {"feedback_url", &listing.feedback_url}}) {
    if (value->empty()) continue;
    AppendKey(key, out);
    AppendJsonString(*value, out);
  }
  if (!listing.feedback_emails.empty()) {
    AppendKey("feedback_emails", out);
    AppendStringArray(listing.feedback_emails, out);
  }
  if (!listing.source_fields.empty()) {
    // Written as stored: ValidateListing admits only a compact JSON object here.
    AppendKey("source_fields", out);
    out.append(listing.source_fields);
  }
  out.push_back('}');
}

// ---- Validation ----

// True if `text` is well-formed UTF-8 as RFC 3629 defines it (what Boost.JSON's parser accepts):
// no overlong forms, no surrogates, nothing above U+10FFFF.
bool IsWellFormedUtf8(std::string_view text) {
  std::size_t index = 0;
  const std::size_t size = text.size();
  while (index < size) {
    const unsigned char lead = static_cast<unsigned char>(text[index]);
    if (lead < 0x80) {
      ++index;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
      length = 2;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
      length = 3;
      if (lead == 0xE0) low = 0xA0;
      if (lead == 0xED) high = 0x9F;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      if (lead == 0xF0) low = 0x90;
      if (lead == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (size - index < length) return false;
    const unsigned char second = static_cast<unsigned char>(text[index + 1]);
    if (second < low || second > high) return false;
    for (std::size_t offset = 2; offset < length; ++offset) {
      const unsigned char next = static_cast<unsigned char>(text[index + offset]);
      if (next < 0x80 || next > 0xBF) return false;
    }
    index += length;
  }
  return true;
}

// Valid UTF-8 under the stored-text rule (util/stored_text.h): tab and line feed are the only
// controls a listing's text may hold.
Status CheckUtf8(std::string_view text, std::string_view field) {
  if (!IsWellFormedUtf8(text)) return Status::Invalid(std::string(field), "must be valid UTF-8");
  return text::CheckNoControls(field, text, text::Lines::kMany);
}

Status CheckUtf8Array(const std::vector<std::string>& values, std::string_view field) {
  for (std::size_t index = 0; index < values.size(); ++index) {
    RN_RETURN_IF_ERROR(
        CheckUtf8(values[index], std::string(field) + "[" + std::to_string(index) + "]"));
  }
  return Status::Ok();
}

Status CheckCoordinate(const std::optional<double>& value, double limit, std::string_view field) {
  if (!value.has_value()) return Status::Ok();
  if (!std::isfinite(*value) || *value < -limit || *value > limit) {
    return Status::Invalid(std::string(field), "must be between " + std::to_string(-int(limit)) +
                                                   " and " + std::to_string(int(limit)));
  }
  return Status::Ok();
}

// ---- Reading ----

std::string JoinPath(std::string_view path, std::string_view key) {
  std::string out;
  out.reserve(path.size() + 1 + key.size());
  out.append(path);
  if (!path.empty()) out.push_back('.');
  out.append(key);
  return out;
}

std::string IndexPath(std::string_view path, std::size_t index) {
  return std::string(path) + "[" + std::to_string(index) + "]";
}

// Reads the fields of one JSON object whose keys must be exactly `keys`. `path` names the object in
// error fields ("" for the top level, "location", "schedule[2]").
class ObjectReader final {
 public:
  ObjectReader(const json::object& object, std::string_view path) : object_(object), path_(path) {}

  // Fails when the object has a key outside `keys`. The Read calls then check the keys of `keys`
  // (all required but the later, optional ones), so together they admit exactly these keys.
  template <std::size_t N>
  Status CheckNoUnknownKeys(const std::string_view (&keys)[N]) const {
    for (const auto& entry : object_) {
      const std::string_view key(entry.key().data(), entry.key().size());
      bool known = false;
      for (std::string_view candidate : keys) known = known || candidate == key;
      if (!known) return Status::Invalid(JoinPath(path_, key), "unknown field");
    }
    return Status::Ok();
  }

  // Whether the object has `key`. Keys added to the form after a listing was stored may be absent
  // from its document; their readers keep the field's default then.
  bool Has(std::string_view key) const {
    return object_.contains(json::string_view(key.data(), key.size()));
  }

  Result<const json::value*> Find(std::string_view key) const {
    const json::value* value = object_.if_contains(json::string_view(key.data(), key.size()));
    if (value == nullptr) return Status::Invalid(JoinPath(path_, key), "missing field");
    return value;
  }

  Status ReadString(std::string_view key, std::string* out) const {
    Result<const json::value*> value = Find(key);
    if (!value.ok()) return value.status();
    const json::string* text = (*value)->if_string();
    if (text == nullptr) return Status::Invalid(JoinPath(path_, key), "must be a string");
    out->assign(text->data(), text->size());
    return Status::Ok();
  }

  Status ReadBool(std::string_view key, bool* out) const {
    Result<const json::value*> value = Find(key);
    if (!value.ok()) return value.status();
    const bool* flag = (*value)->if_bool();
    if (flag == nullptr) return Status::Invalid(JoinPath(path_, key), "must be true or false");
    *out = *flag;
    return Status::Ok();
  }

  Status ReadStringArray(std::string_view key, std::vector<std::string>* out) const {
    Result<const json::value*> value = Find(key);
    if (!value.ok()) return value.status();
    const json::array* items = (*value)->if_array();
    if (items == nullptr)
      return Status::Invalid(JoinPath(path_, key), "must be an array of strings");
    out->clear();
    out->reserve(items->size());
    for (std::size_t index = 0; index < items->size(); ++index) {
      const json::string* text = (*items)[index].if_string();
      if (text == nullptr) {
        return Status::Invalid(IndexPath(JoinPath(path_, key), index), "must be a string");
      }
      out->emplace_back(text->data(), text->size());
    }
    return Status::Ok();
  }

  // A number in [min, max] or null (→ nullopt).
  Status ReadOptionalNumber(std::string_view key, double min, double max,
                            std::optional<double>* out) const {
    Result<const json::value*> value = Find(key);
    if (!value.ok()) return value.status();
    const json::value& number = **value;
    if (number.is_null()) {
      out->reset();
      return Status::Ok();
    }
    double as_double = 0;
    if (const double* d = number.if_double()) {
      as_double = *d;
    } else if (const std::int64_t* i = number.if_int64()) {
      as_double = static_cast<double>(*i);
    } else if (const std::uint64_t* u = number.if_uint64()) {
      as_double = static_cast<double>(*u);
    } else {
      return Status::Invalid(JoinPath(path_, key), "must be a number or null");
    }
    if (!std::isfinite(as_double) || as_double < min || as_double > max) {
      return Status::Invalid(JoinPath(path_, key),
                             "must be between " + FormatBound(min) + " and " + FormatBound(max));
    }
    *out = as_double;
    return Status::Ok();
  }

  Result<const json::object*> ReadObject(std::string_view key) const {
    Result<const json::value*> value = Find(key);
    if (!value.ok()) return value.status();
    const json::object* object = (*value)->if_object();
    if (object == nullptr) return Status::Invalid(JoinPath(path_, key), "must be an object");
    return object;
  }

  Result<const json::array*> ReadArray(std::string_view key) const {
    Result<const json::value*> value = Find(key);
    if (!value.ok()) return value.status();
    const json::array* array = (*value)->if_array();
    if (array == nullptr) return Status::Invalid(JoinPath(path_, key), "must be an array");
    return array;
  }

  std::string Path(std::string_view key) const { return JoinPath(path_, key); }

 private:
  static std::string FormatBound(double bound) { return std::to_string(static_cast<int>(bound)); }

  const json::object& object_;
  std::string_view path_;
};

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define LISTING_JSON_TRY(expr)                                 \
  do {                                                         \
    ::rn::Status listing_json_status = (expr);                 \
    if (!listing_json_status.ok()) return listing_json_status; \
  } while (false)

Result<Slot> ReadSlot(const json::value& value, const std::string& path) {
  const json::object* object = value.if_object();
  if (object == nullptr) return Status::Invalid(path, "must be an object");
  ObjectReader reader(*object, path);
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kSlotKeys));

  Slot slot;
  Result<const json::value*> day = reader.Find("day");
  if (!day.ok()) return day.status();
  const std::int64_t* day_number = (*day)->if_int64();
  if (day_number == nullptr || *day_number < 0 || *day_number > 6) {
    return Status::Invalid(reader.Path("day"), "must be a weekday number 0-6 (0 = Sunday)");
  }
  slot.day = static_cast<int>(*day_number);

  std::string start_text;
  LISTING_JSON_TRY(reader.ReadString("start", &start_text));
  const std::optional<int> start = ParseHhMm(start_text);
  if (!start.has_value())
    return Status::Invalid(reader.Path("start"), "must be a time 00:00-23:59");
  slot.start_minute = *start;

  std::string end_text;
  LISTING_JSON_TRY(reader.ReadString("end", &end_text));
  const std::optional<int> end =
      end_text == "24:00" ? std::optional<int>(kMinutesPerDay) : ParseHhMm(end_text);
  if (!end.has_value()) return Status::Invalid(reader.Path("end"), "must be a time 00:00-24:00");
  // An end at or before the start is on the next day; "00:00" and "24:00" both mean midnight.
  int duration = *end - slot.start_minute;
  if (duration <= 0) duration += kMinutesPerDay;
  slot.duration_minutes = duration;
  return slot;
}

Status ReadLocation(const json::object& object, Location* location) {
  ObjectReader reader(object, "location");
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kLocationKeys));
  LISTING_JSON_TRY(reader.ReadString("name", &location->name));
  LISTING_JSON_TRY(reader.ReadString("address", &location->address));
  LISTING_JSON_TRY(reader.ReadString("city", &location->city));
  LISTING_JSON_TRY(reader.ReadString("state", &location->state));
  LISTING_JSON_TRY(reader.ReadString("postal_code", &location->postal_code));
  LISTING_JSON_TRY(reader.ReadString("country", &location->country));
  LISTING_JSON_TRY(reader.ReadString("formatted_address", &location->formatted_address));
  LISTING_JSON_TRY(reader.ReadOptionalNumber("latitude", -90, 90, &location->latitude));
  LISTING_JSON_TRY(reader.ReadOptionalNumber("longitude", -180, 180, &location->longitude));
  if (location->latitude.has_value() != location->longitude.has_value()) {
    return Status::Invalid(
        location->latitude.has_value() ? "location.longitude" : "location.latitude",
        "latitude and longitude must both be numbers or both be null");
  }
  Result<const json::value*> approximate = reader.Find("approximate");
  if (!approximate.ok()) return approximate.status();
  if (const bool* flag = (*approximate)->if_bool()) {
    location->approximate = *flag ? Approximate::kYes : Approximate::kNo;
  } else if ((*approximate)->is_null()) {
    location->approximate = Approximate::kUnknown;
  } else {
    return Status::Invalid("location.approximate", "must be true, false or null");
  }
  LISTING_JSON_TRY(reader.ReadString("notes", &location->notes));
  if (reader.Has("formatted_address_assembled")) {
    LISTING_JSON_TRY(
        reader.ReadBool("formatted_address_assembled", &location->formatted_address_assembled));
  }
  return Status::Ok();
}

Status ReadConference(const json::object& object, Conference* conference) {
  ObjectReader reader(object, "conference");
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kConferenceKeys));
  LISTING_JSON_TRY(reader.ReadString("url", &conference->url));
  LISTING_JSON_TRY(reader.ReadString("url_notes", &conference->url_notes));
  LISTING_JSON_TRY(reader.ReadString("phone", &conference->phone));
  LISTING_JSON_TRY(reader.ReadString("phone_notes", &conference->phone_notes));
  return Status::Ok();
}

Status ReadContributions(const json::object& object, Contributions* contributions) {
  ObjectReader reader(object, "contributions");
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kContributionKeys));
  LISTING_JSON_TRY(reader.ReadString("venmo", &contributions->venmo));
  LISTING_JSON_TRY(reader.ReadString("square", &contributions->square));
  LISTING_JSON_TRY(reader.ReadString("paypal", &contributions->paypal));
  return Status::Ok();
}

Status ReadEntity(const json::object& object, Entity* entity) {
  ObjectReader reader(object, "entity");
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kEntityKeys));
  for (const auto& [key, field] : kEntityFields) {
    LISTING_JSON_TRY(reader.ReadString(key, &(entity->*field)));
  }
  return Status::Ok();
}

// The keys added to the form after listings were first stored: each is read when present.
Status ReadLaterFields(const ObjectReader& reader, Listing* listing) {
  if (reader.Has("regions_as")) {
    std::string regions_as;
    LISTING_JSON_TRY(reader.ReadString("regions_as", &regions_as));
    const std::optional<RegionKeys> keys = ParseRegionKeys(regions_as);
    if (!keys) return Status::Invalid("regions_as", "must be one of list, fields, both");
    listing->region_keys = *keys;
  }
  if (reader.Has("district")) LISTING_JSON_TRY(reader.ReadString("district", &listing->district));
  if (reader.Has("contributions")) {
    Result<const json::object*> contributions = reader.ReadObject("contributions");
    if (!contributions.ok()) return contributions.status();
    LISTING_JSON_TRY(ReadContributions(**contributions, &listing->contributions));
  }
  if (reader.Has("entity")) {
    Result<const json::object*> entity = reader.ReadObject("entity");
    if (!entity.ok()) return entity.status();
    LISTING_JSON_TRY(ReadEntity(**entity, &listing->entity));
  }
  if (reader.Has("url")) LISTING_JSON_TRY(reader.ReadString("url", &listing->url));
  if (reader.Has("edit_url")) LISTING_JSON_TRY(reader.ReadString("edit_url", &listing->edit_url));
  if (reader.Has("feedback_url")) {
    LISTING_JSON_TRY(reader.ReadString("feedback_url", &listing->feedback_url));
  }
  if (reader.Has("feedback_emails")) {
    LISTING_JSON_TRY(reader.ReadStringArray("feedback_emails", &listing->feedback_emails));
  }
  if (reader.Has("source_fields")) {
    Result<const json::object*> source_fields = reader.ReadObject("source_fields");
    if (!source_fields.ok()) return source_fields.status();
    listing->source_fields =
        (*source_fields)->empty() ? std::string() : json::serialize(**source_fields);
  }
  return Status::Ok();
}

Status ReadContact(const json::object& object, Contact* contact) {
  ObjectReader reader(object, "contact");
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kContactKeys));
  LISTING_JSON_TRY(reader.ReadString("website", &contact->website));
  LISTING_JSON_TRY(reader.ReadString("email", &contact->email));
  LISTING_JSON_TRY(reader.ReadString("phone", &contact->phone));
  return Status::Ok();
}

}  // namespace

boost::json::object ListingToJson(const Listing& listing) { return BuildListingJson(listing); }

std::string ListingToJsonString(const Listing& listing) {
  std::string out;
  out.reserve(1024);
  AppendCanonicalJson(listing, out);
  return out;
}

Result<Listing> ListingFromJson(const boost::json::value& json) {
  const json::object* object = json.if_object();
  if (object == nullptr) return Status::Invalid("", "a listing must be a JSON object");
  ObjectReader reader(*object, "");
  LISTING_JSON_TRY(reader.CheckNoUnknownKeys(kListingKeys));

  Listing listing;
  LISTING_JSON_TRY(reader.ReadString("id", &listing.id));
  LISTING_JSON_TRY(reader.ReadString("source", &listing.source));
  LISTING_JSON_TRY(reader.ReadString("slug", &listing.slug));
  LISTING_JSON_TRY(reader.ReadString("name", &listing.name));
  LISTING_JSON_TRY(reader.ReadString("timezone", &listing.timezone));
  LISTING_JSON_TRY(reader.ReadString("fellowship", &listing.fellowship));

  Result<const json::array*> schedule = reader.ReadArray("schedule");
  if (!schedule.ok()) return schedule.status();
  listing.schedule.reserve((*schedule)->size());
  for (std::size_t index = 0; index < (*schedule)->size(); ++index) {
    Result<Slot> slot = ReadSlot((**schedule)[index], IndexPath("schedule", index));
    if (!slot.ok()) return slot.status();
    listing.schedule.push_back(*slot);
  }

  std::string attendance;
  LISTING_JSON_TRY(reader.ReadString("attendance", &attendance));
  const std::optional<Attendance> parsed_attendance = ParseAttendance(attendance);
  if (!parsed_attendance.has_value()) {
    return Status::Invalid("attendance", "must be one of in_person, online, hybrid, inactive");
  }
  listing.attendance = *parsed_attendance;

  LISTING_JSON_TRY(reader.ReadStringArray("types", &listing.types));
  LISTING_JSON_TRY(reader.ReadStringArray("languages", &listing.languages));
  LISTING_JSON_TRY(reader.ReadStringArray("regions", &listing.regions));

  Result<const json::object*> location = reader.ReadObject("location");
  if (!location.ok()) return location.status();
  LISTING_JSON_TRY(ReadLocation(**location, &listing.location));
  Result<const json::object*> conference = reader.ReadObject("conference");
  if (!conference.ok()) return conference.status();
  LISTING_JSON_TRY(ReadConference(**conference, &listing.conference));
  Result<const json::object*> contact = reader.ReadObject("contact");
  if (!contact.ok()) return contact.status();
  LISTING_JSON_TRY(ReadContact(**contact, &listing.contact));

  LISTING_JSON_TRY(reader.ReadString("group", &listing.group));
  LISTING_JSON_TRY(reader.ReadString("group_notes", &listing.group_notes));
  LISTING_JSON_TRY(reader.ReadString("notes", &listing.notes));
  LISTING_JSON_TRY(reader.ReadString("updated", &listing.updated));
  LISTING_JSON_TRY(ReadLaterFields(reader, &listing));
  return listing;
}

Status ValidateListing(const Listing& listing) {
  LISTING_JSON_TRY(CheckUtf8(listing.id, "id"));
  LISTING_JSON_TRY(CheckUtf8(listing.source, "source"));
  LISTING_JSON_TRY(CheckUtf8(listing.slug, "slug"));
  LISTING_JSON_TRY(CheckUtf8(listing.name, "name"));
  LISTING_JSON_TRY(CheckUtf8(listing.timezone, "timezone"));
  LISTING_JSON_TRY(CheckUtf8(listing.fellowship, "fellowship"));
  for (std::size_t index = 0; index < listing.schedule.size(); ++index) {
    const Slot& slot = listing.schedule[index];
    const std::string path = IndexPath("schedule", index);
    if (slot.day < 0 || slot.day > 6) {
      return Status::Invalid(path + ".day", "must be a weekday number 0-6 (0 = Sunday)");
    }
    if (slot.start_minute < 0 || slot.start_minute >= kMinutesPerDay) {
      return Status::Invalid(path + ".start", "must be a time 00:00-23:59");
    }
    if (slot.duration_minutes < 1 || slot.duration_minutes > kMinutesPerDay) {
      return Status::Invalid(path + ".end", "the duration must be 1 to 1440 minutes");
    }
  }
  LISTING_JSON_TRY(CheckUtf8Array(listing.types, "types"));
  LISTING_JSON_TRY(CheckUtf8Array(listing.languages, "languages"));
  LISTING_JSON_TRY(CheckUtf8Array(listing.regions, "regions"));

  const Location& location = listing.location;
  LISTING_JSON_TRY(CheckUtf8(location.name, "location.name"));
  LISTING_JSON_TRY(CheckUtf8(location.address, "location.address"));
  LISTING_JSON_TRY(CheckUtf8(location.city, "location.city"));
  LISTING_JSON_TRY(CheckUtf8(location.state, "location.state"));
  LISTING_JSON_TRY(CheckUtf8(location.postal_code, "location.postal_code"));
  LISTING_JSON_TRY(CheckUtf8(location.country, "location.country"));
  LISTING_JSON_TRY(CheckUtf8(location.formatted_address, "location.formatted_address"));
  LISTING_JSON_TRY(CheckCoordinate(location.latitude, 90, "location.latitude"));
  LISTING_JSON_TRY(CheckCoordinate(location.longitude, 180, "location.longitude"));
  if (location.latitude.has_value() != location.longitude.has_value()) {
    return Status::Invalid(
        location.latitude.has_value() ? "location.longitude" : "location.latitude",
        "latitude and longitude must both be numbers or both be null");
  }
  LISTING_JSON_TRY(CheckUtf8(location.notes, "location.notes"));

  LISTING_JSON_TRY(CheckUtf8(listing.conference.url, "conference.url"));
  LISTING_JSON_TRY(CheckUtf8(listing.conference.url_notes, "conference.url_notes"));
  LISTING_JSON_TRY(CheckUtf8(listing.conference.phone, "conference.phone"));
  LISTING_JSON_TRY(CheckUtf8(listing.conference.phone_notes, "conference.phone_notes"));
  LISTING_JSON_TRY(CheckUtf8(listing.contact.website, "contact.website"));
  LISTING_JSON_TRY(CheckUtf8(listing.contact.email, "contact.email"));
  LISTING_JSON_TRY(CheckUtf8(listing.contact.phone, "contact.phone"));
  LISTING_JSON_TRY(CheckUtf8(listing.group, "group"));
  LISTING_JSON_TRY(CheckUtf8(listing.group_notes, "group_notes"));
  LISTING_JSON_TRY(CheckUtf8(listing.notes, "notes"));
  LISTING_JSON_TRY(CheckUtf8(listing.updated, "updated"));
  LISTING_JSON_TRY(CheckUtf8(listing.district, "district"));
  LISTING_JSON_TRY(CheckUtf8(listing.contributions.venmo, "contributions.venmo"));
  LISTING_JSON_TRY(CheckUtf8(listing.contributions.square, "contributions.square"));
  LISTING_JSON_TRY(CheckUtf8(listing.contributions.paypal, "contributions.paypal"));
  for (const auto& [key, field] : kEntityFields) {
    LISTING_JSON_TRY(CheckUtf8(listing.entity.*field, "entity." + std::string(key)));
  }
  LISTING_JSON_TRY(CheckUtf8(listing.url, "url"));
  LISTING_JSON_TRY(CheckUtf8(listing.edit_url, "edit_url"));
  LISTING_JSON_TRY(CheckUtf8(listing.feedback_url, "feedback_url"));
  LISTING_JSON_TRY(CheckUtf8Array(listing.feedback_emails, "feedback_emails"));
  if (!listing.source_fields.empty()) {
    // Must be what ReadLaterFields writes back: a compact JSON object, byte for byte.
    boost::system::error_code error;
    const json::value parsed = json::parse(listing.source_fields, error);
    if (error || !parsed.is_object() || json::serialize(parsed) != listing.source_fields) {
      return Status::Invalid("source_fields", "must be a compact JSON object");
    }
  }
  return Status::Ok();
}

#undef LISTING_JSON_TRY

}  // namespace rn::directory
