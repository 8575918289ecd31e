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
                      std::string_view what, Insert insert) {
  record.site_id = change.site;
  RN_RETURN_IF_ERROR(normalize(&record));
  Result<bool> site = stores.accounts.SiteExists(change.site);
  if (!site.ok()) return site.status();
  if (!*site) return Status::NotFound("there is no site " + change.site);
  Status status = stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(insert(record));
    return identity::ChangeEvent(
        change, action, std::string(what) + ":" + record.id,
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
                identity::audit_action::kProgramCreate, "program",
                [&](const Program& p) { return stores.programs.InsertProgram(p); });
}

Result<Partner> CreatePartner(Stores& stores, const identity::Change& change, Partner partner) {
  return Create(stores, change, std::move(partner), &NormalizePartner, kPartnerKinds,
                identity::audit_action::kPartnerCreate, "partner",
                [&](const Partner& p) { return stores.programs.InsertPartner(p); });
}

Result<bool> WorksWithParticipants(identity::AccountStore& accounts, std::string_view user_id,
                                   std::string_view site_id) {
  Result<std::vector<identity::RoleGrant>> grants = accounts.ListGrants(user_id);
  if (!grants.ok()) return grants.status();
  for (const identity::RoleGrant& grant : *grants) {
    if (grant.site_id == site_id &&
        (grant.role == identity::Role::kCoach || grant.role == identity::Role::kSupervisor)) {
      return true;
    }
  }
  return false;
}

Result<std::vector<Shift>> SetRoster(Stores& stores, const identity::Change& change,
                                     std::string_view program_id, std::vector<Shift> shifts) {
  Result<std::optional<Program>> program = stores.programs.GetProgram(change.site, program_id);
  if (!program.ok()) return program.status();
  if (!*program) return Status::NotFound("there is no such program");
  for (std::size_t i = 0; i < shifts.size(); ++i) {
    const std::string prefix = "shifts[" + std::to_string(i) + "].";
    if (Status valid = ValidateShift(shifts[i]); !valid.ok()) {
      return Status::Invalid(prefix + valid.field(), valid.message());
    }
    Result<bool> staff = WorksWithParticipants(stores.accounts, shifts[i].user_id, change.site);
    if (!staff.ok()) return staff.status();
    if (!*staff) return Status::Invalid(prefix + "user", "must be a coach or supervisor here");
  }
  RN_RETURN_IF_ERROR(stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    RN_RETURN_IF_ERROR(stores.programs.ReplaceRoster(change.site, program_id, shifts));
    return identity::ChangeEvent(
        change, identity::audit_action::kRosterSet, "program:" + std::string(program_id),
        boost::json::serialize(boost::json::object{{"shifts", shifts.size()}}));
  }));
  return stores.programs.ListRoster(change.site, program_id);
}

Result<std::vector<NamedShift>> SetNamedRoster(Stores& stores, const identity::Change& change,
                                               std::string_view program_id,
                                               std::vector<NamedShift> shifts) {
  std::vector<Shift> roster;
  for (std::size_t i = 0; i < shifts.size(); ++i) {
    Result<std::optional<identity::StoredUser>> user =
        stores.accounts.FindUserByName(shifts[i].user_name);
    if (!user.ok()) return user.status();
    if (!*user) {
      return Status::Invalid("shifts[" + std::to_string(i) + "].user",
                             "there is no staff member " + shifts[i].user_name);
    }
    roster.push_back(shifts[i].shift);
    roster.back().user_id = (*user)->user.id;
  }
  RN_RETURN_IF_ERROR(SetRoster(stores, change, program_id, std::move(roster)).status_or_ok());
  return ReadRoster(stores, change.site, program_id);
}

Result<std::vector<NamedShift>> ReadRoster(Stores& stores, std::string_view site_id,
                                           std::string_view program_id) {
  Result<std::optional<Program>> program = stores.programs.GetProgram(site_id, program_id);
  if (!program.ok()) return program.status();
  if (!*program) return Status::NotFound("there is no such program");
  Result<std::vector<Shift>> roster = stores.programs.ListRoster(site_id, program_id);
  if (!roster.ok()) return roster.status();
  std::vector<NamedShift> named;
  for (Shift& shift : *roster) {
    Result<std::optional<identity::StoredUser>> user = stores.accounts.GetUser(shift.user_id);
    if (!user.ok()) return user.status();
    NamedShift line;
    if (*user) {
      line.user_name = (*user)->user.name;
      line.display_name = (*user)->user.display_name;
    }
    line.shift = std::move(shift);
    named.push_back(std::move(line));
  }
  return named;
}

}  // namespace rn::casework
