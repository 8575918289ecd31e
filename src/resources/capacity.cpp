#include "resources/capacity.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <set>

#include "identity/access.h"
#include "identity/audit.h"
#include "identity/audit_actions.h"

namespace rn::resources {
namespace {

std::string StringOf(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

std::optional<double> NumberOf(const boost::json::object& object, std::string_view key) {
  const boost::json::value* value = object.if_contains(key);
  if (value == nullptr) return std::nullopt;
  if (value->is_double()) return value->get_double();
  if (value->is_int64()) return static_cast<double>(value->get_int64());
  if (value->is_uint64()) return static_cast<double>(value->get_uint64());
  return std::nullopt;
}

}  // namespace

std::vector<CapacityFigure> FiguresOf(const StoredRecord& record) {
  std::vector<CapacityFigure> figures;
  boost::system::error_code error;
  const boost::json::value doc = boost::json::parse(record.doc, error);
  if (error || !doc.is_object()) return figures;
  const boost::json::object& service = doc.get_object();
  const boost::json::value* capacities = service.if_contains("capacities");
  if (capacities == nullptr || !capacities->is_array()) return figures;
  for (const boost::json::value& value : capacities->get_array()) {
    if (!value.is_object()) continue;
    const boost::json::object& capacity = value.get_object();
    CapacityFigure figure;
    figure.service_id = record.key.id;
    figure.organization_id = StringOf(service, "organization_id");
    figure.source = record.source;
    figure.service_name = StringOf(service, "name");
    figure.capacity_id = StringOf(capacity, "id");
    if (const boost::json::value* unit = capacity.if_contains("unit"); unit && unit->is_object()) {
      figure.unit = StringOf(unit->get_object(), "name");
    }
    figure.description = StringOf(capacity, "description");
    figure.available = NumberOf(capacity, "available").value_or(0);
    figure.maximum = NumberOf(capacity, "maximum");
    figure.updated = StringOf(capacity, "updated");
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
          grants, change.site, StringOf(doc.get_object(), "organization_id"), (*stored)->source)) {
    return Status(StatusCode::kForbidden, "You do not keep this service's figures.");
  }
  boost::json::value* capacities = doc.get_object().if_contains("capacities");
  boost::json::object* figure = nullptr;
  if (capacities != nullptr && capacities->is_array()) {
    for (boost::json::value& value : capacities->get_array()) {
      if (value.is_object() && StringOf(value.get_object(), "id") == capacity_id) {
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
  if (const std::optional<double> maximum = NumberOf(*figure, "maximum");
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
