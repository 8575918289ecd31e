#pragma once
// Maps method + path pattern to a handler. Patterns are literal segments and "{name}" segments that
// capture one path segment: "/api/v1/meetings/{id}". Beast-free.

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace rn::http {

using PathParams = std::map<std::string, std::string, std::less<>>;
using Handler = std::function<Response(const Request&, const PathParams&)>;

enum class Execution {
  kInline,    // cheap, non-blocking (in-memory work): runs on the network thread
  kBlocking,  // touches the store or disk: runs on the bounded worker pool
};

// Who may call a route, as declared where it is added: "public", or what a guard checks before
// the handler runs (e.g. "signed-in", "site:directory.edit"; api/access.h). For listing the routes
// (`recoverynet routes`) and for the permission tests; the router itself enforces nothing.
inline constexpr std::string_view kPublic = "public";

struct Route {
  std::string method;
  std::string pattern;                // as added, "/api/v1/meetings/{id}"
  std::vector<std::string> segments;  // pattern split on '/'
  Handler handler;
  Execution execution = Execution::kInline;
  std::string access = std::string(kPublic);
  // The largest body this route accepts (413 beyond); 0 = the server's max_body_bytes.
  std::size_t max_body_bytes = 0;
};

struct RouteMatch {
  const Route* route = nullptr;  // nullptr: no route for the path
  bool method_allowed = false;   // false with a route for the path but not the method → 405
  PathParams params;
  std::string allow;  // with a route but !method_allowed: the path's methods, "GET, HEAD, POST"
};

class Router final {
 public:
  // REQUIRES: `pattern` starts with '/'. Later routes never shadow earlier ones. Returns the new
  // route, to adjust (e.g. max_body_bytes) before the next Add.
  Route& Add(std::string method, std::string_view pattern, Handler handler,
           Execution execution = Execution::kInline, std::string_view access = kPublic);
  // Finds the route for `method` and decoded `path`. HEAD matches GET routes.
  RouteMatch Match(std::string_view method, std::string_view path) const;
  // Every route, in the order added.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace rn::http
