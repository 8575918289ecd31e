// The PostgreSQL module's entry point (storage/postgres/module.h).

#include "storage/postgres/module.h"

#include "storage/postgres/connection.h"

extern "C" __attribute__((visibility("default"))) void rn_postgres_open(
    const std::string& uri, rn::Result<std::unique_ptr<rn::storage::sql::Connection>>* connection) {
  rn::Result<std::unique_ptr<rn::storage::postgres::Connection>> opened =
      rn::storage::postgres::Connection::Open(uri);
  if (opened.ok()) {
    *connection = std::unique_ptr<rn::storage::sql::Connection>(std::move(*opened));
  } else {
    *connection = opened.status();
  }
}

// The entry point has the type the program calls it as.
static_assert(std::is_same_v<decltype(&rn_postgres_open), rn::storage::postgres::ModuleOpen>);
