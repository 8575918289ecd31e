#include "identity/audit.h"

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <chrono>
#include <cstdio>

#include "identity/audit_actions.h"
#include "identity/secret.h"

namespace rn::identity {
namespace {

constexpr std::string_view kEncodingVersion = "recoverynet-audit-v1";

// Appends `field` to `out` as a netstring: "<length>:<bytes>,".
void AppendNetstring(std::string_view field, std::string* out) {
  out->append(std::to_string(field.size()));
  out->push_back(':');
  out->append(field);
  out->push_back(',');
}

}  // namespace

std::string AuditTimestamp(Instant at) { return FormatUtc(at); }

AuditEvent MakeAuditEvent(AuditFact fact) {
  AuditEvent event;
  event.at = AuditTimestamp(fact.at);
  event.actor = std::move(fact.actor);
  event.action = std::move(fact.action);
  event.target = std::move(fact.target);
  event.site = std::move(fact.site);
  event.remote_address = std::move(fact.remote_address);
  event.details = std::move(fact.details);
  return event;
}

AuditEvent ChangeEvent(const Change& change, std::string_view action, std::string target,
                       std::string details, std::string site) {
  return MakeAuditEvent({change.at, change.actor, std::string(action), std::move(target),
                         site.empty() ? change.site : std::move(site), change.remote_address,
                         std::move(details)});
}

AuditEvent ScopeDenial(const Change& change, std::string target) {
  return ChangeEvent(change, audit_action::kAccessDenied, std::move(target),
                     R"({"reason":"scope"})");
}

std::string AuditHash(const AuditEvent& event) {
  std::string encoding;
  encoding.reserve(192 + event.at.size() + event.actor.size() + event.action.size() +
                   event.target.size() + event.site.size() + event.remote_address.size() +
                   event.details.size() + event.prev_hash.size());
  AppendNetstring(kEncodingVersion, &encoding);
  AppendNetstring(std::to_string(event.seq), &encoding);
  for (const std::string* field :
       {&event.at, &event.actor, &event.action, &event.target, &event.site, &event.remote_address,
        &event.details, &event.prev_hash}) {
    AppendNetstring(*field, &encoding);
  }
  return Sha256Hex(encoding);
}

Status ValidateAuditEvent(const AuditEvent& event) {
  if (event.at.empty()) return Status::Invalid("at", "an audit event needs a time");
  if (event.actor.empty()) return Status::Invalid("actor", "an audit event needs an actor");
  if (event.action.empty()) return Status::Invalid("action", "an audit event needs an action");
  boost::system::error_code error;
  const boost::json::value details = boost::json::parse(event.details, error);
  if (error || !details.is_object()) {
    return Status::Invalid("details", "audit details must be a JSON object");
  }
  return Status::Ok();
}

std::optional<AuditBreak> VerifyChain(const std::vector<AuditEvent>& events,
                                      const std::optional<AuditHead>& head) {
  std::string_view previous_hash = kAuditGenesisHash;
  for (std::size_t index = 0; index < events.size(); ++index) {
    const AuditEvent& event = events[index];
    const auto expected_seq = static_cast<std::int64_t>(index) + 1;
    if (event.seq != expected_seq) {
      const std::string found = "entry " + std::to_string(event.seq);
      return AuditBreak{expected_seq, index == 0
                                          ? "missing: the log starts at " + found
                                          : "missing: entry " + std::to_string(expected_seq - 1) +
                                                " is followed by " + found};
    }
    if (AuditHash(event) != event.hash) {
      return AuditBreak{event.seq, "the stored hash does not match the entry's content"};
    }
    if (event.prev_hash != previous_hash) {
      return AuditBreak{event.seq, index == 0 ? "prev_hash of the first entry is not all zeros"
                                              : "prev_hash does not match the hash of entry " +
                                                    std::to_string(event.seq - 1)};
    }
    previous_hash = event.hash;
  }
  if (!head.has_value()) return std::nullopt;

  const auto count = static_cast<std::int64_t>(events.size());
  const std::string recorded = "the head record says the log ends at entry " +
                               std::to_string(head->last_seq) + ", but it ends at entry " +
                               std::to_string(count);
  if (head->last_seq > count) return AuditBreak{count + 1, "missing: " + recorded};
  if (head->last_seq < count) {
    return AuditBreak{head->last_seq + 1, "not recorded in the head: " + recorded};
  }
  if (head->last_hash != previous_hash) {
    return AuditBreak{count, "the hash does not match the head record"};
  }
  return std::nullopt;
}

}  // namespace rn::identity
