#pragma once
// The one place the program picks its database: opens the SQLite database (storage/) and hands
// out every domain's repositories over it, and the key private notes are sealed with. One Database
// per thread.

#include <memory>
#include <string>
#include <string_view>

#include "api/repositories.h"
#include "identity/secret_box.h"
#include "util/status.h"

namespace rn::storage {
class Database;
}

namespace rn::app {

class Database final {
 public:
  // Opens (creating if needed) and migrates the database at `path` (":memory:" for a private one),
  // with the key its private notes are sealed with (app/notes_key.h: the file beside it, made at
  // first start; a fresh key for ":memory:"). Fails, saying why, when the key file is unsafe or
  // the wrong size, or missing while the database holds sealed notes.
  // Its casework use cases page urgent referrals as `paging` says (the defaults when omitted).
  static Result<std::unique_ptr<Database>> Open(
      const std::string& path,
      const casework::PagingSettings& paging = casework::DefaultPagingSettings());
  ~Database();

  api::Repositories& repositories() { return repositories_; }
  identity::Stores& identity() { return repositories_.identity; }
  directory::Stores& directory() { return repositories_.directory; }
  casework::Stores& casework() { return repositories_.casework; }
  resources::Stores& resources() { return repositories_.resources; }
  notify::OutboxStore& outbox() { return repositories_.casework.outbox; }
  // The listing writes other servers commit, heard on this database's connection (PostgreSQL
  // only: kUnavailable on SQLite).
  Result<std::unique_ptr<directory::ListingChangeFeed>> ListenForListingChanges();

 private:
  Database(std::unique_ptr<storage::Database> database,
           std::unique_ptr<identity::SecretBox> private_notes,
           const casework::PagingSettings& paging);

  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<identity::SecretBox> private_notes_;
  const casework::PagingSettings paging_;  // before repositories_, which refer to it
  api::Repositories repositories_;
};

// The newest schema version this build knows.
int LatestSchemaVersion();

// Whether `db` names a PostgreSQL database (a postgresql:// or postgres:// URI) rather than a
// SQLite file.
bool IsPostgres(std::string_view db);

}  // namespace rn::app
