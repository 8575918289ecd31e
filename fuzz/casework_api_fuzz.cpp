// libFuzzer target: the casework API's readers of outside input — the JSON bodies of POST
// …/referrals, PUT …/programs/{program}/roster, POST …/referrals/{id}/status and
// POST …/participants/{id}/contacts, POST …/consents and POST …/disclosures, with the domain's
// checks after them — must never crash, hang or throw on any bytes, and every refusal names a
// field.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "api/casework_api.h"
#include "api/consents_api.h"
#include "api/participants_api.h"
#include "casework/on_call.h"

namespace {

void RequireField(const rn::Status& status) {
  if (!status.ok() && status.field().empty()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  rn::http::Request request;
  request.method = "POST";
  request.headers.emplace_back("content-type", "application/json");
  request.body.assign(reinterpret_cast<const char*>(data), size);

  auto referral = rn::api::ReadNewReferral(request);
  RequireField(referral.status_or_ok());
  if (referral.ok()) {
    if (referral->partner_id.empty()) referral->partner_id = "p";
    RequireField(rn::casework::NormalizeNewReferral(&*referral));
  }
  auto roster = rn::api::ReadRosterBody(request);
  RequireField(roster.status_or_ok());
  if (roster.ok()) {
    for (rn::casework::NamedShift& shift : *roster) {
      shift.shift.user_id = shift.user_name;
      RequireField(rn::casework::ValidateShift(shift.shift));
    }
  }
  RequireField(rn::api::ReadStatusRequest(request).status_or_ok());
  const rn::Instant now{std::chrono::seconds(1'800'000'000)};
  auto contact = rn::api::ReadNewContact(request, now);
  RequireField(contact.status_or_ok());
  if (contact.ok()) {
    RequireField(rn::casework::NormalizeNewContact(&*contact, now, date::locate_zone("UTC")));
  }
  auto consent = rn::api::ReadConsent(request);
  RequireField(consent.status_or_ok());
  if (consent.ok()) {
    consent->discloser = "Fuzz Test Site";
    RequireField(rn::casework::NormalizeConsent(&*consent, rn::casework::LocalDay(now, date::locate_zone("UTC"))));
  }
  RequireField(rn::api::ReadDisclosure(request).status_or_ok());
  return 0;
}
