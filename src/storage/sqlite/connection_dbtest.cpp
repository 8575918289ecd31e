// sql::Transaction on SQLite nests: BEGIN IMMEDIATE outermost, a savepoint per level inside it,
// each undone alone when it ends without a commit.

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "storage/sql/dbtest_database.h"
#include "storage/sqlite/connection.h"
#include "util/testing.h"

namespace rn::storage::sqlite {
namespace {

using sql::ScopedStatement;
using sql::Transaction;

constexpr std::string_view kInsert = "INSERT INTO t (v) VALUES (?1)";
constexpr std::string_view kSelect = "SELECT v FROM t ORDER BY v";

class TransactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    connection_ = Open(0);
    ASSERT_NE(connection_, nullptr);
    ASSERT_TRUE(connection_->Exec("CREATE TABLE t (v TEXT NOT NULL UNIQUE)", "create t").ok());
  }

  std::unique_ptr<Connection> Open(int busy_timeout_ms) {
    Result<std::unique_ptr<Connection>> connection =
        Connection::Open((dir_.path() / "t.db").string(), busy_timeout_ms);
    EXPECT_TRUE(connection.ok()) << connection.status().message();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

  Status Insert(std::string_view value) {
    Result<ScopedStatement> insert = connection_->Prepare(kInsert);
    if (!insert.ok()) return insert.status();
    return (*insert)->Bind(1, value).Run();
  }

  std::vector<std::string> Values() {
    std::vector<std::string> values;
    Result<ScopedStatement> select = connection_->Prepare(kSelect);
    EXPECT_TRUE(select.ok());
    if (!select.ok()) return values;
    for (;;) {
      Result<bool> row = (*select)->Step();
      EXPECT_TRUE(row.ok());
      if (!row.ok() || !*row) break;
      values.emplace_back((*select)->ColumnText(0));
    }
    return values;
  }

  std::unique_ptr<Transaction> MustBegin() {
    Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(*connection_);
    EXPECT_TRUE(transaction.ok()) << transaction.status().message();
    return transaction.ok() ? std::move(*transaction) : nullptr;
  }

  bool InTransaction() { return sqlite3_get_autocommit(connection_->handle()) == 0; }

  rn::testing::TempDir dir_;
  std::unique_ptr<Connection> connection_;
};

TEST_F(TransactionTest, ACommittedTransactionKeepsItsWrites) {
  std::unique_ptr<Transaction> transaction = MustBegin();
  ASSERT_NE(transaction, nullptr);
  EXPECT_EQ(transaction->depth(), 1);
  EXPECT_EQ(connection_->transaction_depth(), 1);
  ASSERT_TRUE(Insert("a").ok());
  ASSERT_TRUE(transaction->Commit().ok());
  EXPECT_EQ(connection_->transaction_depth(), 0);
  EXPECT_FALSE(InTransaction());
  transaction.reset();  // nothing left to roll back
  EXPECT_EQ(Values(), std::vector<std::string>{"a"});
}

TEST_F(TransactionTest, AnUncommittedTransactionRollsBack) {
  {
    std::unique_ptr<Transaction> transaction = MustBegin();
    ASSERT_TRUE(Insert("a").ok());
  }
  EXPECT_EQ(connection_->transaction_depth(), 0);
  EXPECT_FALSE(InTransaction());
  EXPECT_TRUE(Values().empty());
}

TEST_F(TransactionTest, TheOutermostTransactionTakesTheWriteLockAtBegin) {
  std::unique_ptr<Connection> other = Open(0);
  ASSERT_NE(other, nullptr);
  std::unique_ptr<Transaction> transaction = MustBegin();
  ASSERT_NE(transaction, nullptr);
  // No statement has run yet, but another connection can no longer start a write.
  Result<std::unique_ptr<Transaction>> second = Transaction::Begin(*other);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(other->transaction_depth(), 0);
  ASSERT_TRUE(transaction->Commit().ok());
  second = Transaction::Begin(*other);
  EXPECT_TRUE(second.ok());
}

TEST_F(TransactionTest, ANestedCommitJoinsTheEnclosingTransaction) {
  {
    std::unique_ptr<Transaction> outer = MustBegin();
    ASSERT_TRUE(Insert("a").ok());
    {
      std::unique_ptr<Transaction> inner = MustBegin();
      ASSERT_NE(inner, nullptr);
      EXPECT_EQ(inner->depth(), 2);
      ASSERT_TRUE(Insert("b").ok());
      ASSERT_TRUE(inner->Commit().ok());
      EXPECT_EQ(connection_->transaction_depth(), 1);
      EXPECT_TRUE(InTransaction());  // RELEASE does not commit the enclosing transaction
    }
    EXPECT_EQ(Values(), (std::vector<std::string>{"a", "b"}));
    // The outer transaction ends without a commit: the inner writes go with it.
  }
  EXPECT_TRUE(Values().empty());
}

TEST_F(TransactionTest, ANestedRollbackUndoesOnlyItsOwnWrites) {
  std::unique_ptr<Transaction> outer = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  {
    std::unique_ptr<Transaction> inner = MustBegin();
    ASSERT_TRUE(Insert("b").ok());
    ASSERT_TRUE(Insert("c").ok());
  }
  EXPECT_EQ(connection_->transaction_depth(), 1);
  EXPECT_TRUE(InTransaction());
  EXPECT_EQ(Values(), std::vector<std::string>{"a"});
  ASSERT_TRUE(Insert("d").ok());
  ASSERT_TRUE(outer->Commit().ok());
  EXPECT_EQ(Values(), (std::vector<std::string>{"a", "d"}));
}

TEST_F(TransactionTest, SavepointsNestToAnyDepthAndAreReusedInTurn) {
  std::unique_ptr<Transaction> outer = MustBegin();
  ASSERT_TRUE(Insert("1").ok());
  {
    std::unique_ptr<Transaction> second = MustBegin();
    ASSERT_TRUE(Insert("2").ok());
    {
      std::unique_ptr<Transaction> third = MustBegin();
      EXPECT_EQ(third->depth(), 3);
      ASSERT_TRUE(Insert("3").ok());
      // The third level is undone; the second keeps its own write.
    }
    EXPECT_EQ(connection_->transaction_depth(), 2);
    ASSERT_TRUE(second->Commit().ok());
  }
  {
    std::unique_ptr<Transaction> again = MustBegin();
    EXPECT_EQ(again->depth(), 2);  // the savepoint name of depth 2 is free again
    ASSERT_TRUE(Insert("4").ok());
    {
      std::unique_ptr<Transaction> deeper = MustBegin();
      ASSERT_TRUE(Insert("5").ok());
      ASSERT_TRUE(deeper->Commit().ok());
    }
    // Rolling back depth 2 takes the committed depth 3 with it.
  }
  ASSERT_TRUE(outer->Commit().ok());
  EXPECT_EQ(Values(), (std::vector<std::string>{"1", "2"}));
  EXPECT_EQ(connection_->transaction_depth(), 0);
}

TEST_F(TransactionTest, AFailedStatementInASavepointLeavesTheEnclosingTransactionUsable) {
  std::unique_ptr<Transaction> outer = MustBegin();
  ASSERT_TRUE(Insert("a").ok());
  {
    std::unique_ptr<Transaction> inner = MustBegin();
    ASSERT_TRUE(Insert("b").ok());
    EXPECT_EQ(Insert("a").code(), StatusCode::kConflict);  // UNIQUE
  }
  ASSERT_TRUE(outer->Commit().ok());
  EXPECT_EQ(Values(), std::vector<std::string>{"a"});
}

}  // namespace
}  // namespace rn::storage::sqlite
