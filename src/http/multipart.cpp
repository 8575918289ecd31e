#include "http/multipart.h"

#include "util/text.h"

namespace rn::http {
namespace {

Status Malformed(std::string message) { return Status::Invalid("body", std::move(message)); }

// The value of parameter `name` in a header value such as `form-data; name="feed"`, unquoted.
std::optional<std::string> Parameter(std::string_view value, std::string_view name) {
  while (!value.empty()) {
    const std::size_t semicolon = value.find(';');
    std::string_view item = text::TrimOws(value.substr(0, semicolon));
    const std::size_t equals = item.find('=');
    if (equals != std::string_view::npos &&
        text::EqualsIgnoringAsciiCase(text::TrimOws(item.substr(0, equals)), name)) {
      std::string_view raw = text::TrimOws(item.substr(equals + 1));
      if (raw.size() >= 2 && raw.front() == '"' && raw.back() == '"') {
        raw = raw.substr(1, raw.size() - 2);
      }
      return std::string(raw);
    }
    if (semicolon == std::string_view::npos) break;
    value.remove_prefix(semicolon + 1);
  }
  return std::nullopt;
}

Result<FormPart> ParsePart(std::string_view part) {
  const std::size_t end_of_headers = part.find("\r\n\r\n");
  if (end_of_headers == std::string_view::npos) return Malformed("a part has no header end");
  FormPart parsed;
  std::string_view headers = part.substr(0, end_of_headers);
  parsed.body = std::string(part.substr(end_of_headers + 4));
  bool form_data = false;
  while (!headers.empty()) {
    const std::size_t line_end = headers.find("\r\n");
    const std::string_view line = headers.substr(0, line_end);
    const std::size_t colon = line.find(':');
    if (colon != std::string_view::npos) {
      const std::string_view key = text::TrimOws(line.substr(0, colon));
      const std::string_view value = text::TrimOws(line.substr(colon + 1));
      if (text::EqualsIgnoringAsciiCase(key, "content-disposition")) {
        form_data = text::EqualsIgnoringAsciiCase(text::TrimOws(value.substr(0, value.find(';'))),
                                                  "form-data");
        parsed.name = Parameter(value, "name").value_or("");
        parsed.filename = Parameter(value, "filename").value_or("");
      } else if (text::EqualsIgnoringAsciiCase(key, "content-type")) {
        parsed.content_type = std::string(value);
      }
    }
    if (line_end == std::string_view::npos) break;
    headers.remove_prefix(line_end + 2);
  }
  if (!form_data || parsed.name.empty()) {
    return Malformed("a part has no form-data Content-Disposition with a name");
  }
  return parsed;
}

}  // namespace

Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body,
                                             std::size_t max_parts) {
  const std::string_view type = text::TrimOws(content_type.substr(0, content_type.find(';')));
  if (!text::EqualsIgnoringAsciiCase(type, "multipart/form-data")) {
    return Malformed("the body is not multipart/form-data");
  }
  const std::optional<std::string> boundary = Parameter(content_type, "boundary");
  if (!boundary || boundary->empty() || boundary->size() > 200) {
    return Malformed("the multipart body has no boundary");
  }
  const std::string delimiter = "--" + *boundary;
  std::size_t position = body.find(delimiter);
  if (position == std::string_view::npos) return Malformed("the multipart body has no parts");
  std::vector<FormPart> parts;
  for (;;) {
    position += delimiter.size();
    if (body.substr(position, 2) == "--") return parts;  // the closing delimiter
    if (body.substr(position, 2) != "\r\n") return Malformed("a delimiter is not followed by CRLF");
    position += 2;
    const std::size_t next = body.find("\r\n" + delimiter, position);
    if (next == std::string_view::npos) return Malformed("the multipart body is not closed");
    if (parts.size() == max_parts) return Malformed("the form has too many parts");
    Result<FormPart> part = ParsePart(body.substr(position, next - position));
    if (!part.ok()) return part.status();
    parts.push_back(std::move(*part));
    position = next + 2;
  }
}

}  // namespace rn::http
