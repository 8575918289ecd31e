#pragma once
// The one place where protocol-neutral status codes become HTTP: status, title and an
// application/problem+json body (RFC 9457) with `field` for validation errors; and the one place
// that decides what a client may be told about a failure (ClientErrorOf) and logs what it may not.

#include <string>

#include "http/message.h"
#include "util/status.h"

namespace rn::api {

// The HTTP status for a non-OK code.
int HttpStatusOf(StatusCode code);

// What a client is told about a failed request, whatever the surface (problem+json, a staff page,
// a public page).
struct ClientError {
  int http_status = 500;
  // The status's reason phrase ("Bad Request"), the problem's title.
  std::string title;
  // Safe to show: a 4xx status's own message (after its field, "lat: needs lng too"), or the
  // generic http::ServerErrorDetail of a 5xx.
  std::string detail;
  // The input at fault (4xx validation errors only; empty otherwise).
  std::string field;
  // A 5xx only: the id of the request (http::CurrentRequestId), the reference the client quotes
  // and the operator finds in the log. Empty for a 4xx.
  std::string request_id;

  bool server_error() const { return http_status >= 500; }
  // `detail` as a sentence for a page: for a 5xx with its reference, "The server could not
  // complete the request (reference 0123456789abcdef)."; for a 4xx `detail` itself.
  std::string Sentence() const;
};

// The one policy. A status whose code the table maps to a 4xx is shown as it is: its message (and
// field) is written for the client (util/status.h). A status that maps to a 5xx (kUnavailable →
// 503, kInternal and any code the table does not know → 500) is never shown: the client gets the
// generic detail and the request id, and the status's message is logged here, once, with the
// request id: `event=server_error request_id=<id> status=<http> code=<code> error="<message>"`, at
// error level (warning for 503, a busy database being transient). Call it once per answer: each
// call logs. REQUIRES: !status.ok().
ClientError ClientErrorOf(const Status& status);

// ClientErrorOf(status) as problem+json: {"type","title","status","detail"} plus "field" for a
// validation error, or "request_id" for a 5xx. REQUIRES: !status.ok().
http::Response ProblemResponse(const Status& status);

}  // namespace rn::api
