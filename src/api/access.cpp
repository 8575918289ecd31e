#include "api/access.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/errors.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"
#include "identity/audit_actions.h"
#include "identity/secret.h"

namespace rn::api {
namespace {

using identity::Caller;

bool ChangesState(std::string_view method) { return method != "GET" && method != "HEAD"; }

// The CSRF token the request carries: the header, else the form field (urlencoded or multipart).
std::string CsrfTokenOf(const http::Request& request) {
  if (std::string_view header = request.Header(kCsrfHeader); !header.empty()) {
    return std::string(header);
  }
  const std::string_view content_type = request.Header("content-type");
  if (content_type.starts_with("multipart/form-data")) {
    auto parts = http::ParseMultipart(content_type, request.body);
    if (!parts.ok()) return {};
    for (const http::FormPart& part : *parts) {
      if (part.name == kCsrfField && part.filename.empty()) return part.body;
    }
    return {};
  }
  if (!content_type.starts_with("application/x-www-form-urlencoded")) return {};
  auto form = http::Form::Parse(request.body, 1000);
  return form.ok() ? form->Get(kCsrfField).value_or("") : std::string();
}

std::string_view BearerToken(const http::Request& request) {
  constexpr std::string_view kBearer = "Bearer ";
  const std::string_view authorization = request.Header("authorization");
  return authorization.starts_with(kBearer) ? authorization.substr(kBearer.size())
                                            : std::string_view();
}

http::Response Unauthenticated(const Status& status) {
  http::Response response = ProblemResponse(status);
  response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"recoverynet\"");
  return response;
}

}  // namespace

bool OverTls(const http::Request& request) {
  return request.Header("x-forwarded-proto") == "https";
}

bool SameOrigin(const http::Request& request) {
  const std::string_view origin = request.Header("origin");
  if (origin.empty()) return true;
  const std::size_t scheme = origin.find("://");
  return scheme != std::string_view::npos && origin.substr(scheme + 3) == request.Header("host");
}

AccessGuard::AccessGuard(identity::Authenticator& auth, RepositorySource repositories,
                         PageDenials pages)
    : auth_(auth), repositories_(std::move(repositories)), pages_(std::move(pages)) {}

http::Route& AccessGuard::Add(http::Router& router, std::string method, std::string_view pattern,
                              identity::Permission permission, Surface surface,
                              GuardedHandler handler) const {
  const std::string access = "site:" + std::string(identity::PermissionName(permission));
  return router.Add(
      std::move(method), pattern,
      [this, permission, surface, handler = std::move(handler), pattern = std::string(pattern)](
          const http::Request& request, const http::PathParams& params) {
        return Guard(request, params, permission, surface, pattern, handler);
      },
      http::Execution::kBlocking, access);
}

void AccessGuard::AddSignedIn(http::Router& router, std::string method, std::string_view pattern,
                              Surface surface, GuardedHandler handler) const {
  router.Add(
      std::move(method), pattern,
      [this, surface, handler = std::move(handler), pattern = std::string(pattern)](
          const http::Request& request, const http::PathParams& params) {
        return Guard(request, params, std::nullopt, surface, pattern, handler);
      },
      http::Execution::kBlocking, kSignedIn);
}

std::optional<Caller> AccessGuard::SessionCaller(const http::Request& request,
                                                 Repositories& repositories) const {
  const auto cookie = http::CookieValue(request.Header("cookie"), kSessionCookie);
  if (!cookie) return std::nullopt;
  Result<Caller> caller = auth_.FromSession(repositories.identity, *cookie);
  if (!caller.ok()) return std::nullopt;
  return std::move(*caller);
}

http::Response AccessGuard::Guard(const http::Request& request, const http::PathParams& params,
                                  std::optional<identity::Permission> permission, Surface surface,
                                  std::string_view pattern, const GuardedHandler& handler) const {
  Result<Repositories*> repositories = repositories_();
  if (!repositories.ok()) return ProblemResponse(repositories.status());
  identity::Stores& identity_stores = (*repositories)->identity;

  // Who is calling: an API token (programs use the API, not the pages), else the session cookie.
  const std::string_view bearer = surface == Surface::kApi ? BearerToken(request) : "";
  const auto cookie = http::CookieValue(request.Header("cookie"), kSessionCookie);
  Result<Caller> caller = !bearer.empty()
                              ? auth_.FromToken(identity_stores, bearer)
                              : auth_.FromSession(identity_stores, cookie.value_or(std::string_view()));
  if (!caller.ok()) {
    if (caller.status().code() != StatusCode::kUnauthenticated) {
      return ProblemResponse(caller.status());
    }
    if (surface == Surface::kPage) return pages_.sign_in(request, cookie.has_value());
    return Unauthenticated(caller.status());
  }

  const std::string site = params.contains("site") ? params.find("site")->second : "";
  auto deny = [&](std::string reason, std::string_view message) {
    boost::json::object details;
    details["reason"] = reason;
    if (permission) details["permission"] = identity::PermissionName(*permission);
    identity::AuditEvent denied =
        identity::ChangeEvent({caller->actor, auth_.clock().Now(), request.remote_address, site},
                              identity::audit_action::kAccessDenied,
                              "route:" + request.method + " " + std::string(pattern),
                              boost::json::serialize(details));
    if (Status audited = identity_stores.audit.Append(&denied); !audited.ok()) {
      spdlog::error("event=audit_failed action=access.denied error=\"{}\"", audited.message());
      return ProblemResponse(Status::Internal("the request could not be recorded"));
    }
    if (surface == Surface::kPage) return pages_.refused(request, message);
    return ProblemResponse(Status(StatusCode::kForbidden, std::string(message)));
  };

  if (permission && !identity::Allows(caller->grants, *permission, site)) {
    return deny("permission", "your role does not allow this here");
  }
  if (caller->via == Caller::Via::kSession && ChangesState(request.method) &&
      (!SameOrigin(request) || !identity::SecretEquals(CsrfTokenOf(request), caller->csrf_token))) {
    return deny("csrf",
                "this form has expired or came from another site: go back, reload and "
                "try again");
  }
  return handler(request, params, *caller, **repositories);
}

}  // namespace rn::api
