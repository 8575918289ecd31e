#include "resources/service_view.h"

#include <algorithm>
#include <array>
#include <boost/json/parse.hpp>
#include <map>
#include <set>
#include <sstream>
#include <utility>

#include "resources/categories.h"
#include "resources/json_fields.h"
#include "resources/time_of_day.h"
#include "util/text.h"
#include "util/time_zone.h"

namespace rn::resources {
namespace {

std::optional<date::local_days> DateAt(const boost::json::object& object, std::string_view key) {
  const std::string_view text = StringAt(object, key);
  if (text.size() < 10) return std::nullopt;
  const auto year = text::ParseNumber<int>(text.substr(0, 4), 1900, 2200);
  const auto month = text::ParseNumber<unsigned>(text.substr(5, 2), 1, 12);
  const auto day = text::ParseNumber<unsigned>(text.substr(8, 2), 1, 31);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  const date::year_month_day ymd{date::year(*year), date::month(*month), date::day(*day)};
  if (!ymd.ok()) return std::nullopt;
  return date::local_days(ymd);
}

// The schedule's marker (link_type "recoverynet_hours"), or empty.
std::string_view Marker(const boost::json::object& schedule) {
  const boost::json::array* attributes = ArrayAt(schedule, "attributes");
  if (attributes == nullptr) return {};
  for (const boost::json::value& attribute : *attributes) {
    if (attribute.is_object() &&
        StringAt(attribute.get_object(), "link_type") == "recoverynet_hours") {
      return StringAt(attribute.get_object(), "value");
    }
  }
  return {};
}

// "MO,TU" as weekdays, when every part is a plain day; nullopt when one has an ordinal ("1MO").
std::optional<WeekdaySet> PlainDays(std::string_view byday) {
  static constexpr std::array<std::string_view, 7> kCodes = {"SU", "MO", "TU", "WE",
                                                             "TH", "FR", "SA"};
  WeekdaySet days = 0;
  for (std::string_view part : text::SplitCommas(byday)) {
    const auto found = std::find(kCodes.begin(), kCodes.end(), part);
    if (found == kCodes.end()) return std::nullopt;
    days |= static_cast<WeekdaySet>(1u << (found - kCodes.begin()));
  }
  return days == 0 ? std::nullopt : std::optional<WeekdaySet>(days);
}

// The schedule's RRULE value: its RFC 5545 parts joined.
std::string RruleOf(const boost::json::object& schedule) {
  std::string rule = "FREQ=" + std::string(StringAt(schedule, "freq"));
  if (auto interval = NumberAt(schedule, "interval"); interval && *interval > 1) {
    rule += ";INTERVAL=" + std::to_string(static_cast<long long>(*interval));
  }
  for (const auto& [field, part] :
       std::array<std::pair<std::string_view, std::string_view>, 5>{{{"byday", "BYDAY"},
                                                                     {"bymonthday", "BYMONTHDAY"},
                                                                     {"byyearday", "BYYEARDAY"},
                                                                     {"byweekno", "BYWEEKNO"},
                                                                     {"wkst", "WKST"}}}) {
    std::string value(StringAt(schedule, field));
    value.erase(std::remove(value.begin(), value.end(), ' '), value.end());
    if (!value.empty()) rule += ";" + std::string(part) + "=" + value;
  }
  if (auto count = NumberAt(schedule, "count"); count && *count >= 1) {
    rule += ";COUNT=" + std::to_string(static_cast<long long>(*count));
  }
  if (auto until = DateAt(schedule, "until")) {
    const date::year_month_day ymd(*until);
    char text[16];
    std::snprintf(text, sizeof text, "%04d%02u%02u", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    rule += ";UNTIL=" + std::string(text);
  }
  return rule;
}

// The schedule's opening range, or nullopt when it gives no times or bad ones.
std::optional<OpenRange> RangeOf(const boost::json::object& schedule, std::string* problem) {
  const std::string_view opens = StringAt(schedule, "opens_at");
  const std::string_view closes = StringAt(schedule, "closes_at");
  if (opens.empty() || closes.empty()) return std::nullopt;
  // HSDS allows an offset after the time ("09:00-05:00"); the zone is the service's.
  auto strip = [](std::string_view time) {
    const std::size_t offset = time.find_first_of("Z+", 4);
    const std::size_t minus = time.find('-', 4);
    return time.substr(0, std::min(offset, minus));
  };
  Result<int> open = ParseTimeOfDay(strip(opens), "opens_at");
  Result<int> close = ParseTimeOfDay(strip(closes), "closes_at");
  if (!open.ok() || !close.ok()) {
    *problem = (!open.ok() ? open.status() : close.status()).message();
    return std::nullopt;
  }
  return OpenRange{*open % kMinutesPerDay, *close};
}

}  // namespace

std::optional<Hours> HoursFromSchedules(const boost::json::array& schedules,
                                        std::vector<std::string>* skipped) {
  Hours hours;
  bool any = false;
  auto skip = [&](const boost::json::object& schedule, const std::string& why) {
    if (skipped != nullptr) skipped->push_back(std::string(StringAt(schedule, "id")) + ": " + why);
  };
  for (const boost::json::value& value : schedules) {
    if (!value.is_object()) continue;
    const boost::json::object& schedule = value.get_object();
    std::string problem;
    const std::optional<OpenRange> range = RangeOf(schedule, &problem);
    if (!problem.empty()) {
      skip(schedule, problem);
      continue;
    }
    const std::string_view marker = Marker(schedule);
    if (marker == "closed" || marker == "other_hours") {
      const auto first = DateAt(schedule, "valid_from");
      const auto last = DateAt(schedule, "valid_to");
      if (!first) {
        skip(schedule, "a closure needs valid_from");
        continue;
      }
      DateOverride date_override{
          *first, last.value_or(*first), {}, std::string(StringAt(schedule, "description"))};
      if (marker == "other_hours") {
        if (!range) {
          skip(schedule, "other hours need opens_at and closes_at");
          continue;
        }
        date_override.ranges.push_back(*range);
      }
      hours.overrides.push_back(std::move(date_override));
      any = true;
      continue;
    }
    if (marker == "holidays_closed") {
      hours.on_holidays = HolidayPolicy::kClosed;
      any = true;
      continue;
    }
    if (marker == "holiday_hours") {
      if (!range) {
        skip(schedule, "holiday hours need opens_at and closes_at");
        continue;
      }
      hours.on_holidays = HolidayPolicy::kHolidayHours;
      hours.holiday_ranges.push_back(*range);
      any = true;
      continue;
    }
    if (!range) continue;  // a schedule of words only ("by appointment")
    HoursRule rule;
    rule.ranges.push_back(*range);
    rule.valid_from = DateAt(schedule, "valid_from");
    rule.valid_to = DateAt(schedule, "valid_to");
    rule.description = std::string(StringAt(schedule, "description"));
    const std::string_view freq = StringAt(schedule, "freq");
    const auto interval = NumberAt(schedule, "interval");
    const auto plain = PlainDays(StringAt(schedule, "byday"));
    const bool weekly = freq == "WEEKLY" && plain && (!interval || *interval <= 1) &&
                        !schedule.contains("count") && !schedule.contains("until") &&
                        StringAt(schedule, "bymonthday").empty();
    if (weekly) {
      rule.weekdays = *plain;
    } else if (freq.empty()) {
      // No recurrence given: every day, within the validity dates.
      rule.weekdays = kEveryDay;
    } else {
      rule.rrule = RruleOf(schedule);
      // INTERVAL and COUNT count from DTSTART; without one, from the validity's start.
      rule.dtstart = DateAt(schedule, "dtstart")
                         .value_or(rule.valid_from.value_or(
                             date::local_days(date::year(2020) / date::January / 6)));
    }
    Hours one;
    one.rules.push_back(rule);
    if (Status valid = CheckHours(one); !valid.ok()) {
      skip(schedule, valid.message());
      continue;
    }
    hours.rules.push_back(std::move(rule));
    any = true;
  }
  if (!any) return std::nullopt;
  return hours;
}

const date::time_zone* ZoneOfUsState(std::string_view code) {
  static const std::map<std::string_view, std::string_view> kZones = [] {
    std::map<std::string_view, std::string_view> zones;
    for (std::string_view state : {"CT", "DE", "DC", "FL", "GA", "ME", "MD", "MA", "NH", "NJ", "NY",
                                   "NC", "OH", "PA", "RI", "SC", "VT", "VA", "WV"}) {
      zones[state] = "America/New_York";
    }
    for (std::string_view state : {"AL", "AR", "IL", "IA", "KS", "LA", "MN", "MS", "MO", "NE", "ND",
                                   "OK", "SD", "TX", "WI"}) {
      zones[state] = "America/Chicago";
    }
    for (std::string_view state : {"CO", "MT", "NM", "UT", "WY"}) zones[state] = "America/Denver";
    for (std::string_view state : {"CA", "NV", "OR", "WA"}) zones[state] = "America/Los_Angeles";
    zones["ID"] = "America/Boise";
    zones["AZ"] = "America/Phoenix";
    zones["IN"] = "America/Indiana/Indianapolis";
    zones["KY"] = "America/Kentucky/Louisville";
    zones["MI"] = "America/Detroit";
    zones["TN"] = "America/Chicago";
    zones["AK"] = "America/Anchorage";
    zones["HI"] = "Pacific/Honolulu";
    zones["PR"] = "America/Puerto_Rico";
    zones["VI"] = "America/St_Thomas";
    zones["GU"] = "Pacific/Guam";
    zones["MP"] = "Pacific/Saipan";
    zones["AS"] = "Pacific/Pago_Pago";
    return zones;
  }();
  std::string upper(text::Trim(code));
  for (char& c : upper) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  const auto found = kZones.find(upper);
  return found == kZones.end() ? nullptr : FindZone(found->second);
}

namespace {

using WordRules = std::vector<std::pair<std::string_view, std::vector<std::string_view>>>;

// The slugs of `rules` whose words or phrases (folded, text::Fold) `text` has, each starting at a
// word boundary ("otp" is not "footpath") and, for words of three letters or fewer, ending at one
// ("men" is not "mentor"; nor, by the start, "women"), sorted.
std::vector<std::string> SlugsOfText(std::string_view text, const WordRules& rules) {
  const std::string folded = " " + text::Fold(text) + " ";
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; };
  std::vector<std::string> found;
  for (const auto& [slug, words] : rules) {
    const bool has = std::any_of(words.begin(), words.end(), [&](std::string_view word) {
      for (std::size_t at = folded.find(word); at != std::string::npos;
           at = folded.find(word, at + 1)) {
        if (!is_word(folded[at - 1]) && (word.size() > 3 || !is_word(folded[at + word.size()]))) {
          return true;
        }
      }
      return false;
    });
    if (has) found.emplace_back(slug);
  }
  std::sort(found.begin(), found.end());
  return found;
}

}  // namespace

std::vector<std::string> CategoriesOfText(std::string_view text) {
  // Folded words and phrases (text::Fold), each naming a category.
  static const WordRules kWords = {
      {"moud",
       {"methadone", "buprenorphine", "suboxone", "naltrexone", "vivitrol", "opioid treatment",
        "medication assisted", "medication for opioid", "mat program", "otp"}},
      {"detox", {"detox", "withdrawal management", "detoxification"}},
      {"recovery_housing",
       {"sober living", "recovery residence", "recovery housing", "recovery home",
        "halfway house"}},
      {"peer_support",
       {"peer support", "peer recovery", "recovery coach", "drop-in", "drop in",
        "recovery community", "mutual aid", "self-help", "support group"}},
      {"harm_reduction",
       {"naloxone", "narcan", "syringe", "needle exchange", "harm reduction", "fentanyl test",
        "overdose prevention"}},
      {"treatment",
       {"substance use treatment", "addiction treatment", "outpatient", "residential treatment",
        "rehab", "substance abuse", "substance use disorder", "alcohol treatment"}},
      {"mental_health", {"mental health", "counseling", "counselling", "psychiatr", "crisis line"}},
      {"family", {"parenting", "family support", "families", "mothers", "children"}},
      {"food", {"food", "meal", "pantry", "lunch", "dinner", "breakfast", "groceries"}},
      {"shelter", {"shelter", "housing", "homeless"}},
      {"medical", {"clinic", "medical", "hiv", "hepatitis", "health care", "primary care"}},
      {"transport", {"transport", "bus pass", "ride to"}},
      {"basic_needs", {"shower", "laundry", "hygiene", "clothing", "clothes", "internet access"}},
  };
  return SlugsOfText(text, kWords);
}

std::vector<std::string> AudiencesOfText(std::string_view text) {
  static const WordRules kWords = {
      {"women", {"women", "woman", "female", "mothers", "ladies"}},
      {"men", {"men", "male", "fathers"}},
      {"pregnant", {"pregnant", "postpartum", "perinatal", "prenatal"}},
      {"families",
       {"with children", "with their children", "families", "parents", "parenting", "mothers with",
        "children"}},
      {"youth", {"youth", "adolescent", "teen", "young adult", "young people"}},
      {"veterans", {"veteran"}},
      {"lgbtq", {"lgbt", "gay", "lesbian", "transgender", "queer", "two-spirit"}},
  };
  return SlugsOfText(text, kWords);
}

std::vector<ServiceEntry> BuildEntries(const std::vector<StoredRecord>& records,
                                       const std::vector<ResourceSource>& sources) {
  struct Parsed {
    const StoredRecord* stored;
    boost::json::object doc;
  };
  std::map<std::string, Parsed> services, locations, organizations, terms;
  std::multimap<std::string, Parsed> at_locations;  // by service id
  for (const StoredRecord& record : records) {
    boost::system::error_code error;
    boost::json::value doc = boost::json::parse(record.doc, error);
    if (error || !doc.is_object()) continue;
    Parsed parsed{&record, std::move(doc.get_object())};
    switch (record.key.kind) {
      case RecordKind::kService:
        services.emplace(record.key.id, std::move(parsed));
        break;
      case RecordKind::kLocation:
        locations.emplace(record.key.id, std::move(parsed));
        break;
      case RecordKind::kOrganization:
        organizations.emplace(record.key.id, std::move(parsed));
        break;
      case RecordKind::kServiceAtLocation:
        at_locations.emplace(std::string(StringAt(parsed.doc, "service_id")), std::move(parsed));
        break;
      case RecordKind::kTaxonomyTerm:
        terms.emplace(record.key.id, std::move(parsed));
        break;
      case RecordKind::kTaxonomy:
        break;
    }
  }
  std::map<std::string, const date::time_zone*, std::less<>> source_zones;
  for (const ResourceSource& source : sources)
    source_zones[source.source] = FindZone(source.timezone);

  std::vector<ServiceEntry> entries;
  for (const auto& [id, service] : services) {
    const boost::json::object& doc = service.doc;
    ServiceEntry base;
    base.service_id = id;
    base.source = service.stored->source;
    base.name = StringAt(doc, "name");
    base.description = StringAt(doc, "description");
    base.status = StringAt(doc, "status");
    base.url = StringAt(doc, "url");
    base.email = StringAt(doc, "email");
    base.fees = StringAt(doc, "fees_description");
    if (base.fees.empty()) base.fees = StringAt(doc, "fees");
    base.eligibility = StringAt(doc, "eligibility_description");
    const auto minimum_age = NumberAt(doc, "minimum_age");
    const auto maximum_age = NumberAt(doc, "maximum_age");
    if (minimum_age || maximum_age) {
      std::string ages = "Ages " +
                         (minimum_age ? std::to_string(static_cast<int>(*minimum_age)) : "0") +
                         (maximum_age ? "–" + std::to_string(static_cast<int>(*maximum_age)) : "+");
      base.eligibility = base.eligibility.empty() ? ages : base.eligibility + "; " + ages;
    }
    base.last_modified = StringAt(doc, "last_modified");
    if (base.last_modified.empty()) base.last_modified = service.stored->updated_at;
    base.organization_id = StringAt(doc, "organization_id");
    if (auto org = organizations.find(base.organization_id); org != organizations.end()) {
      base.organization = StringAt(org->second.doc, "name");
    }
    std::set<std::string> categories;
    std::string term_words;
    if (const boost::json::array* attributes = ArrayAt(doc, "attributes")) {
      for (const boost::json::value& attribute : *attributes) {
        if (!attribute.is_object()) continue;
        const std::string_view term = StringAt(attribute.get_object(), "taxonomy_term_id");
        if (!term.empty()) base.term_ids.emplace_back(term);
        for (const Category& category : kCategories) {
          if (category.term_id == term) categories.emplace(category.slug);
        }
        if (auto found = terms.find(std::string(term)); found != terms.end()) {
          term_words += " " + std::string(StringAt(found->second.doc, "name"));
        }
        term_words += " " + std::string(StringAt(attribute.get_object(), "label"));
      }
    }
    for (std::string& slug :
         CategoriesOfText(base.name + " " + base.description + " " + term_words)) {
      categories.insert(std::move(slug));
    }
    base.categories.assign(categories.begin(), categories.end());
    base.audiences = AudiencesOfText(base.eligibility + " " + base.name + " " + term_words);
    std::sort(base.term_ids.begin(), base.term_ids.end());
    base.term_ids.erase(std::unique(base.term_ids.begin(), base.term_ids.end()),
                        base.term_ids.end());
    if (const boost::json::array* languages = ArrayAt(doc, "languages")) {
      for (const boost::json::value& language : *languages) {
        if (!language.is_object()) continue;
        std::string_view name = StringAt(language.get_object(), "name");
        if (name.empty()) name = StringAt(language.get_object(), "code");
        if (!name.empty()) base.languages.emplace_back(name);
      }
    }
    auto add_phones = [](ServiceEntry& entry, const boost::json::object& owner) {
      if (const boost::json::array* phones = ArrayAt(owner, "phones")) {
        for (const boost::json::value& phone : *phones) {
          if (!phone.is_object()) continue;
          const std::string_view number = StringAt(phone.get_object(), "number");
          if (!number.empty() &&
              std::find(entry.phones.begin(), entry.phones.end(), number) == entry.phones.end()) {
            entry.phones.emplace_back(number);
          }
        }
      }
    };
    add_phones(base, doc);
    if (const boost::json::array* capacities = ArrayAt(doc, "capacities")) {
      for (const boost::json::value& value : *capacities) {
        if (!value.is_object()) continue;
        const boost::json::object& capacity = value.get_object();
        Capacity figure;
        figure.available = NumberAt(capacity, "available").value_or(0);
        figure.maximum = NumberAt(capacity, "maximum");
        figure.description = StringAt(capacity, "description");
        if (const auto* unit = capacity.if_contains("unit"); unit && unit->is_object()) {
          figure.unit = StringAt(unit->get_object(), "name");
        }
        if (Result<Instant> updated = ParseRfc3339(StringAt(capacity, "updated")); updated.ok()) {
          figure.updated = *updated;
        }
        base.capacities.push_back(std::move(figure));
      }
    }
    const boost::json::array* service_schedules = ArrayAt(doc, "schedules");

    auto finish = [&](ServiceEntry entry, const boost::json::array* schedules) {
      if (schedules != nullptr && !schedules->empty()) entry.hours = HoursFromSchedules(*schedules);
      if (entry.zone == nullptr) {
        auto zone = source_zones.find(entry.source);
        if (zone != source_zones.end()) entry.zone = zone->second;
      }
      entry.words = text::Fold(entry.name + " " + entry.organization + " " + entry.description +
                               " " + entry.location_name + " " + entry.address + " " + term_words);
      entries.push_back(std::move(entry));
    };
    auto range = at_locations.equal_range(id);
    if (range.first == range.second) {
      finish(base, service_schedules);
      continue;
    }
    for (auto at = range.first; at != range.second; ++at) {
      ServiceEntry entry = base;
      const boost::json::object& sal = at->second.doc;
      entry.service_at_location_id = at->second.stored->key.id;
      entry.location_id = StringAt(sal, "location_id");
      add_phones(entry, sal);
      const boost::json::array* schedules = ArrayAt(sal, "schedules");
      if (schedules == nullptr || schedules->empty()) schedules = service_schedules;
      if (auto location = locations.find(entry.location_id); location != locations.end()) {
        const boost::json::object& place = location->second.doc;
        entry.location_name = StringAt(place, "name");
        entry.latitude = NumberAt(place, "latitude");
        entry.longitude = NumberAt(place, "longitude");
        entry.transportation = StringAt(place, "transportation");
        add_phones(entry, place);
        if (const boost::json::array* addresses = ArrayAt(place, "addresses")) {
          // The physical address, else the first.
          const boost::json::object* chosen = nullptr;
          for (const boost::json::value& address : *addresses) {
            if (!address.is_object()) continue;
            if (chosen == nullptr || StringAt(address.get_object(), "address_type") == "physical") {
              chosen = &address.get_object();
              if (StringAt(*chosen, "address_type") == "physical") break;
            }
          }
          if (chosen != nullptr) {
            entry.city = StringAt(*chosen, "city");
            entry.state = StringAt(*chosen, "state_province");
            entry.postal_code = StringAt(*chosen, "postal_code");
            std::string line(StringAt(*chosen, "address_1"));
            for (std::string_view part :
                 {StringAt(*chosen, "address_2"), std::string_view(entry.city)}) {
              if (!part.empty()) line += (line.empty() ? "" : ", ") + std::string(part);
            }
            std::string tail = entry.state;
            if (!entry.postal_code.empty()) tail += (tail.empty() ? "" : " ") + entry.postal_code;
            if (!tail.empty()) line += (line.empty() ? "" : ", ") + tail;
            entry.address = line;
            const std::string_view country = StringAt(*chosen, "country");
            if (country == "US" || country == "USA" || country.empty()) {
              entry.zone = ZoneOfUsState(entry.state);
            }
          }
        }
        if (schedules == nullptr || schedules->empty()) schedules = ArrayAt(place, "schedules");
      }
      finish(std::move(entry), schedules);
    }
  }
  return entries;
}

}  // namespace rn::resources
