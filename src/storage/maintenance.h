#pragma once
// Operating a database (docs/operations.md): backing it up and restoring it, on either backend,
// and copying a SQLite database to PostgreSQL when a site outgrows one machine. `location` is what
// Database::Open takes: a SQLite file or a postgresql:// URI.
//
// None of these touch the private-note key file (app/notes_key.h): it is kept apart from the
// database on purpose, and whoever backs up, restores or copies a database keeps its key with it.

#include <cstdint>
#include <string>
#include <vector>

#include "util/status.h"

namespace rn::storage {

// Writes a backup of the database at `location` to `file`, a new file (an existing one is never
// overwritten): for SQLite a copy made with the online backup API (a consistent snapshot, taken
// while servers keep writing), checked with PRAGMA integrity_check; for PostgreSQL a pg_dump
// archive (custom format, restored by pg_restore). A failed backup leaves no file behind. The file
// is readable by this user only (the program's umask).
Status BackUpDatabase(const std::string& location, const std::string& file);

// Restores the backup in `file` (made by BackUpDatabase for the same backend) into the database
// at `location`, then migrates it to this build's schema. A location that already holds a
// database is refused unless `replace`: then its contents are replaced, as one step (SQLite's
// backup API; pg_restore --clean in a single transaction). Stop the servers first.
Status RestoreDatabase(const std::string& file, const std::string& location, bool replace);

struct CopiedTable {
  std::string name;
  std::int64_t rows = 0;
};
// Copies every table of the SQLite database at `from` (a file that exists; migrated first) into
// the PostgreSQL database at `to` (migrated, and holding no rows yet), in one transaction: ids,
// change history and the audit chain as they are, the audit head advanced entry by entry (its
// triggers allow nothing else), and every identity sequence moved past the largest id copied.
// The tables, in the order copied, with their row counts.
Result<std::vector<CopiedTable>> CopyDatabase(const std::string& from, const std::string& to);

}  // namespace rn::storage
