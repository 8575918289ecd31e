#include "casework_seed.h"

#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>

#include "casework/calendar.h"
#include "casework/contacts.h"
#include "casework/participants.h"
#include "identity/audit.h"
#include "identity/site_zone.h"
#include "synthetic.h"

namespace rn::bench {
namespace {

namespace cw = casework;
using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

// The outer unit of work's own audit entry: one per batch.
constexpr std::string_view kSeedAction = "bench.seed";

struct Coach {
  std::string login;
  std::string user_id;
};

// A coach acting at `at`, as the console's session would make it.
cw::Actor CoachAt(const Coach& coach, Instant at) {
  cw::Actor actor;
  actor.change = {coach.login, at, "127.0.0.1", ""};
  actor.user_id = coach.user_id;
  actor.participants = cw::ParticipantScope::kOwn;
  return actor;
}

Instant RandomInstantBetween(Random& random, Instant from, Instant to) {
  if (to <= from) return from;
  const auto span = (to - from).count();
  return from + seconds(static_cast<std::int64_t>(random.Uniform() * static_cast<double>(span)));
}

// How many contacts each participant has: about the same on average, `total` in all, at least one
// each (when there are enough).
std::vector<int> ContactCounts(Random& random, int participants, int total) {
  std::vector<int> weights(static_cast<std::size_t>(participants));
  double weight_sum = 0;
  for (int& weight : weights) {
    weight = random.Between(5, 35);
    weight_sum += weight;
  }
  std::vector<int> counts(weights.size());
  int assigned = 0;
  for (std::size_t index = 0; index < weights.size(); ++index) {
    counts[index] = std::max(
        total >= participants ? 1 : 0,
        static_cast<int>(std::lround(weights[index] * static_cast<double>(total) / weight_sum)));
    assigned += counts[index];
  }
  // Rounding leaves a few over or under: take them from (or give them to) the first ones.
  for (std::size_t index = 0; assigned != total && !counts.empty();
       index = (index + 1) % counts.size()) {
    if (assigned < total) {
      ++counts[index];
      ++assigned;
    } else if (counts[index] > 1) {
      --counts[index];
      --assigned;
    }
  }
  return counts;
}

cw::NewContact MakeContact(Random& random, Instant at, cw::Day day, bool last, bool active,
                           int number) {
  cw::NewContact contact;
  contact.at = at;
  static constexpr cw::ContactPlace kPlaces[] = {
      cw::ContactPlace::kPhone,     cw::ContactPlace::kPhone,
      cw::ContactPlace::kText,      cw::ContactPlace::kOffice,
      cw::ContactPlace::kCommunity, cw::ContactPlace::kHomeVisit,
      cw::ContactPlace::kVideo,     cw::ContactPlace::kEmergencyDepartment};
  contact.place = kPlaces[random.Next() % std::size(kPlaces)];
  if (random.Chance(0.25)) {
    contact.outcome = cw::ContactOutcome::kAttempted;
    contact.duration_minutes = random.Between(0, 5);
  } else {
    contact.outcome = cw::ContactOutcome::kCompleted;
    contact.duration_minutes = random.Between(10, 90);
    contact.supports.push_back(cw::SupportKind::kEmotional);
    if (random.Chance(0.4)) contact.supports.push_back(cw::SupportKind::kInformational);
    if (random.Chance(0.15)) contact.supports.push_back(cw::SupportKind::kInstrumental);
    contact.activities.push_back(cw::PeerActivity::kMentoring);
    if (random.Chance(0.3)) contact.activities.push_back(cw::PeerActivity::kConnectingResources);
    if (random.Chance(0.5)) contact.note = "Synthetic contact note " + std::to_string(number) + ".";
    if (random.Chance(0.03)) {
      contact.private_note = "Synthetic private note " + std::to_string(number) + ".";
    }
  }
  // A follow-up a few days on; the last one of an active participant decides whether the coach's
  // caseload shows it overdue, due today or upcoming.
  if (!last) {
    contact.follow_up_on = cw::AddDays(day, random.Between(3, 14));
  } else if (active && random.Chance(0.9)) {
    contact.follow_up_on = cw::AddDays(day, random.Between(0, 21));
  }
  return contact;
}

struct SeedCounts {
  int participants = 0;
  int active = 0;
  int contacts = 0;
  int private_notes = 0;
  int discharged = 0;
};

// One participant, its contacts and (when not active) its discharge, each a use case.
Status SeedParticipant(cw::Stores& stores, const CaseworkSeedOptions& options, Random& random,
                       const date::time_zone* zone, const Coach& coach, int number,
                       int contact_count, bool active, SeedCounts* counts) {
  const Instant now = options.now;
  Instant start;
  Instant end;
  if (active) {
    start = RandomInstantBetween(random, now - days(330), now - days(20));
    end = RandomInstantBetween(random, std::max(start + days(1), now - days(14)), now - hours(2));
  } else {
    start = RandomInstantBetween(random, now - days(720), now - days(60));
    end = std::min(start + days(random.Between(20, 300)), now - days(2));
  }

  cw::NewParticipant created;
  char last_name[32];
  std::snprintf(last_name, sizeof last_name, "Person %05d", number);
  created.details.first_name = "Synthetic";
  created.details.last_name = last_name;
  created.details.language = random.Chance(0.15) ? "es" : "en";
  if (random.Chance(0.7)) {
    created.details.date_of_birth =
        cw::AddDays(cw::LocalDay(start, zone), -random.Between(18 * 365, 70 * 365));
  }
  created.coach_id = coach.user_id;
  created.enrolment = cw::NewEnrolment{options.program_id, std::nullopt, std::nullopt};
  Result<cw::CreatedParticipant> participant = cw::CreateParticipant(
      stores, CoachAt(coach, start), options.site_id, std::move(created), zone);
  if (!participant.ok()) return participant.status();
  ++counts->participants;
  const std::string& participant_id = participant->participant.id;

  // Contacts spread over [start, end], in order, each recorded a few minutes after it happened.
  std::vector<Instant> times;
  times.reserve(static_cast<std::size_t>(contact_count));
  for (int index = 0; index < contact_count; ++index) {
    times.push_back(RandomInstantBetween(random, start + minutes(30), end));
  }
  std::sort(times.begin(), times.end());
  for (int index = 0; index < contact_count; ++index) {
    const Instant at = times[static_cast<std::size_t>(index)];
    cw::NewContact contact = MakeContact(random, at, cw::LocalDay(at, zone),
                                         index + 1 == contact_count, active, counts->contacts + 1);
    const bool private_note = !contact.private_note.empty();
    Result<cw::Contact> recorded =
        cw::RecordContact(stores, CoachAt(coach, std::min(at + minutes(5), now)), options.site_id,
                          participant_id, std::move(contact), zone);
    if (!recorded.ok()) return recorded.status();
    ++counts->contacts;
    if (private_note) ++counts->private_notes;
  }

  if (active) {
    ++counts->active;
    return Status::Ok();
  }
  const Instant discharged_at = std::min(end + days(1), now);
  static constexpr cw::DischargeReason kReasons[] = {
      cw::DischargeReason::kCompleted, cw::DischargeReason::kCompleted,
      cw::DischargeReason::kLostContact, cw::DischargeReason::kWithdrew};
  Result<cw::Enrolment> discharged =
      cw::DischargeEnrolment(stores, CoachAt(coach, discharged_at), options.site_id, participant_id,
                             participant->enrolment->id, cw::LocalDay(discharged_at, zone),
                             kReasons[random.Next() % std::size(kReasons)], zone);
  if (!discharged.ok()) return discharged.status();
  ++counts->discharged;
  return Status::Ok();
}

}  // namespace

Result<CaseworkSeedSummary> SeedCasework(cw::Stores& stores, const CaseworkSeedOptions& options) {
  const auto started = std::chrono::steady_clock::now();
  Result<const date::time_zone*> zone = identity::SiteTimeZone(stores.accounts, options.site_id);
  if (!zone.ok()) return zone.status();
  std::vector<Coach> coaches;
  for (const std::string& login : options.coaches) {
    Result<std::optional<identity::StoredUser>> user = stores.accounts.FindUserByName(login);
    if (!user.ok()) return user.status();
    if (!*user) return Status::NotFound("there is no user " + login);
    coaches.push_back({login, (*user)->user.id});
  }
  if (coaches.empty()) return Status::Invalid("coaches", "name at least one coach");

  Random random(options.seed);
  const std::vector<int> contact_counts =
      ContactCounts(random, options.participants, options.contacts);
  // Per coach, every 1/active_share-th of its participants is still active.
  const int active_every =
      options.active_share > 0
          ? std::max(1, static_cast<int>(std::lround(1 / options.active_share)))
          : 0;
  std::map<std::string, int> caseloads;
  SeedCounts counts;
  CaseworkSeedSummary summary;
  const int batch = std::max(1, options.batch);
  for (int first = 0; first < options.participants; first += batch) {
    const int last = std::min(options.participants, first + batch);
    const SeedCounts before = counts;
    Status batch_status = stores.unit_of_work.Run([&]() -> Result<identity::AuditEvent> {
      for (int index = first; index < last; ++index) {
        const Coach& coach = coaches[static_cast<std::size_t>(index) % coaches.size()];
        const int nth_of_coach = index / static_cast<int>(coaches.size());
        const bool active = active_every > 0 && nth_of_coach % active_every == 0;
        RN_RETURN_IF_ERROR(SeedParticipant(stores, options, random, *zone, coach, index + 1,
                                           contact_counts[static_cast<std::size_t>(index)], active,
                                           &counts));
        if (active) ++caseloads[coach.login];
      }
      identity::Change change{"bench", options.now, "", options.site_id};
      return identity::ChangeEvent(change, kSeedAction, "site:" + options.site_id,
                                   boost::json::serialize(boost::json::object{
                                       {"participants", counts.participants - before.participants},
                                       {"contacts", counts.contacts - before.contacts}}));
    });
    if (!batch_status.ok()) return batch_status;
    ++summary.batches;
  }
  summary.participants = counts.participants;
  summary.active_participants = counts.active;
  summary.contacts = counts.contacts;
  summary.private_notes = counts.private_notes;
  summary.discharged = counts.discharged;
  summary.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  for (const Coach& coach : coaches)
    summary.caseloads.emplace_back(coach.login, caseloads[coach.login]);
  return summary;
}

}  // namespace rn::bench
