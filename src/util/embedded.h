#pragma once
// Files compiled into the program (CMakeLists.txt, RN_EMBEDDED_FILES): the type vocabulary, page
// templates, message catalogues and static assets. Nothing is read from disk at run time.

#include <optional>
#include <string_view>

namespace rn::embedded {

// The bytes of the embedded file `name` (e.g. "types.json", "web/templates/finder.mustache"), or
// nullopt. The view stays valid for the life of the program.
std::optional<std::string_view> FindFile(std::string_view name);

}  // namespace rn::embedded
