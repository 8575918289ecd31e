#include "http/request_id.h"

#include <cstdint>
#include <random>

namespace rn::http {
namespace {

thread_local std::string_view current_request_id;

}  // namespace

std::string NewRequestId() {
  thread_local std::mt19937_64 generator = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  static constexpr char kHex[] = "0123456789abcdef";
  std::uint64_t bits = generator();
  std::string id(16, '0');
  for (char& digit : id) {
    digit = kHex[bits >> 60];
    bits <<= 4;
  }
  return id;
}

std::string_view CurrentRequestId() { return current_request_id; }

ScopedRequestId::ScopedRequestId(std::string_view id) : previous_(current_request_id) {
  current_request_id = id;
}

ScopedRequestId::~ScopedRequestId() { current_request_id = previous_; }

}  // namespace rn::http
