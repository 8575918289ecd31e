#pragma once
// The storage interface. Domain code takes a Store&; sqlite/ implements it (postgres/ later).
// A Store instance is used by one thread at a time; open one per thread.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "directory/correction.h"
#include "directory/listing.h"
#include "identity/audit.h"
#include "identity/session.h"
#include "identity/user.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::storage {

// One entry of a listing's change history.
struct ListingChange {
  std::int64_t seq = 0;
  std::string listing_id;
  std::string at;      // RFC 3339 UTC
  std::string actor;   // e.g. "import:oc-aa" or a user name
  std::string action;  // "create" | "update" | "delete"
  std::string before;  // canonical JSON (directory/listing_json.h), empty for create
  std::string after;   // canonical JSON, empty for delete
};

// A batch of listing writes applied atomically.
struct ListingWrites {
  std::vector<directory::Listing> creates;
  // Each update replaces the stored listing with the same id.
  std::vector<directory::Listing> updates;
  std::vector<std::string> delete_ids;
  // An audit entry appended in the same transaction as the writes (its seq, prev_hash and hash
  // are assigned as by AppendAudit). Not written when the batch writes no listing.
  std::optional<identity::AuditEvent> audit;
};

// A user as stored, with the password hash that identity::User leaves out.
struct StoredUser {
  identity::User user;
  std::string password_hash;
};

// A session as found by its id: with its user and the user's grants.
struct SessionRecord {
  identity::Session session;
  identity::User user;
  std::vector<identity::RoleGrant> grants;
};

// How an import source is fetched again: recorded by each command-line import, its URL set by a
// directory editor.
struct ImportSource {
  std::string source;
  std::string format;      // "meeting-guide" | "bmlt"; empty when listings exist but no import
                           //   was recorded (e.g. listings made in the staff console)
  std::string url;         // where the feed is fetched from; may be empty
  std::string timezone;    // the --timezone of its imports
  std::string fellowship;  // the --fellowship of its imports
  std::int64_t listings = 0;

  bool operator==(const ImportSource&) const = default;
};

// A feed fetched or uploaded in the staff console, kept between its preview and "apply".
struct PendingImport {
  std::string id;  // random; the apply form names it
  std::string site_id;
  std::string source;
  std::string actor;
  Instant created_at;
  std::string body;  // the feed as received
};

// Who makes a staff-account change, and when: becomes the audit entry's actor and at.
struct AccountChange {
  std::string actor;  // e.g. "cli:alice"
  Instant at;
  std::string remote_address;  // the client's, for a change made over HTTP
  std::string site = {};       // the site it was made from in the staff console; may be empty
};

class Store {
 public:
  virtual ~Store() = default;

  // Every stored listing, ordered by id.
  virtual Result<std::vector<directory::Listing>> LoadListings() = 0;
  // The listings of one source, ordered by id.
  virtual Result<std::vector<directory::Listing>> LoadListingsOfSource(std::string_view source) = 0;
  // The listing with `id`, or nullopt.
  virtual Result<std::optional<directory::Listing>> GetListing(std::string_view id) = 0;
  // Applies all writes in one transaction, adding one change-history entry per listing written, by
  // `actor` at `at`, and writes.audit when set. On any error nothing is written. A create of an
  // existing id or an update/delete of a missing id is kConflict.
  virtual Status ApplyListingWrites(const ListingWrites& writes, std::string_view actor,
                                    Instant at) = 0;
  // The audit trail (identity/audit.h) is append-only: no call changes or removes an entry, and the
  // SQLite schema refuses UPDATE and DELETE on it.
  //
  // Appends `*event` at the end of the audit trail and advances the head, in one transaction:
  // assigns event->seq, event->prev_hash and event->hash (overwriting what they held); an empty
  // details becomes "{}". kInvalidArgument (naming the field) when ValidateAuditEvent fails; on any
  // error nothing is written.
  virtual Status AppendAudit(identity::AuditEvent* event) = 0;
  // Every audit entry as stored, ordered by seq, without checking the chain (see VerifyChain).
  virtual Result<std::vector<identity::AuditEvent>> LoadAudit() = 0;
  // The stored head of the audit trail: the newest entry's seq and hash.
  virtual Result<identity::AuditHead> LoadAuditHead() = 0;
  // Staff accounts (identity/user.h). Every write below appends one audit entry in the same
  // transaction (action named at each call; target "site:<id>" or "user:<id>"; details never hold a
  // password or its hash); on any error nothing is written, neither the change nor the entry.
  //
  // Creates `site` ("site.create"). kInvalidArgument for a bad id or an empty name; kConflict when
  // the id exists.
  virtual Status CreateSite(const identity::Site& site, const AccountChange& change) = 0;
  // Every site, ordered by id.
  virtual Result<std::vector<identity::Site>> ListSites() = 0;
  // Creates `user` (its id, name, display_name and disabled; created_at is set from change.at) with
  // `password_hash` and `grants` (their user_id is taken from `user`) ("user.create"). kConflict
  // when the name exists ignoring case; grants are checked as by AddRoleGrant.
  virtual Status CreateUser(const identity::User& user, std::string_view password_hash,
                            const std::vector<identity::RoleGrant>& grants,
                            const AccountChange& change) = 0;
  // The user whose name equals `name` ignoring case, or nullopt.
  virtual Result<std::optional<StoredUser>> FindUserByName(std::string_view name) = 0;
  // Every user, ordered by name.
  virtual Result<std::vector<identity::User>> ListUsers() = 0;
  // Replaces the password hash of user `user_id` ("user.password.reset") and ends the user's
  // sessions. kNotFound for no such user.
  virtual Status SetPasswordHash(std::string_view user_id, std::string_view password_hash,
                                 const AccountChange& change) = 0;
  // Disables or re-enables user `user_id` ("user.disable" / "user.enable"); disabling ends the
  // user's sessions. kNotFound for no such user.
  virtual Status SetUserDisabled(std::string_view user_id, bool disabled,
                                 const AccountChange& change) = 0;
  // Grants `grant`, replacing the scope of the same (user, role, site) grant if held
  // ("user.role.set", details {"op":"add",...}). kInvalidArgument when ValidateRoleGrant fails or a
  // site role's site does not exist (field "site"); kNotFound for no such user.
  virtual Status AddRoleGrant(const identity::RoleGrant& grant, const AccountChange& change) = 0;
  // Takes back the (user, role, site) grant ("user.role.set", details {"op":"remove",...}).
  // kNotFound when the user does not hold it.
  virtual Status RemoveRoleGrant(std::string_view user_id, identity::Role role,
                                 std::string_view site_id, const AccountChange& change) = 0;
  // The grants of user `user_id`, ordered by site then role name.
  virtual Result<std::vector<identity::RoleGrant>> ListRoleGrants(std::string_view user_id) = 0;
  // The user with `user_id`, or nullopt.
  virtual Result<std::optional<StoredUser>> GetUser(std::string_view user_id) = 0;

  // ---- Sessions and API tokens (identity/session.h) ----
  // Sessions are not audited one write at a time: the caller passes the login or logout entry,
  // appended in the same transaction. Disabling a user or resetting a password (above) also ends
  // all of the user's sessions, in the same transaction.
  //
  // Stores `session` and appends `*login` (as AppendAudit). kConflict when its id_hash exists.
  virtual Status CreateSession(const identity::Session& session, identity::AuditEvent* login) = 0;
  // The session with `id_hash`, its user and grants; nullopt when there is none.
  virtual Result<std::optional<SessionRecord>> FindSession(std::string_view id_hash) = 0;
  // Records that the session was used at `at`. Does nothing for a missing session.
  virtual Status TouchSession(std::string_view id_hash, Instant at) = 0;
  // Ends the session `id_hash` (nothing when it is gone), appending `*logout` when set. The
  // return is the number of sessions ended (0 or 1).
  virtual Result<int> DeleteSession(std::string_view id_hash, identity::AuditEvent* logout) = 0;
  // Ends every session of user `user_id` and appends `*logout` when set; returns how many ended.
  virtual Result<int> DeleteUserSessions(std::string_view user_id,
                                         identity::AuditEvent* logout) = 0;
  // Removes sessions created before `created_before` or last seen before `seen_before` (both
  // already expired under the policy); returns how many. Not audited: they had ended already.
  virtual Result<int> PurgeSessions(Instant created_before, Instant seen_before) = 0;
  // Stores `token` (its id, label, site_id and role; created_by and created_at come from
  // `change`) with `secret_hash` ("token.create", target "token:<id>", site token.site_id).
  // kInvalidArgument when ValidateApiToken fails or the site does not exist (field "site").
  virtual Status CreateApiToken(const identity::ApiToken& token, std::string_view secret_hash,
                                const AccountChange& change) = 0;
  // The tokens of site `site_id` (every site when empty), newest first.
  virtual Result<std::vector<identity::ApiToken>> ListApiTokens(std::string_view site_id) = 0;
  // The token with `id` or with `secret_hash`, revoked or not; nullopt when none.
  virtual Result<std::optional<identity::ApiToken>> GetApiToken(std::string_view id) = 0;
  virtual Result<std::optional<identity::ApiToken>> FindApiToken(std::string_view secret_hash) = 0;
  // Revokes token `id` at change.at ("token.revoke"). kNotFound for no such token; kConflict when
  // it is already revoked.
  virtual Status RevokeApiToken(std::string_view id, const AccountChange& change) = 0;
  // Records that token `id` was used at `at`.
  virtual Status TouchApiToken(std::string_view id, Instant at) = 0;
  // The audit entries of site `site_id` with seq < `before_seq` (every seq when 0), newest first,
  // at most `limit`.
  virtual Result<std::vector<identity::AuditEvent>> ListSiteAudit(std::string_view site_id,
                                                                  std::int64_t before_seq,
                                                                  int limit) = 0;

  // ---- Import sources and pending imports ----
  //
  // Records the format, zone and fellowship of an import of `source` (keeping its URL). Not
  // audited: the import's own entry is.
  virtual Status RecordImportSource(const ImportSource& source) = 0;
  // Sets the URL `source` is fetched from ("directory.source.url", target "source:<name>").
  virtual Status SetImportSourceUrl(std::string_view source, std::string_view url,
                                    const AccountChange& change) = 0;
  // Every source that has listings or a recorded import, ordered by name, with its listing count.
  virtual Result<std::vector<ImportSource>> ListImportSources() = 0;
  // Keeps `pending` (removing pending imports older than a day first).
  virtual Status SavePendingImport(const PendingImport& pending) = 0;
  // Removes and returns the pending import `id`; nullopt when there is none.
  virtual Result<std::optional<PendingImport>> TakePendingImport(std::string_view id) = 0;

  // A listing's change history, oldest first (kept after the listing is deleted).
  virtual Result<std::vector<ListingChange>> ListingHistory(std::string_view id) = 0;
  // Number of stored listings.
  virtual Result<std::int64_t> CountListings() = 0;
  // A cheap round trip to the database, for readiness checks.
  virtual Status Ping() = 0;

  // ---- Correction requests (directory/correction.h) ----
  // Suggested by the public on a meeting page, reviewed by directory editors. Every write appends
  // one audit entry in the same transaction (target "listing:<listing id>", details
  // {"correction":<id>,"field":<field>}: never the details text or the email); on any error nothing
  // is written, neither the request nor the entry.
  //
  // Stores `*request` as a new open request ("directory.correction.submit", actor "public"):
  // applies NormalizeCorrection, then assigns request->id, sets status "open" and clears
  // resolved_by and resolved_at. request->created_at is the caller's "now" and is rewritten in the
  // "2026-11-23T19:00:00Z" form. kInvalidArgument (naming the field) when ValidateCorrection fails
  // or created_at is not an RFC 3339 instant; kNotFound when no listing has request->listing_id.
  virtual Status AddCorrection(directory::CorrectionRequest* request) = 0;
  // The requests with `status` (open, applied or dismissed; nullopt for all), newest first (by
  // created_at, then id). kInvalidArgument (field "status") for another status.
  virtual Result<std::vector<directory::CorrectionRequest>> ListCorrections(
      std::optional<std::string_view> status) = 0;
  // Marks open request `id` as `status` (applied or dismissed), resolved by change.actor at
  // change.at ("directory.correction.applied" / "directory.correction.dismissed", actor
  // change.actor). kInvalidArgument (field "status") for another status; kNotFound for no such
  // request; kConflict when it is already resolved.
  virtual Status ResolveCorrection(std::int64_t id, std::string_view status,
                                   const AccountChange& change) = 0;
};

}  // namespace rn::storage
