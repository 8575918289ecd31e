#pragma once
// The schema as numbered migrations, compiled into the binary: SQLite's, and its PostgreSQL
// translation (issue 15). A migration is never edited once released: a schema change is a new
// migration with the next version, on both.

#include <span>
#include <string_view>

namespace rn::storage {

struct Migration {
  int version;            // 1, 2, 3, … without gaps
  std::string_view name;  // short description, e.g. "directory"
  std::string_view sql;   // one or more statements of its database, run in one transaction
};

// All SQLite migrations, ordered by version; versions are 1…N without gaps. Static storage.
std::span<const Migration> SqliteMigrations();

// The same migrations for PostgreSQL 15, ordered by version: the same versions and names as
// SqliteMigrations(), each leaving at its version the tables, columns (names, order, NULL/NOT NULL,
// defaults), keys, CHECKs, foreign keys and indexes SQLite's leaves, so that the same query text
// works on both. The differences queries must know of are in postgres_migrations.cpp: users.name
// compares ignoring ASCII case only through rn_ascii_lower(), and disclosures has an explicit
// `rowid` column. Static storage.
std::span<const Migration> PostgresMigrations();

}  // namespace rn::storage
