// HSDS tabular data packages (hsds.h ParsePackage): each CSV table read into objects of its HSDS
// 3.1 schema, the child objects nested into their owners, the owners made records.
//
// 1.x/2.0 tables are read as their 3.1 successors: regular_schedules and holiday_schedules as
// schedules, physical_addresses and postal_addresses as addresses (with address_type; address_3
// and address_4 joined to address_2), services_at_location as service_at_location,
// accessibility_for_disabilities as accessibility, taxonomy as taxonomy_terms,
// services_taxonomy as attributes, eligibility rows as the service's eligibility_description, a
// phone's language list as its languages. 3.1 has no closed days: a holiday_schedules row becomes
// a schedule valid from start_date to end_date carrying an attribute of link_type
// "recoverynet_hours" whose value is "closed" or "other_hours" (docs/resources.md, Hours in HSDS).

#include <date/date.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <map>
#include <numeric>
#include <optional>
#include <set>

#include "interop/csv.h"
#include "interop/hsds/hsds.h"
#include "interop/hsds/tables.h"
#include "resources/time_of_day.h"
#include "util/text.h"

namespace rn::interop::hsds {
namespace {

using resources::RecordKind;

// The tables read but not kept, and why.
const std::map<std::string_view, std::string_view>& NotKept() {
  static const std::map<std::string_view, std::string_view> tables = {
      {"metadata", "change metadata is not imported"},
      {"meta_table_descriptions", "table descriptions are not imported"},
      {"meta_table_description", "table descriptions are not imported"},
      {"payments_accepted", "HSDS 3.1 has no table for accepted payments"},
      {"payment_accepted", "HSDS 3.1 has no table for accepted payments"},
  };
  return tables;
}

constexpr std::array<std::string_view, 8> kNumberFields = {
    "latitude",    "longitude",   "extension", "year_incorporated",
    "minimum_age", "maximum_age", "available", "maximum"};
constexpr std::array<std::string_view, 4> kNumberFieldsToo = {"timezone", "count", "interval",
                                                              "amount"};
constexpr std::array<std::string_view, 7> kDateFields = {
    "valid_from", "valid_to", "dtstart", "until", "assured_date", "start_date", "end_date"};

bool IsNumberField(std::string_view field) {
  return std::find(kNumberFields.begin(), kNumberFields.end(), field) != kNumberFields.end() ||
         std::find(kNumberFieldsToo.begin(), kNumberFieldsToo.end(), field) !=
             kNumberFieldsToo.end();
}

// A row's failure: the field, and what was wrong.
struct RowError {
  std::string field;
  std::string reason;
};

// "2019-12-24", or M/D/YYYY as US exports write it, as YYYY-MM-DD.
std::optional<std::string> IsoDate(std::string_view text) {
  int year = 0, month = 0, day = 0;
  char tail = 0;
  const std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2d%c", &year, &month, &day, &tail) == 3 &&
      copy.size() == 10) {
  } else if (std::sscanf(copy.c_str(), "%2d/%2d/%4d%c", &month, &day, &year, &tail) == 3) {
  } else {
    return std::nullopt;
  }
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || year < 1900 || year > 2200) return std::nullopt;
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02d-%02d", year, month, day);
  return std::string(out);
}

// 1.x weekday: 1–7 from Monday (ISO 8601; 7 and 0 both Sunday), or the day's English name.
std::optional<std::string_view> ByDay(std::string_view text) {
  static constexpr std::array<std::string_view, 7> kCodes = {"SU", "MO", "TU", "WE",
                                                             "TH", "FR", "SA"};
  static constexpr std::array<std::string_view, 7> kNames = {
      "sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  if (auto number = text::ParseNumber<int>(text, 0, 7)) return kCodes[*number % 7];
  const std::string lower = text::AsciiLower(text);
  for (std::size_t i = 0; i < kNames.size(); ++i) {
    if (lower.size() >= 2 && kNames[i].starts_with(lower)) return kCodes[i];
  }
  return std::nullopt;
}

std::optional<bool> Boolean(std::string_view text) {
  const std::string lower = text::AsciiLower(text);
  if (lower == "true" || lower == "1" || lower == "yes" || lower == "y" || lower == "t") {
    return true;
  }
  if (lower == "false" || lower == "0" || lower == "no" || lower == "n" || lower == "f") {
    return false;
  }
  return std::nullopt;
}

// One row read into its object, with what is needed to place it.
struct Row {
  boost::json::object object;
  std::string file;
  int line = 0;
};

class Reader {
 public:
  explicit Reader(const Options& options) : options_(options) {}

  void ReadTable(const TableSpec& spec, std::string_view stem, const std::string& file,
                 const CsvTable& table);
  Parse Finish();
  void Reject(const std::string& file, int line, std::string field, std::string reason) {
    parse_.rejections.push_back({file, line, std::move(field), std::move(reason)});
  }
  void Note(std::string note) { parse_.notes.push_back(std::move(note)); }
  bool AnyRows() const { return !rows_.empty(); }

 private:
  std::optional<RowError> Convert(const TableSpec& spec, std::string_view stem,
                                  const CsvTable& table, const std::vector<std::string>& cells,
                                  boost::json::object& object);
  // Nests the rows of `entity` into their owners (or notes them unplaced).
  void Place(std::string_view entity);
  boost::json::object* Find(std::string_view entity, std::string_view id) {
    auto table = rows_.find(std::string(entity));
    if (table == rows_.end()) return nullptr;
    auto row = table->second.find(std::string(id));
    return row == table->second.end() ? nullptr : &row->second.object;
  }

  const Options& options_;
  Parse parse_;
  // Every row by schema then id. std::map: the objects keep their addresses as rows are added.
  std::map<std::string, std::map<std::string, Row>> rows_;
  // Row order within a schema, for placing children in the order they came.
  std::map<std::string, std::vector<std::string>> order_;
  // Eligibility text per service (1.x eligibility.csv).
  std::map<std::string, std::vector<std::string>> eligibility_;
};

std::optional<RowError> Reader::Convert(const TableSpec& spec, std::string_view stem,
                                        const CsvTable& table,
                                        const std::vector<std::string>& cells,
                                        boost::json::object& object) {
  auto cell = [&](std::string_view column) -> std::string_view {
    const int index = table.Column(column);
    return index < 0 ? std::string_view() : text::Trim(cells[static_cast<std::size_t>(index)]);
  };
  for (std::string_view field : spec.fields) {
    std::string_view value = cell(field);
    if (value.empty()) continue;
    if (IsNumberField(field)) {
      std::string number(value);
      if (field == "extension") {
        // "ext. 42", "x42": the digits.
        number.erase(
            std::remove_if(number.begin(), number.end(), [](char c) { return c < '0' || c > '9'; }),
            number.end());
        if (number.empty()) continue;
      }
      auto parsed = text::ParseNumber<double>(number, -1e15, 1e15);
      if (!parsed)
        return RowError{std::string(field), "\"" + std::string(value) + "\" is not a number"};
      if (*parsed == static_cast<double>(static_cast<long long>(*parsed)) && field != "latitude" &&
          field != "longitude") {
        object[field] = static_cast<std::int64_t>(*parsed);
      } else {
        object[field] = *parsed;
      }
      continue;
    }
    if (std::find(kDateFields.begin(), kDateFields.end(), field) != kDateFields.end()) {
      auto date = IsoDate(value);
      if (!date)
        return RowError{std::string(field),
                        "\"" + std::string(value) + "\" is not a date (YYYY-MM-DD)"};
      object[field] = *date;
      continue;
    }
    if (field == "opens_at" || field == "closes_at") {
      Result<int> minutes = resources::ParseTimeOfDay(value, field);
      if (!minutes.ok()) return RowError{std::string(field), minutes.status().message()};
      object[field] = resources::FormatHhMm(*minutes);
      continue;
    }
    if (field == "status" || field == "location_type" || field == "address_type") {
      object[field] = text::AsciiLower(value);
      continue;
    }
    if (field == "freq" || field == "wkst" || field == "byday") {
      std::string upper(value);
      for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
      upper.erase(std::remove(upper.begin(), upper.end(), ' '), upper.end());
      object[field] = upper;
      continue;
    }
    object[field] = value;
  }

  // The 1.x spellings.
  if (spec.entity == "organization" && !object.contains("website") && !cell("url").empty()) {
    object["website"] = cell("url");
  }
  if (spec.entity == "address") {
    std::string second(cell("address_2"));
    for (std::string_view more : {cell("address_3"), cell("address_4")}) {
      if (more.empty()) continue;
      if (!second.empty()) second += ", ";
      second += more;
    }
    if (!second.empty()) object["address_2"] = second;
    if (!object.contains("address_type")) {
      object["address_type"] = stem.starts_with("postal") ? "postal" : "physical";
    }
    // A blank cell of a field the schema requires is the empty text the source had (Link-SF has
    // no postal codes), not a missing field: the address is kept, as it was written out.
    for (std::string_view field :
         {"address_1", "city", "state_province", "postal_code", "country"}) {
      if (!object.contains(field) && table.Column(field) >= 0) object[field] = "";
    }
  }
  if (spec.entity == "location" && !object.contains("location_type")) {
    object["location_type"] = "physical";
  }
  if (spec.entity == "language" && !object.contains("name") && !cell("language").empty()) {
    object["name"] = cell("language");
  }
  if (spec.entity == "accessibility" && !object.contains("description") &&
      !cell("accessibility").empty()) {
    object["description"] = cell("accessibility");
  }
  if (spec.entity == "service_area" && !object.contains("name") && !cell("service_area").empty()) {
    object["name"] = cell("service_area");
  }
  if (spec.entity == "taxonomy_term") {
    if (stem == "taxonomy" && !object.contains("taxonomy") && !cell("vocabulary").empty()) {
      object["taxonomy"] = cell("vocabulary");
    }
    if (!object.contains("description")) object["description"] = "";
  }
  if (spec.entity == "taxonomy" && !object.contains("description")) object["description"] = "";
  // An organization's description is required, and lists of facilities have none: a blank one is
  // the empty text it was written out as.
  if (spec.entity == "organization" && !object.contains("description") &&
      table.Column("description") >= 0) {
    object["description"] = "";
  }
  if (spec.entity == "program" && !object.contains("description")) object["description"] = "";
  if (spec.entity == "attribute" && stem.find("taxonomy") != std::string_view::npos) {
    // 1.x services_taxonomy: service_id, taxonomy_id, taxonomy_detail.
    if (!cell("service_id").empty()) {
      object["link_id"] = cell("service_id");
      object["link_entity"] = "service";
    }
    if (!cell("taxonomy_id").empty()) object["taxonomy_term_id"] = cell("taxonomy_id");
    if (!cell("taxonomy_detail").empty()) object["value"] = cell("taxonomy_detail");
  }
  if (spec.entity == "schedule" && stem.starts_with("regular")) {
    std::string_view weekday = cell("weekday");
    if (weekday.empty()) return RowError{"weekday", "is required"};
    auto code = ByDay(weekday);
    if (!code) return RowError{"weekday", "\"" + std::string(weekday) + "\" is not a weekday"};
    object["freq"] = "WEEKLY";
    object["byday"] = *code;
  }
  if (spec.entity == "schedule" && stem.starts_with("holiday")) {
    for (std::string_view field : {"start_date", "end_date"}) {
      std::string_view value = cell(field);
      if (value.empty()) return RowError{std::string(field), "is required"};
      auto date = IsoDate(value);
      if (!date)
        return RowError{std::string(field),
                        "\"" + std::string(value) + "\" is not a date (YYYY-MM-DD)"};
      object[field == "start_date" ? "valid_from" : "valid_to"] = *date;
    }
    std::optional<bool> closed = Boolean(cell("closed"));
    if (!cell("closed").empty() && !closed) {
      return RowError{"closed", "\"" + std::string(cell("closed")) + "\" is not true or false"};
    }
    const bool is_closed = closed.value_or(!object.contains("opens_at"));
    if (!is_closed && (!object.contains("opens_at") || !object.contains("closes_at"))) {
      return RowError{"opens_at", "a day that is not closed needs opens_at and closes_at"};
    }
    if (is_closed) {
      object.erase("opens_at");
      object.erase("closes_at");
    }
    object["attributes"] =
        boost::json::array{boost::json::object{{"link_type", "recoverynet_hours"},
                                               {"link_entity", "schedule"},
                                               {"value", is_closed ? "closed" : "other_hours"}}};
  }
  if (spec.entity == "phone" && !object.contains("number"))
    return RowError{"number", "is required"};
  if (spec.entity == "phone" && !cell("language").empty()) {
    // 1.x: "en, es" on the phone.
    boost::json::array languages;
    for (std::string_view code : text::SplitCommas(cell("language"))) {
      languages.push_back(boost::json::object{{"code", code}});
    }
    object["languages"] = std::move(languages);
  }
  return std::nullopt;
}

void Reader::ReadTable(const TableSpec& spec, std::string_view stem, const std::string& file,
                       const CsvTable& table) {
  const std::string entity(spec.entity);
  for (std::size_t index = 0; index < table.rows.size(); ++index) {
    const std::vector<std::string>& cells = table.rows[index];
    const int line = table.lines[index];
    if (std::all_of(cells.begin(), cells.end(),
                    [](const std::string& cell) { return text::Trim(cell).empty(); })) {
      continue;
    }
    if (!text::IsValidUtf8(std::accumulate(cells.begin(), cells.end(), std::string()))) {
      Reject(file, line, "", "the row is not valid UTF-8");
      continue;
    }
    if (stem == "eligibility") {
      const int service = table.Column("service_id");
      const int text_column = table.Column("eligibility");
      if (service < 0 || text_column < 0 || text::Trim(cells[service]).empty()) {
        Reject(file, line, "service_id", "is required");
        continue;
      }
      eligibility_[std::string(text::Trim(cells[service]))].emplace_back(
          text::Trim(cells[text_column]));
      continue;
    }
    boost::json::object object;
    if (std::optional<RowError> error = Convert(spec, stem, table, cells, object)) {
      Reject(file, line, error->field, error->reason);
      continue;
    }
    std::string id;
    if (const auto* given = object.if_contains("id")) id = given->get_string();
    if (id.empty()) {
      // Blank ids in child tables: a stable id from what the row holds.
      id = resources::DerivedId({options_.source, file, resources::CanonicalJson(object)});
      object["id"] = id;
    }
    // Children of the row made here (a holiday's attribute, a phone's languages) need ids too.
    for (std::string_view key : {"attributes", "languages"}) {
      auto* array = object.if_contains(key);
      if (array == nullptr || !array->is_array()) continue;
      for (boost::json::value& child : array->get_array()) {
        boost::json::object& nested = child.get_object();
        if (key == "attributes") nested["link_id"] = id;
        if (key == "languages") nested["phone_id"] = id;
        nested["id"] = resources::DerivedId(
            {options_.source, file, id, key, resources::CanonicalJson(nested)});
      }
    }
    auto& table_rows = rows_[entity];
    if (const auto taken = table_rows.find(id);
        taken != table_rows.end() && taken->second.file != file) {
      // 1.x ids are unique within a table, and two tables became one 3.1 table (the sample's
      // regular and holiday schedules share an id): the later row gets an id of its own.
      const std::string own = resources::DerivedId({options_.source, file, id});
      Note(file + " line " + std::to_string(line) + ": the " + entity + " id " + id +
           " is also used in " + taken->second.file + "; imported as " + own);
      id = own;
      object["id"] = id;
    }
    const auto [where, inserted] = table_rows.try_emplace(id);
    if (!inserted) {
      Reject(file, line, "id",
             "repeats the " + entity + " id " + id + " of " + where->second.file + " line " +
                 std::to_string(where->second.line));
      continue;
    }
    where->second = Row{std::move(object), file, line};
    order_[entity].push_back(id);
  }
}

void Reader::Place(std::string_view entity_name) {
  const std::string entity(entity_name);
  const auto spec = std::find_if(Tables().begin(), Tables().end(),
                                 [&](const TableSpec& table) { return table.entity == entity; });
  auto rows = rows_.find(entity);
  if (rows == rows_.end()) return;
  for (const std::string& id : order_[entity]) {
    auto found = rows->second.find(id);
    if (found == rows->second.end()) continue;
    Row& row = found->second;
    boost::json::object* owner = nullptr;
    std::string key(spec->child_key);
    std::string missing;
    if (entity == "attribute") {
      const auto* link = row.object.if_contains("link_id");
      const std::string link_id = link != nullptr ? std::string(link->get_string()) : "";
      // link_entity names the owner's table ("service", "services", "phone"…) when it is one.
      std::string wanted;
      if (const auto* named = row.object.if_contains("link_entity")) {
        wanted = text::AsciiLower(named->get_string());
        if (wanted.ends_with("s") && wanted != "accessibility") wanted.pop_back();
        if (wanted == "services_at_location") wanted = "service_at_location";
      }
      const bool known = rows_.count(wanted) > 0;
      for (const auto& [schema, table] : rows_) {
        if (schema == "attribute" || link_id.empty() || (known && schema != wanted)) continue;
        if ((owner = Find(schema, link_id)) != nullptr) break;
      }
      if (owner == nullptr) {
        Reject(row.file, row.line, "link_id",
               link_id.empty() ? "is required" : "no record or row has the id " + link_id);
        continue;
      }
    } else {
      for (const auto& [column, schema] : spec->owners) {
        const auto* value = row.object.if_contains(column);
        if (value == nullptr) continue;
        if (missing.empty()) missing = column;
        if ((owner = Find(schema, value->get_string())) != nullptr) {
          if (entity == "url")
            key = schema == "service" ? "additional_urls" : "additional_websites";
          break;
        }
      }
    }
    if (owner == nullptr) {
      std::string columns;
      for (const auto& [column, schema] : spec->owners) {
        columns += (columns.empty() ? "" : " or ") + std::string(column);
      }
      Reject(
          row.file, row.line, missing.empty() ? std::string(spec->owners.front().first) : missing,
          missing.empty() ? "the row names no owner (" + columns + ")"
                          : "no " + std::string(missing.substr(0, missing.size() - 3)) +
                                " has the id " + std::string(row.object.at(missing).get_string()));
      continue;
    }
    boost::json::value& array = (*owner)[key];
    if (!array.is_array()) array = boost::json::array();
    array.get_array().push_back(std::move(row.object));
  }
  rows_.erase(entity);
}

Parse Reader::Finish() {
  // Units are copied into the capacities that name them.
  if (auto units = rows_.find("unit"); units != rows_.end()) {
    if (auto capacities = rows_.find("service_capacity"); capacities != rows_.end()) {
      for (auto& [id, row] : capacities->second) {
        const auto* unit_id = row.object.if_contains("unit_id");
        if (unit_id == nullptr) continue;
        auto unit = units->second.find(std::string(unit_id->get_string()));
        if (unit != units->second.end()) row.object["unit"] = unit->second.object;
      }
    }
    rows_.erase(units);
  }
  if (auto capacities = rows_.find("service_capacity"); capacities != rows_.end()) {
    for (const std::string& id : order_["service_capacity"]) {
      auto found = capacities->second.find(id);
      if (found == capacities->second.end()) continue;
      if (!found->second.object.contains("unit")) {
        Reject(found->second.file, found->second.line, "unit_id", "names no unit of units.csv");
        capacities->second.erase(found);
      }
    }
  }
  // Deepest first, so that each object is complete before it moves into its owner.
  for (std::string_view entity :
       {"attribute", "language", "phone", "contact", "schedule", "address", "accessibility",
        "service_area", "service_capacity", "cost_option", "required_document", "funding",
        "program", "organization_identifier", "url"}) {
    Place(entity);
  }
  for (const auto& [service, texts] : eligibility_) {
    boost::json::object* object = Find("service", service);
    if (object == nullptr) {
      Note("eligibility: a row names no service " + service);
      continue;
    }
    std::string joined;
    if (const auto* given = object->if_contains("eligibility_description")) {
      joined = given->get_string();
    }
    for (const std::string& text : texts) joined += (joined.empty() ? "" : "; ") + text;
    (*object)["eligibility_description"] = joined;
  }
  for (const TableSpec& spec : Tables()) {
    if (!spec.kind) continue;
    auto rows = rows_.find(std::string(spec.entity));
    if (rows == rows_.end()) continue;
    for (auto& [id, row] : rows->second) {
      resources::Record record{*spec.kind, id, options_.source, std::move(row.object)};
      Status valid = resources::CheckRecord(record);
      if (!valid.ok()) {
        Reject(row.file, row.line, valid.field(), valid.message());
        continue;
      }
      parse_.records.push_back(std::move(record));
    }
  }
  return std::move(parse_);
}

// The stem of a file name: "all_resources/services.csv" → "services".
std::string Stem(std::string_view path) {
  const std::size_t slash = path.find_last_of('/');
  if (slash != std::string_view::npos) path.remove_prefix(slash + 1);
  if (path.size() > 4 && text::EqualsIgnoringAsciiCase(path.substr(path.size() - 4), ".csv")) {
    path.remove_suffix(4);
  }
  return text::AsciiLower(path);
}

}  // namespace

Result<Parse> ParsePackage(const std::map<std::string, std::string>& files,
                           const Options& options) {
  // datapackage.json may name a table's file differently from its stem.
  std::map<std::string, std::string> stem_of_path;
  for (const auto& [path, bytes] : files) {
    if (!path.ends_with("datapackage.json")) continue;
    boost::system::error_code error;
    boost::json::value package = boost::json::parse(bytes, error);
    if (error || !package.is_object()) {
      return Status::Invalid("datapackage.json", "not JSON: " + error.message());
    }
    const auto* resources = package.get_object().if_contains("resources");
    if (resources == nullptr || !resources->is_array()) continue;
    for (const boost::json::value& resource : resources->get_array()) {
      if (!resource.is_object()) continue;
      const auto* name = resource.get_object().if_contains("name");
      const auto* resource_path = resource.get_object().if_contains("path");
      if (name != nullptr && name->is_string() && resource_path != nullptr &&
          resource_path->is_string()) {
        stem_of_path[Stem(resource_path->get_string())] = text::AsciiLower(name->get_string());
      }
    }
  }

  Reader reader(options);
  // Tables in the order they are given in Tables(), so that the rows of one schema from 1.x and
  // 3.x files come in a stable order.
  struct Found {
    std::size_t order;  // the table's place in Tables() (eligibility after them all)
    const TableSpec* spec;
    std::string stem;
    std::string path;
  };
  std::vector<Found> found;
  for (const auto& [path, bytes] : files) {
    if (!Stem(path).size() ||
        !(path.size() > 4 && text::EqualsIgnoringAsciiCase(path.substr(path.size() - 4), ".csv"))) {
      continue;
    }
    std::string stem = Stem(path);
    const auto* spec = [&]() -> const TableSpec* {
      for (const std::string& name : {stem, stem_of_path.count(stem) ? stem_of_path[stem] : stem}) {
        for (const TableSpec& table : Tables()) {
          if (std::find(table.files.begin(), table.files.end(), name) != table.files.end()) {
            return &table;
          }
        }
      }
      return nullptr;
    }();
    if (stem == "eligibility") {
      static const TableSpec kEligibility{"eligibility", {}, {}, "", {}, {}};
      found.push_back({Tables().size(), &kEligibility, stem, path});
      continue;
    }
    if (spec == nullptr) {
      auto why = NotKept().find(stem);
      reader.Note(Stem(path) + ".csv: not imported (" +
                  std::string(why == NotKept().end() ? "not an HSDS table" : why->second) + ")");
      continue;
    }
    found.push_back({static_cast<std::size_t>(spec - Tables().data()), spec, stem, path});
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const Found& a, const Found& b) { return a.order < b.order; });
  bool any_records_table = false;
  for (const Found& table : found) {
    const std::string file = table.stem + ".csv";
    Result<CsvTable> csv = ParseCsv(files.at(table.path));
    if (!csv.ok()) {
      reader.Reject(file, 0, "", csv.status().message());
      continue;
    }
    if (table.spec->kind) any_records_table = true;
    reader.ReadTable(*table.spec, table.stem, file, *csv);
  }
  if (!any_records_table) {
    return Status::Invalid("package",
                           "the package has none of organizations.csv, services.csv, "
                           "locations.csv or taxonomy_terms.csv");
  }
  return reader.Finish();
}

}  // namespace rn::interop::hsds
