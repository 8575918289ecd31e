#include "identity/site_zone.h"

namespace rn::identity {

Result<const date::time_zone*> SiteTimeZone(AccountStore& accounts, std::string_view site_id) {
  Result<std::optional<Site>> site = accounts.GetSite(site_id);
  if (!site.ok()) return site.status();
  if (!*site) return Status::NotFound("there is no site " + std::string(site_id));
  // locate_zone throws for a name the tz database does not have.
  try {
    return date::locate_zone((*site)->time_zone);
  } catch (const std::exception&) {
    return Status::Internal("site " + std::string(site_id) + " has an unknown time zone");
  }
}

}  // namespace rn::identity
