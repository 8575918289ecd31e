#pragma once
// The use cases of directory editing in the staff console: find a listing the editor may edit,
// create, edit, temporarily close, reopen and delete listings, and resolve the public's
// correction requests. Each write goes to the store with its audit entry in one unit of work, then
// republishes the public search snapshot, so the finder shows the change when the call returns.
// A listing outside the editor's scope is refused (kForbidden) with an audited scope denial.

#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "directory/correction.h"
#include "directory/listing.h"
#include "directory/publisher.h"
#include "directory/search_index.h"
#include "directory/stores.h"
#include "identity/access.h"
#include "identity/audit.h"
#include "util/status.h"

namespace rn::directory {

// Who edits: the change context (actor, time, address, and the site they work at) and the
// sources their roles let them edit there.
struct Editor {
  identity::Change change;
  identity::EditableSources editable;

  // Whether the editor may edit listings of `source` at change.site.
  bool CanEdit(std::string_view source) const;
};

// The listing `id` when the editor may edit it. kNotFound for no such listing; kForbidden (and an
// audited denial) for a listing of a source outside the editor's scope.
Result<Listing> EditableListing(Stores& stores, const Editor& editor, std::string_view id);

// A new, empty listing of the site's own source (LocalSource) with a fresh slug and id.
// kForbidden (and an audited denial) when the editor edits some import sources only.
Result<Listing> NewSiteListing(Stores& stores, const Editor& editor);

// Saves `listing`, new (`create`) or edited: checks it (ValidateEditedListing: kInvalidArgument
// naming the form field), stamps `updated`, writes it with its audit entry
// (directory.listing.create / .update) and republishes. When `correction_id` names an open request
// about this listing, it is marked applied in the same unit of work (a request resolved meanwhile
// is left as it is).
Status SaveListing(Stores& stores, SnapshotPublisher& publisher, const Editor& editor,
                   Listing listing, bool create, std::optional<std::int64_t> correction_id);

enum class ListingAction { kClose, kReopen, kDelete };

// Temporarily closes, reopens or deletes `listing` (directory.listing.close / .reopen / .delete)
// and republishes.
Status ChangeListing(Stores& stores, SnapshotPublisher& publisher, const Editor& editor,
                     Listing listing, ListingAction action);

// ---- Correction requests ----

// Stores a request from the public (directory.correction.submit, actor "public", target
// "listing:<id>", details {"correction":<id>,"field":<field>}: never the text or the email):
// applies NormalizeCorrection, then assigns request->id, sets status open and clears the
// resolution. request->created_at is the caller's "now" and is rewritten in the
// "2026-11-23T19:00:00Z" form. kInvalidArgument (naming the field) when ValidateCorrection fails
// or created_at is not an RFC 3339 instant; kNotFound when no listing has request->listing_id.
Status SubmitCorrection(Stores& stores, CorrectionRequest* request);

// The requests with `status` (open, applied or dismissed; nullopt for all), newest first.
// kInvalidArgument (field "status") for another status.
Result<std::vector<CorrectionRequest>> ListCorrections(CorrectionStore& corrections,
                                                       std::optional<std::string_view> status);

// The open requests about listings the editor may edit (looked up in `snapshot`; a request whose
// listing is gone is left out), each with its listing, newest first.
Result<std::vector<std::pair<CorrectionRequest, Listing>>> OpenCorrectionsFor(
    CorrectionStore& corrections, const SearchIndex& snapshot, const Editor& editor);

// Marks request `id` as `status` (applied or dismissed), resolved by the editor
// (directory.correction.applied / .dismissed). kInvalidArgument (field "status") for another
// status; kNotFound for no such request; kForbidden (and an audited denial) when its listing still
// exists and is not one the editor edits; kConflict when it is already resolved.
Status ResolveCorrection(Stores& stores, const Editor& editor, std::int64_t id,
                         std::string_view status);

}  // namespace rn::directory
