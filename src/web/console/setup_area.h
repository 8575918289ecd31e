#pragma once
// The console's site setup, for site administrators (docs/casework.md "In the console"): the
// site's programs and referring partners (listed, added) and each program's on-call roster (its
// weekly shifts in the site's time zone: who, the day, from and to, the rank), edited as one form
// without script. The rules, the audit entries and the unit of work are casework/setup.h's; the
// routes need casework.setup (identity/access.h), which reads no participant.

#include <string>
#include <string_view>
#include <vector>

#include "api/repositories.h"
#include "casework/program.h"
#include "http/form.h"
#include "http/message.h"
#include "http/router.h"
#include "web/console/kit.h"

namespace rn::web {

class SetupArea final {
 public:
  explicit SetupArea(const ConsoleKit& kit) : kit_(kit) {}

  // GET /staff/sites/{site}/setup, POST …/setup/programs, POST …/setup/partners,
  // GET and POST …/setup/programs/{program}/roster.
  void AddRoutes(http::Router& router) const;

  // One line of the roster form, as shown or as sent: the text of each field.
  struct RosterRow {
    std::string user_id;
    std::string weekday;  // casework::kWeekdays name
    std::string start;    // "HH:MM"
    std::string end;      // "HH:MM"
    std::string rank;
    bool stored = false;  // a shift of the roster as stored (it gets a "remove" box)
  };

 private:
  using Caller = identity::Caller;

  http::Response Setup(const http::Request& request, const http::PathParams& params,
                       const Caller& caller, api::Repositories& repos) const;
  http::Response AddProgram(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, api::Repositories& repos) const;
  http::Response AddPartner(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, api::Repositories& repos) const;
  http::Response Roster(const http::Request& request, const http::PathParams& params,
                        const Caller& caller, api::Repositories& repos) const;
  http::Response SaveRoster(const http::Request& request, const http::PathParams& params,
                            const Caller& caller, api::Repositories& repos) const;
  // The setup page; a refused program or partner form (`form` "program" or "partner") shows its
  // error next to the field and keeps what was typed (422).
  http::Response SetupPage(const http::Request& request, const Caller& caller,
                           api::Repositories& repos, std::string_view site, std::string_view form,
                           const http::Form& values, const Status& error) const;
  // The roster page of `program` with `rows`; a refusal (`error`, at row `error_row`) is shown next
  // to that row's field (422).
  http::Response RosterPage(const http::Request& request, const Caller& caller,
                            api::Repositories& repos, std::string_view site,
                            const casework::Program& program, const std::vector<RosterRow>& rows,
                            const Status& error, int error_row, std::string_view error_field) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
