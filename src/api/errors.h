#pragma once
// The one place where protocol-neutral status codes become HTTP: status, title and an
// application/problem+json body (RFC 9457) with `field` for validation errors.

#include "http/message.h"
#include "util/status.h"

namespace rn::api {

// The HTTP status for a non-OK code.
int HttpStatusOf(StatusCode code);

// A problem+json response for `status`. REQUIRES: !status.ok(). The body carries only the
// client-safe message; internal details belong in the log.
http::Response ProblemResponse(const Status& status);

}  // namespace rn::api
