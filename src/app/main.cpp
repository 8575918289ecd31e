// recoverynet: parses flags, environment and an optional TOML file, then runs one subcommand.

#include <malloc.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <toml++/toml.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "app/commands.h"
#include "app/notes_key.h"

namespace {

// Reads a TOML configuration file for CLI11: top-level keys set global options (`db`, `log_level`),
// tables set a subcommand's options (`[serve] port = 8080`; `[serve.paging]` too, see below); `_`
// and `-` are the same in key names.
// Precedence is flags, then environment, then file: CLI11 would let the file beat the environment,
// so a key whose RECOVERYNET_<KEY> variable is set is left out here.
class TomlConfig final : public CLI::Config {
 public:
  std::string to_config(const CLI::App*, bool, bool, std::string) const override { return {}; }

  std::vector<CLI::ConfigItem> from_config(std::istream& input) const override {
    std::vector<CLI::ConfigItem> items;
    try {
      const toml::table table = toml::parse(input);
      Collect(table, {}, &items);
    } catch (const toml::parse_error& error) {
      throw CLI::FileError(std::string("config file: ") + std::string(error.description()));
    }
    return items;
  }

 private:
  static void Collect(const toml::table& table, const std::vector<std::string>& parents,
                      std::vector<CLI::ConfigItem>* items) {
    for (const auto& [key, node] : table) {
      const std::string name(key.str());
      if (const toml::table* child = node.as_table()) {
        std::vector<std::string> path = parents;
        // [serve.paging] holds options of serve itself (an option group: CLI11 reads no group
        // from a file), so its keys are serve's.
        if (!(parents == std::vector<std::string>{"serve"} && name == "paging")) {
          path.push_back(name);
        }
        Collect(*child, path, items);
        continue;
      }
      std::string option_name = name;
      std::replace(option_name.begin(), option_name.end(), '_', '-');
      std::string env_name = "RECOVERYNET_" + name;
      std::replace(env_name.begin(), env_name.end(), '-', '_');
      std::transform(env_name.begin(), env_name.end(), env_name.begin(),
                     [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
      if (std::getenv(env_name.c_str()) != nullptr) continue;  // the environment wins
      CLI::ConfigItem item;
      item.parents = parents;
      item.name = option_name;
      if (auto text = node.value<std::string>()) {
        item.inputs = {*text};
      } else if (auto number = node.value<std::int64_t>()) {
        item.inputs = {std::to_string(*number)};
      } else if (auto flag = node.value<bool>()) {
        item.inputs = {*flag ? "true" : "false"};
      } else {
        throw CLI::FileError("config file: " + name + " must be a string, integer or boolean");
      }
      items->push_back(std::move(item));
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  // Response bodies of tens of KB are freed and allocated on every request; without a high trim
  // threshold glibc hands that memory back to the kernel and faults it in again each time.
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  // The database and its -wal and -shm files hold protected records: readable by this user only.
  umask(0077);

  CLI::App app{"recoverynet — peer recovery support network platform"};
  app.require_subcommand(1);
  app.fallthrough();
  app.config_formatter(std::make_shared<TomlConfig>());
  app.allow_config_extras(CLI::config_extras_mode::error);
  app.set_config("--config", "", "TOML configuration file")->envname("RECOVERYNET_CONFIG");

  std::string db = "./data/recoverynet.db";
  std::string log_level = "info";
  std::string notes_key;
  app.add_option("--db", db, "SQLite database file (or sqlite://PATH), or a postgresql:// URI")
      ->envname("RECOVERYNET_DB")
      ->capture_default_str();
  app.add_option("--notes-key", notes_key,
                 "File private notes are sealed with (default: beside the SQLite file; required "
                 "with PostgreSQL, the same file on every server)")
      ->envname("RECOVERYNET_NOTES_KEY");
  app.add_option("--log-level", log_level, "trace, debug, info, warn, error or off")
      ->envname("RECOVERYNET_LOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "off"}))
      ->capture_default_str();

  rn::app::ServeCommand serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the API and feeds over HTTP");
  serve_cmd->add_option("--host", serve.host, "Address to listen on")
      ->envname("RECOVERYNET_HOST")
      ->capture_default_str();
  serve_cmd->add_option("--port", serve.port, "Port to listen on")
      ->envname("RECOVERYNET_PORT")
      ->check(CLI::Range(0, 65535))
      ->capture_default_str();
  serve_cmd->add_option("--threads", serve.threads, "Network threads (0 = one per core)")
      ->envname("RECOVERYNET_THREADS")
      ->check(CLI::Range(0, 256));
  serve_cmd
      ->add_option("--tile-url", serve.tile_url,
                   "Map tile URL template for the finder's optional map ({s}, {z}, {x}, {y})")
      ->envname("RECOVERYNET_TILE_URL")
      ->capture_default_str();
  serve_cmd
      ->add_option("--tile-attribution", serve.tile_attribution,
                   "Attribution shown on the map for the tiles")
      ->envname("RECOVERYNET_TILE_ATTRIBUTION")
      ->capture_default_str();
  serve_cmd
      ->add_option("--session-idle-seconds", serve.session_idle_seconds,
                   "End a staff session unused this long")
      ->envname("RECOVERYNET_SESSION_IDLE_SECONDS")
      ->check(CLI::Range(1, 7 * 24 * 3600))
      ->capture_default_str();
  serve_cmd
      ->add_option("--session-absolute-seconds", serve.session_absolute_seconds,
                   "End a staff session this long after sign-in")
      ->envname("RECOVERYNET_SESSION_ABSOLUTE_SECONDS")
      ->check(CLI::Range(1, 30 * 24 * 3600))
      ->capture_default_str();
  serve_cmd
      ->add_option("--trusted-proxy", serve.trusted_proxies,
                   "Address of a reverse proxy whose X-Forwarded-For names the client (repeatable)")
      ->envname("RECOVERYNET_TRUSTED_PROXIES")
      ->delimiter(',');
  serve_cmd
      ->add_flag("--allow-private-feed-urls", serve.allow_private_feed_urls,
                 "Let the staff console fetch feeds from this machine or private networks")
      ->envname("RECOVERYNET_ALLOW_PRIVATE_FEED_URLS");
  // Paging the coach on call: flags, RECOVERYNET_<NAME> variables, or the config file's
  // [serve.paging] table (`smtp_url = "smtp://…"`).
  rn::app::PagingCommand& paging = serve.paging;
  auto* paging_group = serve_cmd->add_option_group("paging", "Paging the coach on call");
  const auto paging_option = [&](const std::string& name, auto& value, const std::string& help) {
    std::string env = "RECOVERYNET_" + name.substr(2);
    std::replace(env.begin(), env.end(), '-', '_');
    std::transform(env.begin(), env.end(), env.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return paging_group->add_option(name, value, help)->envname(env);
  };
  paging_option("--smtp-url", paging.smtp_url,
                "SMTP server for e-mail pages (smtp:// or smtps://)");
  paging_option("--smtp-from", paging.smtp_from, "The pages' sender address");
  paging_option("--smtp-user", paging.smtp_user, "SMTP login (with --smtp-password)");
  paging_option("--smtp-password", paging.smtp_password, "SMTP password");
  paging_group
      ->add_flag("--smtp-allow-plaintext-login", paging.smtp_allow_plaintext_login,
                 "Log in to the SMTP server without TLS (a relay on this machine)")
      ->envname("RECOVERYNET_SMTP_ALLOW_PLAINTEXT_LOGIN");
  paging_option("--sms-webhook-url", paging.sms_webhook_url,
                "SMS provider's webhook for text pages (a form POST of To, From, Body)");
  paging_option("--sms-from", paging.sms_from, "The texts' sending number or sender id");
  paging_option("--sms-user", paging.sms_user, "The webhook's HTTP Basic user (account id)");
  paging_option("--sms-password", paging.sms_password, "The webhook's HTTP Basic password (token)");
  paging_option("--timeout-minutes", paging.timeout_minutes,
                "Minutes before an unaccepted urgent referral pages the next on call")
      ->capture_default_str();
  paging_option("--console-url", paging.console_url,
                "The staff console's address, for the link in a page");
  paging_option("--retry-first-seconds", paging.retry_first_seconds,
                "Wait before the second attempt at a page; it doubles after each")
      ->capture_default_str();
  paging_option("--retry-max-seconds", paging.retry_max_seconds,
                "The longest wait between attempts")
      ->capture_default_str();
  paging_option("--max-attempts", paging.max_attempts, "Attempts at a page before it is failed")
      ->capture_default_str();
  paging_option("--lease-seconds", paging.lease_seconds,
                "How long a claimed page is held before another server may send it")
      ->capture_default_str();
  auto* routes_cmd = app.add_subcommand(
      "routes",
      "List every HTTP route with the access it requires (and cross-origin for a "
      "route any web page may read)");

  rn::app::ImportCommand import;
  auto* import_cmd = app.add_subcommand(
      "import", "Import a meeting feed or community resources (diff-only, idempotent)");
  import_cmd->add_option("format", import.format, "meeting-guide, bmlt, hsds, facilities or linksf")
      ->required()
      ->check(CLI::IsMember({"meeting-guide", "bmlt", "hsds", "facilities", "linksf"}));
  import_cmd->add_option("path", import.path,
                         "Feed file (meeting-guide), directory (bmlt), or an HSDS data package "
                         "(its folder, its datapackage.json or a .zip of it) or HSDS JSON file, a "
                         "CSV of facilities, or a Link-SF JSON export")
      ->required();
  import_cmd->add_option("--source", import.source, "Name of the import source")->required();
  import_cmd->add_option("--timezone", import.timezone, "IANA zone for rows without their own");
  import_cmd->add_option("--fellowship", import.fellowship, "Fellowship code for rows without one");
  import_cmd->add_option("--map", import.mapping,
                         "facilities: FIELD=COLUMN[+COLUMN],… (name, address_1, city, "
                         "state_province, postal_code, latitude, longitude, phone, codes, …)");
  import_cmd->add_option("--country", import.country, "facilities: the country of every row")
      ->default_str("US");
  import_cmd->add_option("--category", import.categories,
                         "facilities: a category every row's service is in (repeatable)");
  import_cmd->add_option("--service-name", import.service_name,
                         "facilities: the service's name, when not the facility's");
  import_cmd->add_flag("--allow-empty", import.allow_empty,
                       "Apply a feed with no usable rows (removes every listing of the source)");

  rn::app::ExportCommand export_command;
  auto* export_cmd = app.add_subcommand("export", "Export the directory as a feed");
  std::string export_format;
  export_cmd->add_option("format", export_format, "meeting-guide, or hsds (community resources)")
      ->required()
      ->check(CLI::IsMember({"meeting-guide", "hsds"}));
  export_cmd->add_option("--output", export_command.output,
                         "Output file (default: stdout); for hsds a new folder (required)");
  export_cmd->add_option("--source", export_command.source,
                         "Only this import source's listings (default: all)");

  rn::app::DemoCommand demo;
  demo.feeds_dir = "testdata";
  auto* demo_cmd = app.add_subcommand(
      "demo", "Load the demo feeds and the demo casework network into a new database");
  demo_cmd->add_option("--feeds", demo.feeds_dir, "Directory of the demo feeds")
      ->capture_default_str();
  demo_cmd->add_option("--at", demo.at,
                       "The demo's now, RFC 3339 (default: now): its contacts run up to it");

  auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");

  rn::app::BackupCommand backup;
  auto* backup_cmd = app.add_subcommand(
      "backup", "Back up the database to a new file (online: servers may keep running)");
  backup_cmd->add_option("--to", backup.to, "The backup file to write (never overwritten)")
      ->required();
  rn::app::RestoreCommand restore;
  auto* restore_cmd =
      app.add_subcommand("restore", "Restore a backup into the database (stop the servers first)");
  restore_cmd->add_option("--from", restore.from, "A file written by `backup`")->required();
  restore_cmd->add_flag("--replace", restore.replace,
                        "Overwrite the database when it already holds one");
  rn::app::CopyCommand copy;
  auto* copy_cmd = app.add_subcommand(
      "copy", "Copy a SQLite database into a new PostgreSQL database (ids, history, audit trail)");
  copy_cmd->add_option("--from", copy.from, "The SQLite database (default: --db)");
  copy_cmd->add_option("--to", copy.to, "postgresql:// URI of an empty database")->required();

  auto* audit_cmd = app.add_subcommand("audit", "Inspect the audit trail");
  audit_cmd->require_subcommand(1);
  rn::app::AuditVerifyCommand audit_verify;
  auto* audit_verify_cmd = audit_cmd->add_subcommand(
      "verify", "Check that no audit entry was edited or deleted (exit 1 names the first)");
  audit_verify_cmd->add_option("--expect-head", audit_verify.expect_head,
                               "SEQ:HASH printed earlier by `audit head`: its entry must remain");
  auto* audit_head_cmd = audit_cmd->add_subcommand(
      "head", "Print the newest entry as SEQ:HASH, to keep elsewhere for verify --expect-head");

  auto* site_cmd = app.add_subcommand("site", "Manage the network's sites");
  site_cmd->require_subcommand(1);
  rn::app::SiteAddCommand site_add;
  auto* site_add_cmd = site_cmd->add_subcommand("add", "Add a site");
  site_add_cmd->add_option("id", site_add.id, "Site id (a-z, 0-9, _ and -)")->required();
  site_add_cmd->add_option("--name", site_add.name, "Display name")->required();
  site_add_cmd
      ->add_option("--time-zone", site_add.time_zone,
                   "IANA time zone its rosters and days are in, e.g. America/New_York")
      ->capture_default_str();
  auto* site_list_cmd = site_cmd->add_subcommand("list", "List the sites");

  // Passwords come from stdin or a no-echo prompt, never from a flag (shell history).
  auto* user_cmd = app.add_subcommand("user", "Manage staff accounts");
  user_cmd->require_subcommand(1);
  rn::app::UserAddCommand user_add;
  auto* user_add_cmd =
      user_cmd->add_subcommand("add", "Add a user (password from stdin or prompt)");
  user_add_cmd->add_option("name", user_add.name, "Login name")->required();
  user_add_cmd->add_option("--display-name", user_add.display_name, "Name shown to staff")
      ->required();
  user_add_cmd->add_option("--role", user_add.role, "A role to grant");
  user_add_cmd->add_option("--site", user_add.site, "The role's site (site roles only)");
  user_add_cmd
      ->add_option("--scope", user_add.scope,
                   "directory_editor: import sources; referrer: its partner")
      ->delimiter(',');
  user_add_cmd->add_option("--email", user_add.email, "Work e-mail address for pages");
  user_add_cmd->add_option("--pager-phone", user_add.pager_phone,
                           "Mobile number for text pages, with its country code (+1 806 555 0142)");
  rn::app::UserSetContactCommand user_set_contact;
  auto* user_set_contact_cmd = user_cmd->add_subcommand(
      "set-contact", "Set where pages reach a user (an empty value removes it)");
  user_set_contact_cmd->add_option("name", user_set_contact.name, "Login name")->required();
  user_set_contact_cmd->add_option("--email", user_set_contact.email, "Work e-mail address");
  user_set_contact_cmd->add_option("--pager-phone", user_set_contact.pager_phone,
                                   "Mobile number with its country code");
  rn::app::UserSetRoleCommand user_set_role;
  auto* user_set_role_cmd = user_cmd->add_subcommand("set-role", "Grant or remove a role");
  user_set_role_cmd->add_option("name", user_set_role.name, "Login name")->required();
  user_set_role_cmd->add_option("--role", user_set_role.role, "The role")->required();
  user_set_role_cmd->add_option("--site", user_set_role.site, "The role's site (site roles only)");
  user_set_role_cmd
      ->add_option("--scope", user_set_role.scope,
                   "directory_editor: import sources; referrer: its partner")
      ->delimiter(',');
  user_set_role_cmd->add_flag("--remove", user_set_role.remove, "Take the role back");
  rn::app::UserNameCommand user_disable;
  auto* user_disable_cmd = user_cmd->add_subcommand("disable", "Disable a user");
  user_disable_cmd->add_option("name", user_disable.name, "Login name")->required();
  rn::app::UserNameCommand user_enable;
  auto* user_enable_cmd = user_cmd->add_subcommand("enable", "Re-enable a disabled user");
  user_enable_cmd->add_option("name", user_enable.name, "Login name")->required();
  rn::app::UserNameCommand user_reset;
  auto* user_reset_cmd =
      user_cmd->add_subcommand("reset-password", "Set a new password (stdin or prompt)");
  user_reset_cmd->add_option("name", user_reset.name, "Login name")->required();
  auto* user_list_cmd = user_cmd->add_subcommand("list", "List users and their roles");

  auto* token_cmd = app.add_subcommand("token", "Manage API tokens for machine clients");
  token_cmd->require_subcommand(1);
  rn::app::TokenCreateCommand token_create;
  auto* token_create_cmd =
      token_cmd->add_subcommand("create", "Make a token (printed once) acting as a site role");
  token_create_cmd->add_option("--site", token_create.site, "The site")->required();
  token_create_cmd->add_option("--role", token_create.role, "The site role it acts as")->required();
  token_create_cmd->add_option("--label", token_create.label, "What it is for")->required();
  token_create_cmd->add_option("--partner", token_create.partner,
                               "referrer: the partner it acts for");
  token_create_cmd
      ->add_option("--expires-days", token_create.expires_days, "Days it lasts (0: until revoked)")
      ->check(CLI::Range(0, 3650))
      ->capture_default_str();
  std::string token_site;
  auto* token_list_cmd = token_cmd->add_subcommand("list", "List tokens (never their values)");
  token_list_cmd->add_option("--site", token_site, "Only this site's tokens");
  std::string token_id;
  auto* token_revoke_cmd = token_cmd->add_subcommand("revoke", "Revoke a token");
  token_revoke_cmd->add_option("id", token_id, "The token's id (from token list)")->required();

  auto* program_cmd = app.add_subcommand("program", "Manage a site's casework programs");
  program_cmd->require_subcommand(1);
  rn::app::RecordAddCommand program_add;
  auto* program_add_cmd = program_cmd->add_subcommand("add", "Add a program");
  program_add_cmd->add_option("id", program_add.id, "Program id (a-z, 0-9, _ and -)")->required();
  program_add_cmd->add_option("--site", program_add.site, "The site")->required();
  program_add_cmd->add_option("--name", program_add.name, "Display name")->required();
  program_add_cmd->add_option("--kind", program_add.kind, "ed_coaching, home_visiting or community")
      ->required();

  auto* partner_cmd = app.add_subcommand("partner", "Manage a site's referring partners");
  partner_cmd->require_subcommand(1);
  rn::app::RecordAddCommand partner_add;
  auto* partner_add_cmd = partner_cmd->add_subcommand("add", "Add a referring partner");
  partner_add_cmd->add_option("id", partner_add.id, "Partner id (a-z, 0-9, _ and -)")->required();
  partner_add_cmd->add_option("--site", partner_add.site, "The site")->required();
  partner_add_cmd->add_option("--name", partner_add.name, "Display name")->required();
  partner_add_cmd
      ->add_option("--kind", partner_add.kind,
                   "hospital, clinic, treatment, court, shelter or other")
      ->required();

  auto* roster_cmd = app.add_subcommand("roster", "Manage a program's on-call roster");
  roster_cmd->require_subcommand(1);
  rn::app::RosterSetCommand roster_set;
  auto* roster_set_cmd =
      roster_cmd->add_subcommand("set", "Replace the roster (times in the site's zone)");
  roster_set_cmd->add_option("program", roster_set.program, "Program id")->required();
  roster_set_cmd->add_option("--site", roster_set.site, "The site")->required();
  roster_set_cmd->add_option("--shift", roster_set.shifts,
                             "NAME,WEEKDAY,HH:MM,MINUTES,RANK (weekday 0 = Sunday; repeatable)");

  auto* referral_cmd = app.add_subcommand("referral", "Take and update referrals");
  referral_cmd->require_subcommand(1);
  rn::app::ReferralAddCommand referral_add;
  auto* referral_add_cmd = referral_cmd->add_subcommand(
      "add", "Receive a referral taken by telephone (urgency now pages the coach on call)");
  referral_add_cmd->add_option("--site", referral_add.site, "The site")->required();
  referral_add_cmd->add_option("--program", referral_add.program, "Program id")->required();
  referral_add_cmd->add_option("--partner", referral_add.partner, "Referring partner id")
      ->required();
  referral_add_cmd->add_option("--first-name", referral_add.first_name, "First name or alias")
      ->required();
  referral_add_cmd->add_option("--phone", referral_add.phone, "Phone number");
  referral_add_cmd->add_option("--language", referral_add.language, "BCP 47 tag")
      ->capture_default_str();
  referral_add_cmd->add_option("--setting", referral_add.setting, "Where the person is")
      ->capture_default_str();
  referral_add_cmd->add_option("--urgency", referral_add.urgency, "now, today or routine")
      ->capture_default_str();
  referral_add_cmd->add_option("--reason", referral_add.reason, "Why they are referred")
      ->capture_default_str();
  referral_add_cmd->add_option("--partner-reference", referral_add.partner_reference,
                               "The partner's own id for it");
  referral_add_cmd
      ->add_option("--timeout-minutes", referral_add.timeout_minutes,
                   "An urgent one's wait before the next on call (as serve's)")
      ->check(CLI::Range(1, 1440))
      ->capture_default_str();
  referral_add_cmd->add_flag("--consent-to-contact", referral_add.consent_to_contact,
                             "The person agreed to be contacted");
  rn::app::ReferralStatusCommand referral_status;
  auto* referral_status_cmd =
      referral_cmd->add_subcommand("status", "Change a referral's status (accepted, …)");
  referral_status_cmd->add_option("id", referral_status.id, "Referral id")->required();
  referral_status_cmd->add_option("--site", referral_status.site, "The site")->required();
  referral_status_cmd->add_option("--status", referral_status.status, "The new status")->required();
  referral_status_cmd->add_option("--outcome", referral_status.outcome, "For a closing status");

  auto* outbox_cmd = app.add_subcommand("outbox", "Look at the queue of outgoing pages");
  outbox_cmd->require_subcommand(1);
  int outbox_limit = 50;
  auto* outbox_list_cmd =
      outbox_cmd->add_subcommand("list", "List the newest messages (never their text)");
  outbox_list_cmd->add_option("--limit", outbox_limit, "How many")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();

  auto* corrections_cmd =
      app.add_subcommand("corrections", "Review corrections suggested on meeting pages");
  corrections_cmd->require_subcommand(1);
  rn::app::CorrectionsListCommand corrections_list;
  auto* corrections_list_cmd =
      corrections_cmd->add_subcommand("list", "List correction requests, newest first");
  corrections_list_cmd
      ->add_option("--status", corrections_list.status, "open, applied, dismissed or all")
      ->check(CLI::IsMember({"open", "applied", "dismissed", "all"}))
      ->capture_default_str();
  corrections_list_cmd->add_flag("--json", corrections_list.json, "Print a JSON array");

  CLI11_PARSE(app, argc, argv);
  db = rn::app::DatabaseLocation(db);
  rn::app::SetNotesKeyFile(notes_key);

  auto logger = spdlog::stderr_color_mt("recoverynet");
  logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z level=%l %v");
  spdlog::set_default_logger(logger);
  spdlog::set_level(spdlog::level::from_str(log_level));

  if (*serve_cmd) {
    serve.db = db;
    return rn::app::RunServe(serve);
  }
  if (*routes_cmd) {
    serve.db = db;
    return rn::app::RunRoutes(serve);
  }
  if (*import_cmd) {
    import.db = db;
    return rn::app::RunImport(import);
  }
  if (*export_cmd) {
    export_command.db = db;
    if (export_format == "hsds") return rn::app::RunExportHsds(export_command);
    return rn::app::RunExportMeetingGuide(export_command);
  }
  if (*demo_cmd) {
    demo.db = db;
    return rn::app::RunDemo(demo);
  }
  if (*migrate_cmd) return rn::app::RunMigrate({db});
  if (*backup_cmd) {
    backup.db = db;
    return rn::app::RunBackup(backup);
  }
  if (*restore_cmd) {
    restore.db = db;
    return rn::app::RunRestore(restore);
  }
  if (*copy_cmd) {
    if (copy.from.empty()) copy.from = db;
    return rn::app::RunCopy(copy);
  }
  if (*audit_verify_cmd) {
    audit_verify.db = db;
    return rn::app::RunAuditVerify(audit_verify);
  }
  if (*audit_head_cmd) return rn::app::RunAuditHead(db);
  if (*site_add_cmd) {
    site_add.db = db;
    return rn::app::RunSiteAdd(site_add);
  }
  if (*site_list_cmd) return rn::app::RunSiteList(db);
  if (*user_add_cmd) {
    user_add.db = db;
    return rn::app::RunUserAdd(user_add);
  }
  if (*user_set_contact_cmd) {
    user_set_contact.db = db;
    return rn::app::RunUserSetContact(user_set_contact);
  }
  if (*program_add_cmd) {
    program_add.db = db;
    return rn::app::RunProgramAdd(program_add);
  }
  if (*partner_add_cmd) {
    partner_add.db = db;
    return rn::app::RunPartnerAdd(partner_add);
  }
  if (*roster_set_cmd) {
    roster_set.db = db;
    return rn::app::RunRosterSet(roster_set);
  }
  if (*referral_add_cmd) {
    referral_add.db = db;
    return rn::app::RunReferralAdd(referral_add);
  }
  if (*referral_status_cmd) {
    referral_status.db = db;
    return rn::app::RunReferralStatus(referral_status);
  }
  if (*outbox_list_cmd) return rn::app::RunOutboxList(db, outbox_limit);
  if (*user_set_role_cmd) {
    user_set_role.db = db;
    return rn::app::RunUserSetRole(user_set_role);
  }
  if (*user_disable_cmd) {
    user_disable.db = db;
    return rn::app::RunUserDisable(user_disable, true);
  }
  if (*user_enable_cmd) {
    user_enable.db = db;
    return rn::app::RunUserDisable(user_enable, false);
  }
  if (*user_reset_cmd) {
    user_reset.db = db;
    return rn::app::RunUserResetPassword(user_reset);
  }
  if (*user_list_cmd) return rn::app::RunUserList(db);
  if (*token_create_cmd) {
    token_create.db = db;
    return rn::app::RunTokenCreate(token_create);
  }
  if (*token_list_cmd) return rn::app::RunTokenList(db, token_site);
  if (*token_revoke_cmd) return rn::app::RunTokenRevoke(db, token_id);
  if (*corrections_list_cmd) {
    corrections_list.db = db;
    return rn::app::RunCorrectionsList(corrections_list);
  }
  return 1;
}
