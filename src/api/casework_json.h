#pragma once
// What the casework JSON resources (casework_api.cpp, participants_api.cpp) share: reading text,
// codes and days from a JSON body with errors that name the field, writing optional values as
// null, and the 201 answer with its Location.

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "api/json_body.h"
#include "casework/calendar.h"
#include "casework/codes.h"
#include "http/message.h"
#include "http/router.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::api::casework_json {

// Reads text field `name` into `*out` (left as it is when absent).
Status TakeText(JsonFields& fields, std::string_view name, std::string* out);

// Reads boolean field `name` into `*out` (left as it is when absent).
Status TakeFlag(JsonFields& fields, std::string_view name, bool* out);

// Reads a "YYYY-MM-DD" field into `*out` (left as it is when absent).
Status TakeDay(JsonFields& fields, std::string_view name, std::optional<casework::Day>* out);

// Reads code field `name` of `table` into `*out` (left as it is when absent).
template <typename E, std::size_t N>
Status TakeOptionalCode(JsonFields& fields, std::string_view name,
                        const casework::CodeTable<E, N>& table, std::optional<E>* out) {
  Result<std::optional<std::string>> value = fields.TakeString(name);
  if (!value.ok()) return value.status();
  if (!*value) return Status::Ok();
  Result<E> code = table.Parse(fields.FieldName(name), **value);
  if (!code.ok()) return code.status();
  *out = *code;
  return Status::Ok();
}

// Reads code field `name` of `table` into `*out`; kInvalidArgument when it is absent.
template <typename E, std::size_t N>
Status TakeCode(JsonFields& fields, std::string_view name, const casework::CodeTable<E, N>& table,
                E* out) {
  std::optional<E> code;
  RN_RETURN_IF_ERROR(TakeOptionalCode(fields, name, table, &code));
  if (!code) return Status::Invalid(fields.FieldName(name), "is required: " + table.Choices());
  *out = *code;
  return Status::Ok();
}

// An array of codes of `table` ("supports": ["emotional", …]) into `*out` (left as it is when
// absent); an unknown one is named with its place ("supports[1]").
template <typename E, std::size_t N>
Status TakeCodes(JsonFields& fields, std::string_view name, const casework::CodeTable<E, N>& table,
                 std::vector<E>* out) {
  Result<std::optional<std::vector<std::string>>> values = fields.TakeStrings(name, N * 2);
  if (!values.ok()) return values.status();
  if (!*values) return Status::Ok();
  out->clear();
  for (std::size_t i = 0; i < (*values)->size(); ++i) {
    Result<E> code =
        table.Parse(fields.FieldName(name) + "[" + std::to_string(i) + "]", (**values)[i]);
    if (!code.ok()) return code.status();
    out->push_back(*code);
  }
  return Status::Ok();
}

// The code names of `values`, as a JSON array.
template <typename E, std::size_t N>
boost::json::value CodeNames(const std::vector<E>& values, const casework::CodeTable<E, N>& table) {
  boost::json::array names;
  for (E value : values) names.emplace_back(table.Name(value));
  return names;
}

// The code name of `value`, or null when there is none.
template <typename E, std::size_t N>
boost::json::value CodeOrNull(const std::optional<E>& value,
                              const casework::CodeTable<E, N>& table) {
  return value ? boost::json::value(table.Name(*value)) : boost::json::value(nullptr);
}

// null for an empty text, a missing instant, day or number; else the value (an instant as
// RFC 3339 UTC, a day as "YYYY-MM-DD").
boost::json::value TextOrNull(const std::string& text);
boost::json::value TimeOrNull(const std::optional<Instant>& at);
boost::json::value DayOrNull(const std::optional<casework::Day>& day);
boost::json::value IntOrNull(const std::optional<int>& number);

// Path parameter `name`. REQUIRES: the route's pattern has it.
const std::string& Param(const http::PathParams& params, std::string_view name);

// 201 with `body` and a Location header.
http::Response Created(const boost::json::value& body, std::string location);

}  // namespace rn::api::casework_json
