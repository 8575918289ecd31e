#pragma once
// The audit trail's repository and the unit of work that ties a write to its audit entry. Declared
// here, implemented in storage/ (sqlite/audit_store.cpp). See identity/audit.h for the chain.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "identity/audit.h"
#include "util/status.h"

namespace rn::identity {

// The append-only, hash-chained audit trail. No call changes or removes an entry, and the schema
// refuses UPDATE and DELETE on it. Used by one thread at a time.
class AuditStore {
 public:
  virtual ~AuditStore() = default;

  // Appends `*event` at the end of the trail and advances the head, in one transaction (or in the
  // open unit of work): assigns event->seq, event->prev_hash and event->hash (overwriting what
  // they held); an empty details becomes "{}". kInvalidArgument (naming the field) when
  // ValidateAuditEvent fails; on any error nothing is written.
  virtual Status Append(AuditEvent* event) = 0;
  // Every entry as stored, ordered by seq, without checking the chain (see VerifyChain).
  virtual Result<std::vector<AuditEvent>> LoadAll() = 0;
  // The stored head: the newest entry's seq and hash.
  virtual Result<AuditHead> LoadHead() = 0;
  // The entries of site `site_id` with seq < `before_seq` (every seq when 0), newest first, at
  // most `limit`.
  virtual Result<std::vector<AuditEvent>> ListSite(std::string_view site_id,
                                                   std::int64_t before_seq, int limit) = 0;
};

// One transaction around a write and its audit entry, so that no domain needs SQL to get "the
// change and its entry, or neither" right. Writes made inside `work` through any repository of the
// same database connection join the transaction.
class UnitOfWork {
 public:
  virtual ~UnitOfWork() = default;

  // Runs `work` in one write transaction. When it succeeds, appends the entry it returns (as
  // AuditStore::Append) and commits; when `work` fails, or the entry is invalid, or anything else
  // fails, nothing `work` wrote is kept and that error is returned. A Run inside another Run's
  // `work` joins it (a savepoint: an inner failure undoes only the inner writes).
  virtual Status Run(const std::function<Result<AuditEvent>()>& work) = 0;
};

}  // namespace rn::identity
