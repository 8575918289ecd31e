// The Meeting Guide export against the original rows of the real fixture feeds, key by key: every
// key of a source row survives import → export with its value, allowing only the normalisations
// docs/contracts/directory.md lists ("Export (Meeting Guide) keeps what the source said"), and the
// export adds only the keys listed there.

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "directory/vocabulary.h"
#include "interop/import_rules.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "util/testing.h"
#include "util/text.h"

namespace rn::interop::meeting_guide {
namespace {

namespace json = boost::json;

struct FixtureFeed {
  std::string file;
  std::string zone;  // the feed's zone, for rows without their own
};

const std::vector<FixtureFeed>& FixtureFeeds() {
  static const std::vector<FixtureFeed> feeds = {{"oc.json", "America/Los_Angeles"},
                                                 {"aasfmarin.test.json", ""},
                                                 {"nwta.test.json", "America/Chicago"}};
  return feeds;
}

FeedOptions OptionsFor(const FixtureFeed& feed) {
  FeedOptions options;
  options.source = "fixture";
  options.default_timezone = feed.zone;
  options.fellowship = "aa";
  return options;
}

// The keys an export may add to what a source row said (each documented in the contract): the
// zone the import resolved, the end time a missing one implies, the attendance the import worked
// out, the approach, and the (possibly empty) list of types.
const std::set<std::string, std::less<>> kAddedKeys = {"timezone", "end_time", "attendance_option",
                                                       "fellowship", "types"};

std::optional<int> DayOf(const json::value& value) {
  if (value.is_int64()) return static_cast<int>(value.as_int64());
  if (const auto* text = value.if_string()) {
    const std::string trimmed(text::Trim(std::string_view(*text)));
    if (!trimmed.empty() && std::all_of(trimmed.begin(), trimmed.end(), ::isdigit)) {
      return std::stoi(trimmed);
    }
  }
  return std::nullopt;
}

// A source's `types`, by the contract's rule: an array, or one string such as "[open]" or "O,D";
// each token the code it names, without repeats.
std::vector<std::string> TypesOf(const json::value& value) {
  const directory::Vocabulary& vocabulary = directory::Vocabulary::Get();
  std::vector<std::string> types;
  auto add = [&](std::string_view token) {
    std::string code = vocabulary.NormalizeType(text::Trim(token));
    if (!code.empty() && std::find(types.begin(), types.end(), code) == types.end()) {
      types.push_back(std::move(code));
    }
  };
  if (const auto* array = value.if_array()) {
    for (const json::value& element : *array) add(JsonText(element));
  } else if (const auto* string = value.if_string()) {
    std::string cleaned(*string);
    std::erase_if(cleaned, [](char c) { return c == '[' || c == ']' || c == '"' || c == '\''; });
    std::string_view rest = cleaned;
    for (std::size_t comma; (comma = rest.find(',')) != std::string_view::npos;) {
      add(rest.substr(0, comma));
      rest.remove_prefix(comma + 1);
    }
    add(rest);
  }
  return types;
}

std::vector<std::string> StringsOf(const json::value& value) {
  std::vector<std::string> strings;
  if (const auto* array = value.if_array()) {
    for (const json::value& element : *array) strings.push_back(JsonText(element));
  }
  return strings;
}

std::optional<double> NumberOf(const json::value& value) {
  if (const auto* text = value.if_string()) return ParseDecimal(std::string_view(*text));
  if (value.is_number()) return value.to_number<double>();
  return std::nullopt;
}

// Whether a source value says nothing a client could use, so the export leaves its key out (the
// contract's normalisations): a list naming no region or address; a coordinate without its
// partner, or the pair (0, 0).
bool Unusable(std::string_view key, const json::value& value, const json::object& row) {
  if (key == "regions" || key == "feedback_emails") {
    std::vector<std::string> given = StringsOf(value);
    std::erase(given, "");
    return given.empty();
  }
  if (key == "latitude" || key == "longitude") {
    const json::value* latitude = row.if_contains("latitude");
    const json::value* longitude = row.if_contains("longitude");
    const auto lat = latitude ? NumberOf(*latitude) : std::nullopt;
    const auto lng = longitude ? NumberOf(*longitude) : std::nullopt;
    return !lat || !lng || (*lat == 0 && *lng == 0);
  }
  return false;
}

// Compares one key of a source row with the exported row; empty when they agree, else what
// differs.
std::string Disagreement(std::string_view key, const json::value& original, const json::object& row,
                         const json::object& exported) {
  const json::value* out = exported.if_contains(key);
  const std::string original_text = JsonText(original);
  if (original.is_string() && original_text.empty()) {
    // A blank string says nothing: it is not written.
    return out == nullptr ? "" : "a blank value was written";
  }
  if (out == nullptr) {
    if (Unusable(key, original, row)) return "";
    return "missing from the export";
  }
  if (key == "day") {
    return DayOf(original) == DayOf(*out) ? "" : "another day";
  }
  if (key == "time" || key == "end_time") {
    const auto from = ParseClockTime(original_text, key == "end_time");
    const auto to = ParseClockTime(JsonText(*out), key == "end_time");
    return from == to ? "" : "another time";
  }
  if (key == "types") return TypesOf(original) == StringsOf(*out) ? "" : "other types";
  if (key == "updated") {
    return NormalizeUpdated(original_text) == NormalizeUpdated(JsonText(*out)) ? ""
                                                                               : "another instant";
  }
  if (key == "latitude" || key == "longitude") {
    const auto from = NumberOf(original);
    const auto to = NumberOf(*out);
    return from && to && std::abs(*from - *to) <= 5e-8 ? "" : "another coordinate";
  }
  if (key == "regions" || key == "feedback_emails") {
    std::vector<std::string> given = StringsOf(original);
    std::erase(given, "");
    return given == StringsOf(*out) ? "" : "other values";
  }
  if (original.is_string() || key == "slug" || key == "postal_code") {
    // Text is trimmed; a number given for a text key is written as its digits.
    return original_text == JsonText(*out) ? "" : "other text";
  }
  return original == *out ? "" : "another value";  // kept as given (source_fields)
}

struct Comparison {
  int rows = 0;
  int keys = 0;  // source keys with a value, compared
  std::vector<std::string> failures;
};

Comparison CompareFeed(const FixtureFeed& feed) {
  Comparison comparison;
  const std::string text = testing::ReadTestData("meeting-feeds/" + feed.file);
  const json::value original = json::parse(text);
  Result<FeedParse> parse = ParseFeed(text, OptionsFor(feed));
  if (!parse.ok()) {
    comparison.failures.push_back(parse.status().message());
    return comparison;
  }
  const json::value exported = json::parse(ExportFeed(parse->listings));
  std::map<std::string, const json::object*> exported_by_slug;
  for (const json::value& row : exported.as_array()) {
    exported_by_slug.emplace(JsonText(row.at("slug")), &row.as_object());
  }
  for (const json::value& value : original.as_array()) {
    const json::object& row = value.as_object();
    const std::string slug = JsonText(row.at("slug"));
    ++comparison.rows;
    const auto found = exported_by_slug.find(slug);
    if (found == exported_by_slug.end()) {
      comparison.failures.push_back(slug + ": not exported");
      continue;
    }
    const json::object& out = *found->second;
    for (const auto& entry : row) {
      const std::string_view key(entry.key().data(), entry.key().size());
      if (entry.value().is_null()) {
        // null means absent: nothing is written for it, unless the export adds the key.
        if (out.contains(key) && !kAddedKeys.contains(key)) {
          comparison.failures.push_back(slug + " " + std::string(key) + ": null became a value");
        }
        continue;
      }
      ++comparison.keys;
      if (std::string reason = Disagreement(key, entry.value(), row, out); !reason.empty()) {
        comparison.failures.push_back(slug + " " + std::string(key) + ": " + reason + " (" +
                                      json::serialize(entry.value()).substr(0, 60) + " → " +
                                      (out.contains(key) ? json::serialize(out.at(key)) : "") +
                                      ")");
      }
    }
    for (const auto& entry : out) {
      const std::string_view key(entry.key().data(), entry.key().size());
      const json::value* given = row.if_contains(key);
      if ((given == nullptr || given->is_null()) && !kAddedKeys.contains(key)) {
        comparison.failures.push_back(slug + " " + std::string(key) + ": added by the export");
      }
    }
  }
  return comparison;
}

TEST(MeetingGuideFidelityTest, EveryKeyOfEveryFixtureRowSurvivesTheExport) {
  for (const FixtureFeed& feed : FixtureFeeds()) {
    const Comparison comparison = CompareFeed(feed);
    EXPECT_GT(comparison.rows, 600) << feed.file;
    EXPECT_GT(comparison.keys, comparison.rows * 10) << feed.file;
    for (std::size_t index = 0; index < comparison.failures.size() && index < 20; ++index) {
      ADD_FAILURE() << feed.file << ": " << comparison.failures[index];
    }
    EXPECT_TRUE(comparison.failures.empty())
        << feed.file << ": " << comparison.failures.size() << " disagreements";
  }
}

// Import → export → import gives back every field of every listing (operator== covers them all,
// the modelled extensions and source_fields included), and exporting again changes nothing.
TEST(MeetingGuideFidelityTest, ImportExportImportIsLosslessForEveryFixtureFeed) {
  for (const FixtureFeed& feed : FixtureFeeds()) {
    const FeedOptions options = OptionsFor(feed);
    Result<FeedParse> first =
        ParseFeed(testing::ReadTestData("meeting-feeds/" + feed.file), options);
    ASSERT_TRUE(first.ok()) << feed.file;
    const std::string exported = ExportFeed(first->listings);
    Result<FeedParse> second = ParseFeed(exported, options);
    ASSERT_TRUE(second.ok()) << feed.file;
    EXPECT_TRUE(second->rejections.empty()) << feed.file;
    ASSERT_EQ(second->listings.size(), first->listings.size()) << feed.file;
    for (std::size_t index = 0; index < first->listings.size(); ++index) {
      EXPECT_EQ(second->listings[index], first->listings[index])
          << feed.file << " slug " << first->listings[index].slug;
    }
    EXPECT_EQ(ExportFeed(second->listings), exported) << feed.file;
  }
}

// Regression: the export wrote "approximate": "no" for every row whose source said nothing, so
// TSML UI showed 518 online-only San Francisco meetings as in person, with directions.
TEST(MeetingGuideFidelityTest, AFeedWithoutApproximateExportsNone) {
  for (const FixtureFeed& feed : FixtureFeeds()) {
    const std::string text = testing::ReadTestData("meeting-feeds/" + feed.file);
    if (text.find("\"approximate\"") != std::string::npos) continue;  // oc.json states it
    Result<FeedParse> parse = ParseFeed(text, OptionsFor(feed));
    ASSERT_TRUE(parse.ok()) << feed.file;
    EXPECT_EQ(ExportFeed(parse->listings).find("\"approximate\""), std::string::npos) << feed.file;
  }
}

// Regression: rows without regions were exported with "regions": [], which stops TSML UI falling
// back to the city (Amarillo's Region filter went from 63 entries to 14).
TEST(MeetingGuideFidelityTest, NoEmptyRegionsAreWritten) {
  for (const FixtureFeed& feed : FixtureFeeds()) {
    Result<FeedParse> parse =
        ParseFeed(testing::ReadTestData("meeting-feeds/" + feed.file), OptionsFor(feed));
    ASSERT_TRUE(parse.ok()) << feed.file;
    EXPECT_EQ(ExportFeed(parse->listings).find("\"regions\":[]"), std::string::npos) << feed.file;
  }
}

}  // namespace
}  // namespace rn::interop::meeting_guide
