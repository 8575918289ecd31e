// The console's availability figures (capacity_area.h).

#include "web/console/capacity_area.h"

#include "resources/capacity.h"
#include "resources/service_view.h"
#include "util/text.h"
#include "util/time_zone.h"
#include "web/format.h"
#include "web/i18n.h"
#include "web/render.h"

namespace rn::web {

http::Response CapacityArea::Page(const http::Request& request, const Caller& caller,
                                  api::Repositories& repos, std::string_view site, int status,
                                  std::string_view failed, const Status& error) const {
  const auto snapshot = resources_.Snapshot();
  auto figures =
      resources::FiguresFor(repos.resources.records, *snapshot, caller.grants, std::string(site));
  if (!figures.ok()) return kit_.Failure(figures.status());
  const Messages& messages = Messages::For(Language::kEnglish);
  const Instant now = kit_.clock().Now();
  const std::string updated = ConsoleKit::QueryForm(request).Get("updated").value_or("");
  mustache::data rows{mustache::data::type::list};
  for (const resources::CapacityFigure& figure : *figures) {
    mustache::data row = kit_.BaseData(caller, site);
    const std::string key = figure.service_id + "/" + figure.capacity_id;
    row.set("action",
            ConsoleKit::SitePath(site, "/capacity/" + http::EncodeComponent(figure.service_id) +
                                           "/" + http::EncodeComponent(figure.capacity_id)));
    row.set("field_id", "available-" + std::to_string(rows.list_value().size() + 1));
    row.set("service_name", figure.service_name);
    row.set("label", figure.description.empty()
                         ? (figure.unit.empty() ? std::string("Places available")
                                                : figure.unit + " available")
                         : figure.description);
    row.set("available", std::to_string(static_cast<long>(figure.available)));
    if (figure.maximum) {
      row.set("maximum", std::to_string(static_cast<long>(*figure.maximum)));
    }
    std::optional<Instant> when;
    if (auto parsed = ParseRfc3339(figure.updated); parsed.ok()) when = *parsed;
    row.set("age", when ? "Updated " + FormatAge(*when, now, messages) : "Never updated");
    row.set("stale", resources::CapacityIsStale(when, now));
    if (key == updated) row.set("just_updated", true);
    if (key == failed && !error.ok()) row.set("error", ConsoleKit::Explain(error));
    rows.push_back(row);
  }
  mustache::data data = kit_.BaseData(caller, site);
  data.set("figures", rows);
  data.set("none", figures->empty());
  http::Response response = kit_.Page(request, repos, caller, site, "Beds and places available",
                                      Render("staff_capacity", Language::kEnglish, data));
  response.status = status;
  return response;
}

http::Response CapacityArea::Figures(const http::Request& request, const http::PathParams& params,
                                     const Caller& caller, api::Repositories& repos) const {
  return Page(request, caller, repos, kit_.Param(params, "site"), 200, "", Status::Ok());
}

http::Response CapacityArea::Update(const http::Request& request, const http::PathParams& params,
                                    const Caller& caller, api::Repositories& repos) const {
  const std::string site = kit_.Param(params, "site");
  const std::string service = kit_.Param(params, "service");
  const std::string capacity = kit_.Param(params, "capacity");
  auto form = ConsoleKit::BodyForm(request);
  if (!form.ok()) return ConsoleKit::Unreadable(form.status());
  const std::string text(text::Trim(form->Get("available").value_or("")));
  const std::optional<int> available = text::ParseNumber<int>(text, 0, resources::kMaxAvailable);
  Status updated =
      available ? resources::UpdateCapacity(repos.resources, caller.grants, service, capacity,
                                            *available, kit_.Change(request, caller, site))
                : Status::Invalid("available", "must be a whole number from 0 to " +
                                                   std::to_string(resources::kMaxAvailable));
  if (updated.code() == StatusCode::kInvalidArgument) {
    return Page(request, caller, repos, site, 422, service + "/" + capacity, updated);
  }
  if (!updated.ok()) return kit_.Failure(updated);
  return kit_.Redirect(ConsoleKit::SitePath(
      site, "/capacity?updated=" + http::EncodeComponent(service + "/" + capacity)));
}

void CapacityArea::AddRoutes(http::Router& router) const {
  using P = identity::Permission;
  kit_.AddPage(router, "GET", "/staff/sites/{site}/capacity", P::kCapacityUpdate,
               ConsoleKit::Bind(this, &CapacityArea::Figures));
  kit_.AddPage(router, "POST", "/staff/sites/{site}/capacity/{service}/{capacity}",
               P::kCapacityUpdate, ConsoleKit::Bind(this, &CapacityArea::Update));
}

}  // namespace rn::web
