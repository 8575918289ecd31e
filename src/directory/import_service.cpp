#include "directory/import_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "directory/listing_json.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"

namespace rn::directory {

Result<ImportPlan> PlanImport(ListingStore& listings, std::string_view source,
                              const std::vector<Listing>& incoming, int rejected,
                              bool allow_empty) {
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

  // The stored documents, not the stored listings: most rows of a feed are unchanged, and a row
  // whose canonical document equals the stored one is unchanged (the form is lossless and
  // deterministic, listing_json.h), so only the listings that differ are read back and compared.
  Result<std::vector<StoredDocument>> stored = listings.DocumentsOfSource(source);
  if (!stored.ok()) return stored.status();
  if (incoming.empty() && !stored->empty() && !allow_empty) {
    return Status::Invalid("feed", "the feed has no usable rows; refusing to remove all " +
                                       std::to_string(stored->size()) + " listings of source " +
                                       std::string(source));
  }

  std::unordered_map<std::string_view, std::string_view> stored_doc_by_id;
  stored_doc_by_id.reserve(stored->size());
  for (const StoredDocument& document : *stored)
    stored_doc_by_id.emplace(document.id, document.doc);

  ImportPlan plan;
  ImportSummary& summary = plan.summary;
  summary.rejected = rejected;
  ListingWrites& writes = plan.writes;
  for (const Listing& listing : incoming) {
    auto found = stored_doc_by_id.find(listing.id);
    if (found != stored_doc_by_id.end() && ListingToJsonString(listing) == found->second) {
      ++summary.unchanged;
      continue;
    }
    // New, or its document differs: one written by an older form can while the listing is the same.
    Result<std::optional<Listing>> before = found == stored_doc_by_id.end()
                                                ? Result<std::optional<Listing>>(std::nullopt)
                                                : listings.Get(listing.id);
    if (!before.ok()) return before.status();
    if (!before->has_value()) {  // new, or removed since its document was read
      writes.creates.push_back(listing);
    } else if (**before == listing) {
      ++summary.unchanged;
    } else {
      writes.updates.push_back(listing);
      plan.before_updates.push_back(std::move(**before));
    }
  }
  // The listings the feed no longer has, in id order.
  std::vector<std::string_view> gone;
  for (const StoredDocument& document : *stored) {
    if (!incoming_by_id.contains(document.id)) gone.push_back(document.id);
  }
  std::sort(gone.begin(), gone.end());
  for (std::string_view id : gone) {
    Result<std::optional<Listing>> listing = listings.Get(id);
    if (!listing.ok()) return listing.status();
    if (!listing->has_value()) continue;  // removed since its document was read
    writes.delete_ids.emplace_back(id);
    plan.removed.push_back(std::move(**listing));
  }
  summary.imported = static_cast<int>(writes.creates.size());
  summary.updated = static_cast<int>(writes.updates.size());
  summary.removed = static_cast<int>(writes.delete_ids.size());

  // The audit entry records the counts only; the listings themselves are in the change history.
  plan.audit_details = boost::json::serialize(boost::json::object{{"imported", summary.imported},
                                                                  {"updated", summary.updated},
                                                                  {"unchanged", summary.unchanged},
                                                                  {"removed", summary.removed},
                                                                  {"rejected", summary.rejected}});
  return plan;
}

Status ApplyPlan(Stores& stores, std::string_view source, const ImportPlan& plan,
                 const identity::Change& change) {
  if (plan.writes.empty()) return Status::Ok();
  return stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.listings.Apply(plan.writes, change.actor, change.at));
    return identity::ChangeEvent(change, identity::audit_action::kImport,
                                 "source:" + std::string(source), plan.audit_details);
  });
}

Result<ImportSummary> ApplyImport(Stores& stores, std::string_view source,
                                  const std::vector<Listing>& incoming, int rejected, Instant now,
                                  bool allow_empty) {
  Result<ImportPlan> plan = PlanImport(stores.listings, source, incoming, rejected, allow_empty);
  if (!plan.ok()) return plan.status();
  const ImportSummary& summary = plan->summary;
  RN_RETURN_IF_ERROR(ApplyPlan(stores, source, *plan, {"import:" + std::string(source), now, ""}));
  spdlog::info("import {}: {} new, {} updated, {} unchanged, {} removed, {} rejected", source,
               summary.imported, summary.updated, summary.unchanged, summary.removed,
               summary.rejected);
  return summary;
}

Result<ImportSource> EditableSource(Stores& stores, const Editor& editor, std::string_view name) {
  Result<std::vector<ImportSource>> sources = stores.import_sources.List();
  if (!sources.ok()) return sources.status();
  const auto found = std::find_if(sources->begin(), sources->end(),
                                  [&](const auto& source) { return source.source == name; });
  if (found == sources->end() || found->format.empty()) {
    return Status::NotFound("There is no imported source " + std::string(name) + ".");
  }
  if (!editor.CanEdit(name)) {
    return identity::DenyScope(stores.audit, editor.change, "source:" + std::string(name),
                               "You do not edit the source " + std::string(name) + ".");
  }
  return *found;
}

Status SetSourceUrl(Stores& stores, std::string_view source, std::string_view url,
                    const identity::Change& change) {
  if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
    return Status::Invalid("url", "The address must start with https://.");
  }
  return stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.import_sources.SetUrl(source, url));
    return identity::ChangeEvent(change, identity::audit_action::kSourceUrl,
                                 "source:" + std::string(source),
                                 boost::json::serialize(boost::json::object{{"url", url}}));
  });
}

}  // namespace rn::directory
