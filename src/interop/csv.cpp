#include "interop/csv.h"

#include <csv.h>

#include <memory>

#include "util/text.h"

namespace rn::interop {
namespace {

struct Builder {
  std::vector<std::string> row;
  bool have_header = false;
  CsvTable table;
  int line = 1;      // the line the parser has reached
  int row_line = 1;  // the line the current row started on
};

void OnCell(void* cell, std::size_t size, void* data) {
  auto* builder = static_cast<Builder*>(data);
  builder->row.emplace_back(static_cast<const char*>(cell), size);
}

void OnRowEnd(int, void* data) {
  auto* builder = static_cast<Builder*>(data);
  std::vector<std::string> row = std::move(builder->row);
  builder->row.clear();
  if (!builder->have_header) {
    for (std::string& name : row) name = std::string(text::Trim(name));
    builder->table.header = std::move(row);
    builder->have_header = true;
    return;
  }
  const std::size_t width = builder->table.header.size();
  const int extra = row.size() > width ? static_cast<int>(row.size() - width) : 0;
  row.resize(width);
  builder->table.rows.push_back(std::move(row));
  builder->table.extra.push_back(extra);
  builder->table.lines.push_back(builder->row_line);
}

}  // namespace

int CsvTable::Column(std::string_view name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (text::EqualsIgnoringAsciiCase(header[i], text::Trim(name))) return static_cast<int>(i);
  }
  return -1;
}

Result<CsvTable> ParseCsv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  csv_parser parser;
  if (csv_init(&parser, CSV_APPEND_NULL) != 0) {
    return Status::Internal("cannot start the CSV parser");
  }
  std::unique_ptr<csv_parser, void (*)(csv_parser*)> owned(&parser, csv_free);
  Builder builder;
  // Fed a line at a time, so that each row knows the line it starts on.
  std::size_t start = 0;
  bool row_open = false;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    const std::size_t rows_before = builder.table.rows.size() + (builder.have_header ? 1 : 0);
    if (!row_open) builder.row_line = builder.line;
    if (csv_parse(&parser, text.data() + start, end - start, OnCell, OnRowEnd, &builder) !=
        end - start) {
      return Status::Invalid(
          "csv", "line " + std::to_string(builder.line) + ": " + csv_strerror(csv_error(&parser)));
    }
    const std::size_t rows_after = builder.table.rows.size() + (builder.have_header ? 1 : 0);
    // A line that ended no row ended inside a quoted cell (blank lines end none and open none).
    row_open = rows_after == rows_before &&
               (row_open || !text::Trim(text.substr(start, end - start)).empty());
    ++builder.line;
    start = end;
  }
  // libcsv reports a quoted cell left open only in strict mode, which would also refuse the
  // stray quotes real exports have: its parser state says so (2 is FIELD_BEGUN).
  constexpr int kFieldBegun = 2;
  if ((parser.pstate == kFieldBegun && parser.quoted != 0) ||
      csv_fini(&parser, OnCell, OnRowEnd, &builder) != 0) {
    return Status::Invalid(
        "csv", "line " + std::to_string(builder.row_line) + ": a quoted cell is never closed");
  }
  if (!builder.have_header) return Status::Invalid("csv", "the file has no header row");
  return std::move(builder.table);
}

std::string CsvLine(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += ',';
    const std::string& cell = cells[i];
    if (cell.find_first_of(",\"\r\n") == std::string::npos) {
      line += cell;
      continue;
    }
    std::string quoted(2 * cell.size() + 2, '\0');
    quoted.resize(csv_write(quoted.data(), quoted.size(), cell.data(), cell.size()));
    line += quoted;
  }
  line += "\r\n";
  return line;
}

}  // namespace rn::interop
