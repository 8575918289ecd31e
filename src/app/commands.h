#pragma once
// The subcommands of the `recoverynet` program. Each returns the process exit status.

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "app/database.h"
#include "resources/snapshot.h"
#include "identity/user.h"
#include "util/status.h"

namespace rn::app {

// Shared by the command files: prints "error: MESSAGE" to stderr and returns 1.
int Fail(const std::string& message);
int Fail(const Status& status);
// Opens the database at `db` (a file, or ":memory:") for a command that only reads or checks it:
// "no database at PATH" when there is no such file, so such a command never creates one.
// Its casework use cases page as `paging` says.
Result<std::unique_ptr<Database>> OpenExistingDatabase(
    const std::string& db,
    const casework::PagingSettings& paging = casework::DefaultPagingSettings());
// The audit context of a command-line write: actor "cli:<OS user name>", now, no address.
identity::Change CliChange();

struct ImportCommand {
  std::string db;
  std::string format;  // "meeting-guide" | "bmlt" | "hsds" | "facilities" | "linksf"
  std::string path;    // a feed file (meeting-guide), a directory (bmlt), a package or JSON (hsds)
  std::string source;
  std::string timezone;      // default zone; may be empty
  std::string fellowship;    // default fellowship code; may be empty
  bool allow_empty = false;  // let a feed with no usable rows remove every listing of the source
  // facilities: the column mapping, the country, categories and service name of every row.
  std::string mapping = {};
  std::string country = "US";
  std::vector<std::string> categories = {};
  std::string service_name = {};
};
// Parses the feed and applies it diff-only; prints the summary line to stdout and each rejected row
// to stderr. 0 when applied, 1 when nothing could be applied.
int RunImport(const ImportCommand& command);
// The bytes of the file at `path`, or nullopt when it cannot be read.
std::optional<std::string> ReadFile(const std::filesystem::path& path);
// `import hsds|facilities|linksf` (resource_commands.cpp): reads an HSDS data package or JSON file,
// a CSV of facilities or a Link-SF export and imports its records diff-only; the summary to
// stdout, each rejected row and each note to stderr.
int RunImportHsds(const ImportCommand& command);

// For `serve` (resource_commands.cpp): loads the resources snapshot from `db` and publishes it into
// `directory`, then keeps it current on a thread of its own with a connection of its own, which
// looks every `period` for changes other processes (an `import hsds`, another server) committed
// and loads a new snapshot when there are any. Stops when destroyed.
class ResourceRefresher {
 public:
  virtual ~ResourceRefresher() = default;
};
Result<std::unique_ptr<ResourceRefresher>> StartResourceRefresher(
    const std::string& db, resources::ResourceDirectory& directory,
    std::chrono::milliseconds period = std::chrono::seconds(2));

struct ExportCommand {
  std::string db;
  std::string output;  // file path; empty = stdout
  std::string source;  // only this import source's listings; empty = every listing
};
// Every listing (temporarily closed ones included, as GET /feeds/meeting-guide.json serves them).
int RunExportMeetingGuide(const ExportCommand& command);
// `export hsds --output DIR` (resource_commands.cpp): the resources (of --source, else all) as an
// HSDS 3.1 tabular data package in DIR, which must not exist or be empty.
int RunExportHsds(const ExportCommand& command);

struct DemoCommand {
  std::string db;
  std::string feeds_dir;  // the repository's testdata/ directory
  // The instant the demo's story ends at, RFC 3339 with its offset (its contacts run up to it,
  // its follow-ups fall due around it); empty: the system clock's now. Tests pin it.
  std::string at;
};
// Fills a database for trying recoverynet (demo.cpp): imports the demo feeds when it holds no
// listings, and writes the demo casework network (app/demo_network.h) when it has no sites yet;
// either part is left alone when its data is there, so a second run adds nothing. Prints what it
// did, how long it took, and the demo's sign-in names with their password. 0, or 1 with
// "error: MESSAGE" when a part fails (the network is then not written at all).
int RunDemo(const DemoCommand& command);

struct MigrateCommand {
  std::string db;
};
int RunMigrate(const MigrateCommand& command);

// Operating a database (maintenance_commands.cpp, storage/maintenance.h, docs/operations.md).
// None of them writes an audit entry: they work on the whole database, beneath the trail.
struct BackupCommand {
  std::string db;
  std::string to;  // a new file
};
// Writes a backup of `db` to `to` (SQLite's online backup API, or pg_dump), and names the
// private-note key file, which is not in it.
int RunBackup(const BackupCommand& command);

struct RestoreCommand {
  std::string db;
  std::string from;  // a backup made by `backup` for the same backend
  bool replace = false;
};
// Restores `from` into `db` (refused when `db` holds a database, unless `replace`), migrates it,
// then checks its audit trail as `audit verify` does: 1 when that fails, or when the database
// cannot be opened with its private-note key (the message says which file is missing).
int RunRestore(const RestoreCommand& command);

struct CopyCommand {
  std::string from;  // a SQLite file or sqlite://PATH
  std::string to;    // a postgresql:// URI of an empty database
};
// Copies the SQLite database into PostgreSQL (storage::CopyDatabase), printing each table's row
// count and the key file the copy must be served with (--notes-key).
int RunCopy(const CopyCommand& command);

// `db` as the commands take it: the PATH of a sqlite://PATH URI (sqlite:///srv/rn.db is
// /srv/rn.db), anything else as it is.
std::string DatabaseLocation(std::string_view db);

struct AuditVerifyCommand {
  std::string db;
  // "SEQ:HASH" as `audit head` printed it earlier: the entry SEQ must still have that hash, so a
  // log rewritten wholesale since then (chain, hashes and head recomputed) is caught too.
  std::string expect_head;
};
// Checks the audit trail's hash chain against its stored head (identity/audit.h VerifyChain), and
// with expect_head that the exported head's entry is still there unchanged. Prints "audit: N
// entries, chain intact" (", exported head found") and returns 0, or prints "audit: entry SEQ:
// REASON" for the first break and returns 1. A missing or unreadable database is an error (1); the
// database is never created.
int RunAuditVerify(const AuditVerifyCommand& command);
// Prints the audit trail's head as "SEQ:HASH", to keep off the machine and give to
// `audit verify --expect-head` later.
int RunAuditHead(const std::string& db);

// Staff accounts (user_commands.cpp). Each write appends an audit entry whose actor is
// "cli:<OS user name>". Passwords are read from stdin (one line) when stdin is not a terminal, and
// otherwise prompted for twice without echo; never taken from a flag. Errors print
// "error: MESSAGE" to stderr and return 1.
struct SiteAddCommand {
  std::string db;
  std::string id;
  std::string name;
  std::string time_zone = std::string(identity::kDefaultSiteTimeZone);  // IANA
};
int RunSiteAdd(const SiteAddCommand& command);
// Prints "ID<TAB>NAME<TAB>TIME ZONE" per site.
int RunSiteList(const std::string& db);

struct UserAddCommand {
  std::string db;
  std::string name;
  std::string display_name;
  std::string role;                // may be empty: a user without a role
  std::string site;                // required for site roles, refused for network roles
  std::vector<std::string> scope;  // directory_editor only
  std::string email;               // pager contacts; may be empty
  std::string pager_phone;         // international form: +1 806 555 0142
};
int RunUserAdd(const UserAddCommand& command);

struct UserSetContactCommand {
  std::string db;
  std::string name;
  std::optional<std::string> email;        // nullopt: unchanged; "": none
  std::optional<std::string> pager_phone;  // nullopt: unchanged; "": none
};
// Sets a user's pager contacts (identity::SetStaffContact).
int RunUserSetContact(const UserSetContactCommand& command);

struct UserSetRoleCommand {
  std::string db;
  std::string name;
  std::string role;
  std::string site;
  std::vector<std::string> scope;
  bool remove = false;  // take the role back instead of granting it
};
int RunUserSetRole(const UserSetRoleCommand& command);

struct UserNameCommand {
  std::string db;
  std::string name;
};
// Disables (ending the user's sessions) or re-enables an account.
int RunUserDisable(const UserNameCommand& command, bool disabled);
int RunUserResetPassword(const UserNameCommand& command);
// Prints "NAME<TAB>DISPLAY NAME<TAB>active|disabled<TAB>ROLE@SITE,…" per user (a network role
// without "@SITE").
int RunUserList(const std::string& db);

// API tokens for machine clients (user_commands.cpp), audited like staff-account changes.
struct TokenCreateCommand {
  std::string db;
  std::string site;
  std::string role;                                // a site role
  std::string label;                               // what the token is for
  int expires_days = identity::kDefaultTokenDays;  // 0: valid until revoked
  std::string partner;                             // a referrer token: the partner it acts for
};
// Prints the new token ("rn_…") on stdout, once; it is not stored and cannot be shown again.
int RunTokenCreate(const TokenCreateCommand& command);
// Prints "ID<TAB>SITE<TAB>ROLE<TAB>active|revoked<TAB>LAST USED or -<TAB>EXPIRES or -<TAB>LABEL"
// per token of
// `site` (every site when empty), newest first.
int RunTokenList(const std::string& db, const std::string& site);
int RunTokenRevoke(const std::string& db, const std::string& id);

// Correction requests suggested by the public (correction_commands.cpp).
struct CorrectionsListCommand {
  std::string db;
  std::string status = "open";  // open | applied | dismissed | all
  bool json = false;            // a JSON array instead of lines
};
// Lists the requests with the status, newest first. Prints a header line, then one tab-separated
// line per request: ID, CREATED, STATUS, LISTING (id), NAME (the listing's, "(deleted)" when it is
// gone), FIELD, EMAIL ("-" when none) and DETAILS on one line (line breaks shown as "⏎", tabs as
// spaces, control characters as U+FFFD, cut to 120 characters with "…"); "no STATUS correction
// requests" when there are none. With json, a JSON array of objects (id, created_at, status,
// listing_id, listing_name or null, field, details, email, language, resolved_by, resolved_at)
// with the full text. 0, or "error: MESSAGE" on stderr and 1 when the database is missing (it is
// never created) or unreadable.
int RunCorrectionsList(const CorrectionsListCommand& command);

// Casework from the command line (casework_commands.cpp), audited as "cli:<OS user name>".
struct RecordAddCommand {
  std::string db;
  std::string site;
  std::string id;
  std::string name;
  std::string kind;  // a program kind (program add) or a partner kind (partner add)
};
int RunProgramAdd(const RecordAddCommand& command);
int RunPartnerAdd(const RecordAddCommand& command);

struct RosterSetCommand {
  std::string db;
  std::string site;
  std::string program;
  std::vector<std::string> shifts;  // "NAME,WEEKDAY,HH:MM,MINUTES,RANK" each (weekday 0 = Sunday)
};
// Replaces the program's on-call roster (casework::SetRoster); no shift empties it.
int RunRosterSet(const RosterSetCommand& command);

struct ReferralAddCommand {
  std::string db;
  std::string site;
  std::string program;
  std::string partner;
  std::string first_name;
  std::string phone;
  std::string language = "en";
  std::string setting = "other";
  std::string urgency = "routine";
  std::string reason = "other";
  std::string partner_reference;
  bool consent_to_contact = false;
  int timeout_minutes = 15;  // an urgent one's escalation, as serve's [serve.paging] has it
};
// Receives a referral taken by telephone (casework::ReceiveReferral: an urgent one pages the coach
// on call) and prints its id.
int RunReferralAdd(const ReferralAddCommand& command);

struct ReferralStatusCommand {
  std::string db;
  std::string site;
  std::string id;
  std::string status;   // a referral status ("accepted")
  std::string outcome;  // for a closing status; may be empty
};
int RunReferralStatus(const ReferralStatusCommand& command);

// Prints the newest `limit` outbox messages, newest first:
// "ID<TAB>CHANNEL<TAB>STATE<TAB>ATTEMPTS<TAB>DUE<TAB>ABOUT" (never a recipient or a text).
int RunOutboxList(const std::string& db, int limit);

// How `serve` pages (its [serve.paging] settings, docs/casework.md "On call"). A channel without
// its URL is not sent: its messages stay queued.
struct PagingCommand {
  std::string smtp_url;  // smtp://host:port or smtps://host:port
  std::string smtp_from;
  std::string smtp_user;
  std::string smtp_password;
  bool smtp_allow_plaintext_login = false;
  std::string sms_webhook_url;
  std::string sms_from;
  std::string sms_user;
  std::string sms_password;
  int timeout_minutes = 15;  // before a page goes to the next on call
  std::string console_url;   // pages link to the referral under it
  int retry_first_seconds = 10;
  int retry_max_seconds = 600;
  int max_attempts = 10;
  // How long a claimed page is held by this server before another may send it (a server killed
  // mid-send holds it that long); each send times out after half of it, at most 10 s.
  int lease_seconds = 60;
};

struct ServeCommand {
  std::string db;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 0;
  std::string tile_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::string tile_attribution = "© OpenStreetMap contributors";
  // Staff sessions end after this long unused, and this long after sign-in however busy.
  int session_idle_seconds = 30 * 60;
  int session_absolute_seconds = 12 * 60 * 60;
  // Reverse proxies whose X-Forwarded-For names the client (http/client_address.h).
  std::vector<std::string> trusted_proxies;
  // Let the staff console fetch feeds from this machine and private networks (tests, a feed server
  // on the local network); off, such URLs are refused (server-side request forgery).
  bool allow_private_feed_urls = false;
  PagingCommand paging;
};
// Serves until SIGINT or SIGTERM, with the outbox's dispatcher running when paging is configured.
int RunServe(const ServeCommand& command);
// Prints every route serve answers: method, pattern and the access it declares.
int RunRoutes(const ServeCommand& command);

}  // namespace rn::app
