// BMLT semantic API import. Field meanings: BMLT's api-docs-semantic.json (SemanticMeeting,
// SemanticFormat, SemanticServiceBody); rules: docs/contracts/directory.md.
//
// Details the contract leaves open, settled here:
// - GetSearchResults may also come as the {"meetings": [...], "formats": [...]} envelope
//   (get_used_formats=1); its formats join those of the GetFormats document.
// - A meeting's formats come from format_shared_id_list (ids into GetFormats) when it has one, else
//   from the comma-separated `formats` keys. A format's code: its world_id's mapping, else key "ES"
//   → S and "SL" → ASL, else the key as given. GetFormats lists a format once per language; the
//   English entry wins, else the first (an entry with neither key nor world id never wins).
// - A meeting whose lang_enum names a spoken language other than English ("es") gets that
//   language's type code (S), as the meeting is held in it.
// - venue_type gives the attendance, except that a temporarily closed (TC) in-person meeting is
//   inactive and a TC hybrid one online, as the Meeting Guide rule has it. Without venue_type the
//   attendance is inferred as for Meeting Guide rows (a street number in location_street is a real
//   address).
// - Contact fields (contact_name_1, …) are not imported: on BMLT they are service contacts, not the
//   group's public ones.

#include "interop/bmlt/bmlt.h"

#include <algorithm>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/value.hpp>
#include <charconv>
#include <exception>
#include <unordered_map>

#include "directory/schedule.h"
#include "directory/vocabulary.h"
#include "interop/import_rules.h"
#include "util/text.h"

namespace rn::interop::bmlt {
namespace {

namespace json = boost::json;
using directory::Attendance;
using directory::Listing;

struct Format {
  std::string key;
  std::string world_id;
  bool english = false;
};

// Formats by id and by key.
struct FormatTable {
  std::unordered_map<std::string, Format> by_id;
  std::unordered_map<std::string, Format> by_key;

  // A format row with a control character in a field (ControlCharacterReason) is left out: its key
  // would become a listing's type.
  void Add(const json::object& row) {
    if (!ControlCharacterReason(row).empty()) return;
    Format format;
    format.key = FieldText(row, "key_string");
    format.world_id = FieldText(row, "world_id");
    format.english = text::AsciiLower(FieldText(row, "lang")) == "en";
    const std::string id = FieldText(row, "id");
    if (!id.empty()) Put(&by_id, id, format);
    if (!format.key.empty()) Put(&by_key, format.key, format);
  }

 private:
  static void Put(std::unordered_map<std::string, Format>* table, const std::string& name,
                  const Format& format) {
    auto [it, inserted] = table->emplace(name, format);
    if (inserted) return;
    const bool existing_is_blank = it->second.key.empty() && it->second.world_id.empty();
    const bool format_is_blank = format.key.empty() && format.world_id.empty();
    if ((existing_is_blank && !format_is_blank) ||
        (format.english && !it->second.english && !format_is_blank)) {
      it->second = format;
    }
  }
};

// The Meeting Guide code of a format.
std::string CodeOf(const Format& format) {
  if (auto code = directory::Vocabulary::Get().FromBmltWorldId(format.world_id)) return *code;
  const std::string key = text::AsciiLower(format.key);
  if (key == "es") return "S";    // Español
  if (key == "sl") return "ASL";  // sign language
  return format.key;
}

// "HH:MM:SS" or "HH:MM" with any number of hour digits, as minutes; nullopt when malformed.
std::optional<int> ParseDuration(std::string_view text) {
  text = text::Trim(text);
  const std::size_t colon = text.find(':');
  if (colon == 0 || colon == std::string_view::npos) return std::nullopt;
  int hours = 0, minutes = 0;
  const std::string_view hour_text = text.substr(0, colon);
  const auto hour_result =
      std::from_chars(hour_text.data(), hour_text.data() + hour_text.size(), hours);
  if (hour_result.ec != std::errc() || hour_result.ptr != hour_text.data() + hour_text.size() ||
      hours < 0) {
    return std::nullopt;
  }
  const std::string_view rest = text.substr(colon + 1);
  const bool seconds_ok = rest.size() == 5 && rest[2] == ':' && rest[3] >= '0' && rest[3] <= '5' &&
                          rest[4] >= '0' && rest[4] <= '9';
  if (rest.size() != 2 && !seconds_ok) return std::nullopt;
  const auto minute_result = std::from_chars(rest.data(), rest.data() + 2, minutes);
  if (minute_result.ec != std::errc() || minute_result.ptr != rest.data() + 2 || minutes > 59) {
    return std::nullopt;
  }
  if (hours > 24) hours = 24;
  return hours * 60 + minutes;
}

bool IsUnpublished(const json::object& row) {
  const json::value* value = FieldValue(row, "published");
  if (value == nullptr) return false;
  if (const auto* boolean = value->if_bool()) return !*boolean;
  const std::string text = JsonText(*value);
  return text == "0" || text::AsciiLower(text) == "false";
}

// Parses meeting rows one at a time, remembering ids and zones across rows.
class MeetingParser final {
 public:
  MeetingParser(const FeedOptions& options, const FormatTable& formats,
                const std::unordered_map<std::string, std::string>& service_bodies, FeedParse* out)
      : options_(options),
        formats_(formats),
        service_bodies_(service_bodies),
        out_(out),
        zones_(options.default_timezone) {
    fellowship_ = options.fellowship.empty() ? "na" : options.fellowship;
  }

  void Parse(int index, const json::value& value) {
    std::string slug;
    const std::string reason = ParseOrReason(index, value, &slug);
    if (!reason.empty()) out_->rejections.push_back({index, std::move(slug), reason});
  }

 private:
  std::vector<std::string> Types(const json::object& row) const {
    std::vector<std::string> types;
    const std::string id_list = FieldText(row, "format_shared_id_list");
    if (!id_list.empty()) {
      for (std::string_view id : text::SplitCommas(id_list)) {
        auto format = formats_.by_id.find(std::string(id));
        if (format != formats_.by_id.end()) AddType(CodeOf(format->second), &types);
      }
    } else {
      const std::string key_list = FieldText(row, "formats");  // outlives the views into it
      for (std::string_view key : text::SplitCommas(key_list)) {
        auto format = formats_.by_key.find(std::string(key));
        AddType(format != formats_.by_key.end() ? CodeOf(format->second)
                                                : CodeOf(Format{std::string(key), {}, false}),
                &types);
      }
    }
    const std::string language = text::AsciiLower(FieldText(row, "lang_enum"));
    if (!language.empty() && language != "en") {
      const std::string_view code = directory::Vocabulary::Get().TypeOfLanguage(language);
      if (!code.empty()) AddType(std::string(code), &types);
    }
    return types;
  }

  // Returns the rejection reason; empty when the meeting went in or was skipped as unpublished.
  std::string ParseOrReason(int index, const json::value& value, std::string* slug) {
    const json::object* row = value.if_object();
    if (row == nullptr) return "row: " + JsonForReason(value) + " is not a JSON object";
    *slug = FieldText(*row, "id_bigint");
    if (slug->empty()) return "id_bigint: missing or empty";
    if (IsUnpublished(*row)) return {};
    if (std::string reason = ControlCharacterReason(*row); !reason.empty()) return reason;
    std::string name = FieldText(*row, "meeting_name");
    if (name.empty()) return "meeting_name: missing or empty";
    const auto [seen, inserted] = first_row_of_id_.emplace(*slug, index);
    if (!inserted) {
      return "id_bigint: " + QuoteForReason(*slug) + " repeats row " + std::to_string(seen->second);
    }

    const json::value* weekday_value = FieldValue(*row, "weekday_tinyint");
    if (weekday_value == nullptr) return "weekday_tinyint: missing";
    const std::string weekday_text = JsonText(*weekday_value);
    int weekday = 0;
    const auto weekday_result =
        std::from_chars(weekday_text.data(), weekday_text.data() + weekday_text.size(), weekday);
    if (weekday_text.empty() || weekday_result.ec != std::errc() ||
        weekday_result.ptr != weekday_text.data() + weekday_text.size() || weekday < 1 ||
        weekday > 7) {
      return "weekday_tinyint: " + JsonForReason(*weekday_value) + " is not a weekday number 1-7";
    }
    const json::value* start_value = FieldValue(*row, "start_time");
    if (start_value == nullptr) return "start_time: missing";
    const std::optional<int> start =
        ParseClockTime(JsonText(*start_value), /*allow_end_of_day=*/false);
    if (!start) return "start_time: " + JsonForReason(*start_value) + " is not a time of day";
    std::optional<int> duration = ParseDuration(FieldText(*row, "duration_time"));
    if (!duration || *duration == 0) duration = directory::kDefaultDurationMinutes;

    const Result<const date::time_zone*> zone =
        zones_.Resolve("time_zone", FieldText(*row, "time_zone"));
    if (!zone.ok()) return zone.status().message();

    Listing listing = NewListing(options_, *slug, std::move(name), *zone);
    listing.fellowship = fellowship_;
    listing.schedule = {directory::Slot{weekday - 1, *start, *duration}};
    listing.types = Types(*row);
    listing.languages = LanguagesOfTypes(listing.types);
    if (auto body = service_bodies_.find(FieldText(*row, "service_body_bigint"));
        body != service_bodies_.end() && !body->second.empty()) {
      listing.regions = {body->second};
    }

    directory::Location& location = listing.location;
    location.name = FieldText(*row, "location_text");
    location.notes = FieldText(*row, "location_info");
    location.address = FieldText(*row, "location_street");
    location.city = FieldText(*row, "location_municipality");
    if (location.city.empty()) location.city = FieldText(*row, "location_city_subsection");
    if (location.city.empty()) location.city = FieldText(*row, "location_neighborhood");
    location.state = FieldText(*row, "location_province");
    location.postal_code = FieldText(*row, "location_postal_code_1");
    location.country = FieldText(*row, "location_nation");
    location.formatted_address = AssembleAddress(location.address, location.city, location.state,
                                                 location.postal_code, location.country);
    location.formatted_address_assembled = !location.formatted_address.empty();
    SetCoordinates(ParseDecimal(FieldText(*row, "latitude")),
                   ParseDecimal(FieldText(*row, "longitude")), &location);

    listing.notes = FieldText(*row, "comments");
    listing.conference.url = FieldText(*row, "virtual_meeting_link");
    listing.conference.url_notes = FieldText(*row, "virtual_meeting_additional_info");
    listing.conference.phone = FieldText(*row, "phone_meeting_number");

    const bool temporarily_closed =
        std::find(listing.types.begin(), listing.types.end(), "TC") != listing.types.end();
    const std::string venue_type = FieldText(*row, "venue_type");
    if (venue_type == "1") {
      listing.attendance = temporarily_closed ? Attendance::kInactive : Attendance::kInPerson;
    } else if (venue_type == "2") {
      listing.attendance = Attendance::kOnline;
    } else if (venue_type == "3") {
      listing.attendance = temporarily_closed ? Attendance::kOnline : Attendance::kHybrid;
    } else {
      listing.attendance = InferAttendance(listing, StartsWithStreetNumber(location.address));
    }

    out_->listings.push_back(std::move(listing));
    return {};
  }

  const FeedOptions& options_;
  const FormatTable& formats_;
  const std::unordered_map<std::string, std::string>& service_bodies_;
  FeedParse* out_;
  std::string fellowship_;
  std::unordered_map<std::string, int> first_row_of_id_;
  ZoneResolver zones_;
};

Result<FeedParse> ParseBmltOrThrow(const BmltDocuments& documents, const FeedOptions& options) {
  if (options.source.empty()) return Status::Invalid("source", "must not be empty");
  json::monotonic_resource resource;

  Result<json::value> formats_document = ParseJsonDocument(documents.formats, "formats", &resource);
  if (!formats_document.ok()) return formats_document.status();
  const json::array* format_rows = formats_document->if_array();
  if (format_rows == nullptr) return Status::Invalid("formats", "must be a JSON array of formats");

  Result<json::value> bodies_document =
      ParseJsonDocument(documents.service_bodies, "service_bodies", &resource);
  if (!bodies_document.ok()) return bodies_document.status();
  const json::array* body_rows = bodies_document->if_array();
  if (body_rows == nullptr) {
    return Status::Invalid("service_bodies", "must be a JSON array of service bodies");
  }

  Result<json::value> meetings_document =
      ParseJsonDocument(documents.meetings, "meetings", &resource);
  if (!meetings_document.ok()) return meetings_document.status();
  const json::array* meeting_rows = meetings_document->if_array();
  const json::array* envelope_formats = nullptr;
  if (const json::object* envelope = meetings_document->if_object()) {
    if (const json::value* meetings = FieldValue(*envelope, "meetings"))
      meeting_rows = meetings->if_array();
    if (const json::value* formats = FieldValue(*envelope, "formats")) {
      envelope_formats = formats->if_array();
    }
  }
  if (meeting_rows == nullptr)
    return Status::Invalid("meetings", "must be a JSON array of meetings");

  FormatTable formats;
  for (const json::array* rows : {format_rows, envelope_formats}) {
    if (rows == nullptr) continue;
    for (const json::value& row : *rows) {
      if (const json::object* format = row.if_object()) formats.Add(*format);
    }
  }
  std::unordered_map<std::string, std::string> service_bodies;
  for (const json::value& row : *body_rows) {
    // A service body whose name holds a control character is left out, as an unnamed one is: the
    // name would become a listing's region.
    if (const json::object* body = row.if_object(); body && ControlCharacterReason(*body).empty()) {
      service_bodies.emplace(FieldText(*body, "id"), FieldText(*body, "name"));
    }
  }

  FeedParse parse;
  parse.listings.reserve(meeting_rows->size());
  MeetingParser parser(options, formats, service_bodies, &parse);
  int index = 0;
  for (const json::value& row : *meeting_rows) parser.Parse(index++, row);
  return parse;
}

}  // namespace

Result<FeedParse> ParseBmlt(const BmltDocuments& documents, const FeedOptions& options) {
  try {
    return ParseBmltOrThrow(documents, options);
  } catch (const std::exception& exception) {
    // Only resource exhaustion gets here (allocation failure); the input itself cannot cause a
    // throw.
    return Status::Internal(std::string("BMLT documents could not be parsed: ") + exception.what());
  }
}

}  // namespace rn::interop::bmlt
