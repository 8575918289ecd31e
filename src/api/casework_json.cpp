#include "api/casework_json.h"

namespace rn::api::casework_json {

Status TakeText(JsonFields& fields, std::string_view name, std::string* out) {
  Result<std::optional<std::string>> value = fields.TakeString(name);
  if (!value.ok()) return value.status();
  if (*value) *out = std::move(**value);
  return Status::Ok();
}

Status TakeFlag(JsonFields& fields, std::string_view name, bool* out) {
  Result<std::optional<bool>> value = fields.TakeBool(name);
  if (!value.ok()) return value.status();
  if (*value) *out = **value;
  return Status::Ok();
}

Status TakeDay(JsonFields& fields, std::string_view name, std::optional<casework::Day>* out) {
  Result<std::optional<std::string>> value = fields.TakeString(name);
  if (!value.ok()) return value.status();
  if (!*value) return Status::Ok();
  Result<casework::Day> day = casework::ParseDay(fields.FieldName(name), **value);
  if (!day.ok()) return day.status();
  *out = *day;
  return Status::Ok();
}

boost::json::value TextOrNull(const std::string& text) {
  return text.empty() ? boost::json::value(nullptr) : boost::json::value(text);
}

boost::json::value TimeOrNull(const std::optional<Instant>& at) {
  return at ? boost::json::value(FormatUtc(*at)) : boost::json::value(nullptr);
}

boost::json::value DayOrNull(const std::optional<casework::Day>& day) {
  return day ? boost::json::value(casework::FormatDay(*day)) : boost::json::value(nullptr);
}

boost::json::value IntOrNull(const std::optional<int>& number) {
  return number ? boost::json::value(*number) : boost::json::value(nullptr);
}

const std::string& Param(const http::PathParams& params, std::string_view name) {
  return params.find(std::string(name))->second;
}

http::Response Created(const boost::json::value& body, std::string location) {
  http::Response response = JsonResponse(body, 201);
  response.headers.emplace_back("Location", std::move(location));
  return response;
}

}  // namespace rn::api::casework_json
