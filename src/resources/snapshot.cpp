#include "resources/snapshot.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <numbers>

#include "resources/categories.h"
#include "resources/hsds_view.h"
#include "util/text.h"

namespace rn::resources {
namespace {

// Great-circle distance on a sphere of the Earth's mean radius.
double DistanceKm(double lat1, double lng1, double lat2, double lng2) {
  constexpr double kRadians = std::numbers::pi / 180.0;
  constexpr double kEarthKm = 6371.0088;
  const double dlat = (lat2 - lat1) * kRadians;
  const double dlng = (lng2 - lng1) * kRadians;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRadians) * std::cos(lat2 * kRadians) * std::sin(dlng / 2) *
                       std::sin(dlng / 2);
  return 2 * kEarthKm * std::asin(std::min(1.0, std::sqrt(a)));
}

// The names a language code goes by in the sources (English and the language's own).
const std::map<std::string, std::vector<std::string>, std::less<>>& LanguageNames() {
  static const std::map<std::string, std::vector<std::string>, std::less<>> names = {
      {"en", {"english"}},
      {"es", {"spanish", "espanol"}},
      {"zh", {"chinese", "mandarin", "cantonese"}},
      {"vi", {"vietnamese", "tieng viet"}},
      {"tl", {"tagalog", "filipino"}},
      {"ru", {"russian"}},
      {"ar", {"arabic"}},
      {"fr", {"french", "francais"}},
      {"ht", {"haitian creole", "kreyol"}},
      {"ko", {"korean"}},
      {"pt", {"portuguese", "portugues"}},
      {"so", {"somali"}},
      {"asl", {"american sign language", "sign language"}},
  };
  return names;
}

// Whether `entry` is in `language`: a code or name of one of its languages.
bool SpeaksLanguage(const ServiceEntry& entry, std::string_view wanted) {
  const std::string folded = text::Fold(wanted);
  for (const std::string& language : entry.languages) {
    const std::string have = text::Fold(language);
    if (have == folded) return true;
    for (const auto& [code, names] : LanguageNames()) {
      const bool have_is =
          have == code || std::find(names.begin(), names.end(), have) != names.end();
      const bool wanted_is =
          folded == code || std::find(names.begin(), names.end(), folded) != names.end();
      if (have_is && wanted_is) return true;
    }
  }
  return false;
}

bool IsWordByte(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0 || static_cast<unsigned char>(c) >= 0x80;
}

// Each distinct word of `text` (runs of letters, digits and non-ASCII bytes).
std::vector<std::string_view> WordsOf(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && !IsWordByte(text[i])) ++i;
    const std::size_t start = i;
    while (i < text.size() && IsWordByte(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// Whether `prefix` starts a word of `text`.
bool StartsAWord(std::string_view text, std::string_view prefix) {
  for (std::size_t at = text.find(prefix); at != std::string_view::npos;
       at = text.find(prefix, at + 1)) {
    if (at == 0 || !IsWordByte(text[at - 1])) return true;
  }
  return false;
}

// The bits of `slugs` among `known` (kCategories or kAudiences; bit i: known[i]); unknown slugs
// have none.
template <typename Known>
std::uint16_t SlugBits(const std::vector<std::string>& slugs, const Known& known) {
  static_assert(std::tuple_size_v<Known> <= 16);
  std::uint16_t bits = 0;
  for (std::size_t i = 0; i < known.size(); ++i) {
    if (std::find(slugs.begin(), slugs.end(), known[i].slug) != slugs.end()) {
      bits |= static_cast<std::uint16_t>(1u << i);
    }
  }
  return bits;
}

}  // namespace

ResourceSnapshot::ResourceSnapshot(std::vector<StoredRecord> records,
                                   const std::vector<ResourceSource>& sources,
                                   HolidayCalendar holidays, std::int64_t version, Instant now)
    : records_(std::move(records)), holidays_(std::move(holidays)), version_(version) {
  entries_ = BuildEntries(records_, sources);
  std::vector<std::uint32_t> by_name(entries_.size());
  for (std::uint32_t i = 0; i < by_name.size(); ++i) by_name[i] = i;
  std::sort(by_name.begin(), by_name.end(), [&](std::uint32_t a, std::uint32_t b) {
    return std::tie(entries_[a].name, entries_[a].service_id, entries_[a].service_at_location_id) <
           std::tie(entries_[b].name, entries_[b].service_id, entries_[b].service_at_location_id);
  });
  filters_.reserve(by_name.size());
  for (const std::uint32_t index : by_name) {
    const ServiceEntry& entry = entries_[index];
    Filter filter;
    filter.index = index;
    filter.categories = SlugBits(entry.categories, kCategories);
    filter.audiences = static_cast<std::uint8_t>(SlugBits(entry.audiences, kAudiences));
    filter.listed = entry.status == "active" || entry.status == "temporarily closed";
    filter.has_position = entry.latitude && entry.longitude;
    if (filter.has_position) {
      filter.latitude = *entry.latitude;
      filter.longitude = *entry.longitude;
    }
    filters_.push_back(filter);
  }
  {
    std::vector<std::pair<std::string_view, std::uint32_t>> words;  // word, filters_ position
    for (std::uint32_t position = 0; position < filters_.size(); ++position) {
      for (std::string_view word : WordsOf(entries_[filters_[position].index].words)) {
        words.emplace_back(word, position);
      }
    }
    std::sort(words.begin(), words.end());
    posting_offsets_.push_back(0);
    for (std::size_t i = 0; i < words.size(); ++i) {
      if (i == 0 || words[i].first != words[i - 1].first) {
        if (i != 0) posting_offsets_.push_back(static_cast<std::uint32_t>(postings_.size()));
        vocabulary_.emplace_back(words[i].first);
      }
      postings_.push_back(words[i].second);
    }
    if (!words.empty()) posting_offsets_.push_back(static_cast<std::uint32_t>(postings_.size()));
  }
  window_start_ = std::chrono::floor<std::chrono::minutes>(now) - std::chrono::hours(24);
  window_end_ = window_start_ + std::chrono::hours(24) + date::days(kSearchDays);
  open_minutes_.resize(entries_.size());
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    const ServiceEntry& entry = entries_[i];
    if (!entry.hours || entry.zone == nullptr) continue;
    // From the day before the window's first (an overnight range) to the day after its last.
    const date::local_days first = LocalDay(entry.zone, window_start_) - date::days(1);
    const date::local_days last = LocalDay(entry.zone, window_end_) + date::days(1);
    for (const OpenInterval& interval : OpenIntervals(*entry.hours, holidays_, entry.zone, first,
                                                      static_cast<int>((last - first).count()))) {
      open_minutes_[i].emplace_back(
          std::chrono::floor<std::chrono::minutes>(interval.start - window_start_).count(),
          std::chrono::floor<std::chrono::minutes>(interval.end - window_start_).count());
    }
  }
  for (const StoredRecord& record : records_) {
    by_kind_[static_cast<std::size_t>(record.key.kind)].push_back(&record);
  }
  for (auto& kind : by_kind_) {
    std::sort(kind.begin(), kind.end(),
              [](const StoredRecord* a, const StoredRecord* b) { return a->key.id < b->key.id; });
  }
  for (std::size_t i = 0; i < entries_.size(); ++i) {
    if (!entries_[i].service_at_location_id.empty()) {
      entry_by_id_.emplace(entries_[i].service_at_location_id, i);
    }
    entry_by_id_.emplace(entries_[i].service_id, i);  // the first location's keeps it
  }
}

const StoredRecord* ResourceSnapshot::Find(RecordKind kind, std::string_view id) const {
  const auto& records = OfKind(kind);
  const auto found = std::lower_bound(
      records.begin(), records.end(), id,
      [](const StoredRecord* record, std::string_view key) { return record->key.id < key; });
  return found != records.end() && (*found)->key.id == id ? *found : nullptr;
}

const ServiceEntry* ResourceSnapshot::FindService(std::string_view id) const {
  const auto found = entry_by_id_.find(id);
  return found == entry_by_id_.end() ? nullptr : &entries_[found->second];
}

std::optional<OpenState> ResourceSnapshot::StateOf(const ServiceEntry& entry, Instant at) const {
  if (!entry.hours || entry.zone == nullptr) return std::nullopt;
  return StateAt(*entry.hours, holidays_, entry.zone, at);
}

bool ResourceSnapshot::IsOpen(const ServiceEntry& entry, Instant at) const {
  if (!entry.hours || entry.zone == nullptr) return false;
  if (at < window_start_ || at >= window_end_)
    return StateAt(*entry.hours, holidays_, entry.zone, at).open;
  const auto& intervals = open_minutes_[static_cast<std::size_t>(&entry - entries_.data())];
  const auto minute = static_cast<std::int32_t>(
      std::chrono::floor<std::chrono::minutes>(at - window_start_).count());
  // The first interval ending after `minute`: open when it has begun.
  const auto found =
      std::upper_bound(intervals.begin(), intervals.end(), minute,
                       [](std::int32_t m, const std::pair<std::int32_t, std::int32_t>& interval) {
                         return m < interval.second;
                       });
  return found != intervals.end() && found->first <= minute;
}

ServiceResults ResourceSnapshot::Search(const ServiceQuery& query) const {
  ServiceResults results;
  const bool near = query.latitude && query.longitude;
  // A cheap box around the radius before the great-circle distance: a degree of latitude is
  // 111.2 km everywhere, one of longitude that times the cosine of the latitude (taken at the
  // box's edge nearest a pole, so the box is never too small).
  double max_dlat = 180;
  double max_dlng = 360;
  if (near && query.radius_km) {
    constexpr double kKmPerDegree = 111.19;
    max_dlat = *query.radius_km / kKmPerDegree;
    const double polar = std::min(89.9, std::abs(*query.latitude) + max_dlat);
    max_dlng = max_dlat / std::cos(polar * std::numbers::pi / 180.0);
  }
  const std::uint16_t categories = SlugBits(query.categories, kCategories);
  const std::uint16_t audience =
      query.audience.empty() ? 0 : SlugBits({query.audience}, kAudiences);
  if ((!query.categories.empty() && categories == 0) ||
      (!query.audience.empty() && audience == 0)) {
    return results;  // a slug no service can have
  }
  // With words: only the entries that have the rarest of them, in name order.
  std::vector<std::uint32_t> candidates;
  std::size_t rarest = query.words.size();
  if (!query.words.empty()) {
    std::size_t fewest = postings_.size() + 1;
    std::pair<std::size_t, std::size_t> range;  // of vocabulary_, for the rarest word
    for (std::size_t w = 0; w < query.words.size(); ++w) {
      const std::string& word = query.words[w];
      const auto first = std::lower_bound(vocabulary_.begin(), vocabulary_.end(), word);
      const auto last =
          std::partition_point(first, vocabulary_.end(),
                               [&](const std::string& known) { return known.starts_with(word); });
      const auto from = static_cast<std::size_t>(first - vocabulary_.begin());
      const auto to = static_cast<std::size_t>(last - vocabulary_.begin());
      const std::size_t count = posting_offsets_.empty() || from == to
                                    ? 0
                                    : posting_offsets_[to] - posting_offsets_[from];
      if (count < fewest) {
        fewest = count;
        rarest = w;
        range = {from, to};
      }
    }
    if (fewest == 0) return results;
    candidates.assign(postings_.begin() + posting_offsets_[range.first],
                      postings_.begin() + posting_offsets_[range.second]);
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  const std::size_t scanned = query.words.empty() ? filters_.size() : candidates.size();
  std::vector<ServiceHit> hits;
  for (std::size_t c = 0; c < scanned; ++c) {
    const Filter& filter = filters_[query.words.empty() ? c : candidates[c]];
    if (!filter.listed) continue;
    if (categories != 0 && (filter.categories & categories) == 0) continue;
    if (audience != 0 && (filter.audiences & audience) == 0) continue;
    std::optional<double> distance_km;
    if (near) {
      if (!filter.has_position) {
        if (query.radius_km) continue;  // no place: not "within" any radius
      } else {
        if (query.radius_km) {
          double dlng = std::abs(filter.longitude - *query.longitude);
          dlng = std::min(dlng, 360 - dlng);
          if (std::abs(filter.latitude - *query.latitude) > max_dlat || dlng > max_dlng) continue;
        }
        distance_km =
            DistanceKm(*query.latitude, *query.longitude, filter.latitude, filter.longitude);
        if (query.radius_km && *distance_km > *query.radius_km) continue;
      }
    }
    const ServiceEntry& entry = entries_[filter.index];
    if (!query.language.empty() && !SpeaksLanguage(entry, query.language)) continue;
    bool has_words = true;
    for (std::size_t w = 0; w < query.words.size() && has_words; ++w) {
      has_words = w == rarest || StartsAWord(entry.words, query.words[w]);
    }
    if (!has_words) continue;
    if (query.open_now || query.count_open) {
      const bool open = IsOpen(entry, query.at);
      if (query.open_now && !open) continue;
      results.open += open;
    }
    hits.push_back({&entry, distance_km, std::nullopt});
  }
  // Nearest first (those without a place last), else by name (the order they were found in);
  // ties by id, so pages are stable. Only the hits up to the page's end are put in order.
  results.total = hits.size();
  const std::size_t begin = std::min(query.offset, hits.size());
  const std::size_t end = std::min(hits.size(), begin + query.limit);
  if (near) {
    std::vector<std::pair<std::uint32_t, const ServiceHit*>> ranked;  // name rank, hit
    ranked.reserve(hits.size());
    for (std::uint32_t rank = 0; rank < hits.size(); ++rank) ranked.emplace_back(rank, &hits[rank]);
    std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(end),
                      ranked.end(), [](const auto& a, const auto& b) {
                        const ServiceHit& x = *a.second;
                        const ServiceHit& y = *b.second;
                        if (x.distance_km.has_value() != y.distance_km.has_value()) {
                          return x.distance_km.has_value();
                        }
                        if (x.distance_km && *x.distance_km != *y.distance_km) {
                          return *x.distance_km < *y.distance_km;
                        }
                        return a.first < b.first;
                      });
    for (std::size_t i = begin; i < end; ++i) results.hits.push_back(*ranked[i].second);
  } else {
    results.hits.assign(hits.begin() + static_cast<std::ptrdiff_t>(begin),
                        hits.begin() + static_cast<std::ptrdiff_t>(end));
  }
  // The open state of the hits shown.
  for (ServiceHit& hit : results.hits) hit.state = StateOf(*hit.entry, query.at);
  return results;
}

Result<std::shared_ptr<const ResourceSnapshot>> LoadSnapshot(ResourceStore& store, Instant now) {
  Result<std::int64_t> version = store.LatestChange();
  if (!version.ok()) return version.status();
  std::vector<StoredRecord> records;
  RN_RETURN_IF_ERROR(
      store.ScanAll([&](StoredRecord&& record) { records.push_back(std::move(record)); }));
  Result<std::vector<ResourceSource>> sources = store.Sources();
  if (!sources.ok()) return sources.status();
  // recoverynet's category taxonomy is served with the stored ones (an import may not take its
  // ids: they are not stored, so nothing stops it, and then the stored record is served).
  for (Record& record : CategoryTaxonomyRecords()) {
    const bool stored = std::any_of(records.begin(), records.end(), [&](const StoredRecord& r) {
      return r.key.kind == record.kind && r.key.id == record.id;
    });
    if (!stored) {
      records.push_back({{record.kind, record.id}, record.source, CanonicalJson(record.doc), ""});
    }
  }
  const int year =
      static_cast<int>(date::year_month_day(std::chrono::floor<date::days>(now)).year());
  return std::shared_ptr<const ResourceSnapshot>(std::make_shared<ResourceSnapshot>(
      std::move(records), *sources, HolidayCalendar::UsFederal(year - 1, year + 2), *version, now));
}

ResourceDirectory::ResourceDirectory()
    : current_(std::make_shared<const ResourceSnapshot>(
          std::vector<StoredRecord>{}, std::vector<ResourceSource>{}, HolidayCalendar(), 0)) {}

}  // namespace rn::resources
