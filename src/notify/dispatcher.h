#pragma once
// The background worker that empties the outbox: it claims a due message (a lease, so that other
// workers on the same database leave it alone), sends it with its channel's sender, and records
// the outcome in its own commit right after the send — delivered, or failed and tried again after
// a backoff (notify/retry.h), or failed for good after the last attempt. A message is sent at
// least once whatever crashes (a claim that is never recorded runs out and is claimed again), and
// never again once recorded as delivered. It wakes when its Doorbell rings (a message was
// enqueued) and otherwise polls, for messages that fall due later.

#include <atomic>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "notify/doorbell.h"
#include "notify/outbox_store.h"
#include "notify/retry.h"
#include "notify/sender.h"
#include "util/clock.h"
#include "util/status.h"

namespace rn::notify {

struct DispatcherOptions {
  std::string owner;  // names this worker in the leases it takes; unique among the workers
  RetryPolicy retry;
  // How long a claim lasts: longer than a sender's timeout, so a message is not claimed again
  // while it is still being sent.
  std::chrono::seconds lease{60};
  // How often it looks for messages that have fallen due when nothing rings.
  std::chrono::milliseconds poll{1000};
  // The staff console's address: a message's link is sent under it (wire.h TextToSend); "" sends
  // no link.
  std::string console_url;
};

// The sender of each channel; a channel without one is not sent (its messages stay queued).
struct Senders {
  Sender* email = nullptr;
  Sender* sms = nullptr;
};

class Dispatcher final {
 public:
  // `outbox`, `clock`, `doorbell` and the senders must outlive the Dispatcher; `outbox` is used by
  // the worker thread only once Start has been called.
  Dispatcher(OutboxStore& outbox, const Clock& clock, Doorbell& doorbell, Senders senders,
             DispatcherOptions options);
  // Stops the worker (Stop).
  ~Dispatcher();
  Dispatcher(const Dispatcher&) = delete;
  Dispatcher& operator=(const Dispatcher&) = delete;

  // Starts the worker thread. REQUIRES: not started.
  void Start();
  // Asks the worker to stop and waits for it: a send under way finishes and is recorded, and
  // nothing more is claimed. Idempotent; thread-safe against the worker.
  void Stop();

  // Sends, one at a time, every message due now on a channel with a sender, until none is due;
  // returns how many attempts were made. The worker's loop; tests call it directly (without
  // Start). An error is the outbox's (the database), and ends the round.
  Result<int> SendDue();

 private:
  // Claims and sends one due message; false when none is due.
  Result<bool> SendOne();
  Sender* SenderFor(Channel channel) const;
  void Run();

  OutboxStore& outbox_;
  const Clock& clock_;
  Doorbell& doorbell_;
  const Senders senders_;
  const DispatcherOptions options_;
  std::vector<Channel> channels_;  // those with a sender
  std::atomic<bool> stopping_{false};
  std::thread worker_;
};

}  // namespace rn::notify
