#include "interop/ical/ical.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "directory/schedule.h"

namespace rn::interop::ical {
namespace {

constexpr std::size_t kMaxLineOctets = 75;
constexpr const char* kDayCodes[] = {"SU", "MO", "TU", "WE", "TH", "FR", "SA"};

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// "YYYYMMDDTHHMMSS" of a local or UTC time point in seconds.
template <typename Clock>
std::string FormatDateTime(std::chrono::time_point<Clock, std::chrono::seconds> time) {
  const auto day_point = std::chrono::floor<date::days>(time);
  const date::year_month_day ymd(day_point);
  const int second_of_day = static_cast<int>((time - day_point).count());  // 0–86399
  char out[48];
  std::snprintf(out, sizeof out, "%04d%02u%02uT%02d%02d%02d", static_cast<int>(ymd.year()) % 10000,
                static_cast<unsigned>(ymd.month()) % 100u, static_cast<unsigned>(ymd.day()) % 100u,
                second_of_day / 3600 % 100, second_of_day / 60 % 60, second_of_day % 60);
  return out;
}

// A URI value: control characters dropped (they cannot appear in a content line).
std::string CleanUri(std::string_view uri) {
  std::string out;
  for (char c : uri) {
    if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
  }
  return out;
}

class Writer final {
 public:
  void Line(std::string_view line) {
    out_ += FoldLine(line);
    out_ += "\r\n";
  }
  void Text(std::string_view name, std::string_view value) {
    Line(std::string(name) + ":" + EscapeText(value));
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

void AppendParagraph(std::string_view text, std::string* out) {
  if (text.empty()) return;
  if (!out->empty()) *out += "\n";
  *out += text;
}

std::string Description(const directory::Listing& listing) {
  std::string description;
  AppendParagraph(listing.notes, &description);
  AppendParagraph(listing.location.notes, &description);
  const directory::Conference& conference = listing.conference;
  if (!conference.url.empty()) AppendParagraph("Online: " + conference.url, &description);
  AppendParagraph(conference.url_notes, &description);
  if (!conference.phone.empty()) AppendParagraph("Phone: " + conference.phone, &description);
  AppendParagraph(conference.phone_notes, &description);
  return description;
}

std::string LocationText(const directory::Listing& listing) {
  if (listing.attendance == directory::Attendance::kOnline && !listing.conference.url.empty()) {
    return listing.conference.url;
  }
  std::string location = listing.location.name;
  if (!listing.location.formatted_address.empty() &&
      listing.location.formatted_address != listing.location.name) {
    if (!location.empty()) location += ", ";
    location += listing.location.formatted_address;
  }
  return location;
}

// RFC 5545 UTC-OFFSET: "+HHMM", or "+HHMMSS" when the offset has seconds.
std::string FormatOffset(std::chrono::seconds offset) {
  const long long total = offset.count();
  const long long magnitude = std::llabs(total);
  char out[32];
  if (magnitude % 60 == 0) {
    std::snprintf(out, sizeof out, "%c%02lld%02lld", total < 0 ? '-' : '+', magnitude / 3600 % 100,
                  magnitude / 60 % 60);
  } else {
    std::snprintf(out, sizeof out, "%c%02lld%02lld%02lld", total < 0 ? '-' : '+',
                  magnitude / 3600 % 100, magnitude / 60 % 60, magnitude % 60);
  }
  return out;
}

// One STANDARD or DAYLIGHT sub-component of a VTIMEZONE: every onset that switches from
// `offset_from` to `offset_to` under the name `name`. An onset is given, as RFC 5545 §3.6.5
// requires, as the local time in effect just before it (UTC plus `offset_from`).
struct Observance {
  bool daylight = false;
  std::chrono::seconds offset_from{0};
  std::chrono::seconds offset_to{0};
  std::string name;
  std::vector<date::local_seconds> onsets;  // ascending
};

bool SameObservedTime(const date::sys_info& a, const date::sys_info& b) {
  return a.offset == b.offset && a.save == b.save && a.abbrev == b.abbrev;
}

// Whether the observance `after` that follows `before` is daylight time. Normally that is a
// non-zero DST save; but where the tz database uses "negative DST" (Europe/Dublin's winter GMT,
// Africa/Casablanca's Ramadan +00 are flagged as DST), the flag is on the smaller offset, while
// calendar programs assume DAYLIGHT has the larger one. So across a change between DST and
// standard time the larger offset is daylight, as in the tz database's positive-DST ("rearguard")
// form; offsets, and so the times, are the same either way.
bool IsDaylight(const date::sys_info& before, const date::sys_info& after) {
  const bool before_dst = before.save != std::chrono::minutes{0};
  const bool after_dst = after.save != std::chrono::minutes{0};
  if (before_dst != after_dst && before.offset != after.offset) {
    return after.offset > before.offset;
  }
  return after_dst;
}

void AddOnset(const date::sys_info& before, const date::sys_info& after,
              std::vector<Observance>* observances) {
  const bool daylight = IsDaylight(before, after);
  const date::local_seconds local_onset{after.begin.time_since_epoch() + before.offset};
  for (Observance& observance : *observances) {
    if (observance.daylight == daylight && observance.offset_from == before.offset &&
        observance.offset_to == after.offset && observance.name == after.abbrev) {
      observance.onsets.push_back(local_onset);
      return;
    }
  }
  observances->push_back(
      Observance{daylight, before.offset, after.offset, after.abbrev, {local_onset}});
}

// The observances of `zone` from `from` to `to`: every transition inside the window, plus the
// onset of the observance already in effect at `from`, so that every instant of the window follows
// an onset. Empty when the zone keeps the same offset and name throughout the window.
std::vector<Observance> ObservancesBetween(const date::time_zone* zone, Instant from, Instant to) {
  std::vector<Observance> observances;
  date::sys_info info = zone->get_info(from);
  bool changes_in_window = false;
  while (info.end < to) {
    const date::sys_info next = zone->get_info(info.end);
    if (next.begin != info.end) break;  // not expected from the tz database; stop rather than loop
    if (!SameObservedTime(info, next)) {
      if (!changes_in_window) {
        changes_in_window = true;
        const date::sys_info before = zone->get_info(info.begin - std::chrono::seconds{1});
        if (before.end == info.begin && !SameObservedTime(before, info)) {
          AddOnset(before, info, &observances);
        }
      }
      AddOnset(info, next, &observances);
    }
    info = next;
  }
  return observances;
}

// The VTIMEZONE of `zone` with TZID = its IANA name, covering from a year before `first_start`
// to ten years after `last_start`. A zone without changes in that window gets one STANDARD
// observance with its fixed offset.
void WriteVTimezone(const date::time_zone* zone, Instant first_start, Instant last_start,
                    Writer* writer) {
  const auto year = std::chrono::duration_cast<std::chrono::seconds>(date::years{1});
  const Instant from = first_start - year;
  const Instant to = last_start + 10 * year;
  std::vector<Observance> observances = ObservancesBetween(zone, from, to);
  if (observances.empty()) {
    const date::sys_info info = zone->get_info(from);
    observances.push_back(Observance{false,
                                     info.offset,
                                     info.offset,
                                     info.abbrev,
                                     {date::local_days{date::year{1970} / 1 / 1}}});
  }

  const std::string zone_name(zone->name());
  writer->Line("BEGIN:VTIMEZONE");
  writer->Line("TZID:" + zone_name);
  writer->Line("X-LIC-LOCATION:" + zone_name);
  for (const Observance& observance : observances) {
    const char* kind = observance.daylight ? "DAYLIGHT" : "STANDARD";
    writer->Line(std::string("BEGIN:") + kind);
    writer->Line("DTSTART:" + FormatDateTime(observance.onsets.front()));
    writer->Line("TZOFFSETFROM:" + FormatOffset(observance.offset_from));
    writer->Line("TZOFFSETTO:" + FormatOffset(observance.offset_to));
    if (!observance.name.empty()) writer->Text("TZNAME", observance.name);
    if (observance.onsets.size() > 1) {
      std::string rdate = "RDATE:";
      for (std::size_t onset_index = 1; onset_index < observance.onsets.size(); ++onset_index) {
        if (onset_index > 1) rdate += ",";
        rdate += FormatDateTime(observance.onsets[onset_index]);
      }
      writer->Line(rdate);
    }
    writer->Line(std::string("END:") + kind);
  }
  writer->Line("END:VTIMEZONE");
}

}  // namespace

std::string EscapeText(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\r':
        out += "\\n";
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) out += c;
        break;
    }
  }
  return out;
}

std::string FoldLine(std::string_view line) {
  std::string out;
  out.reserve(line.size() + line.size() / 70 * 3);
  std::size_t limit = kMaxLineOctets;  // octets allowed on the current physical line
  while (line.size() > limit) {
    std::size_t cut = limit;
    while (cut > 0 && IsContinuationByte(line[cut])) --cut;
    if (cut == 0) cut = limit;  // not UTF-8 at all: cut anyway rather than loop
    out.append(line.substr(0, cut));
    out += "\r\n ";
    line.remove_prefix(cut);
    limit = kMaxLineOctets - 1;  // the leading space counts
  }
  out.append(line);
  return out;
}

std::string ListingToIcs(const directory::Listing& listing, Instant now) {
  Writer writer;
  writer.Line("BEGIN:VCALENDAR");
  writer.Line("VERSION:2.0");
  writer.Line("PRODID:-//recoverynet//directory//EN");
  writer.Line("CALSCALE:GREGORIAN");
  writer.Line("METHOD:PUBLISH");

  const date::time_zone* zone = directory::FindZone(listing.timezone);
  if (zone == nullptr) zone = directory::FindZone("UTC");
  if (zone != nullptr && !listing.schedule.empty()) {
    // Each slot's first start at or after `now`, and its nominal wall-clock start on that local
    // day (not the DST-shifted one), so the weekly rule repeats the slot's own time.
    struct Event {
      Instant start;
      date::local_seconds local_start;
    };
    std::vector<Event> events;
    events.reserve(listing.schedule.size());
    for (const directory::Slot& slot : listing.schedule) {
      directory::Occurrence occurrence = directory::NextOccurrence(slot, zone, now);
      if (occurrence.start < now)
        occurrence = directory::NextOccurrence(slot, zone, occurrence.end);
      const date::local_days local_day =
          std::chrono::floor<date::days>(zone->to_local(occurrence.start));
      events.push_back(
          Event{occurrence.start, local_day + std::chrono::minutes(slot.start_minute)});
    }
    const auto [first, last] =
        std::minmax_element(events.begin(), events.end(),
                            [](const Event& a, const Event& b) { return a.start < b.start; });
    WriteVTimezone(zone, first->start, last->start, &writer);

    const std::string zone_name(zone->name());
    const std::string stamp = FormatDateTime(now) + "Z";
    const std::string summary = listing.name;
    const std::string location = LocationText(listing);
    const std::string description = Description(listing);
    for (std::size_t slot_index = 0; slot_index < listing.schedule.size(); ++slot_index) {
      const directory::Slot& slot = listing.schedule[slot_index];
      const date::local_seconds local_start = events[slot_index].local_start;
      const date::local_seconds local_end =
          local_start + std::chrono::minutes(slot.duration_minutes);

      writer.Line("BEGIN:VEVENT");
      writer.Line("UID:" + listing.id + "-" + std::to_string(slot_index) + "@recoverynet");
      writer.Line("DTSTAMP:" + stamp);
      writer.Line("DTSTART;TZID=" + zone_name + ":" + FormatDateTime(local_start));
      writer.Line("DTEND;TZID=" + zone_name + ":" + FormatDateTime(local_end));
      writer.Line(std::string("RRULE:FREQ=WEEKLY;BYDAY=") + kDayCodes[(slot.day % 7 + 7) % 7]);
      writer.Text("SUMMARY", summary);
      if (!location.empty()) writer.Text("LOCATION", location);
      if (!description.empty()) writer.Text("DESCRIPTION", description);
      if (!listing.conference.url.empty()) writer.Line("URL:" + CleanUri(listing.conference.url));
      if (directory::HasCoordinates(listing)) {
        char geo[64];
        std::snprintf(geo, sizeof geo, "GEO:%.7f;%.7f", *listing.location.latitude,
                      *listing.location.longitude);
        writer.Line(geo);
      }
      if (listing.attendance == directory::Attendance::kInactive) writer.Line("STATUS:CANCELLED");
      writer.Line("END:VEVENT");
    }
  }
  writer.Line("END:VCALENDAR");
  return writer.Take();
}

}  // namespace rn::interop::ical
