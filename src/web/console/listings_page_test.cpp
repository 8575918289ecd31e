#include "web/console/listings_page.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rn::web {
namespace {

// Listing i is i-th in name order; every third listing is another site's own.
struct Fixture {
  std::vector<std::string> sources;

  explicit Fixture(int count) {
    for (int i = 0; i < count; ++i) sources.push_back(i % 3 == 2 ? "local-other-site" : "oc");
  }

  // In reverse name order, as searches of two sources merged might give them.
  std::vector<ListingCandidate> Candidates() const {
    std::vector<ListingCandidate> candidates;
    for (int i = static_cast<int>(sources.size()) - 1; i >= 0; --i) {
      const auto index = static_cast<std::uint32_t>(i);
      candidates.push_back({index, index, sources[i]});
    }
    return candidates;
  }
};

bool NotOtherSite(std::string_view source) { return source != "local-other-site"; }

TEST(PageOfListings, CountsOnlyWhatTheEditorMayEditIncludingBeyondTheFirstPage) {
  const Fixture fixture(150);  // 100 editable, 50 of another site spread through every page
  const ListingsPage first = PageOfListings(fixture.Candidates(), NotOtherSite, 1, 50);
  EXPECT_EQ(first.total, 100u);
  ASSERT_EQ(first.shown.size(), 50u);
  EXPECT_EQ(first.shown.front(), 0u);
  EXPECT_EQ(first.shown[2], 3u);  // 2 is another site's
  EXPECT_FALSE(first.has_previous);
  EXPECT_TRUE(first.has_next);
  EXPECT_EQ(first.CountLine(), "Showing 1–50 of 100, by name.");

  const ListingsPage second = PageOfListings(fixture.Candidates(), NotOtherSite, 2, 50);
  EXPECT_EQ(second.total, 100u);
  EXPECT_EQ(second.shown.size(), 50u);
  EXPECT_TRUE(second.has_previous);
  EXPECT_FALSE(second.has_next) << "no third page: the other site's 50 are not the editor's";
  EXPECT_EQ(second.CountLine(), "Showing 51–100 of 100, by name.");
  for (std::uint32_t index : second.shown) EXPECT_NE(index % 3, 2u);
}

TEST(PageOfListings, ALastPartialPage) {
  const Fixture fixture(10);  // 7 editable
  const ListingsPage page = PageOfListings(fixture.Candidates(), NotOtherSite, 2, 5);
  EXPECT_EQ(page.total, 7u);
  EXPECT_EQ(page.shown.size(), 2u);
  EXPECT_FALSE(page.has_next);
  EXPECT_EQ(page.CountLine(), "Showing 6–7 of 7, by name.");
}

TEST(PageOfListings, APagePastTheEndShowsNothingAndLinksBack) {
  const Fixture fixture(10);
  const ListingsPage page = PageOfListings(fixture.Candidates(), NotOtherSite, 9, 5);
  EXPECT_TRUE(page.shown.empty());
  EXPECT_TRUE(page.has_previous);
  EXPECT_FALSE(page.has_next);
  EXPECT_EQ(page.CountLine(), "No listings match.");
}

TEST(PageOfListings, OrdersByNameRankNotByPosition) {
  const ListingsPage page =
      PageOfListings({{7, 0, "oc"}, {3, 1, "oc"}, {5, 2, "local-other-site"}}, NotOtherSite, 1, 50);
  ASSERT_EQ(page.shown.size(), 2u);
  EXPECT_EQ(page.shown[0], 7u);
  EXPECT_EQ(page.shown[1], 3u);
}

TEST(PageOfListings, NothingMatches) {
  const ListingsPage page = PageOfListings({}, NotOtherSite, 1, 50);
  EXPECT_EQ(page.total, 0u);
  EXPECT_FALSE(page.has_next);
  EXPECT_EQ(page.CountLine(), "No listings match.");
}

}  // namespace
}  // namespace rn::web
