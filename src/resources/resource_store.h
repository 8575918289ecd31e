#pragma once
// The repository of resource records (record.h) and their change history. Declared here,
// implemented in storage/ (sql/resource_store.cpp). Writes join the open unit of work
// (identity/audit_store.h) when there is one, so an import's records and its audit entry commit
// together. Used by one thread at a time.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "resources/record.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::resources {

// One entry of a record's change history.
struct RecordChange {
  std::int64_t seq = 0;
  RecordKey key;
  std::string at;      // RFC 3339 UTC
  std::string actor;   // "import:<source>" or a user name
  std::string action;  // "create" | "update" | "delete"
  std::string before;  // canonical JSON, empty for create
  std::string after;   // canonical JSON, empty for delete
};

// A record as stored: its key, source and canonical document (CanonicalJson of its doc).
struct StoredRecord {
  RecordKey key;
  std::string source;
  std::string doc;
  std::string updated_at;  // RFC 3339 UTC
};

// A batch of record writes applied atomically.
struct RecordWrites {
  std::vector<Record> creates;
  std::vector<Record> updates;  // each replaces the stored record with the same key
  std::vector<RecordKey> deletes;

  bool empty() const { return creates.empty() && updates.empty() && deletes.empty(); }
  std::size_t size() const { return creates.size() + updates.size() + deletes.size(); }
};

// An import source of resources: its format ("hsds", "facilities", "linksf") and the IANA zone of
// its services' hours where a location does not give one (empty: none given).
struct ResourceSource {
  std::string source;
  std::string format;
  std::string timezone;
  std::string imported_at;  // RFC 3339 UTC, the latest import
  bool operator==(const ResourceSource&) const = default;
};

class ResourceStore {
 public:
  virtual ~ResourceStore() = default;

  // The stored records of one source, ordered by kind then id.
  virtual Result<std::vector<StoredRecord>> OfSource(std::string_view source) = 0;
  // Calls `visit` with every stored record, ordered by kind then id. `visit` must not use the
  // store.
  virtual Status ScanAll(const std::function<void(StoredRecord&&)>& visit) = 0;
  // The record with `key`, or nullopt.
  virtual Result<std::optional<StoredRecord>> Get(const RecordKey& key) = 0;
  // Applies all writes in one transaction (or in the open unit of work), one change-history entry
  // per record written, by `actor` at `at`. On any error nothing is written. kInvalidArgument when
  // a record fails CheckRecord; kConflict for a create of an existing key, or an update or delete
  // of a missing one.
  virtual Status Apply(const RecordWrites& writes, std::string_view actor, Instant at) = 0;
  // A record's change history, oldest first (kept after the record is deleted).
  virtual Result<std::vector<RecordChange>> History(const RecordKey& key) = 0;
  // The number of stored records of `kind`.
  virtual Result<std::int64_t> Count(RecordKind kind) = 0;

  // The seq of the newest change-history entry (0 when there is none): what a snapshot of the
  // records was loaded at, so a server can tell another process has written since.
  virtual Result<std::int64_t> LatestChange() = 0;

  // Records (or replaces) an import source.
  virtual Status RecordSource(const ResourceSource& source) = 0;
  // Every import source, ordered by name.
  virtual Result<std::vector<ResourceSource>> Sources() = 0;
};

}  // namespace rn::resources
