#pragma once
// RFC 9457 problem details: the bodies of the errors the HTTP layer makes itself (404, 405, 413,
// 431, 400, 500) and of the handlers' errors, and the one text a 5xx answer shows. Beast-free.

#include <string_view>

#include "http/message.h"

namespace rn::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// The standard reason phrase of an HTTP status ("Not Found"); "Unknown" for codes not in the table.
std::string_view StatusReason(int status);

// A problem+json response: {"type":"about:blank","title":<reason>,"status":<status>,
// "detail":<detail>} plus "field":<field> when a field is named (the input at fault). `detail` is
// shown to the client, so it must not carry internal information. The one place problem bodies are
// written, for the server's own errors and (through api/errors.h) the handlers'.
Response ProblemResponse(int status, std::string_view detail, std::string_view field = {});

// What a 5xx answer tells the client instead of its cause (which goes to the log only): for 503
// that the service is busy and to try again in a moment; for any other status that the server could
// not complete the request.
std::string_view ServerErrorDetail(int status);

// A 5xx problem+json response: ProblemResponse(status, ServerErrorDetail(status)) plus
// "request_id":<request_id> (left out when empty), the reference a client quotes and the operator
// finds in the log. REQUIRES: status >= 500.
Response ServerErrorResponse(int status, std::string_view request_id);

}  // namespace rn::http
