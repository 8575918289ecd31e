#pragma once
// Internal to sql/: the concrete repositories Database (database.h) composes, one per
// interface the domains declare, each over the database's one Connection. Each class is defined in
// the .cpp file named after its interface. They store and read; the rules are the domains'.

#include <boost/json/parser.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
#include "storage/sql/connection.h"

namespace rn::storage::sql {

// Instants stored as INTEGER columns (sessions, pending imports) are Unix seconds.
inline std::int64_t UnixSeconds(Instant at) { return at.time_since_epoch().count(); }

// The grants of `user_id`, ordered by site then role name (account_store.cpp; SessionStore::Find
// reads them too).
Result<std::vector<identity::RoleGrant>> SelectGrants(Connection& connection,
                                                      std::string_view user_id);

// Runs `insert`, an INSERT whose PostgreSQL spelling ends "ON CONFLICT DO NOTHING RETURNING 1"
// (account_store.cpp): true when it inserted the row, false when a key it must be unique on was
// taken (on SQLite any constraint, as the statement failing tells). A failed statement stops a
// PostgreSQL transaction, so there a taken key inserts nothing and returns no row instead; SQLite
// goes on after a failed statement, and a plain INSERT costs it less than one with RETURNING
// (the CLI's fresh import of 1,967 listings: 80 against 104 ms).
Result<bool> InsertUnlessTaken(const Connection& connection, Statement& insert);

// sql/listing_store.cpp
class SqlListingStore final : public directory::ListingStore {
 public:
  explicit SqlListingStore(Connection& connection) : connection_(connection) {}

  Result<std::vector<directory::Listing>> LoadAll() override;
  Status ScanAll(const std::function<void(directory::Listing&&)>& visit) override;
  Result<std::vector<directory::Listing>> LoadOfSource(std::string_view source) override;
  Result<std::vector<directory::StoredDocument>> DocumentsOfSource(
      std::string_view source) override;
  Result<std::optional<directory::Listing>> Get(std::string_view id) override;
  Status Apply(const directory::ListingWrites& writes, std::string_view actor, Instant at) override;
  Result<std::vector<directory::ListingChange>> History(std::string_view id) override;
  Result<std::int64_t> Count() override;

 private:
  // Runs a listing SELECT (columns id, doc, latitude, longitude) with `key` bound to ?1 unless
  // empty.
  Result<std::vector<directory::Listing>> SelectListings(std::string_view sql,
                                                         std::string_view key);
  // The same, calling `visit` with each listing as it is read.
  Status ScanListings(std::string_view sql, std::string_view key,
                      const std::function<void(directory::Listing&&)>& visit);
  // The stored document of listing `id`, or nullopt when there is none.
  Result<std::optional<std::string>> StoredDoc(std::string_view id);
  Status InsertChange(std::string_view listing_id, std::string_view at, std::string_view actor,
                      std::string_view action, std::optional<std::string_view> before,
                      std::optional<std::string_view> after);
  // REQUIRES: a Transaction is open.
  Status ApplyInTransaction(const directory::ListingWrites& writes,
                            const std::vector<std::string>& docs, std::string_view actor,
                            std::string_view at);

  Connection& connection_;
  boost::json::parser parser_;  // reused by every load: its buffers outlive one document
};

// sql/listing_store.cpp: the listing writes other processes commit, over a connection that
// listens for them (PostgreSQL only: Open fails with kUnavailable on SQLite).
class SqlListingChangeFeed final : public directory::ListingChangeFeed {
 public:
  static Result<std::unique_ptr<SqlListingChangeFeed>> Open(Connection& connection);

  Result<std::vector<std::string>> Wait(std::chrono::milliseconds timeout) override;

 private:
  explicit SqlListingChangeFeed(Connection& connection) : connection_(connection) {}

  Connection& connection_;
};

// sql/resource_store.cpp
class SqlResourceStore final : public resources::ResourceStore {
 public:
  explicit SqlResourceStore(Connection& connection) : connection_(connection) {}

  Result<std::vector<resources::StoredRecord>> OfSource(std::string_view source) override;
  Status ScanAll(const std::function<void(resources::StoredRecord&&)>& visit) override;
  Result<std::optional<resources::StoredRecord>> Get(const resources::RecordKey& key) override;
  Status Apply(const resources::RecordWrites& writes, std::string_view actor, Instant at) override;
  Result<std::vector<resources::RecordChange>> History(const resources::RecordKey& key) override;
  Result<std::int64_t> Count(resources::RecordKind kind) override;
  Result<std::int64_t> LatestChange() override;
  Status RecordSource(const resources::ResourceSource& source) override;
  Result<std::vector<resources::ResourceSource>> Sources() override;

 private:
  // Runs a record SELECT (columns kind, id, source, doc, updated_at) with `key` bound to ?1
  // unless empty, calling `visit` with each record.
  Status Scan(std::string_view sql, std::string_view key,
              const std::function<void(resources::StoredRecord&&)>& visit);
  Result<std::optional<std::string>> StoredDoc(const resources::RecordKey& key);
  Status InsertChange(const resources::RecordKey& key, std::string_view at, std::string_view actor,
                      std::string_view action, std::optional<std::string_view> before,
                      std::optional<std::string_view> after);
  // REQUIRES: a Transaction is open.
  Status ApplyInTransaction(const resources::RecordWrites& writes,
                            const std::vector<std::string>& docs, std::string_view actor,
                            std::string_view at);

  Connection& connection_;
};

// sql/correction_store.cpp
class SqlCorrectionStore final : public directory::CorrectionStore {
 public:
  explicit SqlCorrectionStore(Connection& connection) : connection_(connection) {}

  Result<std::int64_t> Insert(const directory::CorrectionRequest& request) override;
  Result<std::vector<directory::CorrectionRequest>> List(
      std::optional<std::string_view> status) override;
  Result<std::optional<directory::CorrectionRequest>> Get(std::int64_t id) override;
  Result<bool> MarkResolved(std::int64_t id, std::string_view status, std::string_view resolved_by,
                            std::string_view resolved_at) override;

 private:
  Connection& connection_;
};

// sql/import_source_store.cpp
class SqlImportSourceStore final : public directory::ImportSourceStore {
 public:
  explicit SqlImportSourceStore(Connection& connection) : connection_(connection) {}

  Status Record(const directory::ImportSource& source) override;
  Status SetUrl(std::string_view source, std::string_view url) override;
  Result<std::vector<directory::ImportSource>> List() override;
  Status SavePending(const directory::PendingImport& pending) override;
  Result<std::optional<directory::PendingImport>> TakePending(std::string_view id) override;
  Status KeepBmltDocuments(const directory::KeptBmltDocuments& documents) override;
  Status ForgetBmltDocuments(std::string_view source) override;
  Result<std::vector<directory::KeptBmltDocuments>> LoadBmltDocuments() override;

 private:
  Connection& connection_;
};

// sql/account_store.cpp
class SqlAccountStore final : public identity::AccountStore {
 public:
  explicit SqlAccountStore(Connection& connection) : connection_(connection) {}

  Status InsertSite(const identity::Site& site) override;
  Result<std::vector<identity::Site>> ListSites() override;
  Result<bool> SiteExists(std::string_view id) override;
  Result<std::optional<identity::Site>> GetSite(std::string_view id) override;
  Status InsertUser(const identity::User& user, std::string_view password_hash) override;
  Result<std::optional<identity::StoredUser>> FindUserByName(std::string_view name) override;
  Result<std::optional<identity::StoredUser>> GetUser(std::string_view user_id) override;
  Result<std::vector<identity::User>> ListUsers() override;
  Result<bool> SetPasswordHash(std::string_view user_id, std::string_view password_hash,
                               Instant at) override;
  Result<bool> SetDisabled(std::string_view user_id, bool disabled) override;
  Result<bool> SetContact(std::string_view user_id, std::string_view email,
                          std::string_view pager_phone) override;
  Result<std::vector<identity::User>> ListUsersWithRole(std::string_view site_id,
                                                        identity::Role role) override;
  Status UpsertGrant(const identity::RoleGrant& grant) override;
  Result<bool> RemoveGrant(std::string_view user_id, identity::Role role,
                           std::string_view site_id) override;
  Result<std::vector<identity::RoleGrant>> ListGrants(std::string_view user_id) override;

 private:
  // The user selected by `sql` (kSelectUserByName's columns) with ?1 = key, or nullopt.
  Result<std::optional<identity::StoredUser>> SelectUser(std::string_view sql,
                                                         std::string_view key);

  Connection& connection_;
};

// sql/session_store.cpp
class SqlSessionStore final : public identity::SessionStore {
 public:
  explicit SqlSessionStore(Connection& connection) : connection_(connection) {}

  Status Insert(const identity::Session& session) override;
  Result<std::optional<identity::SessionRecord>> Find(std::string_view id_hash) override;
  Status Touch(std::string_view id_hash, Instant at) override;
  Result<int> Delete(std::string_view id_hash) override;
  Result<int> DeleteOfUser(std::string_view user_id) override;
  Result<int> Purge(Instant created_before, Instant seen_before) override;

 private:
  Connection& connection_;
};

// sql/token_store.cpp
class SqlTokenStore final : public identity::TokenStore {
 public:
  explicit SqlTokenStore(Connection& connection) : connection_(connection) {}

  Status Insert(const identity::ApiToken& token, std::string_view secret_hash) override;
  Result<std::vector<identity::ApiToken>> List(std::string_view site_id) override;
  Result<std::optional<identity::ApiToken>> Get(std::string_view id) override;
  Result<std::optional<identity::ApiToken>> FindBySecretHash(std::string_view secret_hash) override;
  Result<bool> MarkRevoked(std::string_view id, Instant at) override;
  Status Touch(std::string_view id, Instant at) override;

 private:
  // The tokens `sql` (kSelectTokens' columns) selects, with `key` bound to ?1 when set.
  Result<std::vector<identity::ApiToken>> SelectTokens(std::string_view sql,
                                                       std::optional<std::string_view> key);

  Connection& connection_;
};

// sql/throttle_store.cpp
class SqlThrottleStore final : public identity::ThrottleStore {
 public:
  explicit SqlThrottleStore(Connection& connection) : connection_(connection) {}

  Result<std::vector<Instant>> Since(std::string_view scope, std::string_view key_hash,
                                     Instant since) override;
  Status Record(std::string_view scope, std::string_view key_hash, Instant at,
                Instant forget_before) override;
  Status Forget(std::string_view scope, std::string_view key_hash) override;

 private:
  Connection& connection_;
};

// sql/audit_store.cpp
class SqlAuditStore final : public identity::AuditStore {
 public:
  explicit SqlAuditStore(Connection& connection) : connection_(connection) {}

  Status Append(identity::AuditEvent* event) override;
  Result<std::vector<identity::AuditEvent>> LoadAll() override;
  Result<identity::AuditHead> LoadHead() override;
  Result<std::vector<identity::AuditEvent>> ListSite(std::string_view site_id,
                                                     std::int64_t before_seq, int limit) override;

  // Appends `*event` (already checked by ValidateAuditEvent) after the stored head and advances
  // the head. REQUIRES: a Transaction is open on the connection (the head is read under its write
  // lock, so two appends cannot take the same seq).
  Status AppendInTransaction(identity::AuditEvent* event);

 private:
  Connection& connection_;
};

// sql/audit_store.cpp: a Transaction around `work` and the entry it returns.
class SqlUnitOfWork final : public identity::UnitOfWork {
 public:
  SqlUnitOfWork(Connection& connection, SqlAuditStore& audit)
      : connection_(connection), audit_(audit) {}

  Status Run(const std::function<Result<identity::AuditEvent>()>& work) override;

 private:
  Connection& connection_;
  SqlAuditStore& audit_;
};

// sql/program_store.cpp
class SqlProgramStore final : public casework::ProgramStore {
 public:
  explicit SqlProgramStore(Connection& connection) : connection_(connection) {}

  Status InsertProgram(const casework::Program& program) override;
  Result<std::vector<casework::Program>> ListPrograms(std::string_view site_id) override;
  Result<std::optional<casework::Program>> GetProgram(std::string_view site_id,
                                                      std::string_view id) override;
  Status InsertPartner(const casework::Partner& partner) override;
  Result<std::vector<casework::Partner>> ListPartners(std::string_view site_id) override;
  Result<std::optional<casework::Partner>> GetPartner(std::string_view site_id,
                                                      std::string_view id) override;
  Status ReplaceRoster(std::string_view site_id, std::string_view program_id,
                       const std::vector<casework::Shift>& shifts) override;
  Result<std::vector<casework::Shift>> ListRoster(std::string_view site_id,
                                                  std::string_view program_id) override;

 private:
  Connection& connection_;
};

// sql/referral_store.cpp
class SqlReferralStore final : public casework::ReferralStore {
 public:
  explicit SqlReferralStore(Connection& connection) : connection_(connection) {}

  Status Insert(const casework::Referral& referral) override;
  Result<std::optional<casework::Referral>> Get(std::string_view site_id,
                                                std::string_view id) override;
  Status UpdateLifecycle(const casework::Referral& referral) override;
  Result<std::vector<casework::Referral>> List(std::string_view site_id,
                                               const casework::ReferralQuery& query) override;
  Result<int> CountWithStatus(std::string_view site_id, casework::ReferralStatus status) override;

 private:
  Connection& connection_;
};

// sql/participant_store.cpp
class SqlParticipantStore final : public casework::ParticipantStore {
 public:
  explicit SqlParticipantStore(Connection& connection) : connection_(connection) {}

  Status Insert(const casework::Participant& participant,
                const casework::ParticipantSummary& summary) override;
  Result<std::optional<casework::Participant>> Get(std::string_view site_id,
                                                   std::string_view id) override;
  Result<std::optional<casework::ParticipantSummary>> GetSummary(std::string_view site_id,
                                                                 std::string_view id) override;
  Status UpdateSummary(std::string_view site_id, std::string_view id,
                       const casework::ParticipantSummary& summary) override;
  Result<std::vector<std::string>> FindByNameAndBirth(std::string_view site_id,
                                                      std::string_view name_key, casework::Day born,
                                                      int limit) override;
  Status InsertEnrolment(const casework::Enrolment& enrolment) override;
  Status UpdateDischarge(const casework::Enrolment& enrolment) override;
  Result<std::vector<casework::Enrolment>> ListEnrolments(std::string_view site_id,
                                                          std::string_view participant_id) override;
  Status EndAssignment(std::string_view site_id, std::string_view participant_id,
                       Instant at) override;
  Status InsertAssignment(std::string_view site_id,
                          const casework::Assignment& assignment) override;
  Result<std::vector<casework::Assignment>> ListAssignments(
      std::string_view site_id, std::string_view participant_id) override;
  Result<std::vector<casework::CaseloadEntry>> Caseload(std::string_view site_id,
                                                        std::string_view coach_id,
                                                        int limit) override;
  Result<std::vector<casework::CoachLoad>> CoachLoads(std::string_view site_id,
                                                      casework::Day today) override;

 private:
  Connection& connection_;
};

// sql/contact_store.cpp
class SqlContactStore final : public casework::ContactStore {
 public:
  explicit SqlContactStore(Connection& connection) : connection_(connection) {}

  Status Insert(const casework::Contact& contact) override;
  Result<std::vector<casework::Contact>> List(std::string_view site_id,
                                              std::string_view participant_id,
                                              const casework::ContactQuery& query) override;
  Result<bool> HasContactBy(std::string_view site_id, std::string_view participant_id,
                            std::string_view author_user_id) override;
  Result<bool> AnyPrivateNote() override;

 private:
  Connection& connection_;
};

// sql/consent_store.cpp
class SqlConsentStore final : public casework::ConsentStore {
 public:
  explicit SqlConsentStore(Connection& connection) : connection_(connection) {}

  Status Insert(const casework::Consent& consent) override;
  Result<std::optional<casework::Consent>> Get(std::string_view site_id,
                                               std::string_view participant_id,
                                               std::string_view id) override;
  Result<std::vector<casework::Consent>> List(std::string_view site_id,
                                              std::string_view participant_id) override;
  Status UpdateRevocations(const casework::Consent& consent) override;
  Status InsertDisclosure(const casework::Disclosure& disclosure) override;
  Result<std::vector<casework::Disclosure>> ListDisclosures(std::string_view site_id,
                                                            std::string_view participant_id,
                                                            Instant since) override;
  Result<std::optional<casework::DisclosedReferral>> LatestReferralDisclosure(
      std::string_view site_id, std::string_view referral_id, std::string_view recipient) override;

 private:
  Connection& connection_;
};

// sql/outbox_store.cpp
class SqlOutboxStore final : public notify::OutboxStore {
 public:
  explicit SqlOutboxStore(Connection& connection) : connection_(connection) {}

  Status Enqueue(std::vector<notify::OutboxMessage>* messages) override;
  Result<std::optional<notify::OutboxMessage>> ClaimNext(
      Instant now, std::string_view owner, std::chrono::seconds lease,
      std::span<const notify::Channel> channels) override;
  Status MarkDelivered(std::int64_t id, Instant at) override;
  Status MarkAttemptFailed(std::int64_t id, std::string_view owner, Instant at,
                           std::string_view error, std::optional<Instant> retry_at) override;
  Status Release(std::int64_t id, std::string_view owner) override;
  Result<int> CancelPending(std::string_view about, Instant at) override;
  Result<std::vector<notify::OutboxMessage>> ListAbout(std::string_view about) override;
  Result<std::vector<notify::OutboxMessage>> ListRecent(int limit) override;

 private:
  Connection& connection_;
};

}  // namespace rn::storage::sql
