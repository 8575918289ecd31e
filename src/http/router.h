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

// Whether browsers may read a route's responses from pages on other origins (CORS, http/cors.h).
enum class CrossOrigin {
  kSameOrigin,     // no Access-Control-* header is ever sent, whatever the request's Origin
  kAnyOriginRead,  // public read-only data: Access-Control-Allow-Origin: *, and the preflight
};

struct Route {
  std::string method;
  std::string pattern;                // as added, "/api/v1/meetings/{id}"
  std::vector<std::string> segments;  // pattern split on '/'
  Handler handler;
  Execution execution = Execution::kInline;
  std::string access = std::string(kPublic);
  // The largest body this route accepts (413 beyond); 0 = the server's max_body_bytes.
  std::size_t max_body_bytes = 0;
  // Set by Router::AddPublicRead. Honoured only for a public GET route (ReadableFromAnyOrigin).
  CrossOrigin cross_origin = CrossOrigin::kSameOrigin;

  // True when the server sends this route's responses (GET and HEAD) with
  // Access-Control-Allow-Origin: * and answers its CORS preflight: a public GET route declared
  // kAnyOriginRead. A route that needs credentials or writes never is, whatever its flag says.
  bool ReadableFromAnyOrigin() const {
    return cross_origin == CrossOrigin::kAnyOriginRead && method == "GET" && access == kPublic;
  }
};

struct RouteMatch {
  const Route* route = nullptr;  // nullptr: no route for the path
  bool method_allowed = false;   // false with a route for the path but not the method → 405
  PathParams params;
  // with a route but !method_allowed: the path's methods, "GET, HEAD, POST" ("…, OPTIONS" when
  // readable_from_any_origin)
  std::string allow;
  // With a route but !method_allowed: some GET route for the path is ReadableFromAnyOrigin, so an
  // OPTIONS request (a CORS preflight) is answered by the server (http/cors.h), not with 405.
  bool readable_from_any_origin = false;
};

class Router final {
 public:
  // REQUIRES: `pattern` starts with '/'. Later routes never shadow earlier ones. Returns the new
  // route, to adjust (e.g. max_body_bytes) before the next Add.
  Route& Add(std::string method, std::string_view pattern, Handler handler,
             Execution execution = Execution::kInline, std::string_view access = kPublic);
  // Adds a public GET route whose responses any web page may read (CrossOrigin::kAnyOriginRead):
  // the directory's read-only data (feeds, searches, vocabularies, calendars) that other sites
  // embed. The one place a route opts in to CORS; everything else stays same-origin.
  Route& AddPublicRead(std::string_view pattern, Handler handler,
                       Execution execution = Execution::kInline);
  // Finds the route for `method` and decoded `path`. HEAD matches GET routes.
  RouteMatch Match(std::string_view method, std::string_view path) const;
  // Every route, in the order added.
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace rn::http
