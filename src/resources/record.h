#pragma once
// Community resources as HSDS 3.1 records (docs/resources.md). The directory of resources keeps
// the records of six HSDS tables — organizations, services, locations, services at locations,
// taxonomies and taxonomy terms — each as its HSDS 3.1 JSON object with the child objects it owns
// nested in it, each child with its HSDS id:
// - an organization: phones, contacts, funding, programs, organization_identifiers, attributes;
// - a service: phones, schedules, languages, capacities (service_capacity, with its unit),
//   cost_options, service_areas, required_documents, contacts, funding, attributes;
// - a location: addresses, phones, schedules, languages, accessibility, contacts, attributes;
// - a service at location: phones, schedules, contacts, service_areas, attributes.
// Parents are named by id (service.organization_id, service_at_location.service_id and
// location_id, taxonomy_term.taxonomy_id), never nested: the HSDS API's nested forms are put
// together when served (resources/hsds_view.h). The ids are the source's own, kept as they came in
// (an HSDS id in, the same id out); rows that came without one get a stable id derived from what
// they hold (DerivedId).

#include <array>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::resources {

enum class RecordKind {
  kOrganization,
  kService,
  kLocation,
  kServiceAtLocation,
  kTaxonomy,
  kTaxonomyTerm,
};

inline constexpr std::array<RecordKind, 6> kRecordKinds = {
    RecordKind::kOrganization,      RecordKind::kService,  RecordKind::kLocation,
    RecordKind::kServiceAtLocation, RecordKind::kTaxonomy, RecordKind::kTaxonomyTerm};

// "organization", "service", "location", "service_at_location", "taxonomy", "taxonomy_term": the
// HSDS schema names, as stored.
std::string_view KindName(RecordKind kind);
std::optional<RecordKind> KindNamed(std::string_view name);

struct Record {
  RecordKind kind = RecordKind::kService;
  std::string id;
  std::string source;       // the import source (or "console" for records made by staff)
  boost::json::object doc;  // the HSDS 3.1 object; doc["id"] == id
};

// The identity of a record.
struct RecordKey {
  RecordKind kind = RecordKind::kService;
  std::string id;
  auto operator<=>(const RecordKey&) const = default;
};

// `value` as JSON text with the keys of every object in sorted order, so that equal records have
// equal text (what the store keeps, and what a re-import compares).
std::string CanonicalJson(const boost::json::value& value);

// OK, or the first thing wrong with `record`, naming the field: an empty id or one that differs
// from doc["id"], a required field of its HSDS 3.1 schema missing (a service's name and status, an
// organization's name and description, a location's location_type…), a status or location_type
// outside its schema's enum, or a field the model reads of the wrong JSON type (latitude a
// string). Child objects are held to the same: each needs an id.
Status CheckRecord(const Record& record);

// A stable id in UUID form (8-4-4-4-12 lower-case hex) for a row that came without one, derived
// from `parts` (the source, the table and what the row holds): the same row gets the same id at
// every import.
std::string DerivedId(std::initializer_list<std::string_view> parts);

}  // namespace rn::resources
