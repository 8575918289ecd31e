#pragma once
// Test-only: fixtures over a fresh Database (in memory, or a file in a temporary directory; on
// PostgreSQL a schema of its own), the checks of its audit trail the repositories' database tests
// share, and a raw connection to look at (or tamper with) a database behind the repositories'
// back.

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "identity/audit.h"
#include "storage/database.h"
#include "storage/postgres/connection.h"
#include "util/testing.h"

namespace rn::storage {

// db_tests runs twice: on SQLite, and on PostgreSQL when RN_TEST_DATABASE=postgres
// (sql/test_location_dbsupport.cpp).
bool TestingOnPostgres();

// Where the test database `path` (a SQLite file, or ":memory:" for a fresh private one) is: `path`
// itself on SQLite; on PostgreSQL the URI of a schema of its own on the fixture's server, the same
// one for the same `path` (a fresh one for every ":memory:"). Throws when there is no server.
std::string TestLocation(const std::string& path);

// Skips a test of what only SQLite has (its file, its pragmas).
#define RN_SQLITE_ONLY()                                                    \
  if (::rn::storage::TestingOnPostgres()) {                                 \
    GTEST_SKIP() << "a test of SQLite's own behaviour (its file, pragmas)"; \
  }

// 2026-11-23 at `hour`:`minute` UTC.
inline Instant TestInstant(int hour = 0, int minute = 0) {
  using namespace std::chrono;
  return sys_days(year(2026) / 11 / 23) + hours(hour) + minutes(minute);
}

// An audit entry that passes ValidateAuditEvent.
inline identity::AuditEvent TestEntry(std::string action, std::string target = "",
                                      std::string site = "") {
  identity::AuditEvent event;
  event.at = "2026-11-23T12:00:00Z";
  event.actor = "tester";
  event.action = std::move(action);
  event.target = std::move(target);
  event.site = std::move(site);
  event.remote_address = "192.0.2.10";
  event.details = R"({"reason":"test"})";
  return event;
}

// The checks shared by the fixtures below.
class DatabaseTestBase : public ::testing::Test {
 protected:
  // The number of audit entries (the head's sequence number); -1 when it cannot be read.
  std::int64_t AuditCount() {
    Result<identity::AuditHead> head = db_->audit().LoadHead();
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->last_seq : -1;
  }

  std::vector<identity::AuditEvent> LoadAudit() {
    Result<std::vector<identity::AuditEvent>> events = db_->audit().LoadAll();
    EXPECT_TRUE(events.ok()) << events.status().message();
    return events.ok() ? *events : std::vector<identity::AuditEvent>();
  }

  identity::AuditEvent LastAudit() {
    std::vector<identity::AuditEvent> events = LoadAudit();
    EXPECT_FALSE(events.empty());
    return events.empty() ? identity::AuditEvent{} : events.back();
  }

  // "intact", or "entry SEQ: REASON".
  std::string VerifyAudit() {
    Result<identity::AuditHead> head = db_->audit().LoadHead();
    Result<std::vector<identity::AuditEvent>> events = db_->audit().LoadAll();
    if (!head.ok()) return "head: " + head.status().message();
    if (!events.ok()) return "events: " + events.status().message();
    const std::optional<identity::AuditBreak> broken = identity::VerifyChain(*events, *head);
    if (!broken.has_value()) return "intact";
    return "entry " + std::to_string(broken->seq) + ": " + broken->reason;
  }

  void ExpectChainIntact() { EXPECT_EQ(VerifyAudit(), "intact"); }

  std::int64_t ListingCount() {
    Result<std::int64_t> count = db_->listings().Count();
    EXPECT_TRUE(count.ok());
    return count.ok() ? *count : -1;
  }

  std::unique_ptr<Database> db_;
};

// A fresh private in-memory database.
class InMemoryDatabaseTest : public DatabaseTestBase {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(TestLocation(":memory:"));
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
  }
};

// A fresh database file, for tests that look at it with RawDb.
class FileDatabaseTest : public DatabaseTestBase {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Database>> db = Database::Open(TestLocation(DbPath()));
    ASSERT_TRUE(db.ok()) << db.status().message();
    db_ = std::move(*db);
  }

  std::string DbPath() const { return (dir_.path() / "data" / "recoverynet.db").string(); }

  testing::TempDir dir_;
};

// A raw connection to a test database, as someone with the file (or the server's password) would
// have: SQLite's C API on the file, or a connection of its own to the test's PostgreSQL schema.
class RawDb final {
 public:
  explicit RawDb(const std::filesystem::path& path) {
    if (TestingOnPostgres()) {
      Result<std::unique_ptr<postgres::Connection>> connection =
          postgres::Connection::Open(TestLocation(path.string()));
      if (!connection.ok()) throw std::runtime_error(connection.status().message());
      postgres_ = std::move(*connection);
      return;
    }
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) throw std::runtime_error("sqlite3_open");
    sqlite3_busy_timeout(db_, 2000);
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  // The first column of every row of `sql`, as text ("NULL" for null).
  std::vector<std::string> Column(const std::string& sql) {
    if (postgres_ != nullptr) return PostgresColumn(sql);
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) {
      ADD_FAILURE() << sqlite3_errmsg(db_) << " in " << sql;
      return {};
    }
    std::vector<std::string> values;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
      const unsigned char* text = sqlite3_column_text(stmt, 0);
      values.push_back(text == nullptr ? "NULL" : reinterpret_cast<const char*>(text));
    }
    sqlite3_finalize(stmt);
    return values;
  }

  // The first column of the first row of `sql` as text, or "" when there is none.
  std::string Scalar(const std::string& sql) {
    std::vector<std::string> values = Column(sql);
    return values.empty() ? "" : values.front();
  }

  // Runs `sql`; returns "" on success, else the database's error message.
  std::string Exec(const std::string& sql) {
    if (postgres_ != nullptr) {
      const Status status = postgres_->Exec(sql, "run a test statement");
      return status.ok() ? "" : status.message();
    }
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) == SQLITE_OK) return "";
    std::string message = error == nullptr ? "error" : error;
    sqlite3_free(error);
    return message;
  }

 private:
  std::vector<std::string> PostgresColumn(const std::string& sql) {
    Result<std::vector<postgres::Row>> rows = postgres_->Query(sql, {}, "run a test query");
    if (!rows.ok()) {
      ADD_FAILURE() << rows.status().message() << " in " << sql;
      return {};
    }
    std::vector<std::string> values;
    for (const postgres::Row& row : *rows) values.push_back(row.at(0).value_or("NULL"));
    return values;
  }

  sqlite3* db_ = nullptr;
  std::unique_ptr<postgres::Connection> postgres_;
};

}  // namespace rn::storage
