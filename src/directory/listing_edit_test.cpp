#include "directory/listing_edit.h"

#include <gtest/gtest.h>

namespace rn::directory {
namespace {

Listing Valid() {
  Listing listing;
  listing.id = "0000000000000001";
  listing.source = LocalSource("north");
  listing.slug = "s1";
  listing.name = "Test Thursday Group";
  listing.timezone = "America/Chicago";
  listing.attendance = Attendance::kInPerson;
  listing.location.address = "1 Test Street";
  listing.schedule = {{4, 19 * 60, 60}};
  return listing;
}

TEST(ListingEditTest, AValidListingPasses) {
  EXPECT_TRUE(ValidateEditedListing(Valid()).ok());
  EXPECT_EQ(LocalSource("north"), "local-north");
  EXPECT_TRUE(IsLocalSource("local-north"));
  EXPECT_FALSE(IsLocalSource("nwta"));
}

TEST(ListingEditTest, EachRuleNamesItsField) {
  Listing listing = Valid();
  listing.name.clear();
  EXPECT_EQ(ValidateEditedListing(listing).field(), "name");

  listing = Valid();
  listing.timezone.clear();
  EXPECT_EQ(ValidateEditedListing(listing).field(), "timezone");
  listing.timezone = "Mars/Olympus_Mons";
  EXPECT_EQ(ValidateEditedListing(listing).field(), "timezone");

  listing = Valid();
  listing.location.address.clear();
  EXPECT_EQ(ValidateEditedListing(listing).field(), "address");

  listing = Valid();
  listing.attendance = Attendance::kOnline;
  EXPECT_EQ(ValidateEditedListing(listing).field(), "conference_url");
  listing.conference.phone = "+1 555 0100";
  EXPECT_TRUE(ValidateEditedListing(listing).ok());
  listing.conference.url = "javascript:alert(1)";
  EXPECT_EQ(ValidateEditedListing(listing).field(), "conference_url");

  listing = Valid();
  listing.attendance = Attendance::kHybrid;
  EXPECT_EQ(ValidateEditedListing(listing).field(), "conference_url");
  listing.conference.url = "https://meet.example.org/test";
  EXPECT_TRUE(ValidateEditedListing(listing).ok());

  listing = Valid();
  listing.schedule[0].start_minute = 1440;
  EXPECT_EQ(ValidateEditedListing(listing).field(), "schedule[0].start");
}

TEST(ListingEditTest, CloseAndReopen) {
  Listing listing = Valid();
  CloseTemporarily(&listing);
  EXPECT_TRUE(IsTemporarilyClosed(listing));
  EXPECT_EQ(listing.attendance, Attendance::kInactive);
  CloseTemporarily(&listing);
  EXPECT_EQ(std::count(listing.types.begin(), listing.types.end(), "TC"), 1);
  Reopen(&listing);
  EXPECT_FALSE(IsTemporarilyClosed(listing));
  EXPECT_EQ(listing.attendance, Attendance::kInPerson);

  // A hybrid group whose room is closed still meets online.
  listing.conference.url = "https://meet.example.org/test";
  CloseTemporarily(&listing);
  EXPECT_EQ(listing.attendance, Attendance::kOnline);
  Reopen(&listing);
  EXPECT_EQ(listing.attendance, Attendance::kHybrid);
}

// The NUL in a staff listing's notes: refused naming the form field, as is any control
// character but tab and line feed in the notes and any at all in a one-line field.
TEST(ListingEditTest, ControlCharactersAreRefusedNamingTheFormField) {
  using namespace std::string_literals;
  Listing listing = Valid();
  listing.notes = "Upstairs\n\tRoom 2";
  EXPECT_TRUE(ValidateEditedListing(listing).ok());
  listing.notes = "Upstairs\0Room 2"s;
  Status refused = ValidateEditedListing(listing);
  EXPECT_EQ(refused.field(), "notes");
  EXPECT_EQ(refused.message(), "holds a control character (U+0000)");
  listing.notes = "Upstairs\r\nRoom 2";  // the form normalises line ends before this
  EXPECT_EQ(ValidateEditedListing(listing).field(), "notes");

  listing = Valid();
  listing.name = "Test\tGroup";
  EXPECT_EQ(ValidateEditedListing(listing).field(), "name");
  listing = Valid();
  listing.location.notes = "side door \x1b[2J";
  EXPECT_EQ(ValidateEditedListing(listing).field(), "location_notes");
  listing = Valid();
  listing.conference.phone_notes = "code \xc2\x85 1234";
  EXPECT_EQ(ValidateEditedListing(listing).field(), "conference_phone_notes");
  listing = Valid();
  listing.location.city = "Test\nville";
  EXPECT_EQ(ValidateEditedListing(listing).field(), "city");
}

}  // namespace
}  // namespace rn::directory
