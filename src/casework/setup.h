#pragma once
// Setting a site up for casework: its programs and referring partners. Site admins do this (the
// route's permission, identity/access.h); each write and its audit entry are one unit of work.

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

}  // namespace rn::casework
