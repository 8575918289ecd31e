#pragma once
// What delivers a message on one channel (notify/curl_senders.h: SMTP, an SMS webhook; the tests'
// fakes).

#include "notify/message.h"
#include "util/status.h"

namespace rn::notify {

class Sender {
 public:
  virtual ~Sender() = default;

  // Sends `message` to its recipient. OK once the receiving server has accepted it;
  // kUnavailable when a later attempt may succeed (the server is down, slow or busy, or answered
  // with a temporary error); kInvalidArgument when none will (it refused this message or
  // recipient for good). The status's message says why, naming neither the body nor the subject.
  // Called from the dispatcher's thread only.
  virtual Status Send(const OutboxMessage& message) = 0;
};

}  // namespace rn::notify
