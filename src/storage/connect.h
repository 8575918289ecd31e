#pragma once
// storage/ only: the connection under a Database, for the code that works on a whole database
// (maintenance.h) rather than through the repositories.

#include <memory>
#include <string>

#include "storage/sql/connection.h"
#include "util/status.h"

namespace rn::storage {

// How long a SQLite connection waits for another's write lock before it says kUnavailable.
inline constexpr int kSqliteBusyTimeoutMs = 5000;

// A connection to `location` (a postgresql:// URI or a SQLite file, created if needed),
// configured as Database::Open configures its own, and migrated unless `migrate` is false.
Result<std::unique_ptr<sql::Connection>> Connect(const std::string& location, bool migrate = true);

}  // namespace rn::storage
