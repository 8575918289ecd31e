#include "util/time_zone.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "util/text.h"

namespace rn {
namespace {

// The system tz database's directory, chosen as date's tz.cpp chooses it (USE_OS_TZDB).
const std::string& ZoneDirectory() {
  static const std::string directory = [] {
    struct stat info {};
    constexpr const char* kBuildroot = "/usr/share/zoneinfo/uclibc";
    return std::string(::stat(kBuildroot, &info) == 0 && S_ISDIR(info.st_mode)
                           ? kBuildroot
                           : "/usr/share/zoneinfo");
  }();
  return directory;
}

// The file names date's scan of the tz directory skips at every level, besides those that start
// with '.' or "posix": they are not zones.
constexpr std::string_view kNotZones[] = {
    "Factory",      "iso3166.tab", "right",     "+VERSION",    "version",          "zone.tab",
    "zone1970.tab", "zonenow.tab", "tzdata.zi", "leapseconds", "leap-seconds.list"};

// Whether `file` holds every part of a TZif file (RFC 8536) that date's loader reads: the header,
// the version-1 data, and from version 2 on a second header with the 64-bit data, with no count
// negative. Then loading the zone cannot fail on it.
bool IsWholeTzif(std::string_view file) {
  constexpr std::int64_t kHeaderBytes = 44;  // "TZif", version, 15 reserved, six 32-bit counts
  struct Counts {
    std::int64_t isut, isstd, leap, time, type, chars;
  };
  const auto counts_at = [&](std::int64_t header, Counts* counts) {
    if (header + kHeaderBytes > static_cast<std::int64_t>(file.size())) return false;
    std::int64_t values[6];
    for (int index = 0; index < 6; ++index) {
      const auto* bytes =
          reinterpret_cast<const unsigned char*>(file.data() + header + 20 + 4 * index);
      values[index] = static_cast<std::int32_t>(
          static_cast<std::uint32_t>(bytes[0]) << 24 | static_cast<std::uint32_t>(bytes[1]) << 16 |
          static_cast<std::uint32_t>(bytes[2]) << 8 | bytes[3]);
      if (values[index] < 0) return false;
    }
    *counts = {values[0], values[1], values[2], values[3], values[4], values[5]};
    return true;
  };
  Counts first{};
  if (!file.starts_with("TZif") || !counts_at(0, &first)) return false;
  // Version 1 data: transition times and their types, types, abbreviations, leap seconds.
  const std::int64_t first_data = 5 * first.time + 6 * first.type + first.chars + 8 * first.leap;
  if (file[4] == '\0') return kHeaderBytes + first_data <= static_cast<std::int64_t>(file.size());
  const std::int64_t second_header = kHeaderBytes + first_data + first.isstd + first.isut;
  Counts second{};
  if (!counts_at(second_header, &second)) return false;
  const std::int64_t second_data =
      9 * second.time + 6 * second.type + second.chars + 12 * second.leap;
  return second_header + kHeaderBytes + second_data <= static_cast<std::int64_t>(file.size());
}

// Whether `name` is one date::locate_zone would know, and loadable: a path of components its scan
// does not skip, to a regular file that holds a whole TZif file.
bool IsZoneFile(std::string_view name) {
  for (std::size_t begin = 0; begin <= name.size();) {
    const std::size_t end = std::min(name.find('/', begin), name.size());
    const std::string_view part = name.substr(begin, end - begin);
    if (part.empty() || part.front() == '.' || part.starts_with("posix") ||
        std::find(std::begin(kNotZones), std::end(kNotZones), part) != std::end(kNotZones)) {
      return false;
    }
    begin = end + 1;
  }
  const std::string path = ZoneDirectory() + "/" + std::string(name);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  struct stat info {};
  // Zone files are a few KB; anything far larger is not one.
  constexpr off_t kMaxBytes = 1 << 20;
  std::string file;
  bool read_whole = ::fstat(fd, &info) == 0 && S_ISREG(info.st_mode) && info.st_size <= kMaxBytes;
  if (read_whole) {
    file.resize(static_cast<std::size_t>(info.st_size));
    std::size_t done = 0;
    while (done < file.size()) {
      const ssize_t n = ::read(fd, file.data() + done, file.size() - done);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      done += static_cast<std::size_t>(n);
    }
    read_whole = done == file.size();
  }
  ::close(fd);
  return read_whole && IsWholeTzif(file);
}

}  // namespace

// date::locate_zone lists the whole tz database (a stat of every file, ~10 ms) the first time it
// is called: a command-line import would pay that for its one zone. So each zone is made on its
// own from its file, as that scan makes it, and kept for the life of the process: date::time_zone
// cannot be destroyed outside date's own source, so zones are made with new and never deleted.
// Names that are not zone files are not kept (they come from outside input). The file is read by
// date on the zone's first use, not here: loading any zone also lists the whole database, for its
// leap seconds (~2 ms), which an import — it needs only the zone's name — should not pay; that
// the file would load is checked here instead (IsWholeTzif), so a bad one is unknown.
const date::time_zone* FindZone(std::string_view name) {
  if (name.empty()) return nullptr;
  static std::mutex mutex;
  static auto* const made = new std::map<std::string, const date::time_zone*, std::less<>>();
  const std::lock_guard<std::mutex> lock(mutex);
  auto found = made->find(name);
  if (found == made->end()) {
    if (!IsZoneFile(name)) return nullptr;
    const auto* zone = new date::time_zone(std::string(name), date::detail::undocumented{});
    found = made->emplace(std::string(name), zone).first;
  }
  return found->second;
}

namespace {

// The `count` digits at `pos` of `text` as a number.
bool ReadDigits(std::string_view text, std::size_t pos, std::size_t count, int* out) {
  if (pos + count > text.size()) return false;
  const auto value = text::ParseNumber<int>(text.substr(pos, count), 0, 9999);
  if (!value || text[pos] == '-' || text[pos] == '+') return false;
  *out = *value;
  return true;
}

}  // namespace

Result<Instant> ParseRfc3339(std::string_view text) {
  const Status bad =
      Status::Invalid("", "must be an RFC 3339 date-time such as 2026-11-23T19:30:00-08:00");
  int year, month, day, hour, minute, second;
  if (text.size() < 20 || !ReadDigits(text, 0, 4, &year) || text[4] != '-' ||
      !ReadDigits(text, 5, 2, &month) || text[7] != '-' || !ReadDigits(text, 8, 2, &day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !ReadDigits(text, 11, 2, &hour) ||
      text[13] != ':' || !ReadDigits(text, 14, 2, &minute) || text[16] != ':' ||
      !ReadDigits(text, 17, 2, &second)) {
    return bad;
  }
  std::size_t pos = 19;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    const std::size_t digits_start = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
    if (pos == digits_start) return bad;
  }
  if (pos >= text.size()) return bad;
  int offset_minutes = 0;
  if (text[pos] == 'Z' || text[pos] == 'z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    int offset_hour, offset_minute;
    if (!ReadDigits(text, pos + 1, 2, &offset_hour) || pos + 3 >= text.size() ||
        text[pos + 3] != ':' || !ReadDigits(text, pos + 4, 2, &offset_minute) || offset_hour > 23 ||
        offset_minute > 59) {
      return bad;
    }
    offset_minutes = (offset_hour * 60 + offset_minute) * (text[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad;
  }
  if (pos != text.size()) return bad;
  const date::year_month_day ymd{date::year(year), date::month(static_cast<unsigned>(month)),
                                 date::day(static_cast<unsigned>(day))};
  if (!ymd.ok() || hour > 23 || minute > 59 || second > 60) return bad;
  if (second == 60) second = 59;  // a leap second reads as the second before it
  const auto local = date::sys_days(ymd) + std::chrono::hours(hour) + std::chrono::minutes(minute) +
                     std::chrono::seconds(second);
  return Instant{local - std::chrono::minutes(offset_minutes)};
}

}  // namespace rn
