// The console's correction review (corrections_area.h).

#include "web/console/corrections_area.h"

#include <limits>

#include "identity/audit_actions.h"
#include "util/text.h"
#include "web/i18n.h"
#include "web/render.h"

namespace rn::web {

std::string CorrectionFieldLabel(std::string_view field) {
  return Messages::For(Language::kEnglish).Get("correction_field_" + std::string(field));
}

std::optional<directory::CorrectionRequest> OpenCorrectionAbout(const ConsoleKit& kit,
                                                                api::Repositories& repos,
                                                                const directory::Editor& editor,
                                                                std::string_view id,
                                                                std::string_view listing_id) {
  auto open = directory::OpenCorrectionsFor(repos.directory.corrections,
                                            *kit.directory().Snapshot(), editor);
  if (!open.ok()) return std::nullopt;
  for (auto& [correction, listing] : *open) {
    if (std::to_string(correction.id) == id && listing.id == listing_id) return correction;
  }
  return std::nullopt;
}

// ---- Corrections ----

http::Response CorrectionsArea::Corrections(const http::Request& request,
                                            const http::PathParams& params, const Caller& caller,
                                            api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  auto open =
      directory::OpenCorrectionsFor(repos.directory.corrections, *kit_.directory().Snapshot(),
                                    kit_.Editor(request, caller, site));
  if (!open.ok()) return kit_.Failure(open.status());
  // The requests carry the public's words and, sometimes, an email address: a protected read.
  if (Status read = kit_.AuditedRead(repos, request, caller, site,
                                     identity::audit_action::kCorrectionsView, "");
      !read.ok()) {
    return kit_.Failure(read);
  }
  mustache::data rows{mustache::data::type::list};
  for (const auto& [correction, listing] : *open) {
    mustache::data row = kit_.BaseData(caller, site);
    row.set("id", std::to_string(correction.id));
    row.set("listing_id", correction.listing_id);
    row.set("listing_name", listing.name);
    row.set("field", CorrectionFieldLabel(correction.field));
    row.set("details", correction.details);
    if (!correction.email.empty()) row.set("email", correction.email);
    row.set("created_at", correction.created_at);
    rows.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  const std::size_t count = rows.list_value().size();
  data.set("corrections", rows);
  data.set("count_line", count == 0 ? "No open corrections for the listings you edit."
                                    : text::CountOf(static_cast<long long>(count), "open request",
                                                    "open requests") +
                                          ", newest first.");
  return kit_.Page(request, repos, caller, site, "Corrections",
                   Render("staff_corrections", Language::kEnglish, data));
}

http::Response CorrectionsArea::ResolveCorrection(const http::Request& request,
                                                  const http::PathParams& params,
                                                  const Caller& caller,
                                                  api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string status = kit_.Param(params, "status");
  const std::string text = kit_.Param(params, "id");
  const std::optional<std::int64_t> parsed =
      text::ParseNumber<std::int64_t>(text, 1, std::numeric_limits<std::int64_t>::max());
  if (!parsed) return kit_.Failure(Status::NotFound("There is no correction " + text + "."));
  Status resolved = directory::ResolveCorrection(
      repos.directory, kit_.Editor(request, caller, site), *parsed, status);
  if (resolved.code() == StatusCode::kInvalidArgument) {
    return kit_.Failure(Status::NotFound("No such action."));
  }
  if (!resolved.ok()) return kit_.Failure(resolved);
  return kit_.Redirect(kit_.SitePath(site, "/corrections?done=" + status));
}

void CorrectionsArea::AddRoutes(http::Router& router) const {
  using P = identity::Permission;
  kit_.AddPage(
      router, "GET", "/staff/sites/{site}/corrections", P::kDirectoryEdit,
      [this](const http::Request& request, const http::PathParams& params, const Caller& caller,
             api::Repositories& repos) { return Corrections(request, params, caller, repos); });
  kit_.AddPage(router, "POST", "/staff/sites/{site}/corrections/{id}/{status}", P::kDirectoryEdit,
               [this](const http::Request& request, const http::PathParams& params,
                      const Caller& caller, api::Repositories& repos) {
                 return ResolveCorrection(request, params, caller, repos);
               });
}

}  // namespace rn::web
