#pragma once
// BMLT semantic API JSON (GetSearchResults, GetFormats, GetServiceBodies) → listings.

#include <string_view>

#include "interop/feed.h"
#include "util/status.h"

namespace rn::interop::bmlt {

struct BmltDocuments {
  std::string_view meetings;        // GetSearchResults JSON
  std::string_view formats;         // GetFormats JSON
  std::string_view service_bodies;  // GetServiceBodies JSON
};

// Parses the three documents. A document that is not a JSON array is an error naming it; a meeting
// that cannot be understood is rejected alone. Unpublished meetings (published "0") are skipped,
// not rejected. options.fellowship defaults to "na" when empty. Never throws; safe on any bytes.
Result<FeedParse> ParseBmlt(const BmltDocuments& documents, const FeedOptions& options);

}  // namespace rn::interop::bmlt
