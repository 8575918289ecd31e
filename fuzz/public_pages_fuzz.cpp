// libFuzzer target: the public pages' parsers of outside input — the finder's query string (also
// used by the printable list and the meeting page) and the correction form's body — must never
// crash, hang or throw on any bytes, and must answer with a page, not an error of their own.
//
// The input is cut at the first 0x1E byte (ASCII record separator): the part before is the query
// string of GET /, GET /print and GET /meetings/{id}; the part after is the body of
// POST /meetings/{id}/corrections. The pages search a small directory of three meetings.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "directory/schedule.h"
#include "directory/search_index.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "web/pages.h"

namespace {

constexpr char kSeparator = '\x1E';

constexpr std::string_view kFeed = R"([
  {"name": "Fuzz Open Discussion", "slug": "open", "day": [1, 3], "time": "19:00", "end_time": "20:00",
   "types": ["O", "D", "S"], "address": "1360 Lincoln Ave", "city": "San Rafael", "state": "CA",
   "postal_code": "94901", "latitude": 37.97, "longitude": -122.53},
  {"name": "Fuzz Online", "slug": "online", "day": 2, "time": "07:00", "types": ["C", "W"],
   "conference_url": "https://zoom.us/j/123", "conference_phone": "+1 555 0100"},
  {"name": "Fuzz Hybrid", "slug": "hybrid", "day": 6, "time": "23:30", "end_time": "00:30",
   "types": ["O", "LGBTQ"], "formatted_address": "612 E 4th St, Santa Ana, CA 92701, USA",
   "latitude": 33.74, "longitude": -117.86, "conference_url": "https://meet.example.org/x"}
])";

struct Fixture {
  rn::directory::Directory directory;
  rn::FixedClock clock{*rn::directory::ParseRfc3339("2026-11-24T18:50:00-08:00")};
  rn::web::PublicPages pages{directory, clock, [](rn::directory::CorrectionRequest* request) {
                               request->id = 1;
                               return rn::Status::Ok();
                             }};
  std::string meeting_id;

  Fixture() {
    rn::interop::FeedOptions options;
    options.source = "fuzz";
    options.default_timezone = "America/Los_Angeles";
    auto parsed = rn::interop::meeting_guide::ParseFeed(kFeed, options);
    if (!parsed.ok() || parsed->listings.size() != 3) std::abort();
    meeting_id = parsed->listings.front().id;
    directory.Publish(std::make_shared<const rn::directory::SearchIndex>(parsed->listings));
  }
};

void CheckPage(const rn::http::Response& response) {
  // A page for every input: the form again with an error (400), a 404 page, or a redirect after
  // a correction; never a server error.
  if (response.status >= 500 || (response.body.empty() && response.status != 303)) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture* fixture = new Fixture();
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t separator = input.find(kSeparator);
  const std::string_view query = input.substr(0, separator);
  const std::string_view body =
      separator == std::string_view::npos ? std::string_view() : input.substr(separator + 1);

  rn::http::Request request;
  request.method = "GET";
  request.query = query;
  request.path = "/";
  CheckPage(fixture->pages.Finder(request));
  request.path = "/print";
  CheckPage(fixture->pages.Print(request));
  request.path = "/meetings/" + fixture->meeting_id;
  CheckPage(fixture->pages.Meeting(request, fixture->meeting_id));

  rn::http::Request post;
  post.method = "POST";
  post.path = "/meetings/" + fixture->meeting_id + "/corrections";
  post.body = std::string(body);
  post.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
  CheckPage(fixture->pages.SubmitCorrection(post, fixture->meeting_id));
  return 0;
}
