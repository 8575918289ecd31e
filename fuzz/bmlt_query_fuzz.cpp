// libFuzzer target: the BMLT semantic API's parameter parsers (interop/bmlt/bmlt_export.h) must
// never crash, hang or throw on any query string, and a query they accept must be answerable.
//
// The input is a raw query string. It is decoded as the server decodes it (http::DecodeQuery); the
// pairs go to the GetSearchResults, GetFormats and GetServiceBodies parsers, and whatever they
// accept is run against a small catalog of two BMLT meetings and one mapped listing, whose answer
// must be JSON.

#include <boost/json/parse.hpp>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "http/form.h"
#include "interop/bmlt/bmlt.h"
#include "interop/bmlt/bmlt_export.h"

namespace {

constexpr std::string_view kMeetings = R"([
 {"id_bigint":"1","service_body_bigint":"2","weekday_tinyint":"1","venue_type":"1",
  "start_time":"19:00:00","duration_time":"01:00:00","time_zone":"America/Denver",
  "formats":"O","format_shared_id_list":"1","meeting_name":"Fuzz Group",
  "latitude":"39.5","longitude":"-104.5","location_municipality":"Fuzzville"},
 {"id_bigint":"2","service_body_bigint":"3","weekday_tinyint":"7","venue_type":"2",
  "start_time":"07:30:00","duration_time":"00:00:00","formats":"","meeting_name":"Online Fuzz"}
])";
constexpr std::string_view kFormats =
    R"([{"id":"1","key_string":"O","name_string":"Open","lang":"en","world_id":"OPEN"}])";
constexpr std::string_view kBodies =
    R"([{"id":"1","parent_id":"0","name":"Region"},{"id":"2","parent_id":"1","name":"Area"},
        {"id":"3","parent_id":"1","name":"Other"}])";

const rn::interop::bmlt::Catalog& TheCatalog() {
  static const auto* catalog = [] {
    rn::interop::FeedOptions options{"fuzz-bmlt", "America/New_York", "na"};
    auto parse = rn::interop::bmlt::ParseBmlt({kMeetings, kFormats, kBodies}, options);
    if (!parse.ok()) std::abort();
    std::vector<rn::directory::Listing> listings = parse->listings;
    rn::directory::Listing mapped;
    mapped.source = "fuzz-mg";
    mapped.slug = "mapped";
    mapped.id = rn::directory::MakeListingId(mapped.source, mapped.slug);
    mapped.name = "Mapped Fuzz";
    mapped.timezone = "America/New_York";
    mapped.schedule = {{2, 12 * 60, 60}, {4, 18 * 60, 90}};
    mapped.types = {"O", "D"};
    listings.push_back(mapped);
    return new rn::interop::bmlt::Catalog(
        std::make_shared<const rn::directory::SearchIndex>(listings),
        {{"fuzz-bmlt", std::string(kMeetings), std::string(kFormats), std::string(kBodies)}},
        {{"fuzz-bmlt", "bmlt", "", "America/New_York", "na", 2}}, rn::Instant{});
  }();
  return *catalog;
}

void RequireJson(const std::string& body) {
  std::error_code error;
  boost::json::parse(body, error);
  if (error) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  auto decoded = rn::http::DecodeQuery(input);
  if (!decoded.ok()) return 0;
  const rn::interop::bmlt::Catalog& catalog = TheCatalog();
  if (auto search = rn::interop::bmlt::ParseSearchParams(*decoded); search.ok()) {
    RequireJson(catalog.SearchResults(*search));
  } else if (search.status().field().empty()) {
    std::abort();  // every rejection names its parameter
  }
  if (auto formats = rn::interop::bmlt::ParseFormatsParams(*decoded); formats.ok()) {
    RequireJson(catalog.Formats(*formats));
  }
  if (auto bodies = rn::interop::bmlt::ParseServiceBodiesParams(*decoded); bodies.ok()) {
    RequireJson(catalog.ServiceBodies(*bodies));
  }
  return 0;
}
