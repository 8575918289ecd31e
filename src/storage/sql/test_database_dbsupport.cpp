// The SQLite backend of the domains' test databases (casework/, directory/ and identity/
// test_database.h): linked into db_tests only (CMake's `_dbsupport` suffix).

#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

#include "casework/test_database.h"
#include "directory/test_database.h"
#include "identity/test_database.h"
#include "resources/test_database.h"
#include "storage/database.h"
#include "storage/sql/dbtest_database.h"

namespace rn::storage {
namespace {

template <typename Stores>
class SqliteTestDatabase final : public testing::TestDatabase<Stores> {
 public:
  SqliteTestDatabase(std::unique_ptr<Database> database, Stores stores)
      : database_(std::move(database)), stores_(stores) {}

  Stores& stores() override { return stores_; }

 private:
  std::unique_ptr<Database> database_;
  Stores stores_;
};

template <typename Stores, typename MakeStores>
Result<std::unique_ptr<testing::TestDatabase<Stores>>> Open(const std::string& path,
                                                            MakeStores make_stores) {
  Result<std::unique_ptr<Database>> database = Database::Open(TestLocation(path));
  if (!database.ok()) return database.status();
  Stores stores = make_stores(**database);
  return std::unique_ptr<testing::TestDatabase<Stores>>(
      new SqliteTestDatabase<Stores>(std::move(*database), stores));
}

}  // namespace
}  // namespace rn::storage

namespace rn::directory {

Result<std::unique_ptr<testing::TestDatabase<Stores>>> OpenTestDatabase(const std::string& path) {
  return storage::Open<Stores>(path, [](storage::Database& db) {
    return Stores{db.listings(), db.corrections(), db.import_sources(), db.audit(),
                  db.unit_of_work()};
  });
}

}  // namespace rn::directory

namespace rn::resources {

Result<std::unique_ptr<testing::TestDatabase<Stores>>> OpenTestDatabase(const std::string& path) {
  return storage::Open<Stores>(path, [](storage::Database& db) {
    return Stores{db.resources(), db.audit(), db.unit_of_work()};
  });
}

}  // namespace rn::resources

namespace rn::identity {

Result<std::unique_ptr<testing::TestDatabase<Stores>>> OpenTestDatabase(const std::string& path) {
  return storage::Open<Stores>(path, [](storage::Database& db) {
    return Stores{db.accounts(),  db.sessions(), db.tokens(),
                  db.throttles(), db.audit(),    db.unit_of_work()};
  });
}

}  // namespace rn::identity

namespace rn::casework {

const identity::SecretBox& TestPrivateNotes() {
  static const identity::SecretBox box(*identity::SecretKey::Generate());
  return box;
}

std::string StoredContactBytes(const std::string& path) {
  if (storage::TestingOnPostgres()) {
    storage::RawDb raw(path);
    return raw.Scalar(
        "SELECT string_agg(note || ' ' || COALESCE(encode(private_note, 'escape'), ''), ' ') FROM "
        "contacts");
  }
  std::string bytes;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::ifstream in(path + suffix, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    bytes += contents.str();
  }
  return bytes;
}

Result<std::unique_ptr<testing::TestDatabase<TestStores>>> OpenTestDatabase(
    const std::string& path) {
  return storage::Open<TestStores>(path, [](storage::Database& db) {
    return TestStores{Stores{db.programs(), db.referrals(), db.participants(), db.contacts(),
                             db.consents(), TestPrivateNotes(), db.accounts(), db.audit(),
                             db.unit_of_work(), db.outbox(), DefaultPagingSettings()},
                      identity::Stores{db.accounts(), db.sessions(), db.tokens(), db.throttles(),
                                       db.audit(), db.unit_of_work()}};
  });
}

}  // namespace rn::casework
