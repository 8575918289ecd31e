// HSDS 3.1 tabular data packages out (hsds.h ExportPackage): each record a row of its table, each
// child object a row of its own table naming its owner, as ParsePackage reads them back.

#include <boost/json/serialize.hpp>
#include <cstdio>
#include <map>
#include <set>

#include "interop/csv.h"
#include "interop/hsds/hsds.h"
#include "interop/hsds/tables.h"
#include "util/text.h"

namespace rn::interop::hsds {
namespace {

// The table of the child array `key` ("phones"), or nullptr.
const TableSpec* ChildTable(std::string_view key) {
  if (key == "additional_urls" || key == "additional_websites") key = "url";
  for (const TableSpec& table : Tables()) {
    if (!table.kind && (table.child_key == key || (key == "url" && table.entity == "url"))) {
      return &table;
    }
  }
  return nullptr;
}

const TableSpec& TableOf(std::string_view entity) {
  for (const TableSpec& table : Tables()) {
    if (table.entity == entity) return table;
  }
  return Tables().front();  // unreachable: every entity written is in Tables()
}

// A scalar as its cell: text as it is (trimmed: the reader trims every cell), a whole number
// without a fraction, any other number to the 17 digits that read back as the same double.
std::string Cell(const boost::json::value& value) {
  if (value.is_string()) return std::string(text::Trim(value.get_string()));
  if (value.is_int64()) return std::to_string(value.get_int64());
  if (value.is_uint64()) return std::to_string(value.get_uint64());
  if (value.is_double()) {
    const double number = value.get_double();
    if (number == static_cast<double>(static_cast<long long>(number)) && std::abs(number) < 1e15) {
      return std::to_string(static_cast<long long>(number));
    }
    char out[40];
    std::snprintf(out, sizeof out, "%.17g", number);
    return out;
  }
  if (value.is_bool()) return value.get_bool() ? "true" : "false";
  return {};
}

class Writer {
 public:
  void Record(const resources::Record& record) {
    const TableSpec& table = TableOf(resources::KindName(record.kind));
    Row(table, record.doc, {});
    Children(std::string(table.entity), record.id, record.doc);
  }

  std::map<std::string, std::string> Files() const {
    std::map<std::string, std::string> files;
    boost::json::array resources;
    for (const TableSpec& table : Tables()) {
      auto rows = rows_.find(std::string(table.entity));
      if (rows == rows_.end()) continue;
      const std::string path = std::string(table.files.front()) + ".csv";
      std::string csv = CsvLine(std::vector<std::string>(table.fields.begin(), table.fields.end()));
      for (const std::string& line : rows->second) csv += line;
      files.emplace(path, std::move(csv));
      resources.push_back(boost::json::object{{"name", table.entity},
                                              {"path", path},
                                              {"profile", "tabular-data-resource"},
                                              {"format", "csv"},
                                              {"mediatype", "text/csv"},
                                              {"encoding", "utf-8"}});
    }
    files.emplace("datapackage.json",
                  boost::json::serialize(boost::json::object{
                      {"name", "recoverynet-hsds-export"},
                      {"profile", "tabular-data-package"},
                      {"description", "Community resources exported by recoverynet as HSDS 3.1"},
                      {"resources", std::move(resources)}}) +
                      "\n");
    return files;
  }

 private:
  // Writes `object` as a row of `table`, with `owner` (column, id) filled in when it has none.
  void Row(const TableSpec& table, const boost::json::object& object,
           const std::pair<std::string, std::string>& owner) {
    std::vector<std::string> cells;
    cells.reserve(table.fields.size());
    for (std::string_view field : table.fields) {
      const auto* value = object.if_contains(field);
      std::string cell = value != nullptr ? Cell(*value) : std::string();
      if (cell.empty() && field == owner.first) cell = owner.second;
      cells.push_back(std::move(cell));
    }
    rows_[std::string(table.entity)].push_back(CsvLine(cells));
  }

  // Writes the child arrays of `object` (of schema `entity`, id `id`), and theirs.
  void Children(const std::string& entity, const std::string& id,
                const boost::json::object& object) {
    for (const auto& member : object) {
      if (!member.value().is_array()) continue;
      const TableSpec* table = ChildTable(member.key());
      if (table == nullptr) continue;  // metadata: not in a package
      for (const boost::json::value& value : member.value().get_array()) {
        if (!value.is_object()) continue;
        const boost::json::object& child = value.get_object();
        const auto* child_id = child.if_contains("id");
        if (child_id == nullptr || !child_id->is_string()) continue;
        if (table->entity == "attribute") {
          boost::json::object attribute = child;
          if (!attribute.contains("link_id")) attribute["link_id"] = id;
          if (!attribute.contains("link_entity")) attribute["link_entity"] = entity;
          attribute.erase("taxonomy_term");
          Row(*table, attribute, {});
          continue;
        }
        if (table->entity == "service_capacity") {
          if (const auto* unit = child.if_contains("unit"); unit && unit->is_object()) {
            const auto* unit_id = unit->get_object().if_contains("id");
            if (unit_id != nullptr && unit_id->is_string() &&
                units_.insert(std::string(unit_id->get_string())).second) {
              Row(TableOf("unit"), unit->get_object(), {});
            }
            if (!child.contains("unit_id") && unit_id != nullptr) {
              boost::json::object capacity = child;
              capacity["unit_id"] = *unit_id;
              Row(*table, capacity, {entity + "_id", id});
              Children(std::string(table->entity), std::string(child_id->get_string()), child);
              continue;
            }
          }
        }
        Row(*table, child, {entity + "_id", id});
        Children(std::string(table->entity), std::string(child_id->get_string()), child);
      }
    }
  }

  std::map<std::string, std::vector<std::string>> rows_;  // CSV lines by schema
  std::set<std::string> units_;
};

}  // namespace

std::map<std::string, std::string> ExportPackage(const std::vector<resources::Record>& records) {
  Writer writer;
  for (const resources::Record& record : records) writer.Record(record);
  return writer.Files();
}

}  // namespace rn::interop::hsds
