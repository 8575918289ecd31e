// Where the database tests' databases are (sql/dbtest_database.h TestLocation): SQLite files as
// the tests name them, or, when db_tests runs for PostgreSQL (RN_TEST_DATABASE=postgres, the
// db_tests_postgres ctest entry), a schema of its own on the fixture's server for each.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>

#include "storage/postgres/connection.h"
#include "storage/postgres/dbtest_server.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

// The schemas this process made, by the path they stand for; dropped when the tests end (by
// DropTestSchemas, not a destructor at exit, when libpqxx's own statics may be gone).
class TestSchemas final {
 public:
  void DropAll() {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (admin_ == nullptr) return;
    for (const auto& [path, schema] : schemas_) {
      (void)admin_->Exec("DROP SCHEMA IF EXISTS " + schema + " CASCADE", "drop a test schema");
    }
    schemas_.clear();
    admin_.reset();
  }

  std::string UriOf(const std::string& path) {
    const std::lock_guard<std::mutex> lock(mutex_);
    const std::string server = postgres::TestServerUri();
    if (server.empty()) throw std::runtime_error(std::string(postgres::kNoTestServer));
    if (admin_ == nullptr) {
      Result<std::unique_ptr<postgres::Connection>> admin = postgres::Connection::Open(server);
      if (!admin.ok()) throw std::runtime_error(admin.status().message());
      admin_ = std::move(*admin);
    }
    auto found = path == ":memory:" ? schemas_.end() : schemas_.find(path);
    if (found == schemas_.end()) {
      const std::string schema =
          "rn_test_" + std::to_string(::getpid()) + "_" + std::to_string(++made_);
      const Status created = admin_->Exec("CREATE SCHEMA " + schema, "create a test schema");
      if (!created.ok()) throw std::runtime_error(created.message());
      found = schemas_.emplace(path == ":memory:" ? schema : path, schema);
    }
    const char separator = server.find('?') == std::string::npos ? '?' : '&';
    return server + separator + "options=-csearch_path%3D" + found->second;
  }

 private:
  std::mutex mutex_;
  std::unique_ptr<postgres::Connection> admin_;
  std::multimap<std::string, std::string> schemas_;
  int made_ = 0;
};

TestSchemas& Schemas() {
  static TestSchemas* const schemas = new TestSchemas;  // never destroyed: see DropTestSchemas
  return *schemas;
}

class DropTestSchemas final : public ::testing::Environment {
 public:
  void TearDown() override { Schemas().DropAll(); }
};

[[maybe_unused]] ::testing::Environment* const kDropTestSchemas =
    ::testing::AddGlobalTestEnvironment(new DropTestSchemas);

}  // namespace

bool TestingOnPostgres() {
  const char* backend = std::getenv("RN_TEST_DATABASE");
  return backend != nullptr && std::string(backend) == "postgres";
}

std::string TestLocation(const std::string& path) {
  if (!TestingOnPostgres()) return path;
  return Schemas().UriOf(path);
}

}  // namespace rn::storage
