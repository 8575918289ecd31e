#pragma once
// The demo's casework network (docs/casework.md, "The demo"): three sites of clearly fake staff,
// partners, on-call rosters, participants, referrals and six months of contacts, written through
// the same use cases as the console (setup.h, referrals.h, participants.h, contacts.h,
// identity/accounts.h), so that every write is checked and audited as in real use. Synthetic:
// every name is made up, every e-mail address is at example.invalid and every phone number is a
// 555-01xx one.

#include <string>
#include <vector>

#include "app/database.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::app {

// The password of every demo account: printed, and only ever used on a demo database.
inline constexpr std::string_view kDemoPassword = "recoverynet-demo-only";

// The id of the demo's first site: a database that has it holds the demo network.
inline constexpr std::string_view kDemoFirstSite = "demo-harbor";

// What AddDemoNetwork wrote.
struct DemoNetworkCounts {
  int sites = 0;
  int staff = 0;
  int partners = 0;
  int referrals = 0;
  int participants = 0;
  int enrolments = 0;
  int contacts = 0;
  int consents = 0;
  int disclosures = 0;
};

// A line of the printed sign-in list: a site's staff logins by role.
struct DemoSignIn {
  std::string site_id;
  std::string site_name;
  std::vector<std::string> lines;  // "coach: harbor.coach, harbor.coach2"
};

// The demo's sign-in names, site by site (the directory editor's with the site it edits from).
std::vector<DemoSignIn> DemoSignIns();

// Writes the demo network into `database` as it stands at `now`: the sites and staff are set up
// six months before it, and the contacts run up to it, so that on the day of `now` some
// follow-ups are due and some overdue. The same `now` gives the same network (a fixed-seed PRNG;
// only the random record ids differ). Everything is written in one unit of work (each use case's
// own nests in it as a savepoint) ending with the audit entry demo.load (details: the counts):
// all or nothing, in a few seconds. kConflict when a demo site or account exists already.
Result<DemoNetworkCounts> AddDemoNetwork(Database& database, Instant now);

}  // namespace rn::app
