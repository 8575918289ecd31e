// `recoverynet corrections …`: the corrections suggested by the public, for directory editors.

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <iostream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "app/commands.h"
#include "directory/correction.h"
#include "directory/editing.h"
#include "util/text.h"

namespace rn::app {
namespace {

// How much of a request's details a listing line shows, in code points.
constexpr std::size_t kDetailsShown = 120;
// How much of the listing's name (or of any other short column) a line shows, in code points.
constexpr std::size_t kColumnShown = 60;
constexpr std::string_view kDeletedListing = "(deleted)";

// The length of the UTF-8 sequence that starts with `lead` (in valid UTF-8).
std::size_t SequenceLength(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
}

// `text` made safe for one line of a terminal: invalid UTF-8 dropped, a line break ("\r\n", "\n"
// or "\r") shown as "⏎", a tab as a space, any other control character (which could move the
// cursor or recolour the screen) as U+FFFD; cut to `max_code_points` with "…" when longer.
std::string OneLine(std::string_view text, std::size_t max_code_points) {
  const std::string valid = text::ToValidUtf8(text);
  std::vector<std::string_view> shown;  // one entry per code point shown
  for (std::size_t i = 0; i < valid.size();) {
    const unsigned char first = static_cast<unsigned char>(valid[i]);
    const std::size_t length = std::min(SequenceLength(first), valid.size() - i);
    const std::string_view code_point(valid.data() + i, length);
    i += length;
    if (code_point == "\r" && i < valid.size() && valid[i] == '\n') continue;
    if (code_point == "\n" || code_point == "\r") {
      shown.push_back("\u23CE");
    } else if (code_point == "\t") {
      shown.push_back(" ");
    } else if (first < 0x20 || first == 0x7F ||
               (first == 0xC2 && static_cast<unsigned char>(code_point[1]) < 0xA0)) {
      shown.push_back("\uFFFD");
    } else {
      shown.push_back(code_point);
    }
  }
  const bool cut = shown.size() > max_code_points;
  if (cut) shown.resize(max_code_points - 1);
  std::string out;
  for (std::string_view piece : shown) out += piece;
  if (cut) out += "\u2026";
  return out;
}

// The name of listing `id`, or nullopt when it is no longer stored. Looked up once per id.
class ListingNames final {
 public:
  explicit ListingNames(directory::ListingStore& listings) : listings_(listings) {}

  Result<std::optional<std::string>> Get(const std::string& id) {
    if (auto it = names_.find(id); it != names_.end()) return it->second;
    Result<std::optional<directory::Listing>> listing = listings_.Get(id);
    if (!listing.ok()) return listing.status();
    std::optional<std::string> name;
    if (listing->has_value()) name = (*listing)->name;
    names_.emplace(id, name);
    return name;
  }

 private:
  directory::ListingStore& listings_;
  std::map<std::string, std::optional<std::string>> names_;
};

boost::json::object CorrectionJson(const directory::CorrectionRequest& request,
                                   const std::optional<std::string>& listing_name) {
  boost::json::object item;
  item["id"] = request.id;
  item["created_at"] = request.created_at;
  item["status"] = request.status;
  item["listing_id"] = request.listing_id;
  if (listing_name.has_value()) {
    item["listing_name"] = text::ToValidUtf8(*listing_name);
  } else {
    item["listing_name"] = nullptr;
  }
  item["field"] = request.field;
  item["details"] = text::ToValidUtf8(request.details);
  item["email"] = text::ToValidUtf8(request.email);
  item["language"] = request.language;
  item["resolved_by"] = request.resolved_by;
  item["resolved_at"] = request.resolved_at;
  return item;
}

}  // namespace

int RunCorrectionsList(const CorrectionsListCommand& command) {
  std::optional<std::string_view> status;
  if (command.status != "all") {
    if (!directory::IsCorrectionStatus(command.status)) {
      return Fail("--status is one of open, applied, dismissed and all");
    }
    status = command.status;
  }
  auto database = OpenExistingDatabase(command.db);
  if (!database.ok()) return Fail(database.status());
  auto requests = directory::ListCorrections((*database)->directory().corrections, status);
  if (!requests.ok()) return Fail(requests.status().message());
  ListingNames names((*database)->directory().listings);

  if (command.json) {
    boost::json::array items;
    for (const directory::CorrectionRequest& request : *requests) {
      auto name = names.Get(request.listing_id);
      if (!name.ok()) return Fail(name.status().message());
      items.push_back(CorrectionJson(request, *name));
    }
    std::cout << boost::json::serialize(items) << "\n";
    return 0;
  }

  if (requests->empty()) {
    std::cout << "no " << (status ? command.status + " " : "") << "correction requests\n";
    return 0;
  }
  std::cout << "ID\tCREATED\tSTATUS\tLISTING\tNAME\tFIELD\tEMAIL\tDETAILS\n";
  for (const directory::CorrectionRequest& request : *requests) {
    auto name = names.Get(request.listing_id);
    if (!name.ok()) return Fail(name.status().message());
    std::cout << request.id << "\t" << OneLine(request.created_at, kColumnShown) << "\t"
              << OneLine(request.status, kColumnShown) << "\t"
              << OneLine(request.listing_id, kColumnShown) << "\t"
              << (name->has_value() ? OneLine(**name, kColumnShown) : std::string(kDeletedListing))
              << "\t" << OneLine(request.field, kColumnShown) << "\t"
              << (request.email.empty() ? "-"
                                        : OneLine(request.email, directory::kMaxCorrectionEmail))
              << "\t" << OneLine(request.details, kDetailsShown) << "\n";
  }
  return 0;
}

}  // namespace rn::app
