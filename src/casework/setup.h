#pragma once
// Setting a site up for casework: its programs and referring partners. Site admins do this (the
// route's permission, identity/access.h); each write and its audit entry are one unit of work.

#include <string_view>
#include <vector>

#include "casework/on_call.h"
#include "casework/program.h"
#include "casework/stores.h"
#include "identity/audit.h"
#include "util/status.h"

namespace rn::casework {

// Adds `program` at change.site after NormalizeProgram, with the audit entry
// casework.program.create (target "program:<id>", details kind). kConflict when the site has a
// program with that id.
Result<Program> CreateProgram(Stores& stores, const identity::Change& change, Program program);

// Adds `partner` at change.site after NormalizePartner, with the audit entry
// casework.partner.create (target "partner:<id>", details kind). kConflict when the site has a
// partner with that id.
Result<Partner> CreatePartner(Stores& stores, const identity::Change& change, Partner partner);

// Whether `user_id` is a coach or supervisor at `site_id` (who may be on call or have a caseload).
Result<bool> WorksWithParticipants(identity::AccountStore& accounts, std::string_view user_id,
                                   std::string_view site_id);

// Replaces the on-call roster of program `program_id` at change.site with `shifts`, and returns it
// as stored. kNotFound when the site has no such program; kInvalidArgument naming the shift and
// field ("shifts[2].start") when a shift is not well formed (ValidateShift) or its user is not a
// coach or supervisor at the site ("shifts[2].user"). Audit entry casework.roster.set (target
// "program:<id>", details {"shifts": n}); the roster and its entry are one unit of work.
Result<std::vector<Shift>> SetRoster(Stores& stores, const identity::Change& change,
                                     std::string_view program_id, std::vector<Shift> shifts);

// A roster shift as staff write and read it: its staff member by user name (login).
struct NamedShift {
  std::string user_name;
  std::string display_name;  // filled in when read
  Shift shift;               // its user_id is filled in from user_name

  bool operator==(const NamedShift&) const = default;
};

// SetRoster with each shift's staff member named by login: kInvalidArgument ("shifts[2].user")
// when there is no such user. Returns the roster as ReadRoster gives it.
Result<std::vector<NamedShift>> SetNamedRoster(Stores& stores, const identity::Change& change,
                                               std::string_view program_id,
                                               std::vector<NamedShift> shifts);

// The on-call roster of program `program_id` at `site_id`, in the store's order, each shift with
// its staff member's login and display name. kNotFound when the site has no such program.
Result<std::vector<NamedShift>> ReadRoster(Stores& stores, std::string_view site_id,
                                           std::string_view program_id);

}  // namespace rn::casework
