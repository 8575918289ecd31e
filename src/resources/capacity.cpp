#include "resources/capacity.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "identity/access.h"
#include "identity/audit.h"
#include "identity/audit_actions.h"
#include "resources/json_fields.h"

namespace rn::resources {

std::vector<CapacityFigure> FiguresOf(const StoredRecord& record) {
  std::vector<CapacityFigure> figures;
  boost::system::error_code error;
  const boost::json::value doc = boost::json::parse(record.doc, error);
  if (error || !doc.is_object()) return figures;
  const boost::json::object& service = doc.get_object();
  const boost::json::array* capacities = ArrayAt(service, "capacities");
  if (capacities == nullptr) return figures;
  for (const boost::json::value& value : *capacities) {
    if (!value.is_object()) continue;
    const boost::json::object& capacity = value.get_object();
    CapacityFigure figure;
    figure.service_id = record.key.id;
    figure.organization_id = StringAt(service, "organization_id");
    figure.source = record.source;
    figure.service_name = StringAt(service, "name");
    figure.capacity_id = StringAt(capacity, "id");
    if (const boost::json::value* unit = capacity.if_contains("unit"); unit && unit->is_object()) {
      figure.unit = StringAt(unit->get_object(), "name");
    }
    figure.description = StringAt(capacity, "description");
    figure.available = NumberAt(capacity, "available").value_or(0);
    figure.maximum = NumberAt(capacity, "maximum");
    figure.updated = StringAt(capacity, "updated");
    figures.push_back(std::move(figure));
  }
  return figures;
}

Result<std::vector<CapacityFigure>> FiguresFor(ResourceStore& store,
                                               const ResourceSnapshot& snapshot,
                                               const std::vector<identity::RoleGrant>& grants,
                                               std::string_view site_id) {
  std::set<std::string> services;
  for (const ServiceEntry& entry : snapshot.entries()) {
    if (!entry.capacities.empty() &&
        identity::MayUpdateCapacity(grants, site_id, entry.organization_id, entry.source)) {
      services.insert(entry.service_id);
    }
  }
  std::vector<CapacityFigure> figures;
  for (const std::string& id : services) {
    Result<std::optional<StoredRecord>> stored = store.Get({RecordKind::kService, id});
    if (!stored.ok()) return stored.status();
    if (!stored->has_value()) continue;  // removed since the snapshot
    for (CapacityFigure& figure : FiguresOf(**stored)) {
      if (identity::MayUpdateCapacity(grants, site_id, figure.organization_id, figure.source)) {
        figures.push_back(std::move(figure));
      }
    }
  }
  std::stable_sort(figures.begin(), figures.end(),
                   [](const auto& a, const auto& b) { return a.service_name < b.service_name; });
  return figures;
}

Status UpdateCapacity(Stores& stores, const std::vector<identity::RoleGrant>& grants,
                      std::string_view service_id, std::string_view capacity_id, int available,
                      const identity::Change& change) {
  Result<std::optional<StoredRecord>> stored =
      stores.records.Get({RecordKind::kService, std::string(service_id)});
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return Status::NotFound("There is no service " + std::string(service_id) + ".");
  }
  boost::system::error_code error;
  boost::json::value doc = boost::json::parse((*stored)->doc, error);
  if (error || !doc.is_object()) return Status::Internal("a stored service is not a JSON object");
  if (!identity::MayUpdateCapacity(
          grants, change.site, StringAt(doc.get_object(), "organization_id"), (*stored)->source)) {
    return Status(StatusCode::kForbidden, "You do not keep this service's figures.");
  }
  boost::json::value* capacities = doc.get_object().if_contains("capacities");
  boost::json::object* figure = nullptr;
  if (capacities != nullptr && capacities->is_array()) {
    for (boost::json::value& value : capacities->get_array()) {
      if (value.is_object() && StringAt(value.get_object(), "id") == capacity_id) {
        figure = &value.get_object();
      }
    }
  }
  if (figure == nullptr) {
    return Status::NotFound("The service has no figure " + std::string(capacity_id) + ".");
  }
  if (available < 0 || available > kMaxAvailable) {
    return Status::Invalid("available",
                           "must be a whole number from 0 to " + std::to_string(kMaxAvailable));
  }
  if (const std::optional<double> maximum = NumberAt(*figure, "maximum");
      maximum && available > *maximum) {
    return Status::Invalid(
        "available",
        "is more than the " + std::to_string(static_cast<long>(*maximum)) + " it can have");
  }
  (*figure)["available"] = static_cast<double>(available);
  (*figure)["updated"] = FormatUtc(change.at);
  Record record{RecordKind::kService, std::string(service_id), (*stored)->source,
                std::move(doc.get_object())};
  RecordWrites writes;
  writes.updates.push_back(std::move(record));
  const std::string details = boost::json::serialize(
      boost::json::object{{"capacity_id", capacity_id}, {"available", available}});
  return stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.records.Apply(writes, change.actor, change.at));
    return identity::ChangeEvent(change, identity::audit_action::kCapacityUpdate,
                                 "service:" + std::string(service_id), details);
  });
}

}  // namespace rn::resources
