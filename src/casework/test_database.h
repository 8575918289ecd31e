#pragma once
// Test-only: a fresh, real database for casework's database tests (util/testing.h TestDatabase),
// with the identity repositories beside casework's (sites and staff are identity's). Defined by
// the storage backend db_tests links.

#include <memory>
#include <string>

#include "casework/stores.h"
#include "identity/stores.h"
#include "util/status.h"
#include "util/testing.h"

namespace rn::casework {

struct TestStores {
  Stores casework;
  identity::Stores identity;
};

// The box the test databases seal private notes with: one random key for the whole test run.
const identity::SecretBox& TestPrivateNotes();

// What the test database at `path` holds of contacts, as stored: the bytes of a SQLite database's
// files, or a PostgreSQL database's contacts rows with the private notes' bytes as they are; to
// check what is kept in the clear.
std::string StoredContactBytes(const std::string& path);

// A new database at `path` (":memory:" for a private one), migrated and empty.
Result<std::unique_ptr<testing::TestDatabase<TestStores>>> OpenTestDatabase(
    const std::string& path = ":memory:");

}  // namespace rn::casework
