#pragma once
// `rn_bench services` (bench/README.md, "Services"): synthetic community resources as HSDS 3.1
// JSON, their import, the in-memory search at that size and the finder's "Services" page.

#include <cstddef>
#include <cstdint>
#include <string>

namespace rn::bench {

// Writes `total` synthetic services (seeded by `seed`) as HSDS 3.1 JSON to <work>/services.json,
// imports them into a fresh SQLite file there (and again: the re-import), builds the snapshot and
// times `queries` searches of each shape and `queries` page requests; prints one JSON object.
int RunServicesBench(std::size_t total, std::uint64_t seed, std::size_t queries,
                     const std::string& work);

}  // namespace rn::bench
