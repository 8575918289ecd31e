// Link-SF's Parse export (linksf.h). The fields, as testdata/resources/linksf-sf-dropin/SOURCES.md
// lists them: a facility has name, address, city, location {latitude, longitude}, phone (free
// text), website, categories, gender, age, notes, description and services; a service has name,
// description, notes, category and openHours {"0".."6": [[open_hhmm, close_hhmm], ...]}.
//
// Day numbering: "0" is Sunday, "6" Saturday. The evidence, from services whose notes name their
// days: Arriba Juntos ("Weekly food pantry (Thursday)") has only "4"; Curry Without Worry ("once
// a week (Tuesdays)") only "2"; City Team Ministries ("Dinner: Tues-Fri ... Lunch: Saturday
// 1pm-3pm") 1745-1900 on "2".."5" and 1300-1500 on "6"; S.F. Rescue Mission ("Breakfast and Dinner
// Monday through Friday") "1".."5"; Women's Building ("come Mon 11am") only "1". And the commonest
// pattern, 48 of the 130 services, is open "1".."5" and closed "0" and "6": weekdays.
//
// Times are hhmm integers (900 is 09:00, 0 midnight). Link-SF writes round-the-clock service as
// [0, 2359]: that becomes 00:00-24:00, the whole day; any other close at 2359 means until midnight
// and becomes "00:00" (a close at or before the opening is the next day, as resources/hours.h
// reads it; "24:00" only for a whole day from midnight, where "00:00" would read as the start, as
// meeting_guide.cpp writes it too).

#include "interop/facilities/linksf.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <map>
#include <optional>
#include <set>

#include "resources/categories.h"
#include "resources/time_of_day.h"
#include "util/text.h"

namespace rn::interop::facilities {
namespace {

namespace json = boost::json;
using resources::Record;
using resources::RecordKind;

constexpr std::array<std::string_view, 7> kDayCodes = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};
// Monday first: the order byday lists days in.
constexpr std::array<int, 7> kWeekOrder = {1, 2, 3, 4, 5, 6, 0};

// Link-SF's categories (SOURCES.md: food 61, technology 10, housing 9, medical 7, hygiene 2) as
// ours. Technology is computers, phones and internet (St. Anthony's Tenderloin Technology Lab):
// basic needs, with hygiene (showers, products).
constexpr std::array<std::pair<std::string_view, std::string_view>, 5> kCategoryOf = {{
    {"food", "food"},
    {"housing", "shelter"},
    {"medical", "medical"},
    {"hygiene", "basic_needs"},
    {"technology", "basic_needs"},
}};

// The age codes, as the facilities that carry them show: "S" only on senior centres (Canon Kip
// Senior Center, "Senior multi-service center"; Curry Senior Center, "Must be over 55"; Kimochi's
// senior nutrition programme); "A" on Next Door ("24-hour shelter for adults", with "S") and the
// Adult Education Center; "Y" on the youth shelters (Larkin Street's Diamond Youth Shelter alone;
// Huckleberry House, "youths aged 11-17", with "C"). "C" never comes alone, only with "Y":
// children, the reading the letter and Huckleberry's under-18s allow, but the weakest of the four.
constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kAgeOf = {{
    {"C", "Children"},
    {"Y", "Youth"},
    {"A", "Adults"},
    {"S", "Seniors"},
}};

std::string Path(std::string_view parent, std::string_view key) {
  return parent.empty() ? std::string(key) : std::string(parent) + "." + std::string(key);
}

// The text at `key`: "" when absent or null, an error naming `path` when not a string.
Result<std::string> TextAt(const json::object& object, std::string_view key,
                           std::string_view path) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::string();
  if (!value->is_string()) return Status::Invalid(Path(path, key), "must be text");
  return std::string(text::Trim(value->get_string()));
}

// A number at `key`: nullopt when absent or null, an error when not a number.
Result<std::optional<double>> NumberAt(const json::object& object, std::string_view key,
                                       std::string_view path) {
  const json::value* value = object.if_contains(key);
  if (value == nullptr || value->is_null()) return std::optional<double>();
  if (!value->is_number()) return Status::Invalid(Path(path, key), "must be a number");
  return std::optional<double>(value->to_number<double>());
}

// The first run of the free text that reads as a phone number (7 or more digits among digits,
// spaces, parentheses, dots and dashes): "Crisis line: 877-503-1850. Teen…" → "877-503-1850".
std::string FirstPhoneNumber(std::string_view text) {
  auto allowed = [](char c) {
    return (c >= '0' && c <= '9') || c == '(' || c == ')' || c == '-' || c == '.' || c == ' ';
  };
  std::size_t index = 0;
  while (index < text.size()) {
    const char c = text[index];
    if (!((c >= '0' && c <= '9') || c == '(')) {
      ++index;
      continue;
    }
    std::size_t end = index;
    while (end < text.size() && allowed(text[end])) ++end;
    std::string_view run = text.substr(index, end - index);
    while (!run.empty() && !(run.back() >= '0' && run.back() <= '9')) run.remove_suffix(1);
    const auto digits =
        std::count_if(run.begin(), run.end(), [](char d) { return d >= '0' && d <= '9'; });
    if (digits >= 7) return std::string(run);
    index = end;
  }
  return {};
}

// An hhmm integer as minutes after midnight, or an error naming `path`.
Result<int> HhmmMinutes(const json::value& value, const std::string& path) {
  if (!value.is_number()) return Status::Invalid(path, "must be an hhmm number");
  std::error_code error;
  const auto number = value.to_number<std::int64_t>(error);
  if (error || number < 0 || number > 2400) {
    return Status::Invalid(path, "must be an hhmm number from 0 to 2400");
  }
  char digits[8];
  std::snprintf(digits, sizeof digits, "%04d", static_cast<int>(number));
  return resources::ParseTimeOfDay(digits, path);
}

json::object CategoryAttribute(const std::string& service_id, const resources::Category& category) {
  json::object attribute;
  attribute["id"] = resources::DerivedId({service_id, "category", category.slug});
  attribute["link_entity"] = "service";
  attribute["link_id"] = service_id;
  attribute["link_type"] = "category";
  attribute["taxonomy_term_id"] = category.term_id;
  attribute["label"] = category.name;
  return attribute;
}

// A service's openHours as schedules: one per distinct (open, close) range, on the days it is
// held, so a split shift (two ranges a day) is two schedules.
Result<json::array> Schedules(const json::value* open_hours, const std::string& service_id,
                              const std::string& path) {
  json::array schedules;
  if (open_hours == nullptr || open_hours->is_null()) return schedules;
  if (!open_hours->is_object()) return Status::Invalid(path, "must be an object of days");
  std::array<std::vector<std::pair<int, int>>, 7> ranges_of_day;
  for (const auto& [key, ranges] : open_hours->get_object()) {
    const std::string day_path = path + "." + std::string(key);
    if (key.size() != 1 || key[0] < '0' || key[0] > '6') {
      return Status::Invalid(day_path, "days are \"0\" (Sunday) to \"6\" (Saturday)");
    }
    if (ranges.is_null()) continue;
    if (!ranges.is_array()) return Status::Invalid(day_path, "must be a list of [open, close]");
    std::size_t range_index = 0;
    for (const json::value& range : ranges.get_array()) {
      const std::string range_path = day_path + "[" + std::to_string(range_index++) + "]";
      if (!range.is_array() || range.get_array().size() != 2) {
        return Status::Invalid(range_path, "must be [open_hhmm, close_hhmm]");
      }
      RN_ASSIGN_OR_RETURN(opens, HhmmMinutes(range.get_array()[0], range_path + "[0]"));
      RN_ASSIGN_OR_RETURN(closes, HhmmMinutes(range.get_array()[1], range_path + "[1]"));
      ranges_of_day[static_cast<std::size_t>(key[0] - '0')].emplace_back(opens, closes);
    }
  }
  // The ranges in the order a week shows them (Monday first), each with its days.
  std::vector<std::pair<std::pair<int, int>, std::vector<int>>> groups;
  for (int day : kWeekOrder) {
    for (const auto& range : ranges_of_day[static_cast<std::size_t>(day)]) {
      auto group = std::find_if(groups.begin(), groups.end(),
                                [&](const auto& entry) { return entry.first == range; });
      if (group == groups.end()) {
        groups.push_back({range, {}});
        group = groups.end() - 1;
      }
      if (std::find(group->second.begin(), group->second.end(), day) == group->second.end()) {
        group->second.push_back(day);
      }
    }
  }
  for (const auto& [range, days] : groups) {
    const auto [opens, closes] = range;
    const int kTwentyThreeFiftyNine = 23 * 60 + 59;
    std::string closes_at = resources::FormatHhMm(closes);
    if (closes == kTwentyThreeFiftyNine) closes_at = opens == 0 ? "24:00" : "00:00";
    std::string byday;
    for (int day : days) {
      if (!byday.empty()) byday += ',';
      byday += kDayCodes[static_cast<std::size_t>(day)];
    }
    json::object schedule;
    schedule["id"] = resources::DerivedId({service_id, "schedule", resources::FormatHhMm(opens), closes_at});
    schedule["service_id"] = service_id;
    schedule["freq"] = "WEEKLY";
    schedule["byday"] = byday;
    schedule["opens_at"] = resources::FormatHhMm(opens);
    schedule["closes_at"] = closes_at;
    schedules.push_back(std::move(schedule));
  }
  return schedules;
}

std::string Joined(const std::string& first, const std::string& second) {
  if (first.empty()) return second;
  if (second.empty()) return first;
  return first + "\n\n" + second;
}

// What a facility says every one of its services is for: its gender and age codes, in English.
Result<std::string> Eligibility(const json::object& facility) {
  std::vector<std::string_view> parts;
  RN_ASSIGN_OR_RETURN(gender, TextAt(facility, "gender", ""));
  if (gender == "F") parts.push_back("Women");
  if (gender == "M") parts.push_back("Men");
  if (const json::value* age = facility.if_contains("age"); age != nullptr && !age->is_null()) {
    if (!age->is_array()) return Status::Invalid("age", "must be a list of age codes");
    for (const json::value& code : age->get_array()) {
      if (!code.is_string()) return Status::Invalid("age", "age codes must be text");
      for (const auto& [letter, meaning] : kAgeOf) {
        if (code.get_string() == letter) parts.push_back(meaning);
      }
    }
  }
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += "; ";
    out += part;
  }
  return out;
}

struct Facility {
  std::vector<Record> records;  // the organization and location
  std::string organization_id;
  std::string location_id;
  std::string eligibility;
  std::string categories;  // the facility's, for a service that names none
};

Result<Facility> ReadFacility(const json::object& object, const std::string& source) {
  Facility facility;
  const json::value* id = object.if_contains("objectId");
  if (id == nullptr || !id->is_string() || id->get_string().empty()) {
    return Status::Invalid("objectId", "a facility needs its objectId");
  }
  facility.organization_id = std::string(id->get_string());
  facility.location_id = facility.organization_id + "-location";
  RN_ASSIGN_OR_RETURN(name, TextAt(object, "name", ""));
  RN_ASSIGN_OR_RETURN(description, TextAt(object, "description", ""));
  RN_ASSIGN_OR_RETURN(notes, TextAt(object, "notes", ""));
  RN_ASSIGN_OR_RETURN(website, TextAt(object, "website", ""));
  RN_ASSIGN_OR_RETURN(address, TextAt(object, "address", ""));
  RN_ASSIGN_OR_RETURN(city, TextAt(object, "city", ""));
  RN_ASSIGN_OR_RETURN(cross_street, TextAt(object, "cross_street", ""));
  RN_ASSIGN_OR_RETURN(phone, TextAt(object, "phone", ""));
  RN_ASSIGN_OR_RETURN(categories, TextAt(object, "categories", ""));
  RN_ASSIGN_OR_RETURN(eligibility, Eligibility(object));
  facility.eligibility = std::move(eligibility);
  facility.categories = std::move(categories);

  json::object organization;
  organization["id"] = facility.organization_id;
  if (!name.empty()) organization["name"] = name;
  // The facility's notes say what it is ("Drop-in center for women and families..."): its
  // description when it has none.
  organization["description"] = Joined(description, notes);
  if (!website.empty()) organization["website"] = website;

  json::object location;
  location["id"] = facility.location_id;
  location["location_type"] = "physical";
  location["organization_id"] = facility.organization_id;
  if (!name.empty()) location["name"] = name;
  if (const json::value* point = object.if_contains("location");
      point != nullptr && !point->is_null()) {
    if (!point->is_object()) return Status::Invalid("location", "must be a GeoPoint object");
    RN_ASSIGN_OR_RETURN(latitude, NumberAt(point->get_object(), "latitude", "location"));
    RN_ASSIGN_OR_RETURN(longitude, NumberAt(point->get_object(), "longitude", "location"));
    if (latitude && longitude) {
      if (*latitude < -90 || *latitude > 90 || *longitude < -180 || *longitude > 180) {
        return Status::Invalid("location", "the coordinates are out of range");
      }
      location["latitude"] = *latitude;
      location["longitude"] = *longitude;
    }
  }
  if (!cross_street.empty()) location["description"] = "Cross street: " + cross_street;
  if (!address.empty() && !city.empty()) {
    // Link-SF lists San Francisco only, and gives no ZIP code: HSDS requires the field, so it is
    // there, empty.
    json::object entry;
    entry["id"] = facility.location_id + "-address";
    entry["location_id"] = facility.location_id;
    entry["address_1"] = address;
    entry["city"] = city;
    entry["state_province"] = "CA";
    entry["postal_code"] = "";
    entry["country"] = "US";
    entry["address_type"] = "physical";
    location["addresses"] = json::array{std::move(entry)};
  }
  if (!phone.empty()) {
    const std::string number = FirstPhoneNumber(phone);
    if (!number.empty()) {
      json::object entry;
      entry["id"] = facility.location_id + "-phone";
      entry["number"] = number;
      if (number != phone) entry["description"] = phone;
      location["phones"] = json::array{std::move(entry)};
    }
  }
  facility.records.push_back(
      {RecordKind::kOrganization, facility.organization_id, source, std::move(organization)});
  facility.records.push_back(
      {RecordKind::kLocation, facility.location_id, source, std::move(location)});
  for (const Record& record : facility.records) {
    if (Status status = resources::CheckRecord(record); !status.ok()) {
      return Status::Invalid(std::string(resources::KindName(record.kind)) + "." + status.field(),
                             status.message());
    }
  }
  return facility;
}

Result<std::vector<Record>> ReadService(const json::value& value, const Facility& facility,
                                        const std::string& path, const std::string& source,
                                        std::vector<std::string>& notes) {
  if (!value.is_object()) return Status::Invalid(path, "a service must be an object");
  const json::object& object = value.get_object();
  const json::value* id = object.if_contains("objectId");
  if (id == nullptr || !id->is_string() || id->get_string().empty()) {
    return Status::Invalid(path + ".objectId", "a service needs its objectId");
  }
  const std::string service_id(id->get_string());
  RN_ASSIGN_OR_RETURN(name, TextAt(object, "name", path));
  RN_ASSIGN_OR_RETURN(description, TextAt(object, "description", path));
  RN_ASSIGN_OR_RETURN(service_notes, TextAt(object, "notes", path));
  RN_ASSIGN_OR_RETURN(category_text, TextAt(object, "category", path));
  RN_ASSIGN_OR_RETURN(schedules,
                      Schedules(object.if_contains("openHours"), service_id, path + ".openHours"));

  json::object service;
  service["id"] = service_id;
  service["organization_id"] = facility.organization_id;
  if (!name.empty()) service["name"] = name;
  service["status"] = "active";
  // Link-SF's notes are how to get the service ("Sign up Thurs 8:30am", "Bring a bag. Photo ID
  // required"): part of what a person reads about it.
  if (const std::string text = Joined(description, service_notes); !text.empty()) {
    service["description"] = text;
  }
  if (!facility.eligibility.empty()) service["eligibility_description"] = facility.eligibility;
  if (!schedules.empty()) service["schedules"] = std::move(schedules);
  json::array attributes;
  std::set<std::string_view> seen;
  const std::string& categories = category_text.empty() ? facility.categories : category_text;
  for (std::string_view word : text::SplitCommas(categories)) {
    const std::string lower = text::AsciiLower(word);
    auto found = std::find_if(kCategoryOf.begin(), kCategoryOf.end(),
                              [&](const auto& entry) { return entry.first == lower; });
    if (found == kCategoryOf.end()) {
      notes.push_back(std::string(kLinkSfFile) + ": " + path + ": category \"" + lower +
                      "\" has no recoverynet category");
      continue;
    }
    const resources::Category* category = resources::FindCategory(found->second);
    if (category == nullptr || !seen.insert(category->slug).second) continue;
    attributes.push_back(CategoryAttribute(service_id, *category));
  }
  if (!attributes.empty()) service["attributes"] = std::move(attributes);

  json::object at_location;
  const std::string at_location_id = service_id + "-at-location";
  at_location["id"] = at_location_id;
  at_location["service_id"] = service_id;
  at_location["location_id"] = facility.location_id;

  std::vector<Record> records = {
      {RecordKind::kService, service_id, source, std::move(service)},
      {RecordKind::kServiceAtLocation, at_location_id, source, std::move(at_location)},
  };
  for (const Record& record : records) {
    if (Status status = resources::CheckRecord(record); !status.ok()) {
      return Status::Invalid(path + "." + status.field(), status.message());
    }
  }
  return records;
}

}  // namespace

Result<hsds::Parse> ParseLinkSf(std::string_view json_text, const hsds::Options& options) {
  std::error_code error;
  const json::value root = json::parse(json_text, error);
  if (error) return Status::Invalid("json", "not JSON: " + error.message());
  if (!root.is_array())
    return Status::Invalid("json", "a Link-SF export is an array of facilities");

  hsds::Parse parse;
  const std::string file(kLinkSfFile);
  std::map<std::string, std::size_t> index_of_facility;
  std::map<std::string, std::string> service_owner;  // service objectId -> facility objectId
  const json::array& facilities = root.get_array();
  for (std::size_t index = 0; index < facilities.size(); ++index) {
    const int row = static_cast<int>(index);
    const json::value& value = facilities[index];
    if (!value.is_object()) {
      parse.rejections.push_back({file, row, "", "a facility must be an object"});
      continue;
    }
    const json::object& object = value.get_object();
    Result<Facility> facility = ReadFacility(object, options.source);
    if (!facility.ok()) {
      parse.rejections.push_back(
          {file, row, facility.status().field(), facility.status().message()});
      continue;
    }
    // The export repeats some facilities whole (the same object at two places).
    if (auto [earlier, inserted] = index_of_facility.try_emplace(facility->organization_id, index);
        !inserted) {
      if (resources::CanonicalJson(value) ==
          resources::CanonicalJson(facilities[earlier->second])) {
        parse.notes.push_back(file + ": facility " + std::to_string(index) + " repeats facility " +
                              std::to_string(earlier->second) + " (" + facility->organization_id +
                              "); read once");
      } else {
        parse.rejections.push_back({file, row, "objectId",
                                    "the objectId of facility " + std::to_string(earlier->second) +
                                        ", with different contents"});
      }
      continue;
    }
    for (Record& record : facility->records) parse.records.push_back(std::move(record));

    const json::value* services = object.if_contains("services");
    if (services == nullptr || services->is_null()) continue;
    if (!services->is_array()) {
      parse.rejections.push_back({file, row, "services", "must be a list of services"});
      continue;
    }
    std::size_t service_index = 0;
    for (const json::value& service : services->get_array()) {
      const std::string path = "services[" + std::to_string(service_index++) + "]";
      Result<std::vector<Record>> records =
          ReadService(service, *facility, path, options.source, parse.notes);
      if (!records.ok()) {
        parse.rejections.push_back(
            {file, row, records.status().field(), records.status().message()});
        continue;
      }
      const std::string& service_id = records->front().id;
      if (auto [owner, inserted] = service_owner.try_emplace(service_id, facility->organization_id);
          !inserted) {
        parse.rejections.push_back({file, row, path + ".objectId",
                                    "the objectId of a service of facility " + owner->second});
        continue;
      }
      for (Record& record : *records) parse.records.push_back(std::move(record));
    }
  }
  return parse;
}

}  // namespace rn::interop::facilities
