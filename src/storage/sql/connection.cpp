#include "storage/sql/connection.h"

#include <spdlog/spdlog.h>

namespace rn::storage::sql {

Status Statement::Run() {
  for (;;) {
    Result<bool> row = Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Ok();
  }
}

Result<std::unique_ptr<Transaction>> Transaction::Begin(Connection& connection) {
  const int depth = connection.transaction_depth_ + 1;
  // Made once the statement has run: one that failed has nothing to roll back.
  RN_RETURN_IF_ERROR(connection.OpenFrame(depth));
  connection.transaction_depth_ = depth;
  return std::unique_ptr<Transaction>(new Transaction(connection, depth));
}

void Transaction::Close() {
  open_ = false;
  if (connection_.transaction_depth_ != depth_) {
    spdlog::error("storage: transaction at depth {} ended while the connection is at depth {}",
                  depth_, connection_.transaction_depth_);
  }
  connection_.transaction_depth_ = depth_ - 1;
}

Transaction::~Transaction() {
  if (!open_) return;
  connection_.RollbackFrame(depth_);
  Close();
}

Status Transaction::Commit() {
  Status status = connection_.CommitFrame(depth_);
  if (status.ok()) Close();
  return status;
}

}  // namespace rn::storage::sql
