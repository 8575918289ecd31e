#pragma once
// Authorization in one place. Every protected route is added through an AccessGuard, which
// declares the permission the route needs (identity/access.h) and checks it before the handler
// runs: the caller comes from an API token (Authorization: Bearer rn_…; API routes only) or the
// session cookie; a state-changing request on a session must carry the session's CSRF token and
// no foreign Origin; a denial is audited. A query string or form body that does not decode is a
// 400 naming the field (not audited, and never taken for a missing CSRF token). Handlers receive
// the checked Caller and never look at roles. See docs/security.md.

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "api/errors.h"
#include "api/repositories.h"
#include "http/router.h"
#include "identity/access.h"
#include "identity/authenticator.h"

namespace rn::api {

// Whether a route answers a program (problem+json errors) or a person (pages).
enum class Surface { kApi, kPage };

using GuardedHandler =
    std::function<http::Response(const http::Request& request, const http::PathParams& params,
                                 const identity::Caller& caller, Repositories& repositories)>;

// What page routes answer when the guard turns a request away.
struct PageDenials {
  // No valid session: the sign-in page's redirect (with the cookie cleared when `ended`).
  std::function<http::Response(const http::Request& request, bool ended)> sign_in;
  // Signed in but not allowed (403), or a form without its CSRF token (403): a plain page.
  std::function<http::Response(const http::Request& request, std::string_view message)> refused;
  // An error that is not a refusal: a query string or form that does not decode (400, `error`
  // naming the field), or a failure of the server (5xx, `error` with its reference; the internal
  // message is already logged). Optional: when empty, the guard answers a plain-text page of
  // `error.Sentence()`.
  std::function<http::Response(const http::Request& request, const ClientError& error)> error;
};

inline constexpr std::string_view kSessionCookie = "rn_session";
// The form field and the header that carry the session's CSRF token.
inline constexpr std::string_view kCsrfField = "_csrf";
inline constexpr std::string_view kCsrfHeader = "x-csrf-token";
// The access a signed-in-only route declares (http::Route::access); site routes declare
// "site:<permission>".
inline constexpr std::string_view kSignedIn = "signed-in";

// Whether the client reached us over TLS: X-Forwarded-Proto "https" from the proxy in front (the
// server passes the header on from a trusted proxy only).
bool OverTls(const http::Request& request);

// False when the request names an Origin other than the host it was sent to (a form posted from
// another site); true without an Origin header.
bool SameOrigin(const http::Request& request);

class AccessGuard final {
 public:
  // `auth` must outlive the routes.
  AccessGuard(identity::Authenticator& auth, RepositorySource repositories, PageDenials pages);

  // Adds `method pattern` for callers holding `permission` at the path's {site}. REQUIRES: the
  // pattern has a {site} segment. Runs on the worker pool. Returns the route (as Router::Add).
  http::Route& Add(http::Router& router, std::string method, std::string_view pattern,
                   identity::Permission permission, Surface surface, GuardedHandler handler) const;
  // Adds `method pattern` for any signed-in caller (session or token).
  void AddSignedIn(http::Router& router, std::string method, std::string_view pattern,
                   Surface surface, GuardedHandler handler) const;

  // The caller of `request`'s session cookie, if it has a valid one (for public pages such as
  // the sign-in page that look different to a signed-in user).
  std::optional<identity::Caller> SessionCaller(const http::Request& request,
                                                Repositories& repositories) const;

  identity::Authenticator& auth() const { return auth_; }
  const RepositorySource& repositories() const { return repositories_; }

 private:
  http::Response Guard(const http::Request& request, const http::PathParams& params,
                       std::optional<identity::Permission> permission, Surface surface,
                       std::string_view pattern, const GuardedHandler& handler) const;

  identity::Authenticator& auth_;
  RepositorySource repositories_;
  PageDenials pages_;
};

}  // namespace rn::api
