// libFuzzer target: the feed importers must never crash, hang or throw on any bytes.
//
// The whole input goes to the Meeting Guide parser. It is also cut in three at the first two 0x1E
// bytes (ASCII record separator), meetings / formats / service bodies, for the BMLT parser. After a
// successful Meeting Guide parse, the listings are exported and re-imported: that must succeed and
// give them back (the export's contract). BMLT listings are exported and re-imported too, without
// the equality check: BMLT format keys are kept as given, and the Meeting Guide import may
// normalize them ("o" → "O"). Every accepted listing must pass ValidateListing (the store's check,
// with the stored-text rule: a row with a control character is rejected, never stored).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "directory/listing_json.h"
#include "interop/bmlt/bmlt.h"
#include "interop/meeting_guide/meeting_guide.h"

namespace {

constexpr char kSeparator = '\x1E';

rn::interop::FeedOptions Options() {
  rn::interop::FeedOptions options;
  options.source = "fuzz";
  options.default_timezone = "America/New_York";
  return options;
}

// Every listing an importer accepts is one the store takes: ValidateListing, which holds the
// stored-text rule (util/stored_text.h: no control character but tab and line feed).
void CheckStorable(const rn::interop::FeedParse& parse) {
  for (const auto& listing : parse.listings) {
    if (!rn::directory::ValidateListing(listing).ok()) std::abort();
  }
}

void CheckRoundTrip(const rn::interop::FeedParse& parse, bool require_equal) {
  CheckStorable(parse);
  const std::string exported = rn::interop::meeting_guide::ExportFeed(parse.listings);
  const auto again = rn::interop::meeting_guide::ParseFeed(exported, Options());
  if (!again.ok() || !again->rejections.empty()) std::abort();
  if (require_equal && again->listings != parse.listings) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  const auto feed = rn::interop::meeting_guide::ParseFeed(input, Options());
  if (feed.ok()) CheckRoundTrip(*feed, /*require_equal=*/true);

  const std::size_t first = input.find(kSeparator);
  const std::size_t second =
      first == std::string_view::npos ? std::string_view::npos : input.find(kSeparator, first + 1);
  rn::interop::bmlt::BmltDocuments documents;
  documents.meetings = input.substr(0, first);
  if (first != std::string_view::npos) {
    documents.formats = input.substr(
        first + 1, second == std::string_view::npos ? std::string_view::npos : second - first - 1);
  }
  if (second != std::string_view::npos) documents.service_bodies = input.substr(second + 1);
  const auto bmlt = rn::interop::bmlt::ParseBmlt(documents, Options());
  if (bmlt.ok()) CheckRoundTrip(*bmlt, /*require_equal=*/false);
  return 0;
}
