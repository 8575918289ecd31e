#include "app/commands.h"

#include <malloc.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>

#include "api/access.h"
#include "api/bmlt_api.h"
#include "api/casework_api.h"
#include "api/directory_api.h"
#include "api/health_api.h"
#include "api/participants_api.h"
#include "api/services_api.h"
#include "api/staff_api.h"
#include "app/database.h"
#include "directory/import_service.h"
#include "directory/publisher.h"
#include "directory/search_index.h"
#include "directory/vocabulary.h"
#include "http/fetch.h"
#include "http/server.h"
#include "identity/audit.h"
#include "identity/authenticator.h"
#include "identity/secret.h"
#include "interop/bmlt/bmlt.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "notify/curl_senders.h"
#include "notify/dispatcher.h"
#include "util/text.h"
#include "web/console/staff_console.h"
#include "web/pages.h"
#include "web/service_pages.h"

namespace rn::app {

int Fail(const std::string& message) {
  std::cerr << "error: " << message << "\n";
  return 1;
}

int Fail(const Status& status) {
  return Fail(status.field().empty() ? status.message() : status.field() + ": " + status.message());
}

Result<std::unique_ptr<Database>> OpenExistingDatabase(const std::string& db,
                                                       const casework::PagingSettings& paging) {
  std::error_code error;
  // A PostgreSQL database is there when its server answers (Database::Open says when it does not).
  const bool postgres = IsPostgres(db);
  if (db != ":memory:" && !postgres && !std::filesystem::is_regular_file(db, error)) {
    return Status::NotFound("no database at " + db);
  }
  return Database::Open(db, paging);
}

std::optional<std::string> ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return std::nullopt;
  std::string contents(static_cast<std::size_t>(in.tellg()), '\0');
  in.seekg(0);
  if (!in.read(contents.data(), static_cast<std::streamsize>(contents.size()))) return std::nullopt;
  return contents;
}

namespace {

// Parses the feed files of `command`; for a BMLT import, also fills `kept` with its documents.
Result<interop::FeedParse> ParseFeedFiles(const ImportCommand& command,
                                          const interop::FeedOptions& options,
                                          directory::KeptBmltDocuments* kept) {
  if (command.format == "meeting-guide") {
    auto json = ReadFile(command.path);
    if (!json) return Status::Invalid("FILE", "cannot read " + command.path);
    return interop::meeting_guide::ParseFeed(*json, options);
  }
  const std::filesystem::path dir(command.path);
  auto meetings = ReadFile(dir / "meetings.json");
  auto formats = ReadFile(dir / "formats.json");
  auto service_bodies = ReadFile(dir / "service_bodies.json");
  if (!meetings || !formats || !service_bodies) {
    return Status::Invalid(
        "DIR", command.path + " must hold meetings.json, formats.json and service_bodies.json");
  }
  *kept = {command.source, std::move(*meetings), std::move(*formats), std::move(*service_bodies)};
  return interop::bmlt::ParseBmlt({kept->meetings, kept->formats, kept->service_bodies}, options);
}

}  // namespace

int RunImport(const ImportCommand& command) {
  if (command.format == "hsds" || command.format == "facilities" || command.format == "linksf") {
    return RunImportHsds(command);
  }
  if (!command.timezone.empty() && directory::FindZone(command.timezone) == nullptr) {
    return Fail("--timezone: " + command.timezone + " is not a known IANA time zone");
  }
  if (!command.fellowship.empty() && directory::FindFellowship(command.fellowship) == nullptr) {
    return Fail("--fellowship: " + command.fellowship + " is not a known fellowship code");
  }
  interop::FeedOptions options{command.source, command.timezone, command.fellowship};
  directory::KeptBmltDocuments kept;
  auto parsed = ParseFeedFiles(command, options, &kept);
  if (!parsed.ok()) {
    return Fail(parsed.status().field().empty()
                    ? parsed.status().message()
                    : parsed.status().field() + ": " + parsed.status().message());
  }
  for (const interop::Rejection& rejection : parsed->rejections) {
    std::cerr << "rejected row " << rejection.index << " slug \"" << rejection.slug
              << "\": " << rejection.reason << "\n";
  }
  auto database = Database::Open(command.db);
  if (!database.ok()) return Fail(database.status().message());
  auto summary = directory::ApplyImport((*database)->directory(), command.source, parsed->listings,
                                        static_cast<int>(parsed->rejections.size()),
                                        SystemClock().Now(), command.allow_empty);
  if (!summary.ok()) {
    return Fail(summary.status().message() +
                (summary.status().field() == "feed" ? " (pass --allow-empty to do so)" : ""));
  }
  // Remembered so the staff console can run this import again from the source's URL.
  if (Status recorded = (*database)->directory().import_sources.Record(
          {command.source, command.format, "", command.timezone, command.fellowship, 0});
      !recorded.ok()) {
    return Fail(recorded);
  }
  // A BMLT source's documents are kept to serve its meetings back as BMLT gave them
  // (interop/bmlt/bmlt_export.h).
  directory::ImportSourceStore& import_sources = (*database)->directory().import_sources;
  if (Status documents = command.format == "bmlt"
                             ? import_sources.KeepBmltDocuments(kept)
                             : import_sources.ForgetBmltDocuments(command.source);
      !documents.ok()) {
    return Fail(documents);
  }
  std::cout << "source=" << command.source << " imported=" << summary->imported
            << " updated=" << summary->updated << " unchanged=" << summary->unchanged
            << " removed=" << summary->removed << " rejected=" << summary->rejected << std::endl;
  return 0;
}

int RunExportMeetingGuide(const ExportCommand& command) {
  auto database = Database::Open(command.db);
  if (!database.ok()) return Fail(database.status().message());
  directory::ListingStore& store = (*database)->directory().listings;
  auto listings = command.source.empty() ? store.LoadAll() : store.LoadOfSource(command.source);
  if (!listings.ok()) return Fail(listings.status().message());
  if (!command.source.empty() && listings->empty()) {
    return Fail("no listings come from source " + command.source);
  }
  const std::string feed = interop::meeting_guide::ExportFeed(*listings);
  if (command.output.empty()) {
    std::cout << feed << std::endl;
    return 0;
  }
  std::ofstream out(command.output, std::ios::binary);
  out << feed;
  if (!out) return Fail("cannot write " + command.output);
  return 0;
}

int RunMigrate(const MigrateCommand& command) {
  auto database = Database::Open(command.db);
  if (!database.ok()) return Fail(database.status().message());
  std::cout << "schema version " << LatestSchemaVersion() << std::endl;
  return 0;
}

int RunAuditVerify(const AuditVerifyCommand& command) {
  auto database = OpenExistingDatabase(command.db);
  if (!database.ok()) return Fail(database.status());
  identity::AuditStore& audit = (*database)->identity().audit;
  // The head first: an append landing between the two reads then shows as an entry past the head,
  // never as a missing one. Appends take the write lock, so in practice both reads agree.
  auto head = audit.LoadHead();
  if (!head.ok()) return Fail(head.status().message());
  auto events = audit.LoadAll();
  if (!events.ok()) return Fail(events.status().message());
  if (auto broken = identity::VerifyChain(*events, *head)) {
    std::cout << "audit: entry " << broken->seq << ": " << broken->reason << std::endl;
    return 1;
  }
  if (!command.expect_head.empty()) {
    const std::string_view expected = command.expect_head;
    const std::size_t colon = expected.find(':');
    const std::optional<std::int64_t> parsed =
        colon == std::string_view::npos
            ? std::nullopt
            : text::ParseNumber<std::int64_t>(expected.substr(0, colon), 1,
                                              std::numeric_limits<std::int64_t>::max());
    if (!parsed) return Fail("--expect-head: give SEQ:HASH as `audit head` printed it");
    const std::int64_t seq = *parsed;
    const std::string_view hash = expected.substr(colon + 1);
    if (seq > static_cast<std::int64_t>(events->size()) ||
        (*events)[static_cast<std::size_t>(seq - 1)].hash != hash) {
      std::cout << "audit: entry " << seq
                << ": not the entry of the exported head: the log was rewritten since" << std::endl;
      return 1;
    }
  }
  std::cout << "audit: " << events->size() << " entries, chain intact"
            << (command.expect_head.empty() ? "" : ", exported head found") << std::endl;
  return 0;
}

int RunAuditHead(const std::string& db) {
  auto database = OpenExistingDatabase(db);
  if (!database.ok()) return Fail(database.status());
  auto head = (*database)->identity().audit.LoadHead();
  if (!head.ok()) return Fail(head.status());
  std::cout << head->last_seq << ":" << head->last_hash << std::endl;
  return 0;
}

namespace {

// The repositories of the calling worker thread: each thread opens its own connection to `db`
// once. `paging` must outlive them.
api::RepositorySource ThreadRepositories(std::string db, const casework::PagingSettings* paging) {
  return [db = std::move(db), paging]() -> Result<api::Repositories*> {
    thread_local std::map<std::string, std::unique_ptr<Database>> databases;
    std::unique_ptr<Database>& database = databases[db];
    if (!database) {
      auto opened = Database::Open(db, *paging);
      if (!opened.ok()) return opened.status();
      database = std::move(*opened);
    }
    return &database->repositories();
  };
}

// The listing store of the calling thread's repositories.
directory::ListingStoreSource ListingsOf(api::RepositorySource repositories) {
  return [repositories = std::move(repositories)]() -> Result<directory::ListingStore*> {
    Result<api::Repositories*> repos = repositories();
    if (!repos.ok()) return repos.status();
    return &(*repos)->directory.listings;
  };
}

identity::AuthOptions AuthOptionsOf(const ServeCommand& command) {
  identity::AuthOptions options;
  options.session.idle = std::chrono::seconds(command.session_idle_seconds);
  options.session.absolute = std::chrono::seconds(command.session_absolute_seconds);
  return options;
}

// Everything `serve` answers with, wired together; the router holds every route.
struct Service {
  explicit Service(const ServeCommand& command)
      : paging{std::chrono::minutes(command.paging.timeout_minutes), &doorbell},
        repositories(ThreadRepositories(command.db, &paging)),
        publisher(directory, ListingsOf(repositories)),
        auth(clock, AuthOptionsOf(command)),
        guard(auth, repositories, web::StaffConsole::Denials()),
        directory_api(directory, clock),
        bmlt_api(directory, clock, repositories),
        staff_api(guard, clock),
        casework_api(guard, clock),
        participants_api(guard, clock),
        services_api(resources, clock),
        pages(directory, clock, Corrections(), PagesOptionsOf(command)),
        service_pages(resources, clock, PagesOptionsOf(command)),
        console(publisher, guard, clock, FeedFetcherOf(command), resources) {
    api::AddHealthRoutes(router, directory, repositories,
                         IsPostgres(command.db) ? "postgresql" : "sqlite");
    directory_api.AddRoutes(router);
    bmlt_api.AddRoutes(router);
    staff_api.AddRoutes(router);
    casework_api.AddRoutes(router);
    participants_api.AddRoutes(router);
    services_api.AddRoutes(router);
    pages.AddRoutes(router);
    service_pages.AddRoutes(router);
    console.AddRoutes(router);
  }

  web::CorrectionSink Corrections() const {
    return [repositories = repositories](directory::CorrectionRequest* request) {
      Result<api::Repositories*> repos = repositories();
      if (!repos.ok()) return repos.status();
      Status stored = directory::SubmitCorrection((*repos)->directory, request);
      if (stored.ok()) {
        spdlog::info("event=correction_received id={} field={}", request->id, request->field);
      }
      return stored;
    };
  }

  static web::FeedFetcher FeedFetcherOf(const ServeCommand& command) {
    http::FetchLimits limits;
    limits.max_body_bytes = web::kMaxFeedUploadBytes;
    limits.allow_private_addresses = command.allow_private_feed_urls;
    return [limits](const std::string& url) { return http::FetchUrl(url, limits); };
  }

  static web::PagesOptions PagesOptionsOf(const ServeCommand& command) {
    web::PagesOptions options;
    options.tile_url = command.tile_url;
    options.tile_attribution = command.tile_attribution;
    return options;
  }

  SystemClock clock;
  directory::Directory directory;
  resources::ResourceDirectory resources;
  notify::Doorbell doorbell;  // rung when a page is enqueued: wakes the dispatcher
  casework::PagingSettings paging;
  api::RepositorySource repositories;
  directory::SnapshotPublisher publisher;  // its rebuild thread uses `repositories`
  identity::Authenticator auth;
  api::AccessGuard guard;
  api::DirectoryApi directory_api;
  api::BmltApi bmlt_api;
  api::StaffApi staff_api;
  api::CaseworkApi casework_api;
  api::ParticipantsApi participants_api;
  api::ServicesApi services_api;
  web::PublicPages pages;
  web::ServicePages service_pages;
  web::StaffConsole console;
  http::Router router;
};

// The senders of the configured channels and the dispatcher that uses them, over a database
// connection of its own.
struct Paging {
  std::unique_ptr<notify::Sender> email;
  std::unique_ptr<notify::Sender> sms;
  std::unique_ptr<Database> database;
  std::unique_ptr<notify::Dispatcher> dispatcher;
};

// Checks the [serve.paging] settings and, when a channel is configured, starts the dispatcher.
// Without any channel nothing is sent (pages stay queued) and the log says so.
Result<std::unique_ptr<Paging>> StartPaging(const ServeCommand& command, Service& service) {
  const PagingCommand& settings = command.paging;
  if (settings.timeout_minutes < 1 || settings.timeout_minutes > 24 * 60) {
    return Status::Invalid("timeout_minutes", "must be 1 to 1440");
  }
  notify::RetryPolicy retry{std::chrono::seconds(settings.retry_first_seconds),
                            std::chrono::seconds(settings.retry_max_seconds),
                            settings.max_attempts};
  RN_RETURN_IF_ERROR(notify::ValidateRetryPolicy(retry));
  if (settings.lease_seconds < 2 || settings.lease_seconds > 3600) {
    return Status::Invalid("lease_seconds", "must be 2 to 3600");
  }
  const std::chrono::seconds lease(settings.lease_seconds);
  const std::chrono::seconds send_timeout = std::min(std::chrono::seconds(10), lease / 2);
  auto paging = std::make_unique<Paging>();
  if (!settings.smtp_url.empty()) {
    notify::SmtpSettings smtp{settings.smtp_url,
                              settings.smtp_from,
                              settings.smtp_user,
                              settings.smtp_password,
                              settings.smtp_allow_plaintext_login,
                              send_timeout};
    RN_RETURN_IF_ERROR(notify::ValidateSmtpSettings(smtp));
    paging->email = notify::MakeSmtpSender(std::move(smtp), service.clock);
  }
  if (!settings.sms_webhook_url.empty()) {
    notify::SmsWebhookSettings sms{settings.sms_webhook_url, settings.sms_from, settings.sms_user,
                                   settings.sms_password, send_timeout};
    RN_RETURN_IF_ERROR(notify::ValidateSmsWebhookSettings(sms));
    paging->sms = notify::MakeSmsWebhookSender(std::move(sms));
  }
  if (!paging->email && !paging->sms) {
    spdlog::warn(
        "event=paging_not_configured: pages are queued but not sent (set smtp_url and/or "
        "sms_webhook_url under [serve.paging])");
    return paging;
  }
  auto database = Database::Open(command.db);
  if (!database.ok()) return database.status();
  paging->database = std::move(*database);
  Result<std::string> suffix = identity::RandomHex(4);
  if (!suffix.ok()) return suffix.status();
  char host[256] = {};
  gethostname(host, sizeof host - 1);
  notify::DispatcherOptions options;
  options.owner = std::string(host) + ":" + std::to_string(getpid()) + ":" + *suffix;
  options.retry = retry;
  options.console_url = settings.console_url;
  options.lease = lease;
  paging->dispatcher = std::make_unique<notify::Dispatcher>(
      paging->database->outbox(), service.clock, service.doorbell,
      notify::Senders{paging->email.get(), paging->sms.get()}, options);
  paging->dispatcher->Start();
  spdlog::info("event=paging_started email={} sms={} timeout_minutes={}",
               paging->email ? "on" : "off (queued)", paging->sms ? "on" : "off (queued)",
               settings.timeout_minutes);
  return paging;
}

// On PostgreSQL, where other servers may share the database: a connection of its own that hears
// the listing writes they commit, and the follower that publishes them to this server's snapshot.
// Nothing on SQLite.
struct Follower {
  std::unique_ptr<Database> database;
  std::unique_ptr<directory::ListingChangeFeed> feed;
  std::unique_ptr<directory::SnapshotFollower> follower;  // destroyed first: it uses the others
};

Result<std::unique_ptr<Follower>> FollowOtherServers(const ServeCommand& command,
                                                     Service& service) {
  auto following = std::make_unique<Follower>();
  if (!IsPostgres(command.db)) return following;
  Result<std::unique_ptr<Database>> database = Database::Open(command.db);
  if (!database.ok()) return database.status();
  following->database = std::move(*database);
  Result<std::unique_ptr<directory::ListingChangeFeed>> feed =
      following->database->ListenForListingChanges();
  if (!feed.ok()) return feed.status();
  following->feed = std::move(*feed);
  following->follower = std::make_unique<directory::SnapshotFollower>(
      service.publisher, *following->feed, following->database->directory().listings);
  spdlog::info("event=following_other_servers");
  return following;
}

}  // namespace

int RunServe(const ServeCommand& command) {
  Service service(command);
  auto paging = StartPaging(command, service);
  if (!paging.ok()) return Fail(paging.status());
  {
    const auto started = std::chrono::steady_clock::now();
    auto database = Database::Open(command.db);
    if (!database.ok()) return Fail(database.status().message());
    auto listings = service.publisher.Republish((*database)->directory().listings);
    if (!listings.ok()) return Fail(listings.status().message());
    const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    spdlog::info("event=index_built listings={} ms={}", *listings, elapsed.count());
  }
  auto refresher = StartResourceRefresher(command.db, service.resources);
  if (!refresher.ok()) return Fail(refresher.status().message());
  malloc_trim(0);  // give the loaded rows' memory back: the snapshot is all that stays
  auto follower = FollowOtherServers(command, service);
  if (!follower.ok()) return Fail(follower.status().message());

  http::ServerOptions options;
  options.host = command.host;
  options.port = static_cast<unsigned short>(command.port);
  options.threads = command.threads;
  options.trusted_proxies = command.trusted_proxies;
  http::Server server(options, service.router);
  if (Status listening = server.Listen(); !listening.ok()) return Fail(listening.message());
  spdlog::info("listening on http://{}:{}", command.host, server.port());
  server.Run();
  if ((*paging)->dispatcher) (*paging)->dispatcher->Stop();
  spdlog::info("event=stopped");
  return 0;
}

int RunRoutes(const ServeCommand& command) {
  Service service(command);
  for (const http::Route& route : service.router.routes()) {
    std::cout << route.method << ' ' << route.pattern << ' ' << route.access;
    if (route.ReadableFromAnyOrigin()) std::cout << " cross-origin";
    std::cout << '\n';
  }
  return 0;
}

}  // namespace rn::app
