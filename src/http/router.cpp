#include "http/router.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace rn::http {
namespace {

// Splits "/a/b/c" into {"a", "b", "c"}; "/" gives {""} and "/a/" gives {"a", ""}.
// REQUIRES: `path` starts with '/'.
template <typename Segment>
std::vector<Segment> SplitSegments(std::string_view path) {
  std::vector<Segment> segments;
  std::string_view rest = path.substr(1);
  for (;;) {
    std::size_t slash = rest.find('/');
    segments.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// True when the route's pattern matches the path's segments. A parameter never matches an empty
// segment.
bool PatternMatches(const Route& route, const std::vector<std::string_view>& path_segments) {
  if (route.segments.size() != path_segments.size()) return false;
  for (std::size_t index = 0; index < path_segments.size(); ++index) {
    const std::string& pattern = route.segments[index];
    if (IsParameter(pattern)) {
      if (path_segments[index].empty()) return false;
    } else if (pattern != path_segments[index]) {
      return false;
    }
  }
  return true;
}

bool MethodMatches(const Route& route, std::string_view method) {
  return route.method == method || (method == "HEAD" && route.method == "GET");
}

}  // namespace

Route& Router::Add(std::string method, std::string_view pattern, Handler handler,
                   Execution execution, std::string_view access) {
  assert(!pattern.empty() && pattern.front() == '/');
  return routes_.emplace_back(Route{std::move(method), std::string(pattern),
                                    SplitSegments<std::string>(pattern), std::move(handler),
                                    execution, std::string(access), 0, CrossOrigin::kSameOrigin});
}

Route& Router::AddPublicRead(std::string_view pattern, Handler handler, Execution execution) {
  Route& route = Add("GET", pattern, std::move(handler), execution, kPublic);
  route.cross_origin = CrossOrigin::kAnyOriginRead;
  return route;
}

RouteMatch Router::Match(std::string_view method, std::string_view path) const {
  RouteMatch match;
  if (path.empty() || path.front() != '/') return match;
  std::vector<std::string_view> path_segments = SplitSegments<std::string_view>(path);

  std::vector<std::string_view> allowed;  // methods of routes that match the path, in route order
  for (const Route& route : routes_) {
    if (!PatternMatches(route, path_segments)) continue;
    if (MethodMatches(route, method)) {
      match.route = &route;
      match.method_allowed = true;
      for (std::size_t index = 0; index < path_segments.size(); ++index) {
        const std::string& pattern = route.segments[index];
        if (IsParameter(pattern)) {
          match.params.emplace(pattern.substr(1, pattern.size() - 2),
                               std::string(path_segments[index]));
        }
      }
      return match;
    }
    if (match.route == nullptr) match.route = &route;
    auto add_allowed = [&allowed](std::string_view allowed_method) {
      if (std::find(allowed.begin(), allowed.end(), allowed_method) == allowed.end())
        allowed.push_back(allowed_method);
    };
    add_allowed(route.method);
    if (route.method == "GET") add_allowed("HEAD");
    if (route.ReadableFromAnyOrigin()) match.readable_from_any_origin = true;
  }
  if (match.readable_from_any_origin &&
      std::find(allowed.begin(), allowed.end(), "OPTIONS") == allowed.end())
    allowed.push_back("OPTIONS");
  for (std::string_view allowed_method : allowed) {
    if (!match.allow.empty()) match.allow += ", ";
    match.allow += allowed_method;
  }
  return match;
}

}  // namespace rn::http
