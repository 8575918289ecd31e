#include "directory/search_index.h"

#include <algorithm>
#include <bit>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <boost/json/parse.hpp>
#include <cmath>
#include <deque>
#include <limits>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "directory/listing_json.h"
#include "util/text.h"

namespace rn::directory {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using Point3 = bg::model::point<double, 3, bg::cs::cartesian>;
using Box3 = bg::model::box<Point3>;
using GeoEntry = std::pair<Point3, std::uint32_t>;
using GeoTree = bgi::rtree<GeoEntry, bgi::rstar<16>>;

constexpr std::uint16_t kNoZone = std::numeric_limits<std::uint16_t>::max();
constexpr std::int64_t kSecondsPerDay = 86400;
constexpr std::int64_t kSecondsPerWeek = 7 * kSecondsPerDay;
// Start-time tables are read with this much slack, so a DST change inside the window cannot hide a
// slot.
constexpr int kDstSlackMinutes = 120;
// A zone's offset is treated as fixed for a query when it does not change within this distance of
// `at`.
constexpr std::int64_t kFixedOffsetMarginSeconds = 10 * kSecondsPerDay;
// Unwindowed queries in soonest-first order look for their page among the occurrences within this
// many minutes first (SearchIndex::Search).
constexpr int kPageWindowMinutes = 6 * 60;
// Float error of the distance is below 1e-12 km; a listing exactly at the radius must match.
constexpr double kDistanceToleranceKm = 1e-9;

// Bitmaps of positions, 64 to a word (hidden listings, closed ones, a word's listings).
void SetBit(std::uint64_t* bits, std::size_t position) {
  bits[position / 64] |= std::uint64_t{1} << (position % 64);
}
bool HasBit(const std::uint64_t* bits, std::size_t position) {
  return (bits[position / 64] >> (position % 64)) & 1;
}

// Calls f(position) for each set bit of the `words` 64-bit words at `bits`, ascending.
template <typename F>
void ForEachSetBit(const std::uint64_t* bits, std::size_t words, F f) {
  for (std::size_t w = 0; w < words; ++w) {
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
      f(static_cast<std::uint32_t>(w * 64 + static_cast<std::size_t>(std::countr_zero(word))));
    }
  }
}

std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

struct UnitVector {
  double x, y, z;
};

UnitVector ToUnitVector(double latitude, double longitude) {
  const double lat = latitude * M_PI / 180.0;
  const double lng = longitude * M_PI / 180.0;
  return {std::cos(lat) * std::cos(lng), std::cos(lat) * std::sin(lng), std::sin(lat)};
}

// Great-circle distance from the squared chord between two unit vectors.
double ChordSquaredToKm(double chord_squared) {
  const double half_chord = std::sqrt(std::max(0.0, chord_squared)) / 2.0;
  return 2.0 * kEarthRadiusKm * std::asin(std::min(1.0, half_chord));
}

double KmToChord(double km) { return 2.0 * std::sin(km / (2.0 * kEarthRadiusKm)); }

// Hot, per-listing data read by every query.
struct ListingHot {
  UnitVector position{0, 0, 0};
  std::uint32_t id_rank = 0;
  std::uint32_t name_rank = 0;
  std::uint32_t slots_begin = 0;
  std::uint32_t words_begin = 0;
  std::uint16_t slots_count = 0;
  std::uint16_t words_count = 0;
  std::uint16_t zone = kNoZone;
  std::uint16_t source = 0;
  std::uint16_t fellowship = 0;
  Attendance attendance = Attendance::kInPerson;
  bool has_position = false;
  std::uint64_t languages = 0;  // bit per language of the snapshot's language dictionary
};

// One slot in a zone's start-time table, with copies of the listing data most queries filter on, so
// a time query scans contiguous memory and rarely touches the listing itself.
struct TimeEntry {
  UnitVector position;      // valid when has_position
  std::uint64_t types_low;  // the listing's type bits 0–63
  std::uint32_t listing;
  std::uint32_t id_rank;         // the listing's position in id order
  std::uint16_t minute_of_week;  // local start, 0–10079
  std::uint16_t duration_minutes;
  Attendance attendance;
  bool has_position;
};

// Slots longer than this (a feed's day-long "meetings") are kept out of a zone table's
// max_duration_minutes: one of them would make every query for what is in progress read the whole
// day before `at` of that zone's table. They are few, and such queries read them all.
constexpr int kLongSlotMinutes = 4 * 60;

struct ZoneTable {
  const date::time_zone* zone = nullptr;
  std::vector<TimeEntry> starts;       // sorted by minute_of_week
  std::vector<TimeEntry> long_starts;  // the entries of `starts` longer than kLongSlotMinutes
  int max_duration_minutes = 0;        // of the other entries
};

// A dictionary of strings to small ids, id 0 reserved for "none/empty".
class Dictionary final {
 public:
  Dictionary() { names_.emplace_back(); }
  std::uint32_t Intern(const std::string& name) {
    if (name.empty()) return 0;
    auto [it, inserted] = ids_.emplace(name, static_cast<std::uint32_t>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  // The id of `name`, or nullopt when unseen.
  std::optional<std::uint32_t> Find(std::string_view name) const {
    auto it = ids_.find(std::string(name));
    if (it == ids_.end()) return std::nullopt;
    return it->second;
  }
  std::size_t size() const { return names_.size(); }
  // The name of `id`. REQUIRES: id < size().
  const std::string& Name(std::uint32_t id) const { return names_[id]; }

 private:
  std::unordered_map<std::string, std::uint32_t> ids_;
  std::vector<std::string> names_;
};

// The parts of a listing's entry that cost most to work out: its JSON, its folded name and the
// words `q` searches.
struct ListingText {
  std::string json;
  std::string folded_name;
  std::vector<std::string> words;  // folded, sorted, each once
};

ListingText TextOf(const Listing& listing) {
  ListingText text{ListingToJsonString(listing), text::Fold(listing.name), {}};
  // The fields `q` searches (contract): name, location name and notes, address fields, notes,
  // group, regions.
  auto add = [&](const std::string& field) {
    if (field.empty()) return;
    std::vector<std::string> words = text::Words(field);
    text.words.insert(text.words.end(), std::make_move_iterator(words.begin()),
                      std::make_move_iterator(words.end()));
  };
  const Location& location = listing.location;
  for (const std::string* field :
       {&listing.name, &location.name, &location.notes, &location.address, &location.city,
        &location.state, &location.postal_code, &location.country, &location.formatted_address,
        &listing.notes, &listing.group}) {
    add(*field);
  }
  for (const std::string& region : listing.regions) add(region);
  // A listing's words repeat (its city is in its address too): each is looked up once.
  std::sort(text.words.begin(), text.words.end());
  text.words.erase(std::unique(text.words.begin(), text.words.end()), text.words.end());
  return text;
}

// A listing put in since the full build, as each patch keeps it: shared from patch to patch, so a
// patch works out only the listings it puts in, and copies the others' pointers.
struct PatchedListing {
  Listing listing;
  ListingText text;
  // How many of the full build's listings come before it in id order, and in name order (fixed
  // while the full build is).
  std::uint32_t below_id = 0;
  std::uint32_t below_name = 0;
};

}  // namespace

struct SearchIndex::Impl {
  std::vector<ListingHot> hot;
  std::vector<Slot> slots;
  std::vector<std::string> json;
  std::vector<std::string> ids;
  std::unordered_map<std::string_view, std::uint32_t> by_id;

  std::size_t type_words = 1;                // 64-bit words per listing in type_bits
  std::vector<std::uint64_t> type_bits;      // hot.size() * type_words
  std::vector<std::uint64_t> inactive_bits;  // bit per listing: temporarily closed
  Dictionary type_codes;                     // code → bit + 1
  Dictionary languages;                      // ISO code → bit + 1 (≤ 64 kept as bits)
  Dictionary sources;
  Dictionary fellowships;
  std::vector<ZoneTable> zones;
  std::vector<std::uint32_t> unscheduled;  // listings with no entry in any zone's table
  GeoTree geo;
  std::optional<PlaceIndex> places;
  const date::time_zone* prevailing_zone = nullptr;

  std::vector<std::uint32_t> id_order;    // listings in id order (rank → position)
  std::vector<std::uint32_t> name_order;  // listings in name order

  std::vector<std::string> words;                    // sorted, unique, folded
  std::vector<std::vector<std::uint32_t>> postings;  // word id → listings, ascending; empty when
                                                     //   the word is dense
  std::vector<std::uint32_t> postings_before;  // word id → listings of the words before it (a
                                               //   prefix's count is a difference)
  // Words on at least 1 in 32 listings (dense) are kept as a bitmap of listings, no bigger than
  // their postings would be, so queries combine them 64 listings at a time.
  std::vector<std::uint32_t> dense_of;       // word id → its bitmap's number + 1; 0: not dense
  std::size_t bitmap_words = 0;              // 64-bit words per bitmap: (hot.size() + 63) / 64
  std::vector<std::uint64_t> dense_bits;     // the bitmaps, one after another
  std::vector<std::uint32_t> listing_words;  // per listing, sorted word ids

  // Fills the empty parts with the patched listings `entries`, in order (PartsBuilder, below).
  void Build(const std::vector<std::shared_ptr<const PatchedListing>>& entries);
  bool HasType(std::uint32_t listing, std::uint32_t bit) const {
    return (type_bits[listing * type_words + bit / 64] >> (bit % 64)) & 1;
  }
  // How many (listing, word) pairs the words [first, last) have.
  std::size_t PostingsOf(std::pair<std::uint32_t, std::uint32_t> range) const {
    return postings_before[range.second] - postings_before[range.first];
  }
  // The bitmap of dense word `word`, or nullptr when it is not dense.
  const std::uint64_t* DenseBits(std::uint32_t word) const {
    return dense_of[word] == 0 ? nullptr : dense_bits.data() + (dense_of[word] - 1) * bitmap_words;
  }
  // The word ids starting with `prefix`: [first, last). Words with a prefix are contiguous in
  // sorted order, so both ends are binary searches.
  std::pair<std::uint32_t, std::uint32_t> PrefixRange(const std::string& prefix) const {
    auto first = std::lower_bound(words.begin(), words.end(), prefix);
    auto last = std::partition_point(first, words.end(), [&](const std::string& word) {
      return word.compare(0, prefix.size(), prefix) == 0;
    });
    return {static_cast<std::uint32_t>(first - words.begin()),
            static_cast<std::uint32_t>(last - words.begin())};
  }
};

namespace {

// Strings held until Finish in large chunks rather than one allocation each, so that the strings
// the snapshot keeps per listing are allocated after the parse's temporaries are freed, packed
// together: made while the temporaries come and go, they would leave free holes of less than a
// page between them that malloc_trim cannot give back (32 MB at 100,000 listings).
class StagedStrings final {
 public:
  // Where Append put a string.
  struct Ref {
    std::uint32_t chunk = 0;
    std::uint32_t offset = 0;
    std::uint32_t size = 0;
  };

  Ref Append(std::string_view text) {
    if (chunks_.empty() || chunks_.back().size() + text.size() > chunks_.back().capacity()) {
      // Chunks grow to kChunkBytes, so that a patch's few listings need not take a whole one.
      const std::size_t bytes =
          chunks_.size() < kDoublings ? kFirstChunkBytes << chunks_.size() : kChunkBytes;
      chunks_.emplace_back().reserve(std::max(bytes, text.size()));
    }
    std::string& chunk = chunks_.back();
    const Ref ref{static_cast<std::uint32_t>(chunks_.size() - 1),
                  static_cast<std::uint32_t>(chunk.size()),
                  static_cast<std::uint32_t>(text.size())};
    chunk.append(text);
    return ref;
  }
  // REQUIRES: `ref` from Append, its chunk not released.
  std::string_view View(Ref ref) const {
    return std::string_view(chunks_[ref.chunk]).substr(ref.offset, ref.size);
  }
  // Frees the chunks before `chunk`.
  void ReleaseBefore(std::uint32_t chunk) {
    for (; released_ < chunk; ++released_) chunks_[released_] = std::string();
  }
  void Clear() {
    chunks_ = {};
    released_ = 0;
  }

 private:
  static constexpr std::size_t kChunkBytes = std::size_t{1} << 20;
  static constexpr std::size_t kFirstChunkBytes = std::size_t{1} << 14;
  static constexpr std::size_t kDoublings = 6;  // kFirstChunkBytes << kDoublings == kChunkBytes
  std::vector<std::string> chunks_;
  std::uint32_t released_ = 0;
};

// Turns listings, one at a time, into an Impl's parts (Impl::Build, SearchIndex::Builder): what the
// snapshot keeps of a listing is taken as it is added, so the caller need not hold every listing
// at once. What needs all of them (type bitsets, orders, the R-tree, word ids in sorted order)
// waits for Finish, kept meanwhile in small ids.
class PartsBuilder final {
 public:
  // `impl` must be empty and outlive the builder.
  explicit PartsBuilder(SearchIndex::Impl& impl) : impl_(impl) {}

  // Adds the listing at the next position; `text` is TextOf(listing).
  void Add(const Listing& listing, const ListingText& text);
  // Completes the parts. REQUIRES: called once, after the last Add.
  void Finish();

 private:
  void AddWords(const std::vector<std::string>& words);
  void FinishText();

  SearchIndex::Impl& impl_;
  std::vector<std::uint32_t> type_ids_;      // per listing, its type codes' dictionary ids
  std::vector<std::uint32_t> type_ids_end_;  // per listing, the end of its ids in type_ids_
  std::unordered_map<std::string, std::uint16_t> zone_ids_;
  std::vector<GeoEntry> geo_entries_;
  StagedStrings staged_json_;
  StagedStrings staged_;                       // ids and folded names
  std::vector<StagedStrings::Ref> json_refs_;  // per listing, in staged_json_
  std::vector<StagedStrings::Ref> id_refs_;
  std::vector<StagedStrings::Ref> folded_name_refs_;
  // Words in order of first use; a deque, so the views keying word_ids_ stay valid.
  std::deque<std::string> first_words_;
  std::unordered_map<std::string_view, std::uint32_t> word_ids_;  // word → index in first_words_
  std::vector<std::uint32_t> words_;      // per listing, its distinct words' first-use ids
  std::vector<std::uint32_t> words_end_;  // per listing, the end of its ids in words_
};

void PartsBuilder::Add(const Listing& listing, const ListingText& text) {
  SearchIndex::Impl& impl = impl_;
  const auto index = static_cast<std::uint32_t>(impl.hot.size());
  ListingHot& h = impl.hot.emplace_back();
  json_refs_.push_back(staged_json_.Append(text.json));
  id_refs_.push_back(staged_.Append(listing.id));
  h.attendance = listing.attendance;
  if (index % 64 == 0) impl.inactive_bits.push_back(0);
  if (listing.attendance == Attendance::kInactive) {
    SetBit(impl.inactive_bits.data(), index);
  }
  h.source = static_cast<std::uint16_t>(impl.sources.Intern(listing.source));
  h.fellowship = static_cast<std::uint16_t>(impl.fellowships.Intern(listing.fellowship));
  // A type's bit is its dictionary id - 1, fixed when first seen; the bitset's width waits for
  // Finish, but the first 64 bits (TimeEntry::types_low) are known now.
  std::uint64_t types_low = 0;
  for (const std::string& code : listing.types) {
    const std::uint32_t bit = impl.type_codes.Intern(code) - 1;
    type_ids_.push_back(bit);
    if (bit < 64) types_low |= std::uint64_t{1} << bit;
  }
  type_ids_end_.push_back(static_cast<std::uint32_t>(type_ids_.size()));
  for (const std::string& language : listing.languages) {
    const std::uint32_t bit = impl.languages.Intern(language) - 1;
    if (bit < 64) h.languages |= std::uint64_t{1} << bit;
  }
  if (HasCoordinates(listing)) {
    h.position = ToUnitVector(*listing.location.latitude, *listing.location.longitude);
    h.has_position = true;
    geo_entries_.emplace_back(Point3(h.position.x, h.position.y, h.position.z), index);
  }
  h.slots_begin = static_cast<std::uint32_t>(impl.slots.size());
  h.slots_count = static_cast<std::uint16_t>(listing.schedule.size());
  impl.slots.insert(impl.slots.end(), listing.schedule.begin(), listing.schedule.end());

  const date::time_zone* zone = FindZone(listing.timezone);
  if (!zone || listing.schedule.empty()) impl.unscheduled.push_back(index);
  if (zone) {
    auto [it, inserted] =
        zone_ids_.emplace(listing.timezone, static_cast<std::uint16_t>(impl.zones.size()));
    if (inserted) impl.zones.push_back(ZoneTable{zone, {}, {}, 0});
    h.zone = it->second;
    ZoneTable& table = impl.zones[h.zone];
    for (const Slot& slot : listing.schedule) {
      table.starts.push_back(
          {h.position, types_low, index, 0,
           static_cast<std::uint16_t>(slot.day * kMinutesPerDay + slot.start_minute),
           static_cast<std::uint16_t>(slot.duration_minutes), h.attendance, h.has_position});
      if (slot.duration_minutes > kLongSlotMinutes) {
        table.long_starts.push_back(table.starts.back());
      } else {
        table.max_duration_minutes = std::max(table.max_duration_minutes, slot.duration_minutes);
      }
    }
  }
  folded_name_refs_.push_back(staged_.Append(text.folded_name));
  AddWords(text.words);
}

void PartsBuilder::AddWords(const std::vector<std::string>& words) {
  // `words` are distinct (TextOf), so their ids are; FinishText sorts them once renumbered.
  for (const std::string& word : words) {
    auto found = word_ids_.find(word);
    if (found == word_ids_.end()) {
      const auto id = static_cast<std::uint32_t>(first_words_.size());
      first_words_.push_back(word);
      found = word_ids_.emplace(first_words_.back(), id).first;
    }
    words_.push_back(found->second);
  }
  words_end_.push_back(static_cast<std::uint32_t>(words_.size()));
}

void PartsBuilder::Finish() {
  SearchIndex::Impl& impl = impl_;
  const std::size_t count = impl.hot.size();
  // Push-back growth leaves up to half of each array unused: the snapshot keeps them for its life.
  impl.hot.shrink_to_fit();
  impl.slots.shrink_to_fit();
  impl.unscheduled.shrink_to_fit();

  impl.type_words = std::max<std::size_t>(1, (impl.type_codes.size() + 63) / 64);
  impl.type_bits.assign(count * impl.type_words, 0);
  for (std::size_t index = 0, begin = 0; index < count; begin = type_ids_end_[index++]) {
    for (std::size_t i = begin; i < type_ids_end_[index]; ++i) {
      const std::uint32_t bit = type_ids_[i];
      impl.type_bits[index * impl.type_words + bit / 64] |= std::uint64_t{1} << (bit % 64);
    }
  }
  type_ids_ = {};
  type_ids_end_ = {};

  // The kept strings, now that the parse's temporaries are gone: ids, then each JSON as its chunk
  // is read, freeing the chunks read (the ids' and folded names' wait for the name order).
  impl.ids.reserve(count);
  for (const StagedStrings::Ref ref : id_refs_) impl.ids.emplace_back(staged_.View(ref));
  impl.json.reserve(count);
  for (const StagedStrings::Ref ref : json_refs_) {
    staged_json_.ReleaseBefore(ref.chunk);
    impl.json.emplace_back(staged_json_.View(ref));
  }
  staged_json_.Clear();
  id_refs_ = {};
  json_refs_ = {};
  for (std::uint32_t index = 0; index < count; ++index) impl.by_id.emplace(impl.ids[index], index);
  for (ZoneTable& table : impl.zones) {
    table.starts.shrink_to_fit();
    table.long_starts.shrink_to_fit();
    std::sort(table.starts.begin(), table.starts.end(), [](const TimeEntry& a, const TimeEntry& b) {
      return a.minute_of_week != b.minute_of_week ? a.minute_of_week < b.minute_of_week
                                                  : a.listing < b.listing;
    });
  }
  impl.geo = GeoTree(geo_entries_.begin(), geo_entries_.end());  // packing constructor
  geo_entries_ = {};

  // Orders: by id, and by folded name then id.
  const std::vector<std::string>& ids = impl.ids;
  std::vector<std::uint32_t> order(count);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](auto a, auto b) { return ids[a] < ids[b]; });
  for (std::uint32_t rank = 0; rank < count; ++rank) impl.hot[order[rank]].id_rank = rank;
  impl.id_order = order;
  for (ZoneTable& table : impl.zones) {
    for (TimeEntry& entry : table.starts) entry.id_rank = impl.hot[entry.listing].id_rank;
    for (TimeEntry& entry : table.long_starts) entry.id_rank = impl.hot[entry.listing].id_rank;
  }
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    const int cmp = staged_.View(folded_name_refs_[a]).compare(staged_.View(folded_name_refs_[b]));
    return cmp != 0 ? cmp < 0 : ids[a] < ids[b];
  });
  for (std::uint32_t rank = 0; rank < count; ++rank) impl.hot[order[rank]].name_rank = rank;
  impl.name_order = std::move(order);
  folded_name_refs_ = {};
  staged_.Clear();

  FinishText();
}

void PartsBuilder::FinishText() {
  SearchIndex::Impl& impl = impl_;
  // Renumber words in sorted order so that a prefix is a contiguous id range.
  word_ids_ = {};  // its keys view first_words_, whose strings move below
  std::vector<std::uint32_t> order(first_words_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return first_words_[a] < first_words_[b]; });
  std::vector<std::uint32_t> final_id(first_words_.size());
  impl.words.resize(first_words_.size());
  for (std::uint32_t rank = 0; rank < order.size(); ++rank) {
    final_id[order[rank]] = rank;
    impl.words[rank] = std::move(first_words_[order[rank]]);
  }
  first_words_ = {};
  order = {};

  // Each listing's words in final ids, sorted; the postings sized exactly before they are filled.
  std::vector<std::uint32_t> listings_per_word(impl.words.size(), 0);
  for (std::uint32_t& word : words_) {
    word = final_id[word];
    ++listings_per_word[word];
  }
  final_id = {};
  impl.postings.resize(impl.words.size());
  for (std::size_t word = 0; word < impl.words.size(); ++word) {
    impl.postings[word].reserve(listings_per_word[word]);
  }
  listings_per_word = {};
  // Compacted in place: a listing keeps at most 65535 of its words (words_count's width), so its
  // words never move forward past the ones still to be read.
  std::size_t kept = 0;
  for (std::uint32_t index = 0, begin = 0; index < impl.hot.size(); begin = words_end_[index++]) {
    const auto first = words_.begin() + begin;
    const auto last = words_.begin() + words_end_[index];
    std::sort(first, last);
    for (auto word = first; word != last; ++word) impl.postings[*word].push_back(index);
    ListingHot& h = impl.hot[index];
    h.words_begin = static_cast<std::uint32_t>(kept);
    h.words_count = static_cast<std::uint16_t>(std::min<std::ptrdiff_t>(last - first, 65535));
    for (std::uint16_t i = 0; i < h.words_count; ++i) words_[kept++] = first[i];
  }
  words_.resize(kept);
  words_.shrink_to_fit();
  impl.listing_words = std::move(words_);
  words_end_ = {};

  impl.postings_before.assign(impl.words.size() + 1, 0);
  for (std::size_t word = 0; word < impl.words.size(); ++word) {
    impl.postings_before[word + 1] =
        impl.postings_before[word] + static_cast<std::uint32_t>(impl.postings[word].size());
  }
  impl.bitmap_words = (impl.hot.size() + 63) / 64;
  impl.dense_of.assign(impl.words.size(), 0);
  const std::size_t dense_from = std::max<std::size_t>(1, impl.hot.size() / 32);
  for (std::uint32_t word = 0; word < impl.words.size(); ++word) {
    std::vector<std::uint32_t>& postings = impl.postings[word];
    if (postings.size() < dense_from) continue;
    impl.dense_of[word] =
        static_cast<std::uint32_t>(impl.dense_bits.size() / impl.bitmap_words + 1);
    impl.dense_bits.resize(impl.dense_bits.size() + impl.bitmap_words, 0);
    std::uint64_t* bits = impl.dense_bits.data() + impl.dense_bits.size() - impl.bitmap_words;
    for (std::uint32_t listing : postings) SetBit(bits, listing);
    std::vector<std::uint32_t>().swap(postings);
  }
}

}  // namespace

void SearchIndex::Impl::Build(const std::vector<std::shared_ptr<const PatchedListing>>& entries) {
  PartsBuilder parts(*this);
  for (const auto& entry : entries) parts.Add(entry->listing, entry->text);
  parts.Finish();
}

namespace {

// One match, compact: what ordering and the page need. Ordered by (key, id_rank).
struct Match {
  double key;             // the sort order's primary key
  std::uint32_t id_rank;  // ties: id order
  std::uint32_t listing;
  std::int64_t start;  // the occurrence shown, seconds since the epoch; kNoStart when none
  std::int32_t duration_seconds;
  bool operator<(const Match& other) const {
    return key != other.key ? key < other.key : id_rank < other.id_rank;
  }
};
constexpr std::int64_t kNoStart = std::numeric_limits<std::int64_t>::max();

// Everything a query needs, resolved once against the snapshot.
class QueryPlan final {
 public:
  // Listings whose bit is set in `hidden` (nullptr: none) never match. With `members` (a bitmap
  // like `hidden`), only the listings it sets can match, and they are known to have the query's
  // text.
  QueryPlan(const SearchIndex::Impl& index, const SearchQuery& query,
            const std::uint64_t* hidden = nullptr, const std::uint64_t* members = nullptr)
      : index_(index),
        query_(query),
        hidden_(hidden),
        members_(members),
        at_seconds_(query.at.time_since_epoch().count()),
        zone_offsets_(index.zones.size()) {
    impossible_ = !Resolve();
  }

  bool impossible() const { return impossible_; }

  // True when the query has a time-window filter (open_now / starts_within): use
  // CollectTimeMatches.
  bool UsesTimeTables() const { return query_.open_now || query_.starts_within_minutes; }
  // True when a query without a time window is still answered faster from the start-time
  // tables, over the whole week, than by checking every listing: nothing narrows the listings
  // first (no radius, no text) and each entry decides every other filter.
  bool UsesWeekOfTimeTables() const {
    return !UsesTimeTables() && !query_.radius_km && word_ranges_.empty() && entry_decides_all_;
  }
  // Whether any slot must match (day, window, open_now, starts_within): listings without a
  // schedule cannot.
  bool time_filtered() const { return time_filtered_; }
  SortOrder order() const { return order_; }
  // The number of listings that pass every filter. REQUIRES: UsesWeekOfTimeTables() (so the
  // filters are those a start-table entry carries) and !time_filtered().
  std::size_t CountWithoutTime() const {
    std::size_t count = 0;
    for (std::uint32_t listing = 0; listing < index_.hot.size(); ++listing) {
      const ListingHot& h = index_.hot[listing];
      count += !Hidden(listing) &&
               CarriedFiltersMatch(h.attendance, index_.type_bits[listing * index_.type_words],
                                   h.has_position);
    }
    return count;
  }
  // Every match with a slot, found through the zones' start-time tables: those within the time
  // window, or over the whole week. REQUIRES: UsesTimeTables() || UsesWeekOfTimeTables().
  void CollectTimeMatches(std::vector<Match>* out) const;
  // The listings within the radius. REQUIRES: query.radius_km.
  std::vector<std::uint32_t> GeoCandidates() const;
  // Whether the query has text (`q`).
  bool has_text() const { return !word_ranges_.empty(); }
  // An upper bound on the listings TextCandidates() reads: the postings of its rarest word's
  // prefix. REQUIRES: has_text().
  std::size_t TextPostings() const;
  // The listings that have every word of the query's text, each once, in no particular order.
  // REQUIRES: has_text().
  std::vector<std::uint32_t> TextCandidates() const;
  // The same as a bitmap of positions, one bit per listing (this thread's, valid until its next
  // call). REQUIRES: has_text().
  const std::vector<std::uint64_t>& TextBitmap() const;

  // Checks every filter; fills the match on success.
  bool Matches(std::uint32_t listing, Match* match) const;
  // How many of the listings set in `bits` pass every filter but the time filters (the weekdays,
  // time of day, open now, starting within).
  std::size_t CountBarTime(const std::vector<std::uint64_t>& bits) const;
  // The hit shown for a match: occurrence, in_progress, distance in km.
  SearchHit ToHit(const Match& match) const;

  bool has_position() const { return query_.latitude.has_value(); }
  const std::uint64_t* hidden() const { return hidden_; }

 private:
  struct ZoneOffset {
    bool computed = false;
    bool fixed = false;
    std::int64_t offset_seconds = 0;
  };

  bool Resolve();
  Match MakeMatch(std::uint32_t listing, std::uint32_t id_rank, double chord_squared,
                  const std::optional<Occurrence>& shown) const;
  const ZoneOffset& OffsetOf(std::uint16_t zone) const;
  ZoneOffset FixedOffset(const date::time_zone* zone) const;
  Occurrence OccurrenceAt(const Slot& slot, std::uint16_t zone, std::int64_t at_seconds) const;
  LocalDayMinute ViewerDayMinute(Instant instant) const;
  bool SlotMatches(const Slot& slot, std::uint16_t zone, Occurrence* shown) const;
  // The day and time-of-day filters, for an occurrence starting on `day` at `minute` (as read in
  // the zone the query reads them in).
  bool DayAndWindowMatch(int day, int minute) const {
    return ((day_mask_ >> day) & 1) && (!(query_.time_from || query_.time_to) ||
                                        InDayWindow(minute, query_.time_from.value_or(0),
                                                    query_.time_to.value_or(kMinutesPerDay)));
  }
  bool TextMatches(std::uint32_t listing) const;
  // The filters a start-table entry carries: attendance, types 0–63, and having a position when
  // the query has one (not the distance).
  bool CarriedFiltersMatch(Attendance attendance, std::uint64_t types_low, bool positioned) const {
    return attendance_allowed_[static_cast<int>(attendance)] &&
           (types_low & required_low_) == required_low_ && !(types_low & excluded_low_) &&
           (positioned || !has_position());
  }
  // Whether the entry's listing can match on the filters the entry carries (attendance, types,
  // position); fills the squared chord to the query point.
  bool EntryListingMatches(const TimeEntry& entry, double* chord_squared) const;
  bool FiltersMatchBarTime(std::uint32_t listing, double* chord_squared) const;
  // The word range with the fewest postings: the one TextCandidates() reads.
  std::size_t RarestWord() const;

  bool Hidden(std::uint32_t listing) const { return hidden_ && HasBit(hidden_, listing); }

  const SearchIndex::Impl& index_;
  const SearchQuery& query_;
  const std::uint64_t* hidden_;
  const std::uint64_t* members_;
  const std::int64_t at_seconds_;
  bool impossible_ = false;
  SortOrder order_ = SortOrder::kNext;  // resolved: never kDefault

  bool time_filtered_ = false;  // any of day, window, open_now, starts_within
  bool day_or_window_filtered_ = false;
  std::uint8_t day_mask_ = 0x7f;
  std::vector<std::uint32_t> type_bits_;
  std::vector<std::uint32_t> exclude_bits_;
  std::uint64_t required_low_ = 0;  // type bits 0–63 of type_bits_ / exclude_bits_
  std::uint64_t excluded_low_ = 0;
  // Every filter can be decided from a TimeEntry (for zones with a fixed offset around `at`).
  bool entry_decides_all_ = false;
  bool attendance_allowed_[4] = {true, true, true, false};
  std::optional<std::uint16_t> source_;
  std::optional<std::uint16_t> fellowship_;
  std::optional<std::uint64_t> language_bits_;
  bool language_matches_none_ = false;  // "en" also matches listings without languages
  UnitVector center_{0, 0, 0};
  double max_chord_squared_ = 5.0;  // > 4: everything
  std::vector<std::pair<std::uint32_t, std::uint32_t>> word_ranges_;
  mutable std::vector<ZoneOffset> zone_offsets_;
  ZoneOffset viewer_offset_;
};

bool QueryPlan::Resolve() {
  const SearchQuery& q = query_;
  if (!q.days.empty()) {
    day_mask_ = 0;
    for (int day : q.days) day_mask_ |= static_cast<std::uint8_t>(1u << day);
  }
  day_or_window_filtered_ = !q.days.empty() || q.time_from || q.time_to;
  time_filtered_ = day_or_window_filtered_ || q.open_now || q.starts_within_minutes.has_value();
  for (const std::string& code : q.types) {
    auto id = index_.type_codes.Find(code);
    if (!id) return false;
    type_bits_.push_back(*id - 1);
  }
  for (const std::string& code : q.exclude_types) {
    if (auto id = index_.type_codes.Find(code)) exclude_bits_.push_back(*id - 1);
  }
  if (!q.attendance.empty()) {
    std::fill(std::begin(attendance_allowed_), std::end(attendance_allowed_), false);
    for (Attendance wanted : q.attendance) {
      attendance_allowed_[static_cast<int>(wanted)] = true;
      if (wanted == Attendance::kInPerson || wanted == Attendance::kOnline) {
        attendance_allowed_[static_cast<int>(Attendance::kHybrid)] = true;
      }
    }
    attendance_allowed_[static_cast<int>(Attendance::kInactive)] = false;
  } else if (q.include_inactive) {
    attendance_allowed_[static_cast<int>(Attendance::kInactive)] = true;
  }
  if (!q.source.empty()) {
    auto id = index_.sources.Find(q.source);
    if (!id) return false;
    source_ = static_cast<std::uint16_t>(*id);
  }
  if (!q.fellowship.empty()) {
    auto id = index_.fellowships.Find(q.fellowship);
    if (!id) return false;
    fellowship_ = static_cast<std::uint16_t>(*id);
  }
  if (!q.language.empty()) {
    language_matches_none_ = q.language == "en";
    auto id = index_.languages.Find(q.language);
    if (id && *id - 1 < 64) {
      language_bits_ = std::uint64_t{1} << (*id - 1);
    } else {
      language_bits_ = 0;  // only "no language" can match, and only for "en"
      if (!language_matches_none_) return false;
    }
  }
  if (q.latitude && q.longitude) {
    center_ = ToUnitVector(*q.latitude, *q.longitude);
    if (q.radius_km) {
      const double chord = KmToChord(*q.radius_km + kDistanceToleranceKm);
      max_chord_squared_ = chord * chord;
    }
  }
  // With `members`, the text is already decided by the listing's bit (and was found possible): not
  // folding and looking it up again saves each of a text query's plans a few µs.
  if (!q.text.empty() && !members_) {
    for (const std::string& word : text::Words(q.text)) {
      auto range = index_.PrefixRange(word);
      if (range.first == range.second) return false;
      word_ranges_.push_back(range);
    }
  }
  if (q.viewer_zone) viewer_offset_ = FixedOffset(q.viewer_zone);
  bool all_types_low = true;
  for (std::uint32_t bit : type_bits_) {
    if (bit < 64)
      required_low_ |= std::uint64_t{1} << bit;
    else
      all_types_low = false;
  }
  for (std::uint32_t bit : exclude_bits_) {
    if (bit < 64)
      excluded_low_ |= std::uint64_t{1} << bit;
    else
      all_types_low = false;
  }
  order_ = q.sort != SortOrder::kDefault ? q.sort
           : has_position()              ? SortOrder::kDistance
                                         : SortOrder::kNext;
  entry_decides_all_ =
      all_types_low && !source_ && !fellowship_ && !language_bits_ && word_ranges_.empty();
  return true;
}

QueryPlan::ZoneOffset QueryPlan::FixedOffset(const date::time_zone* zone) const {
  const date::sys_info info = zone->get_info(query_.at);
  const std::int64_t begin = info.begin.time_since_epoch().count();
  const std::int64_t end = info.end.time_since_epoch().count();
  ZoneOffset result;
  result.computed = true;
  result.fixed = begin <= at_seconds_ - kFixedOffsetMarginSeconds &&
                 end >= at_seconds_ + kFixedOffsetMarginSeconds;
  result.offset_seconds = info.offset.count();
  return result;
}

const QueryPlan::ZoneOffset& QueryPlan::OffsetOf(std::uint16_t zone) const {
  ZoneOffset& cached = zone_offsets_[zone];
  if (!cached.computed) cached = FixedOffset(index_.zones[zone].zone);
  return cached;
}

// The occurrence in progress at `at_seconds`, else the next; exact, with a fast path when the
// zone's offset is fixed around the query instant. REQUIRES: at_seconds within a day of the query's
// `at`.
Occurrence QueryPlan::OccurrenceAt(const Slot& slot, std::uint16_t zone,
                                   std::int64_t at_seconds) const {
  const ZoneOffset& offset = OffsetOf(zone);
  if (!offset.fixed) {
    return NextOccurrence(slot, index_.zones[zone].zone, Instant(std::chrono::seconds(at_seconds)));
  }
  const std::int64_t local_now = at_seconds + offset.offset_seconds;
  const std::int64_t day_number = FloorDiv(local_now, kSecondsPerDay);
  const std::int64_t weekday = ((day_number + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
  const std::int64_t week_start = (day_number - weekday) * kSecondsPerDay;
  std::int64_t start = week_start + (slot.day * kMinutesPerDay + slot.start_minute) * 60 -
                       offset.offset_seconds - kSecondsPerWeek;
  const std::int64_t duration = slot.duration_minutes * 60;
  while (start + duration <= at_seconds) start += kSecondsPerWeek;
  return {Instant(std::chrono::seconds(start)), Instant(std::chrono::seconds(start + duration))};
}

LocalDayMinute QueryPlan::ViewerDayMinute(Instant instant) const {
  if (!viewer_offset_.fixed) return ToLocalDayMinute(instant, query_.viewer_zone);
  const std::int64_t local = instant.time_since_epoch().count() + viewer_offset_.offset_seconds;
  const std::int64_t day_number = FloorDiv(local, kSecondsPerDay);
  return {static_cast<int>(((day_number + 4) % 7 + 7) % 7),
          static_cast<int>((local - day_number * kSecondsPerDay) / 60)};
}

bool QueryPlan::SlotMatches(const Slot& slot, std::uint16_t zone, Occurrence* shown) const {
  Occurrence occurrence = OccurrenceAt(slot, zone, at_seconds_);
  int day = slot.day;
  int minute = slot.start_minute;
  if (query_.viewer_zone) {
    const LocalDayMinute local = ViewerDayMinute(occurrence.start);
    day = local.day;
    minute = local.minute;
  }
  if (!DayAndWindowMatch(day, minute)) return false;
  if (query_.open_now && !(occurrence.start <= query_.at && query_.at < occurrence.end))
    return false;
  if (query_.starts_within_minutes && !(query_.or_in_progress && occurrence.start <= query_.at)) {
    if (occurrence.start < query_.at) {
      // In progress: the next start is the following occurrence.
      occurrence = OccurrenceAt(slot, zone, occurrence.end.time_since_epoch().count());
    }
    const Instant limit = query_.at + std::chrono::minutes(*query_.starts_within_minutes);
    if (!(occurrence.start >= query_.at && occurrence.start < limit)) return false;
  }
  *shown = occurrence;
  return true;
}

bool QueryPlan::TextMatches(std::uint32_t listing) const {
  const ListingHot& h = index_.hot[listing];
  const auto* begin = index_.listing_words.data() + h.words_begin;
  const auto* end = begin + h.words_count;
  for (const auto& [first, last] : word_ranges_) {
    const auto* found = std::lower_bound(begin, end, first);
    if (found == end || *found >= last) return false;
  }
  return true;
}

Match QueryPlan::MakeMatch(std::uint32_t listing, std::uint32_t id_rank, double chord_squared,
                           const std::optional<Occurrence>& shown) const {
  Match match{0, id_rank, listing, kNoStart, 0};
  if (shown) {
    match.start = shown->start.time_since_epoch().count();
    match.duration_seconds = static_cast<std::int32_t>((shown->end - shown->start).count());
  }
  switch (order_) {
    case SortOrder::kDistance:
      match.key = chord_squared;  // orders like the distance
      break;
    case SortOrder::kNext:
      match.key =
          shown ? static_cast<double>(match.start) : std::numeric_limits<double>::infinity();
      break;
    case SortOrder::kName:
    case SortOrder::kDefault:
      match.key = index_.hot[listing].name_rank;
      break;
  }
  return match;
}

SearchHit QueryPlan::ToHit(const Match& match) const {
  SearchHit hit;
  hit.index = match.listing;
  if (match.start != kNoStart) {
    hit.next = Occurrence{Instant(std::chrono::seconds(match.start)),
                          Instant(std::chrono::seconds(match.start + match.duration_seconds))};
    hit.in_progress = hit.next->start <= query_.at && query_.at < hit.next->end;
  }
  if (has_position()) {
    const UnitVector& p = index_.hot[match.listing].position;
    const double dx = p.x - center_.x, dy = p.y - center_.y, dz = p.z - center_.z;
    hit.distance_km = ChordSquaredToKm(dx * dx + dy * dy + dz * dz);
  }
  return hit;
}

bool QueryPlan::FiltersMatchBarTime(std::uint32_t listing, double* chord_squared) const {
  if (Hidden(listing)) return false;
  const ListingHot& h = index_.hot[listing];
  if (!attendance_allowed_[static_cast<int>(h.attendance)]) return false;
  if (source_ && h.source != *source_) return false;
  if (fellowship_ && h.fellowship != *fellowship_) return false;
  for (std::uint32_t bit : type_bits_) {
    if (!index_.HasType(listing, bit)) return false;
  }
  for (std::uint32_t bit : exclude_bits_) {
    if (index_.HasType(listing, bit)) return false;
  }
  if (language_bits_ && !(h.languages & *language_bits_) &&
      !(language_matches_none_ && h.languages == 0)) {
    return false;
  }
  *chord_squared = 0;
  if (has_position()) {
    if (!h.has_position) return false;
    // Differences of components, not 2 - 2·dot: no cancellation at short distances.
    const double dx = h.position.x - center_.x;
    const double dy = h.position.y - center_.y;
    const double dz = h.position.z - center_.z;
    *chord_squared = dx * dx + dy * dy + dz * dz;
    if (*chord_squared > max_chord_squared_) return false;
  }
  return members_ || word_ranges_.empty() || TextMatches(listing);
}

bool QueryPlan::Matches(std::uint32_t listing, Match* match) const {
  double chord_squared;
  if (!FiltersMatchBarTime(listing, &chord_squared)) return false;
  const ListingHot& h = index_.hot[listing];

  // Time: one slot must satisfy every time filter; the occurrence shown is the earliest matching
  // one.
  std::optional<Occurrence> shown;
  if (h.zone != kNoZone) {
    const Slot* slot = index_.slots.data() + h.slots_begin;
    for (std::uint16_t i = 0; i < h.slots_count; ++i) {
      Occurrence occurrence;
      if (SlotMatches(slot[i], h.zone, &occurrence) &&
          (!shown || occurrence.start < shown->start)) {
        shown = occurrence;
      }
    }
  }
  if (time_filtered_ && !shown) return false;

  *match = MakeMatch(listing, h.id_rank, chord_squared, shown);
  return true;
}

// Marks listings already taken as candidates, without clearing per query: a listing is marked when
// its stamp equals the current generation. One per thread, sized to the largest snapshot seen.
class CandidateStamps final {
 public:
  static CandidateStamps& ForThisThread(std::size_t listings) {
    thread_local CandidateStamps stamps;
    if (stamps.stamp_.size() < listings) {
      stamps.stamp_.resize(listings, 0);
      stamps.position_.resize(listings, 0);
    }
    if (++stamps.generation_ == 0) {  // wrapped: forget every old mark
      std::fill(stamps.stamp_.begin(), stamps.stamp_.end(), 0);
      stamps.generation_ = 1;
    }
    return stamps;
  }
  // True the first time `listing` is seen in this generation.
  bool FirstVisit(std::uint32_t listing) {
    if (stamp_[listing] == generation_) return false;
    stamp_[listing] = generation_;
    return true;
  }
  // Where the caller keeps `listing`'s match. Meaningful after FirstVisit(listing) in this
  // generation has returned true and the caller stored it.
  std::uint32_t& Position(std::uint32_t listing) { return position_[listing]; }

 private:
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> position_;
  std::uint32_t generation_ = 0;
};

// The matches of one query, one buffer per thread, emptied: a query matching most of a large
// directory (the finder's "today and tomorrow" with no place) would otherwise allocate, grow and
// fault in megabytes each time.
std::vector<Match>& MatchBufferForThisThread() {
  thread_local std::vector<Match> buffer;
  buffer.clear();
  return buffer;
}

bool QueryPlan::EntryListingMatches(const TimeEntry& entry, double* chord_squared) const {
  if (Hidden(entry.listing)) return false;
  if (!CarriedFiltersMatch(entry.attendance, entry.types_low, entry.has_position)) return false;
  if (has_position()) {
    const double dx = entry.position.x - center_.x;
    const double dy = entry.position.y - center_.y;
    const double dz = entry.position.z - center_.z;
    *chord_squared = dx * dx + dy * dy + dz * dz;
    if (*chord_squared > max_chord_squared_) return false;
  }
  return true;
}

void QueryPlan::CollectTimeMatches(std::vector<Match>* out) const {
  CandidateStamps& stamps = CandidateStamps::ForThisThread(index_.hot.size());
  for (std::uint16_t zone = 0; zone < index_.zones.size(); ++zone) {
    const ZoneTable& table = index_.zones[zone];
    if (table.starts.empty()) continue;
    const ZoneOffset& offset = OffsetOf(zone);
    int now;  // local minute of the week at `at`
    std::int64_t week_base =
        0;  // with a fixed offset: the instant of local Sunday 00:00 a week ago
    if (offset.fixed) {
      const std::int64_t local = at_seconds_ + offset.offset_seconds;
      const std::int64_t day_number = FloorDiv(local, kSecondsPerDay);
      const std::int64_t weekday = ((day_number + 4) % 7 + 7) % 7;  // 1970-01-01 was a Thursday
      now = static_cast<int>(weekday) * kMinutesPerDay +
            static_cast<int>((local - day_number * kSecondsPerDay) / 60);
      week_base = (day_number - weekday) * kSecondsPerDay - offset.offset_seconds - kSecondsPerWeek;
    } else {
      const LocalDayMinute local = ToLocalDayMinute(query_.at, table.zone);
      now = local.day * kMinutesPerDay + local.minute;
    }
    // The slot's time can be decided from the entry when wall time maps to instants by one offset,
    // in the listing's zone and in the viewer's (when the day and window are read in the viewer's).
    const bool entry_decides_time = offset.fixed && (!query_.viewer_zone || viewer_offset_.fixed);

    auto visit = [&](const TimeEntry& entry) {
      if (members_ && !HasBit(members_, entry.listing)) return;
      double chord_squared = 0;
      if (!EntryListingMatches(entry, &chord_squared)) return;
      Occurrence occurrence;
      if (entry_decides_time) {
        const std::int64_t duration = entry.duration_minutes * 60;
        std::int64_t start = week_base + entry.minute_of_week * 60;
        while (start + duration <= at_seconds_) start += kSecondsPerWeek;
        // As SlotMatches: the day and window of the occurrence in progress or next.
        int day = entry.minute_of_week / kMinutesPerDay;
        int minute = entry.minute_of_week % kMinutesPerDay;
        if (query_.viewer_zone && day_or_window_filtered_) {
          const LocalDayMinute local = ViewerDayMinute(Instant(std::chrono::seconds(start)));
          day = local.day;
          minute = local.minute;
        }
        if (!DayAndWindowMatch(day, minute)) return;
        if (query_.open_now && start > at_seconds_) return;
        if (query_.starts_within_minutes && !(query_.or_in_progress && start <= at_seconds_)) {
          if (start < at_seconds_) start += kSecondsPerWeek;  // in progress: the next start
          if (start >= at_seconds_ + *query_.starts_within_minutes * 60) return;
        }
        occurrence = {Instant(std::chrono::seconds(start)),
                      Instant(std::chrono::seconds(start + duration))};
      }
      const bool first_visit = stamps.FirstVisit(entry.listing);
      if (entry_decides_time && entry_decides_all_) {
        // Entries come in local start order from before `at`, which is not always chronological
        // (over a whole week, a slot that ended just before `at` counts from next week): keep the
        // listing's earliest matching occurrence.
        if (first_visit) {
          stamps.Position(entry.listing) = static_cast<std::uint32_t>(out->size());
          out->push_back(MakeMatch(entry.listing, entry.id_rank, chord_squared, occurrence));
        } else if (Match& kept = (*out)[stamps.Position(entry.listing)];
                   occurrence.start.time_since_epoch().count() < kept.start) {
          kept = MakeMatch(entry.listing, entry.id_rank, chord_squared, occurrence);
        }
      } else if (Match match; first_visit && Matches(entry.listing, &match)) {
        out->push_back(match);
      }
    };
    auto visit_range = [&](int from, int to) {  // inclusive local start minutes, within [0, week)
      auto it = std::lower_bound(table.starts.begin(), table.starts.end(), from,
                                 [](const TimeEntry& e, int v) { return e.minute_of_week < v; });
      for (; it != table.starts.end() && it->minute_of_week <= to; ++it) visit(*it);
    };
    // Local start minutes that can match, earliest first; a DST change near `at` shifts wall time.
    const int slack = offset.fixed ? 1 : kDstSlackMinutes;
    int low, high;  // inclusive, may lie outside [0, week)
    // Whether `low` reaches back for slots in progress at `at`: then the long ones, kept out of
    // max_duration_minutes, are read too.
    bool in_progress_too = true;
    if (!UsesTimeTables()) {
      low = now - table.max_duration_minutes - slack;
      high = low + kMinutesPerWeek;
    } else if (query_.starts_within_minutes) {
      in_progress_too = query_.or_in_progress;
      low = (query_.or_in_progress ? now - table.max_duration_minutes : now) - slack;
      high = now + *query_.starts_within_minutes + slack;
    } else {
      low = now - table.max_duration_minutes - slack;
      high = now + slack;
    }
    if (high - low + 1 >= kMinutesPerWeek) {
      low = std::clamp(low, 0, kMinutesPerWeek - 1);  // the whole week, from `now` on
      visit_range(low, kMinutesPerWeek - 1);
      if (low > 0) visit_range(0, low - 1);
      continue;
    }
    // A long entry also within the range is visited twice, to the same effect.
    if (in_progress_too) {
      for (const TimeEntry& entry : table.long_starts) visit(entry);
    }
    low = ((low % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek;
    high = ((high % kMinutesPerWeek) + kMinutesPerWeek) % kMinutesPerWeek;
    if (low <= high) {
      visit_range(low, high);
    } else {
      visit_range(low, kMinutesPerWeek - 1);
      visit_range(0, high);
    }
  }
}

std::vector<std::uint32_t> QueryPlan::GeoCandidates() const {
  const double chord = std::sqrt(max_chord_squared_);
  const Box3 box(Point3(center_.x - chord, center_.y - chord, center_.z - chord),
                 Point3(center_.x + chord, center_.y + chord, center_.z + chord));
  std::vector<std::uint32_t> out;
  index_.geo.query(bgi::intersects(box), boost::make_function_output_iterator(
                                             [&](const GeoEntry& e) { out.push_back(e.second); }));
  return out;
}

std::size_t QueryPlan::RarestWord() const {
  std::size_t rarest = 0, fewest = std::numeric_limits<std::size_t>::max();
  for (std::size_t i = 0; i < word_ranges_.size(); ++i) {
    const std::size_t postings = index_.PostingsOf(word_ranges_[i]);
    if (postings < fewest) {
      rarest = i;
      fewest = postings;
    }
  }
  return rarest;
}

std::size_t QueryPlan::TextPostings() const {
  return index_.PostingsOf(word_ranges_[RarestWord()]);
}

std::vector<std::uint32_t> QueryPlan::TextCandidates() const {
  // The rarest word's listings, each checked for the other words in its own sorted word list:
  // the work follows the rarest word, not the commonest.
  const std::size_t rarest = RarestWord();
  const auto [first, last] = word_ranges_[rarest];
  CandidateStamps& seen = CandidateStamps::ForThisThread(index_.hot.size());
  std::vector<std::uint32_t> out;
  auto take = [&](std::uint32_t listing) {
    if (last - first > 1 && !seen.FirstVisit(listing)) return;
    if (word_ranges_.size() > 1 && !TextMatches(listing)) return;
    out.push_back(listing);
  };
  for (std::uint32_t word = first; word < last; ++word) {
    if (const std::uint64_t* bits = index_.DenseBits(word)) {
      ForEachSetBit(bits, index_.bitmap_words, take);
    } else {
      for (std::uint32_t listing : index_.postings[word]) take(listing);
    }
  }
  return out;
}

const std::vector<std::uint64_t>& QueryPlan::TextBitmap() const {
  thread_local std::vector<std::uint64_t> all, word_bits;
  const std::size_t words = index_.bitmap_words;
  for (std::size_t i = 0; i < word_ranges_.size(); ++i) {
    std::vector<std::uint64_t>& bits = i == 0 ? all : word_bits;
    bits.assign(words, 0);
    for (std::uint32_t word = word_ranges_[i].first; word < word_ranges_[i].second; ++word) {
      if (const std::uint64_t* dense = index_.DenseBits(word)) {
        for (std::size_t w = 0; w < words; ++w) bits[w] |= dense[w];
      } else {
        for (std::uint32_t listing : index_.postings[word]) SetBit(bits.data(), listing);
      }
    }
    if (i > 0) {
      for (std::size_t w = 0; w < words; ++w) all[w] &= word_bits[w];
    }
  }
  return all;
}

std::size_t QueryPlan::CountBarTime(const std::vector<std::uint64_t>& bits) const {
  std::size_t count = 0;
  const bool only_activity = attendance_allowed_[0] && attendance_allowed_[1] &&
                             attendance_allowed_[2] && type_bits_.empty() &&
                             exclude_bits_.empty() && !source_ && !fellowship_ && !language_bits_ &&
                             !has_position();
  if (only_activity) {  // no filter but hidden and (unless included) inactive: count bits
    const bool inactive_allowed = attendance_allowed_[static_cast<int>(Attendance::kInactive)];
    for (std::size_t w = 0; w < bits.size(); ++w) {
      std::uint64_t word = bits[w];
      if (hidden_) word &= ~hidden_[w];
      if (!inactive_allowed) word &= ~index_.inactive_bits[w];
      count += static_cast<std::size_t>(std::popcount(word));
    }
    return count;
  }
  ForEachSetBit(bits.data(), bits.size(), [&](std::uint32_t listing) {
    double chord_squared;
    count += FiltersMatchBarTime(listing, &chord_squared);
  });
  return count;
}

// Adds the match of `listing` to `matches` when it matches `plan`.
void AddIfMatches(const QueryPlan& plan, std::uint32_t listing, std::vector<Match>& matches) {
  Match match;
  if (plan.Matches(listing, &match)) matches.push_back(match);
}

// Whether the first page of `plan`'s query, soonest first, may come from SoonWindow: nothing but
// the next occurrence decides the order, and no time filter narrows it.
bool PageMayComeFromSoonWindow(const QueryPlan& plan, std::size_t keep) {
  return !plan.time_filtered() && plan.order() == SortOrder::kNext && keep > 0;
}

// `query` narrowed to the occurrences in progress or starting within the next `minutes`: a
// listing's earliest occurrence within them is its earliest.
SearchQuery SoonWindow(const SearchQuery& query, int minutes = kPageWindowMinutes) {
  SearchQuery soon = query;
  soon.starts_within_minutes = minutes;
  soon.or_in_progress = true;
  return soon;
}

// Text queries whose rarest word has at least this many postings find their matches through a
// bitmap of the listings with every word (and the start-time tables, for their time), rather than
// by checking each candidate against the other words and its schedule.
constexpr std::size_t kManyTextPostings = 1024;

// A soonest-first text query with many matches looks for its page in a window of the next minutes
// sized to hold about twice the page, were its members' starts spread evenly over the week, and
// never under kMinTextWindowMinutes; they are not (few meetings start at night), so a window that
// falls short is tried again kTextWindowGrowth times wider. A fixed window would be either too
// narrow for the rarer words at night (all members checked) or wastefully wide for the commoner
// words in the evening (a thousand matches ranked for a page of 50).
constexpr int kMinTextWindowMinutes = 30;
constexpr int kTextWindowGrowth = 4;
// Checking a member outside the start-time tables (QueryPlan::Matches: its listing, its slots'
// occurrences, two cache misses or more) is taken to cost this many looks at a start-table entry
// (read in order); an estimate, not tuned: a window reading more entries than this many per member
// is dearer than checking every member.
constexpr std::size_t kEntryLooksPerMemberCheck = 32;

int FirstTextWindowMinutes(const SearchIndex::Impl& part, std::size_t members, std::size_t entries,
                           std::size_t keep) {
  // Members' entries per minute ≈ members × (entries / listings) / minutes of the week.
  const double per_minute = static_cast<double>(members) * static_cast<double>(entries) /
                            static_cast<double>(std::max<std::size_t>(1, part.hot.size())) /
                            kMinutesPerWeek;
  if (per_minute <= 0) return kMinutesPerWeek;
  const double minutes = std::ceil(2.0 * static_cast<double>(keep) / per_minute);
  return static_cast<int>(std::clamp<double>(minutes, kMinTextWindowMinutes, kMinutesPerWeek));
}

// Whether reading the start-table entries of the next `minutes` costs less than checking each of
// the `members`.
bool TextWindowCheaperThanMembers(int minutes, std::size_t members, std::size_t entries) {
  return entries * static_cast<std::size_t>(minutes) / kMinutesPerWeek <
         members * kEntryLooksPerMemberCheck;
}

// Collects the matches of a text query (no radius) over `part` into `matches`. Few candidates
// are each checked whole; many are marked in a bitmap, then found through the start-time tables
// (the first page of a soonest-first query from the next hours, as without text). Returns the
// total when not every match is collected.
std::optional<std::size_t> CollectTextMatches(const SearchIndex::Impl& part, const QueryPlan& plan,
                                              const SearchQuery& query, std::size_t keep,
                                              std::vector<Match>& matches) {
  auto consider = [&](std::uint32_t listing) { AddIfMatches(plan, listing, matches); };
  if (plan.TextPostings() < kManyTextPostings) {
    for (std::uint32_t listing : plan.TextCandidates()) consider(listing);
    return std::nullopt;
  }
  const std::vector<std::uint64_t>& members = plan.TextBitmap();
  // The plans below know the text from `members`: neither they nor a start-table entry look up a
  // listing's words again.
  const QueryPlan members_plan(part, query, plan.hidden(), members.data());
  if (plan.UsesTimeTables()) {
    members_plan.CollectTimeMatches(&matches);
    return std::nullopt;
  }
  if (PageMayComeFromSoonWindow(plan, keep)) {
    std::size_t members_count = 0;
    for (std::uint64_t word : members)
      members_count += static_cast<std::size_t>(std::popcount(word));
    std::size_t entries = 0;
    for (const ZoneTable& table : part.zones) entries += table.starts.size();
    for (int minutes = FirstTextWindowMinutes(part, members_count, entries, keep);
         minutes < kMinutesPerWeek && TextWindowCheaperThanMembers(minutes, members_count, entries);
         minutes *= kTextWindowGrowth) {
      const SearchQuery soon = SoonWindow(query, minutes);
      const QueryPlan window(part, soon, plan.hidden(), members.data());
      window.CollectTimeMatches(&matches);
      if (matches.size() >= keep) return window.CountBarTime(members);
      matches.clear();
    }
  }
  ForEachSetBit(members.data(), members.size(),
                [&](std::uint32_t listing) { AddIfMatches(members_plan, listing, matches); });
  return std::nullopt;
}

// Collects the matches of `plan` over its part of the snapshot into `matches` (emptied first) and
// puts the first `keep` of them in order; returns how many match in all.
std::size_t CollectMatches(const SearchIndex::Impl& part, const QueryPlan& plan,
                           const SearchQuery& query, std::size_t keep,
                           std::vector<Match>& matches) {
  std::optional<std::size_t> counted_total;  // when not every match is collected
  auto consider = [&](std::uint32_t listing) { AddIfMatches(plan, listing, matches); };
  if (plan.has_text() && !query.radius_km) {
    counted_total = CollectTextMatches(part, plan, query, keep, matches);
  } else if (plan.UsesTimeTables()) {
    plan.CollectTimeMatches(&matches);
  } else if (query.radius_km) {
    const std::vector<std::uint32_t> candidates = plan.GeoCandidates();
    matches.reserve(candidates.size());
    for (std::uint32_t listing : candidates) consider(listing);
  } else if (plan.UsesWeekOfTimeTables()) {
    if (PageMayComeFromSoonWindow(plan, keep)) {
      // The first page of "everything, soonest first" lies in the next few hours: when that window
      // holds enough, the page comes from it and the total from counting the listings.
      const SearchQuery soon = SoonWindow(query);
      QueryPlan(part, soon, plan.hidden()).CollectTimeMatches(&matches);
      if (matches.size() >= keep) {
        counted_total = plan.CountWithoutTime();
      } else {
        matches.clear();
      }
    }
    if (!counted_total) {
      plan.CollectTimeMatches(&matches);
      if (!plan.time_filtered()) {
        for (std::uint32_t listing : part.unscheduled) consider(listing);
      }
    }
  } else {
    for (std::uint32_t listing = 0; listing < part.hot.size(); ++listing) consider(listing);
  }
  const std::size_t end = std::min(matches.size(), keep);
  std::partial_sort(matches.begin(), matches.begin() + static_cast<std::ptrdiff_t>(end),
                    matches.end());
  return counted_total.value_or(matches.size());
}

// A listing's name as the name order compares it.
std::string FoldedName(const SearchIndex::Impl& part, std::uint32_t listing) {
  const boost::json::value json = boost::json::parse(part.json[listing]);
  const boost::json::string* name = json.as_object().at("name").if_string();
  return name ? text::Fold(*name) : std::string();
}

// The key of the place between two whole ranks of the full build: after `below` of its listings,
// `rank` of `count` among the patch's listings that fall there or elsewhere.
double KeyBetween(std::uint32_t below, std::uint32_t rank, std::size_t count) {
  return static_cast<double>(below) - 1.0 +
         static_cast<double>(rank + 1) / static_cast<double>(count + 1);
}

}  // namespace

// Some of the listings put in since the full build, indexed on their own (SearchIndex::Patch);
// immutable, shared by every patch that keeps it.
struct PatchLevel {
  std::vector<std::shared_ptr<const PatchedListing>> entries;  // in id order: positions in index
  SearchIndex::Impl index;
};

// A live patched listing's place in the patched snapshot.
struct PatchedPlace {
  std::uint32_t rank = 0;       // among the live patched listings in id order: its position is
                                //   LiveBase() + rank
  std::uint32_t name_rank = 0;  // among them in name order
  // Its place among the full build's listings in id order and in name order, as a key between
  // their whole ranks (ties and the name order across parts).
  double id_key = 0;
  double name_key = 0;
};

struct SearchIndex::Patch {
  // The listings put in since the full build, in levels, oldest first: each patch adds a level of
  // the listings it puts in, then merges the last two levels while the older holds fewer than
  // kLevelRatio times the newer's live listings. So a patch indexes about its own listings, the
  // rare large merges are spread over many patches, and there are few levels to search.
  static constexpr std::size_t kLevelRatio = 4;
  std::vector<std::shared_ptr<const PatchLevel>> levels;
  std::vector<std::vector<std::uint64_t>> level_hidden;  // per level: positions put in again or
                                                         //   taken out by a later patch
  std::vector<std::vector<PatchedPlace>> places;         // per level and live position
  // The live patched listings in id order, and in name order (folded name, then id).
  std::vector<const PatchedListing*> by_id;
  std::vector<const PatchedListing*> by_name;
  // Per rank in by_id: its level and position there.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> located;
  std::vector<double> sorted_name_keys;          // the live listings' name keys, ascending
  std::vector<std::uint64_t> hidden_bits;        // full-build positions replaced or taken out
  std::vector<std::uint32_t> hidden;             // the same, ascending
  std::vector<std::uint32_t> hidden_name_ranks;  // their name ranks, ascending

  std::uint32_t LiveBase(const Impl& base) const {
    return static_cast<std::uint32_t>(base.hot.size() - hidden.size());
  }
  // The position of full-build listing `listing` in the patched snapshot. REQUIRES: not hidden.
  std::uint32_t PositionOf(std::uint32_t listing) const {
    return listing - static_cast<std::uint32_t>(
                         std::lower_bound(hidden.begin(), hidden.end(), listing) - hidden.begin());
  }
  bool Hidden(std::uint32_t listing) const { return HasBit(hidden_bits.data(), listing); }
  std::size_t LiveIn(std::size_t level) const {
    std::size_t hidden_count = 0;
    for (std::uint64_t word : level_hidden[level]) hidden_count += std::popcount(word);
    return levels[level]->entries.size() - hidden_count;
  }
};

namespace {

std::shared_ptr<const PatchLevel> MakeLevel(
    std::vector<std::shared_ptr<const PatchedListing>> entries) {
  auto level = std::make_shared<PatchLevel>();
  level->entries = std::move(entries);
  level->index.Build(level->entries);
  return level;
}

bool IdBefore(const PatchedListing* a, const PatchedListing* b) {
  return a->listing.id < b->listing.id;
}

bool NameBefore(const PatchedListing* a, const PatchedListing* b) {
  const int cmp = a->text.folded_name.compare(b->text.folded_name);
  return cmp != 0 ? cmp < 0 : a->listing.id < b->listing.id;
}

// Of the listings `old` kept in order, those not `touched`, then `fresh` merged in (both in the
// order `before`).
std::vector<const PatchedListing*> KeptAndMerged(
    const std::vector<const PatchedListing*>* old,
    const std::unordered_set<std::string_view>& touched,
    const std::vector<const PatchedListing*>& fresh,
    bool (*before)(const PatchedListing*, const PatchedListing*)) {
  std::vector<const PatchedListing*> kept;
  if (old) {
    kept.reserve(old->size() + fresh.size());
    for (const PatchedListing* entry : *old) {
      if (!touched.count(entry->listing.id)) kept.push_back(entry);
    }
  }
  std::vector<const PatchedListing*> merged(kept.size() + fresh.size());
  std::merge(kept.begin(), kept.end(), fresh.begin(), fresh.end(), merged.begin(), before);
  return merged;
}

}  // namespace

struct SearchIndex::Builder::State {
  std::unique_ptr<Impl> impl = std::make_unique<Impl>();
  PartsBuilder parts{*impl};
  PlaceIndex::Builder places;
  // Listings per time zone name: the prevailing one is the first to reach the highest count.
  std::unordered_map<std::string, std::size_t> zone_counts;
  std::string most_zone;
  std::size_t most_count = 0;
};

SearchIndex::Builder::Builder() : state_(std::make_unique<State>()) {}

SearchIndex::Builder::~Builder() = default;

void SearchIndex::Builder::Add(const Listing& listing) {
  State& state = *state_;
  state.parts.Add(listing, TextOf(listing));
  state.places.Add(listing);
  const std::size_t count = ++state.zone_counts[listing.timezone];
  if (count > state.most_count) {
    state.most_count = count;
    if (state.most_zone != listing.timezone) state.most_zone = listing.timezone;
  }
}

std::shared_ptr<const SearchIndex> SearchIndex::Builder::Finish() && {
  std::unique_ptr<State> state = std::move(state_);
  state->impl->places.emplace(std::move(state->places).Finish());
  state->impl->prevailing_zone = state->most_count > 0 ? FindZone(state->most_zone) : nullptr;
  state->zone_counts = {};
  state->parts.Finish();
  auto index = std::shared_ptr<SearchIndex>(new SearchIndex());
  index->base_ = std::move(state->impl);
  return index;
}

SearchIndex::SearchIndex(const std::vector<Listing>& listings) {
  Builder builder;
  for (const Listing& listing : listings) builder.Add(listing);
  base_ = std::move(builder).Finish()->base_;
}

std::shared_ptr<const SearchIndex> SearchIndex::Patched(const SearchIndex& previous,
                                                        std::vector<Listing> changed,
                                                        const std::vector<std::string>& removed) {
  const Impl& base = *previous.base_;
  const Patch* old = previous.patch_.get();
  auto patch = std::make_shared<Patch>();
  patch->hidden_bits =
      old ? old->hidden_bits : std::vector<std::uint64_t>((base.hot.size() + 63) / 64);
  if (old) {
    patch->levels = old->levels;
    patch->level_hidden = old->level_hidden;
  }

  // The listings put in (of an id changed twice, the last change), each worked out once here.
  std::vector<bool> superseded(changed.size(), false);
  {
    std::unordered_map<std::string_view, std::size_t> last_change;
    for (std::size_t i = 0; i < changed.size(); ++i) {
      auto [it, inserted] = last_change.emplace(changed[i].id, i);
      if (!inserted) superseded[std::exchange(it->second, i)] = true;
    }
  }
  std::vector<std::shared_ptr<const PatchedListing>> fresh;
  for (std::size_t i = 0; i < changed.size(); ++i) {
    if (superseded[i]) continue;
    auto entry = std::make_shared<PatchedListing>();
    entry->listing = std::move(changed[i]);
    entry->text = TextOf(entry->listing);
    const std::string& id = entry->listing.id;
    entry->below_id = static_cast<std::uint32_t>(
        std::partition_point(base.id_order.begin(), base.id_order.end(),
                             [&](std::uint32_t other) { return base.ids[other] < id; }) -
        base.id_order.begin());
    const std::string& folded = entry->text.folded_name;
    entry->below_name = static_cast<std::uint32_t>(
        std::partition_point(base.name_order.begin(), base.name_order.end(),
                             [&](std::uint32_t other) {
                               const int cmp = FoldedName(base, other).compare(folded);
                               return cmp != 0 ? cmp < 0 : base.ids[other] < id;
                             }) -
        base.name_order.begin());
    fresh.push_back(std::move(entry));
  }
  std::sort(fresh.begin(), fresh.end(),
            [](const auto& a, const auto& b) { return IdBefore(a.get(), b.get()); });

  // Hide the listings put in or removed wherever they were: in the full build or a level.
  std::unordered_set<std::string_view> touched;
  for (const auto& entry : fresh) touched.insert(entry->listing.id);
  for (const std::string& id : removed) touched.insert(id);
  for (std::string_view id : touched) {
    if (auto found = base.by_id.find(id); found != base.by_id.end()) {
      SetBit(patch->hidden_bits.data(), found->second);
    }
    for (std::size_t level = 0; level < patch->levels.size(); ++level) {
      const Impl& index = patch->levels[level]->index;
      if (auto found = index.by_id.find(id); found != index.by_id.end()) {
        SetBit(patch->level_hidden[level].data(), found->second);
      }
    }
  }

  // The orders of every live patched listing: the previous patch's, less those touched, with the
  // fresh ones merged in.
  std::vector<const PatchedListing*> fresh_by_id;
  for (const auto& entry : fresh) fresh_by_id.push_back(entry.get());
  patch->by_id = KeptAndMerged(old ? &old->by_id : nullptr, touched, fresh_by_id, IdBefore);
  std::vector<const PatchedListing*> fresh_by_name = fresh_by_id;
  std::sort(fresh_by_name.begin(), fresh_by_name.end(), NameBefore);
  patch->by_name = KeptAndMerged(old ? &old->by_name : nullptr, touched, fresh_by_name, NameBefore);

  // A level for the fresh listings, then merges of the newest levels while they are alike.
  if (!fresh.empty()) {
    patch->level_hidden.emplace_back((fresh.size() + 63) / 64, 0);
    patch->levels.push_back(MakeLevel(std::move(fresh)));
  }
  while (patch->levels.size() >= 2 &&
         patch->LiveIn(patch->levels.size() - 2) <
             Patch::kLevelRatio * patch->LiveIn(patch->levels.size() - 1)) {
    // The live entries of both, each level's in id order, then merged.
    std::vector<std::shared_ptr<const PatchedListing>> merged;
    auto take_live = [&](std::size_t level) {
      const auto& entries = patch->levels[level]->entries;
      for (std::uint32_t position = 0; position < entries.size(); ++position) {
        if (!HasBit(patch->level_hidden[level].data(), position)) {
          merged.push_back(entries[position]);
        }
      }
    };
    take_live(patch->levels.size() - 2);
    const std::size_t older = merged.size();
    take_live(patch->levels.size() - 1);
    std::inplace_merge(merged.begin(), merged.begin() + static_cast<std::ptrdiff_t>(older),
                       merged.end(),
                       [](const auto& a, const auto& b) { return IdBefore(a.get(), b.get()); });
    for (int i = 0; i < 2; ++i) {
      patch->levels.pop_back();
      patch->level_hidden.pop_back();
    }
    patch->level_hidden.emplace_back((merged.size() + 63) / 64, 0);
    patch->levels.push_back(MakeLevel(std::move(merged)));
  }
  for (std::size_t level = patch->levels.size(); level-- > 0;) {  // levels emptied by removals
    if (patch->LiveIn(level) > 0) continue;
    patch->levels.erase(patch->levels.begin() + static_cast<std::ptrdiff_t>(level));
    patch->level_hidden.erase(patch->level_hidden.begin() + static_cast<std::ptrdiff_t>(level));
  }

  // Each live listing's ranks and keys, and where each rank is.
  const std::size_t count = patch->by_id.size();
  std::unordered_map<const PatchedListing*, PatchedPlace> place_of;
  place_of.reserve(count);
  for (std::uint32_t rank = 0; rank < count; ++rank) place_of[patch->by_id[rank]].rank = rank;
  for (std::uint32_t rank = 0; rank < count; ++rank) {
    const PatchedListing* entry = patch->by_name[rank];
    PatchedPlace& place = place_of[entry];
    place.name_rank = rank;
    place.id_key = KeyBetween(entry->below_id, place.rank, count);
    place.name_key = KeyBetween(entry->below_name, rank, count);
    // In name order the keys ascend: below_name does, and the rank breaks its ties.
    patch->sorted_name_keys.push_back(place.name_key);
  }
  patch->located.resize(count);
  patch->places.resize(patch->levels.size());
  for (std::uint32_t level = 0; level < patch->levels.size(); ++level) {
    const auto& entries = patch->levels[level]->entries;
    patch->places[level].resize(entries.size());
    for (std::uint32_t position = 0; position < entries.size(); ++position) {
      if (HasBit(patch->level_hidden[level].data(), position)) continue;
      const PatchedPlace& place = place_of.at(entries[position].get());
      patch->places[level][position] = place;
      patch->located[place.rank] = {level, position};
    }
  }
  ForEachSetBit(patch->hidden_bits.data(), patch->hidden_bits.size(), [&](std::uint32_t listing) {
    patch->hidden.push_back(listing);
    patch->hidden_name_ranks.push_back(base.hot[listing].name_rank);
  });
  std::sort(patch->hidden_name_ranks.begin(), patch->hidden_name_ranks.end());

  auto next = std::shared_ptr<SearchIndex>(new SearchIndex());
  next->base_ = previous.base_;
  next->patch_ = std::move(patch);
  return next;
}

const PlaceIndex& SearchIndex::Places() const { return *base_->places; }

const date::time_zone* SearchIndex::PrevailingZone() const { return base_->prevailing_zone; }

SearchIndex::~SearchIndex() = default;

SearchResult SearchIndex::Search(const SearchQuery& asked) const {
  // `until` is "in progress, or starting within the minutes to `until`": starts fall on whole
  // minutes, so the minutes are rounded down. Every slot starts within a week of `at`.
  std::optional<SearchQuery> bounded;
  if (asked.until) {
    bounded = asked;
    const auto minutes = std::chrono::floor<std::chrono::minutes>(*asked.until - asked.at).count();
    bounded->starts_within_minutes =
        static_cast<int>(std::clamp<std::int64_t>(minutes, 0, kMinutesPerWeek));
    bounded->or_in_progress = true;
    bounded->until.reset();
  }
  const SearchQuery& query = bounded ? *bounded : asked;
  const std::size_t keep = query.offset + query.limit;
  SearchResult result;
  std::vector<Match>& matches = MatchBufferForThisThread();
  if (!patch_) {
    const QueryPlan plan(*base_, query);
    if (plan.impossible()) return result;
    result.total = CollectMatches(*base_, plan, query, keep, matches);
    const std::size_t end = std::min(matches.size(), keep);
    if (query.offset >= end) return result;
    result.hits.reserve(end - query.offset);
    for (std::size_t rank = query.offset; rank < end; ++rank) {
      result.hits.push_back(plan.ToHit(matches[rank]));
    }
    return result;
  }

  // Patched: the first `keep` of each part, in one order across both, then the page.
  struct Ranked {
    double key, tie;
    SearchHit hit;
    bool operator<(const Ranked& other) const {
      return key != other.key ? key < other.key : tie < other.tie;
    }
  };
  std::vector<Ranked> ranked;
  const Patch& patch = *patch_;
  // `rank` turns a part's match into its entry in the order across both parts.
  auto add_part = [&](const Impl& part, const std::uint64_t* hidden, auto rank) {
    const QueryPlan plan(part, query, hidden);
    if (plan.impossible()) return;
    matches.clear();
    result.total += CollectMatches(part, plan, query, keep, matches);
    for (std::size_t i = 0; i < std::min(matches.size(), keep); ++i) {
      ranked.push_back(rank(matches[i], plan.ToHit(matches[i])));
    }
  };
  add_part(*base_, patch.hidden_bits.data(), [&](const Match& match, SearchHit hit) {
    hit.index = patch.PositionOf(match.listing);
    return Ranked{match.key, static_cast<double>(match.id_rank), hit};
  });
  const std::uint32_t live_base = patch.LiveBase(*base_);
  for (std::size_t level = 0; level < patch.levels.size(); ++level) {
    const std::size_t from = ranked.size();
    const std::vector<PatchedPlace>& places = patch.places[level];
    add_part(patch.levels[level]->index, patch.level_hidden[level].data(),
             [&](const Match& match, SearchHit hit) {
               const PatchedPlace& place = places[match.listing];
               hit.index = live_base + place.rank;
               // Keys of distance and time are alike in every part; name ranks are each part's
               // own.
               const double key = query.sort == SortOrder::kName ? place.name_key : match.key;
               return Ranked{key, place.id_key, hit};
             });
    std::inplace_merge(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(from),
                       ranked.end());
  }
  const std::size_t end = std::min(ranked.size(), keep);
  for (std::size_t rank = query.offset; rank < end; ++rank) {
    result.hits.push_back(ranked[rank].hit);
  }
  return result;
}

std::pair<const SearchIndex::Impl*, std::uint32_t> SearchIndex::Locate(std::uint32_t index) const {
  if (!patch_) return {base_.get(), index};
  const std::vector<std::uint32_t>& hidden = patch_->hidden;
  const std::uint32_t live_base = patch_->LiveBase(*base_);
  if (index >= live_base) {
    const auto [level, position] = patch_->located[index - live_base];
    return {&patch_->levels[level]->index, position};
  }
  // The k-th hidden listing has (its position - k) live ones before it: skip every hidden one
  // that has no more than `index` before it.
  std::size_t low = 0, high = hidden.size();
  while (low < high) {
    const std::size_t middle = (low + high) / 2;
    if (hidden[middle] - middle <= index) {
      low = middle + 1;
    } else {
      high = middle;
    }
  }
  return {base_.get(), index + static_cast<std::uint32_t>(low)};
}

std::size_t SearchIndex::size() const {
  return patch_ ? patch_->LiveBase(*base_) + patch_->by_id.size() : base_->hot.size();
}

std::size_t SearchIndex::patched() const {
  return patch_ ? patch_->by_id.size() + patch_->hidden.size() : 0;
}

std::optional<std::uint32_t> SearchIndex::Find(std::string_view id) const {
  if (patch_) {
    for (std::size_t level = 0; level < patch_->levels.size(); ++level) {
      const Impl& index = patch_->levels[level]->index;
      auto it = index.by_id.find(id);
      if (it != index.by_id.end() && !HasBit(patch_->level_hidden[level].data(), it->second)) {
        return patch_->LiveBase(*base_) + patch_->places[level][it->second].rank;
      }
    }
  }
  auto it = base_->by_id.find(id);
  if (it == base_->by_id.end() || (patch_ && patch_->Hidden(it->second))) return std::nullopt;
  return patch_ ? patch_->PositionOf(it->second) : it->second;
}

const std::string& SearchIndex::Json(std::uint32_t index) const {
  const auto [part, listing] = Locate(index);
  return part->json[listing];
}

Listing SearchIndex::Get(std::uint32_t index) const {
  auto listing = ListingFromJson(boost::json::parse(Json(index)));
  return listing.ok() ? std::move(listing).value() : Listing{};
}

const date::time_zone* SearchIndex::Zone(std::uint32_t index) const {
  const auto [part, listing] = Locate(index);
  const std::uint16_t zone = part->hot[listing].zone;
  return zone == kNoZone ? nullptr : part->zones[zone].zone;
}

std::optional<Occurrence> SearchIndex::NextOccurrenceOf(std::uint32_t index, Instant at) const {
  const auto [part, listing] = Locate(index);
  const ListingHot& h = part->hot[listing];
  if (h.zone == kNoZone) return std::nullopt;
  std::optional<Occurrence> best;
  for (std::uint16_t i = 0; i < h.slots_count; ++i) {
    const Occurrence occurrence =
        NextOccurrence(part->slots[h.slots_begin + i], part->zones[h.zone].zone, at);
    if (!best || occurrence.start < best->start) best = occurrence;
  }
  return best;
}

std::span<const Slot> SearchIndex::Schedule(std::uint32_t index) const {
  const auto [part, listing] = Locate(index);
  const ListingHot& h = part->hot[listing];
  return {part->slots.data() + h.slots_begin, h.slots_count};
}

std::uint32_t SearchIndex::NameRank(std::uint32_t index) const {
  const auto [part, listing] = Locate(index);
  if (!patch_) return part->hot[listing].name_rank;
  const Patch& patch = *patch_;
  auto count_below = [](const auto& sorted, double key) {
    return static_cast<std::uint32_t>(std::lower_bound(sorted.begin(), sorted.end(), key) -
                                      sorted.begin());
  };
  if (part == base_.get()) {
    const std::uint32_t rank = part->hot[listing].name_rank;
    return rank - count_below(patch.hidden_name_ranks, rank) +
           count_below(patch.sorted_name_keys, rank);
  }
  const auto [level, position] = patch.located[index - patch.LiveBase(*base_)];
  const std::uint32_t below = patch.levels[level]->entries[position]->below_name;
  return below - count_below(patch.hidden_name_ranks, below) +
         patch.places[level][position].name_rank;
}

const std::string& SearchIndex::Source(std::uint32_t index) const {
  const auto [part, listing] = Locate(index);
  return part->sources.Name(part->hot[listing].source);
}

bool SearchIndex::Inactive(std::uint32_t index) const {
  const auto [part, listing] = Locate(index);
  return part->hot[listing].attendance == Attendance::kInactive;
}

}  // namespace rn::directory
