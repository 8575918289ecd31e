#include "identity/audit.h"

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "identity/audit_actions.h"

namespace rn::identity {
namespace {

AuditEvent Unchained(int index) {
  AuditEvent event;
  event.at = "2026-11-23T12:00:0" + std::to_string(index % 10) + "Z";
  event.actor = index % 2 == 0 ? "import:test-feed" : "tester";
  event.action = index % 2 == 0 ? "directory.import" : "directory.listing.update";
  event.target = "listing:test-" + std::to_string(index);
  event.site = index % 3 == 0 ? "" : "Test Site";
  event.remote_address = index % 3 == 0 ? "" : "192.0.2.7";
  event.details = "{\"n\":" + std::to_string(index) + "}";
  return event;
}

// A valid chain of `count` entries, linked the way the store links them.
std::vector<AuditEvent> Chain(int count) {
  std::vector<AuditEvent> events;
  std::string previous(kAuditGenesisHash);
  for (int index = 0; index < count; ++index) {
    AuditEvent event = Unchained(index);
    event.seq = index + 1;
    event.prev_hash = previous;
    event.hash = AuditHash(event);
    previous = event.hash;
    events.push_back(std::move(event));
  }
  return events;
}

AuditHead HeadOf(const std::vector<AuditEvent>& events) {
  AuditHead head;
  if (!events.empty()) {
    head.last_seq = events.back().seq;
    head.last_hash = events.back().hash;
  }
  return head;
}

// "intact", or "entry SEQ: REASON" as `recoverynet audit verify` prints it.
std::string Describe(const std::optional<AuditBreak>& broken) {
  if (!broken.has_value()) return "intact";
  return "entry " + std::to_string(broken->seq) + ": " + broken->reason;
}

TEST(AuditHashTest, MatchesTheDocumentedEncoding) {
  AuditEvent event;
  event.seq = 1;
  event.at = "2026-11-23T12:00:00Z";
  event.actor = "import:test-feed";
  event.action = "directory.import";
  event.target = "source:test-feed";
  event.details = R"({"imported":2})";
  event.prev_hash = std::string(kAuditGenesisHash);
  // Computed independently with Python's hashlib over the netstrings
  // 20:recoverynet-audit-v1,1:1,20:2026-11-23T12:00:00Z,16:import:test-feed,16:directory.import,
  // 16:source:test-feed,0:,0:,14:{"imported":2},64:000…000,
  EXPECT_EQ(AuditHash(event), "d9d84d2915d436262f4b4ad00efe2b41bd0e99e586fa615ad99c6c5a1231ad70");
}

TEST(AuditHashTest, IsDeterministicAndIgnoresTheHashField) {
  AuditEvent event = Chain(1).front();
  const std::string hash = AuditHash(event);
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos) << hash;
  EXPECT_EQ(AuditHash(event), hash);
  event.hash = "something else";
  EXPECT_EQ(AuditHash(event), hash);
}

TEST(AuditHashTest, EveryFieldChangesTheHash) {
  const AuditEvent base = Chain(1).front();
  const std::string base_hash = AuditHash(base);
  const std::vector<std::pair<std::string, std::function<void(AuditEvent&)>>> edits = {
      {"seq", [](AuditEvent& e) { e.seq = 2; }},
      {"at", [](AuditEvent& e) { e.at = "2026-11-23T12:00:01Z"; }},
      {"actor", [](AuditEvent& e) { e.actor = "someone-else"; }},
      {"action", [](AuditEvent& e) { e.action = "login.failure"; }},
      {"target", [](AuditEvent& e) { e.target = "listing:other"; }},
      {"site", [](AuditEvent& e) { e.site = "Other Site"; }},
      {"remote_address", [](AuditEvent& e) { e.remote_address = "198.51.100.1"; }},
      {"details", [](AuditEvent& e) { e.details = R"({"n":1})"; }},
      {"prev_hash", [](AuditEvent& e) { e.prev_hash[0] = '1'; }},
  };
  for (const auto& [field, edit] : edits) {
    AuditEvent changed = base;
    edit(changed);
    EXPECT_NE(AuditHash(changed), base_hash) << field;
  }
}

TEST(AuditHashTest, FieldBoundariesAreUnambiguous) {
  // Moving bytes from one field into the next must change the hash.
  AuditEvent a = Chain(1).front();
  AuditEvent b = a;
  a.actor = "ab";
  a.action = "c";
  b.actor = "a";
  b.action = "bc";
  EXPECT_NE(AuditHash(a), AuditHash(b));
  a.site = "";
  a.remote_address = "x";
  b = a;
  b.site = "x";
  b.remote_address = "";
  EXPECT_NE(AuditHash(a), AuditHash(b));
}

TEST(AuditTimestampTest, IsRfc3339Utc) {
  using namespace std::chrono;
  const Instant at = sys_days(year(2026) / 3 / 8) + hours(7) + minutes(5) + seconds(9);
  EXPECT_EQ(AuditTimestamp(at), "2026-03-08T07:05:09Z");
}

TEST(ValidateAuditEventTest, NamesTheMissingOrBadField) {
  AuditEvent event = Unchained(0);
  EXPECT_TRUE(ValidateAuditEvent(event).ok());
  for (const std::string field : {"at", "actor", "action"}) {
    AuditEvent bad = event;
    if (field == "at") bad.at.clear();
    if (field == "actor") bad.actor.clear();
    if (field == "action") bad.action.clear();
    Status status = ValidateAuditEvent(bad);
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << field;
    EXPECT_EQ(status.field(), field);
  }
  for (const std::string details : {"", "[1]", "\"text\"", "{\"open\":", "not json"}) {
    AuditEvent bad = event;
    bad.details = details;
    EXPECT_EQ(ValidateAuditEvent(bad).field(), "details") << details;
  }
}

TEST(VerifyChainTest, AnIntactChainPasses) {
  EXPECT_EQ(Describe(VerifyChain({}, std::nullopt)), "intact");
  EXPECT_EQ(Describe(VerifyChain({}, AuditHead{})), "intact");
  const std::vector<AuditEvent> events = Chain(5);
  EXPECT_EQ(Describe(VerifyChain(events, std::nullopt)), "intact");
  EXPECT_EQ(Describe(VerifyChain(events, HeadOf(events))), "intact");
}

TEST(VerifyChainTest, AnEditedFieldIsNamed) {
  std::vector<AuditEvent> events = Chain(5);
  events[2].details = R"({"n":99})";
  auto broken = VerifyChain(events, HeadOf(Chain(5)));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
  EXPECT_NE(broken->reason.find("content"), std::string::npos) << broken->reason;
}

TEST(VerifyChainTest, AnEditWithARecomputedHashBreaksTheNextLink) {
  std::vector<AuditEvent> events = Chain(5);
  events[1].actor = "someone-else";
  events[1].hash = AuditHash(events[1]);
  auto broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
  EXPECT_NE(broken->reason.find("prev_hash"), std::string::npos) << broken->reason;
  EXPECT_NE(broken->reason.find("entry 2"), std::string::npos) << broken->reason;
}

TEST(VerifyChainTest, AnEditedLastEntryIsCaughtByTheHead) {
  const std::vector<AuditEvent> original = Chain(4);
  std::vector<AuditEvent> events = original;
  events[3].details = "{}";
  events[3].hash = AuditHash(events[3]);
  EXPECT_EQ(Describe(VerifyChain(events, std::nullopt)), "intact");  // the documented limitation
  auto broken = VerifyChain(events, HeadOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 4);
  EXPECT_NE(broken->reason.find("head"), std::string::npos) << broken->reason;
}

TEST(VerifyChainTest, ARemovedMiddleEntryIsNamed) {
  std::vector<AuditEvent> events = Chain(5);
  events.erase(events.begin() + 2);
  auto broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
  EXPECT_NE(broken->reason.find("missing"), std::string::npos) << broken->reason;
}

TEST(VerifyChainTest, ARemovedFirstEntryIsNamed) {
  std::vector<AuditEvent> events = Chain(3);
  events.erase(events.begin());
  auto broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 1);
}

TEST(VerifyChainTest, RenumberingAfterARemovalIsCaught) {
  // Delete entry 3 and renumber the rest: the seq check passes, the hashes do not.
  std::vector<AuditEvent> events = Chain(5);
  events.erase(events.begin() + 2);
  events[2].seq = 3;
  events[3].seq = 4;
  auto broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
}

TEST(VerifyChainTest, RemovedNewestEntriesAreCaughtOnlyWithTheHead) {
  const std::vector<AuditEvent> original = Chain(5);
  std::vector<AuditEvent> events = original;
  events.resize(3);
  EXPECT_EQ(Describe(VerifyChain(events, std::nullopt)), "intact");  // the documented limitation
  auto broken = VerifyChain(events, HeadOf(original));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 4);
  EXPECT_NE(broken->reason.find("missing"), std::string::npos) << broken->reason;

  broken = VerifyChain({}, HeadOf(original));  // a truncated table
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 1);
}

TEST(VerifyChainTest, AnEntryThatBypassedTheHeadIsNamed) {
  const std::vector<AuditEvent> events = Chain(4);
  std::vector<AuditEvent> recorded(events.begin(), events.begin() + 3);
  auto broken = VerifyChain(events, HeadOf(recorded));
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 4);
}

TEST(VerifyChainTest, ReorderedEntriesAreCaught) {
  // Swapped in the list (as if read back out of order).
  std::vector<AuditEvent> events = Chain(5);
  std::swap(events[1], events[2]);
  auto broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 2);

  // Swapped contents, keeping the seq numbers (as an UPDATE of two rows would).
  events = Chain(5);
  std::swap(events[1], events[2]);
  events[1].seq = 2;
  events[2].seq = 3;
  broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 2);
}

TEST(VerifyChainTest, ABadPrevHashIsNamed) {
  std::vector<AuditEvent> events = Chain(4);
  events[2].prev_hash = std::string(64, 'f');
  events[2].hash = AuditHash(events[2]);
  auto broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 3);
  EXPECT_NE(broken->reason.find("prev_hash"), std::string::npos) << broken->reason;

  events = Chain(2);
  events[0].prev_hash = std::string(64, '1');
  events[0].hash = AuditHash(events[0]);
  broken = VerifyChain(events, std::nullopt);
  ASSERT_TRUE(broken.has_value());
  EXPECT_EQ(broken->seq, 1);
  EXPECT_NE(broken->reason.find("prev_hash"), std::string::npos) << broken->reason;
}

TEST(ChangeEvent, RecordsTheChangeAtItsSiteUnlessTheEntryNamesAnother) {
  const Change change{"test.admin", Instant(std::chrono::seconds(1795521600)), "192.0.2.1",
                      "north"};
  const AuditEvent here = ChangeEvent(change, audit_action::kUserDisable, "user:u1");
  EXPECT_EQ(here.actor, "test.admin");
  EXPECT_EQ(here.at, AuditTimestamp(change.at));
  EXPECT_EQ(here.action, "user.disable");
  EXPECT_EQ(here.target, "user:u1");
  EXPECT_EQ(here.site, "north");
  EXPECT_EQ(here.remote_address, "192.0.2.1");
  EXPECT_EQ(here.details, "{}");
  EXPECT_EQ(ChangeEvent(change, audit_action::kTokenCreate, "token:t", "{}", "south").site,
            "south");
  const AuditEvent denial = ScopeDenial(change, "listing:l1");
  EXPECT_EQ(denial.action, "access.denied");
  EXPECT_EQ(denial.details, R"({"reason":"scope"})");
  EXPECT_EQ(denial.target, "listing:l1");
  EXPECT_EQ(denial.site, "north");
  EXPECT_TRUE(ValidateAuditEvent(denial).ok());
}

}  // namespace
}  // namespace rn::identity
