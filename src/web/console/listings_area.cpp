// The console's directory listings (listings_area.h).

#include "web/console/listings_area.h"

#include <limits>
#include <optional>
#include <vector>

#include "directory/editing.h"
#include "directory/listing_edit.h"
#include "directory/search_index.h"
#include "http/form.h"
#include "util/text.h"
#include "web/console/corrections_area.h"
#include "web/console/listings_page.h"
#include "web/listing_form.h"
#include "web/render.h"

namespace rn::web {

// ---- Listings ----

http::Response ListingsArea::Listings(const http::Request& request, const http::PathParams& params,
                                      const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const http::Form query = kit_.QueryForm(request);
  const std::string text = query.Get("q").value_or("");
  const std::size_t page =
      text::ParseNumber<std::size_t>(query.Get("page").value_or(""), 1, 10000).value_or(1);
  const directory::Editor editor = kit_.Editor(request, caller, site);
  const auto snapshot = kit_.directory().Snapshot();

  // Every match of every source the editor may edit (one search per source of a scope), so that
  // the count and the links are of what the editor can see; only the page shown is read.
  directory::SearchQuery search;
  search.at = kit_.clock().Now();
  search.include_inactive = true;
  search.text = text;
  search.sort = directory::SortOrder::kName;
  search.limit = snapshot->size();
  std::vector<ListingCandidate> candidates;
  for (const std::string& source :
       editor.editable.all ? std::vector<std::string>{""} : editor.editable.scope) {
    search.source = source;
    for (const directory::SearchHit& hit : snapshot->Search(search).hits) {
      candidates.push_back({hit.index, snapshot->NameRank(hit.index), snapshot->Source(hit.index)});
    }
  }
  const ListingsPage listings_page = PageOfListings(
      std::move(candidates), [&](std::string_view source) { return editor.CanEdit(source); }, page,
      kListingsPerPage);
  std::vector<directory::Listing> shown;
  for (std::uint32_t index : listings_page.shown) shown.push_back(snapshot->Get(index));
  auto page_href = [&](std::size_t number) {
    return kit_.SitePath(
        site, "/listings?q=" + http::EncodeComponent(text) + "&page=" + std::to_string(number));
  };

  mustache::data rows{mustache::data::type::list};
  for (const directory::Listing& listing : shown) {
    mustache::data row;
    row.set("site", site);
    row.set("id", listing.id);
    row.set("name", listing.name);
    row.set("closed", directory::IsTemporarilyClosed(listing));
    row.set("when", kit_.ScheduleLine(listing));
    row.set("where", kit_.WhereLine(listing));
    row.set("source", listing.source);
    rows.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("q", text);
  data.set("listings", rows);
  data.set("can_create", editor.CanEdit(directory::LocalSource(site)));
  std::string scope = "You edit every imported listing and this site's own.";
  if (!editor.editable.all) {
    scope = "You edit listings from: ";
    for (std::size_t i = 0; i < editor.editable.scope.size(); ++i) {
      scope += (i == 0 ? "" : ", ") + editor.editable.scope[i];
    }
    if (editor.editable.scope.empty()) scope += "no source yet";
  }
  data.set("scope", scope);
  data.set("count_line", listings_page.CountLine());
  if (listings_page.has_previous) data.set("prev_href", page_href(page - 1));
  if (listings_page.has_next) data.set("next_href", page_href(page + 1));
  return kit_.Page(request, repos, caller, site, "Directory listings",
                   Render("staff_listings", Language::kEnglish, data));
}

http::Response ListingsArea::ListingPage(const http::Request& request, const Caller& caller,
                                         api::Repositories& repos, std::string_view site,
                                         const directory::Listing& listing, bool existing,
                                         int status, const std::string& error) const {
  mustache::data data = kit_.BaseData(caller, site);
  data.set("heading", existing ? listing.name : "New listing");
  data.set("form", ListingFormData(listing));
  data.set("action", kit_.SitePath(site, existing ? "/listings/" + listing.id : "/listings"));
  if (!error.empty()) data.set("error", error);
  const bool closed = directory::IsTemporarilyClosed(listing);
  data.set("closed", closed);
  // An imported listing: its feed wins at the next import, and the editor should know before
  // saving.
  if (existing && !directory::IsLocalSource(listing.source)) {
    data.set("imported_source", listing.source);
  }
  if (existing) {
    mustache::data more = kit_.BaseData(caller, site);
    more.set("id", listing.id);
    more.set("close_action", closed ? "reopen" : "close");
    more.set("close_label", closed ? "Reopen" : "Mark temporarily closed");
    mustache::data history{mustache::data::type::list};
    Result<std::vector<directory::ListingChange>> changes =
        repos.directory.listings.History(listing.id);
    if (changes.ok()) {
      for (auto change = changes->rbegin(); change != changes->rend(); ++change) {
        mustache::data entry;
        entry.set("action", change->action);
        entry.set("actor", change->actor);
        entry.set("at", change->at);
        entry.set("changed", kit_.ChangedFields(change->before, change->after));
        history.push_back(entry);
      }
    }
    more.set("history", history);
    data.set("existing", more);
  }
  // A correction being worked on: shown above the form, resolved with the save.
  if (auto id = kit_.QueryForm(request).Get("correction")) {
    if (auto correction =
            OpenCorrectionAbout(kit_, repos, kit_.Editor(request, caller, site), *id, listing.id)) {
      mustache::data note;
      note.set("id", *id);
      note.set("field", CorrectionFieldLabel(correction->field));
      note.set("details", correction->details);
      data.set("correction", note);
    }
  }
  return kit_.Page(request, repos, caller, site, existing ? listing.name : "New listing",
                   Render("staff_listing", Language::kEnglish, data), status);
}

http::Response ListingsArea::EditListing(const http::Request& request,
                                         const http::PathParams& params, const Caller& caller,
                                         api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::Listing> listing = directory::EditableListing(
      repos.directory, kit_.Editor(request, caller, site), kit_.Param(params, "id"));
  if (!listing.ok()) return kit_.Failure(listing.status());
  return ListingPage(request, caller, repos, site, *listing, true, 200, "");
}

http::Response ListingsArea::NewListing(const http::Request& request,
                                        const http::PathParams& params, const Caller& caller,
                                        api::Repositories& repos) const {
  return ListingPage(request, caller, repos, kit_.Param(params, "site"), directory::Listing(),
                     false, 200, "");
}

// Saves the form over `base` (a new listing when `create`), resolving the correction it names.
http::Response ListingsArea::SaveListing(const http::Request& request, const Caller& caller,
                                         api::Repositories& repos, std::string_view site,
                                         directory::Listing base, bool create) const {
  Result<http::Form> form = kit_.BodyForm(request, 1000);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Result<directory::Listing> edited = ApplyListingForm(*form, base);
  std::optional<std::int64_t> correction;
  if (auto id = form->Get("correction")) {
    correction = text::ParseNumber<std::int64_t>(*id, 1, std::numeric_limits<std::int64_t>::max());
  }
  Status saved = edited.ok() ? directory::SaveListing(repos.directory, kit_.publisher(),
                                                      kit_.Editor(request, caller, site), *edited,
                                                      create, correction)
                             : edited.status();
  if (saved.code() == StatusCode::kInvalidArgument) {
    const directory::Listing& shown = edited.ok() ? *edited : base;
    return ListingPage(request, caller, repos, site, shown, !create, 422, kit_.Explain(saved));
  }
  if (!saved.ok()) return kit_.Failure(saved);
  return kit_.Redirect(
      kit_.SitePath(site, "/listings/" + edited->id + (create ? "?done=created" : "?done=saved")));
}

http::Response ListingsArea::CreateListing(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::Listing> listing =
      directory::NewSiteListing(repos.directory, kit_.Editor(request, caller, site));
  if (!listing.ok()) return kit_.Failure(listing.status());
  return SaveListing(request, caller, repos, site, std::move(*listing), true);
}

http::Response ListingsArea::UpdateListing(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::Listing> listing = directory::EditableListing(
      repos.directory, kit_.Editor(request, caller, site), kit_.Param(params, "id"));
  if (!listing.ok()) return kit_.Failure(listing.status());
  return SaveListing(request, caller, repos, site, std::move(*listing), false);
}

// close | reopen | delete.
http::Response ListingsArea::ListingAction(const http::Request& request,
                                           const http::PathParams& params, const Caller& caller,
                                           api::Repositories& repos,
                                           std::string_view action) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::Listing> listing = directory::EditableListing(
      repos.directory, kit_.Editor(request, caller, site), kit_.Param(params, "id"));
  if (!listing.ok()) return kit_.Failure(listing.status());
  directory::ListingAction change = directory::ListingAction::kDelete;
  std::string done = "deleted";
  if (action == "delete") {
    Result<http::Form> form = kit_.BodyForm(request);
    if (!form.ok()) return kit_.Unreadable(form.status());
    if (form->Get("confirm") != "yes") {
      return ListingPage(request, caller, repos, site, *listing, true, 422,
                         "Tick “I want to delete this listing” to delete it.");
    }
  } else {
    change =
        action == "close" ? directory::ListingAction::kClose : directory::ListingAction::kReopen;
    done = action == "close" ? "closed" : "reopened";
  }
  const std::string id = listing->id;
  if (Status changed =
          directory::ChangeListing(repos.directory, kit_.publisher(),
                                   kit_.Editor(request, caller, site), std::move(*listing), change);
      !changed.ok()) {
    return kit_.Failure(changed);
  }
  if (action == "delete") return kit_.Redirect(kit_.SitePath(site, "/listings?done=deleted"));
  return kit_.Redirect(kit_.SitePath(site, "/listings/" + id + "?done=" + done));
}

void ListingsArea::AddRoutes(http::Router& router) const {
  using P = identity::Permission;
  // Literal segments ("new") are added before the {id} routes they resemble.
  kit_.AddPage(router, "GET", "/staff/sites/{site}/listings", P::kDirectoryEdit,
               kit_.Bind(this, &ListingsArea::Listings));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/listings", P::kDirectoryEdit,
               kit_.Bind(this, &ListingsArea::CreateListing));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/listings/new", P::kDirectoryEdit,
               kit_.Bind(this, &ListingsArea::NewListing));
  kit_.AddPage(router, "GET", "/staff/sites/{site}/listings/{id}", P::kDirectoryEdit,
               kit_.Bind(this, &ListingsArea::EditListing));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/listings/{id}", P::kDirectoryEdit,
               kit_.Bind(this, &ListingsArea::UpdateListing));
  for (std::string action : {"close", "reopen", "delete"}) {
    kit_.AddPage(router, "POST", "/staff/sites/{site}/listings/{id}/" + action, P::kDirectoryEdit,
                 [this, action](const http::Request& request, const http::PathParams& params,
                                const Caller& caller, api::Repositories& repos) {
                   return ListingAction(request, params, caller, repos, action);
                 });
  }
}

}  // namespace rn::web
