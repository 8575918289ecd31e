#include "app/database.h"

#include "app/notes_key.h"
#include "storage/database.h"

namespace rn::app {
namespace {

api::Repositories RepositoriesOf(storage::Database& database,
                                 const identity::SecretBox& private_notes,
                                 const casework::PagingSettings& paging) {
  return {{database.accounts(), database.sessions(), database.tokens(), database.throttles(),
           database.audit(), database.unit_of_work()},
          {database.listings(), database.corrections(), database.import_sources(), database.audit(),
           database.unit_of_work()},
          {database.programs(), database.referrals(), database.participants(), database.contacts(),
           database.consents(), private_notes, database.accounts(), database.audit(),
           database.unit_of_work(), database.outbox(), paging},
          {database.resources(), database.audit(), database.unit_of_work()}};
}

// The key of the database at `path`: a new one for ":memory:"; else the key file beside it
// (NotesKeyPath), made when missing, unless the database already holds notes sealed with a key
// (then the file has been lost or moved, and a new key would not open them).
Result<identity::SecretKey> NotesKeyOf(const std::string& path, storage::Database& database) {
  if (path == ":memory:") return identity::SecretKey::Generate();
  Result<std::filesystem::path> where = NotesKeyPath(path);
  if (!where.ok()) return where.status();
  const std::filesystem::path& key_path = *where;
  Result<identity::SecretKey> key = LoadNotesKey(key_path, false);
  if (key.ok() || key.status().code() != StatusCode::kNotFound) return key;
  Result<bool> sealed = database.contacts().AnyPrivateNote();
  if (!sealed.ok()) return sealed.status();
  if (*sealed) {
    return Status::Internal("refusing to start: the private-note key file " + key_path.string() +
                            " is missing, and the database holds private notes sealed with it: "
                            "restore the file from where it is kept safe");
  }
  return LoadNotesKey(key_path, true);
}

}  // namespace

Result<std::unique_ptr<Database>> Database::Open(const std::string& path,
                                                 const casework::PagingSettings& paging) {
  Result<std::unique_ptr<storage::Database>> opened = storage::Database::Open(path);
  if (!opened.ok()) return opened.status();
  Result<identity::SecretKey> key = NotesKeyOf(path, **opened);
  if (!key.ok()) return key.status();
  return std::unique_ptr<Database>(new Database(
      std::move(*opened), std::make_unique<identity::SecretBox>(std::move(*key)), paging));
}

Database::Database(std::unique_ptr<storage::Database> database,
                   std::unique_ptr<identity::SecretBox> private_notes,
                   const casework::PagingSettings& paging)
    : database_(std::move(database)),
      private_notes_(std::move(private_notes)),
      paging_(paging),
      repositories_(RepositoriesOf(*database_, *private_notes_, paging_)) {}

Database::~Database() = default;

int LatestSchemaVersion() { return storage::LatestSchemaVersion(); }

Result<std::unique_ptr<directory::ListingChangeFeed>> Database::ListenForListingChanges() {
  return database_->ListenForListingChanges();
}

bool IsPostgres(std::string_view db) { return storage::IsPostgresUri(db); }

}  // namespace rn::app
