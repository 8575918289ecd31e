#include "resources/hsds_view.h"

#include <boost/json/parse.hpp>

#include "resources/categories.h"
#include "resources/json_fields.h"

namespace rn::resources {
namespace {

// A service's own fields: everything but its child arrays and nested objects.
boost::json::object ScalarsOf(const boost::json::object& doc) {
  boost::json::object scalars;
  for (const auto& member : doc) {
    if (!member.value().is_array() && !member.value().is_object()) {
      scalars.emplace(member.key(), member.value());
    }
  }
  return scalars;
}

// Nests each attribute's taxonomy term (known to the snapshot) into it.
void NestTerms(const ResourceSnapshot& snapshot, boost::json::object& doc) {
  auto* attributes = doc.if_contains("attributes");
  if (attributes == nullptr || !attributes->is_array()) return;
  for (boost::json::value& attribute : attributes->get_array()) {
    if (!attribute.is_object()) continue;
    const std::string_view term_id = StringAt(attribute.get_object(), "taxonomy_term_id");
    if (term_id.empty()) continue;
    if (const StoredRecord* term = snapshot.Find(RecordKind::kTaxonomyTerm, term_id)) {
      attribute.get_object()["taxonomy_term"] = TaxonomyTermObject(snapshot, *term);
    }
  }
}

}  // namespace

boost::json::object DocumentOf(const StoredRecord& record) {
  boost::system::error_code error;
  boost::json::value doc = boost::json::parse(record.doc, error);
  if (error || !doc.is_object()) return boost::json::object{{"id", record.key.id}};
  return std::move(doc.get_object());
}

std::vector<Record> CategoryTaxonomyRecords() {
  std::vector<Record> records;
  records.push_back({RecordKind::kTaxonomy, std::string(kCategoryTaxonomyId), "recoverynet",
                     boost::json::object{{"id", kCategoryTaxonomyId},
                                         {"name", kCategoryTaxonomyName},
                                         {"description",
                                          "The categories the recoverynet finder searches "
                                          "services by"}}});
  for (const Category& category : kCategories) {
    records.push_back({RecordKind::kTaxonomyTerm, std::string(category.term_id), "recoverynet",
                       boost::json::object{{"id", category.term_id},
                                           {"code", category.slug},
                                           {"name", category.name},
                                           {"description", category.description},
                                           {"taxonomy", kCategoryTaxonomyName},
                                           {"taxonomy_id", kCategoryTaxonomyId},
                                           {"language", "en"}}});
  }
  return records;
}

std::vector<std::string> TermIdsOf(const boost::json::object& service) {
  std::vector<std::string> ids;
  const auto* attributes = service.if_contains("attributes");
  if (attributes == nullptr || !attributes->is_array()) return ids;
  for (const boost::json::value& attribute : attributes->get_array()) {
    if (!attribute.is_object()) continue;
    const std::string_view id = StringAt(attribute.get_object(), "taxonomy_term_id");
    if (!id.empty()) ids.emplace_back(id);
  }
  return ids;
}

boost::json::object TaxonomyTermObject(const ResourceSnapshot& snapshot, const StoredRecord& term) {
  boost::json::object doc = DocumentOf(term);
  const std::string_view taxonomy_id = StringAt(doc, "taxonomy_id");
  if (!taxonomy_id.empty()) {
    if (const StoredRecord* taxonomy = snapshot.Find(RecordKind::kTaxonomy, taxonomy_id)) {
      doc["taxonomy_detail"] = DocumentOf(*taxonomy);
    }
  }
  return doc;
}

boost::json::object ServiceObject(const ResourceSnapshot& snapshot, const StoredRecord& service,
                                  bool full) {
  boost::json::object doc = DocumentOf(service);
  const std::string organization_id(StringAt(doc, "organization_id"));
  const StoredRecord* organization =
      organization_id.empty() ? nullptr : snapshot.Find(RecordKind::kOrganization, organization_id);
  if (!full) {
    boost::json::object listed = ScalarsOf(doc);
    if (organization != nullptr) listed["organization"] = ScalarsOf(DocumentOf(*organization));
    return listed;
  }
  NestTerms(snapshot, doc);
  if (organization != nullptr) doc["organization"] = ScalarsOf(DocumentOf(*organization));
  boost::json::array at_locations;
  for (const StoredRecord* at : snapshot.OfKind(RecordKind::kServiceAtLocation)) {
    // The snapshot keeps no index of services at location by service: a service's few are
    // found among them all, which /hsds/services/{id} can afford.
    boost::json::object sal = DocumentOf(*at);
    if (StringAt(sal, "service_id") != service.key.id) continue;
    if (const StoredRecord* location =
            snapshot.Find(RecordKind::kLocation, StringAt(sal, "location_id"))) {
      boost::json::object place = DocumentOf(*location);
      NestTerms(snapshot, place);
      sal["location"] = std::move(place);
    }
    at_locations.push_back(std::move(sal));
  }
  doc["service_at_locations"] = std::move(at_locations);
  return doc;
}

boost::json::object OrganizationObject(const ResourceSnapshot& snapshot,
                                       const StoredRecord& organization, bool full,
                                       bool full_services) {
  boost::json::object doc = DocumentOf(organization);
  if (!full) return ScalarsOf(doc);
  NestTerms(snapshot, doc);
  boost::json::array locations;
  for (const StoredRecord* location : snapshot.OfKind(RecordKind::kLocation)) {
    boost::json::object place = DocumentOf(*location);
    if (StringAt(place, "organization_id") == organization.key.id) {
      locations.push_back(std::move(place));
    }
  }
  doc["locations"] = std::move(locations);
  boost::json::array services;
  for (const StoredRecord* service : snapshot.OfKind(RecordKind::kService)) {
    const ServiceEntry* entry = snapshot.FindService(service->key.id);
    if (entry == nullptr || entry->organization_id != organization.key.id) continue;
    services.push_back(ServiceObject(snapshot, *service, full_services));
  }
  doc["services"] = std::move(services);
  return doc;
}

boost::json::object ServiceAtLocationObject(const ResourceSnapshot& snapshot,
                                            const StoredRecord& at_location, bool full) {
  boost::json::object doc = DocumentOf(at_location);
  if (!full) doc = ScalarsOf(doc);
  if (const StoredRecord* location =
          snapshot.Find(RecordKind::kLocation, StringAt(doc, "location_id"))) {
    boost::json::object place = DocumentOf(*location);
    if (full) NestTerms(snapshot, place);
    doc["location"] = full ? std::move(place) : ScalarsOf(place);
  }
  if (const StoredRecord* service =
          snapshot.Find(RecordKind::kService, StringAt(doc, "service_id"))) {
    doc["service"] = ServiceObject(snapshot, *service, false);
  }
  return doc;
}

}  // namespace rn::resources
