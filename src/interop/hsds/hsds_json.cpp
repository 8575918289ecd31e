// HSDS 3.1 JSON in (hsds.h). The API's nested forms are taken apart into the six record kinds of
// resources/record.h; each record keeps the child arrays its kind owns and names its parents by id.
//
// Which top-level object is which (the API does not say): an object with `status`,
// `service_at_locations`, `organization` or `organization_id` is a service (an organization has
// none of these); one with a nested `service` or `location` object and no `name` is a service at
// location (as GET /service_at_locations/{id} returns it); one with location fields
// (`location_type`, `addresses`, `latitude`…) a location, one with term fields (`taxonomy_detail`,
// `code`, `parent_id`…) a taxonomy term, one with a `version` and nothing of an organization a
// taxonomy (as their own endpoints return them); any other object with a `name` is an
// organization. An organization's nested `services[]` and `locations[]` are read too. A
// top-level `null` item is skipped, as null members are.
//
// Nothing is invented: a record that fails resources::CheckRecord (an organization without the
// description its schema requires, say) is rejected, not filled in.

#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <cstddef>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "interop/hsds/hsds.h"

namespace rn::interop::hsds {
namespace {

namespace json = boost::json;
using resources::Record;
using resources::RecordKey;
using resources::RecordKind;

// Deeper than any HSDS nesting (a page of services holding organizations holding locations holding
// contacts holding phones holding languages is about 12), and a bound on the recursion below.
constexpr int kMaxDepth = 64;

// Removes null members and null array items, in place. False when `value` nests deeper than
// kMaxDepth (it is then left part-cleaned, and the caller rejects it).
bool DropNulls(json::value& value, int depth) {
  if (depth > kMaxDepth) return false;
  if (value.is_object()) {
    json::object& object = value.get_object();
    for (auto it = object.begin(); it != object.end();) {
      if (it->value().is_null()) {
        it = object.erase(it);
        continue;
      }
      if (!DropNulls(it->value(), depth + 1)) return false;
      ++it;
    }
  } else if (value.is_array()) {
    json::array& array = value.get_array();
    for (auto it = array.begin(); it != array.end();) {
      if (it->is_null()) {
        it = array.erase(it);
        continue;
      }
      if (!DropNulls(*it, depth + 1)) return false;
      ++it;
    }
  }
  return true;
}

// The object's id when it is non-empty text; empty otherwise.
std::string IdOf(const json::object& object) {
  const json::value* id = object.if_contains("id");
  if (id == nullptr || !id->is_string()) return {};
  return std::string(id->get_string());
}

bool HasText(const json::object& object, std::string_view key) {
  const json::value* value = object.if_contains(key);
  return value != nullptr && value->is_string() && !value->get_string().empty();
}

// Sets object[key] = text unless the object already names one.
void SetIfMissing(json::object& object, std::string_view key, std::string_view text) {
  if (!HasText(object, key)) object[key] = text;
}

// Gives each object in a child array of `owner` that came without an id a DerivedId from what it
// holds, so the same child gets the same id at every import; then the same for their children.
// `owner_name` is the owner's kind (or, below the first level, the array it sits in).
void DeriveChildIds(json::object& owner, std::string_view owner_name, const std::string& owner_id,
                    const std::string& source, int depth) {
  if (depth > kMaxDepth) return;
  for (auto& member : owner) {
    if (member.value().is_object()) {
      DeriveChildIds(member.value().get_object(), member.key(), owner_id, source, depth + 1);
      continue;
    }
    if (!member.value().is_array()) continue;
    for (json::value& item : member.value().get_array()) {
      if (!item.is_object()) continue;
      json::object& child = item.get_object();
      std::string id = IdOf(child);
      if (id.empty()) {
        child.erase("id");
        id = resources::DerivedId({source, owner_name, owner_id, std::string_view(member.key()),
                                   resources::CanonicalJson(item)});
        child["id"] = id;
      }
      DeriveChildIds(child, member.key(), id, source, depth + 1);
    }
  }
}

// The parent links this reader fills in from where an object was nested.
constexpr std::string_view kLinkKeys[] = {"organization_id", "service_id", "location_id",
                                          "taxonomy_id", "program_id"};

// Whether `later` is a copy of `kept`: equal once a parent link that only one of them names is
// left aside (a location met in an organization's locations[] gets its organization_id, the same
// location met in a service at location does not). A link only `later` names is added to `kept`.
bool SameButForLinks(json::object& kept, const json::object& later) {
  json::object a = kept;
  json::object b = later;
  std::vector<std::string_view> to_add;
  for (std::string_view key : kLinkKeys) {
    const bool in_a = a.contains(key);
    const bool in_b = b.contains(key);
    if (in_a == in_b) continue;
    if (in_b) to_add.push_back(key);
    a.erase(key);
    b.erase(key);
  }
  if (resources::CanonicalJson(a) != resources::CanonicalJson(b)) return false;
  for (std::string_view key : to_add) kept[key] = later.at(key);
  return true;
}

enum class Shape {
  kService,
  kOrganization,
  kServiceAtLocation,
  kLocation,
  kTaxonomyTerm,
  kTaxonomy,
  kUnknown
};

bool HasAny(const json::object& object, std::initializer_list<std::string_view> keys) {
  for (std::string_view key : keys) {
    if (object.contains(key)) return true;
  }
  return false;
}

Shape ShapeOf(const json::object& object) {
  if (object.contains("status") || object.contains("service_at_locations") ||
      object.contains("organization") || object.contains("organization_id")) {
    return Shape::kService;
  }
  const json::value* service = object.if_contains("service");
  const json::value* location = object.if_contains("location");
  if (!object.contains("name") && ((service != nullptr && service->is_object()) ||
                                   (location != nullptr && location->is_object()))) {
    return Shape::kServiceAtLocation;
  }
  // GET /locations/{id}, /taxonomy_terms/{id} and /taxonomies/{id} answer with objects that have
  // a name and no status too; they are told by fields an organization does not have.
  if (HasAny(object, {"location_type", "addresses", "latitude", "longitude", "accessibility"})) {
    return Shape::kLocation;
  }
  if (HasAny(object,
             {"taxonomy_detail", "taxonomy_id", "taxonomy", "parent_id", "code", "term_uri"})) {
    return Shape::kTaxonomyTerm;
  }
  const bool organization_like =
      HasAny(object, {"locations", "website", "legal_status", "tax_status", "email", "phones",
                      "programs", "services", "organization_identifiers"});
  if (object.contains("version") && object.contains("name") && !organization_like) {
    return Shape::kTaxonomy;
  }
  if (object.contains("name")) return Shape::kOrganization;
  return Shape::kUnknown;
}

// Reads the top-level objects one at a time: each is taken apart into pending records, which are
// then given child ids, checked, and merged into the parse.
class Reader {
 public:
  explicit Reader(const Options& options) : options_(options) {}

  // Reads `object`, the top-level object at `row`. False when it is neither a service, an
  // organization nor a service at location.
  bool ReadTop(json::object object, int row) {
    row_ = row;
    pending_.clear();
    switch (ShapeOf(object)) {
      case Shape::kService:
        ReadService(std::move(object), "", std::nullopt);
        break;
      case Shape::kOrganization:
        ReadOrganization(std::move(object), "");
        break;
      case Shape::kServiceAtLocation:
        ReadServiceAtLocation(std::move(object), "", "");
        break;
      case Shape::kLocation:
        ReadLocation(std::move(object), "");
        break;
      case Shape::kTaxonomyTerm:
        ReadTaxonomyTerm(std::move(object), "");
        break;
      case Shape::kTaxonomy:
        Queue(RecordKind::kTaxonomy, std::move(object), "");
        break;
      case Shape::kUnknown:
        return false;
    }
    Flush();
    return true;
  }

  void Reject(int row, std::string field, std::string reason) {
    parse_.rejections.push_back({"json", row, std::move(field), std::move(reason)});
  }

  Parse Take() && { return std::move(parse_); }

 private:
  struct Pending {
    Record record;
    std::string path;  // where in the top-level object it was, "" or ending in "."
  };

  // Takes the nested object `key` out of `object`: the object, or nullopt when it is absent or
  // (rejected) not an object.
  std::optional<json::object> TakeObject(json::object& object, std::string_view key,
                                         const std::string& path) {
    json::value* value = object.if_contains(key);
    if (value == nullptr) return std::nullopt;
    std::optional<json::object> out;
    if (value->is_object()) {
      out = std::move(value->get_object());
    } else {
      Reject(row_, path + std::string(key), "must be an object");
    }
    object.erase(key);
    return out;
  }

  // Takes the array `key` out of `object`: its items, or none when it is absent or (rejected) not
  // an array.
  std::vector<json::value> TakeArray(json::object& object, std::string_view key,
                                     const std::string& path) {
    json::value* value = object.if_contains(key);
    if (value == nullptr) return {};
    std::vector<json::value> out;
    if (value->is_array()) {
      for (json::value& item : value->get_array()) out.push_back(std::move(item));
    } else {
      Reject(row_, path + std::string(key), "must be an array");
    }
    object.erase(key);
    return out;
  }

  // Queues a record of `kind` from `doc`; its index in pending_, or nullopt when it has no id.
  std::optional<std::size_t> Queue(RecordKind kind, json::object doc, const std::string& path) {
    const std::string id = IdOf(doc);
    if (id.empty()) {
      Reject(row_, path + "id",
             "a " + std::string(resources::KindName(kind)) + " needs an id (non-empty text)");
      return std::nullopt;
    }
    pending_.push_back({Record{kind, id, options_.source, std::move(doc)}, path});
    return pending_.size() - 1;
  }

  // Turns each attribute's nested taxonomy_term (and its taxonomy_detail) into records of their
  // own, leaving the attribute its taxonomy_term_id.
  void ReadAttributes(json::object& doc, const std::string& path) {
    json::value* attributes = doc.if_contains("attributes");
    if (attributes == nullptr || !attributes->is_array()) return;
    std::size_t index = 0;
    for (json::value& item : attributes->get_array()) {
      const std::string item_path = path + "attributes[" + std::to_string(index++) + "].";
      if (!item.is_object()) continue;  // CheckRecord rejects the owner
      std::optional<json::object> term = TakeObject(item.get_object(), "taxonomy_term", item_path);
      if (!term) continue;
      const std::string term_id = IdOf(*term);
      if (!term_id.empty()) SetIfMissing(item.get_object(), "taxonomy_term_id", term_id);
      ReadTaxonomyTerm(std::move(*term), item_path + "taxonomy_term.");
    }
  }

  // Reads a taxonomy term; its nested taxonomy_detail becomes a taxonomy record.
  void ReadTaxonomyTerm(json::object term, const std::string& path) {
    std::optional<json::object> detail = TakeObject(term, "taxonomy_detail", path);
    if (detail) {
      const std::string taxonomy_id = IdOf(*detail);
      if (!taxonomy_id.empty()) SetIfMissing(term, "taxonomy_id", taxonomy_id);
      Queue(RecordKind::kTaxonomy, std::move(*detail), path + "taxonomy_detail.");
    }
    Queue(RecordKind::kTaxonomyTerm, std::move(term), path);
  }

  // Reads a service; `organization` is the index in pending_ of the organization it is nested in.
  void ReadService(json::object doc, const std::string& path,
                   std::optional<std::size_t> organization) {
    std::optional<json::object> nested_org = TakeObject(doc, "organization", path);
    std::optional<json::object> program = TakeObject(doc, "program", path);
    std::vector<json::value> sals = TakeArray(doc, "service_at_locations", path);
    ReadAttributes(doc, path);
    const std::string id = IdOf(doc);
    const std::optional<std::size_t> self = Queue(RecordKind::kService, std::move(doc), path);

    if (nested_org) {
      const std::string org_id = IdOf(*nested_org);
      if (self && !org_id.empty()) {
        SetIfMissing(pending_[*self].record.doc, "organization_id", org_id);
      }
      organization = ReadOrganization(std::move(*nested_org), path + "organization.");
    } else if (self && organization) {
      SetIfMissing(pending_[*self].record.doc, "organization_id",
                   pending_[*organization].record.id);
    }

    if (program) {
      const std::string program_id = IdOf(*program);
      if (self && !program_id.empty()) {
        SetIfMissing(pending_[*self].record.doc, "program_id", program_id);
      }
      if (organization && !program_id.empty()) {
        AddProgram(pending_[*organization].record, std::move(*program));
      } else {
        parse_.notes.push_back("json: the program of service " + (id.empty() ? "?" : id) +
                               " not imported: no organization (or id) to keep it with");
      }
    }

    std::size_t index = 0;
    for (json::value& item : sals) {
      const std::string sal_path = path + "service_at_locations[" + std::to_string(index++) + "].";
      if (!item.is_object()) {
        Reject(row_, sal_path.substr(0, sal_path.size() - 1), "must be an object");
        continue;
      }
      ReadServiceAtLocation(std::move(item.get_object()), sal_path, id);
    }
  }

  // Adds `program` to the organization's programs unless one with its id is there already (the
  // API repeats it in both places), so that copies of the organization stay equal.
  static void AddProgram(Record& organization, json::object program) {
    const std::string program_id = IdOf(program);
    json::value& programs = organization.doc["programs"];
    if (!programs.is_array()) programs = json::array();
    for (const json::value& item : programs.get_array()) {
      if (item.is_object() && IdOf(item.get_object()) == program_id) return;
    }
    SetIfMissing(program, "organization_id", organization.id);
    programs.get_array().push_back(std::move(program));
  }

  // Reads an organization; its index in pending_, or nullopt when it has no id.
  std::optional<std::size_t> ReadOrganization(json::object doc, const std::string& path) {
    std::vector<json::value> locations = TakeArray(doc, "locations", path);
    std::vector<json::value> services = TakeArray(doc, "services", path);
    ReadAttributes(doc, path);
    const std::string id = IdOf(doc);
    const std::optional<std::size_t> self = Queue(RecordKind::kOrganization, std::move(doc), path);
    std::size_t index = 0;
    for (json::value& item : locations) {
      const std::string item_path = path + "locations[" + std::to_string(index++) + "].";
      if (!item.is_object()) {
        Reject(row_, item_path.substr(0, item_path.size() - 1), "must be an object");
        continue;
      }
      if (!id.empty()) SetIfMissing(item.get_object(), "organization_id", id);
      ReadLocation(std::move(item.get_object()), item_path);
    }
    index = 0;
    for (json::value& item : services) {
      const std::string item_path = path + "services[" + std::to_string(index++) + "].";
      if (!item.is_object()) {
        Reject(row_, item_path.substr(0, item_path.size() - 1), "must be an object");
        continue;
      }
      ReadService(std::move(item.get_object()), item_path, self);
    }
    return self;
  }

  void ReadLocation(json::object doc, const std::string& path) {
    ReadAttributes(doc, path);
    Queue(RecordKind::kLocation, std::move(doc), path);
  }

  // Reads a service at location of the service `service_id` (empty: its own service_id or nested
  // service names it).
  void ReadServiceAtLocation(json::object doc, const std::string& path,
                             const std::string& service_id) {
    std::optional<json::object> location = TakeObject(doc, "location", path);
    std::optional<json::object> service = TakeObject(doc, "service", path);
    if (!service_id.empty()) SetIfMissing(doc, "service_id", service_id);
    if (location) {
      const std::string location_id = IdOf(*location);
      if (!location_id.empty()) SetIfMissing(doc, "location_id", location_id);
    }
    if (service) {
      const std::string nested_id = IdOf(*service);
      if (!nested_id.empty()) SetIfMissing(doc, "service_id", nested_id);
    }
    ReadAttributes(doc, path);
    Queue(RecordKind::kServiceAtLocation, std::move(doc), path);
    if (location) ReadLocation(std::move(*location), path + "location.");
    // Only a top-level service at location carries its service; one inside a service has none.
    if (service) ReadService(std::move(*service), path + "service.", std::nullopt);
  }

  // Gives the pending records' children their ids, checks them and keeps the good ones, once each.
  void Flush() {
    for (Pending& pending : pending_) {
      Record& record = pending.record;
      DeriveChildIds(record.doc, resources::KindName(record.kind), record.id, options_.source, 0);
      if (Status status = resources::CheckRecord(record); !status.ok()) {
        Reject(row_, pending.path + status.field(), status.message());
        continue;
      }
      const RecordKey key{record.kind, record.id};
      auto [it, inserted] = index_.try_emplace(key, parse_.records.size());
      if (inserted) {
        parse_.records.push_back(std::move(record));
        continue;
      }
      if (!SameButForLinks(parse_.records[it->second].doc, record.doc)) {
        Reject(row_, pending.path + "id",
               "differs from an earlier copy of the same " +
                   std::string(resources::KindName(record.kind)) + " " + record.id);
      }
    }
    pending_.clear();
  }

  const Options& options_;
  Parse parse_;
  std::map<RecordKey, std::size_t> index_;  // where each kept record is in parse_.records
  std::vector<Pending> pending_;
  int row_ = 0;
};

}  // namespace

Result<Parse> ParseJson(std::string_view json_text, const Options& options) {
  json::parse_options parse_options;
  parse_options.max_depth = kMaxDepth;
  boost::system::error_code error;
  json::value root = json::parse(json_text, error, json::storage_ptr(), parse_options);
  if (error) return Status::Invalid("json", "not JSON: " + error.message());

  // The top-level objects: a Page's contents, an array's items, or the one object.
  std::vector<json::value> tops;
  if (root.is_object() && root.get_object().contains("contents")) {
    json::value& contents = root.get_object()["contents"];
    if (contents.is_array()) {
      for (json::value& item : contents.get_array()) tops.push_back(std::move(item));
    }
  } else if (root.is_array()) {
    for (json::value& item : root.get_array()) tops.push_back(std::move(item));
  } else if (root.is_object()) {
    tops.push_back(std::move(root));
  }

  Reader reader(options);
  int read = 0;
  for (std::size_t row = 0; row < tops.size(); ++row) {
    json::value& top = tops[row];
    const int row_number = static_cast<int>(row);
    if (top.is_null()) continue;  // a null item is dropped like any other null
    if (!top.is_object()) {
      reader.Reject(row_number, "", "must be an HSDS service or organization object");
      continue;
    }
    if (!DropNulls(top, 0)) {
      reader.Reject(row_number, "", "nests deeper than " + std::to_string(kMaxDepth) + " levels");
      continue;
    }
    if (reader.ReadTop(std::move(top.get_object()), row_number)) {
      ++read;
    } else {
      reader.Reject(row_number, "", "neither an HSDS service nor an organization");
    }
  }
  if (read == 0) {
    return Status::Invalid("json", "the JSON holds no HSDS services or organizations");
  }
  return std::move(reader).Take();
}

}  // namespace rn::interop::hsds
