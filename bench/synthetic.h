#pragma once
// A deterministic generator of realistic-looking synthetic listings for benchmarks: clustered
// around real US metro areas in seven time zones, 1–3 weekly slots at the usual meeting times,
// Meeting Guide types drawn with the frequencies seen in real feeds, ~70% in person / 20% online /
// 10% hybrid, ~2% without coordinates, some Spanish-language and some non-12-step meetings. Names,
// addresses and links are clearly fake ("Synthetic Group 12345", example.invalid).

#include <cstdint>
#include <string>
#include <vector>

#include "directory/listing.h"

namespace rn::bench {

// The import source name of every synthetic listing.
inline constexpr char kSyntheticSource[] = "synthetic";

// A small, fast, portable PRNG (xoshiro256**, seeded through splitmix64): the same seed gives the
// same sequence on every platform, unlike the std:: distributions.
class Random final {
 public:
  explicit Random(std::uint64_t seed);
  std::uint64_t Next();
  // Uniform in [0, 1).
  double Uniform();
  // Uniform in [low, high]. REQUIRES: low <= high.
  int Between(int low, int high);
  // True with probability `p`.
  bool Chance(double p);
  // Standard normal (Box–Muller).
  double Normal();

 private:
  std::uint64_t state_[4];
};

// `count` listings numbered from `first_number` (slug "synthetic-<n>", source kSyntheticSource),
// the same for the same (count, seed, first_number). Every listing passes the Meeting Guide import
// rules: ParseFeed(ExportFeed(listings)) gives them back.
std::vector<directory::Listing> GenerateListings(std::size_t count, std::uint64_t seed,
                                                 std::size_t first_number = 1);

}  // namespace rn::bench
