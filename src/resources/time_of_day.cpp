#include "resources/time_of_day.h"

#include <cstdio>

#include <cctype>
#include <optional>

namespace rn::resources {
namespace {

// Reads text left to right; every Read… leaves the position after what it read.
class Reader final {
 public:
  explicit Reader(std::string_view text) : text_(text) {}

  void SkipSpaces() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool AtEnd() const { return pos_ == text_.size(); }
  std::string_view Rest() const { return text_.substr(pos_); }

  // The digits at the position (possibly none) as a number, and how many there were.
  int ReadDigits(int* count) {
    int value = 0;
    *count = 0;
    // At most 6 digits are read, so the value cannot overflow; longer runs fail as too many.
    while (pos_ < text_.size() && std::isdigit(static_cast<unsigned char>(text_[pos_]))) {
      if (*count < 6) value = value * 10 + (text_[pos_] - '0');
      ++*count;
      ++pos_;
    }
    return value;
  }

  bool Consume(char c) {
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  // Consumes `word` (lower case) when the text continues with it, in any case.
  bool ConsumeWord(std::string_view word) {
    if (text_.size() - pos_ < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
      if (std::tolower(static_cast<unsigned char>(text_[pos_ + i])) != word[i]) return false;
    }
    pos_ += word.size();
    return true;
  }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

enum class Meridiem { kNone, kAm, kPm, kNoon, kMidnight };

// "am", "a.m.", "a", "pm", "p.m.", "p", "noon", "midnight", or nothing.
Meridiem ReadMeridiem(Reader& reader) {
  if (reader.ConsumeWord("noon")) return Meridiem::kNoon;
  if (reader.ConsumeWord("midnight")) return Meridiem::kMidnight;
  for (auto [letter, meridiem] : {std::pair{"a", Meridiem::kAm}, std::pair{"p", Meridiem::kPm}}) {
    if (!reader.ConsumeWord(letter)) continue;
    const bool dotted = reader.Consume('.');
    if (reader.ConsumeWord("m"))
      reader.Consume('.');
    else if (dotted)
      return Meridiem::kNone;  // "a." alone: reported as unexpected text
    return meridiem;
  }
  return Meridiem::kNone;
}

Status Invalid(std::string_view field, std::string_view text, std::string_view why) {
  return Status::Invalid(std::string(field),
                         "\"" + std::string(text) + "\" is not a time of day: " + std::string(why));
}

struct Clock24 {
  int hour = 0;
  int minute = 0;
  bool has_minutes = false;  // written with minutes ("9:00", "0900"), not a bare hour ("9")
};

// The numeric part: "9", "09:30", "17:00:00", "9.30", "0930". Seconds are checked and dropped.
std::optional<std::string> ReadClock(Reader& reader, Clock24* clock) {
  int digits = 0;
  const int number = reader.ReadDigits(&digits);
  if (digits == 0) return "it must start with the hour";
  if (digits > 4) return "too many digits";
  if (digits >= 3) {  // "930", "0930", "1700": hours and minutes without a separator
    *clock = {number / 100, number % 100, true};
    return std::nullopt;
  }
  *clock = {number, 0, false};
  if (!reader.Consume(':') && !reader.Consume('.')) return std::nullopt;
  clock->minute = reader.ReadDigits(&digits);
  clock->has_minutes = true;
  if (digits != 2) return "the minutes must be two digits";
  if (reader.Consume(':')) {
    const int second = reader.ReadDigits(&digits);
    if (digits != 2 || second > 59) return "the seconds must be two digits, 00–59";
  }
  return std::nullopt;
}

// Minutes after midnight of a clock time read with `meridiem`, or why it is not a time.
Result<int> Combine(const Clock24& clock, Meridiem meridiem, std::string_view field,
                    std::string_view text) {
  if (clock.minute > 59) return Invalid(field, text, "the minutes must be 00–59");
  switch (meridiem) {
    case Meridiem::kNoon:
    case Meridiem::kMidnight:
      if (clock.hour != 12 || clock.minute != 0) {
        return Invalid(field, text, "only 12 or 12:00 can be noon or midnight");
      }
      return meridiem == Meridiem::kNoon ? 12 * 60 : 0;
    case Meridiem::kAm:
    case Meridiem::kPm:
      if (clock.hour < 1 || clock.hour > 12) {
        return Invalid(field, text, "the hour must be 1–12 with am or pm");
      }
      return (clock.hour % 12 + (meridiem == Meridiem::kPm ? 12 : 0)) * 60 + clock.minute;
    case Meridiem::kNone:
      break;
  }
  if (clock.hour == 24 && clock.minute == 0) return kMinutesPerDay;
  if (clock.hour > 23) return Invalid(field, text, "the hour must be 0–23 (or 24:00)");
  // A bare hour without am/pm ("5") is more likely 5 pm than 5 am in a schedule: refuse to guess.
  if (!clock.has_minutes) return Invalid(field, text, "a bare hour needs minutes or am/pm");
  return clock.hour * 60 + clock.minute;
}

}  // namespace

Result<int> ParseTimeOfDay(std::string_view text, std::string_view field) {
  Reader reader(text);
  reader.SkipSpaces();
  if (reader.AtEnd()) return Status::Invalid(std::string(field), "the time of day is empty");
  if (reader.ConsumeWord("noon")) {
    reader.SkipSpaces();
    if (reader.AtEnd()) return 12 * 60;
    return Invalid(field, text, "unexpected \"" + std::string(reader.Rest()) + "\" after it");
  }
  if (reader.ConsumeWord("midnight")) {
    reader.SkipSpaces();
    if (reader.AtEnd()) return 0;
    return Invalid(field, text, "unexpected \"" + std::string(reader.Rest()) + "\" after it");
  }
  Clock24 clock;
  if (std::optional<std::string> error = ReadClock(reader, &clock)) {
    return Invalid(field, text, *error);
  }
  reader.SkipSpaces();
  const Meridiem meridiem = ReadMeridiem(reader);
  reader.SkipSpaces();
  if (!reader.AtEnd()) {
    return Invalid(field, text, "unexpected \"" + std::string(reader.Rest()) + "\" after the time");
  }
  return Combine(clock, meridiem, field, text);
}

std::string FormatTimeOfDay(int minutes) {
  if (minutes == 0 || minutes == kMinutesPerDay) return "midnight";
  if (minutes == 12 * 60) return "noon";
  const int hour = minutes / 60;
  const int minute = minutes % 60;
  std::string out = std::to_string(hour % 12 == 0 ? 12 : hour % 12);
  if (minute != 0) out += (minute < 10 ? ":0" : ":") + std::to_string(minute);
  out += hour < 12 ? " am" : " pm";
  return out;
}

std::string FormatHhMm(int minutes) {
  char out[16];
  std::snprintf(out, sizeof out, "%02d:%02d", (minutes / 60) % 100, minutes % 60);
  return out;
}

}  // namespace rn::resources
