#pragma once
// The catalogue of audit action names: every entry of the audit trail (identity/audit.h) carries
// one of these, and no code spells one out elsewhere. Names are stable: the trail keeps them for
// good, and docs/security.md lists them.

#include <string_view>

namespace rn::identity::audit_action {

// Sign-in and sign-out (identity/authenticator.h).
inline constexpr std::string_view kLogin = "auth.login";
inline constexpr std::string_view kLoginFailure = "auth.login.failure";
inline constexpr std::string_view kLogout = "auth.logout";
inline constexpr std::string_view kLogoutEverywhere = "auth.logout.everywhere";
// A refusal by the access guard or a scope rule; details {"reason": "permission"|"csrf"|"scope"}.
inline constexpr std::string_view kAccessDenied = "access.denied";

// Sites, staff accounts and API tokens (identity/accounts.h).
inline constexpr std::string_view kSiteCreate = "site.create";
inline constexpr std::string_view kUserCreate = "user.create";
inline constexpr std::string_view kUserPasswordReset = "user.password.reset";
inline constexpr std::string_view kUserDisable = "user.disable";
inline constexpr std::string_view kUserEnable = "user.enable";
inline constexpr std::string_view kUserRoleSet = "user.role.set";
inline constexpr std::string_view kUserContactSet = "user.contact.set";
inline constexpr std::string_view kTokenCreate = "token.create";
inline constexpr std::string_view kTokenRevoke = "token.revoke";
// A read of the site's audit trail.
inline constexpr std::string_view kAuditView = "audit.view";

// The directory (directory/editing.h, directory/import_service.h, directory/corrections.h).
inline constexpr std::string_view kListingCreate = "directory.listing.create";
inline constexpr std::string_view kListingUpdate = "directory.listing.update";
inline constexpr std::string_view kListingClose = "directory.listing.close";
inline constexpr std::string_view kListingReopen = "directory.listing.reopen";
inline constexpr std::string_view kListingDelete = "directory.listing.delete";
inline constexpr std::string_view kImport = "directory.import";
inline constexpr std::string_view kSourceUrl = "directory.source.url";
inline constexpr std::string_view kCorrectionSubmit = "directory.correction.submit";
inline constexpr std::string_view kCorrectionApplied = "directory.correction.applied";
inline constexpr std::string_view kCorrectionDismissed = "directory.correction.dismissed";
// A read of the open correction requests (they hold the public's words and email addresses).
inline constexpr std::string_view kCorrectionsView = "directory.corrections.view";

// Community resources (resources/importing.h).
inline constexpr std::string_view kResourcesImport = "resources.import";
// A service's availability figure updated (resources/capacity.h): target "service:<id>", details
// the capacity's id and the figure.
inline constexpr std::string_view kCapacityUpdate = "resources.capacity_update";

// Casework (casework/setup.h, casework/referrals.h). Targets name records by id only
// ("referral:<id>"); details hold codes, never what was written about a person.
inline constexpr std::string_view kProgramCreate = "casework.program.create";
inline constexpr std::string_view kPartnerCreate = "casework.partner.create";
inline constexpr std::string_view kRosterSet = "casework.roster.set";
inline constexpr std::string_view kReferralReceive = "casework.referral.receive";
inline constexpr std::string_view kReferralStatus = "casework.referral.status";
// A read of one referral, and of a list of a site's referrals (they name people).
inline constexpr std::string_view kReferralView = "casework.referral.view";
inline constexpr std::string_view kReferralsView = "casework.referrals.view";
// Participants, enrolments, assignments and contacts (casework/participants.h, contacts.h):
// targets are "participant:<id>"; details hold ids and codes, never a name, a note or a number.
inline constexpr std::string_view kParticipantCreate = "casework.participant.create";
inline constexpr std::string_view kParticipantAssign = "casework.participant.assign";
inline constexpr std::string_view kEnrolmentStart = "casework.enrolment.start";
inline constexpr std::string_view kEnrolmentDischarge = "casework.enrolment.discharge";
inline constexpr std::string_view kContactRecord = "casework.contact.record";
// A read of one participant's record, and of a page of their contacts.
inline constexpr std::string_view kParticipantView = "casework.participant.view";
inline constexpr std::string_view kContactsView = "casework.contacts.view";
// Consent and disclosure (casework/consents.h), target "participant:<id>": a consent recorded or
// revoked, a disclosure made or refused for want of consent (details: ids and codes, and for a
// refusal the missing element), and reads of the consents and of the accounting of disclosures.
inline constexpr std::string_view kConsentRecord = "casework.consent.record";
inline constexpr std::string_view kConsentRevoke = "casework.consent.revoke";
inline constexpr std::string_view kDisclosureMake = "casework.disclosure.make";
inline constexpr std::string_view kDisclosureRefuse = "casework.disclosure.refuse";
inline constexpr std::string_view kConsentsView = "casework.consents.view";
inline constexpr std::string_view kDisclosuresView = "casework.disclosures.view";
// A read of a coach's caseload (target "coach:<user id>", details the number of participants
// shown) and of the site's overview for supervisors (target "site:<id>"; counts only).
inline constexpr std::string_view kCaseloadView = "casework.caseload.view";
inline constexpr std::string_view kSiteOverviewView = "casework.overview.view";

// The demo's casework network written (app/demo_network.h; actor "demo", details the counts): the
// entry of the one unit of work its other writes, each audited as in real use, nest in.
inline constexpr std::string_view kDemoLoad = "demo.load";

}  // namespace rn::identity::audit_action
