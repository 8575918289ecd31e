#include "casework/participant.h"

#include <gtest/gtest.h>

namespace rn::casework {
namespace {

using date::day;
using date::month;
using date::year;

const Day kToday = year{2026} / month{12} / day{1};

ParticipantDetails Details() {
  ParticipantDetails details;
  details.first_name = "  Testy ";
  details.last_name = "Fakename";
  details.date_of_birth = year{1990} / month{4} / day{2};
  details.language = "es-mx";
  details.phone = "806-555-0142";
  details.may_leave_message = true;
  return details;
}

Enrolment Episode(std::string program, Day start, std::optional<Day> discharged = std::nullopt) {
  Enrolment enrolment;
  enrolment.id = "e-" + program;
  enrolment.program_id = std::move(program);
  enrolment.started_on = start;
  enrolment.discharged_on = discharged;
  if (discharged) enrolment.discharge_reason = DischargeReason::kCompleted;
  return enrolment;
}

TEST(NormalizeParticipantDetails, TidiesTheFieldsAndNamesTheOneAtFault) {
  ParticipantDetails details = Details();
  ASSERT_TRUE(NormalizeParticipantDetails(&details, kToday).ok());
  EXPECT_EQ(details.first_name, "Testy");
  EXPECT_EQ(details.language, "es-MX");
  EXPECT_TRUE(details.may_leave_message);

  details = Details();
  details.phone = "";
  ASSERT_TRUE(NormalizeParticipantDetails(&details, kToday).ok());
  EXPECT_FALSE(details.may_leave_message);  // no phone, no message

  auto field_of = [](ParticipantDetails d) {
    return NormalizeParticipantDetails(&d, kToday).field();
  };
  ParticipantDetails bad = Details();
  bad.first_name = " ";
  EXPECT_EQ(field_of(bad), "first_name");
  bad = Details();
  bad.date_of_birth = year{2026} / month{12} / day{2};
  EXPECT_EQ(field_of(bad), "date_of_birth");
  bad = Details();
  bad.pronouns = std::string(kMaxPronouns + 1, 'x');
  EXPECT_EQ(field_of(bad), "pronouns");
  bad = Details();
  bad.language = "spanish";
  EXPECT_EQ(field_of(bad), "language");
  bad = Details();
  bad.phone = "call me";
  EXPECT_EQ(field_of(bad), "phone");
  bad = Details();
  bad.do_not_contact = "not\x01now";
  EXPECT_EQ(field_of(bad), "do_not_contact");
  bad = Details();
  bad.address = std::string(kMaxAddress + 1, 'x');
  EXPECT_EQ(field_of(bad), "address");
}

TEST(PossibleDuplicate, IsTheSameFoldedNameAndTheSameDateOfBirth) {
  EXPECT_EQ(NameKey("  José ", "GARCÍA  de la Test"), "jose garcia de la test");
  ParticipantDetails a = Details();
  ParticipantDetails b = Details();
  b.first_name = "TESTY";
  b.last_name = " fakename ";
  EXPECT_TRUE(PossibleDuplicate(a, b));
  b.date_of_birth = year{1990} / month{4} / day{3};
  EXPECT_FALSE(PossibleDuplicate(a, b));
  a.date_of_birth.reset();
  b.date_of_birth.reset();
  EXPECT_FALSE(PossibleDuplicate(a, b));  // without a date of birth, nothing to go on
}

TEST(CheckNewEnrolment, OneOpenEpisodePerProgramAndEpisodesDoNotOverlap) {
  const std::vector<Enrolment> open = {Episode("ed", year{2026} / month{10} / day{1})};
  Status refused = CheckNewEnrolment(Episode("ed", kToday), ProgramKind::kEdCoaching, open, kToday);
  EXPECT_EQ(refused.code(), StatusCode::kConflict);
  EXPECT_EQ(refused.field(), "program");
  EXPECT_TRUE(
      CheckNewEnrolment(Episode("drop-in", kToday), ProgramKind::kCommunity, open, kToday).ok());

  const std::vector<Enrolment> closed = {
      Episode("ed", year{2026} / month{10} / day{1}, year{2026} / month{11} / day{10})};
  EXPECT_TRUE(CheckNewEnrolment(Episode("ed", year{2026} / month{11} / day{10}),
                                ProgramKind::kEdCoaching, closed, kToday)
                  .ok());  // a new episode may start the day the last one ended
  EXPECT_EQ(CheckNewEnrolment(Episode("ed", year{2026} / month{11} / day{9}),
                              ProgramKind::kEdCoaching, closed, kToday)
                .code(),
            StatusCode::kConflict);
  EXPECT_EQ(CheckNewEnrolment(Episode("ed", year{2026} / month{12} / day{2}),
                              ProgramKind::kEdCoaching, {}, kToday)
                .field(),
            "started_on");
}

TEST(CheckNewEnrolment, HomeVisitingRecordsPregnancyAndItsDate) {
  Enrolment home = Episode("home", kToday);
  EXPECT_EQ(CheckNewEnrolment(home, ProgramKind::kHomeVisiting, {}, kToday).field(),
            "pregnancy_status");
  home.home_visiting =
      HomeVisiting{PregnancyStatus::kPregnant, year{2027} / month{5} / day{1}, std::nullopt, 2};
  EXPECT_TRUE(CheckNewEnrolment(home, ProgramKind::kHomeVisiting, {}, kToday).ok());
  EXPECT_EQ(CheckNewEnrolment(home, ProgramKind::kEdCoaching, {}, kToday).field(),
            "pregnancy_status");

  auto field_of = [&](HomeVisiting visiting) {
    Enrolment e = Episode("home", kToday);
    e.home_visiting = visiting;
    return CheckNewEnrolment(e, ProgramKind::kHomeVisiting, {}, kToday).field();
  };
  EXPECT_EQ(field_of({PregnancyStatus::kPregnant, std::nullopt, std::nullopt, 0}), "due_date");
  EXPECT_EQ(field_of({PregnancyStatus::kPregnant, AddDays(kToday, kMaxDaysToDueDate + 1),
                      std::nullopt, 0}),
            "due_date");
  EXPECT_EQ(field_of({PregnancyStatus::kPregnant, AddDays(kToday, 100), AddDays(kToday, -1), 0}),
            "baby_born_on");
  EXPECT_EQ(field_of({PregnancyStatus::kPostpartum, std::nullopt, std::nullopt, 0}),
            "baby_born_on");
  EXPECT_EQ(field_of({PregnancyStatus::kPostpartum, std::nullopt, AddDays(kToday, 1), 0}),
            "baby_born_on");
  EXPECT_EQ(field_of({PregnancyStatus::kPostpartum, std::nullopt, AddDays(kToday, -20), 0}), "");
  EXPECT_EQ(field_of({PregnancyStatus::kNeither, AddDays(kToday, 10), std::nullopt, 0}),
            "due_date");
  EXPECT_EQ(field_of({PregnancyStatus::kNeither, std::nullopt, std::nullopt, -1}),
            "children_under_six");
  EXPECT_EQ(
      field_of({PregnancyStatus::kNeither, std::nullopt, std::nullopt, kMaxChildrenUnderSix + 1}),
      "children_under_six");
}

TEST(Discharge, EndsAnOpenEpisodeOnADayFromItsStartToToday) {
  Enrolment enrolment = Episode("ed", year{2026} / month{11} / day{1});
  EXPECT_EQ(Discharge(&enrolment, year{2026} / month{10} / day{31}, DischargeReason::kMoved, kToday)
                .field(),
            "discharged_on");
  EXPECT_EQ(Discharge(&enrolment, AddDays(kToday, 1), DischargeReason::kMoved, kToday).field(),
            "discharged_on");
  EXPECT_TRUE(enrolment.is_open());
  ASSERT_TRUE(Discharge(&enrolment, kToday, DischargeReason::kLostContact, kToday).ok());
  EXPECT_EQ(enrolment.discharged_on, kToday);
  EXPECT_EQ(enrolment.discharge_reason, DischargeReason::kLostContact);
  EXPECT_EQ(Discharge(&enrolment, kToday, DischargeReason::kMoved, kToday).code(),
            StatusCode::kConflict);
  EXPECT_EQ(kDischargeReasons.Name(DischargeReason::kLostContact), "lost_contact");
}

TEST(CheckAddressAllowed, OnlyForAHomeVisitingParticipant) {
  EXPECT_TRUE(CheckAddressAllowed("", {}).ok());
  EXPECT_EQ(CheckAddressAllowed("1 Test Lane", {ProgramKind::kEdCoaching}).field(), "address");
  EXPECT_TRUE(
      CheckAddressAllowed("1 Test Lane", {ProgramKind::kEdCoaching, ProgramKind::kHomeVisiting})
          .ok());
}

TEST(EngagementOf, IsActiveWhileAnEpisodeIsOpenOrNoneWasEverMade) {
  EXPECT_EQ(EngagementOf({}), (EngagementState{true, std::nullopt}));
  const Day oct = year{2026} / month{10} / day{1};
  const Day nov = year{2026} / month{11} / day{1};
  EXPECT_EQ(EngagementOf({Episode("ed", oct, nov)}), (EngagementState{false, std::nullopt}));
  EXPECT_EQ(
      EngagementOf({Episode("ed", oct, nov), Episode("drop-in", nov), Episode("home", kToday)}),
      (EngagementState{true, nov}));
}

}  // namespace
}  // namespace rn::casework
