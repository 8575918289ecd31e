#pragma once
// The resources the public reads, in memory: every stored record (for /hsds/) and the service
// entries built from them (service_view.h) with the search over them (GET /api/v1/services, the
// finder's "Services"). A snapshot is immutable once built; ResourceDirectory hands out the
// current one and swaps in a new one after a change, so readers never wait for a rebuild.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resources/holidays.h"
#include "resources/hours.h"
#include "resources/record.h"
#include "resources/resource_store.h"
#include "resources/service_view.h"
#include "util/clock.h"

namespace rn::resources {

struct ServiceQuery {
  Instant at;                      // "now" for open_now and the open state of every hit
  std::optional<double> latitude;  // with longitude: hits carry distance_km, nearest first
  std::optional<double> longitude;
  std::optional<double> radius_km;  // only hits within it (needs latitude and longitude)
  bool open_now = false;
  std::vector<std::string> words;       // q=, folded (text::Words): each must start a word
  std::vector<std::string> categories;  // slugs: a hit is in at least one
  std::string language;                 // a code ("es") or a name ("Spanish"), any case
  std::string audience;                 // an audience slug (categories.h): who it is for
  bool count_open = false;              // count the hits open at `at` (ServiceResults::open)
  std::size_t offset = 0;
  std::size_t limit = 50;
};

struct ServiceHit {
  const ServiceEntry* entry = nullptr;
  std::optional<double> distance_km;
  std::optional<OpenState> state;  // when the entry has hours and a zone
};

struct ServiceResults {
  std::size_t total = 0;  // hits before offset and limit
  std::size_t open = 0;   // of those, open at `at`: with open_now (all of them) or count_open
  std::vector<ServiceHit> hits;
};

class ResourceSnapshot final {
 public:
  // Builds the snapshot of `records` (all of them) and `sources`, with the holiday calendar the
  // open states use. Each service's open intervals from the day before `now` to two weeks after
  // are worked out once, so that "open now" at an instant in that window is a lookup (at other
  // instants it is worked out per query, with the same answer).
  ResourceSnapshot(std::vector<StoredRecord> records, const std::vector<ResourceSource>& sources,
                   HolidayCalendar holidays, std::int64_t version, Instant now = Instant());

  ResourceSnapshot(const ResourceSnapshot&) = delete;
  ResourceSnapshot& operator=(const ResourceSnapshot&) = delete;

  // The hits of `query`: listed services (active or temporarily closed) in one of its categories,
  // for its audience, speaking its language, with every one of its words starting a word of their
  // text, within its radius and open at its instant when asked; nearest first with a place, else
  // by name.
  ServiceResults Search(const ServiceQuery& query) const;
  // The entry of a service at location's id, or of a service's id (its first location).
  const ServiceEntry* FindService(std::string_view id) const;
  // The open state of `entry` at `at`, when it has hours and a zone.
  std::optional<OpenState> StateOf(const ServiceEntry& entry, Instant at) const;
  const HolidayCalendar& holidays() const { return holidays_; }

  // Whether `entry` (one of entries()) is open at `at`: StateOf(…)->open, from the precomputed
  // intervals when `at` lies in their window.
  bool IsOpen(const ServiceEntry& entry, Instant at) const;

  // The stored record of `kind` with `id`, or nullptr.
  const StoredRecord* Find(RecordKind kind, std::string_view id) const;
  // Every record of `kind`, by id.
  const std::vector<const StoredRecord*>& OfKind(RecordKind kind) const {
    return by_kind_[static_cast<std::size_t>(kind)];
  }
  const std::vector<ServiceEntry>& entries() const { return entries_; }
  // The instant the precomputed open intervals begin at (the day before the `now` it was built
  // with): a snapshot some days old is worth rebuilding even when nothing changed.
  Instant window_start() const { return window_start_; }
  // The latest change the snapshot holds (ResourceStore::LatestChange when it was loaded).
  std::int64_t version() const { return version_; }

 private:
  std::vector<StoredRecord> records_;
  std::array<std::vector<const StoredRecord*>, kRecordKinds.size()> by_kind_;
  std::vector<ServiceEntry> entries_;
  std::map<std::string, std::size_t, std::less<>> entry_by_id_;
  // What the search filters on first, packed, one per entry in name order (then ids: the order
  // with no place), so that a scan of 100,000 stays in cache.
  struct Filter {
    double latitude = 0;
    double longitude = 0;
    std::uint32_t index = 0;       // into entries_
    std::uint16_t categories = 0;  // bit i: kCategories[i]
    std::uint8_t audiences = 0;    // bit i: kAudiences[i]
    bool listed = false;           // active or temporarily closed
    bool has_position = false;
  };
  std::vector<Filter> filters_;
  // The words of each entry's searched text (ServiceEntry::words split at what is not a letter or
  // digit): every distinct word, sorted, and for each the filters_ positions of the entries that
  // have it (postings_[posting_offsets_[w] … posting_offsets_[w + 1]), ascending). q= words are
  // word starts: "meth" finds "methadone".
  std::vector<std::string> vocabulary_;
  std::vector<std::uint32_t> posting_offsets_;
  std::vector<std::uint32_t> postings_;
  // Open intervals per entry, in minutes since window_start_, for instants in
  // [window_start_, window_end_); none for entries without hours or a zone.
  std::vector<std::vector<std::pair<std::int32_t, std::int32_t>>> open_minutes_;
  Instant window_start_{};
  Instant window_end_{};
  HolidayCalendar holidays_;
  std::int64_t version_ = 0;
};

// Loads every record and source from `store` into a new snapshot, with the US federal holidays of
// the years around `now` as its calendar.
Result<std::shared_ptr<const ResourceSnapshot>> LoadSnapshot(ResourceStore& store, Instant now);

// The current snapshot. Thread-safe.
class ResourceDirectory final {
 public:
  ResourceDirectory();
  std::shared_ptr<const ResourceSnapshot> Snapshot() const { return current_.load(); }
  void Publish(std::shared_ptr<const ResourceSnapshot> snapshot) {
    current_.store(std::move(snapshot));
  }

 private:
  std::atomic<std::shared_ptr<const ResourceSnapshot>> current_;
};

}  // namespace rn::resources
