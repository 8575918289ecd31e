#include "http/form.h"

#include <algorithm>
#include <boost/url/params_encoded_view.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/pct_string_view.hpp>
#include <string>

#include "util/text.h"

namespace rn::http {

namespace {

constexpr std::size_t kMaxNameShown = 40;

// Boost.URL 1.81's parse_query reads its input up to a NUL (boostorg/url#946), past the end of a
// view that is not terminated: `text` must be the whole of a std::string.
bool IsQuery(const std::string& text) {
  return static_cast<bool>(
      boost::urls::parse_query(boost::core::string_view(text.data(), text.size())));
}

// The name of a parameter whose name does not decode, as sent but safe to show: bytes outside
// printable ASCII percent-encoded, at most kMaxNameShown characters; "query" for no name.
std::string ShownName(std::string_view raw_name) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  if (raw_name.empty()) return "query";
  std::string shown;
  for (unsigned char c : raw_name) {
    if (shown.size() >= kMaxNameShown) break;
    if (c > 0x20 && c < 0x7f && c != '"' && c != '\\') {
      shown.push_back(static_cast<char>(c));
    } else {
      shown.push_back('%');
      shown.push_back(kHex[c >> 4]);
      shown.push_back(kHex[c & 15]);
    }
  }
  return shown;
}

// The field to name for the parameter whose name was sent as `raw_name` (no '&' or '='): its
// decoded name when that is short, valid UTF-8 without control characters, else ShownName.
std::string FieldName(std::string_view raw_name, const boost::urls::encoding_opts& options) {
  const std::string terminated(raw_name);  // see IsQuery
  const auto pct = boost::urls::make_pct_string_view(
      boost::core::string_view(terminated.data(), terminated.size()));
  if (!pct) return ShownName(raw_name);
  std::string decoded = pct->decode(options);
  const bool plain = std::none_of(decoded.begin(), decoded.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
  if (decoded.empty() || decoded.size() > kMaxNameShown || !plain || !text::IsValidUtf8(decoded)) {
    return ShownName(raw_name);
  }
  return decoded;
}

// The error for a query string parse_query refuses: the first parameter that is not valid
// percent-encoding.
Status MalformedParameter(std::string_view encoded, const boost::urls::encoding_opts& options) {
  std::size_t start = 0;
  while (start <= encoded.size()) {
    std::size_t end = encoded.find('&', start);
    if (end == std::string_view::npos) end = encoded.size();
    const std::string_view piece = encoded.substr(start, end - start);
    if (!IsQuery(std::string(piece))) {
      return Status::Invalid(FieldName(piece.substr(0, piece.find('=')), options),
                             "is not valid percent-encoding");
    }
    start = end + 1;
  }
  return Status::Invalid("query", "is not valid percent-encoding");
}

}  // namespace

Result<std::vector<std::pair<std::string, std::string>>> DecodeQuery(std::string_view encoded) {
  std::vector<std::pair<std::string, std::string>> params;
  if (encoded.empty()) return params;
  boost::urls::encoding_opts options;
  options.space_as_plus = true;
  const std::string terminated(encoded);
  if (!IsQuery(terminated)) return MalformedParameter(encoded, options);
  const boost::core::string_view view(terminated.data(), terminated.size());
  // Validated above, so this constructor cannot throw.
  for (const boost::urls::param_pct_view& param : boost::urls::params_encoded_view(view)) {
    if (param.key.empty() && param.value.empty()) continue;
    std::string key = param.key.decode(options);
    std::string value = param.value.decode(options);
    if (!text::IsValidUtf8(key) || !text::IsValidUtf8(value)) {
      return Status::Invalid(
          FieldName(std::string_view(param.key.data(), param.key.size()), options),
          "is not valid UTF-8");
    }
    params.emplace_back(std::move(key), std::move(value));
  }
  return params;
}

Result<Form> Form::Parse(std::string_view encoded, std::size_t max_fields) {
  Result<std::vector<std::pair<std::string, std::string>>> params = DecodeQuery(encoded);
  if (!params.ok()) return params.status();
  if (params->size() > max_fields) return Status::Invalid("query", "has too many fields");
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
