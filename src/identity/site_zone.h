#pragma once
// A site's time zone as the tz database's zone: what casework counts a site's days, rosters and
// follow-ups in (identity/user.h Site::time_zone).

#include <date/tz.h>

#include <string_view>

#include "identity/account_store.h"
#include "util/status.h"

namespace rn::identity {

// The zone of site `site_id`. kNotFound when there is no such site; kInternal when its stored
// zone is not one the tz database has (CreateSite checks it, so only a database edited by hand or
// a tz database without it).
Result<const date::time_zone*> SiteTimeZone(AccountStore& accounts, std::string_view site_id);

}  // namespace rn::identity
