#include "http/form.h"

#include <boost/url/params_view.hpp>
#include <boost/url/parse_query.hpp>
#include <string>

#include "util/text.h"

namespace rn::http {

std::optional<std::vector<std::pair<std::string, std::string>>> DecodeQuery(
    std::string_view encoded) {
  std::vector<std::pair<std::string, std::string>> params;
  if (encoded.empty()) return params;
  // A NUL-terminated copy: Boost.URL 1.81's parse_query reads its input up to a NUL
  // (boostorg/url#946), past the end of a view that is not terminated.
  const std::string terminated(encoded);
  const boost::core::string_view view(terminated.data(), terminated.size());
  if (!boost::urls::parse_query(view)) return std::nullopt;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  // Validated above, so this constructor cannot throw.
  for (const boost::urls::param& param : boost::urls::params_view(view, options)) {
    if (param.key.empty() && param.value.empty()) continue;
    params.emplace_back(param.key, param.value);
  }
  return params;
}

Result<Form> Form::Parse(std::string_view encoded, std::size_t max_fields) {
  auto params = DecodeQuery(encoded);
  if (!params) return Status::Invalid("query", "the form data is malformed");
  if (params->size() > max_fields) return Status::Invalid("query", "has too many fields");
  for (const auto& [key, value] : *params) {
    if (!text::IsValidUtf8(key) || !text::IsValidUtf8(value)) {
      return Status::Invalid(key, "is not valid UTF-8");
    }
  }
  Form form;
  form.fields_ = std::move(*params);
  return form;
}

std::optional<std::string> Form::Get(std::string_view name) const {
  for (const auto& [key, value] : fields_) {
    if (key == name && !value.empty()) return value;
  }
  return std::nullopt;
}

std::vector<std::string> Form::GetAll(std::string_view name) const {
  std::vector<std::string> values;
  for (const auto& [key, value] : fields_) {
    if (key == name && !value.empty()) values.push_back(value);
  }
  return values;
}

std::string EncodeComponent(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() + 8);
  for (unsigned char c : text) {
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
  return out;
}

}  // namespace rn::http
