#pragma once
// The in-memory directory search (ARCHITECTURE.md §2): an immutable snapshot built from all
// listings, shared by every thread without locks, replaced whole by Directory::Publish. An edit is
// published as a patched snapshot (SearchIndex::Patched): the last full build, shared, plus a small
// index of the listings edited since, so publishing costs what the edits cost, not the directory.
//
// Candidates come from the most selective index for the query — a minute-of-week table per time
// zone (open_now / starts_within), an R-tree over 3-D unit vectors (lat/lng + radius_km), a
// word-prefix index (q) — and each candidate is then checked against every filter. Rules:
// docs/contracts/directory.md.

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "directory/listing.h"
#include "directory/places.h"
#include "directory/schedule.h"

namespace rn::directory {

inline constexpr double kEarthRadiusKm = 6371.0088;

enum class SortOrder { kDefault, kDistance, kNext, kName };

struct SearchQuery {
  Instant at;                                    // "now"
  const date::time_zone* viewer_zone = nullptr;  // nullptr: read times in each listing's own zone
  std::optional<double> latitude;                // both or neither
  std::optional<double> longitude;
  std::optional<double> radius_km;           // REQUIRES: latitude/longitude set
  std::vector<int> days;                     // any of, 0 = Sunday; empty = every day
  std::optional<int> time_from;              // minutes after midnight; a start in [from, to),
  std::optional<int> time_to;                //   wrapping past midnight when to <= from
  bool open_now = false;                     // an occurrence with start <= at < end
  std::optional<int> starts_within_minutes;  // an occurrence starting in [at, at + M)
  bool or_in_progress = false;     // with starts_within: an occurrence in progress at `at` also
                                   //   matches ("on now or soon")
  std::optional<Instant> until;    // an occurrence in progress at `at` or starting in [at, until)
                                   //   (the finder's "today and tomorrow"); REQUIRES: no
                                   //   starts_within_minutes
  std::vector<std::string> types;  // all must be present
  std::vector<std::string> exclude_types;  // none may be present
  std::vector<Attendance> attendance;      // any of; in person and online also match hybrid
  bool include_inactive = false;
  std::string language;  // ISO 639-1; "en" also matches no language
  std::string text;      // every word a word-prefix of the listing's text
  std::string source;
  std::string fellowship;
  SortOrder sort = SortOrder::kDefault;  // REQUIRES: kDistance only with latitude/longitude
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct SearchHit {
  std::uint32_t index = 0;         // position in the snapshot (SearchIndex::Json, ::Get)
  std::optional<Occurrence> next;  // current occurrence if in progress, else the next; none for
                                   //   by-appointment listings
  bool in_progress = false;
  std::optional<double> distance_km;  // with latitude/longitude
};

struct SearchResult {
  std::size_t total = 0;        // all matches
  std::vector<SearchHit> hits;  // the page [offset, offset + limit) in sort order
};

class SearchIndex final {
 public:
  class Builder;

  // Builds the snapshot; listings with an unknown time zone are kept but never match time filters.
  // The same as adding each listing to a Builder in order.
  explicit SearchIndex(const std::vector<Listing>& listings);
  // `previous` with `changed` put in (each replacing the listing with its id, if there is one) and
  // the listings with ids in `removed` taken out; searches exactly as a snapshot built from the
  // result would. Shares `previous`'s full build and most of its patch: the cost is about that
  // of indexing `changed`, plus now and then a merge of some of the listings patched before, not
  // the directory's. Places() and PrevailingZone() stay those of
  // the full build.
  static std::shared_ptr<const SearchIndex> Patched(const SearchIndex& previous,
                                                    std::vector<Listing> changed,
                                                    const std::vector<std::string>& removed);
  ~SearchIndex();
  SearchIndex(const SearchIndex&) = delete;
  SearchIndex& operator=(const SearchIndex&) = delete;

  // Thread-safe. Never fails: the query is validated by its parser.
  SearchResult Search(const SearchQuery& query) const;

  // The number of listings; positions are 0 .. size() - 1.
  std::size_t size() const;
  // How many listings were put in or taken out since the last full build (0 for a full build).
  std::size_t patched() const;
  // The position of the listing with `id`, or nullopt.
  std::optional<std::uint32_t> Find(std::string_view id) const;
  // The canonical JSON (listing_json.h) of the listing at `index`, compact.
  const std::string& Json(std::uint32_t index) const;
  // The listing at `index`, rebuilt from its JSON. REQUIRES: index < size().
  Listing Get(std::uint32_t index) const;
  // The listing's zone (nullptr when unknown). REQUIRES: index < size().
  const date::time_zone* Zone(std::uint32_t index) const;
  // The occurrence to show for the listing at `at` (in progress, else next), for a page about one
  // listing.
  std::optional<Occurrence> NextOccurrenceOf(std::uint32_t index, Instant at) const;
  // The weekly slots of the listing at `index`, in its own zone. REQUIRES: index < size().
  std::span<const Slot> Schedule(std::uint32_t index) const;
  // The place of the listing at `index` in name order (SortOrder::kName's). REQUIRES: index <
  // size().
  std::uint32_t NameRank(std::uint32_t index) const;
  // The source of the listing at `index`. REQUIRES: index < size().
  const std::string& Source(std::uint32_t index) const;
  // Whether the listing at `index` is inactive (temporarily closed).
  bool Inactive(std::uint32_t index) const;
  // The places named by the listings' locations (the finder's "where").
  const PlaceIndex& Places() const;
  // The zone most listings use (nullptr when there are none): the finder's viewer zone when
  // nothing better is known.
  const date::time_zone* PrevailingZone() const;

  struct Impl;   // opaque; defined in search_index.cpp
  struct Patch;  // the listings edited since the full build

 private:
  SearchIndex() = default;
  // Where position `index` lives: the full build or the patch's index, and its position there.
  std::pair<const Impl*, std::uint32_t> Locate(std::uint32_t index) const;

  std::shared_ptr<const Impl> base_;    // the last full build
  std::shared_ptr<const Patch> patch_;  // nullptr when nothing was edited since
};

// Builds a snapshot one listing at a time, so that the caller need not hold every listing at once
// (SnapshotPublisher::Republish streams them from the store): each listing is turned into the
// snapshot's compact parts as it is added and can be dropped after. The snapshot searches exactly
// as SearchIndex(listings) would. Not thread-safe.
class SearchIndex::Builder final {
 public:
  Builder();
  ~Builder();
  Builder(const Builder&) = delete;
  Builder& operator=(const Builder&) = delete;

  // Adds `listing` at the next position (the first added is position 0).
  void Add(const Listing& listing);
  // The snapshot of the listings added. The builder is spent after: call once.
  std::shared_ptr<const SearchIndex> Finish() &&;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Holds the current snapshot. Readers never lock; a writer builds a new snapshot and publishes it.
class Directory final {
 public:
  Directory() : current_(std::make_shared<const SearchIndex>(std::vector<Listing>{})) {}
  // The snapshot to use for one request. Thread-safe.
  std::shared_ptr<const SearchIndex> Snapshot() const { return current_.load(); }
  // Replaces the snapshot; returns the one it replaced, so that a caller holding a lock can free
  // it after letting go (freeing a full build takes milliseconds). Thread-safe.
  std::shared_ptr<const SearchIndex> Publish(std::shared_ptr<const SearchIndex> next) {
    return current_.exchange(std::move(next));
  }

 private:
  std::atomic<std::shared_ptr<const SearchIndex>> current_;
};

}  // namespace rn::directory
