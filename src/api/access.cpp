#include "api/access.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "api/errors.h"
#include "http/cookie.h"
#include "http/form.h"
#include "http/multipart.h"
#include "http/problem.h"
#include "identity/audit_actions.h"
#include "identity/secret.h"
#include "util/text.h"

namespace rn::api {
namespace {

using identity::Caller;

bool ChangesState(std::string_view method) { return method != "GET" && method != "HEAD"; }

constexpr std::string_view kCsrfRefusal =
    "this form has expired or came from another site: go back, reload and try again";

// The `_csrf` field of the request's form body, decoded as the handler will decode it
// (application/x-www-form-urlencoded with http::DecodeQuery; multipart/form-data, whose fields
// other than files must be UTF-8): empty when there is none or the body is not a form;
// kInvalidArgument naming the field when the form does not decode.
Result<std::string> FormCsrfToken(const http::Request& request) {
  const std::string_view content_type = request.Header("content-type");
  std::string token;
  if (content_type.starts_with("multipart/form-data")) {
    auto parts = http::ParseMultipart(content_type, request.body);
    if (!parts.ok()) return parts.status();
    for (const http::FormPart& part : *parts) {
      if (!part.filename.empty()) continue;
      if (!text::IsValidUtf8(part.name)) {
        return Status::Invalid("body", "has a field name that is not valid UTF-8");
      }
      if (!text::IsValidUtf8(part.body)) return Status::Invalid(part.name, "is not valid UTF-8");
      if (part.name == kCsrfField && token.empty()) token = part.body;
    }
    return token;
  }
  if (!content_type.starts_with("application/x-www-form-urlencoded")) return token;
  auto fields = http::DecodeQuery(request.body);
  if (!fields.ok()) return fields.status();
  for (const auto& [name, value] : *fields) {
    if (name == kCsrfField && !value.empty()) return value;
  }
  return token;
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

// The page the guard answers for an error when the console gave it none (PageDenials::error).
http::Response PlainErrorPage(const ClientError& error) {
  http::Response response;
  response.status = error.http_status;
  response.content_type = "text/plain; charset=utf-8";
  response.body = std::string(http::StatusReason(error.http_status)) + "\n\n" +
                  (error.server_error() ? error.Sentence()
                                        : "The request could not be read: " + error.detail + ".") +
                  "\n";
  response.headers.emplace_back("Cache-Control", "no-store");
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
  // An error that is not a refusal, in the surface's form: problem+json, or a page.
  auto problem = [&](const Status& status) {
    if (surface == Surface::kApi) return ProblemResponse(status);
    const ClientError error = ClientErrorOf(status);
    return pages_.error ? pages_.error(request, error) : PlainErrorPage(error);
  };

  Result<Repositories*> repositories = repositories_();
  if (!repositories.ok()) return problem(repositories.status());
  identity::Stores& identity_stores = (*repositories)->identity;

  // Who is calling: an API token (programs use the API, not the pages), else the session cookie.
  const std::string_view bearer = surface == Surface::kApi ? BearerToken(request) : "";
  const auto cookie = http::CookieValue(request.Header("cookie"), kSessionCookie);
  Result<Caller> caller =
      !bearer.empty() ? auth_.FromToken(identity_stores, bearer)
                      : auth_.FromSession(identity_stores, cookie.value_or(std::string_view()));
  if (!caller.ok()) {
    if (caller.status().code() != StatusCode::kUnauthenticated) return problem(caller.status());
    if (surface == Surface::kPage) return pages_.sign_in(request, cookie.has_value());
    return Unauthenticated(caller.status());
  }

  const std::string site = params.contains("site") ? params.find("site")->second : "";
  auto deny = [&](std::string reason, std::string_view message) {
    boost::json::object details;
    details["reason"] = reason;
    if (permission) details["permission"] = identity::PermissionName(*permission);
    identity::AuditEvent denied = identity::ChangeEvent(
        {caller->actor, auth_.clock().Now(), request.remote_address, site},
        identity::audit_action::kAccessDenied,
        "route:" + request.method + " " + std::string(pattern), boost::json::serialize(details));
    if (Status audited = identity_stores.audit.Append(&denied); !audited.ok()) {
      return problem(Status::Internal("the access.denied audit entry could not be written: " +
                                      audited.message()));
    }
    if (surface == Surface::kPage) return pages_.refused(request, message);
    return ProblemResponse(Status(StatusCode::kForbidden, std::string(message)));
  };

  if (permission && !identity::Allows(caller->grants, *permission, site)) {
    return deny("permission", "your role does not allow this here");
  }
  // What cannot be decoded is the client's mistake, named, before the CSRF check looks for the
  // token inside it: a bad field must not read as a missing token.
  if (Status query = http::DecodeQuery(request.query).status_or_ok(); !query.ok()) {
    return problem(query);
  }
  if (!ChangesState(request.method)) return handler(request, params, *caller, **repositories);
  const bool session = caller->via == Caller::Via::kSession;
  if (session && !SameOrigin(request)) return deny("csrf", kCsrfRefusal);
  Result<std::string> form_token = FormCsrfToken(request);
  if (!form_token.ok()) return problem(form_token.status());
  if (session) {
    const std::string_view header = request.Header(kCsrfHeader);
    const std::string_view token = header.empty() ? std::string_view(*form_token) : header;
    if (!identity::SecretEquals(token, caller->csrf_token)) return deny("csrf", kCsrfRefusal);
  }
  return handler(request, params, *caller, **repositories);
}

}  // namespace rn::api
