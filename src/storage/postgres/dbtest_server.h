#pragma once
// How a PostgreSQL database test finds its server: the throwaway one of the `postgres` ctest
// fixture (scripts/pg-scratch), whose address is in the file ctest names in
// RN_TEST_POSTGRES_URI_FILE (CMakeLists.txt). Outside ctest there is none, and the tests skip.

#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace rn::storage::postgres {

// The fixture server's address (the first line of the file); empty when the tests run outside
// ctest, or the file cannot be read.
inline std::string TestServerUri() {
  const char* file = std::getenv("RN_TEST_POSTGRES_URI_FILE");
  if (file == nullptr) return {};
  std::ifstream in(file);
  std::string uri;
  std::getline(in, uri);
  return uri;
}

// What a test that needs the server says when it skips without one.
inline constexpr std::string_view kNoTestServer =
    "no PostgreSQL server: run under ctest, whose postgres fixture starts one";

}  // namespace rn::storage::postgres
