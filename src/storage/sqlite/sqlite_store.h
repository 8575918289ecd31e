#pragma once
// The embedded SQLite store: WAL mode, synchronous=NORMAL, foreign keys on, migrations applied on
// open.

#include <memory>
#include <string>

#include "storage/store.h"

namespace rn::storage {

// Opens (creating if needed, with its parent directory) the database at `path` and migrates it to
// the newest schema. ":memory:" gives a private in-memory database.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path);

// The newest schema version this build knows.
int LatestSchemaVersion();

}  // namespace rn::storage
