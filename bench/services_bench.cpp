#include "services_bench.h"

#include <algorithm>
#include <boost/json.hpp>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "http/compression.h"
#include "interop/hsds/hsds.h"
#include "resources/importing.h"
#include "resources/snapshot.h"
#include "storage/database.h"
#include "synthetic.h"
#include "util/time_zone.h"
#include "web/service_pages.h"

namespace rn::bench {
namespace {

using SteadyClock = std::chrono::steady_clock;

double SecondsSince(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

double Percentile(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100 * sorted.size()));
  return sorted[std::min(sorted.size() - 1, rank == 0 ? 0 : rank - 1)];
}

double Round(double value, int digits) {
  const double scale = std::pow(10, digits);
  return std::round(value * scale) / scale;
}

[[noreturn]] void Die(const std::string& message) {
  std::cerr << "rn_bench services: " << message << "\n";
  std::exit(1);
}

constexpr const char* kCategoryTerms[] = {
    "recoverynet-category-treatment",     "recoverynet-category-moud",
    "recoverynet-category-detox",         "recoverynet-category-recovery-housing",
    "recoverynet-category-peer-support",  "recoverynet-category-harm-reduction",
    "recoverynet-category-mental-health", "recoverynet-category-family",
    "recoverynet-category-food",          "recoverynet-category-shelter",
    "recoverynet-category-medical",       "recoverynet-category-transport",
    "recoverynet-category-basic-needs"};

boost::json::object Schedule(const std::string& id, const char* byday, const char* opens,
                             const char* closes) {
  return {
      {"id", id}, {"freq", "WEEKLY"}, {"byday", byday}, {"opens_at", opens}, {"closes_at", closes}};
}

// The hours of a synthetic service: the patterns community resources keep, in these shares.
boost::json::array Hours(const std::string& id, Random& random) {
  const double pick = random.Uniform();
  if (pick < 0.40) return {Schedule(id + "-h1", "MO,TU,WE,TH,FR", "09:00", "17:00")};
  if (pick < 0.55) {  // split shift
    return {Schedule(id + "-h1", "MO,TU,WE,TH,FR", "08:00", "12:00"),
            Schedule(id + "-h2", "MO,TU,WE,TH,FR", "13:00", "17:00")};
  }
  if (pick < 0.65) return {Schedule(id + "-h1", "MO,TU,WE,TH,FR,SA,SU", "00:00", "00:00")};
  if (pick < 0.78) {  // the seed's drop-in centre, holiday hours and all
    boost::json::object holiday{{"id", id + "-h3"}, {"opens_at", "10:00"}, {"closes_at", "13:00"}};
    holiday["attributes"] = boost::json::array{boost::json::object{
        {"id", id + "-h3a"}, {"link_type", "recoverynet_hours"}, {"value", "holiday_hours"}}};
    return {Schedule(id + "-h1", "TH,FR", "17:00", "23:00"),
            Schedule(id + "-h2", "SA,SU", "10:00", "22:00"), std::move(holiday)};
  }
  if (pick < 0.83) {  // first Monday of the month (an RRULE, expanded with libical)
    return {boost::json::object{{"id", id + "-h1"},
                                {"freq", "MONTHLY"},
                                {"byday", "1MO"},
                                {"dtstart", "2026-01-05"},
                                {"opens_at", "18:00"},
                                {"closes_at", "20:00"}}};
  }
  if (pick < 0.90) return {Schedule(id + "-h1", "MO,WE,FR", "11:30", "13:30")};  // meals
  return {};  // no hours given: "Call for hours"
}

// `total` services at the synthetic listings' places (bench/synthetic.h), one organization per
// ten services, as an HSDS 3.1 list of full service objects.
std::string SyntheticServices(std::size_t total, std::uint64_t seed) {
  const std::vector<directory::Listing> places = GenerateListings(total, seed);
  Random random(seed ^ 0x5e7f1ce5ULL);
  boost::json::array services;
  services.reserve(total);
  for (std::size_t i = 0; i < places.size(); ++i) {
    const directory::Location& place = places[i].location;
    const std::string id = "synthetic-service-" + std::to_string(i + 1);
    const std::string org = "synthetic-org-" + std::to_string(i / 10 + 1);
    const int category = static_cast<int>(random.Next() % std::size(kCategoryTerms));
    boost::json::object service{
        {"id", id},
        {"name", "Synthetic Service " + std::to_string(i + 1)},
        {"status", random.Chance(0.97) ? "active" : "inactive"},
        {"description", "A made-up service for benchmarks."},
        {"organization",
         {{"id", org},
          {"name", "Synthetic Org " + std::to_string(i / 10 + 1)},
          {"description", ""}}},
        {"phones",
         boost::json::array{boost::json::object{
             {"id", id + "-p"}, {"number", "555-010-" + std::to_string(1000 + i % 9000)}}}},
        {"attributes",
         boost::json::array{boost::json::object{{"id", id + "-c"},
                                                {"link_type", "category"},
                                                {"taxonomy_term_id", kCategoryTerms[category]}}}},
    };
    if (random.Chance(0.15)) {
      service["languages"] = boost::json::array{
          boost::json::object{{"id", id + "-l"}, {"name", "Spanish"}, {"code", "es"}}};
    }
    if (random.Chance(0.1)) service["eligibility_description"] = "Women and their children";
    if (std::string_view(kCategoryTerms[category]).ends_with("housing")) {
      service["capacities"] = boost::json::array{
          boost::json::object{{"id", id + "-cap"},
                              {"available", static_cast<double>(random.Between(0, 12))},
                              {"maximum", 12.0},
                              {"updated", "2026-11-23T12:00:00Z"},
                              {"unit", {{"id", "synthetic-unit-beds"}, {"name", "beds"}}}}};
    }
    boost::json::object location{
        {"id", id + "-loc"}, {"location_type", "physical"}, {"name", place.name}};
    if (place.latitude && place.longitude) {
      location["latitude"] = *place.latitude;
      location["longitude"] = *place.longitude;
    }
    location["addresses"] = boost::json::array{boost::json::object{
        {"id", id + "-a"},
        {"address_1", place.address.empty() ? "1 Placeholder Rd" : place.address},
        {"city", place.city},
        {"state_province", place.state},
        {"postal_code", place.postal_code.empty() ? "00000" : place.postal_code},
        {"country", "US"},
        {"address_type", "physical"}}};
    service["service_at_locations"] =
        boost::json::array{boost::json::object{{"id", id + "-at"},
                                               {"service_id", id},
                                               {"location_id", id + "-loc"},
                                               {"location", std::move(location)}}};
    service["schedules"] = Hours(id, random);
    services.push_back(std::move(service));
  }
  return boost::json::serialize(services);
}

struct Shape {
  std::string name;
  std::function<resources::ServiceQuery(Random&)> make;
};

}  // namespace

int RunServicesBench(std::size_t total, std::uint64_t seed, std::size_t queries,
                     const std::string& work) {
  std::filesystem::create_directories(work);
  boost::json::object out;
  const auto generated = SteadyClock::now();
  const std::string json = SyntheticServices(total, seed);
  out["generate_s"] = Round(SecondsSince(generated), 2);
  {
    std::ofstream file(work + "/services.json", std::ios::binary);
    file << json;
    if (!file) Die("cannot write " + work + "/services.json");
  }
  out["json_bytes"] = json.size();

  // The import, in process: read the JSON, then the diff-only import into a fresh SQLite file
  // (every record created), then again (every record unchanged).
  const std::string db = work + "/services.db";
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  auto database = storage::Database::Open(db);
  if (!database.ok()) Die(database.status().message());
  resources::Stores stores{(*database)->resources(), (*database)->audit(),
                           (*database)->unit_of_work()};
  const Instant now = *ParseRfc3339("2026-11-25T12:00:00Z");
  for (const char* pass : {"fresh", "reimport"}) {
    const auto started = SteadyClock::now();
    Result<interop::hsds::Parse> parsed = interop::hsds::ParseJson(json, {"synthetic"});
    if (!parsed.ok()) Die(parsed.status().message());
    const double parse_s = SecondsSince(started);
    const std::size_t records = parsed->records.size();
    Result<resources::ImportSummary> summary =
        resources::ImportRecords(stores, "synthetic", std::move(parsed->records),
                                 static_cast<int>(parsed->rejections.size()), now);
    if (!summary.ok()) Die(summary.status().message());
    const double seconds = SecondsSince(started);
    out[std::string("import_") + pass] =
        boost::json::object{{"records", records},
                            {"rejected", summary->rejected},
                            {"created", summary->created},
                            {"unchanged", summary->unchanged},
                            {"parse_s", Round(parse_s, 3)},
                            {"seconds", Round(seconds, 3)},
                            {"records_per_s", std::llround(records / seconds)},
                            {"services_per_s", std::llround(total / seconds)}};
  }
  if (Status recorded = (*database)->resources().RecordSource(
          {"synthetic", "hsds", "America/New_York", FormatUtc(now)});
      !recorded.ok()) {
    Die(recorded.message());
  }

  // The snapshot, as `serve` loads it, on a Monday evening in New York.
  const Instant at = *ParseRfc3339("2026-11-23T18:30:00-05:00");
  const auto loading = SteadyClock::now();
  auto snapshot = resources::LoadSnapshot((*database)->resources(), at);
  if (!snapshot.ok()) Die(snapshot.status().message());
  out["snapshot_build_s"] = Round(SecondsSince(loading), 2);
  out["services"] = (*snapshot)->entries().size();

  // Search shapes, each from a point near a random service, at a random minute of that week.
  const auto& entries = (*snapshot)->entries();
  auto near = [&](Random& random, resources::ServiceQuery& query) {
    const resources::ServiceEntry* entry = nullptr;
    while (entry == nullptr || !entry->latitude) entry = &entries[random.Next() % entries.size()];
    query.latitude = *entry->latitude + random.Normal() * 0.03;
    query.longitude = *entry->longitude + random.Normal() * 0.03;
    query.radius_km = 16.09;  // the finder's default 10 miles
  };
  auto instant = [&](Random& random) {
    return at + std::chrono::minutes(random.Next() % (7 * 24 * 60));
  };
  const std::vector<Shape> shapes = {
      {"near_category",
       [&](Random& random) {
         resources::ServiceQuery query;
         query.at = instant(random);
         near(random, query);
         query.categories = {"peer_support"};
         query.limit = 20;
         return query;
       }},
      {"near_open_now",
       [&](Random& random) {
         resources::ServiceQuery query;
         query.at = instant(random);
         near(random, query);
         query.open_now = true;
         query.limit = 20;
         return query;
       }},
      {"near_all",
       [&](Random& random) {
         resources::ServiceQuery query;
         query.at = instant(random);
         near(random, query);
         query.limit = 20;
         return query;
       }},
      {"category_everywhere",
       [&](Random& random) {
         resources::ServiceQuery query;
         query.at = instant(random);
         query.categories = {"moud"};
         query.limit = 20;
         return query;
       }},
      {"text_q",
       [&](Random& random) {
         resources::ServiceQuery query;
         query.at = instant(random);
         query.words = {"org", std::to_string(random.Between(1, 9000))};
         query.limit = 20;
         return query;
       }},
  };
  boost::json::object search;
  for (const Shape& shape : shapes) {
    Random random(seed + 7);
    std::vector<double> micros;
    micros.reserve(queries);
    std::size_t hits = 0;
    for (std::size_t i = 0; i < queries; ++i) {
      const resources::ServiceQuery query = shape.make(random);
      const auto started = SteadyClock::now();
      const resources::ServiceResults results = (*snapshot)->Search(query);
      micros.push_back(SecondsSince(started) * 1e6);
      hits += results.total;
    }
    std::sort(micros.begin(), micros.end());
    search[shape.name] = boost::json::object{{"p50_us", Round(Percentile(micros, 50), 1)},
                                             {"p99_us", Round(Percentile(micros, 99), 1)},
                                             {"max_us", Round(micros.back(), 1)},
                                             {"mean_total", Round(double(hits) / queries, 1)}};
  }
  out["search"] = std::move(search);

  // The finder's page: parse, resolve the place, search, render, brotli.
  resources::ResourceDirectory directory;
  directory.Publish(*snapshot);
  const FixedClock clock(at);
  web::ServicePages pages(directory, clock);
  const std::vector<std::string> page_queries = {
      "",
      "where=Philadelphia",
      "where=Philadelphia&category=peer_support",
      "where=Chicago&open_now=1",
      "where=Los+Angeles&category=recovery_housing&audience=families",
      "where=Denver&language=es&lang=es",
      "category=moud",
      "where=Boston&category=food&distance=25&page=2",
  };
  std::vector<http::Request> requests(page_queries.size());
  std::size_t brotli_max = 0;
  for (std::size_t q = 0; q < page_queries.size(); ++q) {
    requests[q].method = "GET";
    requests[q].path = "/services";
    requests[q].query = page_queries[q];
    http::Response response = pages.Finder(requests[q]);
    if (response.status != 200)
      Die("page " + page_queries[q] + ": " + std::to_string(response.status));
    brotli_max =
        std::max(brotli_max, http::Compress(http::ContentEncoding::kBrotli, response.body).size());
  }
  // A service's page too: the first with hours.
  const auto with_hours = std::find_if(entries.begin(), entries.end(),
                                       [](const auto& entry) { return entry.hours.has_value(); });
  const std::string service_id = with_hours->service_at_location_id;
  std::vector<double> micros;
  std::vector<double> service_micros;
  for (std::size_t i = 0; i < queries; ++i) {
    auto started = SteadyClock::now();
    http::Response response = pages.Finder(requests[i % requests.size()]);
    http::CompressResponse(http::ContentEncoding::kBrotli, response);
    micros.push_back(SecondsSince(started) * 1e6);
    if (i % 4 == 0) {
      started = SteadyClock::now();
      http::Response one = pages.Service(requests[0], service_id);
      http::CompressResponse(http::ContentEncoding::kBrotli, one);
      service_micros.push_back(SecondsSince(started) * 1e6);
      brotli_max = std::max(brotli_max, one.body.size());
    }
  }
  std::sort(micros.begin(), micros.end());
  std::sort(service_micros.begin(), service_micros.end());
  out["page"] =
      boost::json::object{{"requests", micros.size()},
                          {"server_p50_us", Round(Percentile(micros, 50), 1)},
                          {"server_p99_us", Round(Percentile(micros, 99), 1)},
                          {"service_page_p99_us", Round(Percentile(service_micros, 99), 1)},
                          {"brotli_bytes_max", brotli_max}};
  std::cout << boost::json::serialize(out) << "\n";
  return 0;
}

}  // namespace rn::bench
