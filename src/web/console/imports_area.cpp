// The console's imports (imports_area.h).

#include "web/console/imports_area.h"

#include "directory/import_service.h"
#include "directory/listing_json.h"
#include "http/multipart.h"
#include "identity/secret.h"
#include "interop/meeting_guide/meeting_guide.h"
#include "web/render.h"

namespace rn::web {

Result<directory::ImportSource> ImportsArea::PathSource(const http::Request& request,
                                                        const http::PathParams& params,
                                                        const Caller& caller,
                                                        api::Repositories& repos) const {
  return directory::EditableSource(repos.directory,
                                   kit_.Editor(request, caller, kit_.Param(params, "site")),
                                   kit_.Param(params, "source"));
}

http::Response ImportsArea::Imports(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<std::vector<directory::ImportSource>> sources = repos.directory.import_sources.List();
  if (!sources.ok()) return kit_.Failure(sources.status());
  const identity::EditableSources editable = identity::EditableSourcesAt(caller.grants, site);
  mustache::data rows{mustache::data::type::list};
  for (const directory::ImportSource& source : *sources) {
    if (source.format.empty() || !identity::CanEditSource(editable, source.source, site)) continue;
    mustache::data row = kit_.BaseData(caller, site);
    row.set("source", source.source);
    row.set("format", source.format);
    row.set("listings", std::to_string(source.listings));
    row.set("url", source.url);
    row.set("timezone", source.timezone);
    rows.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("sources", rows);
  return kit_.Page(request, repos, caller, site, "Imports",
                   Render("staff_imports", Language::kEnglish, data));
}

http::Response ImportsArea::SaveSourceUrl(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::ImportSource> source = PathSource(request, params, caller, repos);
  if (!source.ok()) return kit_.Failure(source.status());
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Status saved =
      directory::SetSourceUrl(repos.directory, source->source, form->Get("url").value_or(""),
                              kit_.Change(request, caller, site));
  if (saved.code() == StatusCode::kInvalidArgument) {
    return ConsoleKit::MessagePage(422, "Not a feed address", saved.message());
  }
  if (!saved.ok()) return kit_.Failure(saved);
  return kit_.Redirect(kit_.SitePath(site, "/imports?done=url_saved"));
}

// The feed the preview form sends: an uploaded file, or the source's stored URL fetched now.
Result<std::string> ImportsArea::FeedOf(const http::Request& request,
                                        const directory::ImportSource& source) const {
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
  return fetch_feed_(source.url);
}

Result<ImportsArea::Prepared> ImportsArea::Prepare(api::Repositories& repos,
                                                   const directory::ImportSource& source,
                                                   std::string_view feed) const {
  if (source.format != "meeting-guide") {
    return Status::Invalid("format",
                           "only Meeting Guide feeds can be imported here; use "
                           "`recoverynet import " +
                               source.format + "`");
  }
  Result<interop::FeedParse> parse =
      interop::meeting_guide::ParseFeed(feed, {source.source, source.timezone, source.fellowship});
  if (!parse.ok()) return parse.status();
  Result<directory::ImportPlan> plan =
      directory::PlanImport(repos.directory.listings, source.source, parse->listings,
                            static_cast<int>(parse->rejections.size()));
  if (!plan.ok()) return plan.status();
  return Prepared{std::move(*parse), std::move(*plan)};
}

http::Response ImportsArea::ImportProblem(const Status& status) {
  if (status.code() == StatusCode::kInvalidArgument || status.code() == StatusCode::kUnavailable) {
    return ConsoleKit::MessagePage(422, "The feed could not be used", ConsoleKit::Explain(status));
  }
  return ConsoleKit::Failure(status);
}

http::Response ImportsArea::PreviewImport(const http::Request& request,
                                          const http::PathParams& params, const Caller& caller,
                                          api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::ImportSource> source = PathSource(request, params, caller, repos);
  if (!source.ok()) return kit_.Failure(source.status());
  Result<std::string> feed = FeedOf(request, *source);
  if (!feed.ok()) return ImportProblem(feed.status());
  Result<Prepared> prepared = Prepare(repos, *source, *feed);
  if (!prepared.ok()) return ImportProblem(prepared.status());
  Result<std::string> id = identity::RandomHex(16);
  if (!id.ok()) return kit_.Failure(id.status());
  const directory::ImportSummary& summary = prepared->plan.summary;
  const bool nothing = summary.imported + summary.updated + summary.removed == 0;
  if (!nothing) {
    Status saved = repos.directory.import_sources.SavePending(
        {*id, site, source->source, caller.actor, kit_.clock().Now(), std::move(*feed)});
    if (!saved.ok()) return kit_.Failure(saved);
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
      row.set("when", kit_.ScheduleLine(listings[i]));
      rows.push_back(row);
    }
    return rows;
  };
  const directory::ImportPlan& plan = prepared->plan;
  mustache::data changed{mustache::data::type::list};
  for (std::size_t i = 0; i < plan.writes.updates.size() && i < kShown; ++i) {
    mustache::data row;
    row.set("name", plan.writes.updates[i].name);
    row.set("fields", kit_.ChangedFields(directory::ListingToJsonString(plan.before_updates[i]),
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

  mustache::data data = kit_.BaseData(caller, site);
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
  return kit_.Page(request, repos, caller, site, "Changes from " + source->source,
                   Render("staff_import_preview", Language::kEnglish, data));
}

http::Response ImportsArea::ApplyPendingImport(const http::Request& request,
                                               const http::PathParams& params, const Caller& caller,
                                               api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  Result<directory::ImportSource> source = PathSource(request, params, caller, repos);
  if (!source.ok()) return kit_.Failure(source.status());
  Result<http::Form> form = kit_.BodyForm(request);
  if (!form.ok()) return kit_.Unreadable(form.status());
  Result<std::optional<directory::PendingImport>> pending =
      repos.directory.import_sources.TakePending(form->Get("pending").value_or(""));
  if (!pending.ok()) return kit_.Failure(pending.status());
  if (!pending->has_value() || (*pending)->site_id != site ||
      (*pending)->source != source->source || (*pending)->actor != caller.actor) {
    return ConsoleKit::MessagePage(
        409, "Nothing to apply",
        "This preview was applied already or has expired: fetch or upload the "
        "feed again.");
  }
  // Planned again against the directory as it is now, so edits made since the preview are
  // neither lost nor applied twice.
  Result<Prepared> prepared = Prepare(repos, *source, (*pending)->body);
  if (!prepared.ok()) return ImportProblem(prepared.status());
  if (Status applied = directory::ApplyPlan(repos.directory, source->source, prepared->plan,
                                            kit_.Change(request, caller, site));
      !applied.ok()) {
    return kit_.Failure(applied);
  }
  // A rebuild on the publisher's thread: edits made meanwhile are published without waiting for it.
  if (Status published = kit_.publisher().Rebuild().status_or_ok(); !published.ok()) {
    return kit_.Failure(published);
  }
  return kit_.Redirect(kit_.SitePath(site, "/imports?done=imported"));
}

void ImportsArea::AddRoutes(http::Router& router) const {
  using P = identity::Permission;
  auto bind = [this](auto method) {
    return [this, method](const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) {
      return (this->*method)(request, params, caller, repos);
    };
  };
  kit_.AddPage(router, "GET", "/staff/sites/{site}/imports", P::kDirectoryImport,
               bind(&ImportsArea::Imports));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/imports/{source}/url", P::kDirectoryImport,
               bind(&ImportsArea::SaveSourceUrl));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/imports/{source}/preview", P::kDirectoryImport,
               bind(&ImportsArea::PreviewImport))
      .max_body_bytes = kMaxFeedUploadBytes;
  kit_.AddPage(router, "POST", "/staff/sites/{site}/imports/{source}/apply", P::kDirectoryImport,
               bind(&ImportsArea::ApplyPendingImport));
}

}  // namespace rn::web
