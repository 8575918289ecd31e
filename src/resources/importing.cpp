#include "resources/importing.h"

#include <spdlog/spdlog.h>

#include <boost/json/serialize.hpp>
#include <map>

#include "identity/audit_actions.h"

namespace rn::resources {

Result<ImportSummary> ImportRecords(Stores& stores, std::string_view source,
                                    std::vector<Record> incoming, int rejected, Instant now,
                                    bool allow_empty, std::vector<RecordKey>* taken) {
  Result<std::vector<StoredRecord>> stored = stores.records.OfSource(source);
  if (!stored.ok()) return stored.status();
  if (incoming.empty() && !stored->empty() && !allow_empty) {
    return Status::Invalid("input", "the input holds no records while source " +
                                        std::string(source) + " has " +
                                        std::to_string(stored->size()) + ": not removing them all");
  }
  std::map<RecordKey, const StoredRecord*> existing;
  for (const StoredRecord& record : *stored) existing.emplace(record.key, &record);

  ImportSummary summary;
  summary.rejected = rejected;
  RecordWrites writes;
  for (Record& record : incoming) {
    RecordKey key{record.kind, record.id};
    const auto found = existing.find(key);
    if (found == existing.end()) {
      // New to this source: another source may hold the same key.
      Result<std::optional<StoredRecord>> other = stores.records.Get(key);
      if (!other.ok()) return other.status();
      if (other->has_value()) {
        ++summary.rejected;
        if (taken != nullptr) taken->push_back(key);
        continue;
      }
      ++summary.kept[static_cast<std::size_t>(record.kind)];
      writes.creates.push_back(std::move(record));
      continue;
    }
    ++summary.kept[static_cast<std::size_t>(record.kind)];
    const bool same = found->second->doc == CanonicalJson(record.doc);
    existing.erase(found);
    if (same) {
      ++summary.unchanged;
    } else {
      writes.updates.push_back(std::move(record));
    }
  }
  for (const auto& [key, record] : existing) writes.deletes.push_back(key);
  summary.created = static_cast<int>(writes.creates.size());
  summary.updated = static_cast<int>(writes.updates.size());
  summary.removed = static_cast<int>(writes.deletes.size());

  if (!writes.empty()) {
    const identity::Change change{"import:" + std::string(source), now, ""};
    const std::string details =
        boost::json::serialize(boost::json::object{{"created", summary.created},
                                                   {"updated", summary.updated},
                                                   {"unchanged", summary.unchanged},
                                                   {"removed", summary.removed},
                                                   {"rejected", summary.rejected}});
    RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
      RN_RETURN_IF_ERROR(stores.records.Apply(writes, change.actor, change.at));
      return identity::ChangeEvent(change, identity::audit_action::kResourcesImport,
                                   "source:" + std::string(source), details);
    }));
  }
  spdlog::info("import {} (resources): {} new, {} updated, {} unchanged, {} removed, {} rejected",
               source, summary.created, summary.updated, summary.unchanged, summary.removed,
               summary.rejected);
  return summary;
}

}  // namespace rn::resources
