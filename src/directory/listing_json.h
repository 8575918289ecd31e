#pragma once
// The canonical JSON form of a listing: the stored document and the base of every API item.
//
// {"id","source","slug","name","timezone","fellowship",
//  "schedule":[{"day":1,"start":"19:30","end":"20:15"}],          // end "24:00" iff start+duration
//  = 1440 "attendance":"in_person","types":[…],"languages":[…],"regions":[…],
//  "location":{"name","address","city","state","postal_code","country","formatted_address",
//              "latitude","longitude","approximate","notes"},    // latitude/longitude null when
//              unknown
//  "conference":{"url","url_notes","phone","phone_notes"},
//  "contact":{"website","email","phone"},
//  "group","group_notes","notes","updated",
//  "contributions":{"venmo","square","paypal"},
//  "entity":{"name","email","phone","location","logo","website_url","url"},
//  "url","edit_url","feedback_url","feedback_emails":[…],"source_fields":{…}}
// with "regions_as" ("list" | "fields"; "both" is the default) and "district" after "regions", and
// "formatted_address_assembled" (true) last in "location"; "approximate" is true, false or null
// (unsaid). The keys of the Meeting Guide extensions (regions_as to source_fields) are written only
// when they hold something: most listings have none, and the search snapshot holds this text for
// every listing (bench/README.md, memory).
// Every other key is always written (empty strings, empty arrays, nulls), so the form is stable for
// diffs.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>

#include "directory/listing.h"
#include "util/status.h"

namespace rn::directory {

boost::json::object ListingToJson(const Listing& listing);

// Reads the canonical form back. Rejects (kInvalidArgument, naming the field) anything
// ListingToJson could not have written, except that the keys added with the Meeting Guide
// extensions (regions_as, district, contributions, entity, url, edit_url, feedback_url,
// feedback_emails, source_fields, location.formatted_address_assembled) may be absent, as in
// documents stored before them; the fields keep their defaults then.
Result<Listing> ListingFromJson(const boost::json::value& json);

// ListingToJson serialized compactly; equal listings give equal strings.
std::string ListingToJsonString(const Listing& listing);

// OK when ListingFromJson would accept the canonical form of `listing` back: slot days 0–6,
// starts 0–1439, durations 1–1440; coordinates finite, in range, both set or neither; every string
// valid UTF-8. Otherwise kInvalidArgument naming the field as ListingFromJson would. Much cheaper
// than a round trip; the store runs it before every write.
Status ValidateListing(const Listing& listing);

}  // namespace rn::directory
