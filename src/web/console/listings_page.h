#pragma once
// Which listings one page of the staff console's listings list shows, and the "Showing a–b of N"
// count and paging links around it. Pure: the handler searches, this decides; tested without a
// server (listings_page_test.cpp).

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace rn::web {

// A listing that matched the search, before the editor's scope is applied.
struct ListingCandidate {
  std::uint32_t index = 0;      // its position in the search snapshot
  std::uint32_t name_rank = 0;  // its place in name order (SearchIndex::NameRank)
  std::string_view source;
};

struct ListingsPage {
  std::vector<std::uint32_t> shown;  // snapshot positions, in name order
  std::size_t first = 0;             // the 0-based rank of shown[0] among all editable matches
  std::size_t total = 0;             // every match the editor may edit
  bool has_previous = false;
  bool has_next = false;

  // "Showing 51–100 of 230, by name." or "No listings match.".
  std::string CountLine() const;
};

// Page `page` (from 1) of `per_page` of the `candidates` that `editable` accepts (by source),
// in name order. `candidates` must hold every match (not a window of them), so that the
// total and the links count the listings the editor can see and nothing else. A page past the end
// shows nothing (with a link back).
ListingsPage PageOfListings(std::vector<ListingCandidate> candidates,
                            const std::function<bool(std::string_view source)>& editable,
                            std::size_t page, std::size_t per_page);

}  // namespace rn::web
