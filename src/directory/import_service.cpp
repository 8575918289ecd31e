#include "directory/import_service.h"

#include <spdlog/spdlog.h>

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>
#include <unordered_map>
#include <vector>

#include "identity/audit.h"

namespace rn::directory {

Result<ImportPlan> PlanImport(storage::Store& store, std::string_view source,
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

  ImportPlan plan;
  ImportSummary& summary = plan.summary;
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

  storage::ListingWrites& writes = plan.writes;
  writes.creates.reserve(to_create.size());
  for (const Listing* listing : to_create) writes.creates.push_back(*listing);
  writes.updates.reserve(to_update.size());
  for (const Listing* listing : to_update) {
    writes.updates.push_back(*listing);
    plan.before_updates.push_back(*existing_by_id.find(listing->id)->second);
  }
  for (const Listing& listing : *existing) {
    if (incoming_by_id.contains(listing.id)) continue;
    writes.delete_ids.push_back(listing.id);
    plan.removed.push_back(listing);
  }
  summary.imported = static_cast<int>(writes.creates.size());
  summary.updated = static_cast<int>(writes.updates.size());
  summary.removed = static_cast<int>(writes.delete_ids.size());

  // The audit entry records the counts only; the listings themselves are in the change history.
  writes.audit = identity::MakeAuditEvent(
      {now, "import:" + std::string(source), "directory.import", "source:" + std::string(source),
       "", "",
       boost::json::serialize(boost::json::object{{"imported", summary.imported},
                                                  {"updated", summary.updated},
                                                  {"unchanged", summary.unchanged},
                                                  {"removed", summary.removed},
                                                  {"rejected", summary.rejected}})});
  return plan;
}

Result<ImportSummary> ApplyImport(storage::Store& store, std::string_view source,
                                  const std::vector<Listing>& incoming, int rejected, Instant now) {
  Result<ImportPlan> plan = PlanImport(store, source, incoming, rejected, now);
  if (!plan.ok()) return plan.status();
  const ImportSummary& summary = plan->summary;
  RN_RETURN_IF_ERROR(store.ApplyListingWrites(plan->writes, "import:" + std::string(source), now));
  spdlog::info("import {}: {} new, {} updated, {} unchanged, {} removed, {} rejected", source,
               summary.imported, summary.updated, summary.unchanged, summary.removed,
               summary.rejected);
  return summary;
}

}  // namespace rn::directory
