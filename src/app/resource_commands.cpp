// `recoverynet import hsds|facilities|linksf`: community resources from an HSDS data package or
// HSDS JSON, a CSV of facilities with a column mapping, or a Link-SF export.

#include <spdlog/spdlog.h>

#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/commands.h"
#include "directory/schedule.h"
#include "interop/facilities/facilities.h"
#include "interop/facilities/linksf.h"
#include "interop/hsds/hsds.h"
#include "interop/zip.h"
#include "resources/hsds_view.h"
#include "resources/importing.h"
#include "util/text.h"

namespace rn::app {
namespace {

// A zip of a data package may hold this much uncompressed, at most.
constexpr std::size_t kMostUnzipped = std::size_t{1} << 30;

bool EndsWith(const std::filesystem::path& path, std::string_view suffix) {
  const std::string name = path.filename().string();
  return name.size() >= suffix.size() &&
         text::EqualsIgnoringAsciiCase(std::string_view(name).substr(name.size() - suffix.size()),
                                       suffix);
}

// Reads PATH as `import hsds` takes it: a package folder, its datapackage.json, a .zip of it, or
// an HSDS JSON file.
Result<interop::hsds::Parse> ReadHsds(const std::filesystem::path& path,
                                      const interop::hsds::Options& options) {
  std::error_code error;
  std::filesystem::path folder;
  if (std::filesystem::is_directory(path, error)) {
    folder = path;
  } else if (path.filename() == "datapackage.json") {
    folder = path.parent_path().empty() ? "." : path.parent_path();
  } else {
    std::optional<std::string> bytes = ReadFile(path);
    if (!bytes) return Status::Invalid("PATH", "cannot read " + path.string());
    if (EndsWith(path, ".zip")) {
      Result<std::map<std::string, std::string>> files = interop::UnzipFiles(*bytes, kMostUnzipped);
      if (!files.ok()) return files.status();
      return interop::hsds::ParsePackage(*files, options);
    }
    return interop::hsds::ParseJson(*bytes, options);
  }
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
    if (!entry.is_regular_file()) continue;
    if (!EndsWith(entry.path(), ".csv") && entry.path().filename() != "datapackage.json") continue;
    std::optional<std::string> bytes = ReadFile(entry.path());
    if (!bytes) return Status::Invalid("PATH", "cannot read " + entry.path().string());
    files.emplace(entry.path().filename().string(), std::move(*bytes));
  }
  if (error)
    return Status::Invalid("PATH", "cannot list " + folder.string() + ": " + error.message());
  return interop::hsds::ParsePackage(files, options);
}

// Reads the input of `command` by its format.
Result<interop::hsds::Parse> ReadResources(const ImportCommand& command) {
  const interop::hsds::Options options{command.source};
  if (command.format == "hsds") return ReadHsds(command.path, options);
  std::optional<std::string> bytes = ReadFile(command.path);
  if (!bytes) return Status::Invalid("PATH", "cannot read " + command.path);
  if (command.format == "linksf") return interop::facilities::ParseLinkSf(*bytes, options);
  if (command.mapping.empty()) return Status::Invalid("--map", "facilities need a column mapping");
  Result<interop::facilities::Mapping> mapping = interop::facilities::ParseMapping(command.mapping);
  if (!mapping.ok()) return Status::Invalid("--map", mapping.status().message());
  mapping->country = command.country;
  mapping->categories = command.categories;
  mapping->service_name = command.service_name;
  return interop::facilities::ParseFacilities(
      *bytes, std::filesystem::path(command.path).filename().string(), *mapping, options);
}

}  // namespace

int RunImportHsds(const ImportCommand& command) {
  if (!command.timezone.empty() && directory::FindZone(command.timezone) == nullptr) {
    return Fail("--timezone: " + command.timezone + " is not a known IANA time zone");
  }
  Result<interop::hsds::Parse> parsed = ReadResources(command);
  if (!parsed.ok()) return Fail(parsed.status());
  for (const interop::hsds::Rejection& rejection : parsed->rejections) {
    std::cerr << "rejected " << rejection.file << " line " << rejection.row
              << (rejection.field.empty() ? "" : " " + rejection.field) << ": " << rejection.reason
              << "\n";
  }
  for (const std::string& note : parsed->notes) std::cerr << "note: " << note << "\n";
  auto database = Database::Open(command.db);
  if (!database.ok()) return Fail(database.status().message());
  std::vector<resources::RecordKey> taken;
  const Instant now = SystemClock().Now();
  Result<resources::ImportSummary> summary = resources::ImportRecords(
      (*database)->resources(), command.source, std::move(parsed->records),
      static_cast<int>(parsed->rejections.size()), now, command.allow_empty, &taken);
  if (!summary.ok()) {
    return Fail(summary.status().message() +
                (summary.status().field() == "input" ? " (pass --allow-empty to do so)" : ""));
  }
  // Remembered: the zone of the source's hours, for the services whose location gives none.
  if (Status recorded = (*database)->resources().records.RecordSource(
          {command.source, command.format, command.timezone, FormatUtc(now)});
      !recorded.ok()) {
    return Fail(recorded);
  }
  for (const resources::RecordKey& key : taken) {
    std::cerr << "rejected " << resources::KindName(key.kind) << " " << key.id
              << ": another source holds this id\n";
  }
  std::cout << "source=" << command.source;
  for (resources::RecordKind kind : resources::kRecordKinds) {
    const std::string_view name = resources::KindName(kind);
    std::cout << " "
              << (kind == resources::RecordKind::kTaxonomy ? "taxonomies" : std::string(name) + "s")
              << "=" << summary->kept[static_cast<std::size_t>(kind)];
  }
  std::cout << " created=" << summary->created << " updated=" << summary->updated
            << " unchanged=" << summary->unchanged << " removed=" << summary->removed
            << " rejected=" << summary->rejected << std::endl;
  return 0;
}

int RunExportHsds(const ExportCommand& command) {
  if (command.output.empty()) return Fail("--output: give the folder to write the package in");
  const std::filesystem::path folder(command.output);
  std::error_code error;
  if (std::filesystem::exists(folder, error) && !std::filesystem::is_empty(folder, error)) {
    return Fail("--output: " + command.output + " is not empty");
  }
  auto database = OpenExistingDatabase(command.db);
  if (!database.ok()) return Fail(database.status());
  resources::ResourceStore& store = (*database)->resources().records;
  std::vector<resources::StoredRecord> stored;
  if (command.source.empty()) {
    if (Status scanned = store.ScanAll(
            [&](resources::StoredRecord&& record) { stored.push_back(std::move(record)); });
        !scanned.ok()) {
      return Fail(scanned);
    }
  } else {
    auto of_source = store.OfSource(command.source);
    if (!of_source.ok()) return Fail(of_source.status());
    if (of_source->empty()) return Fail("no resources come from source " + command.source);
    stored = std::move(*of_source);
  }
  std::vector<resources::Record> records;
  records.reserve(stored.size());
  for (const resources::StoredRecord& record : stored) {
    records.push_back(
        {record.key.kind, record.key.id, record.source, resources::DocumentOf(record)});
  }
  std::filesystem::create_directories(folder, error);
  if (error) return Fail("cannot create " + command.output + ": " + error.message());
  for (const auto& [name, bytes] : interop::hsds::ExportPackage(records)) {
    std::ofstream out(folder / name, std::ios::binary);
    out << bytes;
    if (!out) return Fail("cannot write " + (folder / name).string());
  }
  std::cout << "exported " << records.size() << " records to " << command.output << std::endl;
  return 0;
}

namespace {

class PollingRefresher final : public ResourceRefresher {
 public:
  PollingRefresher(std::unique_ptr<Database> database, resources::ResourceDirectory& directory,
                   std::chrono::milliseconds period)
      : database_(std::move(database)), directory_(directory), period_(period) {
    thread_ = std::thread([this] { Run(); });
  }
  ~PollingRefresher() override {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }

 private:
  void Run() {
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, period_, [this] { return stopping_; })) {
      lock.unlock();
      Refresh();
      lock.lock();
    }
  }

  void Refresh() {
    resources::ResourceStore& store = database_->resources().records;
    Result<std::int64_t> latest = store.LatestChange();
    if (!latest.ok()) {
      spdlog::warn("event=resources_refresh_failed error=\"{}\"", latest.status().message());
      return;
    }
    const Instant now = SystemClock().Now();
    // Rebuilt after a change, and daily: its open intervals and holidays run from the day it
    // was built.
    const auto current = directory_.Snapshot();
    if (*latest == current->version() && now - current->window_start() < std::chrono::hours(48)) {
      return;
    }
    const auto started = std::chrono::steady_clock::now();
    auto snapshot = resources::LoadSnapshot(store, now);
    if (!snapshot.ok()) {
      spdlog::warn("event=resources_refresh_failed error=\"{}\"", snapshot.status().message());
      return;
    }
    directory_.Publish(*snapshot);
    spdlog::info("event=resources_published services={} ms={}", (*snapshot)->entries().size(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::steady_clock::now() - started)
                     .count());
  }

  std::unique_ptr<Database> database_;
  resources::ResourceDirectory& directory_;
  const std::chrono::milliseconds period_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<ResourceRefresher>> StartResourceRefresher(
    const std::string& db, resources::ResourceDirectory& directory,
    std::chrono::milliseconds period) {
  auto database = Database::Open(db);
  if (!database.ok()) return database.status();
  auto snapshot = resources::LoadSnapshot((*database)->resources().records, SystemClock().Now());
  if (!snapshot.ok()) return snapshot.status();
  directory.Publish(*snapshot);
  spdlog::info("event=resources_published services={}", (*snapshot)->entries().size());
  return std::unique_ptr<ResourceRefresher>(
      std::make_unique<PollingRefresher>(std::move(*database), directory, period));
}

}  // namespace rn::app
