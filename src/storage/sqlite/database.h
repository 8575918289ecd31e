#pragma once
// The embedded SQLite database: one connection (WAL mode, synchronous=NORMAL, foreign keys on,
// migrations applied on open) and every repository the domains declare, implemented over it. One
// SqliteDatabase per thread: its repositories share the connection, so a UnitOfWork's transaction
// covers the writes any of them make inside it.

#include <memory>
#include <string>

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
#include "notify/outbox_store.h"
#include "util/status.h"

namespace rn::storage {

class SqliteDatabase final {
 public:
  // Opens (creating if needed, with its parent directory) the database at `path` and migrates it
  // to the newest schema. ":memory:" gives a private in-memory database.
  static Result<std::unique_ptr<SqliteDatabase>> Open(const std::string& path);
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  directory::ListingStore& listings();
  directory::CorrectionStore& corrections();
  directory::ImportSourceStore& import_sources();
  identity::AccountStore& accounts();
  identity::SessionStore& sessions();
  identity::TokenStore& tokens();
  identity::AuditStore& audit();
  identity::UnitOfWork& unit_of_work();
  casework::ProgramStore& programs();
  casework::ReferralStore& referrals();
  casework::ParticipantStore& participants();
  casework::ContactStore& contacts();
  casework::ConsentStore& consents();
  notify::OutboxStore& outbox();

 private:
  struct Parts;
  explicit SqliteDatabase(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

// The newest schema version this build knows.
int LatestSchemaVersion();

}  // namespace rn::storage
