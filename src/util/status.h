#pragma once
// Expected failures as values: a protocol-neutral code, a message safe to show a client, and, for
// validation errors, the name of the offending field. HTTP mapping lives in api/errors.h only.

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace rn {

enum class StatusCode {
  kOk,
  kInvalidArgument,
  kNotFound,
  kConflict,
  kUnauthenticated,
  kForbidden,
  kRateLimited,
  kUnavailable,
  kInternal,
};

class Status final {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::string field = {})
      : code_(code), message_(std::move(message)), field_(std::move(field)) {}

  static Status Ok() { return Status(); }
  static Status Invalid(std::string field, std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message), std::move(field));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status Internal(std::string message) {
    return Status(StatusCode::kInternal, std::move(message));
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  // Client-safe description of what went wrong.
  const std::string& message() const { return message_; }
  // The input field at fault; empty when the error is not about one field.
  const std::string& field() const { return field_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::string field_;
};

// A value or a non-OK Status.
template <typename T>
class Result final {
 public:
  Result(T value) : value_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : value_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(value_).ok());
  }

  bool ok() const { return std::holds_alternative<T>(value_); }
  // REQUIRES: ok().
  const T& value() const& { return std::get<T>(value_); }
  T& value() & { return std::get<T>(value_); }
  T&& value() && { return std::get<T>(std::move(value_)); }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }
  // The value, or `fallback` when !ok().
  T value_or(T fallback) const& { return ok() ? value() : fallback; }
  // REQUIRES: !ok().
  const Status& status() const { return std::get<Status>(value_); }
  // The error, or Status::Ok() when there is a value (for callers that need only success).
  Status status_or_ok() const { return ok() ? Status::Ok() : status(); }

 private:
  std::variant<T, Status> value_;
};

}  // namespace rn

// Returns the Status of `expr` from the enclosing function when it is not OK.
#define RN_RETURN_IF_ERROR(expr)                                               \
  do {                                                                         \
    if (::rn::Status rn_status_ = (expr); !rn_status_.ok()) return rn_status_; \
  } while (false)

// Declares `lhs` as the value of the Result `expr`, or returns its Status when it is not OK.
#define RN_ASSIGN_OR_RETURN(lhs, expr)                    \
  auto lhs##_result_ = (expr);                            \
  if (!lhs##_result_.ok()) return lhs##_result_.status(); \
  auto lhs = std::move(lhs##_result_).value()
