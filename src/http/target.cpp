#include "http/target.h"

namespace rn::http {
namespace {

// The value of a hex digit, or -1.
int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool StartsWithIgnoringCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

TargetParts SplitTarget(std::string_view target) {
  std::string_view path_and_query;
  if (!target.empty() && target.front() == '/') {
    path_and_query = target;
  } else if (StartsWithIgnoringCase(target, "http://") ||
             StartsWithIgnoringCase(target, "https://")) {
    std::size_t authority_start = target.find("//") + 2;
    std::size_t path_start = target.find_first_of("/?", authority_start);
    if (path_start == std::string_view::npos) return {"/", {}};
    path_and_query = target.substr(path_start);
    if (path_and_query.front() == '?') return {"/", path_and_query.substr(1)};
  } else {
    return {};
  }
  std::size_t question = path_and_query.find('?');
  if (question == std::string_view::npos) return {path_and_query, {}};
  return {path_and_query.substr(0, question), path_and_query.substr(question + 1)};
}

std::optional<std::string> DecodePath(std::string_view raw_path) {
  std::string decoded;
  decoded.reserve(raw_path.size());
  for (std::size_t i = 0; i < raw_path.size(); ++i) {
    char c = raw_path[i];
    if (c != '%') {
      decoded.push_back(c);
      continue;
    }
    if (i + 2 >= raw_path.size()) return std::nullopt;
    int high = HexValue(raw_path[i + 1]);
    int low = HexValue(raw_path[i + 2]);
    if (high < 0 || low < 0) return std::nullopt;
    char byte = static_cast<char>(high * 16 + low);
    if (byte == '\0') return std::nullopt;
    decoded.push_back(byte);
    i += 2;
  }
  return decoded;
}

}  // namespace rn::http
