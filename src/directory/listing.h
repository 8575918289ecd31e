#pragma once
// The directory's model: a listing is one recovery meeting or group, with its weekly schedule in
// its own IANA time zone. Plain data; no I/O. Field meanings follow the Meeting Guide feed spec
// where it has one.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rn::directory {

// How a person can attend. kInactive = "temporarily closed" (TC without a conference).
enum class Attendance { kInPerson, kOnline, kHybrid, kInactive };

// "in_person" | "online" | "hybrid" | "inactive".
const char* AttendanceName(Attendance attendance);
// Inverse of AttendanceName; nullopt for anything else.
std::optional<Attendance> ParseAttendance(std::string_view name);

inline constexpr int kMinutesPerDay = 24 * 60;
inline constexpr int kMinutesPerWeek = 7 * kMinutesPerDay;

// Whether `minute` (after local midnight) lies in [from, to); the window wraps past midnight when
// to <= from ("21:00–05:00").
constexpr bool InDayWindow(int minute, int from, int to) {
  return from < to ? (minute >= from && minute < to) : (minute >= from || minute < to);
}
inline constexpr int kDefaultDurationMinutes = 60;

// One weekly occurrence, as wall-clock time in the listing's zone.
struct Slot {
  int day = 0;                                     // 0 = Sunday … 6 = Saturday
  int start_minute = 0;                            // minutes after local midnight, 0–1439
  int duration_minutes = kDefaultDurationMinutes;  // elapsed minutes, 1–1440

  // Local end time as minutes after midnight, wrapped to 0–1439 (an end past midnight is the next
  // day).
  int EndMinuteOfDay() const { return (start_minute + duration_minutes) % kMinutesPerDay; }
  bool operator==(const Slot&) const = default;
};

// Whether a location's address only locates an area ("San Francisco, CA, USA") rather than a door.
// kUnknown: the source did not say; IsApproximate derives it by the contract's rule, and a Meeting
// Guide export leaves the key out so that each client derives it by its own.
enum class Approximate { kUnknown, kNo, kYes };

struct Location {
  std::string name;     // venue name, e.g. "Watermark OC Church"
  std::string address;  // street address
  std::string city;
  std::string state;
  std::string postal_code;
  std::string country;
  std::string formatted_address;   // one line, as the feed gives it or assembled from the parts
  std::optional<double> latitude;  // WGS84 degrees; both set or neither
  std::optional<double> longitude;
  Approximate approximate = Approximate::kUnknown;  // as the source stated it
  std::string notes;                                // e.g. "upstairs room"
  // True when formatted_address was assembled from the parts (the source gave none): an export
  // then leaves it out, as the source did.
  bool formatted_address_assembled = false;
  bool operator==(const Location&) const = default;
};

struct Conference {
  std::string url;
  std::string url_notes;
  std::string phone;
  std::string phone_notes;
  bool empty() const { return url.empty() && phone.empty(); }
  bool operator==(const Conference&) const = default;
};

// Public contact fields of the group (never a participant's).
struct Contact {
  std::string website;
  std::string email;
  std::string phone;
  bool operator==(const Contact&) const = default;
};

// The group's Seventh Tradition (contribution) links, as the Meeting Guide keys give them.
struct Contributions {
  std::string venmo;   // Venmo handle, "@Group"
  std::string square;  // Cash App cashtag, "$Group"
  std::string paypal;  // PayPal.me username, "Group" or "paypal.me/Group"
  bool empty() const { return venmo.empty() && square.empty() && paypal.empty(); }
  bool operator==(const Contributions&) const = default;
};

// The service entity responsible for the listing (an intergroup, a central office): the Meeting
// Guide `entity*` keys.
struct Entity {
  std::string name;         // entity
  std::string email;        // entity_email
  std::string phone;        // entity_phone
  std::string location;     // entity_location: its service area, "Serving Orange County"
  std::string logo;         // entity_logo: URL of its logo
  std::string url;          // entity_url (what TSML UI reads)
  std::string website_url;  // entity_website_url (the spec's schema)
  bool empty() const {
    return name.empty() && email.empty() && phone.empty() && location.empty() && logo.empty() &&
           url.empty() && website_url.empty();
  }
  bool operator==(const Entity&) const = default;
};

// Which Meeting Guide keys the source used for the regions, so that an export says them the same
// way: `regions` (a list, outermost first) and/or `region`, `sub_region`, `sub_sub_region`.
// Listings that did not come from a Meeting Guide feed get both.
struct RegionKeys {
  bool list = true;
  bool fields = true;
  bool operator==(const RegionKeys&) const = default;
};

struct Listing {
  std::string id;      // stable id, see MakeListingId
  std::string source;  // import source name, e.g. "oc-aa"
  std::string slug;    // the source's own key for the row
  std::string name;
  std::string timezone;        // IANA zone of the schedule, e.g. "America/Los_Angeles"
  std::string fellowship;      // approach code, see vocabulary.h kFellowships; empty = unknown
  std::vector<Slot> schedule;  // empty = by appointment
  Attendance attendance = Attendance::kInPerson;
  std::vector<std::string> types;      // Meeting Guide codes (unknown codes kept as given)
  std::vector<std::string> languages;  // ISO 639-1 codes derived from language type codes
  std::vector<std::string> regions;    // outermost first, e.g. {"Marin", "Sausalito"}
  RegionKeys region_keys;
  std::string district;  // the service district, e.g. "District 12"
  Location location;
  Conference conference;
  Contact contact;
  std::string group;
  std::string group_notes;
  std::string notes;
  std::string updated;  // RFC 3339 UTC ("2023-08-29T15:56:59Z"), or empty when unknown
  Contributions contributions;
  Entity entity;
  std::string url;                           // the meeting's page on the source's own site
  std::string edit_url;                      // where the source's trusted servants edit it
  std::string feedback_url;                  // where the public sends the source a correction
  std::vector<std::string> feedback_emails;  // the source's addresses for corrections
  // The row's other keys, kept for a faithful export and never interpreted: a compact JSON object
  // ("{\"location_id\":64770,\"author\":\"x\"}"), or empty when there are none. Only the
  // keys no field above models (a Meeting Guide import lists them in meeting_guide.cpp).
  std::string source_fields;
  bool operator==(const Listing&) const = default;
};

// The stable id of a listing from its source and slug: 16 lower-case hex digits (64-bit FNV-1a of
// source + '\0' + slug). The same feed row always gets the same id, on every machine.
std::string MakeListingId(std::string_view source, std::string_view slug);

// True when the first comma-separated part of `address` contains an ASCII digit (a street number).
bool StartsWithStreetNumber(std::string_view address);

// Whether the address only locates an area: as the source said, else derived by the contract's
// rule (docs/contracts/directory.md, "a real address"): approximate unless the first
// comma-separated part of formatted_address (or address) holds a street number.
bool IsApproximate(const Location& location);

// True if the listing has coordinates.
inline bool HasCoordinates(const Listing& listing) {
  return listing.location.latitude.has_value() && listing.location.longitude.has_value();
}

}  // namespace rn::directory
