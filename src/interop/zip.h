#pragma once
// The files of a zip archive (libzip), for HSDS data packages uploaded or given as a .zip.

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::interop {

// Each file of the zip archive `archive` by its path inside it (folders left out). kInvalidArgument
// (field "zip") when `archive` is not a zip archive, an entry cannot be read, or the files come to
// more than `max_bytes` uncompressed (a zip bomb stops there, not at the end of memory).
Result<std::map<std::string, std::string>> UnzipFiles(std::string_view archive,
                                                      std::size_t max_bytes);

}  // namespace rn::interop
