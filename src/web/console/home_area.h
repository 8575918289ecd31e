#pragma once
// The console's front door: the sign-in page (protected by a double-submit cookie, as it has no
// session yet), sign-out and sign-out everywhere, the home page (the caller's sites) and each
// site's page (what the caller can do there).

#include <string>
#include <string_view>

#include "api/repositories.h"
#include "http/message.h"
#include "http/router.h"
#include "identity/access.h"
#include "web/console/kit.h"

namespace rn::web {

class HomeArea final {
 public:
  explicit HomeArea(const ConsoleKit& kit) : kit_(kit) {}

  // /staff/login, /staff/logout[-everywhere], /staff, /staff/sites/{site}.
  void AddRoutes(http::Router& router) const;

  // Where to go after signing in: a console path from the sign-in link, else the console's home.
  static std::string SafeNext(std::string_view next);

 private:
  using Caller = identity::Caller;

  http::Response LoginPage(const http::Request& request, int status, std::string error,
                           std::string name, std::string next) const;
  http::Response ShowLogin(const http::Request& request) const;
  http::Response SubmitLogin(const http::Request& request) const;
  http::Response Logout(const http::Request& request, const Caller& caller,
                        api::Repositories& repos, bool everywhere) const;
  http::Response Home(const http::Request& request, const Caller& caller,
                      api::Repositories& repos) const;
  http::Response Site(const http::Request& request, const http::PathParams& params,
                      const Caller& caller, api::Repositories& repos) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
