// postgres::Connection and Transaction against the throwaway PostgreSQL server of the `postgres`
// ctest fixture (scripts/pg-scratch): the same nesting rules as sqlite::Transaction
// (storage/sqlite/connection_dbtest.cpp), and errors as the same Status codes.
#include <gtest/gtest.h>

#include <string>

#include "storage/postgres/connection.h"
#include "storage/postgres/dbtest_server.h"

namespace rn::storage::postgres {
namespace {

using sql::Transaction;

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

TEST_F(PostgresTransactionTest, PreparedStatementsRoundTripEveryKindOfValue) {
  ASSERT_TRUE(connection_
                  ->Exec("CREATE TEMPORARY TABLE rn_values (t TEXT, i BIGINT, d DOUBLE PRECISION, "
                         "b BYTEA)",
                         "create the table")
                  .ok());
  std::string bytes;
  for (int byte = 0; byte < 256; ++byte) bytes.push_back(static_cast<char>(byte));
  const double third = 1.0 / 3.0;
  {
    Result<sql::ScopedStatement> insert =
        connection_->Prepare("INSERT INTO rn_values (t, i, d, b) VALUES (?1, ?2, ?3, ?4)");
    ASSERT_TRUE(insert.ok()) << insert.status().message();
    ASSERT_TRUE((*insert)
                    ->Bind(1, "it's ?1")
                    .Bind(2, std::int64_t{-9007199254740993})
                    .Bind(3, third)
                    .BindBlob(4, bytes)
                    .Run()
                    .ok());
    EXPECT_EQ(connection_->Changes(), 1);
    (*insert)->Reset();
    ASSERT_TRUE((*insert)->Bind(1, "").Bind(2, std::int64_t{0}).Run().ok());  // ?3, ?4 unbound
  }
  Result<sql::ScopedStatement> select =
      connection_->Prepare("SELECT t, i, d, b FROM rn_values WHERE t LIKE ?1 || '%' ORDER BY t");
  ASSERT_TRUE(select.ok()) << select.status().message();
  sql::Statement& row = **select;
  row.Bind(1, "");
  ASSERT_EQ(row.Step().value_or(false), true);
  EXPECT_EQ(row.ColumnText(0), "");
  EXPECT_TRUE(row.ColumnIsNull(2));
  EXPECT_EQ(row.ColumnOptionalDouble(2), std::nullopt);
  EXPECT_EQ(row.ColumnBlob(3), "");
  ASSERT_EQ(row.Step().value_or(false), true);
  EXPECT_EQ(row.ColumnText(0), "it's ?1");
  EXPECT_EQ(row.ColumnInt64(1), -9007199254740993);
  EXPECT_EQ(row.ColumnDouble(2), third);  // exactly
  EXPECT_EQ(row.ColumnBlob(3), bytes);
  EXPECT_EQ(row.Step().value_or(true), false);
}

TEST_F(PostgresTransactionTest, ChangesCountsTheRowsOfTheLatestWrite) {
  ASSERT_TRUE(Insert("a").ok());
  ASSERT_TRUE(Insert("b").ok());
  Result<sql::ScopedStatement> remove = connection_->Prepare("DELETE FROM rn_connection_test");
  ASSERT_TRUE(remove.ok());
  ASSERT_TRUE((*remove)->Run().ok());
  EXPECT_EQ(connection_->Changes(), 2);
}

TEST(PostgresParametersTest, QuestionMarksBecomeDollarsOutsideQuotes) {
  EXPECT_EQ(NumberedParameters("SELECT ?1, '?2', \"?3\" FROM t WHERE a = ?12"),
            "SELECT $1, '?2', \"?3\" FROM t WHERE a = $12");
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
