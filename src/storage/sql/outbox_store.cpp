// notify::OutboxStore: the outbox (migration 0012). A claim is one UPDATE … RETURNING of
// the earliest due, unleased pending message, so two connections never claim the same one.

#include "storage/sql/casework_columns.h"
#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using notify::OutboxMessage;

// The columns MessageFromRow reads, in its order.
#define RN_OUTBOX_COLUMNS                                                                        \
  "id, channel, recipient, subject, body, site_id, about, created_at, due_at, state, attempts, " \
  "next_attempt_at, last_error, delivered_at, failed_at, cancelled_at, link"

constexpr std::string_view kInsertMessage =
    "INSERT INTO outbox (channel, recipient, subject, body, site_id, about, created_at, due_at, "
    "next_attempt_at, link) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?9) RETURNING id";
// ?1 now, ?2 and ?3 the channels (the same one twice for one channel).
constexpr std::string_view kAnyDue =
    "SELECT 1 FROM outbox WHERE state = 'pending' AND next_attempt_at <= ?1 AND "
    "lease_until <= ?1 AND (channel = ?2 OR channel = ?3) LIMIT 1";
// ?1 owner, ?2 lease until, ?3 now, ?4 and ?5 the channels.
constexpr std::string_view kClaimNext =
    "UPDATE outbox SET lease_owner = ?1, lease_until = ?2 WHERE id = (SELECT id FROM outbox "
    "WHERE state = 'pending' AND next_attempt_at <= ?3 AND lease_until <= ?3 AND "
    "(channel = ?4 OR channel = ?5) ORDER BY next_attempt_at, id LIMIT 1) "
    "RETURNING " RN_OUTBOX_COLUMNS;
// On PostgreSQL two servers may choose the same message at once, and the second's UPDATE would
// wait for the first's and then take it again: the chosen row is locked, and one another server
// holds is skipped (SKIP LOCKED), and the lease is checked again by the UPDATE itself.
constexpr std::string_view kPostgresClaimNext =
    "UPDATE outbox SET lease_owner = ?1, lease_until = ?2 WHERE id = (SELECT id FROM outbox "
    "WHERE state = 'pending' AND next_attempt_at <= ?3 AND lease_until <= ?3 AND "
    "(channel = ?4 OR channel = ?5) ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED) "
    "AND state = 'pending' AND lease_until <= ?3 "
    "RETURNING " RN_OUTBOX_COLUMNS;
constexpr std::string_view kMarkDelivered =
    "UPDATE outbox SET state = 'delivered', delivered_at = ?2, failed_at = NULL, "
    "cancelled_at = NULL, attempts = attempts + 1, lease_owner = '', lease_until = 0, "
    "last_error = '' WHERE id = ?1 AND state <> 'delivered'";
// ?1 id, ?2 owner, ?3 at, ?4 error, ?5 retry at (NULL: failed for good).
constexpr std::string_view kMarkAttemptFailed =
    "UPDATE outbox SET attempts = attempts + 1, last_error = ?4, lease_owner = '', "
    "lease_until = 0, "
    "next_attempt_at = CASE WHEN state = 'pending' AND CAST(?5 AS BIGINT) IS NOT NULL THEN ?5 "
    "ELSE next_attempt_at END, "
    "failed_at = CASE WHEN state = 'pending' AND CAST(?5 AS BIGINT) IS NULL THEN ?3 ELSE failed_at "
    "END, "
    "state = CASE WHEN state = 'pending' AND CAST(?5 AS BIGINT) IS NULL THEN 'failed' ELSE state "
    "END "
    "WHERE id = ?1 AND lease_owner = ?2";
constexpr std::string_view kRelease =
    "UPDATE outbox SET lease_owner = '', lease_until = 0 WHERE id = ?1 AND lease_owner = ?2";
constexpr std::string_view kCancelPending =
    "UPDATE outbox SET state = 'cancelled', cancelled_at = ?2 WHERE about = ?1 AND "
    "state = 'pending'";
constexpr std::string_view kSelectAbout =
    "SELECT " RN_OUTBOX_COLUMNS " FROM outbox WHERE about = ?1 ORDER BY id";
constexpr std::string_view kSelectRecent =
    "SELECT " RN_OUTBOX_COLUMNS " FROM outbox ORDER BY id DESC LIMIT ?1";

#undef RN_OUTBOX_COLUMNS

Result<OutboxMessage> MessageFromRow(const Statement& row) {
  OutboxMessage message;
  message.id = row.ColumnInt64(0);
  const std::optional<notify::Channel> channel = notify::ParseChannel(row.ColumnText(1));
  if (!channel) return Status::Internal("outbox.channel holds an unknown channel");
  message.channel = *channel;
  message.recipient = row.ColumnText(2);
  message.subject = row.ColumnText(3);
  message.body = row.ColumnText(4);
  message.site_id = row.ColumnText(5);
  message.about = row.ColumnText(6);
  message.created_at = ColumnInstant(row, 7);
  message.due = ColumnInstant(row, 8);
  const std::optional<notify::MessageState> state = notify::ParseMessageState(row.ColumnText(9));
  if (!state) return Status::Internal("outbox.state holds an unknown state");
  message.state = *state;
  message.attempts = static_cast<int>(row.ColumnInt64(10));
  message.next_attempt = ColumnInstant(row, 11);
  message.last_error = row.ColumnText(12);
  message.delivered_at = ColumnOptionalInstant(row, 13);
  message.failed_at = ColumnOptionalInstant(row, 14);
  message.cancelled_at = ColumnOptionalInstant(row, 15);
  message.link = row.ColumnText(16);
  return message;
}

Result<std::vector<OutboxMessage>> Messages(ScopedStatement& statement) {
  std::vector<OutboxMessage> messages;
  for (;;) {
    Result<bool> row = statement->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    Result<OutboxMessage> message = MessageFromRow(*statement);
    if (!message.ok()) return message.status();
    messages.push_back(std::move(*message));
  }
  return messages;
}

}  // namespace

Status SqlOutboxStore::Enqueue(std::vector<OutboxMessage>* messages) {
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  for (OutboxMessage& message : *messages) {
    Result<ScopedStatement> insert = connection_.Prepare(kInsertMessage);
    if (!insert.ok()) return insert.status();
    Result<bool> row = (*insert)
                           ->Bind(1, notify::ChannelName(message.channel))
                           .Bind(2, message.recipient)
                           .Bind(3, message.subject)
                           .Bind(4, message.body)
                           .Bind(5, message.site_id)
                           .Bind(6, message.about)
                           .Bind(7, UnixSeconds(message.created_at))
                           .Bind(8, UnixSeconds(message.due))
                           .Bind(9, message.link)
                           .Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("the outbox gave no id for a new message");
    message.id = (*insert)->ColumnInt64(0);
    message.state = notify::MessageState::kPending;
    message.attempts = 0;
    message.next_attempt = message.due;
  }
  return (*transaction)->Commit();
}

Result<std::optional<OutboxMessage>> SqlOutboxStore::ClaimNext(
    Instant now, std::string_view owner, std::chrono::seconds lease,
    std::span<const notify::Channel> channels) {
  if (channels.empty()) return std::optional<OutboxMessage>();
  const std::string_view first = notify::ChannelName(channels.front());
  const std::string_view second = notify::ChannelName(channels.back());
  {
    // A read first: an idle poll takes no write lock.
    Result<ScopedStatement> any = connection_.Prepare(kAnyDue);
    if (!any.ok()) return any.status();
    Result<bool> row = (*any)->Bind(1, UnixSeconds(now)).Bind(2, first).Bind(3, second).Step();
    if (!row.ok()) return row.status();
    if (!*row) return std::optional<OutboxMessage>();
  }
  Result<ScopedStatement> claim =
      connection_.Prepare(Spelled(connection_, kClaimNext, kPostgresClaimNext));
  if (!claim.ok()) return claim.status();
  (*claim)
      ->Bind(1, owner)
      .Bind(2, UnixSeconds(now + lease))
      .Bind(3, UnixSeconds(now))
      .Bind(4, first)
      .Bind(5, second);
  Result<std::vector<OutboxMessage>> claimed = Messages(*claim);
  if (!claimed.ok()) return claimed.status();
  if (claimed->empty()) return std::optional<OutboxMessage>();
  return std::optional<OutboxMessage>(std::move(claimed->front()));
}

Status SqlOutboxStore::MarkDelivered(std::int64_t id, Instant at) {
  Result<ScopedStatement> update = connection_.Prepare(kMarkDelivered);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, id).Bind(2, UnixSeconds(at)).Run();
}

Status SqlOutboxStore::MarkAttemptFailed(std::int64_t id, std::string_view owner, Instant at,
                                         std::string_view error, std::optional<Instant> retry_at) {
  Result<ScopedStatement> update = connection_.Prepare(kMarkAttemptFailed);
  if (!update.ok()) return update.status();
  (*update)->Bind(1, id).Bind(2, owner).Bind(3, UnixSeconds(at)).Bind(4, error);
  return BindInstant(**update, 5, retry_at).Run();
}

Status SqlOutboxStore::Release(std::int64_t id, std::string_view owner) {
  Result<ScopedStatement> update = connection_.Prepare(kRelease);
  if (!update.ok()) return update.status();
  return (*update)->Bind(1, id).Bind(2, owner).Run();
}

Result<int> SqlOutboxStore::CancelPending(std::string_view about, Instant at) {
  Result<ScopedStatement> update = connection_.Prepare(kCancelPending);
  if (!update.ok()) return update.status();
  RN_RETURN_IF_ERROR((*update)->Bind(1, about).Bind(2, UnixSeconds(at)).Run());
  return connection_.Changes();
}

Result<std::vector<OutboxMessage>> SqlOutboxStore::ListAbout(std::string_view about) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectAbout);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, about);
  return Messages(*select);
}

Result<std::vector<OutboxMessage>> SqlOutboxStore::ListRecent(int limit) {
  Result<ScopedStatement> select = connection_.Prepare(kSelectRecent);
  if (!select.ok()) return select.status();
  (*select)->Bind(1, std::int64_t{limit});
  return Messages(*select);
}

}  // namespace rn::storage::sql
