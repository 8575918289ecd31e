#include "directory/import_service.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "identity/audit.h"

namespace rn::directory {

Result<ImportSummary> ApplyImport(storage::Store& store, std::string_view source,
                                  const std::vector<Listing>& incoming, int rejected, Instant now) {
  // The preconditions are cheap to check, and a violation would corrupt another source's data.
  std::unordered_map<std::string_view, const Listing*> incoming_by_id;
  incoming_by_id.reserve(incoming.size());
  for (std::size_t index = 0; index < incoming.size(); ++index) {
    const Listing& listing = incoming[index];
    if (listing.source != source || listing.slug.empty() ||
        listing.id != MakeListingId(listing.source, listing.slug)) {
      return Status::Invalid("listings[" + std::to_string(index) + "]",
                             "listing \"" + listing.slug + "\" does not belong to source \"" +
                                 std::string(source) + "\" or has no valid id");
    }
    if (!incoming_by_id.emplace(listing.id, &listing).second) {
      return Status::Invalid("listings[" + std::to_string(index) + "]",
                             "slug \"" + listing.slug + "\" appears twice");
    }
  }

  Result<std::vector<Listing>> existing = store.LoadListingsOfSource(source);
  if (!existing.ok()) return existing.status();

  std::unordered_map<std::string_view, const Listing*> existing_by_id;
  existing_by_id.reserve(existing->size());
  for (const Listing& listing : *existing) existing_by_id.emplace(listing.id, &listing);

  ImportSummary summary;
  summary.rejected = rejected;
  std::vector<const Listing*> to_create;
  std::vector<const Listing*> to_update;
  for (const Listing& listing : incoming) {
    auto found = existing_by_id.find(listing.id);
    if (found == existing_by_id.end()) {
      to_create.push_back(&listing);
    } else if (*found->second == listing) {
      ++summary.unchanged;
    } else {
      to_update.push_back(&listing);
    }
  }

  storage::ListingWrites writes;
  writes.creates.reserve(to_create.size());
  for (const Listing* listing : to_create) writes.creates.push_back(*listing);
  writes.updates.reserve(to_update.size());
  for (const Listing* listing : to_update) writes.updates.push_back(*listing);
  for (const Listing& listing : *existing) {
    if (!incoming_by_id.contains(listing.id)) writes.delete_ids.push_back(listing.id);
  }
  summary.imported = static_cast<int>(writes.creates.size());
  summary.updated = static_cast<int>(writes.updates.size());
  summary.removed = static_cast<int>(writes.delete_ids.size());

  const std::string actor = "import:" + std::string(source);
  // The audit entry records the counts only; the listings themselves are in the change history.
  identity::AuditEvent audit;
  audit.at = identity::AuditTimestamp(now);
  audit.actor = actor;
  audit.action = "directory.import";
  audit.target = "source:" + std::string(source);
  audit.details = boost::json::serialize(boost::json::object{{"imported", summary.imported},
                                                             {"updated", summary.updated},
                                                             {"unchanged", summary.unchanged},
                                                             {"removed", summary.removed},
                                                             {"rejected", summary.rejected}});
  writes.audit = std::move(audit);

  Status status = store.ApplyListingWrites(writes, actor, now);
  if (!status.ok()) return status;
  spdlog::info("import {}: {} new, {} updated, {} unchanged, {} removed, {} rejected", source,
               summary.imported, summary.updated, summary.unchanged, summary.removed,
               summary.rejected);
  return summary;
}

}  // namespace rn::directory
