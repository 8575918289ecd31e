#pragma once
// Reading the fields of an HSDS JSON object that may be missing or of another type, as every
// reader of stored records needs: a wrong type reads as absent.

#include <boost/json/object.hpp>
#include <optional>
#include <string_view>

namespace rn::resources {

// The string at `key`, or "" when it is absent or not a string.
inline std::string_view StringAt(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string_view(value->get_string())
                                                : std::string_view();
}

// The number at `key`, or nullopt when it is absent or not a number.
inline std::optional<double> NumberAt(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  if (value == nullptr || !value->is_number()) return std::nullopt;
  return value->to_number<double>();
}

// The array at `key`, or nullptr when it is absent or not an array.
inline const boost::json::array* ArrayAt(const boost::json::object& object, std::string_view key) {
  const auto* value = object.if_contains(key);
  return value != nullptr && value->is_array() ? &value->get_array() : nullptr;
}

}  // namespace rn::resources
