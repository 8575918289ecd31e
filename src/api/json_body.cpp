#include "api/json_body.h"

#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include "util/text.h"

namespace rn::api {

http::Response PublicJsonResponse(std::string body) {
  http::Response response;
  response.body = std::move(body);
  return response;
}

http::Response JsonResponse(const boost::json::value& body, int status) {
  http::Response response;
  response.status = status;
  response.body = boost::json::serialize(body);
  response.headers.emplace_back("Cache-Control", "no-store");
  return response;
}
Result<JsonFields> JsonFields::FromBody(const http::Request& request) {
  const std::string_view content_type = request.Header("content-type");
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  if (text::AsciiLower(text::Trim(media)) != "application/json") {
    return Status::Invalid("Content-Type", "must be application/json");
  }
  return FromText(request.body);
}

Result<JsonFields> JsonFields::FromText(std::string_view text) {
  if (!text::IsValidUtf8(text)) return Status::Invalid("body", "is not valid UTF-8");
  boost::json::parse_options options;
  options.max_depth = kMaxDepth;
  boost::system::error_code error;
  boost::json::value value = boost::json::parse(text, error, {}, options);
  if (error) return Status::Invalid("body", "is not JSON: " + error.message());
  if (!value.is_object()) return Status::Invalid("body", "must be a JSON object");
  return JsonFields(std::move(value.as_object()), "");
}

std::string JsonFields::FieldName(std::string_view name) const {
  return prefix_ + std::string(name);
}

const boost::json::value* JsonFields::Find(std::string_view name) {
  taken_.emplace(name);
  const boost::json::value* value = object_.if_contains(name);
  return value == nullptr || value->is_null() ? nullptr : value;
}

Result<std::optional<std::string>> JsonFields::TakeString(std::string_view name) {
  const boost::json::value* value = Find(name);
  if (value == nullptr) return std::optional<std::string>();
  if (!value->is_string()) return Status::Invalid(FieldName(name), "must be a string");
  return std::optional<std::string>(std::string(value->get_string()));
}

Result<std::optional<bool>> JsonFields::TakeBool(std::string_view name) {
  const boost::json::value* value = Find(name);
  if (value == nullptr) return std::optional<bool>();
  if (!value->is_bool()) return Status::Invalid(FieldName(name), "must be true or false");
  return std::optional<bool>(value->get_bool());
}

Result<std::optional<std::int64_t>> JsonFields::TakeInt(std::string_view name, std::int64_t min,
                                                        std::int64_t max) {
  const boost::json::value* value = Find(name);
  if (value == nullptr) return std::optional<std::int64_t>();
  std::optional<std::int64_t> number;
  if (value->is_int64()) number = value->get_int64();
  if (value->is_uint64() && value->get_uint64() <= static_cast<std::uint64_t>(max)) {
    number = static_cast<std::int64_t>(value->get_uint64());
  }
  if (!number || *number < min || *number > max) {
    return Status::Invalid(FieldName(name), "must be a whole number from " + std::to_string(min) +
                                                " to " + std::to_string(max));
  }
  return number;
}

Result<std::optional<std::vector<JsonFields>>> JsonFields::TakeObjects(std::string_view name,
                                                                       std::size_t max_items) {
  const boost::json::value* value = Find(name);
  if (value == nullptr) return std::optional<std::vector<JsonFields>>();
  const boost::json::array* array = value->if_array();
  if (array == nullptr) return Status::Invalid(FieldName(name), "must be an array of objects");
  if (array->size() > max_items) {
    return Status::Invalid(FieldName(name),
                           "has more than " + std::to_string(max_items) + " items");
  }
  std::vector<JsonFields> items;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string item = FieldName(name) + "[" + std::to_string(i) + "]";
    if (!(*array)[i].is_object()) return Status::Invalid(item, "must be an object");
    items.push_back(JsonFields((*array)[i].as_object(), item + "."));
  }
  return std::optional<std::vector<JsonFields>>(std::move(items));
}

Result<std::optional<std::vector<std::string>>> JsonFields::TakeStrings(std::string_view name,
                                                                        std::size_t max_items) {
  const boost::json::value* value = Find(name);
  if (value == nullptr) return std::optional<std::vector<std::string>>();
  const boost::json::array* array = value->if_array();
  if (array == nullptr) return Status::Invalid(FieldName(name), "must be an array of strings");
  if (array->size() > max_items) {
    return Status::Invalid(FieldName(name),
                           "has more than " + std::to_string(max_items) + " items");
  }
  std::vector<std::string> items;
  for (std::size_t i = 0; i < array->size(); ++i) {
    if (!(*array)[i].is_string()) {
      return Status::Invalid(FieldName(name) + "[" + std::to_string(i) + "]", "must be a string");
    }
    items.emplace_back((*array)[i].get_string());
  }
  return std::optional<std::vector<std::string>>(std::move(items));
}

Status JsonFields::RejectUnknown() const {
  for (const auto& field : object_) {
    if (!taken_.contains(std::string_view(field.key()))) {
      return Status::Invalid(FieldName(field.key()), "is not a field this accepts");
    }
  }
  return Status::Ok();
}

}  // namespace rn::api
