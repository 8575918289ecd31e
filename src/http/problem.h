#pragma once
// RFC 9457 problem details for the errors the HTTP layer makes itself (404, 405, 413, 431, 400,
// 500). Beast-free.

#include <string_view>

#include "http/message.h"

namespace rn::http {

inline constexpr std::string_view kProblemContentType = "application/problem+json";

// The standard reason phrase of an HTTP status ("Not Found"); "Unknown" for codes not in the table.
std::string_view StatusReason(int status);

// A problem+json response: {"type":"about:blank","title":<reason>,"status":<status>,
// "detail":<detail>}. `detail` is shown to the client, so it must not carry internal information.
Response ProblemResponse(int status, std::string_view detail);

}  // namespace rn::http
