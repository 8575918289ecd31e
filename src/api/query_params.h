#pragma once
// Reading a URL query string into typed values, with errors that name the parameter.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rn::api {

class QueryParams final {
 public:
  // Decodes `query` (raw, without '?'; '+' is a space) with http::DecodeQuery. A parameter that
  // does not decode (malformed, or not UTF-8), or one given twice, is kInvalidArgument naming it.
  static Result<QueryParams> Parse(std::string_view query);

  // The value of `name`, or nullopt. Marks the name as known.
  std::optional<std::string> Take(const std::string& name);
  // kInvalidArgument naming the first parameter not taken, else OK.
  Status RejectUnknown() const;

  // Typed readers: nullopt when absent; kInvalidArgument naming the parameter when malformed.
  Result<std::optional<double>> TakeDouble(const std::string& name, double min, double max);
  // Integers in [min, max].
  Result<std::optional<int>> TakeInt(const std::string& name, int min, int max);
  // "true" / "false".
  Result<std::optional<bool>> TakeBool(const std::string& name);
  // Comma-separated list; empty items are an error.
  Result<std::vector<std::string>> TakeList(const std::string& name);

 private:
  std::map<std::string, std::string, std::less<>> values_;
  std::map<std::string, bool, std::less<>> taken_;
};

}  // namespace rn::api
