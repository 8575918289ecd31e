#include "interop/facilities/facilities.h"

#include <algorithm>
#include <array>
#include <boost/json/array.hpp>
#include <optional>
#include <set>

#include "interop/csv.h"
#include "resources/categories.h"
#include "util/text.h"

namespace rn::interop::facilities {
namespace {

namespace json = boost::json;
using resources::DerivedId;
using resources::Record;
using resources::RecordKind;

constexpr std::array<std::string_view, 16> kFields = {
    "id",    "name",           "alternate_name", "description", "address_1", "address_2",
    "city",  "state_province", "postal_code",    "country",     "latitude",  "longitude",
    "phone", "website",        "email",          "codes"};

// What an N-SSATS service code says about a service.
enum class CodeKind {
  kService,      // a service or medication offered
  kEligibility,  // who the facility serves: appended to eligibility_description
  kPayment,      // how it can be paid for: appended to fees_description
};

struct ServiceCode {
  std::string_view code;
  std::string_view meaning;   // English: the label, and the eligibility or fees text
  std::string_view category;  // the recoverynet category slug it implies, or empty
  CodeKind kind = CodeKind::kService;
};

// The codes of the National Directory of Drug and Alcohol Abuse Treatment Facilities (N-SSATS)
// that matter to a person looking for recovery services, as meth-2017.csv's Keys column carries
// them. The files we have (testdata/resources/samhsa-otp-moud/) hold no code list, so each meaning
// says where it comes from:
//  [S] samhsa-otp-moud/SOURCES.md names it ("PEER (peer support)", "SHG (self-help groups)",
//      "BU (buprenorphine)"; "women", "veterans" in its list of what the codes cover);
//  [M] the methodology notes: Access_OpioidUseTreatment.md defines the SAMHSA-certified OTP, and
//      Historical_Methadone_point.md says meth-2017 holds the locations providing methadone;
//  [D] the data: counted in meth-2017.csv (1,090 rows);
//  [K] the directory's published code key, as we know it, not in the files; with [D] where the
//      data agrees. Keys lists codes section by section (treatment types first, pharmacotherapies,
//      ..., payment, special programs, ages and sexes last), so a code's place in the list says
//      which section it is in.
// Codes not listed here are kept as service_code attributes with their value only.
constexpr std::array<ServiceCode, 30> kServiceCodes = {{
    // [M][D] every one of the 1,090 rows of a file of methadone providers carries OTP and METH.
    {"OTP", "Opioid treatment program (SAMHSA-certified)", "moud", CodeKind::kService},
    {"METH", "Methadone", "moud", CodeKind::kService},
    // [K][D] on every row too, among the treatment types (SA, DT) at the head of Keys.
    {"MM", "Methadone maintenance", "moud", CodeKind::kService},
    // [S] 639 rows.
    {"BU", "Buprenorphine", "moud", CodeKind::kService},
    // [K][D] on exactly the 639 rows that carry BU.
    {"BUM", "Buprenorphine maintenance", "moud", CodeKind::kService},
    // [K] the brand is in the code; [D] in the pharmacotherapy run with BU and METH.
    {"VTRL", "Injectable naltrexone (Vivitrol)", "moud", CodeKind::kService},
    // [K] the key reads NXN as oral naltrexone; SOURCES.md's list has "naloxone" among the codes'
    // meanings, but [D] 168 of the 222 NXN rows also carry VTRL (injectable naltrexone), against
    // 247 of 1,090 overall: the two forms of one drug go together. Not read as naloxone: sending a
    // person who wants a naloxone kit to a naltrexone clinic would be the worse mistake.
    {"NXN", "Oral naltrexone", "moud", CodeKind::kService},
    // [K] substance use treatment; [D] 1,084 rows, first in Keys.
    {"SA", "Substance use treatment", "treatment", CodeKind::kService},
    // [K] detoxification; [D] second in Keys, and every ODTX row (550) is a DT row (640).
    {"DT", "Detoxification", "detox", CodeKind::kService},
    {"ODTX", "Opioid detoxification", "detox", CodeKind::kService},
    // [S]
    {"PEER", "Peer support", "peer_support", CodeKind::kService},
    {"SHG", "Self-help groups", "peer_support", CodeKind::kService},
    // [K] the code spells it; [D] in the testing run with STDT.
    {"HIVT", "HIV testing", "medical", CodeKind::kService},
    // [K] a special program for people with HIV or AIDS (not a test, not a requirement).
    {"HV", "Program for people with HIV or AIDS", "", CodeKind::kService},
    // [S] "women"; [K][D] FEM and MALE sit in the last section (sexes accepted), together on 1,081
    // rows.
    {"FEM", "Women", "", CodeKind::kEligibility},
    {"MALE", "Men", "", CodeKind::kEligibility},
    // [K][D] ages accepted, last section with FEM/MALE.
    {"ADLT", "Adults", "", CodeKind::kEligibility},
    {"YAD", "Young adults", "", CodeKind::kEligibility},
    // [K] a program for pregnant or postpartum women; [D] every PW row (623) is a FEM row.
    {"PW", "Pregnant or postpartum women", "", CodeKind::kEligibility},
    // [S] "veterans".
    {"VET", "Veterans", "", CodeKind::kEligibility},
    // [K] payment accepted; [D] these eight sit together in the middle of Keys (mean position
    // 0.42-0.46 of the list). SOURCES.md also calls SP a payment code, but SP comes last in Keys
    // (0.99), among the language and sex codes, so it is not read as one.
    {"SF", "Cash or self-payment", "", CodeKind::kPayment},
    {"MD", "Medicaid", "", CodeKind::kPayment},
    {"MC", "Medicare", "", CodeKind::kPayment},
    {"SI", "State-financed health insurance", "", CodeKind::kPayment},
    {"PI", "Private health insurance", "", CodeKind::kPayment},
    {"MI", "Military insurance", "", CodeKind::kPayment},
    {"SS", "Sliding fee scale", "", CodeKind::kPayment},
    {"PA", "Payment assistance", "", CodeKind::kPayment},
    // [K] outpatient and residential treatment types.
    {"OP", "Outpatient treatment", "treatment", CodeKind::kService},
    {"RES", "Residential treatment", "treatment", CodeKind::kService},
}};

const ServiceCode* FindCode(std::string_view code) {
  for (const ServiceCode& entry : kServiceCodes) {
    if (entry.code == code) return &entry;
  }
  return nullptr;
}

bool IsField(std::string_view name) {
  return std::find(kFields.begin(), kFields.end(), name) != kFields.end();
}

// A cell that is not UTF-8 read as Latin-1: the SAMHSA exports are UTF-8 but for a few cells
// written by Windows tools ("Cl\xednica" in Opioid_Treatment_Directory_Geocoded.csv), and
// any byte is a Latin-1 character, so nothing is dropped.
std::string Latin1ToUtf8(std::string_view cell) {
  std::string out;
  out.reserve(cell.size() * 2);
  for (const char c : cell) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x80) {
      out += c;
    } else {
      out += static_cast<char>(0xc0 | (byte >> 6));
      out += static_cast<char>(0x80 | (byte & 0x3f));
    }
  }
  return out;
}

// The columns of a mapping resolved against the header.
struct Columns {
  std::map<std::string, std::vector<int>> positions;

  // The trimmed non-empty cells of `field`'s columns, joined.
  std::string Value(const std::vector<std::string>& row, std::string_view field) const {
    auto found = positions.find(std::string(field));
    if (found == positions.end()) return {};
    const std::string_view separator = field == "postal_code" ? "-" : ", ";
    std::string out;
    for (int position : found->second) {
      const std::string_view cell = text::Trim(row[static_cast<std::size_t>(position)]);
      if (cell.empty()) continue;
      if (!out.empty()) out += separator;
      if (text::IsValidUtf8(cell)) {
        out += cell;
      } else {
        out += Latin1ToUtf8(cell);
      }
    }
    return out;
  }
};

void SetIfPresent(json::object& object, std::string_view key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

json::object CategoryAttribute(const std::string& service_id, const resources::Category& category) {
  json::object attribute;
  attribute["id"] = DerivedId({service_id, "category", category.slug});
  attribute["link_entity"] = "service";
  attribute["link_id"] = service_id;
  attribute["link_type"] = "category";
  attribute["taxonomy_term_id"] = category.term_id;
  attribute["label"] = category.name;
  return attribute;
}

// A US ZIP code that lost its leading zeros to a spreadsheet (Puerto Rico's "736" for 00736, New
// England's "6705" for 06705) padded back to five digits; anything else as it is.
std::string UsZip(std::string postal_code) {
  const std::size_t digits = postal_code.find_first_not_of("0123456789");
  const std::size_t length = digits == std::string::npos ? postal_code.size() : digits;
  if (length >= 3 && length < 5 && (digits == std::string::npos || postal_code[digits] == '-')) {
    postal_code.insert(0, 5 - length, '0');
  }
  return postal_code;
}

std::string JoinSemicolons(const std::vector<std::string_view>& parts) {
  std::string out;
  for (std::string_view part : parts) {
    if (!out.empty()) out += "; ";
    out += part;
  }
  return out;
}

}  // namespace

Result<Mapping> ParseMapping(std::string_view text) {
  Mapping mapping;
  std::string_view rest = text;
  while (true) {
    const std::size_t comma = rest.find(',');
    const std::string_view part = text::Trim(rest.substr(0, comma));
    if (!part.empty()) {
      const std::size_t equals = part.find('=');
      if (equals == std::string_view::npos) {
        return Status::Invalid("mapping", "\"" + std::string(part) + "\" is not FIELD=COLUMN");
      }
      const std::string field(text::Trim(part.substr(0, equals)));
      if (!IsField(field)) {
        return Status::Invalid("mapping", "\"" + field + "\" is not a field a facility has");
      }
      if (mapping.columns.contains(field)) {
        return Status::Invalid("mapping", "\"" + field + "\" is mapped twice");
      }
      std::vector<std::string> columns;
      std::string_view names = part.substr(equals + 1);
      while (true) {
        const std::size_t plus = names.find('+');
        const std::string_view column = text::Trim(names.substr(0, plus));
        if (column.empty()) {
          return Status::Invalid("mapping", "\"" + std::string(part) + "\" names an empty column");
        }
        columns.emplace_back(column);
        if (plus == std::string_view::npos) break;
        names.remove_prefix(plus + 1);
      }
      mapping.columns[field] = std::move(columns);
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  if (mapping.columns.empty()) return Status::Invalid("mapping", "the mapping names no field");
  return mapping;
}

Result<hsds::Parse> ParseFacilities(std::string_view csv, std::string_view file_name,
                                    const Mapping& mapping, const hsds::Options& options) {
  std::vector<const resources::Category*> fixed_categories;
  for (const std::string& slug : mapping.categories) {
    const resources::Category* category = resources::FindCategory(slug);
    if (category == nullptr) {
      return Status::Invalid("categories", "\"" + slug + "\" is not a category");
    }
    fixed_categories.push_back(category);
  }
  RN_ASSIGN_OR_RETURN(table, ParseCsv(csv));
  Columns columns;
  for (const auto& [field, names] : mapping.columns) {
    if (!IsField(field)) return Status::Invalid("mapping", "\"" + field + "\" is not a field");
    for (const std::string& name : names) {
      const int position = table.Column(name);
      if (position < 0) {
        return Status::Invalid("mapping", "the column \"" + name + "\" (for " + field +
                                              ") is not in the header of " +
                                              std::string(file_name));
      }
      columns.positions[field].push_back(position);
    }
  }

  hsds::Parse parse;
  const std::string file(file_name);
  std::map<std::string, int> line_of_key;
  for (std::size_t row_index = 0; row_index < table.rows.size(); ++row_index) {
    const std::vector<std::string>& row = table.rows[row_index];
    const int line = table.lines[row_index];
    auto value = [&](std::string_view field) { return columns.Value(row, field); };
    auto reject = [&](std::string field, std::string reason) {
      parse.rejections.push_back({file, line, std::move(field), std::move(reason)});
    };

    const std::string name = value("name");
    if (name.empty()) {
      reject("name", "a facility needs a name");
      continue;
    }
    const std::string latitude_text = value("latitude");
    const std::string longitude_text = value("longitude");
    std::optional<double> latitude;
    std::optional<double> longitude;
    if (!latitude_text.empty() || !longitude_text.empty()) {
      latitude = text::ParseNumber<double>(latitude_text, -90.0, 90.0);
      longitude = text::ParseNumber<double>(longitude_text, -180.0, 180.0);
      if (!latitude) {
        reject("latitude", "\"" + latitude_text + "\" is not a latitude (-90 to 90)");
        continue;
      }
      if (!longitude) {
        reject("longitude", "\"" + longitude_text + "\" is not a longitude (-180 to 180)");
        continue;
      }
    }
    const std::string address_1 = value("address_1");
    const std::string address_2 = value("address_2");
    const std::string city = value("city");
    const std::string postal_code = value("postal_code");
    const bool has_address = !address_1.empty() && !city.empty() && !postal_code.empty();
    if (!has_address && !latitude) {
      reject("address_1",
             "a facility needs an address (address_1, city, postal code) or "
             "coordinates");
      continue;
    }

    // The key is what the row is: the publisher's id when it has one, or else what it holds, so
    // the same row gets the same ids at every import. The alternate name and the phone are part
    // of it because the SAMHSA lists give each programme at an address a row of its own, told
    // apart only by them: "Indian Rivers Mental Health Center" is "Substance Abuse Services" and
    // "A Womans Place" at 2209 9th Street; Conifer Park's two rows at 79 Glenridge Road differ in
    // their intake numbers (and codes: one has detox). \x1f cannot occur in a trimmed cell.
    std::string key = value("id");
    if (key.empty()) {
      for (std::string_view part : {name, value("alternate_name"), address_1, address_2, city,
                                    postal_code, value("phone")}) {
        key += part;
        key += '\x1f';
      }
    }
    if (auto [earlier, inserted] = line_of_key.try_emplace(key, line); !inserted) {
      reject(mapping.columns.contains("id") ? "id" : "name",
             "the same facility as line " + std::to_string(earlier->second));
      continue;
    }

    const std::string& source = options.source;
    const std::string organization_id = DerivedId({source, "facility", key, "organization"});
    const std::string location_id = DerivedId({source, "facility", key, "location"});
    const std::string service_id = DerivedId({source, "facility", key, "service"});
    const std::string at_location_id = DerivedId({source, "facility", key, "service_at_location"});

    json::object organization;
    organization["id"] = organization_id;
    organization["name"] = name;
    organization["description"] = value("description");
    SetIfPresent(organization, "alternate_name", value("alternate_name"));
    SetIfPresent(organization, "website", value("website"));
    SetIfPresent(organization, "email", value("email"));

    json::object location;
    location["id"] = location_id;
    location["location_type"] = "physical";
    location["organization_id"] = organization_id;
    location["name"] = name;
    if (latitude) {
      location["latitude"] = *latitude;
      location["longitude"] = *longitude;
    }
    if (has_address) {
      std::string country = value("country");
      if (country.empty()) country = mapping.country;
      json::object address;
      address["id"] = DerivedId({source, "facility", key, "address"});
      address["location_id"] = location_id;
      address["address_1"] = address_1;
      SetIfPresent(address, "address_2", address_2);
      address["city"] = city;
      address["state_province"] = value("state_province");
      address["postal_code"] = country == "US" ? UsZip(postal_code) : postal_code;
      address["country"] = country;
      address["address_type"] = "physical";
      location["addresses"] = json::array{std::move(address)};
    }

    json::object service;
    service["id"] = service_id;
    service["organization_id"] = organization_id;
    service["name"] = mapping.service_name.empty() ? name : mapping.service_name;
    service["status"] = "active";
    SetIfPresent(service, "url", value("website"));
    SetIfPresent(service, "email", value("email"));
    const std::string phone = value("phone");
    if (!phone.empty()) {
      json::object number;
      number["id"] = DerivedId({source, "facility", key, "phone"});
      number["number"] = phone;
      service["phones"] = json::array{std::move(number)};
    }

    std::vector<const resources::Category*> categories = fixed_categories;
    std::vector<std::string> codes;
    const std::string code_text = value("codes");
    std::string_view code_rest = code_text;
    while (!code_rest.empty()) {
      const std::size_t slash = code_rest.find('/');
      const std::string_view code = text::Trim(code_rest.substr(0, slash));
      if (!code.empty() && std::find(codes.begin(), codes.end(), code) == codes.end()) {
        codes.emplace_back(code);
      }
      if (slash == std::string_view::npos) break;
      code_rest.remove_prefix(slash + 1);
    }
    std::vector<std::string_view> eligibility;
    std::vector<std::string_view> payment;
    json::array code_attributes;
    for (const std::string& code : codes) {
      json::object attribute;
      attribute["id"] = DerivedId({service_id, "service_code", code});
      attribute["link_entity"] = "service";
      attribute["link_id"] = service_id;
      attribute["link_type"] = "service_code";
      attribute["value"] = code;
      if (const ServiceCode* known = FindCode(code)) {
        attribute["label"] = known->meaning;
        attribute["taxonomy_term_id"] = "nssats-" + text::AsciiLower(code);
        if (!known->category.empty())
          categories.push_back(resources::FindCategory(known->category));
        if (known->kind == CodeKind::kEligibility) eligibility.push_back(known->meaning);
        if (known->kind == CodeKind::kPayment) payment.push_back(known->meaning);
      }
      code_attributes.push_back(std::move(attribute));
    }
    json::array attributes;
    std::set<std::string_view> seen_categories;
    for (const resources::Category* category : categories) {
      if (category == nullptr || !seen_categories.insert(category->slug).second) continue;
      attributes.push_back(CategoryAttribute(service_id, *category));
    }
    for (json::value& attribute : code_attributes) attributes.push_back(std::move(attribute));
    if (!attributes.empty()) service["attributes"] = std::move(attributes);
    if (!eligibility.empty()) service["eligibility_description"] = JoinSemicolons(eligibility);
    if (!payment.empty()) service["fees_description"] = "Accepts: " + JoinSemicolons(payment);

    json::object at_location;
    at_location["id"] = at_location_id;
    at_location["service_id"] = service_id;
    at_location["location_id"] = location_id;

    std::vector<Record> records = {
        {RecordKind::kOrganization, organization_id, source, std::move(organization)},
        {RecordKind::kLocation, location_id, source, std::move(location)},
        {RecordKind::kService, service_id, source, std::move(service)},
        {RecordKind::kServiceAtLocation, at_location_id, source, std::move(at_location)},
    };
    bool valid = true;
    for (const Record& record : records) {
      if (Status status = resources::CheckRecord(record); !status.ok()) {
        reject(std::string(resources::KindName(record.kind)) + "." + status.field(),
               status.message());
        valid = false;
        break;
      }
    }
    if (!valid) continue;
    for (Record& record : records) parse.records.push_back(std::move(record));
  }
  if (!parse.rejections.empty()) {
    parse.notes.push_back(
        file + ": " +
        text::CountOf(static_cast<long long>(parse.rejections.size()), "row", "rows") +
        " not imported");
  }
  return parse;
}

}  // namespace rn::interop::facilities
