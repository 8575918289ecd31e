#pragma once
// Query strings and application/x-www-form-urlencoded bodies as the pages receive them: a field
// may repeat (checkboxes), empty values are "not chosen".

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/status.h"

namespace rn::http {

class Form final {
 public:
  // Decodes `encoded` ('+' is a space) with DecodeQuery, whose kInvalidArgument names the field
  // that does not decode; kInvalidArgument ("query") when it has more than `max_fields` fields.
  static Result<Form> Parse(std::string_view encoded, std::size_t max_fields = 100);

  // The first non-empty value of `name`, or nullopt.
  std::optional<std::string> Get(std::string_view name) const;
  // Every non-empty value of `name`, in order.
  std::vector<std::string> GetAll(std::string_view name) const;
  // Every field in order, empty values included.
  const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

 private:
  std::vector<std::pair<std::string, std::string>> fields_;
};

// The parameters of a query string or application/x-www-form-urlencoded body, percent-decoded ('+'
// is a space), in order, without the empty pairs of "a=1&&b=2". The one decoder behind Form and
// api::QueryParams, and so of every query string and form the server reads.
//
// kInvalidArgument naming the field at fault when a parameter is not valid percent-encoding
// ("is not valid percent-encoding") or its name or value is not valid UTF-8 ("is not valid
// UTF-8"). The field is the parameter's decoded name when that is at most 40 bytes of UTF-8
// without control characters; otherwise the name as sent with every byte outside printable ASCII
// percent-encoded, cut to 40 characters, so the field is always fit to show; "query" when the
// parameter has no name.
Result<std::vector<std::pair<std::string, std::string>>> DecodeQuery(std::string_view encoded);

// Encodes one query-string component (RFC 3986 unreserved characters kept, space as '+').
std::string EncodeComponent(std::string_view text);

}  // namespace rn::http
