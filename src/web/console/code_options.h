#pragma once
// The casework vocabularies (casework/codes.h) as the console's forms offer them: each code with
// the words staff read for it, in the code table's order.

#include <optional>
#include <string>
#include <string_view>

#include "casework/codes.h"
#include "web/render.h"

namespace rn::web {

// The words `labels` give `value` (one label per code, in the table's order).
template <typename E, std::size_t N>
std::string CodeLabel(E value, const std::string_view (&labels)[N]) {
  return std::string(labels[static_cast<std::size_t>(value)]);
}

// An <option>, radio button or checkbox ({value, label, selected}) for every code of `table`,
// `selected` selected.
template <typename E, std::size_t N, std::size_t L>
mustache::data CodeOptions(const casework::CodeTable<E, N>& table,
                           const std::string_view (&labels)[L],
                           std::optional<E> selected = std::nullopt) {
  static_assert(N == L, "one label per code");
  mustache::data options{mustache::data::type::list};
  for (const casework::Code<E>& code : table.codes()) {
    options.push_back(Option(std::string(code.name), CodeLabel(code.value, labels),
                             selected && *selected == code.value));
  }
  return options;
}

}  // namespace rn::web
