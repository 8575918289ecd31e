#include "storage/migrations/migrations.h"

#include <array>

namespace rn::storage {
namespace {

// 0001: the recovery-group directory. Each listing is stored as its canonical JSON document
// (directory/listing_json.h) with the columns needed to look it up. latitude/longitude repeat the
// document's coordinates as exact binary doubles: Boost.JSON 1.81 may read a 17-digit number back
// one unit in the last place off, and a listing must load exactly as it was stored. Change history
// outlives the listing, so listing_changes has no foreign key to listings. The CHECKs are OR
// chains, not IN lists: SQLite evaluates an IN list in a CHECK through a temporary table built for
// every row written, which made a 3,000-row import almost twice as slow.
constexpr std::string_view kMigration0001Directory = R"sql(
CREATE TABLE listings (
  id          TEXT PRIMARY KEY NOT NULL,
  source      TEXT NOT NULL,
  slug        TEXT NOT NULL,
  name        TEXT NOT NULL,
  timezone    TEXT NOT NULL,
  attendance  TEXT NOT NULL CHECK (attendance = 'in_person' OR attendance = 'online' OR
                                   attendance = 'hybrid' OR attendance = 'inactive'),
  latitude    REAL,
  longitude   REAL,
  doc         TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (source, slug)
);

CREATE TABLE listing_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  listing_id  TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action = 'create' OR action = 'update' OR action = 'delete'),
  before_doc  TEXT,
  after_doc   TEXT
);

CREATE INDEX listing_changes_by_listing ON listing_changes (listing_id, seq);
)sql";

// 0002: the audit trail (identity/audit.h). audit_events is append-only: triggers refuse every
// UPDATE and DELETE, so no code path (nor a stray SQL statement) can change an entry; the hash
// chain shows what someone who drops the triggers changes. audit_head (exactly one row, id 1) holds
// the newest entry's seq and hash, advanced in the same transaction as each append; it lets
// `recoverynet audit verify` notice entries deleted from the end or a truncated table. Its own
// triggers let the head only advance by one, to the entry just inserted, and never be deleted.
// The BEFORE INSERT triggers matter because INSERT OR REPLACE deletes the row it replaces without
// firing DELETE triggers (recursive_triggers is off): a new entry must take the seq after the
// head, and the head row is never inserted again.
// seq is INTEGER PRIMARY KEY without AUTOINCREMENT: the audit store assigns it from the head.
constexpr std::string_view kMigration0002Audit = R"sql(
CREATE TABLE audit_events (
  seq             INTEGER PRIMARY KEY NOT NULL CHECK (seq >= 1),
  at              TEXT NOT NULL,
  actor           TEXT NOT NULL,
  action          TEXT NOT NULL,
  target          TEXT NOT NULL,
  site            TEXT NOT NULL,
  remote_address  TEXT NOT NULL,
  details         TEXT NOT NULL,
  prev_hash       TEXT NOT NULL,
  hash            TEXT NOT NULL
);

CREATE TRIGGER audit_events_append_only BEFORE INSERT ON audit_events
WHEN NEW.seq IS NOT (SELECT last_seq FROM audit_head WHERE id = 1) + 1
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only: a new entry takes the seq after the head');
END;

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
  SELECT RAISE(ABORT, 'audit_events is append-only');
END;

CREATE TABLE audit_head (
  id         INTEGER PRIMARY KEY NOT NULL CHECK (id = 1),
  last_seq   INTEGER NOT NULL,
  last_hash  TEXT NOT NULL
);

INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_head_advance_only BEFORE UPDATE ON audit_head
WHEN NEW.id IS NOT 1 OR NEW.last_seq IS NOT OLD.last_seq + 1 OR
     NEW.last_hash IS NOT (SELECT hash FROM audit_events WHERE seq = NEW.last_seq)
BEGIN
  SELECT RAISE(ABORT, 'audit_head only advances to the newest audit entry');
END;

CREATE TRIGGER audit_head_no_insert BEFORE INSERT ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'audit_head holds exactly one row');
END;

CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
BEGIN
  SELECT RAISE(ABORT, 'audit_head cannot be deleted');
END;
)sql";

// 0003: staff accounts (identity/user.h). A role grant's site_id is '' for a network role; a site
// role's site must exist, which identity's account rules check (a foreign key cannot allow the '').
constexpr std::string_view kMigration0003Users = R"sql(
CREATE TABLE sites (
  id    TEXT PRIMARY KEY NOT NULL,
  name  TEXT NOT NULL
);

CREATE TABLE users (
  id                   TEXT PRIMARY KEY NOT NULL,
  name                 TEXT NOT NULL UNIQUE COLLATE NOCASE,
  display_name         TEXT NOT NULL,
  password_hash        TEXT NOT NULL,
  disabled             INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
  created_at           TEXT NOT NULL,
  password_changed_at  TEXT NOT NULL
);

CREATE TABLE role_grants (
  user_id  TEXT NOT NULL REFERENCES users (id),
  role     TEXT NOT NULL,
  site_id  TEXT NOT NULL,
  scope    TEXT NOT NULL DEFAULT '[]',
  UNIQUE (user_id, role, site_id)
);
)sql";

// 0004: corrections suggested by the public (directory/correction.h), kept for directory editors.
// No foreign key to listings: a request outlives the listing it is about, as listing_changes does.
// AUTOINCREMENT so an id is never reused, even if old requests are purged: audit entries name
// requests by id. email, language, resolved_by and resolved_at are '' when there is none; the last
// CHECK keeps resolved_by and resolved_at empty while a request is open and set once it is not.
// The CHECKs are OR chains for the reason given at 0001.
constexpr std::string_view kMigration0004Corrections = R"sql(
CREATE TABLE correction_requests (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  listing_id   TEXT NOT NULL,
  field        TEXT NOT NULL CHECK (field = 'name' OR field = 'time' OR field = 'location' OR
                                    field = 'online' OR field = 'contact' OR field = 'closed' OR
                                    field = 'other'),
  details      TEXT NOT NULL,
  email        TEXT NOT NULL DEFAULT '',
  language     TEXT NOT NULL DEFAULT '',
  created_at   TEXT NOT NULL,
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status = 'open' OR status = 'applied' OR
                                                   status = 'dismissed'),
  resolved_by  TEXT NOT NULL DEFAULT '',
  resolved_at  TEXT NOT NULL DEFAULT '',
  CHECK ((status = 'open' AND resolved_by = '' AND resolved_at = '') OR
         (status <> 'open' AND resolved_by <> '' AND resolved_at <> ''))
);

CREATE INDEX correction_requests_by_status ON correction_requests (status, created_at);
)sql";

// 0005: staff sessions and API tokens (identity/session.h). Only the SHA-256 of a session cookie or
// a token is stored. Session times are Unix seconds, compared on every request. Sessions are
// deleted when they end (logout, expiry, a disabled user, a new password); tokens are revoked, not
// deleted, so the audit trail's "token:<id>" keeps naming one. The index serves a site admin's view
// of the site's audit trail.
constexpr std::string_view kMigration0005Sessions = R"sql(
CREATE TABLE sessions (
  id_hash         TEXT PRIMARY KEY NOT NULL,
  user_id         TEXT NOT NULL REFERENCES users (id),
  csrf_token      TEXT NOT NULL,
  created_at      INTEGER NOT NULL,
  last_seen_at    INTEGER NOT NULL,
  remote_address  TEXT NOT NULL DEFAULT ''
);

CREATE INDEX sessions_by_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id            TEXT PRIMARY KEY NOT NULL,
  secret_hash   TEXT NOT NULL UNIQUE,
  label         TEXT NOT NULL,
  site_id       TEXT NOT NULL REFERENCES sites (id),
  role          TEXT NOT NULL,
  created_by    TEXT NOT NULL,
  created_at    TEXT NOT NULL,
  revoked_at    TEXT NOT NULL DEFAULT '',
  last_used_at  TEXT NOT NULL DEFAULT ''
);

CREATE INDEX audit_events_by_site ON audit_events (site, seq);
)sql";

// 0006: import sources (how a source is fetched again) and the feeds a directory editor is
// previewing in the staff console (directory/import_source_store.h), kept until applied or for a
// day.
constexpr std::string_view kMigration0006Imports = R"sql(
CREATE TABLE import_sources (
  source      TEXT PRIMARY KEY NOT NULL,
  format      TEXT NOT NULL DEFAULT '',
  url         TEXT NOT NULL DEFAULT '',
  timezone    TEXT NOT NULL DEFAULT '',
  fellowship  TEXT NOT NULL DEFAULT ''
);

CREATE TABLE pending_imports (
  id          TEXT PRIMARY KEY NOT NULL,
  site_id     TEXT NOT NULL,
  source      TEXT NOT NULL,
  actor       TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  body        BLOB NOT NULL
);
)sql";

// 0007: API tokens may expire: expires_at is RFC 3339 UTC, '' for a token valid until revoked.
constexpr std::string_view kMigration0007TokenExpiry = R"sql(
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT NOT NULL DEFAULT '';
)sql";

// 0008: casework's programs, referring partners and referrals (casework/program.h,
// casework/referral.h). Codes (kinds, statuses, …) are stored as the casework code tables spell
// them; instants are Unix seconds (NULL while they have not happened). A referral's sent fields
// are kept as received; the rest follows its lifecycle. The indexes serve a site's open referrals
// and a partner's own.
constexpr std::string_view kMigration0008Casework = R"sql(
CREATE TABLE programs (
  site_id  TEXT NOT NULL REFERENCES sites (id),
  id       TEXT NOT NULL,
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  PRIMARY KEY (site_id, id)
);

CREATE TABLE partners (
  site_id  TEXT NOT NULL REFERENCES sites (id),
  id       TEXT NOT NULL,
  name     TEXT NOT NULL,
  kind     TEXT NOT NULL,
  PRIMARY KEY (site_id, id)
);

CREATE TABLE referrals (
  id                  TEXT PRIMARY KEY NOT NULL,
  site_id             TEXT NOT NULL REFERENCES sites (id),
  program_id          TEXT NOT NULL,
  partner_id          TEXT NOT NULL,
  first_name          TEXT NOT NULL,
  phone               TEXT NOT NULL,
  language            TEXT NOT NULL,
  setting             TEXT NOT NULL,
  urgency             TEXT NOT NULL,
  reason              TEXT NOT NULL,
  partner_reference   TEXT NOT NULL,
  consent_to_contact  INTEGER NOT NULL CHECK (consent_to_contact IN (0, 1)),
  status              TEXT NOT NULL,
  outcome             TEXT NOT NULL DEFAULT '',
  assigned_to         TEXT NOT NULL DEFAULT '',
  participant_id      TEXT NOT NULL DEFAULT '',
  received_by         TEXT NOT NULL,
  received_at         INTEGER NOT NULL,
  accepted_at         INTEGER,
  first_contact_at    INTEGER,
  closed_at           INTEGER,
  FOREIGN KEY (site_id, program_id) REFERENCES programs (site_id, id),
  FOREIGN KEY (site_id, partner_id) REFERENCES partners (site_id, id)
);

CREATE INDEX referrals_by_site ON referrals (site_id, received_at);
CREATE INDEX referrals_by_partner ON referrals (site_id, partner_id, received_at);
)sql";

// 0009: each program's on-call roster (casework/on_call.h): weekly shifts in the site's zone.
constexpr std::string_view kMigration0009Rosters = R"sql(
CREATE TABLE on_call_shifts (
  site_id           TEXT NOT NULL,
  program_id        TEXT NOT NULL,
  user_id           TEXT NOT NULL REFERENCES users (id),
  weekday           INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
  start_minute      INTEGER NOT NULL CHECK (start_minute BETWEEN 0 AND 1439),
  duration_minutes  INTEGER NOT NULL CHECK (duration_minutes BETWEEN 1 AND 1440),
  rank              INTEGER NOT NULL CHECK (rank BETWEEN 1 AND 9),
  FOREIGN KEY (site_id, program_id) REFERENCES programs (site_id, id)
);

CREATE INDEX on_call_shifts_by_program ON on_call_shifts (site_id, program_id);
)sql";

// 0010: a referrer's API token acts for one partner (identity/session.h ApiToken::partner).
constexpr std::string_view kMigration0010TokenPartner = R"sql(
ALTER TABLE api_tokens ADD COLUMN partner TEXT NOT NULL DEFAULT '';
)sql";

// 0011: participants, their enrolments, assignments to coaches and contacts (casework/
// participant.h, caseload.h, contact.h). Days are "YYYY-MM-DD" text (they sort as dates), instants
// Unix seconds. Each participant row also keeps the summary a caseload reads (coach_id through
// engaged_since, casework::ParticipantSummary), written in the unit of work of every contact,
// enrolment and assignment, so that a coach's caseload and the supervisor's counts are each one
// read of participants_caseload. A private note is stored sealed (nonce + ciphertext, BLOB) and
// never as text. name_key (casework::NameKey) finds a possible duplicate.
constexpr std::string_view kMigration0011Participants = R"sql(
CREATE TABLE participants (
  id                    TEXT PRIMARY KEY NOT NULL,
  site_id               TEXT NOT NULL REFERENCES sites (id),
  first_name            TEXT NOT NULL,
  last_name             TEXT NOT NULL,
  name_key              TEXT NOT NULL,
  date_of_birth         TEXT,
  pronouns              TEXT NOT NULL,
  language              TEXT NOT NULL,
  phone                 TEXT NOT NULL,
  may_leave_message     INTEGER NOT NULL CHECK (may_leave_message IN (0, 1)),
  do_not_contact        TEXT NOT NULL,
  address               TEXT NOT NULL,
  referral_id           TEXT NOT NULL,
  created_by            TEXT NOT NULL,
  created_at            INTEGER NOT NULL,
  coach_id              TEXT NOT NULL,
  last_contact_at       INTEGER,
  last_contact_outcome  TEXT NOT NULL,
  last_reached_at       INTEGER,
  next_follow_up_on     TEXT,
  active                INTEGER NOT NULL CHECK (active IN (0, 1)),
  engaged_since         TEXT,
  UNIQUE (site_id, id)
);

CREATE INDEX participants_caseload
  ON participants (site_id, active, coach_id, next_follow_up_on, last_contact_at);
CREATE INDEX participants_by_name ON participants (site_id, name_key, date_of_birth);

CREATE TABLE enrolments (
  id                  TEXT PRIMARY KEY NOT NULL,
  site_id             TEXT NOT NULL,
  participant_id      TEXT NOT NULL,
  program_id          TEXT NOT NULL,
  started_on          TEXT NOT NULL,
  discharged_on       TEXT,
  discharge_reason    TEXT NOT NULL,
  pregnancy_status    TEXT NOT NULL,
  due_date            TEXT,
  baby_born_on        TEXT,
  children_under_six  INTEGER,
  created_by          TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  FOREIGN KEY (site_id, participant_id) REFERENCES participants (site_id, id),
  FOREIGN KEY (site_id, program_id) REFERENCES programs (site_id, id)
);

CREATE INDEX enrolments_by_participant ON enrolments (site_id, participant_id, started_on);

CREATE TABLE assignments (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  site_id         TEXT NOT NULL,
  participant_id  TEXT NOT NULL,
  coach_id        TEXT NOT NULL REFERENCES users (id),
  started_at      INTEGER NOT NULL,
  ended_at        INTEGER,
  assigned_by     TEXT NOT NULL,
  FOREIGN KEY (site_id, participant_id) REFERENCES participants (site_id, id)
);

CREATE INDEX assignments_by_participant ON assignments (site_id, participant_id, seq);

CREATE TABLE contacts (
  id                TEXT PRIMARY KEY NOT NULL,
  site_id           TEXT NOT NULL,
  participant_id    TEXT NOT NULL,
  at                INTEGER NOT NULL,
  duration_minutes  INTEGER NOT NULL,
  place             TEXT NOT NULL,
  outcome           TEXT NOT NULL,
  supports          TEXT NOT NULL,
  activities        TEXT NOT NULL,
  note              TEXT NOT NULL,
  private_note      BLOB,
  follow_up_on      TEXT,
  author_user_id    TEXT NOT NULL,
  recorded_by       TEXT NOT NULL,
  recorded_at       INTEGER NOT NULL,
  FOREIGN KEY (site_id, participant_id) REFERENCES participants (site_id, id)
);

CREATE INDEX contacts_by_participant ON contacts (site_id, participant_id, at, id);
CREATE INDEX contacts_by_author ON contacts (site_id, participant_id, author_user_id);

CREATE INDEX referrals_by_status ON referrals (site_id, status);
)sql";

// 0012: paging the coach on call. A site's IANA time zone (identity/user.h Site::time_zone:
// rosters, days and follow-ups are counted in it; sites made before it are in
// kDefaultSiteTimeZone), a staff member's pager contacts (User::email, User::pager_phone in E.164;
// '' when there is none), and the outbox (notify/outbox_store.h): messages written in the same
// transaction as what they are about (an urgent referral's pages) and sent by a background worker.
// A message is pending until it is delivered, failed (out of attempts) or cancelled; a worker
// claims a due one by setting lease_owner and lease_until, so that no two send it at once. Instants
// are Unix seconds; delivered_at, failed_at and cancelled_at are NULL until then, and the CHECK
// keeps each one set exactly in its state. AUTOINCREMENT: an id is never reused, as logs name
// messages by id. The indexes serve the worker's claim (pending by next attempt) and the cancelling
// of a referral's pages (by what they are about).
constexpr std::string_view kMigration0012Paging = R"sql(
ALTER TABLE sites ADD COLUMN time_zone TEXT NOT NULL DEFAULT 'America/Chicago';
ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN pager_phone TEXT NOT NULL DEFAULT '';

CREATE TABLE outbox (
  id               INTEGER PRIMARY KEY AUTOINCREMENT,
  channel          TEXT NOT NULL CHECK (channel = 'email' OR channel = 'sms'),
  recipient        TEXT NOT NULL,
  subject          TEXT NOT NULL,
  body             TEXT NOT NULL,
  link             TEXT NOT NULL DEFAULT '',
  site_id          TEXT NOT NULL,
  about            TEXT NOT NULL,
  created_at       INTEGER NOT NULL,
  due_at           INTEGER NOT NULL,
  state            TEXT NOT NULL DEFAULT 'pending' CHECK (state = 'pending' OR
                                                         state = 'delivered' OR
                                                         state = 'failed' OR state = 'cancelled'),
  attempts         INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at  INTEGER NOT NULL,
  lease_owner      TEXT NOT NULL DEFAULT '',
  lease_until      INTEGER NOT NULL DEFAULT 0,
  last_error       TEXT NOT NULL DEFAULT '',
  delivered_at     INTEGER,
  failed_at        INTEGER,
  cancelled_at     INTEGER,
  CHECK ((delivered_at IS NOT NULL) = (state = 'delivered') AND
         (failed_at IS NOT NULL) = (state = 'failed') AND
         (cancelled_at IS NOT NULL) = (state = 'cancelled'))
);

CREATE INDEX outbox_pending ON outbox (state, next_attempt_at);
CREATE INDEX outbox_by_about ON outbox (about);
)sql";

// 0013: consent and disclosure (42 CFR Part 2; casework/consent.h). A consent's lists are codes
// joined by commas (information, purposes) and partner ids joined by commas (recipients); its
// expiry a day (expires_on, through its end in the site's zone) or an event, at least one of them;
// revoked_at is set when it is revoked whole, and a recipient revoked on its own is a row of
// consent_revocations. A disclosure keeps what the accounting lists (§2.24): when, to whom (the
// partner's id and its name then), the purpose and the information (codes and in words), and the
// consent that covered it; the index serves a participant's accounting, newest first.
constexpr std::string_view kMigration0013Consents = R"sql(
CREATE TABLE consents (
  id                TEXT PRIMARY KEY NOT NULL,
  site_id           TEXT NOT NULL,
  participant_id    TEXT NOT NULL,
  discloser         TEXT NOT NULL,
  information       TEXT NOT NULL,
  information_note  TEXT NOT NULL,
  recipients        TEXT NOT NULL,
  recipient_class   TEXT NOT NULL,
  purposes          TEXT NOT NULL,
  expires_on        TEXT,
  expires_on_event  TEXT,
  signed_on         TEXT NOT NULL,
  signed_how        TEXT NOT NULL,
  recorded_by       TEXT NOT NULL,
  recorded_at       INTEGER NOT NULL,
  revoked_at        INTEGER,
  CHECK (expires_on IS NOT NULL OR expires_on_event IS NOT NULL),
  FOREIGN KEY (site_id, participant_id) REFERENCES participants (site_id, id)
);

CREATE INDEX consents_by_participant ON consents (site_id, participant_id, signed_on);

CREATE TABLE consent_revocations (
  consent_id  TEXT NOT NULL REFERENCES consents (id),
  recipient   TEXT NOT NULL,
  at          INTEGER NOT NULL,
  PRIMARY KEY (consent_id, recipient)
);

CREATE TABLE disclosures (
  id              TEXT PRIMARY KEY NOT NULL,
  site_id         TEXT NOT NULL,
  participant_id  TEXT NOT NULL,
  consent_id      TEXT NOT NULL REFERENCES consents (id),
  recipient       TEXT NOT NULL,
  recipient_name  TEXT NOT NULL,
  purpose         TEXT NOT NULL,
  information     TEXT NOT NULL,
  description     TEXT NOT NULL,
  disclosed_by    TEXT NOT NULL,
  disclosed_at    INTEGER NOT NULL,
  FOREIGN KEY (site_id, participant_id) REFERENCES participants (site_id, id)
);

CREATE INDEX disclosures_by_participant ON disclosures (site_id, participant_id, disclosed_at);
)sql";

// 0014: what a disclosure told of a referral (casework/consent.h Disclosure::referral), so a
// referrer can read the outcome it was told (the referral's status, outcome and first contact
// when the disclosure was made); NULL when it told of none. The index serves a referrer's read:
// the latest disclosure of a referral to its partner.
constexpr std::string_view kMigration0014DisclosedReferral = R"sql(
ALTER TABLE disclosures ADD COLUMN referral_id TEXT;
ALTER TABLE disclosures ADD COLUMN referral_status TEXT;
ALTER TABLE disclosures ADD COLUMN referral_outcome TEXT;
ALTER TABLE disclosures ADD COLUMN referral_first_contact_at INTEGER;

CREATE INDEX disclosures_by_referral ON disclosures (site_id, referral_id, recipient, disclosed_at)
  WHERE referral_id IS NOT NULL;
)sql";

// 0015: the BMLT documents of each source's last BMLT import, as given, so that the BMLT semantic
// API serves those meetings back as BMLT gave them (interop/bmlt/bmlt_export.h).
constexpr std::string_view kMigration0015BmltDocuments = R"sql(
CREATE TABLE bmlt_documents (
  source          TEXT PRIMARY KEY NOT NULL,
  meetings        BLOB NOT NULL,
  formats         BLOB NOT NULL,
  service_bodies  BLOB NOT NULL
);
)sql";

// 0016: failed sign-ins, counted in the database so every server counts the same ones
// (identity/throttle.h). Only the SHA-256 of a key (an account name, an address) is kept.
constexpr std::string_view kMigration0016Throttles = R"sql(
CREATE TABLE throttle_events (
  scope     TEXT NOT NULL,
  key_hash  TEXT NOT NULL,
  at        INTEGER NOT NULL
);
CREATE INDEX throttle_events_by_key ON throttle_events (scope, key_hash, at);
CREATE INDEX throttle_events_by_time ON throttle_events (scope, at);
)sql";

// 0017: community resources (resources/record.h). Each HSDS 3.1 record — organization, service,
// location, service at location, taxonomy, taxonomy term — is its canonical JSON document with
// the columns needed to look it up, keyed by its kind and its source's id. The change history
// outlives the record, as listing_changes does. resource_sources: each import source's format and
// the zone its hours are in where a record does not say (HSDS gives only UTC offsets).
constexpr std::string_view kMigration0017Resources = R"sql(
CREATE TABLE resource_records (
  kind        TEXT NOT NULL CHECK (kind = 'organization' OR kind = 'service' OR
                                   kind = 'location' OR kind = 'service_at_location' OR
                                   kind = 'taxonomy' OR kind = 'taxonomy_term'),
  id          TEXT NOT NULL,
  source      TEXT NOT NULL,
  doc         TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  PRIMARY KEY (kind, id)
);

CREATE INDEX resource_records_by_source ON resource_records (source, kind, id);

CREATE TABLE resource_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT NOT NULL,
  record_id   TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action = 'create' OR action = 'update' OR action = 'delete'),
  before_doc  TEXT,
  after_doc   TEXT
);

CREATE INDEX resource_changes_by_record ON resource_changes (kind, record_id, seq);

CREATE TABLE resource_sources (
  source       TEXT PRIMARY KEY NOT NULL,
  format       TEXT NOT NULL,
  timezone     TEXT NOT NULL,
  imported_at  TEXT NOT NULL
);
)sql";

constexpr std::array<Migration, 17> kSqliteMigrations = {{
    {1, "directory", kMigration0001Directory},
    {2, "audit", kMigration0002Audit},
    {3, "users", kMigration0003Users},
    {4, "corrections", kMigration0004Corrections},
    {5, "sessions", kMigration0005Sessions},
    {6, "imports", kMigration0006Imports},
    {7, "token expiry", kMigration0007TokenExpiry},
    {8, "casework", kMigration0008Casework},
    {9, "rosters", kMigration0009Rosters},
    {10, "token partner", kMigration0010TokenPartner},
    {11, "participants", kMigration0011Participants},
    {12, "paging", kMigration0012Paging},
    {13, "consents", kMigration0013Consents},
    {14, "disclosed referral", kMigration0014DisclosedReferral},
    {15, "bmlt documents", kMigration0015BmltDocuments},
    {16, "throttles", kMigration0016Throttles},
    {17, "resources", kMigration0017Resources},
}};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kSqliteMigrations; }

}  // namespace rn::storage
