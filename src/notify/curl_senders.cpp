#include "notify/curl_senders.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <spdlog/spdlog.h>

#include <cstring>
#include <string>

#include "notify/wire.h"
#include "util/contact.h"

namespace rn::notify {
namespace {

// libcurl is loaded when the first sender is made, not linked into the program: it and the two
// dozen libraries it pulls in (GnuTLS, Kerberos, LDAP, SSH, ...) cost every process about 5 ms to
// load, relocate and initialise — more than a whole `recoverynet import` of a small feed spends on
// its rows — and only serve's dispatcher ever sends. The build still compiles against curl.h (the
// types and constants), and checks at configure time that the library is there.
struct CurlApi {
  decltype(&::curl_global_init) global_init = nullptr;
  decltype(&::curl_easy_init) easy_init = nullptr;
  decltype(&::curl_easy_setopt) easy_setopt = nullptr;
  decltype(&::curl_easy_perform) easy_perform = nullptr;
  decltype(&::curl_easy_getinfo) easy_getinfo = nullptr;
  decltype(&::curl_easy_cleanup) easy_cleanup = nullptr;
  decltype(&::curl_easy_strerror) easy_strerror = nullptr;
  decltype(&::curl_slist_append) slist_append = nullptr;
  decltype(&::curl_slist_free_all) slist_free_all = nullptr;
  std::string error;  // why libcurl could not be loaded; empty when it was
};

template <typename Function>
bool Resolve(void* library, const char* name, Function* function) {
  *function = reinterpret_cast<Function>(::dlsym(library, name));
  return *function != nullptr;
}

CurlApi LoadCurl() {
  CurlApi api;
  // Never unloaded: the senders live as long as the process.
  void* library = ::dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = ::dlerror();
    api.error = std::string("cannot load libcurl: ") + (reason != nullptr ? reason : "unknown");
    return api;
  }
  const bool resolved = Resolve(library, "curl_global_init", &api.global_init) &&
                        Resolve(library, "curl_easy_init", &api.easy_init) &&
                        Resolve(library, "curl_easy_setopt", &api.easy_setopt) &&
                        Resolve(library, "curl_easy_perform", &api.easy_perform) &&
                        Resolve(library, "curl_easy_getinfo", &api.easy_getinfo) &&
                        Resolve(library, "curl_easy_cleanup", &api.easy_cleanup) &&
                        Resolve(library, "curl_easy_strerror", &api.easy_strerror) &&
                        Resolve(library, "curl_slist_append", &api.slist_append) &&
                        Resolve(library, "curl_slist_free_all", &api.slist_free_all);
  if (!resolved) {
    api.error = "libcurl.so.4 lacks a function recoverynet uses";
    return api;
  }
  if (const CURLcode code = api.global_init(CURL_GLOBAL_DEFAULT); code != CURLE_OK) {
    api.error = std::string("cannot initialise libcurl: ") + api.easy_strerror(code);
  }
  return api;
}

CurlApi LoadCurlOrSay() {
  CurlApi api = LoadCurl();
  // Said once at start-up (the senders are made then); each send then fails with the reason.
  if (!api.error.empty()) spdlog::error("event=curl_unavailable error=\"{}\"", api.error);
  return api;
}

// Loaded and initialised on first use, once for the process (curl_global_init is not
// thread-safe, hence the senders' rule: make them before starting other threads).
const CurlApi& Curl() {
  static const CurlApi api = LoadCurlOrSay();
  return api;
}

struct EasyDeleter {
  void operator()(CURL* curl) const { Curl().easy_cleanup(curl); }
};
using Easy = std::unique_ptr<CURL, EasyDeleter>;

struct ListDeleter {
  void operator()(curl_slist* list) const { Curl().slist_free_all(list); }
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
  const CurlApi& curl = Curl();
  curl.easy_setopt(c, CURLOPT_URL, url.c_str());
  curl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, protocols);
  curl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl.easy_setopt(c, CURLOPT_TIMEOUT, static_cast<long>(timeout.count()));
  curl.easy_setopt(c, CURLOPT_CONNECTTIMEOUT, static_cast<long>(timeout.count()));
  curl.easy_setopt(c, CURLOPT_ERRORBUFFER, error);
}

// curl's reason for `code`, with its error buffer when that says more.
std::string CurlReason(CURLcode code, const char* buffer) {
  std::string reason = Curl().easy_strerror(code);
  if (buffer[0] != '\0') reason += std::string(": ") + buffer;
  return reason;
}

class SmtpSender final : public Sender {
 public:
  SmtpSender(SmtpSettings settings, const Clock& clock)
      : settings_(std::move(settings)), clock_(clock) {
    Curl();
  }

  Status Send(const OutboxMessage& message) override {
    const CurlApi& api = Curl();
    if (!api.error.empty()) return Status(StatusCode::kUnavailable, "smtp: " + api.error);
    Easy curl(api.easy_init());
    if (!curl) return Status(StatusCode::kUnavailable, "smtp: cannot start libcurl");
    const std::string text = MailText(message, settings_.from, clock_.Now());
    Upload upload{text};
    const std::string mail_from = "<" + settings_.from + ">";
    List recipients(api.slist_append(nullptr, ("<" + message.recipient + ">").c_str()));
    char error[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    SetCommonOptions(c, settings_.url, "smtp,smtps", settings_.timeout, error);
    api.easy_setopt(c, CURLOPT_MAIL_FROM, mail_from.c_str());
    api.easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
    api.easy_setopt(c, CURLOPT_READFUNCTION, &ReadUpload);
    api.easy_setopt(c, CURLOPT_READDATA, &upload);
    api.easy_setopt(c, CURLOPT_UPLOAD, 1L);
    if (!settings_.user.empty()) {
      api.easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
      api.easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
      api.easy_setopt(
          c, CURLOPT_USE_SSL,
          static_cast<long>(settings_.allow_plaintext_login ? CURLUSESSL_TRY : CURLUSESSL_ALL));
    } else {
      api.easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_TRY));
    }
    const CURLcode code = api.easy_perform(c);
    if (code == CURLE_OK) return Status::Ok();
    long reply = 0;
    api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
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
    Curl();
  }

  Status Send(const OutboxMessage& message) override {
    const CurlApi& api = Curl();
    if (!api.error.empty()) return Status(StatusCode::kUnavailable, "sms webhook: " + api.error);
    Easy curl(api.easy_init());
    if (!curl) return Status(StatusCode::kUnavailable, "sms webhook: cannot start libcurl");
    const std::string form = SmsForm(message, settings_.from);
    List headers(api.slist_append(
        nullptr, ("Idempotency-Key: recoverynet-outbox-" + std::to_string(message.id)).c_str()));
    headers.reset(
        api.slist_append(headers.release(), "Content-Type: application/x-www-form-urlencoded"));
    char error[CURL_ERROR_SIZE] = {};
    CURL* c = curl.get();
    SetCommonOptions(c, settings_.url, "http,https", settings_.timeout, error);
    api.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    api.easy_setopt(c, CURLOPT_POST, 1L);
    api.easy_setopt(c, CURLOPT_POSTFIELDS, form.c_str());
    api.easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(form.size()));
    api.easy_setopt(c, CURLOPT_HTTPHEADER, headers.get());
    api.easy_setopt(c, CURLOPT_WRITEFUNCTION, &DiscardBody);
    if (!settings_.user.empty()) {
      api.easy_setopt(c, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
      api.easy_setopt(c, CURLOPT_USERNAME, settings_.user.c_str());
      api.easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    const CURLcode code = api.easy_perform(c);
    if (code != CURLE_OK) {
      return Status(StatusCode::kUnavailable, "sms webhook: " + CurlReason(code, error));
    }
    long answer = 0;
    api.easy_getinfo(c, CURLINFO_RESPONSE_CODE, &answer);
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
