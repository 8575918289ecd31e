#include "api/directory_api.h"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>

#include "api/errors.h"
#include "api/json_body.h"
#include "api/meetings_query.h"
#include "api/query_params.h"
#include "directory/vocabulary.h"
#include "interop/ical/ical.h"
#include "interop/meeting_guide/meeting_guide.h"

namespace rn::api {
namespace {

constexpr std::string_view kIcsSuffix = ".ics";

void AppendInstant(std::string_view key, const std::optional<Instant>& instant,
                   const date::time_zone* zone, std::string* out) {
  out->append(",\"").append(key).append("\":");
  if (!instant || zone == nullptr) {
    out->append("null");
    return;
  }
  out->push_back('"');
  out->append(directory::FormatRfc3339(*instant, zone));
  out->push_back('"');
}

}  // namespace

void AppendItem(const directory::SearchIndex& index, const directory::SearchHit& hit,
                const date::time_zone* viewer_zone, std::string* out) {
  const std::string& json = index.Json(hit.index);
  out->append(json, 0, json.size() - 1);  // without the closing brace
  const date::time_zone* zone = viewer_zone ? viewer_zone : index.Zone(hit.index);
  AppendInstant("next_start", hit.next ? std::optional(hit.next->start) : std::nullopt, zone, out);
  AppendInstant("next_end", hit.next ? std::optional(hit.next->end) : std::nullopt, zone, out);
  out->append(hit.in_progress ? ",\"in_progress\":true" : ",\"in_progress\":false");
  if (hit.distance_km) {
    char buffer[32];
    const auto written = std::to_chars(buffer, buffer + sizeof buffer, *hit.distance_km,
                                       std::chars_format::fixed, 6);
    out->append(",\"distance_km\":").append(buffer, written.ptr);
  }
  out->push_back('}');
}

DirectoryApi::DirectoryApi(const directory::Directory& directory, const Clock& clock)
    : directory_(directory), clock_(clock) {}

void DirectoryApi::AddRoutes(http::Router& router) {
  // The directory's read-only data, readable by pages on any site (TSML UI embeds, finders):
  // AddPublicRead declares the CORS property (http/cors.h).
  router.AddPublicRead("/api/v1/meetings",
                       [this](const http::Request& request, const http::PathParams&) {
                         return SearchMeetings(request);
                       });
  router.AddPublicRead("/api/v1/meetings/{id}",  // also "/api/v1/meetings/{id}.ics"
                       [this](const http::Request& request, const http::PathParams& params) {
                         return GetMeeting(request, params.find("id")->second);
                       });
  router.AddPublicRead(
      "/api/v1/types",
      [this](const http::Request& request, const http::PathParams&) { return ListTypes(request); });
  router.AddPublicRead(
      "/feeds/meeting-guide.json",
      [this](const http::Request& request, const http::PathParams&) {
        return MeetingGuideFeed(request);
      },
      http::Execution::kBlocking);
}

http::Response DirectoryApi::SearchMeetings(const http::Request& request) const {
  auto query = ParseMeetingsQuery(request.query, clock_.Now());
  if (!query.ok()) return ProblemResponse(query.status());
  const auto snapshot = directory_.Snapshot();
  const directory::SearchResult result = snapshot->Search(*query);

  std::string body;
  body.reserve(256 + result.hits.size() * 1024);
  body.append("{\"total\":").append(std::to_string(result.total)).append(",\"items\":[");
  for (std::size_t i = 0; i < result.hits.size(); ++i) {
    if (i > 0) body.push_back(',');
    AppendItem(*snapshot, result.hits[i], query->viewer_zone, &body);
  }
  body.append("],\"next_cursor\":");
  const std::size_t next_offset = query->offset + query->limit;
  if (next_offset < result.total) {
    body.append("\"").append(EncodeCursor(next_offset)).append("\"}");
  } else {
    body.append("null}");
  }
  return PublicJsonResponse(std::move(body));
}

http::Response DirectoryApi::GetMeeting(const http::Request& request, std::string_view id) const {
  const bool calendar = id.ends_with(kIcsSuffix);
  if (calendar) id.remove_suffix(kIcsSuffix.size());
  auto view = ParseMeetingViewQuery(request.query, clock_.Now());
  if (!view.ok()) return ProblemResponse(view.status());
  const auto snapshot = directory_.Snapshot();
  const auto index = snapshot->Find(id);
  if (!index) return ProblemResponse(Status::NotFound("no meeting has this id"));

  if (calendar) {
    http::Response response;
    response.content_type = "text/calendar; charset=utf-8";
    response.body = interop::ical::ListingToIcs(snapshot->Get(*index), view->at);
    response.headers.emplace_back("Content-Disposition",
                                  "attachment; filename=\"meeting-" + std::string(id) + ".ics\"");
    return response;
  }
  directory::SearchHit hit;
  hit.index = *index;
  hit.next = snapshot->NextOccurrenceOf(*index, view->at);
  hit.in_progress = hit.next && hit.next->start <= view->at && view->at < hit.next->end;
  std::string body;
  AppendItem(*snapshot, hit, view->viewer_zone, &body);
  return PublicJsonResponse(std::move(body));
}

http::Response DirectoryApi::ListTypes(const http::Request& request) const {
  auto params = QueryParams::Parse(request.query);
  if (!params.ok()) return ProblemResponse(params.status());
  const std::string language = params->Take("lang").value_or("en");
  if (Status unknown = params->RejectUnknown(); !unknown.ok()) return ProblemResponse(unknown);
  const auto& languages = directory::Vocabulary::DisplayLanguages();
  if (std::find(languages.begin(), languages.end(), language) == languages.end()) {
    return ProblemResponse(
        Status::Invalid("lang", "must be one of en, es, fr, ja, nl, pt, sk, sv, th"));
  }
  boost::json::array types;
  for (const directory::TypeInfo& type : directory::Vocabulary::Get().types()) {
    auto name = type.names.find(language);
    if (name == type.names.end()) name = type.names.find("en");
    types.push_back(
        boost::json::object{{"code", type.code},
                            {"name", name == type.names.end() ? type.code : name->second},
                            {"retired", type.retired}});
  }
  return PublicJsonResponse(boost::json::serialize(
      boost::json::object{{"language", language}, {"types", std::move(types)}}));
}

http::Response DirectoryApi::MeetingGuideFeed(const http::Request& request) const {
  auto params = QueryParams::Parse(request.query);
  if (!params.ok()) return ProblemResponse(params.status());
  const std::string source = params->Take("source").value_or("");
  if (Status unknown = params->RejectUnknown(); !unknown.ok()) return ProblemResponse(unknown);

  const auto snapshot = directory_.Snapshot();
  std::shared_ptr<const std::string> body;
  {
    std::lock_guard lock(feed_mutex_);
    if (feed_snapshot_ != snapshot) {
      feed_bodies_.clear();
      feed_snapshot_ = snapshot;
    }
    if (auto cached = feed_bodies_.find(source); cached != feed_bodies_.end()) {
      body = cached->second;
    } else {
      std::vector<directory::Listing> listings;
      listings.reserve(source.empty() ? snapshot->size() : 0);
      for (std::uint32_t index = 0; index < snapshot->size(); ++index) {
        if (source.empty() || snapshot->Source(index) == source) {
          listings.push_back(snapshot->Get(index));
        }
      }
      if (!source.empty() && listings.empty()) {
        return ProblemResponse(Status::NotFound("no listings come from this source"));
      }
      body = std::make_shared<const std::string>(interop::meeting_guide::ExportFeed(listings));
      feed_bodies_.emplace(source, body);
    }
  }
  return PublicJsonResponse(*body);
}

}  // namespace rn::api
