// The staff console's directory pages: listings, the public's corrections and imports.

#include <algorithm>
#include <limits>

#include "directory/import_service.h"
#include "directory/listing_edit.h"
#include "directory/listing_json.h"
#include "http/form.h"
#include "http/multipart.h"
#include "identity/secret.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "util/text.h"
#include "web/console_impl.h"
#include "web/listing_form.h"
#include "web/render.h"

namespace rn::web {
namespace {

using identity::Caller;

}  // namespace

// ---- Listings ----

http::Response StaffConsole::Impl::Listings(const http::Request& request,
                                            const http::PathParams& params, const Caller& caller,
                                            storage::Store& store) const {
  const std::string site = Param(params, "site");
  const http::Form query = QueryForm(request);
  const std::string text = query.Get("q").value_or("");
  const std::size_t page =
      text::ParseNumber<std::size_t>(query.Get("page").value_or(""), 1, 10000).value_or(1);
  const identity::EditableSources editable = identity::EditableSourcesAt(caller.grants, site);
  const auto snapshot = directory.Snapshot();

  // Every source's first `page` pages, merged and cut: the scope may name several sources.
  directory::SearchQuery search;
  search.at = clock.Now();
  search.include_inactive = true;
  search.text = text;
  search.sort = directory::SortOrder::kName;
  search.limit = page * kListingsPerPage;
  std::vector<directory::SearchHit> hits;
  std::size_t total = 0;
  // One search for every source (then other sites' own listings are left out), or one per source
  // in the scope.
  for (const std::string& source : editable.all ? std::vector<std::string>{""} : editable.scope) {
    search.source = source;
    directory::SearchResult result = snapshot->Search(search);
    total += result.total;
    hits.insert(hits.end(), result.hits.begin(), result.hits.end());
  }
  std::vector<directory::Listing> shown;
  for (const directory::SearchHit& hit : hits) {
    directory::Listing listing = snapshot->Get(hit.index);
    if (identity::CanEditSource(editable, listing.source, site)) {
      shown.push_back(std::move(listing));
    } else {
      --total;
    }
  }
  std::sort(shown.begin(), shown.end(), [](const auto& a, const auto& b) {
    return std::tie(a.name, a.id) < std::tie(b.name, b.id);
  });
  const std::size_t first = (page - 1) * kListingsPerPage;
  shown.erase(shown.begin(),
              shown.begin() + static_cast<std::ptrdiff_t>(std::min(first, shown.size())));
  if (shown.size() > kListingsPerPage) shown.resize(kListingsPerPage);
  auto page_href = [&](std::size_t number) {
    return "/staff/sites/" + site + "/listings?q=" + http::EncodeComponent(text) +
           "&page=" + std::to_string(number);
  };

  mustache::data rows{mustache::data::type::list};
  for (const directory::Listing& listing : shown) {
    mustache::data row;
    row.set("site", site);
    row.set("id", listing.id);
    row.set("name", listing.name);
    row.set("closed", directory::IsTemporarilyClosed(listing));
    row.set("when", ScheduleLine(listing));
    row.set("where", WhereLine(listing));
    row.set("source", listing.source);
    rows.push_back(row);
  }
  mustache::data data = BaseData(caller, site);
  data.set("q", text);
  data.set("listings", rows);
  data.set("can_create", identity::CanEditSource(editable, directory::LocalSource(site), site));
  std::string scope = "You edit every imported listing and this site's own.";
  if (!editable.all) {
    scope = "You edit listings from: ";
    for (std::size_t i = 0; i < editable.scope.size(); ++i) {
      scope += (i == 0 ? "" : ", ") + editable.scope[i];
    }
    if (editable.scope.empty()) scope += "no source yet";
  }
  data.set("scope", scope);
  data.set("count_line", total == 0 || shown.empty()
                             ? "No listings match."
                             : "Showing " + std::to_string(first + 1) + "–" +
                                   std::to_string(first + shown.size()) + " of " +
                                   std::to_string(total) + ", by name.");
  if (page > 1) data.set("prev_href", page_href(page - 1));
  if (first + shown.size() < total) data.set("next_href", page_href(page + 1));
  return Page(request, store, caller, site, "Directory listings",
              Render("staff_listings", Language::kEnglish, data));
}

http::Response StaffConsole::Impl::ListingPage(const http::Request& request, const Caller& caller,
                                               storage::Store& store, std::string_view site,
                                               const directory::Listing& listing, bool existing,
                                               int status, const std::string& error) const {
  mustache::data data = BaseData(caller, site);
  data.set("heading", existing ? listing.name : "New listing");
  data.set("form", ListingFormData(listing));
  data.set("action", existing ? "/staff/sites/" + std::string(site) + "/listings/" + listing.id
                              : "/staff/sites/" + std::string(site) + "/listings");
  if (!error.empty()) data.set("error", error);
  const bool closed = directory::IsTemporarilyClosed(listing);
  data.set("closed", closed);
  // An imported listing: its feed wins at the next import, and the editor should know before
  // saving.
  if (existing && !directory::IsLocalSource(listing.source)) {
    data.set("imported_source", listing.source);
  }
  if (existing) {
    mustache::data more = BaseData(caller, site);
    more.set("id", listing.id);
    more.set("close_action", closed ? "reopen" : "close");
    more.set("close_label", closed ? "Reopen" : "Mark temporarily closed");
    mustache::data history{mustache::data::type::list};
    Result<std::vector<storage::ListingChange>> changes = store.ListingHistory(listing.id);
    if (changes.ok()) {
      for (auto change = changes->rbegin(); change != changes->rend(); ++change) {
        mustache::data entry;
        entry.set("action", change->action);
        entry.set("actor", change->actor);
        entry.set("at", change->at);
        entry.set("changed", ChangedFields(change->before, change->after));
        history.push_back(entry);
      }
    }
    more.set("history", history);
    data.set("existing", more);
  }
  // A correction being worked on: shown above the form, resolved with the save.
  if (auto id = QueryForm(request).Get("correction")) {
    if (auto correction = OpenCorrectionAbout(store, caller, site, *id, listing.id)) {
      mustache::data note;
      note.set("id", *id);
      note.set("field", CorrectionFieldLabel(correction->field));
      note.set("details", correction->details);
      data.set("correction", note);
    }
  }
  return Page(request, store, caller, site, existing ? listing.name : "New listing",
              Render("staff_listing", Language::kEnglish, data), status);
}

http::Response StaffConsole::Impl::EditListing(const http::Request& request,
                                               const http::PathParams& params, const Caller& caller,
                                               storage::Store& store) const {
  const std::string site = Param(params, "site");
  Result<directory::Listing> listing =
      EditableListing(store, request, caller, site, Param(params, "id"));
  if (!listing.ok()) return Failure(listing.status());
  return ListingPage(request, caller, store, site, *listing, true, 200, "");
}

http::Response StaffConsole::Impl::NewListing(const http::Request& request,
                                              const http::PathParams& params, const Caller& caller,
                                              storage::Store& store) const {
  return ListingPage(request, caller, store, Param(params, "site"), directory::Listing(), false,
                     200, "");
}

// Saves the form over `base` (a new listing when `create`), resolving the correction it names.
http::Response StaffConsole::Impl::SaveListing(const http::Request& request, const Caller& caller,
                                               storage::Store& store, std::string_view site,
                                               directory::Listing base, bool create) {
  auto form = http::Form::Parse(request.body, 1000);
  if (!form.ok()) return MessagePage(400, "The form could not be read", form.status().message());
  Result<directory::Listing> edited = ApplyListingForm(*form, base);
  Status valid = edited.ok() ? directory::ValidateEditedListing(*edited) : edited.status();
  if (!valid.ok()) {
    const directory::Listing& shown = edited.ok() ? *edited : base;
    return ListingPage(request, caller, store, site, shown, !create, 422,
                       valid.message() + (valid.field().empty() ? "" : " (" + valid.field() + ")"));
  }
  edited->updated = FormatUtc(clock.Now());
  storage::ListingWrites writes;
  (create ? writes.creates : writes.updates).push_back(*edited);
  if (Status written = WriteListing(
          store, request, caller, site, std::move(writes),
          create ? "directory.listing.create" : "directory.listing.update", edited->id);
      !written.ok()) {
    return Failure(written);
  }
  // The correction the form was opened for, when it is still open and about this listing.
  if (auto id = form->Get("correction")) {
    if (auto correction = OpenCorrectionAbout(store, caller, site, *id, edited->id)) {
      Status resolved = store.ResolveCorrection(correction->id, directory::kCorrectionApplied,
                                                Change(request, caller, site));
      if (!resolved.ok() && resolved.code() != StatusCode::kConflict) return Failure(resolved);
    }
  }
  return Redirect("/staff/sites/" + std::string(site) + "/listings/" + edited->id +
                  (create ? "?done=created" : "?done=saved"));
}

http::Response StaffConsole::Impl::CreateListing(const http::Request& request,
                                                 const http::PathParams& params,
                                                 const Caller& caller, storage::Store& store) {
  const std::string site = Param(params, "site");
  directory::Listing listing;
  listing.source = directory::LocalSource(site);
  if (!identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site), listing.source,
                               site)) {
    Audit(store, request, caller, site, "access.denied", "source:" + listing.source,
          R"({"reason":"scope"})");
    return Failure(Status(StatusCode::kForbidden,
                          "You edit listings of some import sources only, so you cannot add "
                          "listings of your own."));
  }
  Result<std::string> slug = identity::RandomHex(8);
  if (!slug.ok()) return Failure(slug.status());
  listing.slug = *slug;
  listing.id = directory::MakeListingId(listing.source, listing.slug);
  return SaveListing(request, caller, store, site, std::move(listing), true);
}

http::Response StaffConsole::Impl::UpdateListing(const http::Request& request,
                                                 const http::PathParams& params,
                                                 const Caller& caller, storage::Store& store) {
  const std::string site = Param(params, "site");
  Result<directory::Listing> listing =
      EditableListing(store, request, caller, site, Param(params, "id"));
  if (!listing.ok()) return Failure(listing.status());
  return SaveListing(request, caller, store, site, std::move(*listing), false);
}

// close | reopen | delete.
http::Response StaffConsole::Impl::ListingAction(const http::Request& request,
                                                 const http::PathParams& params,
                                                 const Caller& caller, storage::Store& store,
                                                 std::string_view action) {
  const std::string site = Param(params, "site");
  Result<directory::Listing> listing =
      EditableListing(store, request, caller, site, Param(params, "id"));
  if (!listing.ok()) return Failure(listing.status());
  storage::ListingWrites writes;
  std::string audit_action;
  std::string done;
  if (action == "delete") {
    auto form = http::Form::Parse(request.body);
    if (!form.ok() || form->Get("confirm") != "yes") {
      return ListingPage(request, caller, store, site, *listing, true, 422,
                         "Tick “I want to delete this listing” to delete it.");
    }
    writes.delete_ids.push_back(listing->id);
    audit_action = "directory.listing.delete";
    done = "deleted";
  } else {
    if (action == "close") {
      directory::CloseTemporarily(&*listing);
    } else {
      directory::Reopen(&*listing);
    }
    listing->updated = FormatUtc(clock.Now());
    writes.updates.push_back(*listing);
    audit_action = action == "close" ? "directory.listing.close" : "directory.listing.reopen";
    done = action == "close" ? "closed" : "reopened";
  }
  if (Status written =
          WriteListing(store, request, caller, site, std::move(writes), audit_action, listing->id);
      !written.ok()) {
    return Failure(written);
  }
  if (action == "delete") return Redirect("/staff/sites/" + site + "/listings?done=deleted");
  return Redirect("/staff/sites/" + site + "/listings/" + listing->id + "?done=" + done);
}

// ---- Corrections ----

http::Response StaffConsole::Impl::Corrections(const http::Request& request,
                                               const http::PathParams& params, const Caller& caller,
                                               storage::Store& store) const {
  const std::string site = Param(params, "site");
  auto open = OpenCorrections(store, caller, site);
  if (!open.ok()) return Failure(open.status());
  // The requests carry the public's words and, sometimes, an email address: a protected read.
  if (!Audit(store, request, caller, site, "directory.corrections.view", "", "{}")) {
    return Failure(Status::Internal("audit"));
  }
  mustache::data rows{mustache::data::type::list};
  for (const auto& [correction, listing] : *open) {
    mustache::data row = BaseData(caller, site);
    row.set("id", std::to_string(correction.id));
    row.set("listing_id", correction.listing_id);
    row.set("listing_name", listing.name);
    row.set("field", CorrectionFieldLabel(correction.field));
    row.set("details", correction.details);
    row.set("email", correction.email);
    row.set("created_at", correction.created_at);
    rows.push_back(row);
  }
  mustache::data data = BaseData(caller, site);
  const std::size_t count = rows.list_value().size();
  data.set("corrections", rows);
  data.set("count_line", count == 0 ? "No open corrections for the listings you edit."
                                    : std::to_string(count) +
                                          (count == 1 ? " open request" : " open requests") +
                                          ", newest first.");
  return Page(request, store, caller, site, "Corrections",
              Render("staff_corrections", Language::kEnglish, data));
}

http::Response StaffConsole::Impl::ResolveCorrection(const http::Request& request,
                                                     const http::PathParams& params,
                                                     const Caller& caller,
                                                     storage::Store& store) const {
  const std::string site = Param(params, "site");
  const std::string status = Param(params, "status");
  const std::string text = Param(params, "id");
  const std::optional<std::int64_t> parsed =
      text::ParseNumber<std::int64_t>(text, 1, std::numeric_limits<std::int64_t>::max());
  if (!parsed) return Failure(Status::NotFound("There is no correction " + text + "."));
  const std::int64_t id = *parsed;
  Result<std::vector<directory::CorrectionRequest>> all = store.ListCorrections(std::nullopt);
  if (!all.ok()) return Failure(all.status());
  const auto correction =
      std::find_if(all->begin(), all->end(), [&](const auto& request) { return request.id == id; });
  if (correction == all->end()) return Failure(Status::NotFound("There is no such correction."));
  // The request's listing must be one the caller edits (when it still exists).
  if (Result<std::optional<directory::Listing>> listing = store.GetListing(correction->listing_id);
      listing.ok() && listing->has_value() &&
      !identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site), (*listing)->source,
                               site)) {
    Audit(store, request, caller, site, "access.denied", "listing:" + (*listing)->id,
          R"({"reason":"scope"})");
    return Failure(Status(StatusCode::kForbidden, "That listing is not one you edit."));
  }
  if (Status resolved = store.ResolveCorrection(id, status, Change(request, caller, site));
      !resolved.ok()) {
    if (resolved.code() == StatusCode::kInvalidArgument)
      return Failure(Status::NotFound("No such action."));
    return Failure(resolved);
  }
  return Redirect("/staff/sites/" + site + "/corrections?done=" + status);
}

// ---- Imports ----

// The import source the path names when the caller may edit it here (kForbidden, audited,
// otherwise; kNotFound for no such imported source).
Result<storage::ImportSource> StaffConsole::Impl::EditableSource(storage::Store& store,
                                                                 const http::Request& request,
                                                                 const Caller& caller,
                                                                 std::string_view site,
                                                                 std::string_view name) const {
  Result<std::vector<storage::ImportSource>> sources = store.ListImportSources();
  if (!sources.ok()) return sources.status();
  const auto found = std::find_if(sources->begin(), sources->end(),
                                  [&](const auto& source) { return source.source == name; });
  if (found == sources->end() || found->format.empty()) {
    return Status::NotFound("There is no imported source " + std::string(name) + ".");
  }
  if (!identity::CanEditSource(identity::EditableSourcesAt(caller.grants, site), name, site)) {
    Audit(store, request, caller, site, "access.denied", "source:" + std::string(name),
          R"({"reason":"scope"})");
    return Status(StatusCode::kForbidden, "You do not edit the source " + std::string(name) + ".");
  }
  return *found;
}

http::Response StaffConsole::Impl::Imports(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           storage::Store& store) const {
  const std::string site = Param(params, "site");
  Result<std::vector<storage::ImportSource>> sources = store.ListImportSources();
  if (!sources.ok()) return Failure(sources.status());
  const identity::EditableSources editable = identity::EditableSourcesAt(caller.grants, site);
  mustache::data rows{mustache::data::type::list};
  for (const storage::ImportSource& source : *sources) {
    if (source.format.empty() || !identity::CanEditSource(editable, source.source, site)) continue;
    mustache::data row = BaseData(caller, site);
    row.set("source", source.source);
    row.set("format", source.format);
    row.set("listings", std::to_string(source.listings));
    row.set("url", source.url);
    row.set("timezone", source.timezone);
    rows.push_back(row);
  }
  mustache::data data = BaseData(caller, site);
  data.set("sources", rows);
  return Page(request, store, caller, site, "Imports",
              Render("staff_imports", Language::kEnglish, data));
}

http::Response StaffConsole::Impl::SaveSourceUrl(const http::Request& request,
                                                 const http::PathParams& params,
                                                 const Caller& caller,
                                                 storage::Store& store) const {
  const std::string site = Param(params, "site");
  Result<storage::ImportSource> source =
      EditableSource(store, request, caller, site, Param(params, "source"));
  if (!source.ok()) return Failure(source.status());
  auto form = http::Form::Parse(request.body);
  const std::string url = form.ok() ? form->Get("url").value_or("") : "";
  if (!url.empty() && !url.starts_with("https://") && !url.starts_with("http://")) {
    return MessagePage(422, "Not a feed address", "The address must start with https://.");
  }
  Status saved = store.SetImportSourceUrl(source->source, url, Change(request, caller, site));
  if (!saved.ok()) return Failure(saved);
  return Redirect("/staff/sites/" + site + "/imports?done=url_saved");
}

// The feed the preview form sends: an uploaded file, or the source's stored URL fetched now.
Result<std::string> StaffConsole::Impl::FeedOf(const http::Request& request,
                                               const storage::ImportSource& source) const {
  const std::string_view content_type = request.Header("content-type");
  if (content_type.starts_with("multipart/form-data")) {
    auto parts = http::ParseMultipart(content_type, request.body);
    if (!parts.ok()) return parts.status();
    for (http::FormPart& part : *parts) {
      if (part.name == "feed" && !part.body.empty()) return std::move(part.body);
    }
    return Status::Invalid("feed", "choose the feed file to upload");
  }
  if (source.url.empty()) return Status::Invalid("url", "save the feed's address first");
  return fetch_feed(source.url);
}

Result<StaffConsole::Impl::Prepared> StaffConsole::Impl::Prepare(
    storage::Store& store, const storage::ImportSource& source, std::string_view feed) const {
  if (source.format != "meeting-guide") {
    return Status::Invalid("format",
                           "only Meeting Guide feeds can be imported here; use "
                           "`recoverynet import " +
                               source.format + "`");
  }
  Result<interop::FeedParse> parse =
      interop::meeting_guide::ParseFeed(feed, {source.source, source.timezone, source.fellowship});
  if (!parse.ok()) return parse.status();
  if (parse->listings.empty() && source.listings > 0) {
    return Status::Invalid("feed", "the feed has no usable rows; importing it would remove all " +
                                       std::to_string(source.listings) + " listings");
  }
  Result<directory::ImportPlan> plan =
      directory::PlanImport(store, source.source, parse->listings,
                            static_cast<int>(parse->rejections.size()), clock.Now());
  if (!plan.ok()) return plan.status();
  return Prepared{std::move(*parse), std::move(*plan)};
}

http::Response StaffConsole::Impl::ImportProblem(const Status& status) {
  if (status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kUnavailable) {
    return MessagePage(
        422, "The feed could not be used",
        status.message() + (status.field().empty() ? "" : " (" + status.field() + ")"));
  }
  return Failure(status);
}

http::Response StaffConsole::Impl::PreviewImport(const http::Request& request,
                                                 const http::PathParams& params,
                                                 const Caller& caller,
                                                 storage::Store& store) const {
  const std::string site = Param(params, "site");
  Result<storage::ImportSource> source =
      EditableSource(store, request, caller, site, Param(params, "source"));
  if (!source.ok()) return Failure(source.status());
  Result<std::string> feed = FeedOf(request, *source);
  if (!feed.ok()) return ImportProblem(feed.status());
  Result<Prepared> prepared = Prepare(store, *source, *feed);
  if (!prepared.ok()) return ImportProblem(prepared.status());
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return Failure(id.status());
  const directory::ImportSummary& summary = prepared->plan.summary;
  const bool nothing = summary.imported + summary.updated + summary.removed == 0;
  if (!nothing) {
    Status saved = store.SavePendingImport(
        {*id, site, source->source, caller.actor, clock.Now(), std::move(*feed)});
    if (!saved.ok()) return Failure(saved);
  }

  constexpr std::size_t kShown = 100;
  std::size_t hidden = 0;
  auto listing_rows = [&](const std::vector<directory::Listing>& listings) {
    mustache::data rows{mustache::data::type::list};
    for (std::size_t i = 0; i < listings.size(); ++i) {
      if (i == kShown) {
        hidden += listings.size() - kShown;
        break;
      }
      mustache::data row;
      row.set("name", listings[i].name);
      row.set("when", ScheduleLine(listings[i]));
      rows.push_back(row);
    }
    return rows;
  };
  const directory::ImportPlan& plan = prepared->plan;
  mustache::data changed{mustache::data::type::list};
  for (std::size_t i = 0; i < plan.writes.updates.size() && i < kShown; ++i) {
    mustache::data row;
    row.set("name", plan.writes.updates[i].name);
    row.set("fields", ChangedFields(directory::ListingToJsonString(plan.before_updates[i]),
                                    directory::ListingToJsonString(plan.writes.updates[i])));
    changed.push_back(row);
  }
  if (plan.writes.updates.size() > kShown) hidden += plan.writes.updates.size() - kShown;
  mustache::data rejections{mustache::data::type::list};
  for (const interop::Rejection& rejection : prepared->parse.rejections) {
    if (rejections.list_value().size() == kShown) break;
    mustache::data row;
    row.set("index", std::to_string(rejection.index));
    row.set("slug", rejection.slug);
    row.set("reason", rejection.reason);
    rejections.push_back(row);
  }

  mustache::data data = BaseData(caller, site);
  data.set("source", source->source);
  data.set("pending", *id);
  data.set("nothing", nothing);
  data.set("imported", std::to_string(summary.imported));
  data.set("updated", std::to_string(summary.updated));
  data.set("removed", std::to_string(summary.removed));
  data.set("unchanged", std::to_string(summary.unchanged));
  data.set("rejected", std::to_string(summary.rejected));
  data.set("created", listing_rows(plan.writes.creates));
  data.set("created_any", !plan.writes.creates.empty());
  data.set("changed", changed);
  data.set("updated_any", !plan.writes.updates.empty());
  data.set("removed_list", listing_rows(plan.removed));
  data.set("removed_any", !plan.removed.empty());
  data.set("rejections", rejections);
  data.set("rejections_any", !prepared->parse.rejections.empty());
  if (hidden > 0) data.set("more", "…and " + std::to_string(hidden) + " more not listed here.");
  return Page(request, store, caller, site, "Changes from " + source->source,
              Render("staff_import_preview", Language::kEnglish, data));
}

http::Response StaffConsole::Impl::ApplyPendingImport(const http::Request& request,
                                                      const http::PathParams& params,
                                                      const Caller& caller, storage::Store& store) {
  const std::string site = Param(params, "site");
  Result<storage::ImportSource> source =
      EditableSource(store, request, caller, site, Param(params, "source"));
  if (!source.ok()) return Failure(source.status());
  auto form = http::Form::Parse(request.body);
  Result<std::optional<storage::PendingImport>> pending =
      store.TakePendingImport(form.ok() ? form->Get("pending").value_or("") : "");
  if (!pending.ok()) return Failure(pending.status());
  if (!pending->has_value() || (*pending)->site_id != site ||
      (*pending)->source != source->source || (*pending)->actor != caller.actor) {
    return MessagePage(409, "Nothing to apply",
                       "This preview was applied already or has expired: fetch or upload the "
                       "feed again.");
  }
  // Planned again against the directory as it is now, so edits made since the preview are
  // neither lost nor applied twice.
  Result<Prepared> prepared = Prepare(store, *source, (*pending)->body);
  if (!prepared.ok()) return ImportProblem(prepared.status());
  storage::ListingWrites& writes = prepared->plan.writes;
  if (writes.audit) {
    writes.audit->actor = caller.actor;
    writes.audit->site = site;
    writes.audit->remote_address = request.remote_address;
  }
  if (Status applied = store.ApplyListingWrites(writes, caller.actor, clock.Now()); !applied.ok()) {
    return Failure(applied);
  }
  if (Status published = Republish(store); !published.ok()) return Failure(published);
  return Redirect("/staff/sites/" + site + "/imports?done=imported");
}

}  // namespace rn::web
