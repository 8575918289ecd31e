#pragma once
// The console's participants (docs/casework.md), phone-first: a coach's caseload (follow-ups due
// and overdue first), a participant's page with the contact form — where, reached or not, how
// long, the support given, a note, a private note and the next follow-up, on one screen — and
// making a referral's person a participant, and the participant's programs (enrolling, with a
// home-visiting enrolment's details, and discharging an episode); for supervisors, the site's
// overview and reassigning a participant to another coach. The rules, access and audit entries are
// casework/participants.h's, contacts.h's and caseloads.h's.

#include "api/repositories.h"
#include "http/form.h"
#include "http/message.h"
#include "http/router.h"
#include "web/console/kit.h"

namespace rn::web {

class ParticipantsArea final {
 public:
  explicit ParticipantsArea(const ConsoleKit& kit) : kit_(kit) {}

  // GET /staff/sites/{site}/caseload, GET …/participants/{id}, POST …/participants/{id}/contacts,
  // POST …/participants/{id}/enrolments, POST …/participants/{id}/enrolments/{enrolment}/discharge,
  // POST …/referrals/{id}/participant, and for supervisors GET …/overview and
  // POST …/participants/{id}/coach.
  void AddRoutes(http::Router& router) const;

 private:
  using Caller = identity::Caller;

  http::Response Caseload(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) const;
  http::Response Participant(const http::Request& request, const http::PathParams& params,
                             const Caller& caller, api::Repositories& repos) const;
  http::Response RecordContact(const http::Request& request, const http::PathParams& params,
                               const Caller& caller, api::Repositories& repos) const;
  http::Response FromReferral(const http::Request& request, const http::PathParams& params,
                              const Caller& caller, api::Repositories& repos) const;
  http::Response Overview(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) const;
  http::Response Reassign(const http::Request& request, const http::PathParams& params,
                          const Caller& caller, api::Repositories& repos) const;
  http::Response Enrol(const http::Request& request, const http::PathParams& params,
                       const Caller& caller, api::Repositories& repos) const;
  http::Response Discharge(const http::Request& request, const http::PathParams& params,
                           const Caller& caller, api::Repositories& repos) const;

  // A form of the participant's page that was refused: which (kContact, kEnrol, or kDischarge of
  // `enrolment_id`), why, and what was sent (to fill it in again).
  struct Refusal {
    enum class Form { kContact, kEnrol, kDischarge };
    Form form = Form::kContact;
    Status error;
    std::string enrolment_id = {};
    http::Form values = {};
  };
  // The participant's page; with a refusal (422) its error is shown on the form it came from,
  // next to the field it names.
  http::Response ParticipantPage(const http::Request& request, const Caller& caller,
                                 api::Repositories& repos, std::string_view site,
                                 std::string_view id, const Refusal* refused = nullptr) const;

  const ConsoleKit& kit_;
};

}  // namespace rn::web
