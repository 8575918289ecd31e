// Contacts, assignments, caseload rows and who sees what: the pure rules, with pinned instants in
// the site's zone (an injected clock: nothing here reads the machine's).

#include "casework/caseload.h"

#include <gtest/gtest.h>

#include "casework/contact.h"

namespace rn::casework {
namespace {

using namespace std::chrono_literals;
using date::day;
using date::month;
using date::year;

const date::time_zone* Chicago() { return date::locate_zone("America/Chicago"); }

// 23:30 CST on Tuesday 1 December 2026 (05:30 UTC on the 2nd).
const Instant kNow = date::sys_days{year{2026} / month{12} / day{2}} + 5h + 30min;
const Day kToday = year{2026} / month{12} / day{1};

NewContact Completed(Instant at, std::optional<Day> follow_up = std::nullopt) {
  NewContact contact;
  contact.at = at;
  contact.duration_minutes = 30;
  contact.place = ContactPlace::kEmergencyDepartment;
  contact.supports = {SupportKind::kInformational, SupportKind::kEmotional,
                      SupportKind::kEmotional};
  contact.activities = {PeerActivity::kConnectingResources};
  contact.follow_up_on = follow_up;
  return contact;
}

NewContact Attempted(Instant at, std::optional<Day> follow_up = std::nullopt) {
  NewContact contact;
  contact.at = at;
  contact.outcome = ContactOutcome::kAttempted;
  contact.place = ContactPlace::kPhone;
  contact.follow_up_on = follow_up;
  return contact;
}

TEST(NormalizeNewContact, ChecksEachFieldAndNamesIt) {
  NewContact contact = Completed(kNow, kToday);
  contact.note = "  Met in the ED.\r\nTest note. ";
  ASSERT_TRUE(NormalizeNewContact(&contact, kNow, Chicago()).ok());
  EXPECT_EQ(contact.supports,
            (std::vector<SupportKind>{SupportKind::kEmotional, SupportKind::kInformational}));
  EXPECT_EQ(contact.note, "Met in the ED.\nTest note.");

  auto field_of = [](NewContact c) { return NormalizeNewContact(&c, kNow, Chicago()).field(); };
  EXPECT_EQ(field_of(Completed(kNow + kContactClockSkew)), "");
  EXPECT_EQ(field_of(Completed(kNow + kContactClockSkew + 1s)), "at");
  NewContact bad = Completed(kNow);
  bad.duration_minutes = 0;
  EXPECT_EQ(field_of(bad), "duration_minutes");  // a completed contact lasts
  bad.duration_minutes = kMaxContactMinutes + 1;
  EXPECT_EQ(field_of(bad), "duration_minutes");
  EXPECT_EQ(field_of(Attempted(kNow)), "");  // an attempt may take no time…
  bad = Attempted(kNow);
  bad.supports = {SupportKind::kEmotional};
  EXPECT_EQ(field_of(bad), "supports");  // …and gives no support
  bad = Attempted(kNow);
  bad.activities = {PeerActivity::kMentoring};
  EXPECT_EQ(field_of(bad), "activities");
  bad = Completed(kNow);
  bad.note = std::string(kMaxContactNote + 1, 'x');
  EXPECT_EQ(field_of(bad), "note");
  bad = Completed(kNow);
  bad.private_note = "bad\x7f";
  EXPECT_EQ(field_of(bad), "private_note");
}

TEST(NormalizeNewContact, TheFollowUpIsNotBeforeTheContactsDayInTheSitesZone) {
  // At 23:30 on 1 December in Chicago it is already the 2nd in UTC: the 1st is still allowed.
  NewContact late = Completed(kNow, kToday);
  EXPECT_TRUE(NormalizeNewContact(&late, kNow, Chicago()).ok());
  NewContact early = Completed(kNow, AddDays(kToday, -1));
  EXPECT_EQ(NormalizeNewContact(&early, kNow, Chicago()).field(), "follow_up_on");
}

TEST(Visibility, CoachesSeeTheirOwnSupervisorsTheSiteOthersNothing) {
  const Viewer coach{"u-coach", ParticipantScope::kOwn};
  EXPECT_TRUE(MaySeeParticipant(coach, "u-coach", false));
  EXPECT_TRUE(MaySeeParticipant(coach, "u-other", true));  // has recorded a contact with them
  EXPECT_FALSE(MaySeeParticipant(coach, "u-other", false));
  EXPECT_FALSE(MaySeeParticipant(coach, "", false));
  // A token acting as a coach has no user id: it is nobody's coach, even of the unassigned.
  EXPECT_FALSE(MaySeeParticipant({"", ParticipantScope::kOwn}, "", true));
  EXPECT_TRUE(MaySeeParticipant({"u-super", ParticipantScope::kSite}, "", false));
  EXPECT_FALSE(MaySeeParticipant({"u-admin", ParticipantScope::kNone}, "u-admin", true));

  EXPECT_TRUE(MaySeePrivateNote(coach, "u-coach"));
  EXPECT_FALSE(MaySeePrivateNote(coach, "u-other"));
  EXPECT_FALSE(MaySeePrivateNote({"", ParticipantScope::kOwn}, ""));
  EXPECT_TRUE(MaySeePrivateNote({"u-super", ParticipantScope::kSite}, "u-coach"));
  EXPECT_FALSE(MaySeePrivateNote({"u-coach", ParticipantScope::kNone}, "u-coach"));
}

TEST(Reassign, ClosesTheCurrentAssignmentAndKeepsTheHistory) {
  std::vector<Assignment> history;
  Result<std::optional<Assignment>> first = Reassign(&history, "p1", "u-a", kNow, "test.super");
  ASSERT_TRUE(first.ok() && *first);
  EXPECT_EQ(CurrentAssignment(history)->coach_id, "u-a");
  Result<std::optional<Assignment>> again = Reassign(&history, "p1", "u-a", kNow + 1h, "x");
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  EXPECT_EQ(again.status().field(), "coach");
  ASSERT_TRUE(Reassign(&history, "p1", "u-b", kNow + 1h, "test.super").ok());
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].ended_at, kNow + 1h);
  EXPECT_EQ(history[1], (Assignment{"p1", "u-b", kNow + 1h, std::nullopt, "test.super"}));
  Result<std::optional<Assignment>> none = Reassign(&history, "p1", "", kNow + 2h, "test.super");
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  EXPECT_EQ(CurrentAssignment(history), nullptr);
  EXPECT_EQ(history[1].ended_at, kNow + 2h);
  EXPECT_EQ(Reassign(&history, "p1", "", kNow + 3h, "x").status().code(), StatusCode::kConflict);
}

TEST(ApplyContact, TheLatestContactSetsTheFollowUpAndAnAttemptCounts) {
  ParticipantSummary summary;
  ApplyContact(&summary, Completed(kNow - 72h, AddDays(kToday, -1)));
  EXPECT_EQ(summary.last_reached_at, kNow - 72h);
  ApplyContact(&summary, Attempted(kNow - 24h, AddDays(kToday, 2)));
  EXPECT_EQ(summary.last_contact_at, kNow - 24h);
  EXPECT_EQ(summary.last_contact_outcome, ContactOutcome::kAttempted);
  EXPECT_EQ(summary.last_reached_at, kNow - 72h);  // the attempt did not reach the person
  EXPECT_EQ(summary.next_follow_up, AddDays(kToday, 2));
  // An earlier contact recorded late does not overtake the latest one's follow-up…
  ApplyContact(&summary, Completed(kNow - 48h, AddDays(kToday, 7)));
  EXPECT_EQ(summary.next_follow_up, AddDays(kToday, 2));
  EXPECT_EQ(summary.last_contact_at, kNow - 24h);
  EXPECT_EQ(summary.last_reached_at, kNow - 48h);
  // …and a latest contact without a follow-up clears it.
  ApplyContact(&summary, Completed(kNow - 1h));
  EXPECT_EQ(summary.next_follow_up, std::nullopt);
}

TEST(CaseloadRowOf, CountsDueTodayOverdueAndDaysInTheSitesZone) {
  CaseloadEntry entry{"p1", "Testy", "Fakename", {}};
  entry.summary.coach_id = "u-coach";
  entry.summary.last_contact_at = kNow - 25h;  // 22:30 CST on 30 November
  entry.summary.last_contact_outcome = ContactOutcome::kAttempted;
  entry.summary.last_reached_at = date::sys_days{year{2026} / month{11} / day{20}} + 18h;
  entry.summary.next_follow_up = kToday;
  entry.summary.engagement = {true, year{2026} / month{11} / day{1}};

  CaseloadRow row = CaseloadRowOf(entry, kNow, Chicago());
  EXPECT_EQ(row.participant_id, "p1");
  EXPECT_EQ(row.first_name, "Testy");
  EXPECT_EQ(row.days_since_contact, 1);
  EXPECT_EQ(row.days_since_reached, 11);
  EXPECT_EQ(row.follow_up, (FollowUp{FollowUpState::kDueToday, 0}));
  EXPECT_EQ(row.days_engaged, 30);

  // Thirty-one minutes later it is 2 December in Chicago: the follow-up is a day overdue.
  row = CaseloadRowOf(entry, kNow + 31min, Chicago());
  EXPECT_EQ(row.follow_up, (FollowUp{FollowUpState::kOverdue, 1}));
  EXPECT_EQ(row.days_since_contact, 2);
  EXPECT_EQ(row.days_engaged, 31);
  // The same instant in UTC is already the 2nd; in Chicago, not yet.
  EXPECT_EQ(CaseloadRowOf(entry, kNow, date::locate_zone("UTC")).follow_up.state,
            FollowUpState::kOverdue);

  entry.summary = {};
  row = CaseloadRowOf(entry, kNow, Chicago());
  EXPECT_EQ(row.follow_up.state, FollowUpState::kNone);
  EXPECT_EQ(row.days_since_contact, std::nullopt);
  EXPECT_EQ(row.days_engaged, std::nullopt);
}

TEST(ContactCodes, AreTheIssuesVocabulary) {
  EXPECT_EQ(kContactPlaces.Choices(),
            "emergency_department, home_visit, community, office, phone, video, text");
  EXPECT_EQ(kContactOutcomes.Choices(), "attempted, completed");
  EXPECT_EQ(kSupportKinds.Choices(), "emotional, informational, instrumental, affiliational");
  EXPECT_EQ(kPeerActivities.Choices(),
            "mentoring, connecting_resources, recovery_group, building_community");
}

TEST(ParticipantScopeAt, SupervisorsSeeTheSiteCoachesTheirOwnOthersNothing) {
  using identity::Role;
  using S = ParticipantScope;
  EXPECT_EQ(ParticipantScopeAt({{"u", Role::kCoach, "north", {}}}, "north"), S::kOwn);
  EXPECT_EQ(ParticipantScopeAt({{"u", Role::kCoach, "north", {}}}, "south"), S::kNone);
  EXPECT_EQ(ParticipantScopeAt(
                {{"u", Role::kCoach, "north", {}}, {"u", Role::kSupervisor, "north", {}}}, "north"),
            S::kSite);
  for (Role role : {Role::kSiteAdmin, Role::kReferrer, Role::kDirectoryEditor}) {
    EXPECT_EQ(ParticipantScopeAt({{"u", role, "north", {}}}, "north"), S::kNone);
  }
  EXPECT_EQ(ParticipantScopeAt({{"u", Role::kNetworkAdmin, "", {}}}, "north"), S::kNone);
}

}  // namespace
}  // namespace rn::casework
