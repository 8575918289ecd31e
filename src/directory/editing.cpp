#include "directory/editing.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <string>

#include "directory/listing_edit.h"
#include "directory/schedule.h"
#include "identity/audit_actions.h"
#include "identity/audited_reads.h"
#include "identity/secret.h"

namespace rn::directory {
namespace {

namespace audit_action = identity::audit_action;

std::string ListingTarget(std::string_view id) { return "listing:" + std::string(id); }

// The audit details of a correction request: {"correction":<id>,"field":<field>}. Never its text
// or email.
std::string CorrectionDetails(std::int64_t id, std::string_view field) {
  return boost::json::serialize(boost::json::object{{"correction", id}, {"field", field}});
}

// Writes `writes` with the entry `action` on listing `id`, in one unit of work that also runs
// `also` (which may write more, e.g. resolve a correction), then publishes the listings written.
Status WriteListing(Stores& stores, SnapshotPublisher& publisher, const Editor& editor,
                    const ListingWrites& writes, std::string_view action, std::string_view id,
                    const std::function<Status()>& also = nullptr) {
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.listings.Apply(writes, editor.change.actor, editor.change.at));
    if (also) RN_RETURN_IF_ERROR(also());
    return identity::ChangeEvent(editor.change, action, ListingTarget(id));
  }));
  return publisher.Refresh(stores.listings, writes.Ids());
}

// Marks open request `request` resolved as `status` by `change.actor`, with its entry.
// kConflict when it was resolved meanwhile.
Status MarkResolved(Stores& stores, const identity::Change& change,
                    const CorrectionRequest& request, std::string_view status) {
  return stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<bool> resolved = stores.corrections.MarkResolved(request.id, status, change.actor,
                                                            identity::AuditTimestamp(change.at));
    if (!resolved.ok()) return resolved.status();
    if (!*resolved) {
      return Status(StatusCode::kConflict,
                    "correction request " + std::to_string(request.id) + " is already resolved");
    }
    return identity::ChangeEvent(change,
                                 status == kCorrectionApplied ? audit_action::kCorrectionApplied
                                                              : audit_action::kCorrectionDismissed,
                                 ListingTarget(request.listing_id),
                                 CorrectionDetails(request.id, request.field));
  });
}

}  // namespace

bool Editor::CanEdit(std::string_view source) const {
  return identity::CanEditSource(editable, source, change.site);
}

Result<Listing> EditableListing(Stores& stores, const Editor& editor, std::string_view id) {
  Result<std::optional<Listing>> found = stores.listings.Get(id);
  if (!found.ok()) return found.status();
  if (!found->has_value()) return Status::NotFound("There is no listing " + std::string(id) + ".");
  if (!editor.CanEdit((*found)->source)) {
    return identity::DenyScope(
        stores.audit, editor.change, ListingTarget(id),
        "This listing comes from " + (*found)->source + ", which you do not edit.");
  }
  return std::move(**found);
}

Result<Listing> NewSiteListing(Stores& stores, const Editor& editor) {
  Listing listing;
  listing.source = LocalSource(editor.change.site);
  if (!editor.CanEdit(listing.source)) {
    return identity::DenyScope(
        stores.audit, editor.change, "source:" + listing.source,
        "You edit listings of some import sources only, so you cannot add listings "
        "of your own.");
  }
  Result<std::string> slug = identity::RandomHex(8);
  if (!slug.ok()) return slug.status();
  listing.slug = std::move(*slug);
  listing.id = MakeListingId(listing.source, listing.slug);
  return listing;
}

Status SaveListing(Stores& stores, SnapshotPublisher& publisher, const Editor& editor,
                   Listing listing, bool create, std::optional<std::int64_t> correction_id) {
  RN_RETURN_IF_ERROR(ValidateEditedListing(listing));
  listing.updated = FormatUtc(editor.change.at);
  ListingWrites writes;
  (create ? writes.creates : writes.updates).push_back(listing);
  auto resolve = [&]() -> Status {
    if (!correction_id) return Status::Ok();
    Result<std::optional<CorrectionRequest>> request = stores.corrections.Get(*correction_id);
    if (!request.ok()) return request.status();
    if (!request->has_value() || (*request)->listing_id != listing.id ||
        (*request)->status != kCorrectionOpen) {
      return Status::Ok();
    }
    Status resolved = MarkResolved(stores, editor.change, **request, kCorrectionApplied);
    return resolved.code() == StatusCode::kConflict ? Status::Ok() : resolved;
  };
  return WriteListing(stores, publisher, editor, writes,
                      create ? audit_action::kListingCreate : audit_action::kListingUpdate,
                      listing.id, resolve);
}

Status ChangeListing(Stores& stores, SnapshotPublisher& publisher, const Editor& editor,
                     Listing listing, ListingAction action) {
  ListingWrites writes;
  std::string_view audit;
  switch (action) {
    case ListingAction::kDelete:
      writes.delete_ids.push_back(listing.id);
      audit = audit_action::kListingDelete;
      break;
    case ListingAction::kClose:
    case ListingAction::kReopen:
      if (action == ListingAction::kClose) {
        CloseTemporarily(&listing);
        audit = audit_action::kListingClose;
      } else {
        Reopen(&listing);
        audit = audit_action::kListingReopen;
      }
      listing.updated = FormatUtc(editor.change.at);
      writes.updates.push_back(listing);
      break;
  }
  return WriteListing(stores, publisher, editor, writes, audit, listing.id);
}

// ---- Correction requests ----

Status SubmitCorrection(Stores& stores, CorrectionRequest* request) {
  NormalizeCorrection(request);
  RN_RETURN_IF_ERROR(ValidateCorrection(*request));
  Result<Instant> created = ParseRfc3339(request->created_at);
  if (!created.ok()) return Status::Invalid("created_at", "not an RFC 3339 instant");
  request->created_at = FormatUtc(*created);
  request->status = std::string(kCorrectionOpen);
  request->resolved_by.clear();
  request->resolved_at.clear();
  std::int64_t id = 0;
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    Result<std::optional<Listing>> listing = stores.listings.Get(request->listing_id);
    if (!listing.ok()) return listing.status();
    if (!listing->has_value()) return Status::NotFound("there is no such meeting");
    Result<std::int64_t> inserted = stores.corrections.Insert(*request);
    if (!inserted.ok()) return inserted.status();
    id = *inserted;
    return identity::ChangeEvent({"public", *created, ""}, audit_action::kCorrectionSubmit,
                                 ListingTarget(request->listing_id),
                                 CorrectionDetails(id, request->field));
  }));
  request->id = id;
  return Status::Ok();
}

Result<std::vector<CorrectionRequest>> ListCorrections(CorrectionStore& corrections,
                                                       std::optional<std::string_view> status) {
  if (status.has_value() && !IsCorrectionStatus(*status)) {
    return Status::Invalid("status", "the status is one of open, applied and dismissed");
  }
  return corrections.List(status);
}

Result<std::vector<std::pair<CorrectionRequest, Listing>>> OpenCorrectionsFor(
    CorrectionStore& corrections, const SearchIndex& snapshot, const Editor& editor) {
  Result<std::vector<CorrectionRequest>> open = corrections.List(kCorrectionOpen);
  if (!open.ok()) return open.status();
  std::vector<std::pair<CorrectionRequest, Listing>> mine;
  for (CorrectionRequest& correction : *open) {
    const auto index = snapshot.Find(correction.listing_id);
    if (!index) continue;  // the listing is gone; nothing to correct
    Listing listing = snapshot.Get(*index);
    if (!editor.CanEdit(listing.source)) continue;
    mine.emplace_back(std::move(correction), std::move(listing));
  }
  return mine;
}

Status ResolveCorrection(Stores& stores, const Editor& editor, std::int64_t id,
                         std::string_view status) {
  if (status != kCorrectionApplied && status != kCorrectionDismissed) {
    return Status::Invalid("status", "a request is resolved as applied or dismissed");
  }
  Result<std::optional<CorrectionRequest>> request = stores.corrections.Get(id);
  if (!request.ok()) return request.status();
  if (!request->has_value()) return Status::NotFound("There is no such correction.");
  // The request's listing must be one the editor edits (when it still exists).
  Result<std::optional<Listing>> listing = stores.listings.Get((*request)->listing_id);
  if (!listing.ok()) return listing.status();
  if (listing->has_value() && !editor.CanEdit((*listing)->source)) {
    return identity::DenyScope(stores.audit, editor.change, ListingTarget((*listing)->id),
                               "That listing is not one you edit.");
  }
  if ((*request)->status != kCorrectionOpen) {
    return Status(StatusCode::kConflict,
                  "correction request " + std::to_string(id) + " is already " + (*request)->status);
  }
  return MarkResolved(stores, editor.change, **request, status);
}

}  // namespace rn::directory
