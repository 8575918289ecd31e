#pragma once
// Internal to interop/hsds/: the HSDS tables a tabular package holds, as the reader (tabular.cpp)
// and the writer (export.cpp) share them.

#include <optional>
#include <string_view>
#include <utility>
#include <vector>

#include "resources/record.h"

namespace rn::interop::hsds {

// A table: the files it is read from (1.x names too), the schema its rows follow, and where its
// objects go — a record of their own, or an array of their owner.
struct TableSpec {
  std::string_view entity;                    // the schema: "phone"
  std::vector<std::string_view> files;        // file stems and datapackage resource names
  std::optional<resources::RecordKind> kind;  // a record of its own
  std::string_view child_key;                 // else the owner's array: "phones"
  // The columns naming an owner, most specific first, with the owner's schema.
  std::vector<std::pair<std::string_view, std::string_view>> owners;
  std::vector<std::string_view> fields;  // the schema's scalar fields
};

// Every table, owners before the tables that name them; files[0] is the 3.x file stem.
const std::vector<TableSpec>& Tables();

}  // namespace rn::interop::hsds
