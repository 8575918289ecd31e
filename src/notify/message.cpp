#include "notify/message.h"

namespace rn::notify {

std::string_view ChannelName(Channel channel) {
  return channel == Channel::kEmail ? "email" : "sms";
}

std::optional<Channel> ParseChannel(std::string_view name) {
  if (name == "email") return Channel::kEmail;
  if (name == "sms") return Channel::kSms;
  return std::nullopt;
}

std::string_view MessageStateName(MessageState state) {
  switch (state) {
    case MessageState::kPending:
      return "pending";
    case MessageState::kDelivered:
      return "delivered";
    case MessageState::kFailed:
      return "failed";
    case MessageState::kCancelled:
      return "cancelled";
  }
  return "pending";
}

std::optional<MessageState> ParseMessageState(std::string_view name) {
  for (MessageState state : {MessageState::kPending, MessageState::kDelivered,
                             MessageState::kFailed, MessageState::kCancelled}) {
    if (MessageStateName(state) == name) return state;
  }
  return std::nullopt;
}

}  // namespace rn::notify
