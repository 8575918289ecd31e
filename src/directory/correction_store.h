#pragma once
// The repository of the public's correction requests (directory/correction.h). Declared here,
// implemented in storage/ (sqlite/correction_store.cpp). It stores and reads; validation, the
// lifecycle and the audit entries are directory/corrections.h's. Writes join the open unit of
// work (identity/audit_store.h) when there is one. Used by one thread at a time.

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "directory/correction.h"
#include "util/status.h"

namespace rn::directory {

class CorrectionStore {
 public:
  virtual ~CorrectionStore() = default;

  // Stores `request` (listing_id, field, details, email, language, created_at) as a new open
  // request and returns its id. kNotFound when no listing has request.listing_id.
  virtual Result<std::int64_t> Insert(const CorrectionRequest& request) = 0;
  // The requests with `status` (nullopt for all), newest first (by created_at, then id).
  virtual Result<std::vector<CorrectionRequest>> List(std::optional<std::string_view> status) = 0;
  // The request `id`, or nullopt.
  virtual Result<std::optional<CorrectionRequest>> Get(std::int64_t id) = 0;
  // Marks request `id` as `status`, resolved by `resolved_by` at `resolved_at`, if it is open.
  // False when it is not open (or does not exist).
  virtual Result<bool> MarkResolved(std::int64_t id, std::string_view status,
                                    std::string_view resolved_by, std::string_view resolved_at) = 0;
};

}  // namespace rn::directory
