#pragma once
// Helpers for tests only: compiled into unit_tests and db_tests (which define RN_SOURCE_DIR), never
// into the program.

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rn::testing {

// The contents of `relative` under the repository's testdata/ directory, e.g.
// "meeting-feeds/oc.json". Throws when the file cannot be read, so a missing fixture fails loudly.
inline std::string ReadTestData(std::string_view relative) {
  const std::filesystem::path path = std::filesystem::path(RN_SOURCE_DIR) / "testdata" / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read test data " + path.string());
  std::ostringstream contents;
  contents << in.rdbuf();
  return std::move(contents).str();
}

// A fresh directory under the system temp dir, removed with everything in it at the end.
class TempDir final {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "rn-test-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

// A fresh, real database for a domain's database tests (*_dbtest.cpp), holding that domain's
// repositories (`Stores`: directory::Stores, identity::Stores…). Each domain declares its
// OpenTestDatabase in its own test_database.h, and the storage backend the db_tests binary links
// (storage/sql/test_database_dbsupport.cpp) opens it, so a domain's tests never include
// storage/ any more than its code does.
template <typename Stores>
class TestDatabase {
 public:
  virtual ~TestDatabase() = default;
  virtual Stores& stores() = 0;
};

}  // namespace rn::testing
