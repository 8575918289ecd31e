#include "notify/dispatcher.h"

#include <spdlog/spdlog.h>

#include "notify/wire.h"

namespace rn::notify {
namespace {

// Recording a delivery is retried this often (the database may be busy for a moment): a delivery
// that is not recorded is sent again once the lease runs out.
constexpr int kRecordTries = 5;
constexpr std::chrono::milliseconds kRecordRetryPause{200};

}  // namespace

Dispatcher::Dispatcher(OutboxStore& outbox, const Clock& clock, Doorbell& doorbell, Senders senders,
                       DispatcherOptions options)
    : outbox_(outbox),
      clock_(clock),
      doorbell_(doorbell),
      senders_(senders),
      options_(std::move(options)) {
  if (senders_.email != nullptr) channels_.push_back(Channel::kEmail);
  if (senders_.sms != nullptr) channels_.push_back(Channel::kSms);
}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::Start() {
  worker_ = std::thread([this] { Run(); });
}

void Dispatcher::Stop() {
  stopping_.store(true);
  doorbell_.Ring();
  if (worker_.joinable() && worker_.get_id() != std::this_thread::get_id()) worker_.join();
}

Sender* Dispatcher::SenderFor(Channel channel) const {
  return channel == Channel::kEmail ? senders_.email : senders_.sms;
}

Result<bool> Dispatcher::SendOne() {
  Result<std::optional<OutboxMessage>> claimed =
      outbox_.ClaimNext(clock_.Now(), options_.owner, options_.lease, channels_);
  if (!claimed.ok()) return claimed.status();
  if (!*claimed) return false;
  const OutboxMessage& message = **claimed;
  const std::string_view channel = ChannelName(message.channel);
  if (stopping_.load()) {
    RN_RETURN_IF_ERROR(outbox_.Release(message.id, options_.owner));
    return false;
  }
  OutboxMessage to_send = message;
  to_send.body = TextToSend(message, options_.console_url);
  const Status sent = SenderFor(message.channel)->Send(to_send);
  const Instant after = clock_.Now();
  const int attempts = message.attempts + 1;
  if (sent.ok()) {
    Status recorded;
    for (int tries = 0; tries < kRecordTries; ++tries) {
      recorded = outbox_.MarkDelivered(message.id, after);
      if (recorded.ok()) break;
      std::this_thread::sleep_for(kRecordRetryPause);
    }
    if (!recorded.ok()) {
      spdlog::error("event=page_unrecorded id={} channel={} error=\"{}\"", message.id, channel,
                    recorded.message());
      return recorded;
    }
    spdlog::info("event=page_delivered id={} channel={} about={} attempts={} late_s={}", message.id,
                 channel, message.about, attempts, (after - message.due).count());
    return true;
  }
  const std::optional<Instant> retry = sent.code() == StatusCode::kInvalidArgument
                                           ? std::nullopt
                                           : NextAttempt(options_.retry, attempts, after);
  RN_RETURN_IF_ERROR(
      outbox_.MarkAttemptFailed(message.id, options_.owner, after, sent.message(), retry));
  if (retry) {
    spdlog::warn(
        "event=page_retry id={} channel={} about={} attempts={} retry_in_s={} error=\"{}\"",
        message.id, channel, message.about, attempts, (*retry - after).count(), sent.message());
  } else {
    spdlog::error("event=page_failed id={} channel={} about={} attempts={} error=\"{}\"",
                  message.id, channel, message.about, attempts, sent.message());
  }
  return true;
}

Result<int> Dispatcher::SendDue() {
  int attempts = 0;
  while (!stopping_.load()) {
    Result<bool> one = SendOne();
    if (!one.ok()) return one.status();
    if (!*one) break;
    ++attempts;
  }
  return attempts;
}

void Dispatcher::Run() {
  while (!stopping_.load()) {
    Result<int> round = SendDue();
    if (!round.ok()) {
      spdlog::error("event=outbox_error error=\"{}\"", round.status().message());
    }
    if (stopping_.load()) break;
    doorbell_.Wait(options_.poll);
  }
}

}  // namespace rn::notify
