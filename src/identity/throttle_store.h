#pragma once
// The repository of throttled attempts (identity/throttle.h): failed sign-ins, counted in the
// database so that every server sharing it counts the same ones and a restart forgets none.
// Declared here, implemented in storage/ (sql/throttle_store.cpp). Writes join the open unit of
// work (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <string_view>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

class ThrottleStore {
 public:
  virtual ~ThrottleStore() = default;

  // The instants of the events of `key_hash` in `scope` after `since`, oldest first.
  virtual Result<std::vector<Instant>> Since(std::string_view scope, std::string_view key_hash,
                                             Instant since) = 0;
  // Records an event of `key_hash` in `scope` at `at`, and removes the events of every key in
  // `scope` at or before `forget_before`, which no longer count.
  virtual Status Record(std::string_view scope, std::string_view key_hash, Instant at,
                        Instant forget_before) = 0;
  // Removes every event of `key_hash` in `scope`.
  virtual Status Forget(std::string_view scope, std::string_view key_hash) = 0;
};

}  // namespace rn::identity
