// directory::CorrectionStore: correction_requests (migration 0004).

#include "storage/sql/repositories.h"

namespace rn::storage::sql {
namespace {

using directory::CorrectionRequest;

constexpr std::string_view kSelectListingExists = "SELECT 1 FROM listings WHERE id = ?1";
constexpr std::string_view kInsertCorrection =
    "INSERT INTO correction_requests (listing_id, field, details, email, language, created_at, "
    "status, resolved_by, resolved_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 'open', '', '') "
    "RETURNING id";
constexpr std::string_view kSelectCorrections =
    "SELECT id, listing_id, field, details, email, language, created_at, status, resolved_by, "
    "resolved_at FROM correction_requests ORDER BY created_at DESC, id DESC";
constexpr std::string_view kSelectCorrectionsWithStatus =
    "SELECT id, listing_id, field, details, email, language, created_at, status, resolved_by, "
    "resolved_at FROM correction_requests WHERE status = ?1 ORDER BY created_at DESC, id DESC";
constexpr std::string_view kSelectCorrection =
    "SELECT id, listing_id, field, details, email, language, created_at, status, resolved_by, "
    "resolved_at FROM correction_requests WHERE id = ?1";
constexpr std::string_view kResolveCorrection =
    "UPDATE correction_requests SET status = ?2, resolved_by = ?3, resolved_at = ?4 "
    "WHERE id = ?1 AND status = 'open'";

// The correction request in the current row of a kSelectCorrection* statement.
CorrectionRequest CorrectionFromRow(const Statement& row) {
  CorrectionRequest request;
  request.id = row.ColumnInt64(0);
  request.listing_id = row.ColumnText(1);
  request.field = row.ColumnText(2);
  request.details = row.ColumnText(3);
  request.email = row.ColumnText(4);
  request.language = row.ColumnText(5);
  request.created_at = row.ColumnText(6);
  request.status = row.ColumnText(7);
  request.resolved_by = row.ColumnText(8);
  request.resolved_at = row.ColumnText(9);
  return request;
}

}  // namespace

Result<std::int64_t> SqlCorrectionStore::Insert(const CorrectionRequest& request) {
  // No foreign key (a request outlives its listing), so the listing is looked up under the same
  // write lock as the insert.
  Result<std::unique_ptr<Transaction>> transaction = Transaction::Begin(connection_);
  if (!transaction.ok()) return transaction.status();
  {
    Result<ScopedStatement> exists = connection_.Prepare(kSelectListingExists);
    if (!exists.ok()) return exists.status();
    Result<bool> row = (*exists)->Bind(1, request.listing_id).Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::NotFound("there is no such meeting");
  }
  std::int64_t id = 0;
  {
    Result<ScopedStatement> insert = connection_.Prepare(kInsertCorrection);
    if (!insert.ok()) return insert.status();
    Result<bool> row = (*insert)
                           ->Bind(1, request.listing_id)
                           .Bind(2, request.field)
                           .Bind(3, request.details)
                           .Bind(4, request.email)
                           .Bind(5, request.language)
                           .Bind(6, request.created_at)
                           .Step();
    if (!row.ok()) return row.status();
    if (!*row) return Status::Internal("inserting a correction request returned no id");
    id = (*insert)->ColumnInt64(0);
    // With RETURNING the row is written by the first step; the statement is reset as this scope
    // ends, before the commit (a write statement still in progress would block it).
  }
  RN_RETURN_IF_ERROR((*transaction)->Commit());
  return id;
}

Result<std::vector<CorrectionRequest>> SqlCorrectionStore::List(
    std::optional<std::string_view> status) {
  Result<ScopedStatement> statement =
      connection_.Prepare(status.has_value() ? kSelectCorrectionsWithStatus : kSelectCorrections);
  if (!statement.ok()) return statement.status();
  if (status.has_value()) (*statement)->Bind(1, *status);
  std::vector<CorrectionRequest> requests;
  for (;;) {
    Result<bool> row = (*statement)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    requests.push_back(CorrectionFromRow(**statement));
  }
  return requests;
}

Result<std::optional<CorrectionRequest>> SqlCorrectionStore::Get(std::int64_t id) {
  Result<ScopedStatement> statement = connection_.Prepare(kSelectCorrection);
  if (!statement.ok()) return statement.status();
  Result<bool> row = (*statement)->Bind(1, id).Step();
  if (!row.ok()) return row.status();
  if (!*row) return std::optional<CorrectionRequest>();
  return std::optional<CorrectionRequest>(CorrectionFromRow(**statement));
}

Result<bool> SqlCorrectionStore::MarkResolved(std::int64_t id, std::string_view status,
                                              std::string_view resolved_by,
                                              std::string_view resolved_at) {
  Result<ScopedStatement> update = connection_.Prepare(kResolveCorrection);
  if (!update.ok()) return update.status();
  RN_RETURN_IF_ERROR(
      (*update)->Bind(1, id).Bind(2, status).Bind(3, resolved_by).Bind(4, resolved_at).Run());
  return connection_.Changes() > 0;
}

}  // namespace rn::storage::sql
