#pragma once
// The repository of import sources (how a source's feed is fetched again) and of pending imports
// (a feed previewed in the staff console, kept until it is applied). Declared here, implemented in
// storage/ (sqlite/import_source_store.cpp). Writes join the open unit of work
// (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace rn::directory {

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

// The three BMLT documents of a source's last BMLT import, as given (interop/bmlt/bmlt_export.h
// serves its meetings back from them).
struct KeptBmltDocuments {
  std::string source;
  std::string meetings;        // GetSearchResults JSON
  std::string formats;         // GetFormats JSON
  std::string service_bodies;  // GetServiceBodies JSON
};

class ImportSourceStore {
 public:
  virtual ~ImportSourceStore() = default;

  // Records the format, zone and fellowship of an import of source.source (keeping its URL).
  virtual Status Record(const ImportSource& source) = 0;
  // Sets the URL `source` is fetched from.
  virtual Status SetUrl(std::string_view source, std::string_view url) = 0;
  // Every source that has listings or a recorded import, ordered by name, with its listing count.
  virtual Result<std::vector<ImportSource>> List() = 0;
  // Keeps `pending`, removing pending imports made more than a day before it.
  virtual Status SavePending(const PendingImport& pending) = 0;
  // Removes and returns the pending import `id`; nullopt when there is none.
  virtual Result<std::optional<PendingImport>> TakePending(std::string_view id) = 0;
  // Keeps `documents` as the BMLT documents of `documents.source`, replacing any kept before.
  virtual Status KeepBmltDocuments(const KeptBmltDocuments& documents) = 0;
  // Forgets the BMLT documents of `source` (it was imported from another format); OK when none.
  virtual Status ForgetBmltDocuments(std::string_view source) = 0;
  // Every source's kept BMLT documents, ordered by source.
  virtual Result<std::vector<KeptBmltDocuments>> LoadBmltDocuments() = 0;
};

}  // namespace rn::directory
