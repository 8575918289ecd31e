// The participant, contact and caseload use cases (participants.h, contacts.h, caseloads.h)
// against a real database: what is stored, who sees what (and that each refusal is audited), the
// audit entries (ids and codes, never a name or a note), the private note sealed in the file, and
// caseloads and follow-ups counted in the site's zone at pinned instants.

#include <gtest/gtest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "casework/caseloads.h"
#include "casework/contacts.h"
#include "casework/participants.h"
#include "casework/referrals.h"
#include "casework/setup.h"
#include "casework/test_database.h"
#include "identity/audit_actions.h"

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
namespace audit_action = identity::audit_action;
using date::day;
using date::month;
using date::year;

const date::time_zone* Chicago() { return date::locate_zone("America/Chicago"); }
// 10:00 CST on Tuesday 1 December 2026.
const Instant kAt = date::sys_days{year{2026} / month{12} / day{1}} + 16h;
const Day kToday = year{2026} / month{12} / day{1};
constexpr std::string_view kSecret = "Testy told me about the relapse in confidence";

class ParticipantsTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(":memory:"); }

  void Open(const std::string& path) {
    auto database = OpenTestDatabase(path);
    ASSERT_TRUE(database.ok()) << database.status().message();
    db_ = std::move(*database);
    ASSERT_TRUE(identity().accounts.InsertSite({"north", "North Test Site"}).ok());
    ASSERT_TRUE(identity().accounts.InsertSite({"south", "South Test Site"}).ok());
    AddUser("u-coach", "test.coach", identity::Role::kCoach);
    AddUser("u-other", "test.other", identity::Role::kCoach);
    AddUser("u-super", "test.super", identity::Role::kSupervisor);
    AddUser("u-admin", "test.admin", identity::Role::kSiteAdmin);
    const identity::Change admin{"test.admin", kAt, "192.0.2.1", "north"};
    ASSERT_TRUE(
        CreateProgram(stores(), admin, {"ed", "", "ED coaching", ProgramKind::kEdCoaching}).ok());
    ASSERT_TRUE(
        CreateProgram(stores(), admin, {"home", "", "Home visiting", ProgramKind::kHomeVisiting})
            .ok());
    ASSERT_TRUE(
        CreatePartner(stores(), admin, {"mercy-ed", "", "Mercy Test ED", PartnerKind::kHospital})
            .ok());
  }

  void AddUser(const std::string& id, const std::string& name, identity::Role role) {
    ASSERT_TRUE(
        identity().accounts.InsertUser({id, name, name, false, "2026-01-01T00:00:00Z"}, "x").ok());
    ASSERT_TRUE(identity().accounts.UpsertGrant({id, role, "north", {}}).ok());
  }

  Stores& stores() { return db_->stores().casework; }
  identity::Stores& identity() { return db_->stores().identity; }

  std::vector<identity::AuditEvent> Audit() {
    Result<std::vector<identity::AuditEvent>> events = identity().audit.LoadAll();
    EXPECT_TRUE(events.ok());
    return events.ok() ? *events : std::vector<identity::AuditEvent>{};
  }
  identity::AuditEvent LastAudit() { return Audit().back(); }

  static Actor As(std::string user, std::string actor, ParticipantScope scope, Instant at = kAt) {
    return {{std::move(actor), at, "192.0.2.8", ""}, std::move(user), std::nullopt, scope};
  }
  static Actor Coach(Instant at = kAt) {
    return As("u-coach", "test.coach", ParticipantScope::kOwn, at);
  }
  static Actor Other(Instant at = kAt) {
    return As("u-other", "test.other", ParticipantScope::kOwn, at);
  }
  static Actor Super(Instant at = kAt) {
    return As("u-super", "test.super", ParticipantScope::kSite, at);
  }
  static Actor Admin() { return As("u-admin", "test.admin", ParticipantScope::kNone); }

  static NewParticipant Person(std::string first = "Testy") {
    NewParticipant person;
    person.details.first_name = std::move(first);
    person.details.last_name = "Fakename";
    person.details.date_of_birth = year{1990} / month{4} / day{2};
    person.details.phone = "806-555-0142";
    person.enrolment = NewEnrolment{"ed", std::nullopt, std::nullopt};
    return person;
  }

  std::string MustCreate(const Actor& actor, NewParticipant person = Person()) {
    Result<CreatedParticipant> created =
        CreateParticipant(stores(), actor, "north", std::move(person), Chicago());
    EXPECT_TRUE(created.ok()) << created.status().message();
    return created.ok() ? created->participant.id : "";
  }

  static NewContact Met(Instant at, std::optional<Day> follow_up, std::string private_note = "") {
    NewContact contact;
    contact.at = at;
    contact.duration_minutes = 45;
    contact.place = ContactPlace::kEmergencyDepartment;
    contact.supports = {SupportKind::kEmotional};
    contact.activities = {PeerActivity::kMentoring};
    contact.note = "Talked about a test group";
    contact.private_note = std::move(private_note);
    contact.follow_up_on = follow_up;
    return contact;
  }

  std::unique_ptr<testing::TestDatabase<TestStores>> db_;
};

TEST_F(ParticipantsTest, ACoachCreatesAParticipantOnItsOwnCaseloadAndTheEntryNamesNoOne) {
  Result<CreatedParticipant> created =
      CreateParticipant(stores(), Coach(), "north", Person(), Chicago());
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_TRUE(created->possible_duplicates.empty());
  ASSERT_TRUE(created->enrolment);
  EXPECT_EQ(created->enrolment->started_on, kToday);  // the site's day, not UTC's
  const identity::AuditEvent entry = LastAudit();
  EXPECT_EQ(entry.action, audit_action::kParticipantCreate);
  EXPECT_EQ(entry.target, "participant:" + created->participant.id);
  EXPECT_EQ(entry.site, "north");
  EXPECT_EQ(entry.details, R"({"coach":"u-coach","possible_duplicates":0,"enrolment":")" +
                               created->enrolment->id + R"(","program":"ed"})");
  for (const char* personal : {"Testy", "Fakename", "555", "1990"}) {
    EXPECT_EQ(entry.details.find(personal), std::string::npos) << personal;
  }

  Result<ParticipantRecord> record =
      ReadParticipant(stores(), Coach(), "north", created->participant.id);
  ASSERT_TRUE(record.ok()) << record.status().message();
  EXPECT_EQ(record->participant, created->participant);
  EXPECT_EQ(record->summary.coach_id, "u-coach");
  EXPECT_EQ(record->summary.engagement, (EngagementState{true, kToday}));
  ASSERT_EQ(record->assignments.size(), 1u);
  EXPECT_EQ(record->assignments[0].coach_id, "u-coach");
  ASSERT_EQ(record->enrolments.size(), 1u);
  EXPECT_EQ(record->enrolments[0], *created->enrolment);
  EXPECT_EQ(LastAudit().action, audit_action::kParticipantView);
  EXPECT_EQ(LastAudit().target, "participant:" + created->participant.id);
}

TEST_F(ParticipantsTest, ASecondRecordWithTheSameNameAndBirthIsFlaggedNotRefused) {
  const std::string first = MustCreate(Coach());
  NewParticipant again = Person(" TESTY ");
  again.details.last_name = "fakename";
  again.enrolment.reset();
  Result<CreatedParticipant> second =
      CreateParticipant(stores(), Super(), "north", again, Chicago());
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->possible_duplicates, std::vector<std::string>{first});
  EXPECT_EQ(second->participant.details.first_name, "TESTY");
  // Another site's participant of that name is not a duplicate here.
  NewParticipant elsewhere = Person();
  elsewhere.enrolment.reset();
  Result<CreatedParticipant> south =
      CreateParticipant(stores(), Super(), "south", elsewhere, Chicago());
  ASSERT_TRUE(south.ok());
  EXPECT_TRUE(south->possible_duplicates.empty());
}

TEST_F(ParticipantsTest, RefusalsNameTheFieldAndScopeDenialsAreAudited) {
  Result<CreatedParticipant> refused =
      CreateParticipant(stores(), Admin(), "north", Person(), Chicago());
  EXPECT_EQ(refused.status().code(), StatusCode::kForbidden);
  EXPECT_EQ(LastAudit().action, audit_action::kAccessDenied);
  NewParticipant person = Person();
  person.coach_id = "u-other";
  EXPECT_EQ(CreateParticipant(stores(), Coach(), "north", person, Chicago()).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(LastAudit().target, "coach:u-other");
  person.coach_id = "u-admin";
  EXPECT_EQ(CreateParticipant(stores(), Super(), "north", person, Chicago()).status().field(),
            "coach");
  person = Person();
  person.details.address = "1 Test Lane";
  EXPECT_EQ(CreateParticipant(stores(), Coach(), "north", person, Chicago()).status().field(),
            "address");
  person.enrolment = NewEnrolment{"home", std::nullopt,
                                  HomeVisiting{PregnancyStatus::kPostpartum, std::nullopt,
                                               year{2026} / month{11} / day{20}, 1}};
  Result<CreatedParticipant> home =
      CreateParticipant(stores(), Coach(), "north", person, Chicago());
  ASSERT_TRUE(home.ok()) << home.status().message();
  EXPECT_EQ(home->participant.details.address, "1 Test Lane");
  Result<ParticipantRecord> stored =
      ReadParticipant(stores(), Coach(), "north", home->participant.id);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->participant, home->participant);
  ASSERT_EQ(stored->enrolments.size(), 1u);
  EXPECT_EQ(stored->enrolments[0], *home->enrolment);  // every home-visiting field round-trips
  person.enrolment->program_id = "nope";
  EXPECT_EQ(CreateParticipant(stores(), Coach(), "north", person, Chicago()).status().field(),
            "program");
  person = Person();
  person.referral_id = "0123";
  EXPECT_EQ(CreateParticipant(stores(), Coach(), "north", person, Chicago()).status().field(),
            "referral");
  // None of the refused ones was stored.
  Result<std::vector<CaseloadRow>> caseload =
      ReadCaseload(stores(), Coach(), "north", "", Chicago());
  ASSERT_TRUE(caseload.ok());
  EXPECT_EQ(caseload->size(), 1u);
}

TEST_F(ParticipantsTest, CoachesSeeTheirOwnAndThoseTheyMetSupervisorsAllAdminsNone) {
  const std::string id = MustCreate(Coach());
  EXPECT_EQ(ReadParticipant(stores(), Other(), "north", id).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(LastAudit().action, audit_action::kAccessDenied);
  EXPECT_EQ(LastAudit().target, "participant:" + id);
  EXPECT_EQ(ReadParticipant(stores(), Admin(), "north", id).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(RecordContact(stores(), Other(), "north", id, Met(kAt, std::nullopt), Chicago())
                .status()
                .code(),
            StatusCode::kForbidden);
  EXPECT_TRUE(ReadParticipant(stores(), Super(), "north", id).ok());
  EXPECT_EQ(ReadParticipant(stores(), Super(), "south", id).status().code(), StatusCode::kNotFound);

  // The supervisor hands the participant to the other coach; the first one has met them and still
  // sees them, the history is kept.
  ASSERT_TRUE(
      RecordContact(stores(), Coach(), "north", id, Met(kAt, std::nullopt), Chicago()).ok());
  EXPECT_EQ(AssignParticipant(stores(), Coach(), "north", id, "u-other").status().code(),
            StatusCode::kForbidden);
  Result<std::vector<Assignment>> history =
      AssignParticipant(stores(), Super(kAt + 1h), "north", id, "u-other");
  ASSERT_TRUE(history.ok()) << history.status().message();
  ASSERT_EQ(history->size(), 2u);
  EXPECT_EQ((*history)[0].ended_at, kAt + 1h);
  EXPECT_EQ(LastAudit().action, audit_action::kParticipantAssign);
  EXPECT_EQ(LastAudit().details, R"({"from":"u-coach","to":"u-other"})");
  EXPECT_EQ(AssignParticipant(stores(), Super(), "north", id, "u-other").status().code(),
            StatusCode::kConflict);
  EXPECT_EQ(AssignParticipant(stores(), Super(), "north", id, "u-admin").status().field(), "coach");
  EXPECT_TRUE(ReadParticipant(stores(), Other(), "north", id).ok());
  Result<ParticipantRecord> record = ReadParticipant(stores(), Coach(), "north", id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->assignments, *history);
  EXPECT_EQ(record->summary.coach_id, "u-other");
}

TEST_F(ParticipantsTest, EpisodesRepeatOneOpenAtATimeAndDischargeLeavesTheCaseload) {
  const std::string id = MustCreate(Coach());
  Result<Enrolment> twice =
      Enrol(stores(), Coach(), "north", id, {"ed", std::nullopt, std::nullopt}, Chicago());
  EXPECT_EQ(twice.status().code(), StatusCode::kConflict);
  Result<ParticipantRecord> record = ReadParticipant(stores(), Coach(), "north", id);
  ASSERT_TRUE(record.ok());
  const std::string first = record->enrolments[0].id;
  EXPECT_EQ(DischargeEnrolment(stores(), Coach(), "north", id, "nope", kToday,
                               DischargeReason::kCompleted, Chicago())
                .status()
                .code(),
            StatusCode::kNotFound);
  Result<Enrolment> ended = DischargeEnrolment(stores(), Coach(), "north", id, first, kToday,
                                               DischargeReason::kLostContact, Chicago());
  ASSERT_TRUE(ended.ok()) << ended.status().message();
  EXPECT_EQ(LastAudit().details,
            R"({"enrolment":")" + first + R"(","program":"ed","reason":"lost_contact"})");
  EXPECT_TRUE(ReadCaseload(stores(), Coach(), "north", "", Chicago())->empty());

  Result<Enrolment> again =
      Enrol(stores(), Coach(kAt + 24h), "north", id, {"ed", std::nullopt, std::nullopt}, Chicago());
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(again->started_on, AddDays(kToday, 1));
  EXPECT_EQ(LastAudit().action, audit_action::kEnrolmentStart);
  Result<std::vector<CaseloadRow>> rows =
      ReadCaseload(stores(), Coach(kAt + 24h), "north", "", Chicago());
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].days_engaged, 0);  // the new episode's days, not the first one's
  record = ReadParticipant(stores(), Coach(), "north", id);
  ASSERT_EQ(record->enrolments.size(), 2u);
  EXPECT_EQ(record->enrolments[0].discharge_reason, DischargeReason::kLostContact);
}

TEST_F(ParticipantsTest, APrivateNoteIsSealedInTheFileAndShownToItsAuthorAndSupervisorsOnly) {
  testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "casework.db";
  db_.reset();
  Open(path.string());
  const std::string id = MustCreate(Coach());
  Result<Contact> recorded = RecordContact(stores(), Coach(), "north", id,
                                           Met(kAt, kToday, std::string(kSecret)), Chicago());
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  EXPECT_EQ(recorded->contact.private_note, kSecret);
  EXPECT_TRUE(recorded->sealed_private_note.empty());
  EXPECT_EQ(LastAudit().details, R"({"contact":")" + recorded->id +
                                     R"(","place":"emergency_department","outcome":"completed",)"
                                     R"("private_note":true})");
  ASSERT_TRUE(AssignParticipant(stores(), Super(), "north", id, "u-other").ok());

  auto note_as = [&](const Actor& actor) -> std::string {
    Result<ParticipantRecord> record = ReadParticipant(stores(), actor, "north", id);
    EXPECT_TRUE(record.ok()) << record.status().message();
    if (!record.ok() || record->contacts.empty()) return "(none)";
    EXPECT_TRUE(record->contacts[0].has_private_note);
    EXPECT_TRUE(record->contacts[0].sealed_private_note.empty());
    return record->contacts[0].contact.private_note;
  };
  EXPECT_EQ(note_as(Coach()), kSecret);
  EXPECT_EQ(note_as(Super()), kSecret);
  EXPECT_EQ(note_as(Other()), "");  // sees the participant (assigned), not the note
  Result<std::vector<Contact>> listed = ListContacts(stores(), Other(), "north", id, {});
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].contact.private_note, "");
  EXPECT_EQ((*listed)[0].contact.note, "Talked about a test group");
  Contact expected = *recorded;
  expected.contact.private_note.clear();
  EXPECT_EQ((*listed)[0], expected);  // every field round-trips
  EXPECT_EQ(LastAudit().action, audit_action::kContactsView);

  db_.reset();  // the last connection closes: the WAL is checkpointed into the file
  const std::string bytes = StoredContactBytes(path.string());
  ASSERT_NE(bytes.find("Talked about a test group"), std::string::npos);  // the file is read
  EXPECT_EQ(bytes.find(kSecret), std::string::npos);
  EXPECT_EQ(bytes.find("relapse"), std::string::npos);
}

TEST_F(ParticipantsTest, AReferralsPersonBecomesAParticipantOfItsProgramWithTheCoach) {
  NewReferral sent;
  sent.program_id = "ed";
  sent.partner_id = "mercy-ed";
  sent.first_name = "Testy";
  sent.phone = "555-010-0300";
  sent.language = "es";
  Result<Referral> referral = ReceiveReferral(stores(), Super(kAt - 2h), "north", sent);
  ASSERT_TRUE(referral.ok());
  Result<CreatedParticipant> made =
      CreateParticipantFromReferral(stores(), Coach(), "north", referral->id, Chicago());
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->participant.details.first_name, "Testy");
  EXPECT_EQ(made->participant.details.phone, "555-010-0300");
  EXPECT_EQ(made->participant.details.language, "es");
  EXPECT_EQ(made->participant.referral_id, referral->id);
  ASSERT_TRUE(made->enrolment.has_value());
  EXPECT_EQ(made->enrolment->program_id, "ed");
  EXPECT_EQ((*stores().participants.GetSummary("north", made->participant.id))->coach_id,
            "u-coach");
  EXPECT_EQ((**stores().referrals.Get("north", referral->id)).participant_id, made->participant.id);
  EXPECT_EQ(CreateParticipantFromReferral(stores(), Coach(), "north", referral->id, Chicago())
                .status()
                .code(),
            StatusCode::kConflict);
  EXPECT_EQ(CreateParticipantFromReferral(stores(), Admin(), "north", referral->id, Chicago())
                .status()
                .code(),
            StatusCode::kForbidden);
}

TEST_F(ParticipantsTest, AContactWithAReferredParticipantIsTheReferralsFirstContact) {
  NewReferral sent;
  sent.program_id = "ed";
  sent.partner_id = "mercy-ed";
  sent.first_name = "Testy";
  sent.urgency = Urgency::kNow;
  Result<Referral> referral = ReceiveReferral(stores(), Super(kAt - 2h), "north", sent);
  ASSERT_TRUE(referral.ok());
  NewParticipant person = Person();
  person.referral_id = referral->id;
  const std::string id = MustCreate(Coach(), person);
  Result<Referral> linked = ReadReferral(stores(), Super(), "north", referral->id);
  EXPECT_EQ(linked->participant_id, id);
  EXPECT_EQ(CreateParticipant(stores(), Coach(), "north", person, Chicago()).status().code(),
            StatusCode::kConflict);

  NewContact attempt = Met(kAt, kToday);
  attempt.outcome = ContactOutcome::kAttempted;
  attempt.duration_minutes = 0;
  attempt.supports.clear();
  attempt.activities.clear();
  ASSERT_TRUE(RecordContact(stores(), Coach(), "north", id, attempt, Chicago()).ok());
  EXPECT_EQ(ReadReferral(stores(), Super(), "north", referral->id)->first_contact_at,
            std::nullopt);  // an attempt did not reach the person
  ASSERT_TRUE(RecordContact(stores(), Coach(kAt + 30min), "north", id,
                            Met(kAt + 30min, std::nullopt), Chicago())
                  .ok());
  Result<Referral> reached = ReadReferral(stores(), Super(), "north", referral->id);
  EXPECT_EQ(reached->first_contact_at, kAt + 30min);
  EXPECT_EQ(reached->status, ReferralStatus::kInProgress);
  EXPECT_EQ(reached->assigned_to, "u-coach");
}

TEST_F(ParticipantsTest, TheCaseloadCountsFollowUpsInTheSitesZoneMostOverdueFirst) {
  const std::string due = MustCreate(Coach(), Person("Due"));
  const std::string overdue = MustCreate(Coach(), Person("Overdue"));
  const std::string none = MustCreate(Coach(), Person("None"));
  const std::string later = MustCreate(Coach(), Person("Later"));
  ASSERT_TRUE(
      RecordContact(stores(), Coach(), "north", due, Met(kAt - 48h, kToday), Chicago()).ok());
  ASSERT_TRUE(RecordContact(stores(), Coach(), "north", overdue,
                            Met(kAt - 96h, AddDays(kToday, -3)), Chicago())
                  .ok());
  ASSERT_TRUE(
      RecordContact(stores(), Coach(), "north", later, Met(kAt - 1h, AddDays(kToday, 5)), Chicago())
          .ok());
  const std::string theirs = MustCreate(Other(), Person("Theirs"));
  ASSERT_TRUE(RecordContact(stores(), Other(), "north", theirs, Met(kAt - 96h, AddDays(kToday, -1)),
                            Chicago())
                  .ok());
  NewParticipant unassigned = Person("Nobody");
  unassigned.enrolment.reset();
  ASSERT_FALSE(MustCreate(Super(), unassigned).empty());

  // 23:30 CST: still 1 December in Chicago (already the 2nd in UTC).
  const Instant late = kAt + 13h + 30min;
  Result<std::vector<CaseloadRow>> rows =
      ReadCaseload(stores(), Coach(late), "north", "", Chicago());
  ASSERT_TRUE(rows.ok()) << rows.status().message();
  std::vector<std::string> order;
  for (const CaseloadRow& row : *rows) order.push_back(row.participant_id);
  EXPECT_EQ(order, (std::vector<std::string>{overdue, due, later, none}));
  EXPECT_EQ((*rows)[0].follow_up, (FollowUp{FollowUpState::kOverdue, 3}));
  EXPECT_EQ((*rows)[0].days_since_contact, 4);
  EXPECT_EQ((*rows)[1].follow_up, (FollowUp{FollowUpState::kDueToday, 0}));
  EXPECT_EQ((*rows)[1].first_name, "Due");
  EXPECT_EQ((*rows)[2].follow_up, (FollowUp{FollowUpState::kUpcoming, 5}));
  EXPECT_EQ((*rows)[3].follow_up.state, FollowUpState::kNone);
  EXPECT_EQ((*rows)[3].days_since_contact, std::nullopt);
  EXPECT_EQ((*rows)[3].days_engaged, 0);
  EXPECT_EQ(LastAudit().action, audit_action::kCaseloadView);
  EXPECT_EQ(LastAudit().target, "coach:u-coach");
  EXPECT_EQ(LastAudit().details, R"({"participants":4,"participant_ids":[")" + overdue + R"(",")" +
                                     due + R"(",")" + later + R"(",")" + none + R"("]})");
  // An hour later it is the 2nd in Chicago: yesterday's due follow-up is a day overdue.
  rows = ReadCaseload(stores(), Coach(late + 1h), "north", "u-coach", Chicago());
  EXPECT_EQ((*rows)[1].follow_up, (FollowUp{FollowUpState::kOverdue, 1}));

  EXPECT_EQ(ReadCaseload(stores(), Coach(), "north", "u-other", Chicago()).status().code(),
            StatusCode::kForbidden);
  EXPECT_EQ(LastAudit().target, "coach:u-other");
  EXPECT_EQ(ReadCaseload(stores(), Admin(), "north", "", Chicago()).status().code(),
            StatusCode::kForbidden);
  Result<std::vector<CaseloadRow>> seen =
      ReadCaseload(stores(), Super(late), "north", "u-other", Chicago());
  ASSERT_TRUE(seen.ok());
  ASSERT_EQ(seen->size(), 1u);
  EXPECT_EQ((*seen)[0].participant_id, theirs);

  NewReferral sent;
  sent.program_id = "ed";
  sent.partner_id = "mercy-ed";
  sent.first_name = "Testy";
  ASSERT_TRUE(ReceiveReferral(stores(), Super(), "north", sent).ok());
  Result<SiteOverview> overview = ReadSiteOverview(stores(), Super(late), "north", Chicago());
  ASSERT_TRUE(overview.ok()) << overview.status().message();
  EXPECT_EQ(
      overview->coaches,
      (std::vector<CoachLoad>{{"u-coach", 4, 1, 1}, {"u-other", 1, 0, 1}, {"u-super", 0, 0, 0}}));
  EXPECT_EQ(overview->unassigned, (CoachLoad{"", 1, 0, 0}));
  EXPECT_EQ(overview->unaccepted_referrals, 1);
  EXPECT_EQ(LastAudit().action, audit_action::kSiteOverviewView);
  EXPECT_EQ(ReadSiteOverview(stores(), Coach(), "north", Chicago()).status().code(),
            StatusCode::kForbidden);
  Result<std::vector<CaseloadRow>> nobody =
      ReadUnassigned(stores(), Super(late), "north", Chicago());
  ASSERT_TRUE(nobody.ok());
  ASSERT_EQ(nobody->size(), 1u);
  EXPECT_EQ((*nobody)[0].first_name, "Nobody");
  EXPECT_EQ(LastAudit().details, R"({"participants":1,"participant_ids":[")" +
                                     (*nobody)[0].participant_id + R"("],"unassigned":true})");
  EXPECT_EQ(ReadUnassigned(stores(), Coach(), "north", Chicago()).status().code(),
            StatusCode::kForbidden);
}

}  // namespace
}  // namespace rn::casework
