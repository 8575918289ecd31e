#pragma once
// "Suggest a correction": what a member of the public reports about a listing (its name, time,
// place, ... is wrong), kept as a change request for directory editors to apply or dismiss. No SQL
// here: directory/correction_store.h declares where the requests are kept. No account is needed to
// submit one, so everything in a request is untrusted text.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::directory {

// The parts of a listing a correction can be about, as submitted and stored.
inline constexpr std::array<std::string_view, 7> kCorrectionFields = {
    "name", "time", "location", "online", "contact", "closed", "other"};

// The states of a request: submitted requests are open until an editor resolves them.
inline constexpr std::string_view kCorrectionOpen = "open";
inline constexpr std::string_view kCorrectionApplied = "applied";
inline constexpr std::string_view kCorrectionDismissed = "dismissed";

// The longest details, in Unicode code points (after trimming).
inline constexpr std::size_t kMaxCorrectionDetails = 2000;
// The longest email address, in bytes (RFC 5321's path limit less the angle brackets).
inline constexpr std::size_t kMaxCorrectionEmail = 254;

// One suggested correction.
struct CorrectionRequest {
  std::int64_t id = 0;     // assigned by the store, from 1
  std::string listing_id;  // 16 lower-case hex digits (MakeListingId)
  std::string field;       // one of kCorrectionFields
  std::string details;     // what is wrong, in the submitter's words; may hold '\n' and '\t'
  std::string email;       // the submitter's own address for a reply; may be empty
  std::string language;    // the page language it was sent from ("en", "es"); may be empty
  std::string created_at;  // RFC 3339 UTC, "2026-11-23T19:00:00Z"
  std::string status = std::string(kCorrectionOpen);  // open | applied | dismissed
  std::string resolved_by;  // the editor who applied or dismissed it; empty while open
  std::string resolved_at;  // RFC 3339 UTC; empty while open

  bool operator==(const CorrectionRequest&) const = default;
};

// True when `field` is one of kCorrectionFields.
bool IsCorrectionField(std::string_view field);
// True when `status` is open, applied or dismissed.
bool IsCorrectionStatus(std::string_view status);

// Tidies a submission before it is validated and stored: trims ASCII white space around details
// and email, and turns "\r\n" and a lone "\r" in details into "\n" (browsers send a textarea's
// line breaks as "\r\n").
void NormalizeCorrection(CorrectionRequest* request);

// OK when the submitted part of `request` may be stored; otherwise kInvalidArgument naming the
// field ("listing_id", "field", "details", "email" or "language") with a message safe to show the
// submitter:
// - listing_id is 16 lower-case hex digits;
// - field is one of kCorrectionFields;
// - details is valid UTF-8, not empty after trimming, at most kMaxCorrectionDetails code points,
//   and holds no control character (C0, DEL or C1) other than '\n', '\r' and '\t';
// - email is empty or one plausible address: at most kMaxCorrectionEmail bytes, printable ASCII
//   or UTF-8 without spaces, ',', ';', '<' or '>', exactly one '@' with text before it, and a
//   domain holding a '.' that neither starts nor ends it;
// - language is empty or 2 to 3 lower-case ASCII letters.
// The store's own fields (id, created_at, status, resolved_*) are not checked here. Pure;
// thread-safe.
Status ValidateCorrection(const CorrectionRequest& request);

}  // namespace rn::directory
