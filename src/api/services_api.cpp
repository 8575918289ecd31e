#include "api/services_api.h"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/errors.h"
#include "api/json_body.h"
#include "api/meetings_query.h"
#include "api/query_params.h"
#include "directory/schedule.h"
#include "resources/categories.h"
#include "resources/hsds_view.h"
#include "resources/json_fields.h"
#include "resources/time_of_day.h"
#include "util/text.h"

namespace rn::api {
namespace {

using resources::RecordKind;
using resources::StringAt;

constexpr std::size_t kMaxTextLength = 200;
constexpr std::size_t kMaxPerPage = 1000;
// The days of hours a service's page shows: today and the six after.
constexpr int kHoursDays = 7;

std::string IsoDate(date::local_days day) { return date::format("%F", day); }

boost::json::value InstantIn(const std::optional<Instant>& instant, const date::time_zone* zone) {
  if (!instant) return nullptr;
  return boost::json::string(zone != nullptr ? directory::FormatRfc3339(*instant, zone)
                                             : FormatUtc(*instant));
}

boost::json::array Strings(const std::vector<std::string>& values) {
  boost::json::array array;
  for (const std::string& value : values) array.emplace_back(value);
  return array;
}

boost::json::value NumberOrNull(const std::optional<double>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

// One service as GET /api/v1/services answers (docs/resources.md, "API"); with `detail`, the
// coming week's hours too.
boost::json::object ServiceJson(const resources::ResourceSnapshot& snapshot,
                                const resources::ServiceHit& hit, Instant at, bool detail) {
  const resources::ServiceEntry& entry = *hit.entry;
  boost::json::object item{
      {"id",
       entry.service_at_location_id.empty() ? entry.service_id : entry.service_at_location_id},
      {"service_id", entry.service_id},
      {"service_at_location_id", entry.service_at_location_id.empty()
                                     ? boost::json::value(nullptr)
                                     : boost::json::value(entry.service_at_location_id)},
      {"organization_id", entry.organization_id},
      {"source", entry.source},
      {"name", entry.name},
      {"organization", entry.organization},
      {"description", entry.description},
      {"status", entry.status},
      {"categories", Strings(entry.categories)},
      {"audiences", Strings(entry.audiences)},
      {"languages", Strings(entry.languages)},
      {"eligibility", entry.eligibility},
      {"fees", entry.fees},
      {"url", entry.url},
      {"email", entry.email},
      {"phones", Strings(entry.phones)},
      {"location",
       {{"id", entry.location_id},
        {"name", entry.location_name},
        {"address", entry.address},
        {"city", entry.city},
        {"state", entry.state},
        {"postal_code", entry.postal_code},
        {"latitude", NumberOrNull(entry.latitude)},
        {"longitude", NumberOrNull(entry.longitude)},
        {"transportation", entry.transportation}}},
      {"timezone", entry.zone != nullptr ? boost::json::value(entry.zone->name())
                                         : boost::json::value(nullptr)},
      {"has_hours", entry.hours.has_value()},
      {"last_verified", entry.last_modified},
  };
  if (hit.state) {
    item["open_now"] = hit.state->open;
    item["next_change"] = InstantIn(hit.state->next_change, entry.zone);
    item["minutes_until"] = hit.state->next_change ? boost::json::value(hit.state->minutes_until)
                                                   : boost::json::value(nullptr);
  } else {
    item["open_now"] = nullptr;
    item["next_change"] = nullptr;
    item["minutes_until"] = nullptr;
  }
  boost::json::array capacities;
  for (const resources::Capacity& capacity : entry.capacities) {
    capacities.push_back(boost::json::object{{"available", capacity.available},
                                             {"maximum", NumberOrNull(capacity.maximum)},
                                             {"unit", capacity.unit},
                                             {"description", capacity.description},
                                             {"updated", InstantIn(capacity.updated, nullptr)},
                                             {"stale", resources::CapacityIsStale(capacity, at)}});
  }
  item["capacity"] = std::move(capacities);
  if (hit.distance_km) item["distance_km"] = std::round(*hit.distance_km * 100) / 100;
  if (detail) {
    boost::json::array days;
    if (entry.hours && entry.zone != nullptr) {
      for (const resources::DayHours& day :
           resources::HoursOfDays(*entry.hours, snapshot.holidays(),
                                  resources::LocalDay(entry.zone, at), kHoursDays)) {
        boost::json::array ranges;
        for (const resources::OpenRange& range : day.ranges) {
          ranges.push_back(boost::json::object{{"opens", resources::FormatHhMm(range.opens)},
                                               {"closes", resources::FormatHhMm(range.closes)}});
        }
        days.push_back(
            boost::json::object{{"date", IsoDate(day.day)},
                                {"kind", day.kind == resources::DayKind::kUsual      ? "usual"
                                         : day.kind == resources::DayKind::kOverride ? "override"
                                                                                     : "holiday"},
                                {"holiday", day.holiday.empty() ? boost::json::value(nullptr)
                                                                : boost::json::value(day.holiday)},
                                {"note", day.note},
                                {"ranges", std::move(ranges)}});
      }
    }
    item["hours"] = std::move(days);
  }
  return item;
}

// The HSDS Page envelope around `contents`, page `page` of `total` items `per_page` a page.
boost::json::object Page(boost::json::array contents, std::size_t total, std::size_t page,
                         std::size_t per_page) {
  const std::size_t pages = total == 0 ? 1 : (total + per_page - 1) / per_page;
  const std::size_t size = contents.size();
  return boost::json::object{{"total_items", total},    {"total_pages", pages},
                             {"page_number", page},     {"size", size},
                             {"first_page", page == 1}, {"last_page", page >= pages},
                             {"empty", size == 0},      {"contents", std::move(contents)}};
}

// "\"x\" is not one of a, b, c": a value none of `known`'s slugs is.
template <typename Known>
std::string NotOneOf(std::string_view value, const Known& known) {
  std::string list;
  for (const auto& each : known) list += (list.empty() ? "" : ", ") + std::string(each.slug);
  return "\"" + std::string(value) + "\" is not one of " + list;
}

bool HasWords(std::string_view folded, const std::vector<std::string>& words) {
  return std::all_of(words.begin(), words.end(), [&](const std::string& word) {
    return folded.find(word) != std::string_view::npos;
  });
}

// Whether the service entry meets the list query's service filters.
bool ServiceMatches(const resources::ResourceSnapshot& snapshot,
                    const resources::ServiceEntry& entry, const HsdsListQuery& query) {
  if (!query.organization_id.empty() && entry.organization_id != query.organization_id) {
    return false;
  }
  if (!query.taxonomy_term_id.empty() &&
      !std::binary_search(entry.term_ids.begin(), entry.term_ids.end(), query.taxonomy_term_id)) {
    return false;
  }
  if (!query.taxonomy_id.empty() &&
      std::none_of(entry.term_ids.begin(), entry.term_ids.end(), [&](const std::string& id) {
        const resources::StoredRecord* term = snapshot.Find(RecordKind::kTaxonomyTerm, id);
        return term != nullptr &&
               StringAt(resources::DocumentOf(*term), "taxonomy_id") == query.taxonomy_id;
      })) {
    return false;
  }
  if (query.modified_after) {
    Result<Instant> modified = directory::ParseRfc3339(entry.last_modified);
    if (!modified.ok() || *modified < *query.modified_after) return false;
  }
  return HasWords(entry.words, query.words);
}

}  // namespace

Result<resources::ServiceQuery> ParseServicesQuery(std::string_view query_string, Instant now) {
  RN_ASSIGN_OR_RETURN(params, QueryParams::Parse(query_string));
  resources::ServiceQuery query;
  query.at = now;
  if (auto raw = params.Take("at")) {
    auto parsed = directory::ParseRfc3339(*raw);
    if (!parsed.ok()) return Status::Invalid("at", parsed.status().message());
    query.at = *parsed;
  }
  RN_ASSIGN_OR_RETURN(lat, params.TakeDouble("lat", -90, 90));
  RN_ASSIGN_OR_RETURN(lng, params.TakeDouble("lng", -180, 180));
  if (lat.has_value() != lng.has_value()) {
    return lat ? Status::Invalid("lat", "needs lng too") : Status::Invalid("lng", "needs lat too");
  }
  query.latitude = lat;
  query.longitude = lng;
  RN_ASSIGN_OR_RETURN(radius, params.TakeDouble("radius_km", 0, 1000));
  if (radius) {
    if (*radius <= 0) return Status::Invalid("radius_km", "must be more than 0 and at most 1000");
    if (!lat) return Status::Invalid("radius_km", "needs lat and lng");
    query.radius_km = radius;
  }
  RN_ASSIGN_OR_RETURN(open_now, params.TakeBool("open_now"));
  query.open_now = open_now.value_or(false);
  RN_ASSIGN_OR_RETURN(categories, params.TakeList("category"));
  for (const std::string& slug : categories) {
    if (resources::FindCategory(slug) == nullptr) {
      return Status::Invalid("category", NotOneOf(slug, resources::kCategories));
    }
    query.categories.push_back(slug);
  }
  if (auto audience = params.Take("audience")) {
    if (resources::FindAudience(*audience) == nullptr) {
      return Status::Invalid("audience", NotOneOf(*audience, resources::kAudiences));
    }
    query.audience = *audience;
  }
  if (auto language = params.Take("language")) {
    if (language->empty() || language->size() > 40) {
      return Status::Invalid("language", "must be a language code such as es or its name");
    }
    query.language = *language;
  }
  if (auto text = params.Take("q")) {
    if (text->size() > kMaxTextLength) return Status::Invalid("q", "is longer than 200 characters");
    query.words = text::Words(*text);
  }
  RN_ASSIGN_OR_RETURN(limit, params.TakeInt("limit", 1, static_cast<int>(kMaxLimit)));
  query.limit = limit ? static_cast<std::size_t>(*limit) : kDefaultLimit;
  if (auto cursor = params.Take("cursor")) {
    auto offset = DecodeCursor(*cursor);
    if (!offset) return Status::Invalid("cursor", "is not a cursor this server gave out");
    query.offset = *offset;
  }
  RN_RETURN_IF_ERROR(params.RejectUnknown());
  return query;
}

Result<HsdsListQuery> ParseHsdsListQuery(std::string_view query_string) {
  RN_ASSIGN_OR_RETURN(params, QueryParams::Parse(query_string));
  HsdsListQuery query;
  RN_ASSIGN_OR_RETURN(page, params.TakeInt("page", 1, 1000000));
  query.page = page ? static_cast<std::size_t>(*page) : 1;
  RN_ASSIGN_OR_RETURN(per_page, params.TakeInt("per_page", 1, static_cast<int>(kMaxPerPage)));
  query.per_page = per_page ? static_cast<std::size_t>(*per_page) : 50;
  if (auto search = params.Take("search")) {
    if (search->size() > kMaxTextLength) {
      return Status::Invalid("search", "is longer than 200 characters");
    }
    query.words = text::Words(*search);
  }
  query.taxonomy_term_id = params.Take("taxonomy_term_id").value_or("");
  query.taxonomy_id = params.Take("taxonomy_id").value_or("");
  query.organization_id = params.Take("organization_id").value_or("");
  query.parent_id = params.Take("parent_id").value_or("");
  if (auto after = params.Take("modified_after")) {
    auto parsed = directory::ParseRfc3339(*after);
    if (!parsed.ok()) return Status::Invalid("modified_after", parsed.status().message());
    query.modified_after = *parsed;
  }
  for (auto [name, flag] : {std::pair<const char*, bool*>{"full", &query.full},
                            {"full_service", &query.full_service},
                            {"minimal", &query.minimal},
                            {"top_only", &query.top_only}}) {
    RN_ASSIGN_OR_RETURN(value, params.TakeBool(name));
    *flag = value.value_or(false);
  }
  if (auto format = params.Take("format"); format && *format != "json") {
    return Status::Invalid("format", "only json is served");
  }
  RN_RETURN_IF_ERROR(params.RejectUnknown());
  return query;
}

ServicesApi::ServicesApi(const resources::ResourceDirectory& resources, const Clock& clock)
    : resources_(resources), clock_(clock) {}

void ServicesApi::AddRoutes(http::Router& router) {
  router.AddPublicRead("/api/v1/services",
                       [this](const http::Request& request, const http::PathParams&) {
                         return SearchServices(request);
                       });
  router.AddPublicRead("/api/v1/services/{id}",
                       [this](const http::Request& request, const http::PathParams& params) {
                         return GetService(request, params.find("id")->second);
                       });
  router.AddPublicRead("/hsds/", [](const http::Request&, const http::PathParams&) {
    return PublicJsonResponse(boost::json::serialize(boost::json::object{
        {"version", "3.1"},
        {"profile", "https://docs.openreferral.org/en/latest/hsds/"},
        {"openapi_url",
         "https://raw.githubusercontent.com/openreferral/specification/3.1/schema/openapi.json"}}));
  });
  const std::pair<const char*, RecordKind> kinds[] = {
      {"services", RecordKind::kService},
      {"organizations", RecordKind::kOrganization},
      {"service_at_locations", RecordKind::kServiceAtLocation},
      {"taxonomies", RecordKind::kTaxonomy},
      {"taxonomy_terms", RecordKind::kTaxonomyTerm}};
  for (const auto& [path, kind] : kinds) {
    router.AddPublicRead("/hsds/" + std::string(path),
                         [this, kind](const http::Request& request, const http::PathParams&) {
                           return HsdsList(request, kind);
                         });
    router.AddPublicRead(
        "/hsds/" + std::string(path) + "/{id}",
        [this, kind](const http::Request& request, const http::PathParams& params) {
          return HsdsGet(request, kind, params.find("id")->second);
        });
  }
}

http::Response ServicesApi::SearchServices(const http::Request& request) const {
  auto query = ParseServicesQuery(request.query, clock_.Now());
  if (!query.ok()) return ProblemResponse(query.status());
  const auto snapshot = resources_.Snapshot();
  const resources::ServiceResults results = snapshot->Search(*query);
  boost::json::array items;
  for (const resources::ServiceHit& hit : results.hits) {
    items.push_back(ServiceJson(*snapshot, hit, query->at, false));
  }
  const std::size_t next = query->offset + query->limit;
  return PublicJsonResponse(boost::json::serialize(boost::json::object{
      {"total", results.total},
      {"items", std::move(items)},
      {"next_cursor", next < results.total ? boost::json::value(EncodeCursor(next))
                                           : boost::json::value(nullptr)}}));
}

http::Response ServicesApi::GetService(const http::Request& request, std::string_view id) const {
  auto params = QueryParams::Parse(request.query);
  if (!params.ok()) return ProblemResponse(params.status());
  Instant at = clock_.Now();
  if (auto raw = params->Take("at")) {
    auto parsed = directory::ParseRfc3339(*raw);
    if (!parsed.ok()) return ProblemResponse(Status::Invalid("at", parsed.status().message()));
    at = *parsed;
  }
  if (Status unknown = params->RejectUnknown(); !unknown.ok()) return ProblemResponse(unknown);
  const auto snapshot = resources_.Snapshot();
  const resources::ServiceEntry* entry = snapshot->FindService(id);
  if (entry == nullptr) return ProblemResponse(Status::NotFound("no service has this id"));
  const resources::ServiceHit hit{entry, std::nullopt, snapshot->StateOf(*entry, at)};
  return PublicJsonResponse(boost::json::serialize(ServiceJson(*snapshot, hit, at, true)));
}

http::Response ServicesApi::HsdsList(const http::Request& request, RecordKind kind) const {
  auto query = ParseHsdsListQuery(request.query);
  if (!query.ok()) return ProblemResponse(query.status());
  const auto snapshot = resources_.Snapshot();
  std::vector<const resources::StoredRecord*> matching;
  for (const resources::StoredRecord* record : snapshot->OfKind(kind)) {
    switch (kind) {
      case RecordKind::kService:
      case RecordKind::kServiceAtLocation: {
        // A service's entry is its first location's; a service at location's its own.
        const resources::ServiceEntry* entry = snapshot->FindService(record->key.id);
        if (entry == nullptr || !ServiceMatches(*snapshot, *entry, *query)) continue;
        break;
      }
      case RecordKind::kTaxonomyTerm: {
        const boost::json::object doc = resources::DocumentOf(*record);
        if (!query->taxonomy_id.empty() && StringAt(doc, "taxonomy_id") != query->taxonomy_id) {
          continue;
        }
        if (!query->parent_id.empty() && StringAt(doc, "parent_id") != query->parent_id) continue;
        if (query->top_only && !StringAt(doc, "parent_id").empty()) continue;
        if (!HasWords(text::Fold(StringAt(doc, "name")), query->words)) continue;
        break;
      }
      case RecordKind::kOrganization:
      case RecordKind::kTaxonomy:
      case RecordKind::kLocation: {
        const boost::json::object doc = resources::DocumentOf(*record);
        if (!HasWords(text::Fold(std::string(StringAt(doc, "name")) + " " +
                                 std::string(StringAt(doc, "description"))),
                      query->words)) {
          continue;
        }
        break;
      }
    }
    matching.push_back(record);
  }
  boost::json::array contents;
  const std::size_t begin = std::min(matching.size(), (query->page - 1) * query->per_page);
  const std::size_t end = std::min(matching.size(), begin + query->per_page);
  for (std::size_t i = begin; i < end; ++i) {
    const resources::StoredRecord& record = *matching[i];
    switch (kind) {
      case RecordKind::kService:
        if (query->minimal) {
          const boost::json::object doc = resources::DocumentOf(record);
          boost::json::object minimal{
              {"id", record.key.id}, {"name", doc.at("name")}, {"status", doc.at("status")}};
          if (const auto* modified = doc.if_contains("last_modified")) {
            minimal["last_modified"] = *modified;
          }
          contents.push_back(std::move(minimal));
        } else {
          contents.push_back(resources::ServiceObject(*snapshot, record, query->full));
        }
        break;
      case RecordKind::kOrganization:
        contents.push_back(
            resources::OrganizationObject(*snapshot, record, query->full, query->full_service));
        break;
      case RecordKind::kServiceAtLocation:
        contents.push_back(resources::ServiceAtLocationObject(*snapshot, record, query->full));
        break;
      case RecordKind::kTaxonomyTerm:
        contents.push_back(resources::TaxonomyTermObject(*snapshot, record));
        break;
      case RecordKind::kTaxonomy:
      case RecordKind::kLocation:
        contents.push_back(resources::DocumentOf(record));
        break;
    }
  }
  return PublicJsonResponse(boost::json::serialize(
      Page(std::move(contents), matching.size(), query->page, query->per_page)));
}

http::Response ServicesApi::HsdsGet(const http::Request& request, RecordKind kind,
                                    std::string_view id) const {
  auto params = QueryParams::Parse(request.query);
  if (!params.ok()) return ProblemResponse(params.status());
  auto full_service = params->TakeBool("full_service");
  if (!full_service.ok()) return ProblemResponse(full_service.status());
  if (Status unknown = params->RejectUnknown(); !unknown.ok()) return ProblemResponse(unknown);
  const auto snapshot = resources_.Snapshot();
  const resources::StoredRecord* record = snapshot->Find(kind, id);
  if (record == nullptr) {
    return ProblemResponse(
        Status::NotFound("no " + std::string(resources::KindName(kind)) + " has this id"));
  }
  boost::json::object body;
  switch (kind) {
    case RecordKind::kService:
      body = resources::ServiceObject(*snapshot, *record, true);
      break;
    case RecordKind::kOrganization:
      body = resources::OrganizationObject(*snapshot, *record, true, full_service->value_or(false));
      break;
    case RecordKind::kServiceAtLocation:
      body = resources::ServiceAtLocationObject(*snapshot, *record, true);
      break;
    case RecordKind::kTaxonomyTerm:
      body = resources::TaxonomyTermObject(*snapshot, *record);
      break;
    case RecordKind::kTaxonomy:
    case RecordKind::kLocation:
      body = resources::DocumentOf(*record);
      break;
  }
  return PublicJsonResponse(boost::json::serialize(body));
}

}  // namespace rn::api
