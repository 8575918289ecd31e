#pragma once
// The staff console's listing form: a listing as form fields and back. Pure: tested without a
// server. Field names are those directory::ValidateEditedListing names in its errors.

#include <string>
#include <vector>

#include "directory/listing.h"
#include "http/form.h"
#include "util/status.h"
#include "web/render.h"

namespace rn::web {

// Schedule rows the form shows beyond a listing's own slots, for adding times.
inline constexpr int kBlankScheduleRows = 2;

// Type codes the form offers as checkboxes, in this order. Other codes a listing has are kept.
const std::vector<std::string>& EditableTypes();

// `base` with the form's fields applied: name, timezone, fellowship, attendance (in_person,
// online or hybrid; a closed listing keeps its mark), the schedule rows (day, start "HH:MM",
// duration in minutes; a row without a day is skipped), the location, conference, contact, notes
// and type checkboxes (languages follow the language types). kInvalidArgument naming the field
// for a row or number that does not read; the rules of a valid listing are ValidateEditedListing's.
Result<directory::Listing> ApplyListingForm(const http::Form& form, directory::Listing base);

// The form's template data for `listing`: its fields, the schedule rows (plus blank ones), the
// time zone, approach, attendance and type choices.
mustache::data ListingFormData(const directory::Listing& listing);

}  // namespace rn::web
