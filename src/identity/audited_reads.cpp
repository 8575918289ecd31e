#include "identity/audited_reads.h"

#include "identity/audit_actions.h"

namespace rn::identity {

Status RecordRead(AuditStore& audit, const Change& change, std::string_view action,
                  std::string target, std::string details) {
  AuditEvent event = ChangeEvent(change, action, std::move(target), std::move(details));
  if (Status appended = audit.Append(&event); !appended.ok()) {
    return Status::Internal("the read (" + event.action +
                            ") could not be recorded in the audit trail: " + appended.message());
  }
  return Status::Ok();
}

Status DenyScope(AuditStore& audit, const Change& change, std::string target, std::string message) {
  AuditEvent denial = ScopeDenial(change, std::move(target));
  if (Status appended = audit.Append(&denial); !appended.ok()) {
    return Status::Internal("the refusal (" + denial.target +
                            ") could not be recorded in the audit trail: " + appended.message());
  }
  return Status(StatusCode::kForbidden, std::move(message));
}

Result<std::vector<AuditEvent>> ReadSiteAudit(AuditStore& audit, const Change& change,
                                              std::string_view site_id, std::int64_t before_seq,
                                              int limit) {
  Result<std::vector<AuditEvent>> events = audit.ListSite(site_id, before_seq, limit);
  if (!events.ok()) return events.status();
  RN_RETURN_IF_ERROR(
      RecordRead(audit, change, audit_action::kAuditView, "site:" + std::string(site_id)));
  return events;
}

}  // namespace rn::identity
