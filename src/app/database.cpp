#include "app/database.h"

#include "storage/sqlite/database.h"

namespace rn::app {
namespace {

api::Repositories RepositoriesOf(storage::SqliteDatabase& database) {
  return {{database.accounts(), database.sessions(), database.tokens(), database.audit(),
           database.unit_of_work()},
          {database.listings(), database.corrections(), database.import_sources(), database.audit(),
           database.unit_of_work()},
          {database.programs(), database.referrals(), database.accounts(), database.audit(),
           database.unit_of_work()}};
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path) {
  Result<std::unique_ptr<storage::SqliteDatabase>> opened = storage::SqliteDatabase::Open(path);
  if (!opened.ok()) return opened.status();
  return std::unique_ptr<Database>(new Database(std::move(*opened)));
}

Database::Database(std::unique_ptr<storage::SqliteDatabase> database)
    : database_(std::move(database)), repositories_(RepositoriesOf(*database_)) {}

Database::~Database() = default;

int LatestSchemaVersion() { return storage::LatestSchemaVersion(); }

}  // namespace rn::app
