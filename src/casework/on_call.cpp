#include "casework/on_call.h"

#include <algorithm>

namespace rn::casework {
namespace {

constexpr int kMinutesPerDay = 24 * 60;

}  // namespace

Status ValidateShift(const Shift& shift) {
  if (shift.user_id.empty()) return Status::Invalid("user", "is required");
  if (shift.weekday < 0 || shift.weekday > 6) {
    return Status::Invalid("weekday", "must be 0 (Sunday) to 6 (Saturday)");
  }
  if (shift.start_minute < 0 || shift.start_minute >= kMinutesPerDay) {
    return Status::Invalid("start", "must be a time of day, 00:00 to 23:59");
  }
  if (shift.duration_minutes < 1 || shift.duration_minutes > kMinutesPerDay) {
    return Status::Invalid("duration_minutes", "must be 1 minute to 24 hours");
  }
  if (shift.rank < 1 || shift.rank > 9) return Status::Invalid("rank", "must be 1 to 9");
  return Status::Ok();
}

std::vector<std::string> OnCallAt(const std::vector<Shift>& roster, Instant at,
                                  const date::time_zone* zone) {
  struct Covering {
    int rank;
    Instant start;
    const std::string* user;
  };
  std::vector<Covering> covering;
  const date::local_days today{LocalDay(at, zone)};
  for (const Shift& shift : roster) {
    // A shift is at most a day long, so only one that started today or yesterday can cover `at`.
    for (const date::local_days day : {today - date::days{1}, today}) {
      if (static_cast<int>(date::weekday{day}.c_encoding()) != shift.weekday) continue;
      const date::local_seconds local_start = day + std::chrono::minutes{shift.start_minute};
      const Instant start = LocalInstant(local_start, zone);
      const Instant end =
          LocalInstant(local_start + std::chrono::minutes{shift.duration_minutes}, zone);
      if (start <= at && at < end) covering.push_back({shift.rank, start, &shift.user_id});
    }
  }
  std::stable_sort(covering.begin(), covering.end(), [](const Covering& a, const Covering& b) {
    return a.rank != b.rank ? a.rank < b.rank : a.start < b.start;
  });
  std::vector<std::string> users;
  for (const Covering& c : covering) {
    if (std::find(users.begin(), users.end(), *c.user) == users.end()) users.push_back(*c.user);
  }
  return users;
}

std::vector<PageStep> EscalationPlan(const std::vector<std::string>& on_call,
                                     const std::vector<std::string>& supervisors, Instant received,
                                     std::chrono::minutes timeout) {
  std::vector<PageStep> plan;
  Instant due = received;
  for (const std::string& user : on_call) {
    plan.push_back({{user}, false, due});
    due += timeout;
  }
  if (!supervisors.empty()) plan.push_back({supervisors, true, due});
  return plan;
}

}  // namespace rn::casework
