#pragma once
// A service's availability figures ("beds available: 3") kept up to date by the people who know
// them: a partner's staff member updates one figure in one step, from a phone (the console's
// capacity page). The figure and the time it was given land in the service's record (its HSDS
// service_capacity, `available` and `updated`), in the change history and in the audit trail in
// one unit of work; the finder shows how old it is and stops showing it after kCapacityFreshFor
// (service_view.h). A later import of the service's source sets the source's own figure again.

#include <string>
#include <string_view>
#include <vector>

#include "identity/audit.h"
#include "identity/user.h"
#include "resources/record.h"
#include "resources/snapshot.h"
#include "resources/stores.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::resources {

// The most a figure may say: more beds than any one service has is a typing slip.
inline constexpr int kMaxAvailable = 10000;

// One figure of a service as the capacity page lists it.
struct CapacityFigure {
  std::string service_id;
  std::string organization_id;
  std::string source;
  std::string service_name;
  std::string capacity_id;
  std::string unit;         // "beds"
  std::string description;  // "Beds available"
  double available = 0;
  std::optional<double> maximum;
  std::string updated;  // as stored: RFC 3339, or empty
};

// The figures of the service record `record` (a kService), in its order.
std::vector<CapacityFigure> FiguresOf(const StoredRecord& record);

// The figures a holder of `grants` may update from `site_id` (identity::MayUpdateCapacity): of
// the services `snapshot` lists with a figure, each read afresh from `store`, by service name.
Result<std::vector<CapacityFigure>> FiguresFor(ResourceStore& store,
                                               const ResourceSnapshot& snapshot,
                                               const std::vector<identity::RoleGrant>& grants,
                                               std::string_view site_id);

// Sets capacity `capacity_id` of service `service_id` to `available`, as of `change.at` and by
// `change.actor`, with its audit entry, when a holder of `grants` may from `change.site`.
// kNotFound for no such service or figure; kForbidden when they may not; kInvalidArgument (field
// "available") for a figure below 0, above kMaxAvailable or above the capacity's maximum.
Status UpdateCapacity(Stores& stores, const std::vector<identity::RoleGrant>& grants,
                      std::string_view service_id, std::string_view capacity_id, int available,
                      const identity::Change& change);

}  // namespace rn::resources
