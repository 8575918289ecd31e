#include "storage/migrations/migrations.h"

#include <array>

namespace rn::storage {
namespace {

// 0001: the recovery-group directory. Each listing is stored as its canonical JSON document
// (directory/listing_json.h) with the columns needed to look it up. latitude/longitude repeat the
// document's coordinates as exact binary doubles: Boost.JSON 1.81 may read a 17-digit number back
// one unit in the last place off, and a listing must load exactly as it was stored. Change history
// outlives the listing, so listing_changes has no foreign key to listings. The CHECKs are OR
// chains, not IN lists: SQLite evaluates an IN list in a CHECK through a temporary table built for
// every row written, which made a 3,000-row import almost twice as slow.
constexpr std::string_view kMigration0001Directory = R"sql(
CREATE TABLE listings (
  id          TEXT PRIMARY KEY NOT NULL,
  source      TEXT NOT NULL,
  slug        TEXT NOT NULL,
  name        TEXT NOT NULL,
  timezone    TEXT NOT NULL,
  attendance  TEXT NOT NULL CHECK (attendance = 'in_person' OR attendance = 'online' OR
                                   attendance = 'hybrid' OR attendance = 'inactive'),
  latitude    REAL,
  longitude   REAL,
  doc         TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  UNIQUE (source, slug)
);

CREATE TABLE listing_changes (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  listing_id  TEXT NOT NULL,
  at          TEXT NOT NULL,
  actor       TEXT NOT NULL,
  action      TEXT NOT NULL CHECK (action = 'create' OR action = 'update' OR action = 'delete'),
  before_doc  TEXT,
  after_doc   TEXT
);

CREATE INDEX listing_changes_by_listing ON listing_changes (listing_id, seq);
)sql";

constexpr std::array<Migration, 1> kSqliteMigrations = {{
    {1, "directory", kMigration0001Directory},
}};

}  // namespace

std::span<const Migration> SqliteMigrations() { return kSqliteMigrations; }

}  // namespace rn::storage
