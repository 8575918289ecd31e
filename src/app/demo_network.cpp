#include "app/demo_network.h"

#include <algorithm>
#include <array>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <random>

#include "casework/consents.h"
#include "casework/contacts.h"
#include "casework/participants.h"
#include "casework/referrals.h"
#include "casework/setup.h"
#include "identity/access.h"
#include "identity/accounts.h"
#include "identity/audit_actions.h"
#include "identity/site_zone.h"

namespace rn::app {
namespace {

namespace cw = casework;
using identity::Role;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;

// The actor of the demo's set-up (sites, programs, partners, staff, rosters) and of demo.load.
constexpr std::string_view kDemoActor = "demo";
// The PRNG's seed: the same network on every machine and every run.
constexpr std::uint64_t kSeed = 20260101;
// The sites are set up this many days before "now"; referrals arrive over the last kHistoryDays.
constexpr int kSetUpDaysAgo = 183;
constexpr int kHistoryDays = 180;

// ---- What the network is made of ----

struct PartnerSpec {
  std::string_view id;
  std::string_view name;
  cw::PartnerKind kind;
  cw::Setting setting;  // where the people it refers are
  cw::ReferralReason reason;
};

// A referral waiting in the inbox at "now": sent that long before it, and where it stands.
struct InboxSpec {
  int partner;  // index into SiteSpec::partners
  cw::Urgency urgency;
  int minutes_ago;
  cw::ReferralStatus status;  // requested, accepted or on-hold
};

// The weekly on-call shifts of a site's program: `per_day` shifts a day of `length` minutes from
// `first_start` (minutes after midnight), every day or Monday to Friday; rank 1 goes round the
// coaches, rank 2 is the next coach.
struct RosterSpec {
  int first_start;
  int length;
  int per_day;
  bool weekdays_only;
};

struct SiteSpec {
  std::string_view id;
  std::string_view name;
  std::string_view time_zone;
  std::string_view login_prefix;  // "harbor": harbor.admin, harbor.coach2, …
  std::string_view program_id;
  std::string_view program_name;
  cw::ProgramKind kind;
  std::array<PartnerSpec, 3> partners;  // the referrer account acts for the first
  int coaches;
  int participants;
  std::string_view area_code;  // of the participants' 555-01xx phone numbers
  RosterSpec roster;
  std::array<InboxSpec, 4> inbox;
};

using PK = cw::PartnerKind;
using SE = cw::Setting;
using RR = cw::ReferralReason;
using UR = cw::Urgency;
using RS = cw::ReferralStatus;

constexpr std::array<SiteSpec, 3> kSites{{
    {"demo-harbor",
     "Demo Harbor Hospital Recovery Coaching",
     "America/New_York",
     "harbor",
     "ed",
     "ED recovery coaching",
     cw::ProgramKind::kEdCoaching,
     {{{"harbor-ed", "Demo Harbor General Hospital ED", PK::kHospital, SE::kEmergencyDepartment,
        RR::kOverdoseSurvivor},
       {"bayview-ed", "Demo Bayview Medical Center ED", PK::kHospital, SE::kEmergencyDepartment,
        RR::kOverdoseSurvivor},
       {"harbor-withdrawal", "Demo Harbor Withdrawal Management", PK::kTreatment, SE::kTreatment,
        RR::kSeekingRecoverySupport}}},
     4,
     130,
     "617",
     {7 * 60, 12 * 60, 2, false},
     {{{0, UR::kNow, 7, RS::kRequested},
       {1, UR::kNow, 26, RS::kRequested},
       {2, UR::kToday, 150, RS::kRequested},
       {1, UR::kToday, 20 * 60, RS::kOnHold}}}},
    {"demo-prairie",
     "Demo Prairie Family Recovery",
     "America/Chicago",
     "prairie",
     "home",
     "Maternal and family recovery home visiting",
     cw::ProgramKind::kHomeVisiting,
     {{{"prairie-ob", "Demo Prairie Women's OB Clinic", PK::kClinic, SE::kPrenatalClinic,
        RR::kPregnantOrParenting},
       {"county-family-court", "Demo County Family Court", PK::kCourt, SE::kCourt,
        RR::kPregnantOrParenting},
       {"prairie-treatment", "Demo Prairie Treatment Center", PK::kTreatment, SE::kTreatment,
        RR::kPregnantOrParenting}}},
     3,
     70,
     "312",
     {8 * 60, 10 * 60, 1, true},
     {{{0, UR::kToday, 95, RS::kRequested},
       {1, UR::kRoutine, 22 * 60, RS::kRequested},
       {2, UR::kRoutine, 46 * 60, RS::kAccepted},
       {0, UR::kRoutine, 70 * 60, RS::kAccepted}}}},
    {"demo-mesa",
     "Demo Mesa Recovery Drop-in Centre",
     "America/Denver",
     "mesa",
     "dropin",
     "Peer drop-in centre",
     cw::ProgramKind::kCommunity,
     {{{"mesa-shelter", "Demo Mesa Family Shelter", PK::kShelter, SE::kShelter,
        RR::kSeekingRecoverySupport},
       {"mesa-drug-court", "Demo Mesa Drug Court", PK::kCourt, SE::kCourt,
        RR::kSeekingRecoverySupport},
       {"mesa-regional-ed", "Demo Mesa Regional Hospital ED", PK::kHospital,
        SE::kEmergencyDepartment, RR::kOverdoseSurvivor}}},
     3,
     100,
     "720",
     {9 * 60, 12 * 60, 1, false},
     {{{0, UR::kNow, 14, RS::kRequested},
       {1, UR::kRoutine, 19 * 60, RS::kRequested},
       {2, UR::kToday, 5 * 60, RS::kAccepted},
       {0, UR::kRoutine, 30 * 60, RS::kOnHold}}}},
}};

// The directory editor's login, and the site it edits from (the drop-in centre keeps the groups).
constexpr std::string_view kEditorLogin = "demo.editor";
constexpr std::size_t kEditorSite = 2;
// The staff of the demo resources' family recovery house (testdata/demo/resources.json), who keep
// its beds figure from the same site.
constexpr std::string_view kPartnerLogin = "demo.partner";
constexpr std::string_view kPartnerOrganization = "demo-org-3";

// Made-up names: staff are "Demo Coach Avery Example", participants "Jesse Placeholder".
constexpr std::array<std::string_view, 20> kStaffNames{
    "Avery Example",   "Jordan Sample",   "Riley Placeholder", "Morgan Testcase",
    "Quinn Fictional", "Casey Specimen",  "Rowan Madeup",      "Emerson Notreal",
    "Harper Pretend",  "Sage Standin",    "Dakota Mockup",     "Reese Exemplar",
    "Parker Dummy",    "Skyler Lorem",    "Finley Ipsum",      "Kendall Sampleton",
    "Jamie Imaginary", "Alexis Fakename", "Drew Hypothetical", "Blair Invented"};
constexpr std::array<std::string_view, 40> kFirstNames{
    "Alex", "Bailey", "Cameron", "Dana", "Eli",    "Frankie", "Gale",  "Hayden", "Indigo", "Jesse",
    "Kai",  "Lane",   "Marley",  "Noel", "Oakley", "Peyton",  "Remy",  "Shay",   "Tatum",  "Val",
    "Wren", "Yael",   "Zion",    "Ari",  "Bo",     "Charlie", "Devon", "Ellis",  "Jules",  "Kit",
    "Lou",  "Micah",  "Nico",    "Pat",  "Robin",  "Sam",     "Terry", "Toni",   "Sky",    "Lee"};
constexpr std::array<std::string_view, 16> kLastNames{
    "Example", "Sample",  "Placeholder", "Testcase", "Fictional", "Specimen", "Madeup", "Notreal",
    "Pretend", "Standin", "Mockup",      "Exemplar", "Dummy",     "Lorem",    "Ipsum",  "Invented"};
constexpr std::array<std::string_view, 4> kStreets{"Example Street", "Sample Avenue",
                                                   "Placeholder Road", "Fictional Lane"};
constexpr std::array<std::string_view, 3> kPronouns{"she/her", "he/him", "they/them"};
constexpr std::array<std::string_view, 3> kContactTimes{
    "Not before 10 am", "Not during work hours on weekdays", "Text first, please"};

constexpr std::array<std::string_view, 10> kNotes{
    "Checked in; talked through the week and what is coming up.",
    "Went over the recovery plan together and set a next step.",
    "Connected them with a recovery group that meets nearby.",
    "Helped arrange a ride to a treatment intake.",
    "Shared information on local medication treatment options.",
    "Celebrated a milestone together.",
    "Helped with a benefits application.",
    "Talked about supports for the family.",
    "Practised what to say at a job interview.",
    "Went together to a peer-led meeting."};
constexpr std::array<std::string_view, 3> kAttemptNotes{
    "No answer; will try again.", "Texted to check in; no reply yet.", "Stopped by; nobody home."};
constexpr std::array<std::string_view, 3> kPrivateNotes{
    "Shared something in confidence about a family matter.",
    "Talked about a hard anniversary coming up.",
    "Spoke about a relationship that feels unsafe; went over a safety plan."};

std::string_view FirstNote(cw::ProgramKind kind) {
  switch (kind) {
    case cw::ProgramKind::kEdCoaching:
      return "Met in the ED; agreed to stay in touch with a coach.";
    case cw::ProgramKind::kHomeVisiting:
      return "First home visit; talked about what support would help most.";
    case cw::ProgramKind::kCommunity:
      break;
  }
  return "First visit to the drop-in centre; showed them around.";
}

// "harbor.coach", "harbor.coach2", …: a site's staff login of `role` ("admin", "supervisor",
// "coach", "referrer"), numbered from the second.
std::string StaffLogin(const SiteSpec& site, std::string_view role, int number = 1) {
  std::string login = std::string(site.login_prefix) + "." + std::string(role);
  if (number > 1) login += std::to_string(number);
  return login;
}

// A fixed-seed PRNG. Whole numbers are taken from the engine's output directly, not through
// std::uniform_int_distribution, whose results differ between standard libraries.
class DemoRandom final {
 public:
  explicit DemoRandom(std::uint64_t seed) : engine_(seed) {}

  // From `low` to `high`, both included. REQUIRES: low <= high.
  int Between(int low, int high) {
    return low + static_cast<int>(engine_() % static_cast<std::uint64_t>(high - low + 1));
  }
  bool Percent(int percent) { return Between(1, 100) <= percent; }
  template <typename T, std::size_t N>
  T Pick(const std::array<T, N>& items) {
    return items[static_cast<std::size_t>(Between(0, static_cast<int>(N) - 1))];
  }

 private:
  std::mt19937_64 engine_;
};

// ---- The network as written ----

struct StaffMember {
  std::string login;
  std::string user_id;
  std::vector<identity::RoleGrant> grants;
};

struct Site {
  const SiteSpec* spec = nullptr;
  const date::time_zone* zone = nullptr;
  StaffMember admin;
  StaffMember supervisor;
  StaffMember referrer;
  std::vector<StaffMember> coaches;
};

// What a participant's story has written so far, read by its later steps.
struct Story {
  std::string referral_id;
  std::string participant_id;
  std::string enrolment_id;
  std::string consent_id;
};

// How an episode ends: still open at "now", or discharged.
enum class Fate { kOngoing, kCompleted, kLostContact, kLeft };
// Where an open episode's follow-up stands on the day of "now".
enum class FollowUpPlan { kDueToday, kOverdue, kUpcoming, kNone };
// A coach's open episodes in turn: a sixth due today, a quarter overdue, one in twelve without.
constexpr std::array<FollowUpPlan, 12> kFollowUpTurns{
    FollowUpPlan::kDueToday, FollowUpPlan::kOverdue,  FollowUpPlan::kUpcoming,
    FollowUpPlan::kOverdue,  FollowUpPlan::kUpcoming, FollowUpPlan::kDueToday,
    FollowUpPlan::kUpcoming, FollowUpPlan::kUpcoming, FollowUpPlan::kOverdue,
    FollowUpPlan::kUpcoming, FollowUpPlan::kUpcoming, FollowUpPlan::kNone};

// Plans the network's writes as steps at the instants they happen in the story, then runs them in
// that order, each as its staff member at its instant (so the audit trail reads in time order).
class Planner final {
 public:
  Planner(Database& database, Instant now, DemoNetworkCounts* counts)
      : database_(database), now_(now), counts_(*counts), random_(kSeed) {}

  void PlanSite(Site& site);
  // Runs the planned steps in time order; the first failure stops them.
  Status Run();

 private:
  struct Step {
    Instant at;
    std::function<Status()> run;
  };

  cw::Stores& stores() { return database_.casework(); }
  Instant LocalTime(const Site& site, cw::Day day, int minute) const {
    return cw::LocalInstant(date::local_seconds{date::local_days{day}} + minutes(minute),
                            site.zone);
  }
  // A step writing as `who` at `at`.
  void Add(Instant at, const Site& site, const StaffMember& who,
           std::function<Status(const cw::Actor&)> write);

  void Refer(const Site& site, Story* story, Instant at, const StaffMember& sender,
             cw::NewReferral sent);
  void ChangeStatus(const Site& site, Story* story, Instant at, const StaffMember& who,
                    std::optional<cw::ReferralStatus> to,
                    std::optional<cw::ReferralOutcome> outcome);
  void CreateParticipant(const Site& site, Story* story, Instant at, const StaffMember& who,
                         cw::NewParticipant created);
  void Enrol(const Site& site, Story* story, Instant at, const StaffMember& who,
             cw::NewEnrolment enrolment);
  void Discharge(const Site& site, Story* story, Instant at, const StaffMember& who,
                 cw::DischargeReason reason);
  void Assign(const Site& site, Story* story, Instant at, const StaffMember& coach);
  void RecordContact(const Site& site, Story* story, const StaffMember& who,
                     cw::NewContact contact);
  // About half of the referred sign a consent at their first contact letting the program tell
  // the referring partner whether they were reached (42 CFR Part 2); the status is disclosed a
  // day or two later, and a few withdraw the consent afterwards. Its own random sequence, so
  // the rest of the network is the same with or without it.
  void PlanConsent(const Site& site, Story* story, const StaffMember& who,
                   const PartnerSpec& partner, Instant first_contact);

  // The `index`th participant of the site: referral (or walk-in), acceptance, first contact and
  // participant, then its episodes. A story that would go on past "now" stops where it stands.
  void PlanParticipant(Site& site, int index);
  // The contacts of an episode from `start` (its first contact; a repeat episode is enrolled
  // then) by `*coach`, which a reassignment on the way changes; with `closes_referral`, the
  // participant's referral is completed once they are engaged (or failed when they are lost).
  // Returns when the episode was discharged, or nullopt while it is still open at "now".
  std::optional<Instant> PlanEpisode(Site& site, Story* story, const StaffMember** coach,
                                     Instant start, bool closes_referral);
  // A referral that never became a participant: rejected, sent in error, declined, or failed.
  void PlanClosedReferral(Site& site);
  // The referrals of SiteSpec::inbox, waiting at "now".
  void PlanInbox(Site& site);

  cw::NewReferral ReferralFrom(const Site& site, const PartnerSpec& partner, cw::Urgency urgency,
                               const cw::ParticipantDetails& person);
  const StaffMember& SenderFor(const Site& site, const PartnerSpec& partner) const {
    return &partner == &site.spec->partners[0] ? site.referrer : site.supervisor;
  }
  const PartnerSpec& PickPartner(const Site& site);
  const StaffMember& PickCoach(const Site& site) {
    return site.coaches[static_cast<std::size_t>(
        random_.Between(0, static_cast<int>(site.coaches.size()) - 1))];
  }
  cw::ParticipantDetails MakePerson(const Site& site);
  std::optional<cw::HomeVisiting> HomeVisitingOn(const Site& site, cw::Day day);
  cw::ContactPlace PlaceOf(const Site& site, bool first, bool attempted);
  int MinutesAt(cw::ContactPlace place, bool first, bool attempted);
  std::vector<cw::SupportKind> Supports();
  std::vector<cw::PeerActivity> Activities(const Site& site);

  Database& database_;
  const Instant now_;
  DemoNetworkCounts& counts_;
  DemoRandom random_;
  DemoRandom consent_random_{kSeed + 1};
  std::deque<Story> stories_;                        // stable addresses: steps point at them
  std::map<const StaffMember*, int> open_episodes_;  // planned so far, by coach
  std::vector<Step> steps_;
  int next_reference_ = 10001;
};

void Planner::Add(Instant at, const Site& site, const StaffMember& who,
                  std::function<Status(const cw::Actor&)> write) {
  steps_.push_back({at, [&site, &who, at, write = std::move(write)] {
                      const std::string site_id(site.spec->id);
                      const cw::Actor actor{{who.login, at, "", site_id},
                                            who.user_id,
                                            identity::ReferrerPartnerAt(who.grants, site_id),
                                            cw::ParticipantScopeAt(who.grants, site_id)};
                      return write(actor);
                    }});
}

Status Planner::Run() {
  std::stable_sort(steps_.begin(), steps_.end(),
                   [](const Step& a, const Step& b) { return a.at < b.at; });
  for (const Step& step : steps_) {
    if (Status written = step.run(); !written.ok()) {
      return Status(written.code(), "demo step at " + FormatUtc(step.at) + ": " + written.message(),
                    written.field());
    }
  }
  return Status::Ok();
}

void Planner::Refer(const Site& site, Story* story, Instant at, const StaffMember& sender,
                    cw::NewReferral sent) {
  Add(at, site, sender, [this, &site, story, sent](const cw::Actor& actor) {
    Result<cw::Referral> referral = cw::ReceiveReferral(stores(), actor, site.spec->id, sent);
    if (!referral.ok()) return referral.status();
    story->referral_id = referral->id;
    ++counts_.referrals;
    return Status::Ok();
  });
}

void Planner::ChangeStatus(const Site& site, Story* story, Instant at, const StaffMember& who,
                           std::optional<cw::ReferralStatus> to,
                           std::optional<cw::ReferralOutcome> outcome) {
  Add(at, site, who, [this, &site, story, to, outcome](const cw::Actor& actor) {
    return cw::ChangeReferralStatus(stores(), actor, site.spec->id, story->referral_id, to, outcome)
        .status_or_ok();
  });
}

void Planner::CreateParticipant(const Site& site, Story* story, Instant at, const StaffMember& who,
                                cw::NewParticipant created) {
  Add(at, site, who, [this, &site, story, created](const cw::Actor& actor) mutable {
    created.referral_id = story->referral_id;
    Result<cw::CreatedParticipant> made =
        cw::CreateParticipant(stores(), actor, site.spec->id, std::move(created), site.zone);
    if (!made.ok()) return made.status();
    story->participant_id = made->participant.id;
    story->enrolment_id = made->enrolment ? made->enrolment->id : "";
    ++counts_.participants;
    if (made->enrolment) ++counts_.enrolments;
    return Status::Ok();
  });
}

void Planner::Enrol(const Site& site, Story* story, Instant at, const StaffMember& who,
                    cw::NewEnrolment enrolment) {
  Add(at, site, who, [this, &site, story, enrolment](const cw::Actor& actor) {
    Result<cw::Enrolment> made =
        cw::Enrol(stores(), actor, site.spec->id, story->participant_id, enrolment, site.zone);
    if (!made.ok()) return made.status();
    story->enrolment_id = made->id;
    ++counts_.enrolments;
    return Status::Ok();
  });
}

void Planner::Discharge(const Site& site, Story* story, Instant at, const StaffMember& who,
                        cw::DischargeReason reason) {
  Add(at, site, who, [this, &site, story, at, reason](const cw::Actor& actor) {
    return cw::DischargeEnrolment(stores(), actor, site.spec->id, story->participant_id,
                                  story->enrolment_id, cw::LocalDay(at, site.zone), reason,
                                  site.zone)
        .status_or_ok();
  });
}

void Planner::Assign(const Site& site, Story* story, Instant at, const StaffMember& coach) {
  Add(at, site, site.supervisor, [this, &site, story, &coach](const cw::Actor& actor) {
    return cw::AssignParticipant(stores(), actor, site.spec->id, story->participant_id,
                                 coach.user_id)
        .status_or_ok();
  });
}

void Planner::RecordContact(const Site& site, Story* story, const StaffMember& who,
                            cw::NewContact contact) {
  Add(contact.at, site, who, [this, &site, story, contact](const cw::Actor& actor) {
    Result<cw::Contact> recorded = cw::RecordContact(stores(), actor, site.spec->id,
                                                     story->participant_id, contact, site.zone);
    if (!recorded.ok()) return recorded.status();
    ++counts_.contacts;
    return Status::Ok();
  });
}

void Planner::PlanConsent(const Site& site, Story* story, const StaffMember& who,
                          const PartnerSpec& partner, Instant first_contact) {
  const Instant signed_at = first_contact + minutes(consent_random_.Between(2, 10));
  cw::Consent consent;
  consent.discloser = std::string(site.spec->name);
  consent.information = {cw::Information::kReferralStatus, cw::Information::kEnrollment};
  consent.recipients = {std::string(partner.id)};
  consent.purposes = {cw::Purpose::kReferralFollowUp};
  consent.signed_on = cw::LocalDay(signed_at, site.zone);
  if (consent_random_.Percent(40)) {
    consent.expires_on_event = cw::ExpiryEvent::kDischarge;
  } else {
    consent.expires_on = cw::AddDays(consent.signed_on, 365);
  }
  consent.signed_how =
      consent_random_.Percent(70) ? cw::SignedHow::kWritten : cw::SignedHow::kElectronic;
  Add(signed_at, site, who, [this, &site, story, consent](const cw::Actor& actor) {
    Result<cw::Consent> recorded = cw::RecordConsent(stores(), actor, site.spec->id,
                                                     story->participant_id, consent, site.zone);
    if (!recorded.ok()) return recorded.status();
    story->consent_id = recorded->id;
    ++counts_.consents;
    return Status::Ok();
  });
  const Instant told = signed_at + hours(consent_random_.Between(20, 60));
  if (told > now_) return;
  // A consent that ends at discharge may have ended by then: the refusal is what the program
  // would see too, so only a disclosure the consent still covers is counted.
  Add(told, site, who, [this, &site, story, &partner](const cw::Actor& actor) {
    Result<cw::DisclosedRecord> disclosed =
        cw::Disclose(stores(), actor, site.spec->id, story->participant_id,
                     {std::string(partner.id),
                      cw::Purpose::kReferralFollowUp,
                      {cw::Information::kReferralStatus}},
                     site.zone);
    if (!disclosed.ok()) {
      return disclosed.status().code() == StatusCode::kForbidden ? Status::Ok()
                                                                 : disclosed.status();
    }
    ++counts_.disclosures;
    return Status::Ok();
  });
  const Instant revoked = told + days(consent_random_.Between(5, 40));
  if (revoked > now_ || !consent_random_.Percent(10)) return;
  Add(revoked, site, who, [this, &site, story](const cw::Actor& actor) {
    return cw::RevokeConsent(stores(), actor, site.spec->id, story->participant_id,
                             story->consent_id, "")
        .status_or_ok();
  });
}

const PartnerSpec& Planner::PickPartner(const Site& site) {
  const int roll = random_.Between(1, 100);
  return site.spec->partners[roll <= 50 ? 0 : roll <= 80 ? 1 : 2];
}

cw::ParticipantDetails Planner::MakePerson(const Site& site) {
  const bool home_visiting = site.spec->kind == cw::ProgramKind::kHomeVisiting;
  cw::ParticipantDetails person;
  person.first_name = std::string(random_.Pick(kFirstNames));
  person.last_name = std::string(random_.Pick(kLastNames));
  person.date_of_birth =
      cw::Day{date::year{home_visiting ? random_.Between(1986, 2005) : random_.Between(1962, 2004)},
              date::month{static_cast<unsigned>(random_.Between(1, 12))},
              date::day{static_cast<unsigned>(random_.Between(1, 28))}};
  if (home_visiting ? random_.Percent(50) : random_.Percent(20)) {
    person.pronouns = std::string(home_visiting ? kPronouns[0] : random_.Pick(kPronouns));
  }
  if (random_.Percent(12)) person.language = "es";
  if (random_.Percent(85)) {
    const int line = random_.Between(0, 99);
    person.phone = "(" + std::string(site.spec->area_code) + ") 555-01" + (line < 10 ? "0" : "") +
                   std::to_string(line);
    person.may_leave_message = random_.Percent(60);
  }
  if (random_.Percent(10)) person.do_not_contact = std::string(random_.Pick(kContactTimes));
  if (home_visiting) {
    person.address = std::to_string(random_.Between(100, 999)) + " " +
                     std::string(random_.Pick(kStreets)) + ", Demo Prairie";
  }
  return person;
}

std::optional<cw::HomeVisiting> Planner::HomeVisitingOn(const Site& site, cw::Day day) {
  if (site.spec->kind != cw::ProgramKind::kHomeVisiting) return std::nullopt;
  cw::HomeVisiting home;
  const int roll = random_.Between(1, 100);
  if (roll <= 50) {
    home.pregnancy = cw::PregnancyStatus::kPregnant;
    home.due_date = cw::AddDays(day, random_.Between(20, 230));
    home.children_under_six = random_.Between(0, 2);
  } else if (roll <= 90) {
    home.pregnancy = cw::PregnancyStatus::kPostpartum;
    home.baby_born_on = cw::AddDays(day, -random_.Between(3, 120));
    home.children_under_six = random_.Between(1, 3);
  } else {
    home.children_under_six = random_.Between(1, 2);
  }
  return home;
}

cw::NewReferral Planner::ReferralFrom(const Site& site, const PartnerSpec& partner,
                                      cw::Urgency urgency, const cw::ParticipantDetails& person) {
  cw::NewReferral sent;
  sent.program_id = std::string(site.spec->program_id);
  sent.partner_id = std::string(partner.id);
  sent.first_name = person.first_name;
  // An ED coach goes to the bedside: half of the EDs' referrals come without a phone.
  if (partner.setting != cw::Setting::kEmergencyDepartment || random_.Percent(50)) {
    sent.phone = person.phone;
  }
  sent.language = person.language;
  sent.setting = partner.setting;
  sent.urgency = urgency;
  sent.reason = partner.reason == cw::ReferralReason::kOverdoseSurvivor && random_.Percent(15)
                    ? cw::ReferralReason::kSeekingRecoverySupport
                    : partner.reason;
  sent.partner_reference = "DEMO-" + std::to_string(next_reference_++);
  sent.consent_to_contact = true;
  return sent;
}

cw::ContactPlace Planner::PlaceOf(const Site& site, bool first, bool attempted) {
  using P = cw::ContactPlace;
  if (attempted) return random_.Percent(60) ? P::kPhone : P::kText;
  switch (site.spec->kind) {
    case cw::ProgramKind::kEdCoaching:
      if (first) return P::kEmergencyDepartment;
      return random_.Pick(
          std::array{P::kPhone, P::kPhone, P::kCommunity, P::kOffice, P::kText, P::kVideo});
    case cw::ProgramKind::kHomeVisiting:
      if (first) return P::kHomeVisit;
      return random_.Pick(std::array{P::kHomeVisit, P::kHomeVisit, P::kPhone, P::kText});
    case cw::ProgramKind::kCommunity:
      break;
  }
  if (first) return P::kCommunity;
  return random_.Pick(std::array{P::kCommunity, P::kCommunity, P::kPhone, P::kOffice, P::kText});
}

int Planner::MinutesAt(cw::ContactPlace place, bool first, bool attempted) {
  if (attempted) return random_.Between(0, 2);
  switch (place) {
    case cw::ContactPlace::kEmergencyDepartment:
      return random_.Between(20, 90);
    case cw::ContactPlace::kHomeVisit:
      return random_.Between(45, 90);
    case cw::ContactPlace::kPhone:
      return random_.Between(5, 30);
    case cw::ContactPlace::kText:
      return random_.Between(1, 5);
    case cw::ContactPlace::kVideo:
      return random_.Between(20, 45);
    case cw::ContactPlace::kCommunity:
    case cw::ContactPlace::kOffice:
      break;
  }
  return random_.Between(first ? 30 : 20, 60);
}

std::vector<cw::SupportKind> Planner::Supports() {
  std::vector<cw::SupportKind> supports;
  for (const auto& code : cw::kSupportKinds.codes()) {
    const bool emotional = code.value == cw::SupportKind::kEmotional;
    if (random_.Percent(emotional ? 85 : 35)) supports.push_back(code.value);
  }
  if (supports.empty()) supports.push_back(cw::SupportKind::kEmotional);
  return supports;
}

std::vector<cw::PeerActivity> Planner::Activities(const Site& site) {
  std::vector<cw::PeerActivity> activities;
  for (const auto& code : cw::kPeerActivities.codes()) {
    int percent = 30;
    if (code.value == cw::PeerActivity::kMentoring) percent = 80;
    if (code.value == cw::PeerActivity::kRecoveryGroup &&
        site.spec->kind == cw::ProgramKind::kCommunity) {
      percent = 50;
    }
    if (random_.Percent(percent)) activities.push_back(code.value);
  }
  if (activities.empty()) activities.push_back(cw::PeerActivity::kMentoring);
  return activities;
}

void Planner::PlanSite(Site& site) {
  for (int index = 0; index < site.spec->participants; ++index) PlanParticipant(site, index);
  for (int index = 0; index < site.spec->participants / 8; ++index) PlanClosedReferral(site);
  PlanInbox(site);
}

void Planner::PlanParticipant(Site& site, int index) {
  const SiteSpec& spec = *site.spec;
  Story* story = &stories_.emplace_back();
  const cw::Day today = cw::LocalDay(now_, site.zone);
  const bool ed = spec.kind == cw::ProgramKind::kEdCoaching;
  // A third of the drop-in centre's people walk in; its first two are on nobody's caseload yet.
  const bool walk_in =
      spec.kind == cw::ProgramKind::kCommunity && (index < 2 || random_.Percent(30));
  const bool unassigned = walk_in && index < 2;
  const StaffMember* coach = unassigned ? &site.supervisor : &PickCoach(site);
  const cw::ParticipantDetails person = MakePerson(site);

  const cw::Day day = cw::AddDays(today, -random_.Between(0, kHistoryDays));
  Instant received =
      LocalTime(site, day, ed ? random_.Between(0, 1439) : random_.Between(8 * 60, 17 * 60));
  if (received > now_ - hours(6)) received = now_ - hours(random_.Between(6, 30));

  Instant first_contact = received;
  const PartnerSpec* referred_by = nullptr;
  if (!walk_in) {
    const PartnerSpec& partner = PickPartner(site);
    referred_by = &partner;
    const int roll = random_.Between(1, 100);
    const cw::Urgency urgency = ed ? (roll <= 60   ? UR::kNow
                                      : roll <= 85 ? UR::kToday
                                                   : UR::kRoutine)
                                   : (roll <= 12 ? UR::kToday : UR::kRoutine);
    Refer(site, story, received, SenderFor(site, partner),
          ReferralFrom(site, partner, urgency, person));
    const Instant accepted = received + (urgency == UR::kNow     ? minutes(random_.Between(3, 14))
                                         : urgency == UR::kToday ? minutes(random_.Between(20, 240))
                                                                 : hours(random_.Between(1, 30)));
    if (accepted > now_) return;
    ChangeStatus(site, story, accepted, *coach, RS::kAccepted, std::nullopt);
    if (ed && urgency != UR::kRoutine) {
      first_contact = accepted + minutes(random_.Between(15, 60));
    } else {
      first_contact = LocalTime(
          site,
          cw::AddDays(cw::LocalDay(accepted, site.zone), random_.Between(ed ? 0 : 1, ed ? 2 : 5)),
          random_.Between(9 * 60, 17 * 60));
      if (first_contact <= accepted) first_contact = accepted + hours(1);
    }
    if (first_contact > now_) return;
  }

  cw::NewParticipant created;
  created.details = person;  // no coach named: a coach's are its own, the supervisor's nobody's
  created.enrolment =
      cw::NewEnrolment{std::string(spec.program_id), std::nullopt,
                       HomeVisitingOn(site, cw::LocalDay(first_contact, site.zone))};
  CreateParticipant(site, story, first_contact, *coach, std::move(created));
  if (referred_by != nullptr && consent_random_.Percent(50)) {
    PlanConsent(site, story, *coach, *referred_by, first_contact);
  }

  std::optional<Instant> discharged = PlanEpisode(site, story, &coach, first_contact, !walk_in);
  // Some come back: a new episode a few weeks after leaving (one open at a time per program).
  for (int episode = 2; discharged && episode <= 3 && random_.Percent(35); ++episode) {
    const Instant back = *discharged + days(random_.Between(10, 45)) + hours(random_.Between(0, 8));
    if (back > now_ - days(1)) break;
    Enrol(site, story, back, *coach,
          cw::NewEnrolment{std::string(spec.program_id), std::nullopt,
                           HomeVisitingOn(site, cw::LocalDay(back, site.zone))});
    discharged = PlanEpisode(site, story, &coach, back + minutes(5), false);
  }
}

std::optional<Instant> Planner::PlanEpisode(Site& site, Story* story, const StaffMember** coach,
                                            Instant start, bool closes_referral) {
  const cw::ProgramKind kind = site.spec->kind;
  const cw::Day today = cw::LocalDay(now_, site.zone);
  const int fate_roll = random_.Between(1, 100);
  Fate fate = fate_roll <= 55   ? Fate::kOngoing
              : fate_roll <= 75 ? Fate::kCompleted
              : fate_roll <= 90 ? Fate::kLostContact
                                : Fate::kLeft;
  int length_days = 0;
  switch (fate) {
    case Fate::kCompleted:
      length_days = kind == cw::ProgramKind::kHomeVisiting ? random_.Between(120, 175)
                                                           : random_.Between(45, 130);
      break;
    case Fate::kLostContact:
      length_days = random_.Between(20, 90);
      break;
    case Fate::kLeft:
      length_days = random_.Between(10, 60);
      break;
    case Fate::kOngoing:
      break;
  }
  const Instant end = start + days(length_days);
  if (fate != Fate::kOngoing && end > now_ - hours(12)) fate = Fate::kOngoing;

  // When the last contact may be, so that its follow-up falls as planned on the day of "now".
  // About one in sixteen open episodes changes hands halfway: the supervisor reassigns it.
  const StaffMember* next_coach = *coach;
  if (fate == Fate::kOngoing && *coach != &site.supervisor && random_.Percent(6)) {
    next_coach = &PickCoach(site);
  }
  // The open episodes of each coach take their turns in kFollowUpTurns, so that every caseload
  // has follow-ups due today and overdue.
  FollowUpPlan plan = FollowUpPlan::kNone;
  int overdue_days = 0;
  Instant last_allowed = end;
  if (fate == Fate::kOngoing) {
    plan = kFollowUpTurns[static_cast<std::size_t>(open_episodes_[next_coach]++) %
                          kFollowUpTurns.size()];
    switch (plan) {
      case FollowUpPlan::kDueToday:
        last_allowed = now_ - hours(random_.Between(20, 150));
        break;
      case FollowUpPlan::kOverdue:
        overdue_days = random_.Between(1, 9);
        last_allowed = now_ - days(overdue_days) - hours(random_.Between(24, 120));
        break;
      case FollowUpPlan::kUpcoming:
        last_allowed = now_ - minutes(random_.Between(30, 5 * 24 * 60));
        break;
      case FollowUpPlan::kNone:
        last_allowed = now_ - hours(random_.Between(24, 400));
        break;
    }
  }

  std::vector<Instant> times{start};
  for (;;) {
    const int elapsed = cw::DaysBetween(start, times.back(), site.zone);
    int gap = 0;
    switch (kind) {
      case cw::ProgramKind::kEdCoaching:
        gap = elapsed < 14   ? random_.Between(1, 3)
              : elapsed < 45 ? random_.Between(3, 7)
                             : random_.Between(6, 12);
        break;
      case cw::ProgramKind::kHomeVisiting:
        gap = random_.Percent(25) ? random_.Between(2, 4) : random_.Between(5, 9);
        break;
      case cw::ProgramKind::kCommunity:
        gap = random_.Between(3, 10);
        break;
    }
    const Instant next = LocalTime(site, cw::AddDays(cw::LocalDay(times.back(), site.zone), gap),
                                   random_.Between(9 * 60, 18 * 60));
    if (next > last_allowed) break;
    times.push_back(next);
  }

  const std::size_t handover =
      next_coach != *coach && times.size() > 1 ? times.size() / 2 : times.size();

  bool referral_open = closes_referral;
  const std::size_t closes_at = kind == cw::ProgramKind::kEdCoaching  ? 2
                                : kind == cw::ProgramKind::kCommunity ? 4
                                                                      : 6;
  for (std::size_t contact_index = 0; contact_index < times.size(); ++contact_index) {
    if (contact_index == handover) {
      Assign(site, story, times[contact_index] - hours(1), *next_coach);
      *coach = next_coach;
    }
    const bool first = contact_index == 0;
    const bool last = contact_index + 1 == times.size();
    const bool attempted =
        !first && ((fate == Fate::kLostContact && contact_index + 3 >= times.size()) ||
                   random_.Percent(kind == cw::ProgramKind::kEdCoaching ? 22 : 15));
    cw::NewContact contact;
    contact.at = times[contact_index];
    contact.outcome = attempted ? cw::ContactOutcome::kAttempted : cw::ContactOutcome::kCompleted;
    contact.place = PlaceOf(site, first, attempted);
    contact.duration_minutes = MinutesAt(contact.place, first, attempted);
    if (attempted) {
      contact.note = std::string(random_.Pick(kAttemptNotes));
    } else {
      contact.supports = Supports();
      contact.activities = Activities(site);
      contact.note = std::string(first ? FirstNote(kind) : random_.Pick(kNotes));
      if (random_.Percent(3)) contact.private_note = std::string(random_.Pick(kPrivateNotes));
    }
    const cw::Day contact_day = cw::LocalDay(contact.at, site.zone);
    if (!last) {
      // The follow-up is the day of the next contact, or (one time in six) the day before it.
      cw::Day due = cw::LocalDay(times[contact_index + 1], site.zone);
      if (random_.Percent(16)) due = std::max(contact_day, cw::AddDays(due, -1));
      contact.follow_up_on = due;
    } else {
      switch (plan) {
        case FollowUpPlan::kDueToday:
          contact.follow_up_on = today;
          break;
        case FollowUpPlan::kOverdue:
          contact.follow_up_on = std::max(contact_day, cw::AddDays(today, -overdue_days));
          break;
        case FollowUpPlan::kUpcoming:
          contact.follow_up_on = cw::AddDays(today, random_.Between(1, 10));
          break;
        case FollowUpPlan::kNone:
          break;
      }
    }
    RecordContact(site, story, **coach, std::move(contact));
    // The referral's work is done once the person is engaged: linked to treatment, to a group.
    if (referral_open && contact_index == closes_at && !attempted && !last) {
      ChangeStatus(site, story, times[contact_index] + minutes(30), **coach, RS::kCompleted,
                   random_.Percent(90) ? cw::ReferralOutcome::kReachedAndEngaged
                                       : cw::ReferralOutcome::kReferredElsewhere);
      referral_open = false;
    }
  }
  if (fate == Fate::kOngoing) return std::nullopt;

  const Instant discharged = std::max(end, times.back()) + hours(1);
  if (referral_open && fate == Fate::kLostContact) {
    ChangeStatus(site, story, discharged - minutes(5), **coach, RS::kFailed,
                 cw::ReferralOutcome::kCouldNotContact);
  }
  cw::DischargeReason reason = cw::DischargeReason::kCompleted;
  if (fate == Fate::kLostContact) reason = cw::DischargeReason::kLostContact;
  if (fate == Fate::kLeft) {
    reason = random_.Pick(std::array{cw::DischargeReason::kWithdrew, cw::DischargeReason::kMoved,
                                     cw::DischargeReason::kTransferred,
                                     cw::DischargeReason::kIncarcerated});
  }
  Discharge(site, story, discharged, **coach, reason);
  return discharged;
}

void Planner::PlanClosedReferral(Site& site) {
  Story* story = &stories_.emplace_back();
  const PartnerSpec& partner = PickPartner(site);
  const cw::ParticipantDetails person = MakePerson(site);
  const cw::Day day = cw::AddDays(cw::LocalDay(now_, site.zone), -random_.Between(2, kHistoryDays));
  const Instant received = LocalTime(site, day, random_.Between(8 * 60, 20 * 60));
  const bool ed = site.spec->kind == cw::ProgramKind::kEdCoaching;
  const cw::Urgency urgency = ed && random_.Percent(50) ? UR::kNow : UR::kRoutine;
  Refer(site, story, received, SenderFor(site, partner),
        ReferralFrom(site, partner, urgency, person));
  const StaffMember& coach = PickCoach(site);
  const Instant soon = received + minutes(random_.Between(5, 180));
  switch (random_.Between(1, 6)) {
    case 1:
      ChangeStatus(site, story, soon, site.supervisor, RS::kRejected,
                   cw::ReferralOutcome::kNoCapacity);
      break;
    case 2:
      ChangeStatus(site, story, soon, site.supervisor, RS::kRejected,
                   cw::ReferralOutcome::kNotEligible);
      break;
    case 3:
      ChangeStatus(site, story, soon, site.supervisor, RS::kRejected,
                   cw::ReferralOutcome::kReferredElsewhere);
      break;
    case 4:
      ChangeStatus(site, story, soon, site.supervisor, RS::kEnteredInError, std::nullopt);
      break;
    case 5:
      ChangeStatus(site, story, soon, coach, RS::kAccepted, std::nullopt);
      ChangeStatus(site, story, soon + days(random_.Between(1, 3)), coach, RS::kCancelled,
                   cw::ReferralOutcome::kDeclined);
      break;
    default:
      ChangeStatus(site, story, soon, coach, RS::kAccepted, std::nullopt);
      ChangeStatus(site, story, soon + days(random_.Between(3, 10)), coach, RS::kFailed,
                   cw::ReferralOutcome::kCouldNotContact);
      break;
  }
}

void Planner::PlanInbox(Site& site) {
  for (const InboxSpec& waiting : site.spec->inbox) {
    Story* story = &stories_.emplace_back();
    const PartnerSpec& partner = site.spec->partners[static_cast<std::size_t>(waiting.partner)];
    const Instant received = now_ - minutes(waiting.minutes_ago);
    Refer(site, story, received, SenderFor(site, partner),
          ReferralFrom(site, partner, waiting.urgency, MakePerson(site)));
    if (waiting.status == RS::kRequested) continue;
    const StaffMember& coach = PickCoach(site);
    const Instant accepted = received + minutes(std::min(waiting.minutes_ago / 4, 120));
    ChangeStatus(site, story, accepted, coach, RS::kAccepted, std::nullopt);
    // On hold: the person was admitted and asked the coach to wait until discharge.
    if (waiting.status == RS::kOnHold) {
      ChangeStatus(site, story, accepted + minutes(std::min(waiting.minutes_ago / 4, 240)), coach,
                   RS::kOnHold, std::nullopt);
    }
  }
}

// ---- Setting the sites up ----

Result<StaffMember> AddStaff(Database& database, std::string login, std::string display_name,
                             identity::RoleGrant grant, const identity::Change& change) {
  identity::NewStaffMember member;
  member.name = login;
  member.display_name = std::move(display_name);
  member.password = std::string(kDemoPassword);
  member.grants = {grant};
  Result<identity::User> user =
      identity::AddStaffMember(database.identity(), std::move(member), change);
  if (!user.ok()) return user.status();
  grant.user_id = user->id;
  return StaffMember{std::move(login), user->id, {std::move(grant)}};
}

// The site's program, partners, staff (with the pager contacts of those who can be paged) and the
// program's on-call roster, as its admin would set them up.
Result<Site> SetUpSite(Database& database, const SiteSpec& spec, const identity::Change& change,
                       std::size_t* next_name, int* next_phone, DemoNetworkCounts* counts) {
  const std::string site_id(spec.id);
  RN_RETURN_IF_ERROR(identity::CreateSite(
      database.identity(), {site_id, std::string(spec.name), std::string(spec.time_zone)}, change));
  ++counts->sites;
  identity::Change at_site = change;
  at_site.site = site_id;
  cw::Stores& casework = database.casework();
  RN_RETURN_IF_ERROR(cw::CreateProgram(casework, at_site,
                                       {std::string(spec.program_id), site_id,
                                        std::string(spec.program_name), spec.kind})
                         .status_or_ok());
  for (const PartnerSpec& partner : spec.partners) {
    RN_RETURN_IF_ERROR(cw::CreatePartner(casework, at_site,
                                         {std::string(partner.id), site_id,
                                          std::string(partner.name), partner.kind})
                           .status_or_ok());
    ++counts->partners;
  }

  Site site;
  site.spec = &spec;
  Result<const date::time_zone*> zone =
      identity::SiteTimeZone(database.identity().accounts, site_id);
  if (!zone.ok()) return zone.status();
  site.zone = *zone;
  const auto add = [&](std::string login, std::string_view title, Role role,
                       std::vector<std::string> scope) -> Result<StaffMember> {
    std::string display_name =
        "Demo " + std::string(title) + " " + std::string(kStaffNames[(*next_name)++]);
    Result<StaffMember> added = AddStaff(database, std::move(login), std::move(display_name),
                                         {"", role, site_id, std::move(scope)}, change);
    if (added.ok()) ++counts->staff;
    return added;
  };
  // Pages reach coaches and supervisors at example.invalid and on 555-01xx numbers: nobody real.
  const auto pager = [&](const StaffMember& member) {
    const int line = (*next_phone)++;
    return identity::SetStaffContact(
        database.identity(), member.user_id,
        member.login + "@" + std::string(spec.login_prefix) + ".example.invalid",
        "+1 " + std::string(spec.area_code) + " 555 01" + (line < 10 ? "0" : "") +
            std::to_string(line),
        change);
  };

  Result<StaffMember> admin = add(StaffLogin(spec, "admin"), "Admin", Role::kSiteAdmin, {});
  if (!admin.ok()) return admin.status();
  site.admin = std::move(*admin);
  Result<StaffMember> supervisor =
      add(StaffLogin(spec, "supervisor"), "Supervisor", Role::kSupervisor, {});
  if (!supervisor.ok()) return supervisor.status();
  site.supervisor = std::move(*supervisor);
  RN_RETURN_IF_ERROR(pager(site.supervisor));
  for (int number = 1; number <= spec.coaches; ++number) {
    Result<StaffMember> coach = add(StaffLogin(spec, "coach", number), "Coach", Role::kCoach, {});
    if (!coach.ok()) return coach.status();
    RN_RETURN_IF_ERROR(pager(*coach));
    site.coaches.push_back(std::move(*coach));
  }
  Result<StaffMember> referrer = add(StaffLogin(spec, "referrer"), "Referrer", Role::kReferrer,
                                     {std::string(spec.partners[0].id)});
  if (!referrer.ok()) return referrer.status();
  site.referrer = std::move(*referrer);

  std::vector<cw::NamedShift> shifts;
  const RosterSpec& roster = spec.roster;
  const std::size_t coaches = site.coaches.size();
  for (int weekday = 0; weekday < 7; ++weekday) {
    if (roster.weekdays_only && (weekday == 0 || weekday == 6)) continue;
    for (int slot = 0; slot < roster.per_day; ++slot) {
      const auto turn = static_cast<std::size_t>(weekday * roster.per_day + slot);
      const int start = roster.first_start + slot * roster.length;
      for (int rank = 1; rank <= 2; ++rank) {
        const StaffMember& on_call =
            site.coaches[(turn + static_cast<std::size_t>(rank - 1)) % coaches];
        shifts.push_back(
            {on_call.login, "", {"", weekday, start % (24 * 60), roster.length, rank}});
      }
    }
  }
  RN_RETURN_IF_ERROR(
      cw::SetNamedRoster(casework, at_site, spec.program_id, std::move(shifts)).status_or_ok());
  return site;
}

}  // namespace

std::vector<DemoSignIn> DemoSignIns() {
  std::vector<DemoSignIn> sign_ins;
  for (std::size_t index = 0; index < kSites.size(); ++index) {
    const SiteSpec& spec = kSites[index];
    DemoSignIn sign_in{std::string(spec.id), std::string(spec.name), {}};
    sign_in.lines.push_back("site admin: " + StaffLogin(spec, "admin"));
    sign_in.lines.push_back("supervisor: " + StaffLogin(spec, "supervisor"));
    std::string coaches = "coaches: ";
    for (int number = 1; number <= spec.coaches; ++number) {
      coaches += (number > 1 ? ", " : "") + StaffLogin(spec, "coach", number);
    }
    sign_in.lines.push_back(std::move(coaches));
    sign_in.lines.push_back("referrer for " + std::string(spec.partners[0].name) + ": " +
                            StaffLogin(spec, "referrer"));
    if (index == kEditorSite) {
      sign_in.lines.push_back("directory editor: " + std::string(kEditorLogin));
      sign_in.lines.push_back("beds figure of the family recovery house: " +
                              std::string(kPartnerLogin));
    }
    sign_ins.push_back(std::move(sign_in));
  }
  return sign_ins;
}

Result<DemoNetworkCounts> AddDemoNetwork(Database& database, Instant now) {
  DemoNetworkCounts counts;
  const identity::Change set_up{std::string(kDemoActor), now - days(kSetUpDaysAgo), ""};
  Status written = database.identity().unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
    std::array<Site, kSites.size()> sites;
    std::size_t next_name = 0;
    int next_phone = 1;
    for (std::size_t index = 0; index < kSites.size(); ++index) {
      Result<Site> site =
          SetUpSite(database, kSites[index], set_up, &next_name, &next_phone, &counts);
      if (!site.ok()) return site.status();
      sites[index] = std::move(*site);
    }
    Result<StaffMember> editor =
        AddStaff(database, std::string(kEditorLogin),
                 "Demo Directory Editor " + std::string(kStaffNames[next_name++]),
                 {"", Role::kDirectoryEditor, std::string(kSites[kEditorSite].id), {}}, set_up);
    if (!editor.ok()) return editor.status();
    ++counts.staff;
    Result<StaffMember> partner =
        AddStaff(database, std::string(kPartnerLogin), "Demo House Manager Sky Example",
                 {"",
                  Role::kResourcePartner,
                  std::string(kSites[kEditorSite].id),
                  {std::string(kPartnerOrganization)}},
                 set_up);
    if (!partner.ok()) return partner.status();
    ++counts.staff;

    Planner planner(database, now, &counts);
    for (Site& site : sites) planner.PlanSite(site);
    RN_RETURN_IF_ERROR(planner.Run());
    return identity::ChangeEvent(
        {std::string(kDemoActor), now, ""}, identity::audit_action::kDemoLoad, "",
        boost::json::serialize(boost::json::object{{"sites", counts.sites},
                                                   {"staff", counts.staff},
                                                   {"referrals", counts.referrals},
                                                   {"participants", counts.participants},
                                                   {"contacts", counts.contacts}}));
  });
  if (!written.ok()) return written;
  return counts;
}

}  // namespace rn::app
