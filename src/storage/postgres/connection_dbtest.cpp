// postgres::Connection and Transaction against the throwaway PostgreSQL server of the `postgres`
// ctest fixture (scripts/pg-scratch): the same nesting rules as sqlite::Transaction
// (storage/sqlite/connection_dbtest.cpp), and errors as the same Status codes.
#include <gtest/gtest.h>

#include <string>

#include "storage/postgres/connection.h"
#include "storage/postgres/dbtest_server.h"

namespace rn::storage::postgres {
namespace {

constexpr std::string_view kInsert = "INSERT INTO rn_connection_test (v) VALUES ($1)";
constexpr std::string_view kSelect = "SELECT v FROM rn_connection_test ORDER BY v";

class PostgresTransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (TestServerUri().empty()) GTEST_SKIP() << kNoTestServer;
    connection_ = Open();
    ASSERT_NE(connection_, nullptr);
    ASSERT_TRUE(connection_
                    ->Exec("DROP TABLE IF EXISTS rn_connection_test; "
                           "CREATE TABLE rn_connection_test (v TEXT NOT NULL UNIQUE)",
                           "create the table")
                    .ok());
  }
  void TearDown() override {
    if (connection_) (void)connection_->Exec("DROP TABLE IF EXISTS rn_connection_test", "drop");
  }

  static std::unique_ptr<Connection> Open() {
    Result<std::unique_ptr<Connection>> connection = Connection::Open(TestServerUri());
    EXPECT_TRUE(connection.ok()) << connection.status().message();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

  Status Insert(const std::string& value) {
    return connection_->Query(kInsert, {value}, "insert").status_or_ok();
  }

  std::vector<std::string> Values() {
    Result<std::vector<Row>> rows = connection_->Query(kSelect, {}, "select");
    EXPECT_TRUE(rows.ok()) << rows.status().message();
    std::vector<std::string> values;
    if (rows.ok()) {
      for (const Row& row : *rows) values.push_back(row.at(0).value_or("NULL"));
    }
    return values;
  }

  std::unique_ptr<Transaction> MustBegin() {
    Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
    EXPECT_TRUE(transaction.ok()) << transaction.status().message();
    return transaction.ok() ? std::move(*transaction) : nullptr;
  }

  std::unique_ptr<Connection> connection_;
};

TEST_F(PostgresTransactionTest, ACommittedTransactionKeepsItsWrites) {
  std::unique_ptr<Transaction> transaction = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  EXPECT_EQ(connection_->transaction_depth(), 1);
  ASSERT_TRUE(transaction->Commit().ok());
  EXPECT_EQ(connection_->transaction_depth(), 0);
  // Seen from another connection: it was committed, not merely written.
  std::unique_ptr<Connection> other = Open();
  ASSERT_NE(other, nullptr);
  Result<std::vector<Row>> rows = other->Query(kSelect, {}, "select");
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0][0], "a");
}

TEST_F(PostgresTransactionTest, AnUncommittedTransactionRollsBack) {
  {
    std::unique_ptr<Transaction> transaction = MustBegin();
    ASSERT_TRUE(Insert("a").ok());
  }
  EXPECT_EQ(connection_->transaction_depth(), 0);
  EXPECT_TRUE(Values().empty());
}

TEST_F(PostgresTransactionTest, ANestedCommitJoinsTheEnclosingTransaction) {
  std::unique_ptr<Transaction> outer = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  {
    std::unique_ptr<Transaction> inner = MustBegin();
    EXPECT_EQ(inner->depth(), 2);
    ASSERT_TRUE(Insert("b").ok());
    ASSERT_TRUE(inner->Commit().ok());
  }
  outer.reset();  // rolled back: the nested commit went with it
  EXPECT_TRUE(Values().empty());
}

TEST_F(PostgresTransactionTest, ANestedRollbackUndoesOnlyItsOwnWrites) {
  std::unique_ptr<Transaction> outer = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  {
    std::unique_ptr<Transaction> inner = MustBegin();
    ASSERT_TRUE(Insert("b").ok());
  }
  ASSERT_TRUE(Insert("c").ok());
  ASSERT_TRUE(outer->Commit().ok());
  EXPECT_EQ(Values(), (std::vector<std::string>{"a", "c"}));
}

TEST_F(PostgresTransactionTest, AFailedStatementInASavepointLeavesTheEnclosingTransactionUsable) {
  std::unique_ptr<Transaction> outer = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  {
    std::unique_ptr<Transaction> inner = MustBegin();
    const Status duplicate = Insert("a");
    EXPECT_EQ(duplicate.code(), StatusCode::kConflict) << duplicate.message();
    EXPECT_NE(duplicate.message().find("insert"), std::string::npos) << duplicate.message();
  }
  ASSERT_TRUE(Insert("b").ok());
  ASSERT_TRUE(outer->Commit().ok());
  EXPECT_EQ(Values(), (std::vector<std::string>{"a", "b"}));
}

TEST_F(PostgresTransactionTest, ACommitAfterAFailedStatementIsAnErrorAndKeepsNothing) {
  std::unique_ptr<Transaction> transaction = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  EXPECT_EQ(Insert("a").code(), StatusCode::kConflict);
  const Status committed = transaction->Commit();
  EXPECT_FALSE(committed.ok());
  transaction.reset();
  EXPECT_EQ(connection_->transaction_depth(), 0);
  EXPECT_TRUE(Values().empty());
}

TEST_F(PostgresTransactionTest, ParametersAndNullsRoundTrip) {
  Result<std::vector<Row>> rows = connection_->Query(
      "SELECT $1::text, $2::text, $3::int + 1", {"it's", std::nullopt, "41"}, "select parameters");
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0], (Row{"it's", std::nullopt, "42"}));
}

TEST_F(PostgresTransactionTest, ABadStatementIsInternalAndNamesWhatWasBeingDone) {
  const Status status = connection_->Exec("SELEC 1", "read the schema version");
  EXPECT_EQ(status.code(), StatusCode::kInternal);
  EXPECT_NE(status.message().find("read the schema version"), std::string::npos)
      << status.message();
}

TEST(PostgresConnectionTest, AServerThatIsNotThereIsUnavailable) {
  Result<std::unique_ptr<Connection>> connection =
      Connection::Open("postgresql://postgres@/rn?host=/nonexistent-rn-socket-dir&port=1");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.status().code(), StatusCode::kUnavailable) << connection.status().message();
  EXPECT_NE(connection.status().message().find("connect"), std::string::npos);
}

}  // namespace
}  // namespace rn::storage::postgres
