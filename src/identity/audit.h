#pragma once
// The audit trail's domain rules: what an audit entry holds, how its hash is computed, and how a
// stored chain is checked. No SQL here: identity/audit_store.h declares where entries are appended
// and loaded.
//
// Every entry carries the hash of the one before it, so editing, deleting or reordering an entry
// breaks the chain at that entry. An audit entry never holds participant data: `target` names a
// record by id and `details` holds counts and codes, never names or clinical content.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/clock.h"
#include "util/status.h"

namespace rn::identity {

// The prev_hash of the first entry: 64 '0's.
inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

// One entry of the audit trail.
struct AuditEvent {
  std::int64_t seq = 0;        // 1, 2, 3, … without gaps; assigned by the store
  std::string at;              // RFC 3339 UTC, "2026-11-23T12:00:00Z"
  std::string actor;           // a user name, "token:<id>", "cli:<OS user>", "import:<source>", …
  std::string action;          // e.g. "directory.import", "auth.login.failure", "access.denied"
  std::string target;          // e.g. "listing:<id>", "source:<name>"; may be empty
  std::string site;            // the site acted in; may be empty
  std::string remote_address;  // the client's address; may be empty
  std::string details;         // a small JSON object as text ("{}" when there is nothing to add)
  std::string prev_hash;       // the previous entry's hash; kAuditGenesisHash for the first
  std::string hash;            // AuditHash of this entry; assigned by the store

  bool operator==(const AuditEvent&) const = default;
};

// What the store keeps apart from the entries: the newest entry's seq (0 when the log is empty,
// which is also the number of entries) and its hash (kAuditGenesisHash when empty). Lets
// VerifyChain notice entries deleted from the end, which the chain itself cannot show.
struct AuditHead {
  std::int64_t last_seq = 0;
  std::string last_hash = std::string(kAuditGenesisHash);
};

// The first place a chain is broken: the seq of the entry that is wrong or missing, and why.
struct AuditBreak {
  std::int64_t seq = 0;
  std::string reason;
};

// `at` as RFC 3339 UTC to the second: "2026-11-23T12:00:00Z".
std::string AuditTimestamp(Instant at);

// Who did what, when, where and from where, as an entry to append (seq and hashes are the store's).
struct AuditFact {
  Instant at;
  std::string actor;
  std::string action;
  std::string target;
  std::string site;
  std::string remote_address;
  std::string details = "{}";
};
AuditEvent MakeAuditEvent(AuditFact fact);

// Who makes a change, when, from where and at which site: the context every audited write and
// audited read is recorded with.
struct Change {
  std::string actor;  // e.g. a user name, "token:<id>", "cli:alice", "public"
  Instant at;
  std::string remote_address;  // the client's, for a change made over HTTP; may be empty
  std::string site = {};       // the site it was made from in the staff console; may be empty
};

// The entry recording `action` on `target` by `change`, at site `site` when it is not empty (else
// change.site). `details` is a JSON object as text.
AuditEvent ChangeEvent(const Change& change, std::string_view action, std::string target,
                       std::string details = "{}", std::string site = "");

// The entry recording that `change.actor` was refused `target` because it lies outside the scope
// of its roles (action access.denied, details {"reason":"scope"}). The one place that entry is
// written out.
AuditEvent ScopeDenial(const Change& change, std::string target);

// The lower-case hex SHA-256 of the entry's canonical encoding, which covers every field but
// `hash`. The encoding is a sequence of netstrings (`<decimal byte length>:<bytes>,`): first
// "recoverynet-audit-v1", then seq in decimal, at, actor, action, target, site, remote_address,
// details and prev_hash, in that order. Pure; thread-safe.
std::string AuditHash(const AuditEvent& event);

// OK when `event` may be appended: at, actor and action are non-empty, and details is a JSON
// object. Otherwise kInvalidArgument naming the field.
Status ValidateAuditEvent(const AuditEvent& event);

// Checks `events` (as stored, ordered by seq) and returns the first break, or nullopt when the
// chain is intact. Entry i (from 0) must have seq i + 1, a prev_hash equal to the previous entry's
// hash (kAuditGenesisHash for the first), and a hash equal to AuditHash of its content. With a
// `head`, the chain must also end exactly at head->last_seq with hash head->last_hash; without one,
// deleting the newest entries cannot be detected. An edited entry whose hash was recomputed to
// match is reported at the next entry (its prev_hash no longer matches) or by the head.
std::optional<AuditBreak> VerifyChain(const std::vector<AuditEvent>& events,
                                      const std::optional<AuditHead>& head);

}  // namespace rn::identity
