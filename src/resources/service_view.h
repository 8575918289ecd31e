#pragma once
// What a person searching for a service sees of the HSDS records (record.h): one ServiceEntry per
// service at a location (or per service with no location: a phone line, an online service), with
// its organization's name, its location's address and coordinates, its phones, categories
// (categories.h), languages, who it is for, its hours (hours.h) in its zone, and its capacity.
// Pure: built from records, no storage, no clock.

#include <date/tz.h>

#include <boost/json/array.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resources/hours.h"
#include "resources/record.h"
#include "resources/resource_store.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::resources {

// A figure such as "beds available: 3", with when it was last updated.
struct Capacity {
  double available = 0;
  std::optional<double> maximum;
  std::string unit;  // "beds"
  std::string description;
  std::optional<Instant> updated;  // nullopt when the source's time is unreadable
};

// A capacity figure older than this is not shown as a number: "beds available: 3" from two days
// ago says nothing about tonight.
inline constexpr std::chrono::hours kCapacityFreshFor{48};

// Whether a figure given at `updated` is too old (or of unknown age) to show at `at`.
inline bool CapacityIsStale(const std::optional<Instant>& updated, Instant at) {
  return !updated || at - *updated > kCapacityFreshFor;
}
inline bool CapacityIsStale(const Capacity& capacity, Instant at) {
  return CapacityIsStale(capacity.updated, at);
}

struct ServiceEntry {
  std::string service_id;
  std::string service_at_location_id;  // empty for a service with no location
  std::string location_id;
  std::string organization_id;
  std::string source;

  std::string name;
  std::string organization;  // the organization's name
  std::string description;
  std::string status;       // HSDS: active, inactive, defunct, temporarily closed
  std::string eligibility;  // eligibility_description, and ages when given
  std::string fees;
  std::string url;
  std::string email;

  std::string location_name;
  std::string address;  // one line: "1 Main St, Suite 2, Boston, MA 02108"
  std::string city;
  std::string state;
  std::string postal_code;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::string transportation;

  std::vector<std::string> phones;        // numbers, as given
  std::vector<std::string> categories;    // category slugs, sorted
  std::vector<std::string> audiences;     // who it is for: audience slugs (categories.h), sorted
  std::vector<std::string> languages;     // names or codes as given ("Spanish", "es")
  std::optional<Hours> hours;             // nullopt: the source gives none
  const date::time_zone* zone = nullptr;  // the zone of the hours; nullptr: unknown
  std::vector<Capacity> capacities;
  std::string last_modified;          // the service's last_modified, else when stored
  std::string words;                  // folded text searched by q= (text::Fold)
  std::vector<std::string> term_ids;  // the taxonomy terms its attributes name, sorted
};

// The hours of a list of HSDS 3.1 schedules (docs/resources.md, "Hours in HSDS"): each weekly or
// recurring schedule a rule; those marked by an attribute of link_type "recoverynet_hours" closed
// days ("closed"), other hours on dates ("other_hours"), hours on holidays ("holiday_hours") or
// closed on holidays ("holidays_closed"). nullopt when no schedule gives hours; a schedule that
// cannot be read (an RRULE libical refuses, a time that is not one) is left out and named in
// `skipped` when given.
std::optional<Hours> HoursFromSchedules(const boost::json::array& schedules,
                                        std::vector<std::string>* skipped = nullptr);

// The zone of a US state or territory by its postal code ("NY"): the zone most of it keeps (so
// "IN" is America/Indiana/Indianapolis, "AZ" America/Phoenix). nullptr for anything else.
const date::time_zone* ZoneOfUsState(std::string_view code);

// Every entry of `records` (all of them: services, their organizations, locations and services
// at location), ordered by service id then location id. A service's zone: its location's state
// when in the US, else `source_zones`'s zone for its source (an import's --timezone), else none.
// Categories come from the service's category attributes and from the words of its name,
// description and taxonomy terms.
std::vector<ServiceEntry> BuildEntries(const std::vector<StoredRecord>& records,
                                       const std::vector<ResourceSource>& sources);

// The category slugs `text` speaks of, by the words people and sources use ("methadone",
// "buprenorphine" → moud; "naloxone", "syringe" → harm_reduction; …), sorted.
std::vector<std::string> CategoriesOfText(std::string_view text);

// The audience slugs (categories.h) `text` speaks of — a service's eligibility, name and terms:
// "Women and their children" → families, women; "Veterans" → veterans; sorted.
std::vector<std::string> AudiencesOfText(std::string_view text);

}  // namespace rn::resources
