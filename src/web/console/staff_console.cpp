#include "web/console/staff_console.h"

#include "api/errors.h"
#include "http/cookie.h"
#include "http/form.h"
#include "web/console/admin_area.h"
#include "web/console/capacity_area.h"
#include "web/console/consents_area.h"
#include "web/console/corrections_area.h"
#include "web/console/home_area.h"
#include "web/console/kit.h"
#include "web/console/listings_area.h"
#include "web/console/participants_area.h"
#include "web/console/referrals_area.h"
#include "web/console/setup_area.h"

namespace rn::web {

struct StaffConsole::Areas {
  ConsoleKit kit;
  HomeArea home{kit};
  ListingsArea listings{kit};
  CorrectionsArea corrections{kit};
  ImportsArea imports;
  AdminArea admin{kit};
  ReferralsArea referrals{kit};
  ParticipantsArea participants{kit};
  ConsentsArea consents{kit};
  SetupArea setup{kit};
  CapacityArea capacity;

  Areas(directory::SnapshotPublisher& publisher, const api::AccessGuard& guard, const Clock& clock,
        FeedFetcher fetch_feed, const resources::ResourceDirectory& resources)
      : kit(publisher, guard, clock),
        imports(kit, std::move(fetch_feed)),
        capacity(kit, resources) {}
};

StaffConsole::StaffConsole(directory::SnapshotPublisher& publisher, const api::AccessGuard& guard,
                           const Clock& clock, FeedFetcher fetch_feed,
                           const resources::ResourceDirectory& resources)
    : areas_(std::make_unique<Areas>(publisher, guard, clock, std::move(fetch_feed), resources)) {}

StaffConsole::~StaffConsole() = default;

void StaffConsole::AddRoutes(http::Router& router) const {
  areas_->home.AddRoutes(router);
  areas_->listings.AddRoutes(router);
  areas_->corrections.AddRoutes(router);
  areas_->imports.AddRoutes(router);
  areas_->admin.AddRoutes(router);
  areas_->referrals.AddRoutes(router);
  areas_->participants.AddRoutes(router);
  areas_->consents.AddRoutes(router);
  areas_->setup.AddRoutes(router);
  areas_->capacity.AddRoutes(router);
}

api::PageDenials StaffConsole::Denials() {
  api::PageDenials denials;
  denials.sign_in = [](const http::Request& request, bool ended) {
    const std::string next = request.method == "GET" ? request.target : "/staff";
    http::Response response = ConsoleKit::Redirect(
        "/staff/login?next=" + http::EncodeComponent(next) + (ended ? "&ended=1" : ""));
    if (ended) {
      http::CookieOptions options;
      options.secure = api::OverTls(request);
      options.expire = true;
      response.headers.emplace_back("Set-Cookie",
                                    http::SetCookie(api::kSessionCookie, "", options));
    }
    return response;
  };
  denials.refused = [](const http::Request&, std::string_view message) {
    return ConsoleKit::MessagePage(403, "Not allowed",
                                   "You cannot do this here: " + std::string(message) + ".");
  };
  denials.error = [](const http::Request&, const api::ClientError& error) {
    return ConsoleKit::MessagePage(
        error.http_status,
        error.server_error() ? "Something went wrong" : "The request could not be read",
        error.Sentence());
  };
  return denials;
}

}  // namespace rn::web
