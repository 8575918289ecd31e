#include "casework/setup.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "identity/audit_actions.h"

namespace rn::casework {
namespace {

// Stores `record` with `insert` after `normalize`, and its audit entry, in one unit of work.
template <typename Record, typename Kinds, typename Insert>
Result<Record> Create(Stores& stores, const identity::Change& change, Record record,
                      Status (*normalize)(Record*), const Kinds& kinds, std::string_view action,
                      std::string_view target, std::string_view what, Insert insert) {
  record.site_id = change.site;
  RN_RETURN_IF_ERROR(normalize(&record));
  Status status = stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(insert(record));
    return identity::ChangeEvent(
        change, action, std::string(target) + ":" + record.id,
        boost::json::serialize(boost::json::object{{"kind", kinds.Name(record.kind)}}));
  });
  if (status.code() == StatusCode::kConflict) {
    return Status(StatusCode::kConflict,
                  "this site already has a " + std::string(what) + " " + record.id, "id");
  }
  RN_RETURN_IF_ERROR(status);
  return record;
}

}  // namespace

Result<Program> CreateProgram(Stores& stores, const identity::Change& change, Program program) {
  return Create(stores, change, std::move(program), &NormalizeProgram, kProgramKinds,
                identity::audit_action::kProgramCreate, "program", "program",
                [&](const Program& p) { return stores.programs.InsertProgram(p); });
}

Result<Partner> CreatePartner(Stores& stores, const identity::Change& change, Partner partner) {
  return Create(stores, change, std::move(partner), &NormalizePartner, kPartnerKinds,
                identity::audit_action::kPartnerCreate, "partner", "partner",
                [&](const Partner& p) { return stores.programs.InsertPartner(p); });
}

}  // namespace rn::casework
