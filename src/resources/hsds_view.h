#pragma once
// The HSDS 3.1 API's forms of the stored records (docs/resources.md, "/hsds/"): the nested objects
// GET /hsds/services/{id} and its siblings answer with, put together from a snapshot's flat
// records. Pure.

#include <boost/json/object.hpp>
#include <vector>

#include "resources/record.h"
#include "resources/snapshot.h"

namespace rn::resources {

// recoverynet's own taxonomy of categories (categories.h) as HSDS records: one taxonomy and a
// term per category, served with the imported ones.
std::vector<Record> CategoryTaxonomyRecords();

// A service as /hsds/services lists it: its own fields, with its organization's and program's
// (no child arrays). With `full`, as /hsds/services/{id} answers: every child array, the
// organization, the services at location each with its location, and each attribute's taxonomy
// term (with its taxonomy).
boost::json::object ServiceObject(const ResourceSnapshot& snapshot, const StoredRecord& service,
                                  bool full);
// An organization as /hsds/organizations lists it (its own fields); with `full`, with its child
// arrays, its locations and its services (each full when `full_services`).
boost::json::object OrganizationObject(const ResourceSnapshot& snapshot,
                                       const StoredRecord& organization, bool full,
                                       bool full_services);
// A service at location with its location and its service (list form); with `full`, its child
// arrays too.
boost::json::object ServiceAtLocationObject(const ResourceSnapshot& snapshot,
                                            const StoredRecord& at_location, bool full);
// A taxonomy term with its taxonomy as taxonomy_detail.
boost::json::object TaxonomyTermObject(const ResourceSnapshot& snapshot, const StoredRecord& term);

// The record's document as stored.
boost::json::object DocumentOf(const StoredRecord& record);

// The taxonomy term ids a service's attributes name.
std::vector<std::string> TermIdsOf(const boost::json::object& service);

}  // namespace rn::resources
