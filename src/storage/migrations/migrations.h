#pragma once
// The SQLite schema as numbered migrations, compiled into the binary. A migration is never edited
// once released: a schema change is a new migration with the next version.

#include <span>
#include <string_view>

namespace rn::storage {

struct Migration {
  int version;            // 1, 2, 3, … without gaps
  std::string_view name;  // short description, e.g. "directory"
  std::string_view sql;   // one or more SQLite statements, run in one transaction
};

// All SQLite migrations, ordered by version; versions are 1…N without gaps. Static storage.
std::span<const Migration> SqliteMigrations();

}  // namespace rn::storage
