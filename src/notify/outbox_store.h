#pragma once
// The repository of the outbox (notify/message.h). Declared here, implemented in storage/
// (sqlite/outbox_store.cpp). Enqueue and CancelPending join the open unit of work
// (identity/audit_store.h) when there is one, so a message is written, or cancelled, with the
// change it is about, or not at all. The dispatcher's calls (ClaimNext, MarkDelivered,
// MarkAttemptFailed, Release) each commit on their own. Used by one thread at a time; several
// processes (or threads with their own connections) may share one outbox: a claim is a lease, so
// no two send the same message at once.

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "notify/message.h"
#include "util/status.h"

namespace rn::notify {

class OutboxStore {
 public:
  virtual ~OutboxStore() = default;

  // Stores every message of `*messages` as pending, its next attempt at its due time, no attempt
  // made, and sets each one's id, state and next_attempt. All or none (one transaction, or the open
  // unit of work).
  virtual Status Enqueue(std::vector<OutboxMessage>* messages) = 0;

  // Claims the pending message on one of `channels` that is due at `now` (its next attempt is not
  // after it) and not leased to anyone at `now`, the earliest due first: it is leased to `owner`
  // until `now + lease`, and returned. Nullopt when there is none (or `channels` is empty).
  virtual Result<std::optional<OutboxMessage>> ClaimNext(Instant now, std::string_view owner,
                                                         std::chrono::seconds lease,
                                                         std::span<const Channel> channels) = 0;

  // Records that message `id` was delivered at `at`: one more attempt, its lease and last error
  // cleared, delivered for good (also when it was cancelled while it was being sent: it went).
  // Nothing changes when it is already delivered, so it is never recorded twice.
  virtual Status MarkDelivered(std::int64_t id, Instant at) = 0;

  // Records a failed attempt of message `id`, leased to `owner`, at `at`: one more attempt, its
  // lease cleared, `error` kept as last_error; a pending message is tried again at `retry_at`, or,
  // when that is nullopt, is failed at `at`. Nothing changes when it is no longer leased to
  // `owner`.
  virtual Status MarkAttemptFailed(std::int64_t id, std::string_view owner, Instant at,
                                   std::string_view error, std::optional<Instant> retry_at) = 0;

  // Gives up `owner`'s lease of message `id` without an attempt (a worker that stops before
  // sending what it claimed), so that it may be claimed at once.
  virtual Status Release(std::int64_t id, std::string_view owner) = 0;

  // Cancels, at `at`, every pending message about `about`, and returns how many. One being sent at
  // that moment is cancelled too; if its send succeeds it is recorded as delivered.
  virtual Result<int> CancelPending(std::string_view about, Instant at) = 0;

  // Every message about `about`, by id.
  virtual Result<std::vector<OutboxMessage>> ListAbout(std::string_view about) = 0;

  // The newest `limit` messages (by id, newest first), for an operator's look at the queue.
  virtual Result<std::vector<OutboxMessage>> ListRecent(int limit) = 0;
};

}  // namespace rn::notify
