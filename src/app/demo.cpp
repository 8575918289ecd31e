// `recoverynet demo`: the demo feeds and the demo casework network, for trying recoverynet on a
// database of its own (never a production one: the demo's password is published).

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>

#include "app/commands.h"
#include "app/demo_network.h"
#include "directory/schedule.h"

namespace rn::app {
namespace {

// Imports the demo feeds from `feeds_dir` unless the database holds listings already.
int ImportDemoFeeds(const DemoCommand& command) {
  {
    auto database = Database::Open(command.db);
    if (!database.ok()) return Fail(database.status());
    auto count = (*database)->directory().listings.Count();
    if (!count.ok()) return Fail(count.status());
    if (*count > 0) {
      std::cout << "demo: " << command.db << " already holds " << *count << " listings"
                << std::endl;
      return 0;
    }
  }
  const std::filesystem::path dir(command.feeds_dir);
  const ImportCommand imports[] = {
      {command.db, "meeting-guide", dir / "meeting-feeds/oc.json", "oc", "America/Los_Angeles",
       "aa"},
      {command.db, "meeting-guide", dir / "meeting-feeds/aasfmarin.test.json", "aasfmarin",
       "America/Los_Angeles", "aa"},
      {command.db, "meeting-guide", dir / "meeting-feeds/nwta.test.json", "nwta", "America/Chicago",
       "aa"},
      {command.db, "bmlt", dir / "bmlt", "bmlt-demo", "America/New_York", "na"},
      {command.db, "meeting-guide", dir / "demo/mutual-aid.json", "demo", "America/New_York", ""},
      // Community resources: the seed's drop-in centre among the synthetic ones, Link-SF's drop-in
      // services and SAMHSA's opioid treatment programs.
      {command.db, "hsds", dir / "demo/resources.json", "demo-resources", "America/New_York", ""},
      {command.db, "linksf", dir / "resources/linksf-sf-dropin/linksf.json", "linksf",
       "America/Los_Angeles", ""},
      {.db = command.db,
       .format = "facilities",
       .path = dir / "resources/samhsa-otp-moud/Opioid_Treatment_Directory_Geocoded.csv",
       .source = "samhsa-otp",
       .timezone = "",
       .fellowship = "",
       .mapping = "name=ID,address_1=ADDRESS,city=CITY,state_province=STATE,postal_code=POSTAL,"
                  "latitude=Latitude,longitude=Longitude",
       .categories = {"moud", "treatment"},
       .service_name = "Opioid treatment program"},
  };
  for (const ImportCommand& import : imports) {
    if (int status = RunImport(import); status != 0) return status;
  }
  return 0;
}

// Writes the demo network as of `now` into a database without sites. Sets *present when the
// database holds the network afterwards.
int AddDemoNetworkOnce(const std::string& db, Instant now, bool* present) {
  auto database = Database::Open(db);
  if (!database.ok()) return Fail(database.status());
  auto sites = (*database)->identity().accounts.ListSites();
  if (!sites.ok()) return Fail(sites.status());
  if (!sites->empty()) {
    *present = std::any_of(sites->begin(), sites->end(),
                           [](const identity::Site& site) { return site.id == kDemoFirstSite; });
    if (*present) {
      std::cout << "demo: " << db << " already holds the demo casework network" << std::endl;
    } else {
      std::cout << "demo: " << db << " has sites of its own, so the demo casework network was "
                << "not added (it goes into a database without sites: start from a new one)"
                << std::endl;
    }
    return 0;
  }
  auto counts = AddDemoNetwork(**database, now);
  if (!counts.ok()) return Fail(counts.status());
  *present = true;
  std::cout << "demo: casework network as of " << FormatUtc(now) << ": " << counts->sites
            << " sites, " << counts->staff << " staff, " << counts->partners << " partners, "
            << counts->referrals << " referrals, " << counts->participants << " participants, "
            << counts->enrolments << " enrolments, " << counts->contacts << " contacts, "
            << counts->consents << " consents, " << counts->disclosures << " disclosures"
            << std::endl;
  return 0;
}

void PrintSignIns() {
  std::cout << "demo: staff console at /staff, every account with the password " << kDemoPassword
            << " (demo data only):" << std::endl;
  for (const DemoSignIn& site : DemoSignIns()) {
    std::cout << "  " << site.site_name << " (" << site.site_id << ")" << std::endl;
    for (const std::string& line : site.lines) std::cout << "    " << line << std::endl;
  }
}

}  // namespace

int RunDemo(const DemoCommand& command) {
  const auto started = std::chrono::steady_clock::now();
  Instant now = SystemClock().Now();
  if (!command.at.empty()) {
    Result<Instant> at = directory::ParseRfc3339(command.at);
    if (!at.ok()) return Fail("--at: must be an RFC 3339 time with its offset");
    now = *at;
  }
  // The network first: its story ends at `now`, so the imports' audit entries come after it.
  bool network = false;
  if (int status = AddDemoNetworkOnce(command.db, now, &network); status != 0) return status;
  if (int status = ImportDemoFeeds(command); status != 0) return status;
  if (network) PrintSignIns();
  const auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(
      std::chrono::steady_clock::now() - started);
  std::cout << "demo: done in " << elapsed.count() << " ms" << std::endl;
  return 0;
}

}  // namespace rn::app
