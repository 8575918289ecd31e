#pragma once
// JSON in and out of the staff API. Reading a request body (an object) into typed values, with
// errors that name the field, as QueryParams does for query strings. A field given as null is taken
// as absent; a field the handler never takes is refused (RejectUnknown), so a misspelt field is an
// error, not ignored.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"
#include "util/status.h"

namespace rn::api {

// `body` as an application/json response with `status`, never cached (the staff API's answers
// are about one caller).
http::Response JsonResponse(const boost::json::value& body, int status = 200);
// `body`, JSON text, as a response the public API's caching rules apply to (http::Response's
// defaults).
http::Response PublicJsonResponse(std::string body);

class JsonFields final {
 public:
  // The body of `request` as a JSON object. kInvalidArgument with field "Content-Type" unless the
  // request says application/json (parameters aside); field "body" unless the body is one JSON
  // object in valid UTF-8, nested at most kMaxDepth deep.
  static Result<JsonFields> FromBody(const http::Request& request);
  // The same, from the body's text.
  static Result<JsonFields> FromText(std::string_view text);

  static constexpr int kMaxDepth = 8;

  // Typed readers: nullopt when absent or null; kInvalidArgument naming the field (with the
  // prefix of a nested object, "shifts[2].rank") when it has another type or is out of range.
  // Each marks the name as taken.
  Result<std::optional<std::string>> TakeString(std::string_view name);
  Result<std::optional<bool>> TakeBool(std::string_view name);
  // An integer in [min, max] (a number with a fraction is refused).
  Result<std::optional<std::int64_t>> TakeInt(std::string_view name, std::int64_t min,
                                              std::int64_t max);
  // An array of objects, each read with its own JsonFields ("name[i]." prefixing its fields), at
  // most `max_items`.
  Result<std::optional<std::vector<JsonFields>>> TakeObjects(std::string_view name,
                                                             std::size_t max_items);
  // An array of strings, at most `max_items`.
  Result<std::optional<std::vector<std::string>>> TakeStrings(std::string_view name,
                                                              std::size_t max_items);

  // kInvalidArgument naming the first field (in the body's order) not taken, else OK.
  Status RejectUnknown() const;

  // The full name of field `name` here, with the prefix ("shifts[2].rank").
  std::string FieldName(std::string_view name) const;

 private:
  JsonFields(boost::json::object object, std::string prefix)
      : object_(std::move(object)), prefix_(std::move(prefix)) {}

  // The value of `name` when present and not null, marked as taken.
  const boost::json::value* Find(std::string_view name);

  boost::json::object object_;
  std::string prefix_;  // "" at the top, "shifts[2]." inside
  std::set<std::string, std::less<>> taken_;
};

}  // namespace rn::api
