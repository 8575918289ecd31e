#pragma once
// FNV-1a (64 bits): stable ids and content versions. Not for anything that must resist an attacker.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

namespace rn {

inline constexpr std::uint64_t kFnv1a64Offset = 0xcbf29ce484222325ULL;

// The hash of `bytes`, continuing from `hash` (so a value can be hashed in parts).
constexpr std::uint64_t Fnv1a64(std::string_view bytes, std::uint64_t hash = kFnv1a64Offset) {
  for (char c : bytes) hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
  return hash;
}

// 16 lower-case hex digits.
inline std::string Hex64(std::uint64_t value) {
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(value));
  return out;
}

}  // namespace rn
