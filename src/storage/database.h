#pragma once
// The database: one connection — to the embedded SQLite file (WAL mode, synchronous=NORMAL,
// foreign keys on) or to a PostgreSQL server — with the migrations applied on open, and every
// repository the domains declare, implemented over it (storage/sql/). One Database per thread: its
// repositories share the connection, so a UnitOfWork's transaction covers the writes any of them
// make inside it.

#include <memory>
#include <string>
#include <string_view>

#include "casework/consent_store.h"
#include "casework/contact_store.h"
#include "casework/participant_store.h"
#include "casework/program_store.h"
#include "casework/referral_store.h"
#include "directory/correction_store.h"
#include "directory/import_source_store.h"
#include "directory/listing_store.h"
#include "identity/account_store.h"
#include "identity/audit_store.h"
#include "identity/session_store.h"
#include "identity/throttle_store.h"
#include "notify/outbox_store.h"
#include "resources/resource_store.h"
#include "util/status.h"

namespace rn::storage {

class Database final {
 public:
  // Opens the database at `path` and migrates it to the newest schema: a PostgreSQL database when
  // `path` is a postgresql:// (or postgres://) URI, else the SQLite file at `path` (created if
  // needed, with its parent directory; ":memory:" gives a private in-memory database).
  static Result<std::unique_ptr<Database>> Open(const std::string& path);
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  directory::ListingStore& listings();
  directory::CorrectionStore& corrections();
  directory::ImportSourceStore& import_sources();
  identity::AccountStore& accounts();
  identity::SessionStore& sessions();
  identity::TokenStore& tokens();
  identity::ThrottleStore& throttles();
  identity::AuditStore& audit();
  identity::UnitOfWork& unit_of_work();
  casework::ProgramStore& programs();
  casework::ReferralStore& referrals();
  casework::ParticipantStore& participants();
  casework::ContactStore& contacts();
  casework::ConsentStore& consents();
  notify::OutboxStore& outbox();
  resources::ResourceStore& resources();

  // Listens, on this database's connection, for the listing writes other processes commit
  // (directory::SnapshotFollower). PostgreSQL only: kUnavailable on SQLite.
  Result<std::unique_ptr<directory::ListingChangeFeed>> ListenForListingChanges();
  // Makes this connection write and listen as server `origin` rather than as this process (its
  // default): for tests that run two servers in one process.
  void SetOrigin(std::string origin);

 private:
  struct Parts;
  explicit Database(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// The newest schema version this build knows.
int LatestSchemaVersion();

// Whether `location` names a PostgreSQL database (a postgresql:// or postgres:// URI), which
// Database::Open connects to, rather than a SQLite file.
bool IsPostgresUri(std::string_view location);

}  // namespace rn::storage
