#include "web/console/listings_page.h"

#include <algorithm>

namespace rn::web {

std::string ListingsPage::CountLine() const {
  if (total == 0 || shown.empty()) return "No listings match.";
  return "Showing " + std::to_string(first + 1) + "–" + std::to_string(first + shown.size()) +
         " of " + std::to_string(total) + ", by name.";
}

ListingsPage PageOfListings(std::vector<ListingCandidate> candidates,
                            const std::function<bool(std::string_view source)>& editable,
                            std::size_t page, std::size_t per_page) {
  std::erase_if(candidates, [&](const ListingCandidate& each) { return !editable(each.source); });
  std::sort(candidates.begin(), candidates.end(),
            [](const auto& a, const auto& b) { return a.name_rank < b.name_rank; });
  ListingsPage result;
  result.total = candidates.size();
  page = std::max<std::size_t>(page, 1);
  result.first = (page - 1) * per_page;
  for (std::size_t rank = result.first; rank < candidates.size() && rank < result.first + per_page;
       ++rank) {
    result.shown.push_back(candidates[rank].index);
  }
  result.has_previous = page > 1;
  result.has_next = result.first + per_page < result.total;
  return result;
}

}  // namespace rn::web
