#pragma once
// The console's administration pages: the site's audit trail (an audited read) for those who may
// view it, staff and roles for site administrators (within identity::CanManageUser), and API
// tokens. The rules are identity/accounts.h's; this area parses and renders.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "api/repositories.h"
#include "http/message.h"
#include "http/router.h"
#include "identity/access.h"
#include "identity/audit.h"
#include "identity/user.h"
#include "web/console/kit.h"

namespace rn::web {

class AdminArea final {
 public:
  explicit AdminArea(const ConsoleKit& kit) : kit_(kit) {}

  // /staff/sites/{site}/audit, …/users[…] (with each one's pager contacts), …/tokens[…].
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  http::Response AuditPage(const http::Request& request, const http::PathParams& params,
                           const Caller& caller, api::Repositories& repos) const;
  // A staff member's pager contacts as sent, and why they were refused (shown next to the field).
  struct ContactForm {
    std::string user_id;
    std::string email;
    std::string pager_phone;
    Status error;
  };

  static mustache::data SiteRoleOptions();
  // "a, b" → {"a", "b"}, blanks dropped.
  static std::vector<std::string> ScopeList(std::string_view text);
  http::Response Users(const http::Request& request, const http::PathParams& params,
                       const Caller& caller, api::Repositories& repos, int status = 200,
                       const std::string& error = "", const ContactForm* contact = nullptr) const;
  http::Response AddUser(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, api::Repositories& repos) const;
  // The user the path names, with its grants.
  Result<std::pair<identity::User, std::vector<identity::RoleGrant>>> PathUser(
      api::Repositories& repos, const http::PathParams& params) const;
  http::Response SetRole(const http::Request& request, const http::PathParams& params,
                         const Caller& caller, api::Repositories& repos) const;
  // An audited refusal to change an account the caller may not manage (identity::CanManageUser).
  http::Response RefuseManage(const http::Request& request, const Caller& caller,
                              api::Repositories& repos, std::string_view site,
                              const identity::User& user) const;
  // disable | enable | password: only for staff the caller may manage (CanManageUser).
  http::Response ManageUser(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, api::Repositories& repos,
                            std::string_view action) const;
  // The pager contacts (identity::SetStaffContact) of staff the caller may manage.
  http::Response SetContact(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, api::Repositories& repos) const;
  http::Response Tokens(const http::Request& request, const http::PathParams& params,
                        const Caller& caller, api::Repositories& repos, int status = 200,
                        const std::string& new_token = "", const std::string& error = "") const;
  http::Response CreateToken(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, api::Repositories& repos) const;
  http::Response RevokeToken(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, api::Repositories& repos) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
