#pragma once
// Request-target helpers for the server: split path from query, percent-decode the path.
// Beast-free, private to src/http/.

#include <optional>
#include <string>
#include <string_view>

namespace rn::http {

struct TargetParts {
  std::string_view path;   // raw (still percent-encoded) path; empty when the target has none
  std::string_view query;  // raw query without '?'; empty when absent
};

// Splits an origin-form target ("/a/b?x=1") or an absolute-form one ("http://host/a/b?x=1"; the
// scheme and authority are dropped, and a missing path becomes "/"). Any other form ("*",
// "host:443", garbage) yields an empty path. The views point into `target`.
TargetParts SplitTarget(std::string_view target);

// Percent-decodes a path ("%20" → ' '; '+' stays '+'). nullopt when an escape is malformed ("%4",
// "%zz") or decodes to a NUL byte.
std::optional<std::string> DecodePath(std::string_view raw_path);

}  // namespace rn::http
