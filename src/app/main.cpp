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

namespace {

// Reads a TOML configuration file for CLI11: top-level keys set global options (`db`, `log_level`),
// tables set a subcommand's options (`[serve] port = 8080`); `_` and `-` are the same in key names.
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
        path.push_back(name);
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
  app.add_option("--db", db, "SQLite database file")
      ->envname("RECOVERYNET_DB")
      ->capture_default_str();
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
  auto* routes_cmd =
      app.add_subcommand("routes", "List every HTTP route with the access it requires");

  rn::app::ImportCommand import;
  auto* import_cmd = app.add_subcommand("import", "Import a meeting feed (diff-only, idempotent)");
  import_cmd->add_option("format", import.format, "meeting-guide or bmlt")
      ->required()
      ->check(CLI::IsMember({"meeting-guide", "bmlt"}));
  import_cmd->add_option("path", import.path, "Feed file (meeting-guide) or directory (bmlt)")
      ->required();
  import_cmd->add_option("--source", import.source, "Name of the import source")->required();
  import_cmd->add_option("--timezone", import.timezone, "IANA zone for rows without their own");
  import_cmd->add_option("--fellowship", import.fellowship, "Fellowship code for rows without one");
  import_cmd->add_flag("--allow-empty", import.allow_empty,
                       "Apply a feed with no usable rows (removes every listing of the source)");

  rn::app::ExportCommand export_command;
  auto* export_cmd = app.add_subcommand("export", "Export the directory as a feed");
  std::string export_format;
  export_cmd->add_option("format", export_format, "meeting-guide")
      ->required()
      ->check(CLI::IsMember({"meeting-guide"}));
  export_cmd->add_option("--output", export_command.output, "Output file (default: stdout)");

  rn::app::DemoCommand demo;
  demo.feeds_dir = "testdata";
  auto* demo_cmd = app.add_subcommand("demo", "Load the demo feeds into an empty database");
  demo_cmd->add_option("--feeds", demo.feeds_dir, "Directory of the demo feeds")
      ->capture_default_str();

  auto* migrate_cmd = app.add_subcommand("migrate", "Create or upgrade the database schema");

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
    return rn::app::RunExportMeetingGuide(export_command);
  }
  if (*demo_cmd) {
    demo.db = db;
    return rn::app::RunDemo(demo);
  }
  if (*migrate_cmd) return rn::app::RunMigrate({db});
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
