// `recoverynet program …`, `partner …`, `roster …`, `referral …` and `outbox list`: setting a site
// up for casework, taking a referral by telephone, and looking at the outbox, from the command
// line. Writes are audited with the actor "cli:<OS user name>", as staff-account changes are.

#include <iostream>
#include <string>

#include "app/commands.h"
#include "casework/referrals.h"
#include "casework/setup.h"
#include "util/clock.h"
#include "util/text.h"

namespace rn::app {
namespace {

casework::Actor CliActor() { return {CliChange(), "", std::nullopt}; }

identity::Change AtSite(const std::string& site) {
  identity::Change change = CliChange();
  change.site = site;
  return change;
}

// "NAME,WEEKDAY,HH:MM,MINUTES,RANK" as a shift of user NAME.
Result<casework::Shift> ParseShift(Database& database, std::string_view field,
                                   std::string_view text) {
  const std::vector<std::string_view> parts = text::SplitCommas(text);
  const auto invalid = [&] {
    return Status::Invalid(std::string(field),
                           "give NAME,WEEKDAY,HH:MM,MINUTES,RANK (weekday 0 = Sunday)");
  };
  if (parts.size() != 5 || parts[2].size() != 5 || parts[2][2] != ':') return invalid();
  const auto weekday = text::ParseNumber<int>(parts[1], 0, 6);
  const auto hour = text::ParseNumber<int>(parts[2].substr(0, 2), 0, 23);
  const auto minute = text::ParseNumber<int>(parts[2].substr(3, 2), 0, 59);
  const auto duration = text::ParseNumber<int>(parts[3], 1, 1440);
  const auto rank = text::ParseNumber<int>(parts[4], 1, 9);
  if (!weekday || !hour || !minute || !duration || !rank) return invalid();
  Result<std::optional<identity::StoredUser>> user =
      database.identity().accounts.FindUserByName(parts[0]);
  if (!user.ok()) return user.status();
  if (!*user)
    return Status::Invalid(std::string(field), "there is no user named " + std::string(parts[0]));
  return casework::Shift{(*user)->user.id, *weekday, *hour * 60 + *minute, *duration, *rank};
}

// Adds a program or partner (`create`, its kind read with `kinds`) as `command` says.
template <typename Record, typename Kinds>
int AddRecord(const RecordAddCommand& command, const Kinds& kinds, std::string_view what,
              Result<Record> (*create)(casework::Stores&, const identity::Change&, Record)) {
  auto kind = kinds.Parse("kind", command.kind);
  if (!kind.ok()) return Fail(kind.status());
  auto database = OpenExistingDatabase(command.db);
  if (!database.ok()) return Fail(database.status());
  auto record =
      create((*database)->casework(), AtSite(command.site), {command.id, "", command.name, *kind});
  if (!record.ok()) return Fail(record.status());
  std::cout << what << " " << record->id << " added at " << command.site << "\n";
  return 0;
}

}  // namespace

int RunProgramAdd(const RecordAddCommand& command) {
  return AddRecord(command, casework::kProgramKinds, "program", &casework::CreateProgram);
}

int RunPartnerAdd(const RecordAddCommand& command) {
  return AddRecord(command, casework::kPartnerKinds, "partner", &casework::CreatePartner);
}

int RunRosterSet(const RosterSetCommand& command) {
  auto database = OpenExistingDatabase(command.db);
  if (!database.ok()) return Fail(database.status());
  std::vector<casework::Shift> shifts;
  for (std::size_t i = 0; i < command.shifts.size(); ++i) {
    auto shift = ParseShift(**database, "--shift " + std::to_string(i + 1), command.shifts[i]);
    if (!shift.ok()) return Fail(shift.status());
    shifts.push_back(std::move(*shift));
  }
  auto roster = casework::SetRoster((*database)->casework(), AtSite(command.site), command.program,
                                    std::move(shifts));
  if (!roster.ok()) return Fail(roster.status());
  std::cout << "roster of " << command.program << " at " << command.site << ": " << roster->size()
            << " shifts\n";
  return 0;
}

int RunReferralAdd(const ReferralAddCommand& command) {
  casework::NewReferral sent;
  sent.program_id = command.program;
  sent.partner_id = command.partner;
  sent.first_name = command.first_name;
  sent.phone = command.phone;
  sent.language = command.language;
  sent.partner_reference = command.partner_reference;
  sent.consent_to_contact = command.consent_to_contact;
  auto setting = casework::kSettings.Parse("setting", command.setting);
  auto urgency = casework::kUrgencies.Parse("urgency", command.urgency);
  auto reason = casework::kReferralReasons.Parse("reason", command.reason);
  for (const Status& status :
       {setting.status_or_ok(), urgency.status_or_ok(), reason.status_or_ok()}) {
    if (!status.ok()) return Fail(status);
  }
  sent.setting = *setting;
  sent.urgency = *urgency;
  sent.reason = *reason;
  const casework::PagingSettings paging{std::chrono::minutes(command.timeout_minutes), nullptr};
  auto database = OpenExistingDatabase(command.db, paging);
  if (!database.ok()) return Fail(database.status());
  auto referral =
      casework::ReceiveReferral((*database)->casework(), CliActor(), command.site, std::move(sent));
  if (!referral.ok()) return Fail(referral.status());
  std::cout << referral->id << "\n";
  return 0;
}

int RunReferralStatus(const ReferralStatusCommand& command) {
  auto to = casework::kReferralStatuses.Parse("status", command.status);
  if (!to.ok()) return Fail(to.status());
  std::optional<casework::ReferralOutcome> outcome;
  if (!command.outcome.empty()) {
    auto parsed = casework::kReferralOutcomes.Parse("outcome", command.outcome);
    if (!parsed.ok()) return Fail(parsed.status());
    outcome = *parsed;
  }
  auto database = OpenExistingDatabase(command.db);
  if (!database.ok()) return Fail(database.status());
  auto referral = casework::ChangeReferralStatus((*database)->casework(), CliActor(), command.site,
                                                 command.id, *to, outcome);
  if (!referral.ok()) return Fail(referral.status());
  std::cout << "referral " << referral->id << ": "
            << casework::kReferralStatuses.Name(referral->status) << "\n";
  return 0;
}

int RunOutboxList(const std::string& db, int limit) {
  auto database = OpenExistingDatabase(db);
  if (!database.ok()) return Fail(database.status());
  auto messages = (*database)->outbox().ListRecent(limit);
  if (!messages.ok()) return Fail(messages.status());
  for (const notify::OutboxMessage& message : *messages) {
    std::cout << message.id << "\t" << notify::ChannelName(message.channel) << "\t"
              << notify::MessageStateName(message.state) << "\t" << message.attempts << "\t"
              << FormatUtc(message.due) << "\t" << message.about << "\n";
  }
  return 0;
}

}  // namespace rn::app
