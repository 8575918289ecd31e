#include "interop/ical/ical.h"

#include <chrono>
#include <cstdio>

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
  if (zone != nullptr) {
    const std::string zone_name(zone->name());
    const std::string stamp = FormatDateTime(now) + "Z";
    const std::string summary = listing.name;
    const std::string location = LocationText(listing);
    const std::string description = Description(listing);
    for (std::size_t slot_index = 0; slot_index < listing.schedule.size(); ++slot_index) {
      const directory::Slot& slot = listing.schedule[slot_index];
      directory::Occurrence occurrence = directory::NextOccurrence(slot, zone, now);
      if (occurrence.start < now)
        occurrence = directory::NextOccurrence(slot, zone, occurrence.end);
      // The nominal wall-clock start on the occurrence's local day (not the DST-shifted one), so
      // the weekly rule repeats the slot's own time.
      const date::local_days local_day =
          std::chrono::floor<date::days>(zone->to_local(occurrence.start));
      const date::local_seconds local_start = local_day + std::chrono::minutes(slot.start_minute);
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
