#include "web/listing_form.h"

#include <gtest/gtest.h>

#include "directory/listing_edit.h"

namespace rn::web {
namespace {

using directory::Attendance;
using directory::Listing;

http::Form Parse(std::string_view body) {
  auto form = http::Form::Parse(body);
  EXPECT_TRUE(form.ok());
  return form.ok() ? *form : http::Form();
}

constexpr std::string_view kValid =
    "name=Test+Thursday+Group&timezone=America%2FChicago&fellowship=aa&attendance=hybrid"
    "&day=4&start=19%3A30&duration=90&day=&start=&duration="
    "&day=1&start=07%3A00&duration="
    "&address=1+Test+Street&city=Lubbock&state=TX&postal_code=79401&country=US"
    "&latitude=33.5&longitude=-101.85&conference_url=https%3A%2F%2Fmeet.example.org%2Ft"
    "&type=O&type=S&notes=Side+door";

TEST(ListingFormTest, ReadsEveryFieldAndSortsTheSchedule) {
  Listing base;
  base.types = {"XYZ"};  // a code the form does not offer is kept
  auto listing = ApplyListingForm(Parse(kValid), base);
  ASSERT_TRUE(listing.ok()) << listing.status().message();
  EXPECT_EQ(listing->name, "Test Thursday Group");
  EXPECT_EQ(listing->timezone, "America/Chicago");
  EXPECT_EQ(listing->attendance, Attendance::kHybrid);
  ASSERT_EQ(listing->schedule.size(), 2u);
  EXPECT_EQ(listing->schedule[0], (directory::Slot{1, 7 * 60, 60}));
  EXPECT_EQ(listing->schedule[1], (directory::Slot{4, 19 * 60 + 30, 90}));
  EXPECT_EQ(listing->location.formatted_address, "1 Test Street, Lubbock, TX 79401, US");
  EXPECT_EQ(listing->location.latitude, 33.5);
  EXPECT_EQ(listing->types, (std::vector<std::string>{"XYZ", "O", "S"}));
  EXPECT_EQ(listing->languages, (std::vector<std::string>{"es"}));
  EXPECT_EQ(listing->notes, "Side door");
  EXPECT_TRUE(directory::ValidateEditedListing(*listing).ok());
}

TEST(ListingFormTest, BadFieldsAreNamed) {
  const std::string valid(kValid);
  auto field_of = [](std::string body) {
    auto listing = ApplyListingForm(Parse(body), Listing());
    return listing.ok() ? std::string("ok") : listing.status().field();
  };
  EXPECT_EQ(field_of(valid + "&x=1"), "ok");
  EXPECT_EQ(field_of("attendance=inactive"), "attendance");
  EXPECT_EQ(field_of("attendance=in_person&day=9&start=10%3A00"), "day");
  EXPECT_EQ(field_of("attendance=in_person&day=2&start=25%3A00"), "start");
  EXPECT_EQ(field_of("attendance=in_person&day=2&start=10%3A00&duration=0"), "duration");
  EXPECT_EQ(field_of("attendance=in_person&latitude=91&longitude=0"), "latitude");
  EXPECT_EQ(field_of("attendance=in_person&latitude=12"), "longitude");
  EXPECT_EQ(field_of("attendance=in_person&fellowship=nope"), "fellowship");
}

TEST(ListingFormTest, AnImportedListingSavesUnchangedThroughTheForm) {
  // As many feeds give it: a one-line address and full-precision coordinates.
  Listing imported;
  imported.name = "Test Group";
  imported.timezone = "America/Los_Angeles";
  imported.attendance = Attendance::kInPerson;
  imported.location.formatted_address = "612 E 4th St, Santa Ana, CA 92701, USA";
  imported.location.latitude = 33.7458391;
  imported.location.longitude = -117.8626612;
  imported.schedule = {{2, 19 * 60, 60}};
  imported.types = {"O", "D"};
  // Fields the form does not show are kept as they are.
  imported.location.approximate = directory::Approximate::kNo;
  imported.regions = {"Santa Ana"};
  imported.region_keys = {.list = true, .fields = false};
  imported.district = "District 7";
  imported.contributions = {.venmo = "@TestGroup", .square = "", .paypal = "TestGroup"};
  imported.entity.name = "Test Intergroup";
  imported.url = "https://example.invalid/meetings/test";
  imported.feedback_url = "https://example.invalid/feedback";
  imported.source_fields = R"({"location_id":7})";
  const mustache::data data = ListingFormData(imported);
  // The form as a browser sends it back untouched.
  std::string body;
  auto add = [&body](std::string_view key, std::string_view value) {
    body += (body.empty() ? "" : "&") + std::string(key) + "=" + http::EncodeComponent(value);
  };
  for (const char* key : {"name", "timezone", "address", "city", "state", "postal_code", "country",
                          "latitude", "longitude", "notes"}) {
    add(key, data.get(key)->string_value());
  }
  add("attendance", "in_person");
  add("day", "2");
  add("start", "19:00");
  add("duration", "60");
  add("type", "O");
  add("type", "D");
  auto saved = ApplyListingForm(Parse(body), imported);
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  EXPECT_TRUE(directory::ValidateEditedListing(*saved).ok());
  EXPECT_EQ(saved->location, imported.location);
  EXPECT_EQ(*saved, imported);
}

// A feed without formatted_address and approximate (San Francisco's): saved unchanged, the address
// stays assembled and unsaid; a new address is no longer what the source said about the old one.
TEST(ListingFormTest, AnAssembledAddressStaysAssembledAndANewOneIsDerivedAgain) {
  Listing imported;
  imported.name = "Test Group";
  imported.timezone = "America/Los_Angeles";
  imported.attendance = Attendance::kInPerson;
  imported.location.address = "1 Test Street";
  imported.location.city = "San Francisco";
  imported.location.state = "CA";
  imported.location.country = "USA";
  imported.location.formatted_address = "1 Test Street, San Francisco, CA, USA";
  imported.location.formatted_address_assembled = true;
  const std::string same =
      "attendance=in_person&name=Test+Group&timezone=America%2FLos_Angeles&address=1+Test+Street"
      "&city=San+Francisco&state=CA&country=USA";
  auto saved = ApplyListingForm(Parse(same), imported);
  ASSERT_TRUE(saved.ok()) << saved.status().message();
  EXPECT_EQ(saved->location, imported.location);

  imported.location.approximate = directory::Approximate::kYes;
  auto moved = ApplyListingForm(Parse(same + "&postal_code=94110"), imported);
  ASSERT_TRUE(moved.ok());
  EXPECT_EQ(moved->location.approximate, directory::Approximate::kUnknown);
  EXPECT_TRUE(moved->location.formatted_address_assembled);
  EXPECT_FALSE(directory::IsApproximate(moved->location));
}

TEST(ListingFormTest, AClosedListingStaysClosedAndTheFormRoundTrips) {
  Listing closed;
  closed.name = "Closed Group";
  closed.location.address = "1 Test Street";
  directory::CloseTemporarily(&closed);
  auto saved = ApplyListingForm(
      Parse("attendance=in_person&name=Closed+Group&address=1+Test+Street"), closed);
  ASSERT_TRUE(saved.ok());
  EXPECT_TRUE(directory::IsTemporarilyClosed(*saved));
  EXPECT_EQ(saved->attendance, Attendance::kInactive);

  const mustache::data data = ListingFormData(*saved);
  EXPECT_EQ(data.get("name")->string_value(), "Closed Group");
  // Its own (none) plus the blank rows.
  EXPECT_EQ(data.get("schedule")->list_value().size(),
            static_cast<std::size_t>(kBlankScheduleRows));
}

// A textarea's CRLF line ends are stored as "\n"; a NUL (the issue's) is refused naming "notes".
TEST(ListingFormTest, NotesLineEndsAreNormalisedAndControlsRefused) {
  auto with = [](std::string_view field) {  // kValid with its notes replaced by `field`
    std::string body(kValid);
    return body.replace(body.find("notes=Side+door"), 15, field);
  };
  auto listing = ApplyListingForm(Parse(with("notes=one%0D%0Atwo%0Dthree%09four")), Listing());
  ASSERT_TRUE(listing.ok()) << listing.status().message();
  EXPECT_EQ(listing->notes, "one\ntwo\nthree\tfour");
  EXPECT_TRUE(directory::ValidateEditedListing(*listing).ok());

  listing = ApplyListingForm(Parse(with("notes=side%00door")), Listing());
  ASSERT_TRUE(listing.ok()) << listing.status().message();
  const Status refused = directory::ValidateEditedListing(*listing);
  EXPECT_EQ(refused.field(), "notes");
  EXPECT_EQ(refused.message(), "holds a control character (U+0000)");
  listing = ApplyListingForm(Parse(with("notes=x&location_name=Hall%1B%5B2J")), Listing());
  ASSERT_TRUE(listing.ok());
  EXPECT_EQ(directory::ValidateEditedListing(*listing).field(), "location_name");
}

}  // namespace
}  // namespace rn::web
