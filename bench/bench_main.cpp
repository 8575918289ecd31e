// rn_bench: the in-process benchmarks behind `make bench` (bench/run drives them and the HTTP
// runs).
//
//   rn_bench search --feed FILE:SOURCE:ZONE... [--total N] [--seed S] [--queries Q] [--only SHAPE]
//                   [--synthetic-out FILE] [--work DIR]
//     `--only text_q_words` runs text_q once per word instead (shapes `text_q:WORD`), to see
//     which words make its tail; `--only text_q:WORD` runs one word's shape alone.
//     Parses the real feeds, tops them up with synthetic listings to N, builds a SearchIndex and
//     times query shapes one by one (p50/p99 in µs). Writes the synthetic part as a Meeting Guide
//     feed. Without --only (or with `--only edit_publish`, which runs no query shape), then times
//     edits save → visible through a SQLite file (in DIR, else a temporary directory) and
//     SnapshotPublisher (edit_publish).
//   rn_bench import --feed FILE:SOURCE:ZONE... --work DIR [--runs R] [--synthetic FILE]
//     Times ParseFeed + ApplyImport into a fresh SQLite file, then the same again (re-import).
//   rn_bench synthetic --count N [--seed S] --output FILE
//     Writes N synthetic listings as a Meeting Guide feed.
//   rn_bench casework-seed --db FILE --site SITE --program ID --coaches LOGIN,...
//                          [--participants N] [--contacts M] [--active-share F] [--batch B]
//                          [--seed S]
//     Seeds a site set up with the CLI (site, coaches, program; the private-note key file beside
//     the database) with participants and contacts through casework's use cases
//     (bench/casework_seed.h).
// Each prints one JSON object to stdout; progress goes to stderr.

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include "casework/paging.h"
#include "casework/stores.h"
#include "casework_seed.h"
#include "directory/editing.h"
#include "directory/import_service.h"
#include "directory/listing.h"
#include "directory/listing_json.h"
#include "directory/publisher.h"
#include "directory/schedule.h"
#include "directory/search_index.h"
#include "directory/stores.h"
#include "http/compression.h"
#include "identity/secret_box.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "services_bench.h"
#include "storage/database.h"
#include "synthetic.h"
#include "util/clock.h"
#include "web/pages.h"

namespace {

using rn::bench::Random;
using rn::directory::Listing;
using SteadyClock = std::chrono::steady_clock;

// 2026-01-11T00:00:00Z, a Sunday far from any DST change; query instants fall in the week after it.
constexpr std::int64_t kWeekStartSeconds = 1768089600;
constexpr std::int64_t kSecondsPerWeek = 7 * 86400;
constexpr std::uint64_t kQuerySeed = 20260111;
// 2026-01-14T02:00:00Z, the pinned `at` of bench/run's HTTP_PATH.
constexpr std::int64_t kHttpQueryAtSeconds = 1768356000;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

struct FeedSpec {
  std::string path;
  std::string source;
  std::string timezone;
};

struct Args {
  std::string command;
  std::vector<FeedSpec> feeds;
  std::size_t total = 100000;
  std::uint64_t seed = 42;
  std::size_t queries = 20000;
  std::size_t runs = 3;
  std::size_t count = 0;
  std::string only;
  std::string synthetic_out;
  std::string synthetic;
  std::string output;
  std::string work;
  std::string db;
  std::string site;
  std::string program;
  std::vector<std::string> coaches;
  int participants = 10000;
  int contacts = 200000;
  double active_share = 0.1;
  int batch = 100;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::cerr
      << "rn_bench: " << problem << "\n"
      << "usage: rn_bench search|import|synthetic|finder|casework-seed|services [options] (see "
         "bench/README.md)\n";
  std::exit(2);
}

Args ParseArgs(int argc, char** argv) {
  if (argc < 2) Usage("missing command");
  Args args;
  args.command = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string flag = argv[i];
    if (i + 1 >= argc) Usage(flag + " needs a value");
    const std::string value = argv[++i];
    try {
      if (flag == "--feed") {
        const auto first = value.find(':');
        const auto second = value.find(':', first + 1);
        if (first == std::string::npos || second == std::string::npos) {
          Usage("--feed wants FILE:SOURCE:ZONE");
        }
        args.feeds.push_back({value.substr(0, first), value.substr(first + 1, second - first - 1),
                              value.substr(second + 1)});
      } else if (flag == "--total") {
        args.total = std::stoul(value);
      } else if (flag == "--seed") {
        args.seed = std::stoull(value);
      } else if (flag == "--queries") {
        args.queries = std::stoul(value);
      } else if (flag == "--runs") {
        args.runs = std::max<std::size_t>(1, std::stoul(value));
      } else if (flag == "--count") {
        args.count = std::stoul(value);
      } else if (flag == "--only") {
        args.only = value;
      } else if (flag == "--synthetic-out") {
        args.synthetic_out = value;
      } else if (flag == "--synthetic") {
        args.synthetic = value;
      } else if (flag == "--output") {
        args.output = value;
      } else if (flag == "--work") {
        args.work = value;
      } else if (flag == "--db") {
        args.db = value;
      } else if (flag == "--site") {
        args.site = value;
      } else if (flag == "--program") {
        args.program = value;
      } else if (flag == "--coaches") {
        std::stringstream list(value);
        for (std::string login; std::getline(list, login, ',');) {
          if (!login.empty()) args.coaches.push_back(login);
        }
      } else if (flag == "--participants") {
        args.participants = std::stoi(value);
      } else if (flag == "--contacts") {
        args.contacts = std::stoi(value);
      } else if (flag == "--active-share") {
        args.active_share = std::stod(value);
      } else if (flag == "--batch") {
        args.batch = std::stoi(value);
      } else {
        Usage("unknown option " + flag);
      }
    } catch (const std::logic_error&) {
      Usage(flag + ": not a number: " + value);
    }
  }
  return args;
}

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "rn_bench: " << message << "\n";
  std::exit(1);
}

std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) Die("cannot read " + path);
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

void WriteFileOrDie(const std::string& path, const std::string& contents) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << contents;
  if (!out) Die("cannot write " + path);
}

rn::interop::FeedParse ParseOrDie(const std::string& json, const FeedSpec& feed) {
  rn::interop::FeedOptions options;
  options.source = feed.source;
  options.default_timezone = feed.timezone;
  options.fellowship = "aa";
  auto parsed = rn::interop::meeting_guide::ParseFeed(json, options);
  if (!parsed.ok()) Die(feed.path + ": " + parsed.status().message());
  return std::move(parsed).value();
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const double rank = p / 100.0 * static_cast<double>(sorted.size() - 1);
  const auto low = static_cast<std::size_t>(std::floor(rank));
  const auto high = static_cast<std::size_t>(std::ceil(rank));
  return sorted[low] + (sorted[high] - sorted[low]) * (rank - static_cast<double>(low));
}

// CPU time of the calling thread, in µs.
double ThreadCpuMicros() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) * 1e6 + static_cast<double>(now.tv_nsec) / 1e3;
}

std::int64_t Whole(double value) { return std::llround(value); }

double Round(double value, int digits) {
  const double scale = std::pow(10.0, digits);
  return std::round(value * scale) / scale;
}

// ---------------------------------------------------------------------------------------------
// search

struct Shape {
  std::string name;
  std::string description;
  std::size_t queries;
  // Fills a query; `random` is the shape's own stream so each shape sees the same queries every
  // run.
  std::function<rn::directory::SearchQuery(Random&)> make;
};

class QueryMaker final {
 public:
  explicit QueryMaker(const std::vector<Listing>& listings) {
    for (const Listing& listing : listings) {
      if (rn::directory::HasCoordinates(listing)) {
        points_.emplace_back(*listing.location.latitude, *listing.location.longitude);
      }
    }
    if (points_.empty()) Die("no listing has coordinates");
  }

  // A point a few km from a random listing.
  std::pair<double, double> NearListing(Random& random) const {
    const auto& [lat, lng] = points_[static_cast<std::size_t>(random.Next() % points_.size())];
    const double jitter_km = 3.0;
    const double new_lat = std::clamp(lat + random.Normal() * jitter_km / 111.32, -89.9, 89.9);
    double new_lng = lng + random.Normal() * jitter_km / (111.32 * std::cos(new_lat * M_PI / 180));
    if (new_lng > 180) new_lng -= 360;
    if (new_lng < -180) new_lng += 360;
    return {new_lat, new_lng};
  }

  // A random instant in the benchmark week, to the second.
  static rn::Instant RandomInstant(Random& random) {
    const auto offset = static_cast<std::int64_t>(random.Uniform() * kSecondsPerWeek);
    return rn::Instant(std::chrono::seconds(kWeekStartSeconds + offset));
  }

 private:
  std::vector<std::pair<double, double>> points_;
};

boost::json::object RunShape(const rn::directory::SearchIndex& index, const Shape& shape) {
  // Seeded by the shape's name (FNV-1a, not std::hash, which differs between libraries).
  std::uint64_t name_hash = 0xcbf29ce484222325ULL;
  for (const char c : shape.name)
    name_hash = (name_hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  Random random(kQuerySeed ^ name_hash);
  std::vector<rn::directory::SearchQuery> queries;
  queries.reserve(shape.queries);
  for (std::size_t i = 0; i < shape.queries; ++i) queries.push_back(shape.make(random));

  // Warm-up: a tenth of the queries (at least one pass over caches and allocator pools).
  std::size_t sink = 0;
  for (std::size_t i = 0; i < std::max<std::size_t>(1, shape.queries / 10); ++i) {
    sink += index.Search(queries[i]).total;
  }
  // Wall time is the figure; thread CPU time is kept too, since on a shared machine preemption
  // shows up in the wall-time tail but not in the CPU time.
  std::vector<double> micros;
  std::vector<double> cpu_micros;
  micros.reserve(queries.size());
  cpu_micros.reserve(queries.size());
  double total_matches = 0;
  double total_hits = 0;
  const auto wall_start = SteadyClock::now();
  for (const auto& query : queries) {
    const double cpu_start = ThreadCpuMicros();
    const auto start = SteadyClock::now();
    const rn::directory::SearchResult result = index.Search(query);
    const auto end = SteadyClock::now();
    cpu_micros.push_back(ThreadCpuMicros() - cpu_start);
    micros.push_back(std::chrono::duration<double, std::micro>(end - start).count());
    total_matches += static_cast<double>(result.total);
    total_hits += static_cast<double>(result.hits.size());
    sink += result.hits.empty() ? 0 : result.hits.front().index;
  }
  const double wall = SecondsSince(wall_start);
  std::sort(micros.begin(), micros.end());
  std::sort(cpu_micros.begin(), cpu_micros.end());
  double sum = 0;
  for (double value : micros) sum += value;
  const double n = static_cast<double>(micros.size());
  boost::json::object out;
  out["description"] = shape.description;
  out["queries"] = micros.size();
  out["p50_us"] = Round(Percentile(micros, 50), 2);
  out["p90_us"] = Round(Percentile(micros, 90), 2);
  out["p99_us"] = Round(Percentile(micros, 99), 2);
  out["max_us"] = Round(micros.empty() ? 0 : micros.back(), 2);
  out["mean_us"] = Round(n > 0 ? sum / n : 0, 2);
  out["cpu_p50_us"] = Round(Percentile(cpu_micros, 50), 2);
  out["cpu_p99_us"] = Round(Percentile(cpu_micros, 99), 2);
  out["queries_per_s_one_thread"] = Whole(wall > 0 ? n / wall : 0);
  out["mean_matches"] = Round(n > 0 ? total_matches / n : 0, 1);
  out["mean_hits"] = Round(n > 0 ? total_hits / n : 0, 2);
  out["checksum"] = sink;  // keeps the work observable
  std::cerr << "  " << shape.name << ": p50 " << out["p50_us"].as_double() << " µs, p99 "
            << out["p99_us"].as_double() << " µs (CPU time p50 " << out["cpu_p50_us"].as_double()
            << ", p99 " << out["cpu_p99_us"].as_double() << " µs), mean matches "
            << out["mean_matches"].as_double() << "\n";
  return out;
}

// The listings of every --feed, parsed as the importer would.
std::vector<Listing> RealListings(const Args& args) {
  std::vector<Listing> listings;
  for (const FeedSpec& feed : args.feeds) {
    auto parsed = ParseOrDie(ReadFileOrDie(feed.path), feed);
    for (Listing& listing : parsed.listings) listings.push_back(std::move(listing));
  }
  return listings;
}

std::unique_ptr<rn::storage::Database> OpenFreshStore(const std::filesystem::path& path) {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    std::filesystem::remove(path.string() + suffix, ignored);
  }
  auto store = rn::storage::Database::Open(path.string());
  if (!store.ok()) Die("open " + path.string() + ": " + store.status().message());
  return std::move(store).value();
}

rn::directory::Stores StoresOf(rn::storage::Database& database) {
  return {database.listings(), database.corrections(), database.import_sources(), database.audit(),
          database.unit_of_work()};
}

// The edits one thread made, each timed from the start of its save until a search finds it.
struct EditTimes {
  std::vector<double> micros;
  std::vector<double> cpu_micros;  // the editing thread's CPU time, the same span
  std::size_t found = 0;           // edits the search found, by the new name, on the edited listing
  std::size_t refused = 0;         // edits SaveListing refused (ValidateEditedListing); not timed
};

// `count` edits of random listings of `ids` as the console saves one: EditableListing, a new
// name, SaveListing (the write and its audit entry in one transaction on `database`, then
// SnapshotPublisher::Refresh), one after another with no pause. Each is timed from the start of
// the save until a search of the published snapshot for the new name returns. `tag` keeps the
// names of threads apart.
EditTimes TimeEdits(rn::storage::Database& database, rn::directory::SnapshotPublisher& publisher,
                    const std::vector<std::string>& ids, std::size_t count, std::uint64_t seed,
                    char tag) {
  Random random(seed);
  rn::directory::Stores stores = StoresOf(database);
  const rn::directory::Editor editor{{"bench-editor", rn::SystemClock().Now(), "192.0.2.1", ""},
                                     {.scope = {}, .all = true}};
  rn::directory::SearchQuery query;
  query.at = *rn::directory::ParseRfc3339("2026-01-14T02:00:00Z");
  query.limit = 5;
  EditTimes times;
  while (times.micros.size() < count) {
    if (times.refused > 100 * count) Die("edit_publish: SaveListing refuses almost every listing");
    const std::string& id = ids[random.Next() % ids.size()];
    char token[16];
    std::snprintf(token, sizeof token, "zq%c%05zu", tag, times.micros.size());
    const auto started = SteadyClock::now();
    const double cpu_started = ThreadCpuMicros();
    rn::Result<Listing> listing = rn::directory::EditableListing(stores, editor, id);
    if (!listing.ok()) Die("edit_publish: EditableListing: " + listing.status().message());
    listing->name = std::string("Renamed ") + token + " Group";
    const rn::Status saved = rn::directory::SaveListing(stores, publisher, editor,
                                                        std::move(*listing), false, std::nullopt);
    if (saved.code() == rn::StatusCode::kInvalidArgument) {
      ++times.refused;
      continue;
    }
    if (!saved.ok()) Die("edit_publish: SaveListing: " + saved.message());
    query.text = token;
    const std::shared_ptr<const rn::directory::SearchIndex> snapshot =
        publisher.directory().Snapshot();
    const rn::directory::SearchResult result = snapshot->Search(query);
    times.micros.push_back(
        std::chrono::duration<double, std::micro>(SteadyClock::now() - started).count());
    times.cpu_micros.push_back(ThreadCpuMicros() - cpu_started);
    times.found += result.total == 1 && snapshot->Find(id) == result.hits[0].index;
  }
  return times;
}

boost::json::object EditTimesJson(const std::vector<EditTimes>& threads) {
  std::vector<double> micros;
  std::vector<double> cpu_micros;
  std::size_t found = 0;
  std::size_t refused = 0;
  for (const EditTimes& times : threads) {
    micros.insert(micros.end(), times.micros.begin(), times.micros.end());
    cpu_micros.insert(cpu_micros.end(), times.cpu_micros.begin(), times.cpu_micros.end());
    found += times.found;
    refused += times.refused;
  }
  std::sort(micros.begin(), micros.end());
  std::sort(cpu_micros.begin(), cpu_micros.end());
  boost::json::object out;
  out["threads"] = threads.size();
  out["edits"] = micros.size();
  out["found"] = found;
  out["refused"] = refused;
  out["p50_ms"] = Round(Percentile(micros, 50) / 1000, 3);
  out["p99_ms"] = Round(Percentile(micros, 99) / 1000, 3);
  out["max_ms"] = Round(micros.empty() ? 0 : micros.back() / 1000, 3);
  out["cpu_p50_ms"] = Round(Percentile(cpu_micros, 50) / 1000, 3);
  out["cpu_p99_ms"] = Round(Percentile(cpu_micros, 99) / 1000, 3);
  return out;
}

// Edits published as the server publishes them, save → visible: `listings` stored in a fresh
// SQLite file (in `work`, else a temporary directory), the snapshot published from it as at
// start-up (SnapshotPublisher::Republish), then 1,000 edits of random listings one after another
// from one thread, then 500 from each of 2 threads at once, each thread over a connection of its
// own (TimeEdits). Rebuilds run on the publisher's thread, over a connection of its own, as they
// come due (every kRebuildAfter patched listings).
boost::json::object EditPublish(const std::vector<Listing>& listings, const std::string& work,
                                std::uint64_t seed) {
  std::filesystem::path dir = work;
  const bool temporary = work.empty();
  if (temporary) {
    std::string pattern = (std::filesystem::temp_directory_path() / "rn-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) Die("edit_publish: mkdtemp failed");
    dir = pattern;
  }
  const std::filesystem::path path = dir / "edit-publish.db";
  auto start = SteadyClock::now();
  std::unique_ptr<rn::storage::Database> database = OpenFreshStore(path);
  constexpr std::size_t kBatch = 5000;
  for (std::size_t first = 0; first < listings.size(); first += kBatch) {
    rn::directory::ListingWrites writes;
    writes.creates.assign(
        listings.begin() + static_cast<std::ptrdiff_t>(first),
        listings.begin() + static_cast<std::ptrdiff_t>(std::min(listings.size(), first + kBatch)));
    const rn::Status stored =
        database->listings().Apply(writes, "import:bench", rn::SystemClock().Now());
    if (!stored.ok()) Die("edit_publish: store listings: " + stored.message());
  }
  const double store_seconds = SecondsSince(start);
  std::cerr << "edit_publish: " << listings.size() << " listings stored in " << store_seconds
            << " s\n";

  boost::json::object out;
  {
    rn::directory::Directory directory;
    std::unique_ptr<rn::storage::Database> rebuild_database;  // the rebuild thread's
    rn::directory::SnapshotPublisher publisher(
        directory, [&]() -> rn::Result<rn::directory::ListingStore*> {
          if (!rebuild_database) {
            auto opened = rn::storage::Database::Open(path.string());
            if (!opened.ok()) return opened.status();
            rebuild_database = std::move(*opened);
          }
          return &rebuild_database->listings();
        });
    start = SteadyClock::now();
    const auto published = publisher.Republish(database->listings());
    if (!published.ok()) Die("edit_publish: Republish: " + published.status().message());
    out["listings"] = *published;
    out["store_ms"] = Round(store_seconds * 1000, 1);
    out["republish_ms"] = Round(SecondsSince(start) * 1000, 1);
    out["rebuild_after"] = rn::directory::kRebuildAfter;

    std::vector<std::string> ids;
    for (const Listing& listing : listings) ids.push_back(listing.id);
    out["sequential"] =
        EditTimesJson({TimeEdits(*database, publisher, ids, 1000, seed ^ 0xed17, 'a')});
    if (!publisher.WaitForRebuild().ok()) Die("edit_publish: a rebuild failed");
    std::cerr << "edit_publish: sequential done, " << publisher.rebuilds() << " rebuilds\n";

    std::vector<EditTimes> concurrent(2);
    std::vector<std::thread> threads;
    for (std::size_t thread = 0; thread < concurrent.size(); ++thread) {
      threads.emplace_back([&, thread] {
        auto own = rn::storage::Database::Open(path.string());
        if (!own.ok()) Die("edit_publish: open: " + own.status().message());
        concurrent[thread] = TimeEdits(**own, publisher, ids, 500, seed ^ (0xed18 + thread),
                                       static_cast<char>('b' + thread));
      });
    }
    for (std::thread& thread : threads) thread.join();
    if (!publisher.WaitForRebuild().ok()) Die("edit_publish: a rebuild failed");
    out["concurrent"] = EditTimesJson(concurrent);
    out["rebuilds"] = publisher.rebuilds();

    // One more rebuild with nothing else running: what each of the rebuilds above cost.
    start = SteadyClock::now();
    if (!publisher.Rebuild().ok()) Die("edit_publish: Rebuild failed");
    out["background_rebuild_ms"] = Round(SecondsSince(start) * 1000, 1);
  }
  database.reset();
  if (temporary) {
    std::error_code ignored;
    std::filesystem::remove_all(dir, ignored);
  }
  return out;
}

int RunSearch(const Args& args) {
  std::vector<Listing> listings = RealListings(args);
  const std::size_t real_rows = listings.size();
  const std::size_t synthetic_count = args.total > real_rows ? args.total - real_rows : 0;
  std::cerr << "search: " << real_rows << " real listings + " << synthetic_count << " synthetic\n";

  // Synthetic listings go through the feed format too, so the index holds exactly what an import
  // of the written feed stores.
  auto start = SteadyClock::now();
  const std::vector<Listing> generated = rn::bench::GenerateListings(synthetic_count, args.seed);
  const double generate_seconds = SecondsSince(start);
  start = SteadyClock::now();
  const std::string feed = rn::interop::meeting_guide::ExportFeed(generated);
  const double export_seconds = SecondsSince(start);
  if (!args.synthetic_out.empty()) WriteFileOrDie(args.synthetic_out, feed);
  start = SteadyClock::now();
  auto reparsed = ParseOrDie(feed, {"synthetic feed", rn::bench::kSyntheticSource, ""});
  const double parse_seconds = SecondsSince(start);
  // The generator promises ParseFeed(ExportFeed(x)) == x; say so loudly when it does not hold.
  std::size_t roundtrip_mismatches = reparsed.rejections.size();
  {
    std::unordered_map<std::string_view, const Listing*> by_id;
    for (const Listing& listing : generated) by_id.emplace(listing.id, &listing);
    bool shown = false;
    for (const Listing& listing : reparsed.listings) {
      auto it = by_id.find(listing.id);
      if (it != by_id.end() && *it->second == listing) continue;
      ++roundtrip_mismatches;
      if (!shown && it != by_id.end()) {
        shown = true;
        std::cerr << "search: warning: generated "
                  << rn::directory::ListingToJsonString(*it->second) << "\n  read back "
                  << rn::directory::ListingToJsonString(listing) << "\n";
      }
    }
  }
  for (std::size_t i = 0; i < reparsed.rejections.size() && i < 3; ++i) {
    std::cerr << "search: warning: synthetic row " << reparsed.rejections[i].index
              << " rejected: " << reparsed.rejections[i].reason << "\n";
  }
  if (roundtrip_mismatches > 0) {
    std::cerr << "search: warning: " << roundtrip_mismatches
              << " synthetic listings rejected or changed by ExportFeed → ParseFeed\n";
  }
  for (Listing& listing : reparsed.listings) listings.push_back(std::move(listing));

  // Index build: best of three, the last one is kept.
  double build_best = 1e9;
  std::unique_ptr<rn::directory::SearchIndex> index;
  for (int run = 0; run < 3; ++run) {
    index.reset();
    start = SteadyClock::now();
    index = std::make_unique<rn::directory::SearchIndex>(listings);
    build_best = std::min(build_best, SecondsSince(start));
  }
  std::cerr << "search: index of " << index->size() << " built in " << build_best * 1000 << " ms\n";

  const QueryMaker maker(listings);
  using rn::directory::Attendance;
  using rn::directory::SearchQuery;
  const std::vector<std::string> kTextQueries = {
      "serenity", "costa mesa", "grupo", "hall 12", "amarillo",   "sausalito", "new york",
      "denver",   "step",       "women", "newport", "fellowship", "sintetico", "pasadena"};
  const std::size_t q = args.queries;
  std::vector<Shape> shapes = {
      {"nearest25_starts_within_2h",
       "25 nearest in-person meetings starting within 2 hours, types=O, point near a listing, "
       "random instant in a week",
       q,
       [&](Random& random) {
         SearchQuery query;
         const auto [lat, lng] = maker.NearListing(random);
         query.latitude = lat;
         query.longitude = lng;
         query.at = QueryMaker::RandomInstant(random);
         query.starts_within_minutes = 120;
         query.types = {"O"};
         query.attendance = {Attendance::kInPerson};
         query.limit = 25;
         return query;
       }},
      {"radius_10km", "25 nearest within 10 km, no other filter", std::max<std::size_t>(1, q / 4),
       [&](Random& random) {
         SearchQuery query;
         const auto [lat, lng] = maker.NearListing(random);
         query.latitude = lat;
         query.longitude = lng;
         query.radius_km = 10;
         query.at = QueryMaker::RandomInstant(random);
         query.limit = 25;
         return query;
       }},
      {"text_q", "q=<one of a few place/group words>, default sort (next start), limit 50",
       std::max<std::size_t>(1, q / 4),
       [&](Random& random) {
         SearchQuery query;
         query.text = kTextQueries[random.Next() % kTextQueries.size()];
         query.at = QueryMaker::RandomInstant(random);
         return query;
       }},
      {"nearest25_no_radius",
       "25 nearest in-person meetings with types=O, no time filter and no radius (every listing is "
       "a candidate)",
       std::max<std::size_t>(1, q / 20),
       [&](Random& random) {
         SearchQuery query;
         const auto [lat, lng] = maker.NearListing(random);
         query.latitude = lat;
         query.longitude = lng;
         query.at = QueryMaker::RandomInstant(random);
         query.types = {"O"};
         query.attendance = {Attendance::kInPerson};
         query.limit = 25;
         return query;
       }},
  };

  shapes.push_back(
      {"pinned_http_query",
       "the query bench/run sends over HTTP (downtown Los Angeles, Tuesday 18:00 local), repeated",
       std::max<std::size_t>(1, q / 20), [](Random&) {
         SearchQuery query;
         query.latitude = 34.0522;
         query.longitude = -118.2437;
         query.at = rn::Instant(std::chrono::seconds(kHttpQueryAtSeconds));
         query.starts_within_minutes = 120;
         query.types = {"O"};
         query.attendance = {Attendance::kInPerson};
         query.limit = 25;
         return query;
       }});

  // `--only text_q:WORD` runs one of them alone (for profiling).
  const bool one_word = args.only.starts_with("text_q:");
  if (args.only == "text_q_words" || one_word) {
    for (const std::string& word : kTextQueries) {
      if (one_word && args.only != "text_q:" + word) continue;
      shapes.push_back({"text_q:" + word, "text_q with q=" + word, std::max<std::size_t>(1, q / 20),
                        [word](Random& random) {
                          SearchQuery query;
                          query.text = word;
                          query.at = QueryMaker::RandomInstant(random);
                          return query;
                        }});
    }
  }

  boost::json::object shape_results;
  for (const Shape& shape : shapes) {
    if (!args.only.empty() && args.only != shape.name &&
        !(args.only == "text_q_words" && shape.name.starts_with("text_q:"))) {
      continue;
    }
    shape_results[shape.name] = RunShape(*index, shape);
  }

  boost::json::object out;
  out["listings"] = listings.size();
  out["real_listings"] = real_rows;
  out["synthetic_listings"] = synthetic_count;
  out["synthetic_seed"] = args.seed;
  out["synthetic_roundtrip_mismatches"] = roundtrip_mismatches;
  out["synthetic_generate_ms"] = Round(generate_seconds * 1000, 1);
  out["synthetic_export_ms"] = Round(export_seconds * 1000, 1);
  out["synthetic_parse_ms"] = Round(parse_seconds * 1000, 1);
  out["synthetic_parse_listings_per_s"] =
      Whole(parse_seconds > 0 ? static_cast<double>(synthetic_count) / parse_seconds : 0);
  out["index_build_ms"] = Round(build_best * 1000, 1);
  out["shapes"] = std::move(shape_results);
  if (args.only.empty() || args.only == "edit_publish") {
    index.reset();
    out["edit_publish"] = EditPublish(listings, args.work, args.seed);
  }
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// import

struct ImportTiming {
  double parse_seconds = 1e9;
  double apply_seconds = 1e9;
  double total_seconds = 1e9;
  std::string summary;
};

boost::json::object TimingJson(const ImportTiming& timing, std::size_t rows) {
  boost::json::object out;
  out["parse_ms"] = Round(timing.parse_seconds * 1000, 2);
  out["apply_ms"] = Round(timing.apply_seconds * 1000, 2);
  out["total_ms"] = Round(timing.total_seconds * 1000, 2);
  out["rows_per_s"] =
      Whole(timing.total_seconds > 0 ? static_cast<double>(rows) / timing.total_seconds : 0);
  out["summary"] = timing.summary;
  return out;
}

// Parses `json` and applies it to `store`; keeps the fastest of the runs in `best`.
void TimeOneImport(rn::storage::Database& database, const std::string& json, const FeedSpec& feed,
                   ImportTiming* best) {
  const auto start = SteadyClock::now();
  auto parsed = ParseOrDie(json, feed);
  const double parse_seconds = SecondsSince(start);
  const auto apply_start = SteadyClock::now();
  rn::directory::Stores stores = StoresOf(database);
  auto summary = rn::directory::ApplyImport(stores, feed.source, parsed.listings,
                                            static_cast<int>(parsed.rejections.size()),
                                            rn::SystemClock().Now());
  const double apply_seconds = SecondsSince(apply_start);
  const double total = SecondsSince(start);
  if (!summary.ok()) Die(feed.path + ": ApplyImport: " + summary.status().message());
  if (total < best->total_seconds) {
    best->parse_seconds = parse_seconds;
    best->apply_seconds = apply_seconds;
    best->total_seconds = total;
    std::ostringstream line;
    line << "imported=" << summary->imported << " updated=" << summary->updated
         << " unchanged=" << summary->unchanged << " removed=" << summary->removed
         << " rejected=" << summary->rejected;
    best->summary = line.str();
  }
}

int RunImport(const Args& args) {
  if (args.work.empty()) Usage("import needs --work DIR");
  std::vector<FeedSpec> feeds = args.feeds;
  if (!args.synthetic.empty()) feeds.push_back({args.synthetic, rn::bench::kSyntheticSource, ""});
  boost::json::object per_feed;
  std::size_t rows_all = 0;
  double fresh_all = 0;
  double reimport_all = 0;
  for (const FeedSpec& feed : feeds) {
    const std::string json = ReadFileOrDie(feed.path);
    // Rows are the feed's array elements (the export writes a listing with slots at different times
    // as several rows), so rows/s means the same here as for the CLI.
    std::size_t rows = 0;
    std::size_t listings = 0;
    {
      boost::system::error_code error;
      const boost::json::value document = boost::json::parse(json, error);
      if (error || !document.is_array()) Die(feed.path + ": not a JSON array");
      rows = document.as_array().size();
      listings = ParseOrDie(json, feed).listings.size();
    }
    // The synthetic feed is big: one run is enough for a steady figure.
    const std::size_t runs = feed.source == rn::bench::kSyntheticSource ? 1 : args.runs;
    ImportTiming fresh;
    ImportTiming reimport;
    for (std::size_t run = 0; run < runs; ++run) {
      auto store =
          OpenFreshStore(std::filesystem::path(args.work) / ("inprocess-" + feed.source + ".db"));
      TimeOneImport(*store, json, feed, &fresh);
      TimeOneImport(*store, json, feed, &reimport);
    }
    boost::json::object entry;
    entry["rows"] = rows;
    entry["listings"] = listings;
    entry["runs"] = runs;
    entry["fresh"] = TimingJson(fresh, rows);
    entry["reimport"] = TimingJson(reimport, rows);
    per_feed[feed.source] = std::move(entry);
    std::cerr << "import (in-process): " << feed.source << " " << rows << " rows: fresh "
              << fresh.total_seconds * 1000 << " ms, re-import " << reimport.total_seconds * 1000
              << " ms\n";
    if (feed.source != rn::bench::kSyntheticSource) {
      rows_all += rows;
      fresh_all += fresh.total_seconds;
      reimport_all += reimport.total_seconds;
    }
  }
  boost::json::object out;
  out["feeds"] = std::move(per_feed);
  out["real_rows"] = rows_all;
  out["real_fresh_rows_per_s"] =
      Whole(fresh_all > 0 ? static_cast<double>(rows_all) / fresh_all : 0);
  out["real_reimport_rows_per_s"] =
      Whole(reimport_all > 0 ? static_cast<double>(rows_all) / reimport_all : 0);
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// finder

// The finder page (GET /) as the server runs it: parse, search, render and compress (brotli, what
// Chromium gets), for a mix of what people ask, over the real feeds plus synthetic listings up to
// --total. Reports the server's wall time per request, with and without the compression, and the
// size of each response, raw and compressed as browsers accept it.
int RunFinderPage(const Args& args) {
  std::vector<Listing> listings = RealListings(args);
  if (args.total > listings.size()) {
    auto generated = rn::bench::GenerateListings(args.total - listings.size(), args.seed);
    for (Listing& listing : generated) listings.push_back(std::move(listing));
  }
  listings.resize(std::min(listings.size(), args.total));
  rn::directory::Directory directory;
  directory.Publish(std::make_shared<const rn::directory::SearchIndex>(listings));
  const std::size_t listing_count = listings.size();
  listings.clear();
  listings.shrink_to_fit();

  // Monday 18:00 in Los Angeles: evening, the busiest hours.
  const rn::FixedClock clock(*rn::directory::ParseRfc3339("2026-11-23T18:00:00-08:00"));
  rn::web::PublicPages pages(directory, clock,
                             [](rn::directory::CorrectionRequest*) { return rn::Status::Ok(); });
  std::vector<std::string> queries = {
      "",
      "where=San+Rafael",
      "where=94901&day=any",
      "where=New+York",
      "where=New+York&time=soon",
      "where=Los+Angeles&type=O&type=W&day=any",
      "where=Chicago&approach=aa&time=evening&day=any",
      "time=soon",
      "online=1&language=es",
      "day=any&page=3",
      "where=Amarillo&lang=es",
      "where=Orange+County&mode=hybrid&day=any",
  };
  if (!args.only.empty()) queries = {args.only == "(default)" ? "" : args.only};  // for profiling
  std::vector<rn::http::Request> requests(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q) {
    requests[q].method = "GET";
    requests[q].path = "/";
    requests[q].query = queries[q];
  }
  std::vector<double> micros;
  micros.reserve(args.queries);
  std::vector<std::size_t> raw(queries.size()), gzip(queries.size()), brotli(queries.size());
  for (std::size_t q = 0; q < queries.size(); ++q) {
    const rn::http::Response response = pages.Finder(requests[q]);
    if (response.status != 200)
      Die("finder " + queries[q] + ": status " + std::to_string(response.status));
    raw[q] = response.body.size();
    gzip[q] = rn::http::Compress(rn::http::ContentEncoding::kGzip, response.body).size();
    brotli[q] = rn::http::Compress(rn::http::ContentEncoding::kBrotli, response.body).size();
  }
  std::vector<double> handler_micros;
  handler_micros.reserve(args.queries);
  std::vector<std::vector<double>> per_query_micros(queries.size());
  std::size_t checksum = 0;
  for (std::size_t i = 0; i < args.queries; ++i) {
    const auto start = SteadyClock::now();
    rn::http::Response response = pages.Finder(requests[i % queries.size()]);
    handler_micros.push_back(SecondsSince(start) * 1e6);
    rn::http::CompressResponse(rn::http::ContentEncoding::kBrotli, response);
    micros.push_back(SecondsSince(start) * 1e6);
    per_query_micros[i % queries.size()].push_back(micros.back());
    checksum += response.body.size();
  }
  std::sort(micros.begin(), micros.end());
  std::sort(handler_micros.begin(), handler_micros.end());
  for (auto& samples : per_query_micros) std::sort(samples.begin(), samples.end());
  boost::json::object out;
  out["listings"] = listing_count;
  out["requests"] = micros.size();
  out["queries"] = queries.size();
  out["server_p50_us"] = Round(Percentile(micros, 50), 1);
  out["server_p99_us"] = Round(Percentile(micros, 99), 1);
  out["server_max_us"] = Round(micros.back(), 1);
  out["handler_p50_us"] = Round(Percentile(handler_micros, 50), 1);
  out["handler_p99_us"] = Round(Percentile(handler_micros, 99), 1);
  out["html_bytes_max"] = *std::max_element(raw.begin(), raw.end());
  out["gzip_bytes_max"] = *std::max_element(gzip.begin(), gzip.end());
  out["brotli_bytes_max"] = *std::max_element(brotli.begin(), brotli.end());
  boost::json::object per_query;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    per_query[queries[q].empty() ? "(default)" : queries[q]] =
        boost::json::object{{"html_bytes", raw[q]},
                            {"gzip_bytes", gzip[q]},
                            {"brotli_bytes", brotli[q]},
                            {"server_p50_us", Round(Percentile(per_query_micros[q], 50), 1)},
                            {"server_p99_us", Round(Percentile(per_query_micros[q], 99), 1)}};
  }
  out["per_query"] = std::move(per_query);
  out["checksum"] = checksum;
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// synthetic

int RunSynthetic(const Args& args) {
  if (args.output.empty()) Usage("synthetic needs --output FILE");
  const auto listings = rn::bench::GenerateListings(args.count, args.seed);
  WriteFileOrDie(args.output, rn::interop::meeting_guide::ExportFeed(listings));
  boost::json::object out;
  out["listings"] = listings.size();
  out["output"] = args.output;
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

// ---------------------------------------------------------------------------------------------
// casework-seed

// The private-note key the CLI made beside the database (`<database>-notes.key`, 32 raw bytes;
// app/notes_key.cpp), so that `serve` opens the notes sealed here.
rn::identity::SecretBox NotesBoxOrDie(const std::string& db_path) {
  const std::string bytes = ReadFileOrDie(db_path + "-notes.key");
  auto key = rn::identity::SecretKey::FromBytes(bytes);
  if (!key.ok()) Die(db_path + "-notes.key: " + key.status().message());
  return rn::identity::SecretBox(std::move(*key));
}

int RunCaseworkSeed(const Args& args) {
  if (args.db.empty() || args.site.empty() || args.program.empty() || args.coaches.empty()) {
    Usage("casework-seed needs --db, --site, --program and --coaches");
  }
  auto opened = rn::storage::Database::Open(args.db);
  if (!opened.ok()) Die("open " + args.db + ": " + opened.status().message());
  rn::storage::Database& db = **opened;
  const rn::identity::SecretBox notes = NotesBoxOrDie(args.db);
  rn::casework::Stores stores{db.programs(),
                              db.referrals(),
                              db.participants(),
                              db.contacts(),
                              db.consents(),
                              notes,
                              db.accounts(),
                              db.audit(),
                              db.unit_of_work(),
                              db.outbox(),
                              rn::casework::DefaultPagingSettings()};
  rn::bench::CaseworkSeedOptions options;
  options.site_id = args.site;
  options.program_id = args.program;
  options.coaches = args.coaches;
  options.participants = args.participants;
  options.contacts = args.contacts;
  options.active_share = args.active_share;
  options.batch = args.batch;
  options.seed = args.seed;
  options.now = rn::SystemClock().Now();
  auto seeded = rn::bench::SeedCasework(stores, options);
  if (!seeded.ok())
    Die("casework-seed: " + seeded.status().message() + " (" + seeded.status().field() + ")");
  boost::json::object caseloads;
  for (const auto& [login, size] : seeded->caseloads) caseloads[login] = size;
  boost::json::object out{
      {"participants", seeded->participants},
      {"active_participants", seeded->active_participants},
      {"discharged", seeded->discharged},
      {"contacts", seeded->contacts},
      {"private_notes", seeded->private_notes},
      {"batches", seeded->batches},
      {"batch_participants", options.batch},
      {"seconds", Round(seeded->seconds, 2)},
      {"use_cases_per_s",
       Whole(static_cast<double>(seeded->participants + seeded->contacts + seeded->discharged) /
             seeded->seconds)},
      {"active_by_coach", std::move(caseloads)}};
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const Args args = ParseArgs(argc, argv);
  // The library logs at info to stdout; stdout carries the results here.
  spdlog::set_level(spdlog::level::warn);
  if (args.command == "search") {
    if (args.feeds.empty()) Usage("search needs at least one --feed");
    return RunSearch(args);
  }
  if (args.command == "import") {
    if (args.feeds.empty() && args.synthetic.empty()) Usage("import needs --feed or --synthetic");
    return RunImport(args);
  }
  if (args.command == "synthetic") return RunSynthetic(args);
  if (args.command == "finder") return RunFinderPage(args);
  if (args.command == "casework-seed") return RunCaseworkSeed(args);
  if (args.command == "services") {
    if (args.work.empty()) Usage("services needs --work DIR");
    return rn::bench::RunServicesBench(args.total, args.seed, args.queries, args.work);
  }
  Usage("unknown command " + args.command);
}
