#pragma once
// The directory's HTTP resources: search, one meeting (JSON and iCalendar), the type vocabulary and
// the Meeting Guide feed. Handlers are thin: parse, call the snapshot, render.

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "directory/search_index.h"
#include "http/router.h"
#include "util/clock.h"

namespace rn::api {

class DirectoryApi final {
 public:
  // `directory` and `clock` must outlive the routes.
  DirectoryApi(const directory::Directory& directory, const Clock& clock);

  // Adds GET /api/v1/meetings, /api/v1/meetings/{id}[.ics], /api/v1/types,
  // /feeds/meeting-guide.json[?source=NAME].
  void AddRoutes(http::Router& router);

  http::Response SearchMeetings(const http::Request& request) const;
  http::Response GetMeeting(const http::Request& request, std::string_view id) const;
  http::Response ListTypes(const http::Request& request) const;
  // Every listing, temporarily closed ones included (marked as the feed marks them), or with
  // ?source= only that import source's (404 when it has none).
  http::Response MeetingGuideFeed(const http::Request& request) const;

 private:
  const directory::Directory& directory_;
  const Clock& clock_;
  // The feed is rendered once per snapshot and source ("" = every source); only sources that have
  // listings are kept, so the map is bounded by the snapshot.
  mutable std::mutex feed_mutex_;
  mutable std::shared_ptr<const directory::SearchIndex> feed_snapshot_;
  mutable std::map<std::string, std::shared_ptr<const std::string>, std::less<>> feed_bodies_;
};

// Appends one search item: the listing's canonical JSON plus next_start, next_end, in_progress and,
// with a distance, distance_km. Times are shown in `viewer_zone`, or the listing's own zone when
// null.
void AppendItem(const directory::SearchIndex& index, const directory::SearchHit& hit,
                const date::time_zone* viewer_zone, std::string* out);

}  // namespace rn::api
