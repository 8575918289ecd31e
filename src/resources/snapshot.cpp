#include "resources/snapshot.h"

#include <algorithm>
#include <cmath>
#include <numbers>

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

}  // namespace

ResourceSnapshot::ResourceSnapshot(std::vector<StoredRecord> records,
                                   const std::vector<ResourceSource>& sources,
                                   HolidayCalendar holidays, std::int64_t version)
    : records_(std::move(records)), holidays_(std::move(holidays)), version_(version) {
  entries_ = BuildEntries(records_, sources);
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

ServiceResults ResourceSnapshot::Search(const ServiceQuery& query) const {
  ServiceResults results;
  const bool near = query.latitude && query.longitude;
  std::vector<ServiceHit> hits;
  for (const ServiceEntry& entry : entries_) {
    if (entry.status != "active" && entry.status != "temporarily closed") continue;
    if (!query.categories.empty() &&
        std::none_of(query.categories.begin(), query.categories.end(), [&](const std::string& c) {
          return std::binary_search(entry.categories.begin(), entry.categories.end(), c);
        })) {
      continue;
    }
    if (!query.language.empty() && !SpeaksLanguage(entry, query.language)) continue;
    if (!std::all_of(query.words.begin(), query.words.end(), [&](const std::string& word) {
          return entry.words.find(word) != std::string::npos;
        })) {
      continue;
    }
    ServiceHit hit{&entry, std::nullopt, std::nullopt};
    if (near) {
      if (!entry.latitude || !entry.longitude) {
        if (query.radius_km) continue;  // no place: not "within" any radius
      } else {
        hit.distance_km =
            DistanceKm(*query.latitude, *query.longitude, *entry.latitude, *entry.longitude);
        if (query.radius_km && *hit.distance_km > *query.radius_km) continue;
      }
    }
    hit.state = StateOf(entry, query.at);
    if (query.open_now && !(hit.state && hit.state->open)) continue;
    hits.push_back(hit);
  }
  // Nearest first (those without a place last), else by name; ties by id, so pages are stable.
  std::sort(hits.begin(), hits.end(), [&](const ServiceHit& a, const ServiceHit& b) {
    if (near && a.distance_km.has_value() != b.distance_km.has_value()) {
      return a.distance_km.has_value();
    }
    if (near && a.distance_km && *a.distance_km != *b.distance_km) {
      return *a.distance_km < *b.distance_km;
    }
    if (a.entry->name != b.entry->name) return a.entry->name < b.entry->name;
    return std::tie(a.entry->service_id, a.entry->service_at_location_id) <
           std::tie(b.entry->service_id, b.entry->service_at_location_id);
  });
  results.total = hits.size();
  const std::size_t begin = std::min(query.offset, hits.size());
  const std::size_t end = std::min(hits.size(), begin + query.limit);
  results.hits.assign(hits.begin() + static_cast<std::ptrdiff_t>(begin),
                      hits.begin() + static_cast<std::ptrdiff_t>(end));
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
      std::move(records), *sources, HolidayCalendar::UsFederal(year - 1, year + 2), *version));
}

ResourceDirectory::ResourceDirectory()
    : current_(std::make_shared<const ResourceSnapshot>(
          std::vector<StoredRecord>{}, std::vector<ResourceSource>{}, HolidayCalendar(), 0)) {}

}  // namespace rn::resources
