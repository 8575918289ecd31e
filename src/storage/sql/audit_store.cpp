// identity::AuditStore and identity::UnitOfWork: audit_events and audit_head (migration
// 0002), append-only by trigger. Each append reads the head, inserts the entry chained to it and
// advances the head, in one transaction (or savepoint) under the write lock.

#include <limits>
#include <utility>

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using identity::AuditEvent;

constexpr std::string_view kSelectAuditHead =
    "SELECT last_seq, last_hash FROM audit_head WHERE id = 1";
constexpr std::string_view kInsertAuditEvent =
    "INSERT INTO audit_events (seq, at, actor, action, target, site, remote_address, details, "
    "prev_hash, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";
constexpr std::string_view kAdvanceAuditHead =
    "UPDATE audit_head SET last_seq = ?1, last_hash = ?2 WHERE id = 1";
constexpr std::string_view kSelectAudit =
    "SELECT seq, at, actor, action, target, site, remote_address, details, prev_hash, hash "
    "FROM audit_events ORDER BY seq";
constexpr std::string_view kSelectSiteAudit =
    "SELECT seq, at, actor, action, target, site, remote_address, details, prev_hash, hash "
    "FROM audit_events WHERE site = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3";

// The audit entries a prepared statement selects (kSelectAudit's columns), in its order.
Result<std::vector<AuditEvent>> ReadAuditRows(Statement& statement) {
  std::vector<AuditEvent> events;
  for (;;) {
    Result<bool> row = statement.Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    AuditEvent event;
    event.seq = statement.ColumnInt64(0);
    event.at = statement.ColumnText(1);
    event.actor = statement.ColumnText(2);
    event.action = statement.ColumnText(3);
    event.target = statement.ColumnText(4);
    event.site = statement.ColumnText(5);
    event.remote_address = statement.ColumnText(6);
    event.details = statement.ColumnText(7);
    event.prev_hash = statement.ColumnText(8);
    event.hash = statement.ColumnText(9);
    events.push_back(std::move(event));
  }
  return events;
}

// What every entry goes through before it is appended: an empty details becomes "{}", then
// ValidateAuditEvent.
Status PrepareEntry(AuditEvent* event) {
  if (event->details.empty()) event->details = "{}";
  return identity::ValidateAuditEvent(*event);
}

}  // namespace

Status SqlAuditStore::Append(AuditEvent* event) {
  RN_RETURN_IF_ERROR(PrepareEntry(event));
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  RN_RETURN_IF_ERROR(AppendInTransaction(event));
  return (*transaction)->Commit();  // rolls back as it goes out of scope if the commit fails
}

Status SqlAuditStore::AppendInTransaction(AuditEvent* event) {
  // Read under the write lock taken by BEGIN IMMEDIATE, so two appends cannot take the same seq.
  Result<identity::AuditHead> head = LoadHead();
  if (!head.ok()) return head.status();
  event->seq = head->last_seq + 1;
  event->prev_hash = head->last_hash;
  event->hash = identity::AuditHash(*event);
  {
    Result<ScopedStatement> insert = connection_.Prepare(kInsertAuditEvent);
    if (!insert.ok()) return insert.status();
    RN_RETURN_IF_ERROR((*insert)
                           ->Bind(1, event->seq)
                           .Bind(2, event->at)
                           .Bind(3, event->actor)
                           .Bind(4, event->action)
                           .Bind(5, event->target)
                           .Bind(6, event->site)
                           .Bind(7, event->remote_address)
                           .Bind(8, event->details)
                           .Bind(9, event->prev_hash)
                           .Bind(10, event->hash)
                           .Run());
  }
  Result<ScopedStatement> advance = connection_.Prepare(kAdvanceAuditHead);
  if (!advance.ok()) return advance.status();
  return (*advance)->Bind(1, event->seq).Bind(2, event->hash).Run();
}

Result<identity::AuditHead> SqlAuditStore::LoadHead() {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectAuditHead);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Step();
  if (!row.ok()) return row.status();
  if (!*row) return Status::Internal("the audit_head row is missing");
  identity::AuditHead head;
  head.last_seq = (*statement)->ColumnInt64(0);
  head.last_hash = (*statement)->ColumnText(1);
  return head;
}

Result<std::vector<AuditEvent>> SqlAuditStore::LoadAll() {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectAudit);
  if (!statement.ok()) return statement.status();
  return ReadAuditRows(**statement);
}

Result<std::vector<AuditEvent>> SqlAuditStore::ListSite(std::string_view site_id,
                                                        std::int64_t before_seq, int limit) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectSiteAudit);
  if (!statement.ok()) return statement.status();
  (*statement)
      ->Bind(1, site_id)
      .Bind(2, before_seq > 0 ? before_seq : std::numeric_limits<std::int64_t>::max())
      .Bind(3, std::int64_t{limit});
  return ReadAuditRows(**statement);
}

// ---- The unit of work ----

Status SqlUnitOfWork::Run(const std::function<Result<AuditEvent>()>& work) {
  // Outermost: BEGIN IMMEDIATE, so the write lock is held from the first read `work` makes to the
  // append. Inside another Run: a savepoint, undone alone when this work fails.
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  Result<AuditEvent> entry = work();
  if (!entry.ok()) return entry.status();  // rolls back as the transaction goes out of scope
  RN_RETURN_IF_ERROR(PrepareEntry(&*entry));
  RN_RETURN_IF_ERROR(audit_.AppendInTransaction(&*entry));
  return (*transaction)->Commit();
}

}  // namespace rn::storage::sql
