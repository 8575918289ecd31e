#include "notify/curl_senders.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

#include "notify/wire.h"
#include "util/contact.h"

namespace rn::notify {
namespace {

void InitCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct ListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using List = std::unique_ptr<curl_slist, ListDeleter>;

// The upload of an SMTP message: curl reads it in pieces.
struct Upload {
  std::string_view data;
  std::size_t sent = 0;
};

std::size_t ReadUpload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const std::size_t n = std::min(size * count, upload->data.size() - upload->sent);
  std::memcpy(buffer, upload->data.data() + upload->sent, n);
  upload->sent += n;
  return n;
}

std::size_t DiscardBody(char*, std::size_t size, std::size_t count, void*) { return size * count; }

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// What every transfer sets: the URL and the protocols it may use, no signals (threads), the
// timeout of the whole transfer and of connecting, and the buffer for curl's error text.
void SetCommonOptions(CURL* c, const std::string& url, const char* protocols,
                      std::chrono::seconds timeout, char* error) {
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
}

// curl's reason for `code`, with its error buffer when that says more.
std::string CurlReason(CURLcode code, const char* buffer) {
  std::string reason = curl_easy_strerror(code);
  if (buffer[0] != '\0') reason += std::string(": ") + buffer;
  return reason;
}

class SmtpSender final : public Sender {
 public:
  SmtpSender(SmtpSettings settings, const Clock& clock)
      : settings_(std::move(settings)), clock_(clock) {
    InitCurlOnce();
  }

  Status Send(const OutboxMessage& message) override {
    Easy curl(curl_easy_init());
    if (!curl) return Status(StatusCode::kUnavailable, "smtp: cannot start libcurl");
    const std::string text = MailText(message, settings_.from, clock_.Now());
    Upload upload{text};
    const std::string mail_from = "<" + settings_.from + ">";
    List recipients(curl_slist_append(nullptr, ("<" + message.recipient + ">").c_str()));
    char error[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    SetCommonOptions(c, settings_.url, "smtp,smtps", settings_.timeout, error);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    curl_easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
    curl_easy_setopt(c, CURLOPT_READDATA, &upload);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    if (!settings_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
      curl_easy_setopt(
          c, CURLOPT_USE_SSL,
          static_cast<long>(settings_.allow_plaintext_login ? CURLUSESSL_TRY : CURLUSESSL_ALL));
    } else {
      curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    const CURLcode code = curl_easy_perform(c);
    if (code == CURLE_OK) return Status::Ok();
    long reply = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
    const std::string reason = "smtp: " + CurlReason(code, error);
    if (reply >= 500 && reply < 600 &&
        (code == CURLE_SEND_ERROR || code == CURLE_RECV_ERROR || code == CURLE_UPLOAD_FAILED)) {
      return Status(StatusCode::kInvalidArgument,
                    reason + " (reply " + std::to_string(reply) + ")");
    }
    return Status(StatusCode::kUnavailable, reason);
  }

 private:
  const SmtpSettings settings_;
  const Clock& clock_;
};

class SmsWebhookSender final : public Sender {
 public:
  explicit SmsWebhookSender(SmsWebhookSettings settings) : settings_(std::move(settings)) {
    InitCurlOnce();
  }

  Status Send(const OutboxMessage& message) override {
    Easy curl(curl_easy_init());
    if (!curl) return Status(StatusCode::kUnavailable, "sms webhook: cannot start libcurl");
    const std::string form = SmsForm(message, settings_.from);
    List headers(curl_slist_append(
        nullptr, ("Idempotency-Key: recoverynet-outbox-" + std::to_string(message.id)).c_str()));
    headers.reset(
        curl_slist_append(headers.release(), "Content-Type: application/x-www-form-urlencoded"));
    char error[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    SetCommonOptions(c, settings_.url, "http,https", settings_.timeout, error);
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, &DiscardBody);
    if (!settings_.user.empty()) {
      curl_easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      curl_easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
      curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode code = curl_easy_perform(c);
    if (code != CURLE_OK) {
      return Status(StatusCode::kUnavailable, "sms webhook: " + CurlReason(code, error));
    }
    long answer = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer);
    if (answer >= 200 && answer < 300) return Status::Ok();
    const std::string reason = "sms webhook: answered " + std::to_string(answer);
    if (answer == 408 || answer == 429 || answer >= 500) {
      return Status(StatusCode::kUnavailable, reason);
    }
    return Status(StatusCode::kInvalidArgument, reason);
  }

 private:
  const SmsWebhookSettings settings_;
};

}  // namespace

Status ValidateSmtpSettings(const SmtpSettings& settings) {
  if (!StartsWith(settings.url, "smtp://") && !StartsWith(settings.url, "smtps://")) {
    return Status::Invalid("smtp_url", "must be an smtp:// or smtps:// URL");
  }
  Result<std::string> from = contact::EmailAddress("smtp_from", settings.from, true);
  if (!from.ok()) return from.status();
  return Status::Ok();
}

Status ValidateSmsWebhookSettings(const SmsWebhookSettings& settings) {
  if (!StartsWith(settings.url, "http://") && !StartsWith(settings.url, "https://")) {
    return Status::Invalid("sms_webhook_url", "must be an http:// or https:// URL");
  }
  if (settings.from.empty()) return Status::Invalid("sms_from", "is required with sms_webhook_url");
  return Status::Ok();
}

std::unique_ptr<Sender> MakeSmtpSender(SmtpSettings settings, const Clock& clock) {
  return std::make_unique<SmtpSender>(std::move(settings), clock);
}

std::unique_ptr<Sender> MakeSmsWebhookSender(SmsWebhookSettings settings) {
  return std::make_unique<SmsWebhookSender>(std::move(settings));
}

}  // namespace rn::notify
