#include "resources/record.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <vector>

#include "util/hash.h"

namespace rn::resources {
namespace {

constexpr std::array<std::string_view, 6> kKindNames = {
    "organization", "service", "location", "service_at_location", "taxonomy", "taxonomy_term"};

void AppendCanonical(const boost::json::value& value, std::string& out) {
  if (!value.is_object()) {
    if (!value.is_array()) {
      out += boost::json::serialize(value);
      return;
    }
    out += '[';
    bool first = true;
    for (const boost::json::value& item : value.get_array()) {
      if (!first) out += ',';
      first = false;
      AppendCanonical(item, out);
    }
    out += ']';
    return;
  }
  const boost::json::object& object = value.get_object();
  std::vector<const boost::json::key_value_pair*> members;
  members.reserve(object.size());
  for (const auto& member : object) members.push_back(&member);
  std::sort(members.begin(), members.end(),
            [](const auto* a, const auto* b) { return a->key() < b->key(); });
  out += '{';
  bool first = true;
  for (const auto* member : members) {
    if (!first) out += ',';
    first = false;
    out += boost::json::serialize(boost::json::value(member->key()));
    out += ':';
    AppendCanonical(member->value(), out);
  }
  out += '}';
}

// The fields an object's schema requires, and the enum of a few.
struct Requirement {
  std::string_view field;
  std::vector<std::string_view> allowed;  // empty: any string
};

std::vector<Requirement> RequiredOf(RecordKind kind) {
  switch (kind) {
    case RecordKind::kOrganization:
      return {{"name", {}}, {"description", {}}};
    case RecordKind::kService:
      return {{"name", {}}, {"status", {"active", "inactive", "defunct", "temporarily closed"}}};
    case RecordKind::kLocation:
      return {{"location_type", {"physical", "postal", "virtual"}}};
    case RecordKind::kServiceAtLocation:
      return {{"service_id", {}}, {"location_id", {}}};
    case RecordKind::kTaxonomy:
    case RecordKind::kTaxonomyTerm:
      return {{"name", {}}, {"description", {}}};
  }
  return {};
}

// Child arrays whose objects need fields beyond an id.
std::vector<std::string_view> ChildRequired(std::string_view array) {
  if (array == "addresses") {
    return {"address_1", "city", "state_province", "postal_code", "country", "address_type"};
  }
  if (array == "phones") return {"number"};
  if (array == "capacities") return {"unit", "available", "updated"};
  if (array == "programs") return {"name", "description"};
  if (array == "organization_identifiers") return {"identifier_type", "identifier"};
  return {};
}

constexpr std::array<std::string_view, 12> kNumberFields = {
    "latitude", "longitude", "extension", "year_incorporated", "minimum_age", "maximum_age",
    "timezone", "count",     "interval",  "available",         "maximum",     "amount"};

Status CheckFields(const boost::json::object& object, const std::string& path) {
  for (const auto& member : object) {
    const std::string_view key = member.key();
    const boost::json::value& value = member.value();
    const std::string field = path.empty() ? std::string(key) : path + "." + std::string(key);
    if (std::find(kNumberFields.begin(), kNumberFields.end(), key) != kNumberFields.end()) {
      if (!value.is_number()) return Status::Invalid(field, "must be a number");
      continue;
    }
    if (value.is_array()) {
      const std::vector<std::string_view> required = ChildRequired(key);
      std::size_t index = 0;
      for (const boost::json::value& child : value.get_array()) {
        const std::string child_path = field + "[" + std::to_string(index++) + "]";
        if (!child.is_object()) {
          if (key == "additional_urls" || key == "additional_websites") continue;
          return Status::Invalid(child_path, "must be an object");
        }
        const boost::json::object& object_child = child.get_object();
        const auto* id = object_child.if_contains("id");
        if (id == nullptr || !id->is_string() || id->get_string().empty()) {
          return Status::Invalid(child_path + ".id", "every child object needs an id");
        }
        for (std::string_view name : required) {
          if (!object_child.contains(name)) {
            return Status::Invalid(child_path + "." + std::string(name), "is required");
          }
        }
        RN_RETURN_IF_ERROR(CheckFields(object_child, child_path));
      }
      continue;
    }
    if (value.is_object()) {
      RN_RETURN_IF_ERROR(CheckFields(value.get_object(), field));
      continue;
    }
    if (!value.is_string() && !value.is_bool()) {
      return Status::Invalid(field, "must be text");
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view KindName(RecordKind kind) { return kKindNames[static_cast<std::size_t>(kind)]; }

std::optional<RecordKind> KindNamed(std::string_view name) {
  for (RecordKind kind : kRecordKinds) {
    if (KindName(kind) == name) return kind;
  }
  return std::nullopt;
}

std::string CanonicalJson(const boost::json::value& value) {
  std::string out;
  AppendCanonical(value, out);
  return out;
}

Status CheckRecord(const Record& record) {
  if (record.id.empty()) return Status::Invalid("id", "a record needs an id");
  const auto* id = record.doc.if_contains("id");
  if (id == nullptr || !id->is_string() || id->get_string() != record.id) {
    return Status::Invalid("id", "the document's id must be the record's id " + record.id);
  }
  for (const Requirement& requirement : RequiredOf(record.kind)) {
    const auto* value = record.doc.if_contains(requirement.field);
    if (value == nullptr || !value->is_string()) {
      return Status::Invalid(std::string(requirement.field), "is required");
    }
    if (!requirement.allowed.empty() &&
        std::find(requirement.allowed.begin(), requirement.allowed.end(),
                  std::string_view(value->get_string())) == requirement.allowed.end()) {
      return Status::Invalid(
          std::string(requirement.field),
          "\"" + std::string(value->get_string()) + "\" is not one of its values");
    }
  }
  return CheckFields(record.doc, "");
}

std::string DerivedId(std::initializer_list<std::string_view> parts) {
  std::uint64_t high = kFnv1a64Offset;
  std::uint64_t low = 0x84222325cbf29ce4ULL;
  for (std::string_view part : parts) {
    high = Fnv1a64(part, Fnv1a64("\x1f", high));
    low = Fnv1a64(part, Fnv1a64("\x1e", low));
  }
  // Version 8 (RFC 9562: custom), variant 10.
  high = (high & ~0xf000ULL) | 0x8000ULL;
  low = (low & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char out[64];
  std::snprintf(out, sizeof out, "%08llx-%04llx-%04llx-%04llx-%012llx",
                static_cast<unsigned long long>(high >> 32),
                static_cast<unsigned long long>((high >> 16) & 0xffff),
                static_cast<unsigned long long>(high & 0xffff),
                static_cast<unsigned long long>(low >> 48),
                static_cast<unsigned long long>(low & 0xffffffffffffULL));
  return out;
}

}  // namespace rn::resources
