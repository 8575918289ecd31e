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

// Who makes a staff-account change, and when: becomes the audit entry's actor and at.
struct AccountChange {
  std::string actor;  // e.g. "cli:alice"
  Instant at;
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
  // Replaces the password hash of user `user_id` ("user.password.reset"). kNotFound for no such
  // user.
  virtual Status SetPasswordHash(std::string_view user_id, std::string_view password_hash,
                                 const AccountChange& change) = 0;
  // Disables or re-enables user `user_id` ("user.disable" / "user.enable"). kNotFound for no such
  // user.
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
