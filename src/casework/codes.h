#pragma once
// The closed vocabularies of casework (programs, settings, statuses, consent purposes, …): each is
// a table of enum values and the stable codes the API, the database and the audit trail use. One
// table per vocabulary, so that a name is spelt once and an unknown one is refused with the list of
// the known ones.

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::casework {

template <typename E>
struct Code {
  E value;
  std::string_view name;  // lower case, [a-z_-]: stored, sent and shown to programs
};

template <typename E, std::size_t N>
class CodeTable {
 public:
  constexpr explicit CodeTable(std::array<Code<E>, N> codes) : codes_(codes) {}

  // The code of `value`. REQUIRES: `value` is in the table.
  std::string_view Name(E value) const {
    for (const Code<E>& code : codes_) {
      if (code.value == value) return code.name;
    }
    return {};
  }
  // The value named exactly `name`, or nullopt.
  std::optional<E> Find(std::string_view name) const {
    for (const Code<E>& code : codes_) {
      if (code.name == name) return code.value;
    }
    return std::nullopt;
  }
  // The value named `name`, or kInvalidArgument naming `field`: "must be one of: a, b, c".
  Result<E> Parse(std::string_view field, std::string_view name) const {
    if (std::optional<E> value = Find(name)) return *value;
    return Status::Invalid(std::string(field), "must be one of: " + Choices());
  }
  // "a, b, c": every code, in table order.
  std::string Choices() const {
    std::string out;
    for (const Code<E>& code : codes_) {
      if (!out.empty()) out += ", ";
      out += code.name;
    }
    return out;
  }
  const std::array<Code<E>, N>& codes() const { return codes_; }

 private:
  std::array<Code<E>, N> codes_;
};

}  // namespace rn::casework
