#pragma once
// The PostgreSQL connection as a module the program loads when it first opens a postgresql://
// database (storage/database.cpp): libpq and the libraries it needs (Kerberos, LDAP, GnuTLS) cost
// a process about 8 ms to load, which every SQLite process would otherwise pay at start. The
// module is built from storage/postgres/ alone and calls nothing of the program but inline code
// (storage/sql/connection.h, util/status.h) and spdlog, a shared library.

#include <memory>
#include <string>

#include "storage/sql/connection.h"
#include "util/status.h"

namespace rn::storage::postgres {

// The module's file name, looked for beside the program's executable.
inline constexpr char kModuleFile[] = "librn_postgres.so";
// The name of its one entry point, a ModuleOpen.
inline constexpr char kModuleOpen[] = "rn_postgres_open";
// Connects to `uri`; *connection is the connection or why there is none.
using ModuleOpen = void (*)(const std::string& uri,
                            Result<std::unique_ptr<sql::Connection>>* connection);

}  // namespace rn::storage::postgres
