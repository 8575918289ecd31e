#pragma once
// The BMLT semantic API, served: GetSearchResults, GetFormats, GetServiceBodies and GetServerInfo
// over the directory's search snapshot. Rules: docs/contracts/directory.md ("BMLT semantic API,
// served") and docs/bmlt.md. Pure: no HTTP, no store.
//
// Meetings imported from a BMLT server come back as that server gave them: the importer's
// documents are kept (directory::KeptBmltDocuments) and each such listing is served from its
// original row, field group by field group, as long as the listing's fields of that group still
// equal what the import made of the row. Other listings are mapped, one BMLT meeting per weekly
// slot.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "directory/import_source_store.h"
#include "directory/search_index.h"
#include "util/status.h"

namespace rn::interop::bmlt {

// A decoded query string, in order (a key may repeat: "services[]=1&services[]=2").
using QueryPairs = std::vector<std::pair<std::string, std::string>>;

// A BMLT sign-as-operator id list: positive values include, negative exclude.
struct IdFilter {
  std::vector<std::int64_t> include;
  std::vector<std::int64_t> exclude;
  bool empty() const { return include.empty() && exclude.empty(); }
};

// The GetSearchResults query.
struct SearchParams {
  IdFilter meeting_ids;
  IdFilter weekdays;         // 1 = Sunday … 7 = Saturday
  IdFilter venue_types;      // 1 in person, 2 virtual, 3 hybrid
  IdFilter formats;          // format ids
  bool formats_any = false;  // formats_comparison_operator=OR (default AND: every included id)
  IdFilter services;         // service body ids
  bool recursive = false;    // services include their descendants
  std::optional<double> latitude;  // lat_val and long_val: both or neither
  std::optional<double> longitude;
  std::optional<double> radius_km;       // geo_width (miles, converted) or geo_width_km
  std::optional<int> nearest;            // a negative width -N: the radius holding the N nearest
  bool sort_by_distance = false;         // sort_results_by_distance=1 (adds distance_in_km/_miles)
  std::string search_string;             // SearchString, trimmed; ignored when under 3 characters
  std::optional<int> starts_after;       // minutes after midnight: start_time > this
  std::optional<int> starts_before;      // start_time < this
  std::vector<std::string> data_fields;  // data_field_key: only these fields; empty = all
  std::vector<std::string> sort_keys;    // sort_keys, or a sort_key alias's keys; empty = default
  std::optional<int> page_size;
  int page_num = 1;
  bool used_formats = false;  // get_used_formats=1: {"meetings": […], "formats": […]}
  bool formats_only = false;  // get_formats_only=1: {"formats": […]}
  std::string lang = "en";    // lang_enum: the language of the formats
};

// Reads GetSearchResults' parameters. Parameters it does not use are ignored (clients send their
// own, e.g. jQuery's "_"). A value it cannot understand is kInvalidArgument naming the parameter
// ("weekdays: 9 is not a weekday 1-7 (or -1 to -7 to exclude)"). Never throws; safe on any input.
Result<SearchParams> ParseSearchParams(const QueryPairs& query);

// The GetFormats query.
struct FormatsParams {
  std::string lang = "en";  // lang_enum
  bool show_all = false;    // else only the formats the served meetings use
  IdFilter format_ids;
  std::vector<std::string> key_strings;
};
Result<FormatsParams> ParseFormatsParams(const QueryPairs& query);

// The GetServiceBodies query.
struct ServiceBodiesParams {
  IdFilter services;
  bool recursive = false;  // with services: their descendants too
  bool parents = false;    // with services: their ancestors too
};
Result<ServiceBodiesParams> ParseServiceBodiesParams(const QueryPairs& query);

// The BMLT view of one snapshot: built once per snapshot, then read by any number of threads.
class Catalog final {
 public:
  // Builds the view of `snapshot` with the kept documents of the BMLT sources (`kept`, with each
  // source's import zone and fellowship in `sources`). A kept document that no longer parses
  // leaves that source's listings mapped.
  Catalog(std::shared_ptr<const directory::SearchIndex> snapshot,
          const std::vector<directory::KeptBmltDocuments>& kept,
          const std::vector<directory::ImportSource>& sources, Instant now);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  // The GetSearchResults response (a JSON array, or the object get_used_formats asks for).
  std::string SearchResults(const SearchParams& params) const;
  // The GetFormats response: a JSON array of SemanticFormat.
  std::string Formats(const FormatsParams& params) const;
  // The GetServiceBodies response: a JSON array of SemanticServiceBody.
  std::string ServiceBodies(const ServiceBodiesParams& params) const;
  // The GetServerInfo response: a JSON array of one SemanticServerInfo.
  std::string ServerInfo() const;

  // Number of BMLT meetings (one per listing slot).
  std::size_t size() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// The id GetFormats gives a Meeting Guide type code of ours (for listings not from BMLT):
// 100000 + FNV-1a 32 of the code mod 900000, stable across releases whatever the vocabulary's
// order.
std::int64_t VocabularyFormatId(std::string_view code);

}  // namespace rn::interop::bmlt
