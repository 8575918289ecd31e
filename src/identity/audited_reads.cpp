#include "identity/audited_reads.h"

#include <spdlog/spdlog.h>

#include "identity/audit_actions.h"

namespace rn::identity {

Status RecordRead(AuditStore& audit, const Change& change, std::string_view action,
                  std::string target) {
  AuditEvent event = ChangeEvent(change, action, std::move(target));
  if (Status appended = audit.Append(&event); !appended.ok()) {
    spdlog::error("event=audit_failed action={} error=\"{}\"", event.action, appended.message());
    return Status::Internal("the read could not be recorded in the audit trail");
  }
  return Status::Ok();
}

Status DenyScope(AuditStore& audit, const Change& change, std::string target,
                 std::string message) {
  AuditEvent denial = ScopeDenial(change, std::move(target));
  if (Status appended = audit.Append(&denial); !appended.ok()) {
    spdlog::error("event=audit_failed action={} error=\"{}\"", denial.action, appended.message());
    return Status::Internal("the refusal could not be recorded in the audit trail");
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
