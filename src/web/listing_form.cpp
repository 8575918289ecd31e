#include "web/listing_form.h"

#include <algorithm>
#include <charconv>

#include "directory/listing_edit.h"
#include "directory/schedule.h"
#include "directory/vocabulary.h"
#include "util/stored_text.h"
#include "util/text.h"

namespace rn::web {
namespace {

using directory::Attendance;
using directory::Listing;

// Time zones offered first; any other IANA name can be typed (the field is a text input with
// these as suggestions).
constexpr std::string_view kCommonZones[] = {
    "America/New_York",    "America/Chicago",   "America/Denver",   "America/Phoenix",
    "America/Los_Angeles", "America/Anchorage", "Pacific/Honolulu", "America/Puerto_Rico"};

constexpr std::string_view kDayNames[] = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                          "Thursday", "Friday", "Saturday"};

std::string Field(const http::Form& form, std::string_view name) {
  return form.Get(name).value_or("");
}

// A free-text field, with the "\r\n" line ends browsers send for a textarea made "\n"
// (util/stored_text.h); ValidateEditedListing then refuses any other control character.
std::string TextField(const http::Form& form, std::string_view name) {
  return text::NormalizeLineEnds(Field(form, name));
}

Result<std::optional<double>> ReadCoordinate(const http::Form& form, std::string_view name,
                                             double limit) {
  const std::string text = Field(form, name);
  if (text.empty()) return std::optional<double>();
  const std::optional<double> value = text::ParseNumber(text, -limit, limit);
  if (!value) {
    return Status::Invalid(std::string(name), "must be a number from -" +
                                                  std::to_string(static_cast<int>(limit)) + " to " +
                                                  std::to_string(static_cast<int>(limit)));
  }
  return value;
}

// The form's schedule rows: parallel "day", "start" and "duration" fields.
Result<std::vector<directory::Slot>> ReadSchedule(const http::Form& form) {
  std::vector<std::string_view> days, starts, durations;
  for (const auto& [key, value] : form.fields()) {
    if (key == "day") days.push_back(value);
    if (key == "start") starts.push_back(value);
    if (key == "duration") durations.push_back(value);
  }
  std::vector<directory::Slot> schedule;
  for (std::size_t row = 0; row < days.size(); ++row) {
    if (days[row].empty()) continue;
    directory::Slot slot;
    const std::string_view day = days[row];
    if (day.size() != 1 || day[0] < '0' || day[0] > '6') {
      return Status::Invalid("day", "choose a weekday");
    }
    slot.day = day[0] - '0';
    const std::optional<int> start =
        row < starts.size() ? directory::ParseHhMm(starts[row]) : std::nullopt;
    if (!start || *start >= directory::kMinutesPerDay) {
      return Status::Invalid("start", "give each meeting day a start time such as 19:30");
    }
    slot.start_minute = *start;
    const std::string_view duration = row < durations.size() ? durations[row] : "";
    if (!duration.empty()) {
      const std::optional<int> minutes = text::ParseNumber(duration, 1, directory::kMinutesPerDay);
      if (!minutes) return Status::Invalid("duration", "the length must be 1 to 1440 minutes");
      slot.duration_minutes = *minutes;
    }
    schedule.push_back(slot);
  }
  std::sort(schedule.begin(), schedule.end(), [](const auto& a, const auto& b) {
    return std::pair(a.day, a.start_minute) < std::pair(b.day, b.start_minute);
  });
  return schedule;
}

std::string JoinAddress(const directory::Location& location) {
  std::string line;
  auto add = [&line](std::string_view part, std::string_view separator) {
    if (part.empty()) return;
    if (!line.empty()) line.append(separator);
    line.append(part);
  };
  add(location.address, ", ");
  add(location.city, ", ");
  add(location.state, ", ");
  add(location.postal_code, location.state.empty() ? ", " : " ");
  add(location.country, ", ");
  return line;
}

// A location given only as one line ("612 E 4th St, Santa Ana, CA 92701"), as many feeds do.
bool IsOneLine(const directory::Location& location) {
  return location.address.empty() && location.city.empty() && location.state.empty() &&
         location.postal_code.empty() && !location.formatted_address.empty();
}

// The shortest text that reads back as exactly `value`.
std::string Shortest(double value) {
  char buffer[32];
  const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

}  // namespace

const std::vector<std::string>& EditableTypes() {
  static const std::vector<std::string> types = {"O",  "C", "W", "M",  "Y", "LGBTQ", "SP", "ST",
                                                 "BE", "D", "B", "CF", "X", "ASL",   "S"};
  return types;
}

Result<Listing> ApplyListingForm(const http::Form& form, Listing listing) {
  listing.name = Field(form, "name");
  listing.timezone = Field(form, "timezone");
  listing.fellowship = Field(form, "fellowship");
  if (!listing.fellowship.empty() && directory::FindFellowship(listing.fellowship) == nullptr) {
    return Status::Invalid("fellowship", "choose an approach from the list");
  }
  const bool closed = directory::IsTemporarilyClosed(listing);
  const std::string attendance = Field(form, "attendance");
  const std::optional<Attendance> parsed = directory::ParseAttendance(attendance);
  if (!parsed || *parsed == Attendance::kInactive) {
    return Status::Invalid("attendance", "choose in person, online or both");
  }
  listing.attendance = *parsed;

  auto schedule = ReadSchedule(form);
  if (!schedule.ok()) return schedule.status();
  listing.schedule = std::move(*schedule);

  const directory::Location before = listing.location;
  directory::Location& location = listing.location;
  location.name = Field(form, "location_name");
  location.address = Field(form, "address");
  location.city = Field(form, "city");
  location.state = Field(form, "state");
  location.postal_code = Field(form, "postal_code");
  location.country = Field(form, "country");
  location.notes = TextField(form, "location_notes");
  // A one-line address (as many feeds give it, shown whole in the street field) stays one line
  // while the other parts are left empty.
  const bool one_line = location.city.empty() && location.state.empty() &&
                        location.postal_code.empty() && location.country.empty() &&
                        IsOneLine(before);
  if (one_line) {
    location.formatted_address = location.address;
    location.address.clear();
  } else {
    location.formatted_address = JoinAddress(location);
  }
  location.formatted_address_assembled = !one_line && before.formatted_address_assembled;
  auto latitude = ReadCoordinate(form, "latitude", 90);
  if (!latitude.ok()) return latitude.status();
  auto longitude = ReadCoordinate(form, "longitude", 180);
  if (!longitude.ok()) return longitude.status();
  if (latitude->has_value() != longitude->has_value()) {
    return Status::Invalid(latitude->has_value() ? "longitude" : "latitude",
                           "give both latitude and longitude, or neither");
  }
  location.latitude = *latitude;
  location.longitude = *longitude;
  if (listing.attendance == Attendance::kOnline) {
    // An online meeting has no place to go to; a city may still say where the group is from.
    location.address.clear();
    location.formatted_address = JoinAddress(location);
  }
  // What the source said about the old address does not hold for a new one: derive it again.
  if (location.formatted_address != before.formatted_address) {
    location.approximate = directory::Approximate::kUnknown;
    location.formatted_address_assembled = !one_line;
  }
  listing.conference.url = Field(form, "conference_url");
  listing.conference.url_notes = TextField(form, "conference_url_notes");
  listing.conference.phone = Field(form, "conference_phone");
  listing.conference.phone_notes = TextField(form, "conference_phone_notes");
  listing.contact.website = Field(form, "website");
  listing.contact.email = Field(form, "email");
  listing.contact.phone = Field(form, "phone");
  listing.group = Field(form, "group");
  listing.notes = TextField(form, "notes");

  // Checkboxes: the offered codes are as ticked; other codes the listing had are kept.
  const std::vector<std::string> ticked = form.GetAll("type");
  const auto& offered = EditableTypes();
  std::vector<std::string> types;
  for (const std::string& code : listing.types) {
    if (std::find(offered.begin(), offered.end(), code) == offered.end()) types.push_back(code);
  }
  for (const std::string& code : offered) {
    if (std::find(ticked.begin(), ticked.end(), code) != ticked.end()) types.push_back(code);
  }
  listing.types = std::move(types);
  listing.languages.clear();
  const auto& vocabulary = directory::Vocabulary::Get();
  for (const std::string& code : listing.types) {
    const std::string_view language = vocabulary.LanguageOfType(code);
    if (!language.empty()) listing.languages.emplace_back(language);
  }
  if (closed) directory::CloseTemporarily(&listing);
  return listing;
}

mustache::data ListingFormData(const Listing& listing) {
  mustache::data data;
  const directory::Location& location = listing.location;
  // Many feeds give only a one-line address: it goes in the street field whole, and comes back
  // unchanged when saved (city, state and ZIP stay empty).
  const std::string street = IsOneLine(location) ? location.formatted_address : location.address;
  for (const auto& [key, value] : std::initializer_list<std::pair<const char*, std::string>>{
           {"name", listing.name},
           {"timezone", listing.timezone},
           {"location_name", location.name},
           {"address", street},
           {"city", location.city},
           {"state", location.state},
           {"postal_code", location.postal_code},
           {"country", location.country},
           {"location_notes", location.notes},
           {"latitude", location.latitude ? Shortest(*location.latitude) : ""},
           {"longitude", location.longitude ? Shortest(*location.longitude) : ""},
           {"conference_url", listing.conference.url},
           {"conference_url_notes", listing.conference.url_notes},
           {"conference_phone", listing.conference.phone},
           {"conference_phone_notes", listing.conference.phone_notes},
           {"website", listing.contact.website},
           {"email", listing.contact.email},
           {"phone", listing.contact.phone},
           {"group", listing.group},
           {"notes", listing.notes}}) {
    data.set(key, value);
  }

  mustache::data rows{mustache::data::type::list};
  auto add_row = [&rows](std::optional<directory::Slot> slot) {
    mustache::data row;
    mustache::data days{mustache::data::type::list};
    days.push_back(Option("", "—", !slot));
    for (int day = 0; day < 7; ++day) {
      days.push_back(
          Option(std::to_string(day), std::string(kDayNames[day]), slot && slot->day == day));
    }
    row.set("days", days);
    row.set("start", slot ? directory::FormatHhMm(slot->start_minute) : "");
    row.set("duration", slot ? std::to_string(slot->duration_minutes) : "");
    rows.push_back(row);
  };
  for (const directory::Slot& slot : listing.schedule) add_row(slot);
  for (int blank = 0; blank < kBlankScheduleRows; ++blank) add_row(std::nullopt);
  data.set("schedule", rows);

  mustache::data zones{mustache::data::type::list};
  for (std::string_view zone : kCommonZones) zones.push_back(Option(std::string(zone), "", false));
  data.set("zones", zones);

  mustache::data approaches{mustache::data::type::list};
  approaches.push_back(Option("", "—", listing.fellowship.empty()));
  for (const directory::Fellowship& fellowship : directory::Fellowships()) {
    approaches.push_back(
        Option(fellowship.code, fellowship.name_en, fellowship.code == listing.fellowship));
  }
  data.set("approaches", approaches);

  const Attendance shown = listing.attendance == Attendance::kInactive
                               ? directory::ImpliedAttendance(listing)
                               : listing.attendance;
  mustache::data modes{mustache::data::type::list};
  for (const auto& [mode, label] :
       {std::pair{Attendance::kInPerson, "In person"}, std::pair{Attendance::kOnline, "Online"},
        std::pair{Attendance::kHybrid, "Both (hybrid)"}}) {
    modes.push_back(Option(directory::AttendanceName(mode), label, mode == shown));
  }
  data.set("modes", modes);

  mustache::data types{mustache::data::type::list};
  const auto& vocabulary = directory::Vocabulary::Get();
  for (const std::string& code : EditableTypes()) {
    std::string label = code;
    if (const directory::TypeInfo* type = vocabulary.Find(code)) {
      if (const auto name = type->names.find("en"); name != type->names.end()) label = name->second;
    }
    types.push_back(
        Option(code, label,
               std::find(listing.types.begin(), listing.types.end(), code) != listing.types.end()));
  }
  data.set("types", types);
  return data;
}

}  // namespace rn::web
