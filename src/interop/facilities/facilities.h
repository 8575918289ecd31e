#pragma once
// Plain CSV lists of facilities (SAMHSA's treatment and opioid treatment program directories and
// the lists derived from them): one row a facility, its columns named however the publisher chose,
// read into HSDS 3.1 records through a column mapping. Each row becomes an organization, a
// location, a service and the service at that location, with ids derived from what the row holds,
// so a re-import of the same file changes nothing. Pure: bytes in, records out; never throws on
// input.

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "interop/hsds/hsds.h"
#include "util/status.h"

namespace rn::interop::facilities {

struct Mapping {
  // Record field -> the CSV column(s) it comes from, several joined: a postal_code's with "-"
  // (zip + zip4), the others' with ", " (Name1 + Name2). Keys: id (a column that identifies the
  // row stably; optional), name, alternate_name, description, address_1, address_2, city,
  // state_province, postal_code, country, latitude, longitude, phone, website, email, codes (a
  // column of N-SSATS service codes like "OTP/BU/PEER").
  std::map<std::string, std::vector<std::string>> columns;
  std::string country;                  // the country when no column gives it ("US")
  std::vector<std::string> categories;  // category slugs every row's service is in ("moud")
  // The service's name when it is not the facility's ("Opioid treatment program"); empty: the
  // facility's name.
  std::string service_name;
};

// Parses "name=Name1+Name2,address_1=Address1,postal_code=ZIP_Code" (FIELD=COLUMN[+COLUMN...],
// comma-separated, spaces around the parts allowed) into Mapping::columns. kInvalidArgument
// (field "mapping") naming the unknown field, the field given twice, or the malformed part.
Result<Mapping> ParseMapping(std::string_view text);

// Reads `csv`. Each row becomes an organization, a location (its address and coordinates), a
// service (status "active", with the mapping's categories and those its codes imply as attributes,
// its phone, and eligibility and fees from its codes) and a service_at_location, with ids
// DerivedId({source, "facility", key, kind}) where key is the id column's value, or else name,
// alternate name, address_1, address_2, city, postal code and phone (what tells the programmes at
// one address apart in the SAMHSA lists).
//
// kInvalidArgument when a mapped column is not in the header (field "mapping", naming the column),
// a category slug is unknown (field "categories") or the CSV cannot be read (field "csv"). Rows
// are rejected (Rejection{file_name, line, field, reason}) that have no name, a latitude or
// longitude that is not a number in range (or only one of them), neither an address (address_1,
// city and postal code) nor coordinates, or the key of an earlier row (naming its line). A row with
// coordinates but no full address gets a location without an address.
Result<hsds::Parse> ParseFacilities(std::string_view csv, std::string_view file_name,
                                    const Mapping& mapping, const hsds::Options& options);

}  // namespace rn::interop::facilities
