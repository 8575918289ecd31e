#pragma once
// Open Referral HSDS in and out: tabular data packages (3.x, and the 1.x/2.0 naming most publishers
// still use) and HSDS 3.1 JSON, read into the records of resources/record.h. Tolerant as the
// meeting importers are: a row or object that cannot be understood is rejected, naming its file,
// row and field, and the rest is read; only input with nothing readable at all is an error. Pure:
// bytes in, records out; never throws on input.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "resources/record.h"
#include "util/status.h"

namespace rn::interop::hsds {

struct Rejection {
  std::string file;   // "services.csv", or "json"
  int row = 0;        // the CSV line the row starts on; for JSON the object's position (0-based)
  std::string field;  // the field at fault, when one is
  std::string reason;
};

struct Parse {
  std::vector<resources::Record> records;  // each passes resources::CheckRecord; keys unique
  std::vector<Rejection> rejections;
  // What was read but not kept, for the person importing: "metadata.csv: 1 row not imported".
  std::vector<std::string> notes;
};

struct Options {
  std::string source;  // the import source name, set on every record
};

// Reads a tabular data package: `files` maps each file name of the package (as datapackage.json's
// resources name their paths, or as they lie in its folder) to its bytes. kInvalidArgument (field
// "package") when it has none of the tables that hold records.
Result<Parse> ParsePackage(const std::map<std::string, std::string>& files, const Options& options);

// Reads HSDS 3.1 JSON: one service object (as GET /services/{id} returns it, nested organization,
// service_at_locations with their locations, attributes with their taxonomy terms), an array of
// them, or a Page of them ({"contents": [...], "total_items": …}); organization objects the same
// way. The nested objects become records of their own. kInvalidArgument (field "json") when the
// text is not JSON or holds none of these.
Result<Parse> ParseJson(std::string_view json, const Options& options);

// Writes `records` as an HSDS 3.1 tabular data package: each file of it (datapackage.json and one
// CSV a table that has rows: organizations.csv, services.csv, phones.csv, …) by name. Each record
// is a row of its table; each child object a row of its own table naming its owner (phones.csv's
// service_id, attributes.csv's link_id and link_entity; a capacity's unit in units.csv), in the
// order the records and their children come. Cells are trimmed, as ParsePackage reads them, so
// that ParsePackage of the package and ExportPackage of what it read give the same files again.
std::map<std::string, std::string> ExportPackage(const std::vector<resources::Record>& records);

}  // namespace rn::interop::hsds
