#pragma once
// CSV files as HSDS tabular packages and facility lists publish them (RFC 4180, read with libcsv:
// quoted cells holding commas, quotes and line breaks; CRLF or LF line ends; a UTF-8 byte-order
// mark). Tolerant as real exports need: a stray quote inside an unquoted cell is kept as text, and
// blank lines are skipped. Only a quoted cell left open at the end of the file is an error.

#include <string>
#include <string_view>
#include <vector>

#include "util/status.h"

namespace rn::interop {

struct CsvTable {
  std::vector<std::string> header;  // the first row, each name trimmed
  // The rows after the header, each with exactly header.size() cells (a short row is padded with
  // empty cells; `extra` counts the cells past the header a long row had).
  std::vector<std::vector<std::string>> rows;
  std::vector<int> extra;  // per row
  // The line each row starts on (1-based; the header is line 1 unless blank lines precede it).
  std::vector<int> lines;

  // The position of the column named `name` (trimmed, case-insensitive), or -1.
  int Column(std::string_view name) const;
};

// Parses `text`. kInvalidArgument (field "csv") when a quoted cell is never closed or the text has
// no header row.
Result<CsvTable> ParseCsv(std::string_view text);

// One CSV line of `cells`, ending CRLF (RFC 4180): a cell with a comma, a quote or a line break in
// quotes (libcsv's quoting), the others as they are.
std::string CsvLine(const std::vector<std::string>& cells);

}  // namespace rn::interop
