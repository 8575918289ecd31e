#pragma once
// Test-only: a fresh, real database for the resources domain's database tests (util/testing.h
// TestDatabase). Defined by the storage backend db_tests links.

#include <memory>
#include <string>

#include "resources/stores.h"
#include "util/status.h"
#include "util/testing.h"

namespace rn::resources {

// A new database at `path` (":memory:" for a private one), migrated and empty.
Result<std::unique_ptr<testing::TestDatabase<Stores>>> OpenTestDatabase(
    const std::string& path = ":memory:");

}  // namespace rn::resources
