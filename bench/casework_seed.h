#pragma once
// The casework benchmark's data (bench/README.md, "Casework"): a site's participants, their
// enrolments and contacts, made through casework's own use cases (CreateParticipant,
// RecordContact, DischargeEnrolment) as the site's coaches would have made them over the past
// months, each use case with its audit entry. The use cases are batched: each batch of
// participants runs inside one outer unit of work, whose own entry (action "bench.seed") records
// the batch, so each use case's transaction is a savepoint of it (storage/sql/connection.h) and
// a batch costs one commit.
//
// Deterministic from the seed (bench/synthetic.h Random), apart from the random ids the use cases
// assign. Names are visibly fake ("Synthetic", "Person 00042").

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "casework/stores.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::bench {

struct CaseworkSeedOptions {
  std::string site_id;
  std::string program_id;            // the enrolments' program (not home visiting)
  std::vector<std::string> coaches;  // logins of the site's coaches; participants go round-robin
  int participants = 10000;
  int contacts = 200000;  // in all, spread over the participants (about evenly)
  // Each coach's participants that are still enrolled (the rest were discharged, as most of a
  // site's history is): the caseload a coach sees.
  double active_share = 0.1;
  int batch = 100;  // participants (with their contacts) per outer unit of work
  std::uint64_t seed = 7;
  Instant now{};  // "today": contacts lie in the year before it
};

struct CaseworkSeedSummary {
  int participants = 0;
  int active_participants = 0;
  int contacts = 0;
  int private_notes = 0;
  int discharged = 0;
  int batches = 0;
  double seconds = 0;
  // Participants per coach login that are active (its caseload's size).
  std::vector<std::pair<std::string, int>> caseloads;
};

// Seeds `options.participants` participants and `options.contacts` contacts at the site through
// `stores`. kNotFound when a coach login or the site does not exist; any use case's error ends the
// seeding (the batch under way is rolled back, earlier batches stay).
Result<CaseworkSeedSummary> SeedCasework(casework::Stores& stores,
                                         const CaseworkSeedOptions& options);

}  // namespace rn::bench
