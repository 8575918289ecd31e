#include "api/query_params.h"

#include <charconv>
#include <cmath>
#include <string>

#include "http/form.h"

namespace rn::api {
namespace {

std::string Quoted(std::string_view value) {
  constexpr std::size_t kMaxShown = 40;
  std::string out = "\"";
  out.append(value.substr(0, kMaxShown));
  if (value.size() > kMaxShown) out += "…";
  out += "\"";
  return out;
}

}  // namespace

Result<QueryParams> QueryParams::Parse(std::string_view query) {
  QueryParams params;
  auto decoded = http::DecodeQuery(query);
  if (!decoded.ok()) return decoded.status();
  for (auto& [key, value] : *decoded) {
    if (params.values_.contains(key)) return Status::Invalid(key, "is given more than once");
    params.values_.emplace(std::move(key), std::move(value));
  }
  return params;
}

std::optional<std::string> QueryParams::Take(const std::string& name) {
  taken_[name] = true;
  auto it = values_.find(name);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Status QueryParams::RejectUnknown() const {
  for (const auto& [name, value] : values_) {
    if (!taken_.contains(name)) return Status::Invalid(name, "is not a known parameter");
  }
  return Status::Ok();
}

Result<std::optional<double>> QueryParams::TakeDouble(const std::string& name, double min,
                                                      double max) {
  auto raw = Take(name);
  if (!raw) return std::optional<double>();
  double value = 0;
  const char* end = raw->data() + raw->size();
  auto [ptr, ec] = std::from_chars(raw->data(), end, value);
  if (raw->empty() || ec != std::errc() || ptr != end || !std::isfinite(value)) {
    return Status::Invalid(name, Quoted(*raw) + " is not a number");
  }
  if (value < min || value > max) {
    return Status::Invalid(
        name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
  }
  return std::optional<double>(value);
}

Result<std::optional<int>> QueryParams::TakeInt(const std::string& name, int min, int max) {
  auto raw = Take(name);
  if (!raw) return std::optional<int>();
  int value = 0;
  const char* end = raw->data() + raw->size();
  auto [ptr, ec] = std::from_chars(raw->data(), end, value);
  if (raw->empty() || ec != std::errc() || ptr != end) {
    return Status::Invalid(name, Quoted(*raw) + " is not a whole number");
  }
  if (value < min || value > max) {
    return Status::Invalid(name,
                           "must be from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return std::optional<int>(value);
}

Result<std::optional<bool>> QueryParams::TakeBool(const std::string& name) {
  auto raw = Take(name);
  if (!raw) return std::optional<bool>();
  if (*raw == "true") return std::optional<bool>(true);
  if (*raw == "false") return std::optional<bool>(false);
  return Status::Invalid(name, "must be true or false");
}

Result<std::vector<std::string>> QueryParams::TakeList(const std::string& name) {
  std::vector<std::string> items;
  auto raw = Take(name);
  if (!raw) return items;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = raw->find(',', start);
    std::string item =
        raw->substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    if (item.empty()) return Status::Invalid(name, "has an empty item in " + Quoted(*raw));
    items.push_back(std::move(item));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return items;
}

}  // namespace rn::api
