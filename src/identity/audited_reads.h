#pragma once
// Protected reads and scope refusals go through the audit trail: a read is recorded before
// anything is shown (when it cannot be recorded nothing is shown), and a refusal by a scope rule
// is recorded as it is answered.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "identity/audit.h"
#include "identity/audit_store.h"
#include "util/status.h"

namespace rn::identity {

// Records that `change.actor` read `target` (`action`, e.g. audit_action::kCorrectionsView), with
// `details` (a JSON object as text: counts and codes, never what was read). kInternal (with the
// store's reason, for the log; api::ClientErrorOf never shows it) when the entry cannot be
// appended: the caller must then not show what it read.
Status RecordRead(AuditStore& audit, const Change& change, std::string_view action,
                  std::string target, std::string details = "{}");

// Records that `change.actor` was refused `target` by a scope rule (ScopeDenial) and returns the
// kForbidden with `message` to answer with (kInternal when the refusal cannot be recorded).
Status DenyScope(AuditStore& audit, const Change& change, std::string target, std::string message);

// The newest `limit` entries of site `site_id` before `before_seq` (0: the newest), recorded as
// a read of the trail (audit.view, target "site:<id>").
Result<std::vector<AuditEvent>> ReadSiteAudit(AuditStore& audit, const Change& change,
                                              std::string_view site_id, std::int64_t before_seq,
                                              int limit);

}  // namespace rn::identity
