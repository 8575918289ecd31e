#pragma once
// Test-only: a fixture over a fresh in-memory SQLite store, with the checks of its audit trail that
// the store's database tests share.

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "identity/audit.h"
#include "storage/sqlite/sqlite_store.h"

namespace rn::storage {

class InMemoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(":memory:");
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(*store);
  }

  // The number of audit entries (the head's sequence number); -1 when it cannot be read.
  std::int64_t AuditCount() {
    Result<identity::AuditHead> head = store_->LoadAuditHead();
    EXPECT_TRUE(head.ok());
    return head.ok() ? head->last_seq : -1;
  }

  identity::AuditEvent LastAudit() {
    Result<std::vector<identity::AuditEvent>> events = store_->LoadAudit();
    EXPECT_TRUE(events.ok() && !events->empty());
    return events.ok() && !events->empty() ? events->back() : identity::AuditEvent{};
  }

  void ExpectChainIntact() {
    Result<std::vector<identity::AuditEvent>> events = store_->LoadAudit();
    Result<identity::AuditHead> head = store_->LoadAuditHead();
    ASSERT_TRUE(events.ok() && head.ok());
    EXPECT_EQ(identity::VerifyChain(*events, *head), std::nullopt);
  }

  std::unique_ptr<Store> store_;
};

}  // namespace rn::storage
