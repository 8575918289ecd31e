#pragma once
// The participant JSON API (docs/casework.md "The API"): participants with their enrolments and
// assignments, contacts (the service log, with private notes), caseloads and the supervisor's
// overview. Which participants a caller sees, and who reads a private note, is casework's
// (ParticipantScopeAt, MaySeeParticipant, MaySeePrivateNote); every read of a participant's
// record is an audit entry naming it. Staff are named by login, as in rosters.

#include <boost/json/object.hpp>

#include "api/access.h"
#include "casework/contact.h"
#include "casework/participant.h"
#include "http/router.h"
#include "util/clock.h"

namespace rn::api {

// The body of POST …/participants/{id}/contacts (docs/casework.md "The API"): `at` (RFC 3339; `now`
// when absent), duration_minutes, place (required), outcome (completed when absent), supports and
// activities (lists of codes), note, private_note, follow_up_on. kInvalidArgument naming the field
// when it cannot be read; the domain's checks come after, in the use case.
Result<casework::NewContact> ReadNewContact(const http::Request& request, Instant now);

// A participant's details, an enrolment and a contact as the API shows them (a contact's private
// note only as casework left it: contacts.h OpenPrivateNote). Shared with the consent routes'
// disclosures (consents_api.h).
boost::json::object RenderParticipant(const casework::Participant& participant);
boost::json::object RenderEnrolment(const casework::Enrolment& enrolment);
boost::json::object RenderContact(const casework::Contact& contact, Repositories& repos);

class ParticipantsApi final {
 public:
  // `guard` and `clock` must outlive the routes.
  ParticipantsApi(const AccessGuard& guard, const Clock& clock) : guard_(guard), clock_(clock) {}

  // POST /api/v1/sites/{site}/participants, GET …/participants/{id},
  // POST …/participants/{id}/contacts, POST …/participants/{id}/enrolments,
  // POST …/participants/{id}/enrolments/{enrolment}/discharge, POST …/participants/{id}/coach,
  // GET /api/v1/sites/{site}/caseload[?coach=LOGIN], GET /api/v1/sites/{site}/overview, and the
  // consent and disclosure routes (consents_api.h).
  void AddRoutes(http::Router& router) const;

 private:
  const AccessGuard& guard_;
  const Clock& clock_;
};

}  // namespace rn::api
