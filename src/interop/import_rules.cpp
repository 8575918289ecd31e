#include "interop/import_rules.h"

#include <date/date.h>

#include <algorithm>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <chrono>
#include <cmath>

#include "directory/vocabulary.h"
#include "util/stored_text.h"
#include "util/text.h"

namespace rn::interop {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Reads exactly `count` digits at `*pos`, advancing it.
bool ReadFixedDigits(std::string_view text, std::size_t* pos, std::size_t count, int* out) {
  if (*pos + count > text.size()) return false;
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[*pos + i];
    if (!IsDigit(c)) return false;
    value = value * 10 + (c - '0');
  }
  *pos += count;
  *out = value;
  return true;
}

// Reads one or two digits at `*pos`, advancing it.
bool ReadOneOrTwoDigits(std::string_view text, std::size_t* pos, int* out) {
  if (*pos >= text.size() || !IsDigit(text[*pos])) return false;
  int value = text[(*pos)++] - '0';
  if (*pos < text.size() && IsDigit(text[*pos])) value = value * 10 + (text[(*pos)++] - '0');
  *out = value;
  return true;
}

enum class Meridiem { kNone, kAm, kPm, kInvalid };

Meridiem ReadMeridiem(std::string_view rest) {
  const std::string lower = text::AsciiLower(text::Trim(rest));
  if (lower.empty()) return Meridiem::kNone;
  if (lower == "am" || lower == "a.m." || lower == "a.m") return Meridiem::kAm;
  if (lower == "pm" || lower == "p.m." || lower == "p.m") return Meridiem::kPm;
  return Meridiem::kInvalid;
}

void AppendDigits(int value, int width, std::string* out) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(digits, static_cast<std::size_t>(width));
}

// "YYYY-MM-DDTHH:MM:SSZ". REQUIRES: every field in range (year 0–9999).
std::string FormatUtc(int year, unsigned month, unsigned day, int hour, int minute, int second) {
  std::string out;
  out.reserve(20);
  AppendDigits(year, 4, &out);
  out += '-';
  AppendDigits(static_cast<int>(month), 2, &out);
  out += '-';
  AppendDigits(static_cast<int>(day), 2, &out);
  out += 'T';
  AppendDigits(hour, 2, &out);
  out += ':';
  AppendDigits(minute, 2, &out);
  out += ':';
  AppendDigits(second, 2, &out);
  out += 'Z';
  return out;
}

std::string FormatInstant(std::chrono::sys_seconds instant) {
  const auto day_point = std::chrono::floor<date::days>(instant);
  const date::year_month_day ymd(day_point);
  const int year = static_cast<int>(ymd.year());
  if (year < 1970 || year > 9999) return {};
  const long long second_of_day = (instant - day_point).count();
  return FormatUtc(year, static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                   static_cast<int>(second_of_day / 3600),
                   static_cast<int>(second_of_day / 60 % 60), static_cast<int>(second_of_day % 60));
}

// "YYYY-MM-DD", optionally followed by ' ' or 'T' and "HH:MM" or "HH:MM:SS", optional fraction, and
// an optional 'Z'/"+00:00"-style offset. Returns the instant, or nullopt.
std::optional<std::chrono::sys_seconds> ParseIsoLike(std::string_view text) {
  std::size_t pos = 0;
  int year, month, day;
  if (!ReadFixedDigits(text, &pos, 4, &year) || pos >= text.size() || text[pos++] != '-' ||
      !ReadFixedDigits(text, &pos, 2, &month) || pos >= text.size() || text[pos++] != '-' ||
      !ReadFixedDigits(text, &pos, 2, &day)) {
    return std::nullopt;
  }
  int hour = 0, minute = 0, second = 0, offset_minutes = 0;
  if (pos < text.size()) {
    if (text[pos] != ' ' && text[pos] != 'T' && text[pos] != 't') return std::nullopt;
    ++pos;
    if (!ReadFixedDigits(text, &pos, 2, &hour) || pos >= text.size() || text[pos++] != ':' ||
        !ReadFixedDigits(text, &pos, 2, &minute)) {
      return std::nullopt;
    }
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      if (!ReadFixedDigits(text, &pos, 2, &second)) return std::nullopt;
      if (pos < text.size() && text[pos] == '.') {
        ++pos;
        const std::size_t digits_start = pos;
        while (pos < text.size() && IsDigit(text[pos])) ++pos;
        if (pos == digits_start) return std::nullopt;
      }
    }
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
      ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
      const int sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int offset_hour, offset_minute;
      if (!ReadFixedDigits(text, &pos, 2, &offset_hour)) return std::nullopt;
      if (pos < text.size() && text[pos] == ':') ++pos;
      if (!ReadFixedDigits(text, &pos, 2, &offset_minute)) return std::nullopt;
      if (offset_hour > 23 || offset_minute > 59) return std::nullopt;
      offset_minutes = sign * (offset_hour * 60 + offset_minute);
    }
    if (pos != text.size()) return std::nullopt;
  }
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  if (second == 60) second = 59;
  return std::chrono::sys_seconds(date::sys_days(ymd)) + std::chrono::hours(hour) +
         std::chrono::minutes(minute - offset_minutes) + std::chrono::seconds(second);
}

}  // namespace

std::optional<int> ParseClockTime(std::string_view text, bool allow_end_of_day) {
  const std::string_view trimmed = text::Trim(text);
  std::size_t pos = 0;
  int hour = 0, minute = 0, second = 0;
  if (!ReadOneOrTwoDigits(trimmed, &pos, &hour)) return std::nullopt;
  bool has_minutes = false;
  if (pos < trimmed.size() && trimmed[pos] == ':') {
    ++pos;
    if (!ReadFixedDigits(trimmed, &pos, 2, &minute)) return std::nullopt;
    has_minutes = true;
    if (pos < trimmed.size() && trimmed[pos] == ':') {
      ++pos;
      if (!ReadFixedDigits(trimmed, &pos, 2, &second)) return std::nullopt;
    }
  }
  if (minute > 59 || second > 59) return std::nullopt;
  switch (ReadMeridiem(trimmed.substr(pos))) {
    case Meridiem::kInvalid:
      return std::nullopt;
    case Meridiem::kNone:
      if (!has_minutes) return std::nullopt;
      if (hour <= 23) return hour * 60 + minute;
      if (allow_end_of_day && hour == 24 && minute == 0 && second == 0) return 24 * 60;
      return std::nullopt;
    case Meridiem::kAm:
      if (hour < 1 || hour > 12) return std::nullopt;
      return (hour % 12) * 60 + minute;
    case Meridiem::kPm:
      if (hour < 1 || hour > 12) return std::nullopt;
      return (hour % 12 + 12) * 60 + minute;
  }
  return std::nullopt;
}

int DurationFromEnd(int start_minute, std::optional<int> end_minute) {
  if (!end_minute || *end_minute == start_minute) return directory::kDefaultDurationMinutes;
  if (*end_minute > start_minute) return *end_minute - start_minute;
  return *end_minute + directory::kMinutesPerDay - start_minute;
}

std::optional<double> ParseDecimal(std::string_view text) {
  std::string_view trimmed = text::Trim(text);
  if (!trimmed.empty() && trimmed.front() == '+') trimmed.remove_prefix(1);
  if (trimmed.empty()) return std::nullopt;
  // from_chars would also accept "nan" and "inf"; only plain decimal numbers count here.
  for (char c : trimmed) {
    if (!IsDigit(c) && c != '-' && c != '.' && c != 'e' && c != 'E' && c != '+')
      return std::nullopt;
  }
  double value = 0;
  const auto [end, error] = std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), value);
  if (error != std::errc() || end != trimmed.data() + trimmed.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

void SetCoordinates(std::optional<double> latitude, std::optional<double> longitude,
                    directory::Location* location) {
  location->latitude.reset();
  location->longitude.reset();
  if (!latitude || !longitude || !std::isfinite(*latitude) || !std::isfinite(*longitude)) return;
  if (*latitude < -90 || *latitude > 90 || *longitude < -180 || *longitude > 180) return;
  // + 0.0 turns a rounded -0.0 into 0.0, so equal places compare and print equal.
  const double rounded_latitude = std::round(*latitude * 1e7) / 1e7 + 0.0;
  const double rounded_longitude = std::round(*longitude * 1e7) / 1e7 + 0.0;
  if (rounded_latitude == 0 && rounded_longitude == 0) return;
  location->latitude = rounded_latitude;
  location->longitude = rounded_longitude;
}

std::string AssembleAddress(std::string_view address, std::string_view city, std::string_view state,
                            std::string_view postal_code, std::string_view country) {
  std::string state_postal(state);
  if (!postal_code.empty()) {
    if (!state_postal.empty()) state_postal += ' ';
    state_postal += postal_code;
  }
  std::string out;
  for (std::string_view part : {address, city, std::string_view(state_postal), country}) {
    if (part.empty()) continue;
    if (!out.empty()) out += ", ";
    out += part;
  }
  return out;
}

directory::Attendance InferAttendance(const directory::Listing& listing, bool has_real_address) {
  const bool temporarily_closed =
      std::find(listing.types.begin(), listing.types.end(), "TC") != listing.types.end();
  if (!listing.conference.empty()) {
    return !temporarily_closed && has_real_address ? directory::Attendance::kHybrid
                                                   : directory::Attendance::kOnline;
  }
  return temporarily_closed ? directory::Attendance::kInactive : directory::Attendance::kInPerson;
}

std::vector<std::string> LanguagesOfTypes(const std::vector<std::string>& types) {
  const directory::Vocabulary& vocabulary = directory::Vocabulary::Get();
  std::vector<std::string> languages;
  for (const std::string& type : types) {
    const std::string_view language = vocabulary.LanguageOfType(type);
    if (language.empty()) continue;
    if (std::find(languages.begin(), languages.end(), language) == languages.end()) {
      languages.emplace_back(language);
    }
  }
  return languages;
}

void AddType(std::string code, std::vector<std::string>* types) {
  if (code.empty()) return;
  if (std::find(types->begin(), types->end(), code) != types->end()) return;
  types->push_back(std::move(code));
}

std::string NormalizeUnixSeconds(long long seconds) {
  // Years 1970–9999 only: also keeps the arithmetic far from overflow.
  if (seconds < 0 || seconds > 253402300799LL) return {};
  return FormatInstant(std::chrono::sys_seconds(std::chrono::seconds(seconds)));
}

std::string NormalizeUpdated(std::string_view text) {
  const std::string_view trimmed = text::Trim(text);
  if (trimmed.size() >= 9 && trimmed.size() <= 11 &&
      std::all_of(trimmed.begin(), trimmed.end(), IsDigit)) {
    long long seconds = 0;
    std::from_chars(trimmed.data(), trimmed.data() + trimmed.size(), seconds);
    return NormalizeUnixSeconds(seconds);
  }
  const auto instant = ParseIsoLike(trimmed);
  if (!instant) return {};
  return FormatInstant(*instant);
}

std::string QuoteForReason(std::string_view text) {
  constexpr std::size_t kMaxBytes = 40;
  std::string out = "\"";
  if (text.size() <= kMaxBytes) {
    out += text;
  } else {
    std::size_t cut = kMaxBytes;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out += text.substr(0, cut);
    out += "...";
  }
  out += '"';
  return out;
}

Result<boost::json::value> ParseJsonDocument(std::string_view json, std::string_view document_name,
                                             boost::json::monotonic_resource* resource) {
  if (json.size() >= 3 && json.substr(0, 3) == "\xEF\xBB\xBF") json.remove_prefix(3);
  boost::json::parse_options options;
  options.allow_invalid_utf8 = true;  // strings are cleaned field by field
  options.max_depth = 64;
  boost::json::parser parser(boost::json::storage_ptr(), options);
  parser.reset(resource);
  boost::system::error_code error;
  const std::size_t consumed = parser.write(json.data(), json.size(), error);
  if (error) {
    return Status::Invalid(std::string(document_name), "not valid JSON: " + error.message() +
                                                           " at byte " + std::to_string(consumed));
  }
  return parser.release();
}

const boost::json::value* FieldValue(const boost::json::object& row, std::string_view key) {
  const boost::json::value* value = row.if_contains(key);
  if (value == nullptr || value->is_null()) return nullptr;
  return value;
}

std::string JsonText(const boost::json::value& value) {
  if (const auto* string = value.if_string()) {
    // Most feed strings need no cleaning: then the trimmed text is copied once.
    const std::string_view raw(*string);
    if (raw.find('\r') == std::string_view::npos && text::IsValidUtf8(raw)) {
      return std::string(text::Trim(raw));
    }
    // Clean first: dropping invalid bytes can bare white space at either end.
    const std::string valid = text::NormalizeLineEnds(text::ToValidUtf8(std::string_view(*string)));
    return std::string(text::Trim(valid));
  }
  if (const auto* integer = value.if_int64()) return std::to_string(*integer);
  if (const auto* unsigned_integer = value.if_uint64()) return std::to_string(*unsigned_integer);
  if (const auto* real = value.if_double()) {
    if (std::isfinite(*real) && std::floor(*real) == *real &&
        std::fabs(*real) < 9007199254740992.0) {
      return std::to_string(static_cast<long long>(*real));
    }
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, *real);
    return std::string(buffer, result.ptr);
  }
  return {};
}

namespace {

// The first forbidden control character in any string within `value` (strings in arrays and
// objects at any depth included, object keys too); nullopt when there is none.
std::optional<char32_t> FirstControlWithin(const boost::json::value& value) {
  auto in_string = [](std::string_view string) {
    // Only a carriage return reads differently once line ends are normalised: most strings have
    // none and are checked as they are, without a copy.
    if (string.find('\r') == std::string_view::npos) {
      return text::FirstForbiddenControl(string, text::Lines::kMany);
    }
    return text::FirstForbiddenControl(text::NormalizeLineEnds(string), text::Lines::kMany);
  };
  if (const auto* string = value.if_string()) return in_string(*string);
  if (const auto* array = value.if_array()) {
    for (const boost::json::value& element : *array) {
      if (const auto control = FirstControlWithin(element)) return control;
    }
  } else if (const auto* object = value.if_object()) {
    for (const auto& [key, member] : *object) {
      if (const auto control = in_string(key)) return control;
      if (const auto control = FirstControlWithin(member)) return control;
    }
  }
  return std::nullopt;
}

}  // namespace

std::string ControlCharacterReason(const boost::json::object& row) {
  for (const auto& [key, value] : row) {
    if (const auto control = FirstControlWithin(value)) {
      return std::string(std::string_view(key)) + ": " + text::ControlCharacterMessage(*control);
    }
  }
  return {};
}

std::string FieldText(const boost::json::object& row, std::string_view key) {
  const boost::json::value* value = FieldValue(row, key);
  return value == nullptr ? std::string() : JsonText(*value);
}

std::string JsonForReason(const boost::json::value& value) {
  if (const auto* string = value.if_string()) {
    return QuoteForReason(text::ToValidUtf8(std::string_view(*string)));
  }
  if (value.is_number()) return JsonText(value);
  const std::string serialized = boost::json::serialize(value);
  if (serialized.size() <= 40) return serialized;
  return serialized.substr(0, 40) + "...";
}

const date::time_zone* ZoneResolver::Find(const std::string& name) {
  if (name.empty()) return nullptr;
  auto it = cache_.find(name);
  if (it == cache_.end()) it = cache_.emplace(name, directory::FindZone(name)).first;
  return it->second;
}

Result<const date::time_zone*> ZoneResolver::Resolve(std::string_view field,
                                                     const std::string& own_name) {
  const date::time_zone* zone = Find(own_name);
  if (zone == nullptr) zone = Find(default_zone_);
  if (zone != nullptr) return zone;
  const std::string prefix = std::string(field) + ": ";
  if (own_name.empty()) {
    return Status::Invalid("", prefix + "missing, and the feed has no default time zone");
  }
  return Status::Invalid("",
                         prefix + QuoteForReason(own_name) +
                             " is not a known time zone, and the feed has no default time zone");
}

directory::Listing NewListing(const FeedOptions& options, std::string slug, std::string name,
                              const date::time_zone* zone) {
  directory::Listing listing;
  listing.source = options.source;
  listing.id = directory::MakeListingId(options.source, slug);
  listing.slug = std::move(slug);
  listing.name = std::move(name);
  listing.timezone = std::string(zone->name());
  return listing;
}

}  // namespace rn::interop
