#pragma once
// What a feed parser returns: the listings it understood, and each row it rejected with the reason.

#include <string>
#include <vector>

#include "directory/listing.h"

namespace rn::interop {

struct Rejection {
  int index = 0;       // 0-based position of the row in the feed
  std::string slug;    // the row's slug/id as text, empty when it has none
  std::string reason;  // names the field: "day: \"Mon\" is not a weekday number 0-6"
};

struct FeedParse {
  std::vector<directory::Listing> listings;
  std::vector<Rejection> rejections;
};

struct FeedOptions {
  std::string source;            // required: the import source name
  std::string default_timezone;  // IANA zone for rows without a valid own zone; may be empty
  std::string fellowship;        // fellowship code for rows that do not name one; may be empty
};

}  // namespace rn::interop
