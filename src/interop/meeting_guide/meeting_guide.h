#pragma once
// The Meeting Guide JSON feed (code4recovery/spec): tolerant import and conforming export.
// Import rules: ../../../docs/contracts/directory.md ("Import: which rows go in").

#include <string>
#include <string_view>
#include <vector>

#include "directory/listing.h"
#include "interop/feed.h"
#include "util/status.h"

namespace rn::interop::meeting_guide {

// Parses a whole feed (a JSON array of rows). A document that is not a JSON array is an error
// (kInvalidArgument); a row that cannot be understood is rejected alone and the rest go in. A row
// whose zone is neither valid itself nor given by options.default_timezone is rejected ("timezone:
// …"). Never throws; safe on any bytes.
Result<FeedParse> ParseFeed(std::string_view json, const FeedOptions& options);

// A conforming feed of `listings` (temporarily closed ones included): one row per listing with
// `slug`, `name`, `day` (array when the listing has several days), `time`, `end_time`, `timezone`,
// `types`, address and conference fields, `latitude`/`longitude`, `attendance_option`, `updated`,
// a `fellowship` extension, and what the source said as it said it: `approximate` and
// `formatted_address` only when stated, regions with the source's keys (none when empty), the
// Seventh Tradition, entity, district, url and feedback keys, and the source's other keys
// (Listing::source_fields). ParseFeed of the output with the same source gives back equal
// listings. docs/contracts/directory.md "Export (Meeting Guide)" lists the normalisations.
std::string ExportFeed(const std::vector<directory::Listing>& listings);

}  // namespace rn::interop::meeting_guide
