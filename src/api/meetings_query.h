#pragma once
// GET /api/v1/meetings query string → directory::SearchQuery. Pure: tested without a server.

#include <string>
#include <string_view>

#include "directory/search_index.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::api {

inline constexpr std::size_t kDefaultLimit = 50;
inline constexpr std::size_t kMaxLimit = 500;

// Parses every parameter of the meetings search (README "API"). Unknown parameters, malformed
// values and inconsistent combinations are kInvalidArgument naming the parameter. `now` is used
// when `at` is absent.
Result<directory::SearchQuery> ParseMeetingsQuery(std::string_view query_string, Instant now);

// The opaque cursor for the page starting at `offset`, and its inverse (nullopt when malformed).
std::string EncodeCursor(std::size_t offset);
std::optional<std::size_t> DecodeCursor(std::string_view cursor);

// For GET /api/v1/meetings/{id}: the instant (`at`, default `now`) and viewer zone (`tz`); nothing
// else.
struct MeetingViewParams {
  Instant at;
  const date::time_zone* viewer_zone = nullptr;
};
Result<MeetingViewParams> ParseMeetingViewQuery(std::string_view query_string, Instant now);

}  // namespace rn::api
