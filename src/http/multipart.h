#pragma once
// multipart/form-data request bodies (RFC 7578), as a browser sends a form with a file. Beast-free.

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rn::http {

struct FormPart {
  std::string name;          // the form field's name
  std::string filename;      // the file's name for a file field; empty otherwise
  std::string content_type;  // the part's Content-Type; may be empty
  std::string body;
};

// The parts of `body`, sent with Content-Type `content_type` ("multipart/form-data;
// boundary=…"). kInvalidArgument (field "body") for another content type, a missing boundary, a
// part without a form-data Content-Disposition and name, a body that does not end with the closing
// delimiter, or more than `max_parts` parts.
Result<std::vector<FormPart>> ParseMultipart(std::string_view content_type, std::string_view body,
                                             std::size_t max_parts = 50);

}  // namespace rn::http
