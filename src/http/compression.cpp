#include "http/compression.h"

#define ZLIB_CONST
#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <limits>
#include <new>
#include <optional>

#include "util/text.h"

namespace rn::http {
namespace {

// zlib level 6 is zlib's own default and the usual choice of web servers for dynamic responses.
constexpr int kGzipLevel = 6;
// windowBits 15 (32 KiB window) + 16: a gzip header and trailer instead of the zlib ones.
constexpr int kGzipWindowBits = 15 + 16;
constexpr int kGzipMemLevel = 8;

// Brotli quality for responses compressed per request. Measured on a 150,320-byte finder-like
// HTML page (oc.json meetings as list items), 4 MiB window, g++ 12 -O2, one core of the 2-core
// build machine, median of 200 runs:
//   gzip-6 18,254 B 1.33 ms | br q4 16,873 B 0.93 ms | br q5 15,004 B 1.27 ms |
//   br q6 14,887 B 1.61 ms
// q5 is the knee: 11% smaller than q4 at gzip-6's cost; q6 saves <1% more for 27% more time.
constexpr int kBrotliQuality = 5;
constexpr int kBrotliMaxWindowBits = 22;  // 4 MiB, the encoder's default

using text::EqualsIgnoringAsciiCase;

// RFC 9110 tchar.
bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool IsToken(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (!IsTokenChar(c)) return false;
  return true;
}

// An RFC 9110 qvalue ("0", "0.5", "1.000") in thousandths; nullopt when malformed or above 1.
std::optional<int> ParseQValue(std::string_view text) {
  if (text.empty() || (text[0] != '0' && text[0] != '1')) return std::nullopt;
  int thousandths = text[0] == '1' ? 1000 : 0;
  if (text.size() == 1) return thousandths;
  if (text[1] != '.' || text.size() > 5) return std::nullopt;
  int scale = 100;
  for (char c : text.substr(2)) {
    if (c < '0' || c > '9') return std::nullopt;
    thousandths += (c - '0') * scale;
    scale /= 10;
  }
  if (thousandths > 1000) return std::nullopt;
  return thousandths;
}

// The q of one list element ("gzip;q=0.5" → 500, "br" → 1000); nullopt when a q parameter is
// malformed. Other parameters are not defined for Accept-Encoding and are skipped.
std::optional<int> ElementQValue(std::string_view parameters) {
  int q = 1000;
  while (!parameters.empty()) {
    std::size_t semicolon = parameters.find(';');
    std::string_view parameter = text::TrimOws(parameters.substr(0, semicolon));
    parameters =
        semicolon == std::string_view::npos ? std::string_view() : parameters.substr(semicolon + 1);
    std::size_t equals = parameter.find('=');
    if (equals == std::string_view::npos) continue;
    if (!EqualsIgnoringAsciiCase(text::TrimOws(parameter.substr(0, equals)), "q")) continue;
    std::optional<int> parsed = ParseQValue(text::TrimOws(parameter.substr(equals + 1)));
    if (!parsed) return std::nullopt;
    q = *parsed;
  }
  return q;
}

// The q-values listed for each coding we care about; nullopt when the coding is not listed.
struct AcceptedCodings {
  std::optional<int> brotli;
  std::optional<int> gzip;
  std::optional<int> identity;
  std::optional<int> any;  // "*"

  // A coding listed twice keeps the lower q: never send what the client refused anywhere.
  static void Record(std::optional<int>& slot, int q) { slot = slot ? std::min(*slot, q) : q; }
};

bool WritesBody(int status) { return status != 204 && status != 304; }

bool HasHeader(const Response& response, std::string_view name) {
  for (const auto& [key, value] : response.headers)
    if (EqualsIgnoringAsciiCase(key, name)) return true;
  return false;
}

// The Content-Type the server will send: a handler's own header wins over `content_type`.
std::string_view SentContentType(const Response& response) {
  for (const auto& [name, value] : response.headers)
    if (EqualsIgnoringAsciiCase(name, "content-type")) return value;
  return response.content_type;
}

// True when a Vary value already covers Accept-Encoding: "*" or a list naming it.
bool VaryCoversAcceptEncoding(std::string_view vary) {
  while (!vary.empty()) {
    std::size_t comma = vary.find(',');
    std::string_view item = text::TrimOws(vary.substr(0, comma));
    if (item == "*" || EqualsIgnoringAsciiCase(item, "accept-encoding")) return true;
    vary = comma == std::string_view::npos ? std::string_view() : vary.substr(comma + 1);
  }
  return false;
}

void AddVaryAcceptEncoding(Response& response) {
  std::string* first_vary = nullptr;
  for (auto& [name, value] : response.headers) {
    if (!EqualsIgnoringAsciiCase(name, "vary")) continue;
    if (VaryCoversAcceptEncoding(value)) return;
    if (first_vary == nullptr) first_vary = &value;
  }
  if (first_vary == nullptr) {
    response.headers.emplace_back("Vary", "Accept-Encoding");
  } else if (text::TrimOws(*first_vary).empty()) {
    *first_vary = "Accept-Encoding";
  } else {
    first_vary->append(", Accept-Encoding");
  }
}

std::string Gzip(std::string_view body) {
  assert(body.size() < std::numeric_limits<uInt>::max());
  z_stream stream{};
  int status = deflateInit2(&stream, kGzipLevel, Z_DEFLATED, kGzipWindowBits, kGzipMemLevel,
                            Z_DEFAULT_STRATEGY);
  if (status == Z_MEM_ERROR) throw std::bad_alloc();
  assert(status == Z_OK);
  std::string out;
  try {
    // With deflateBound bytes of output space one Z_FINISH call compresses everything.
    out.resize(deflateBound(&stream, static_cast<uLong>(body.size())));
  } catch (...) {
    deflateEnd(&stream);
    throw;
  }
  stream.next_in = reinterpret_cast<const Bytef*>(body.data());
  stream.avail_in = static_cast<uInt>(body.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  status = deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  if (status == Z_MEM_ERROR) throw std::bad_alloc();
  assert(status == Z_STREAM_END);
  return out;
}

std::string Brotli(std::string_view body) {
  std::size_t encoded_size = BrotliEncoderMaxCompressedSize(body.size());
  if (encoded_size == 0) throw std::bad_alloc();  // the bound itself overflows
  std::string out(encoded_size, '\0');
  // The only failure with a large enough output buffer is an allocation failure.
  // A window no larger than the body: the same output for a page, without setting up 4 MiB.
  int window_bits = BROTLI_MIN_WINDOW_BITS;
  while (window_bits < kBrotliMaxWindowBits && (std::size_t{1} << window_bits) < body.size()) {
    ++window_bits;
  }
  if (!BrotliEncoderCompress(kBrotliQuality, window_bits, BROTLI_DEFAULT_MODE, body.size(),
                             reinterpret_cast<const std::uint8_t*>(body.data()), &encoded_size,
                             reinterpret_cast<std::uint8_t*>(out.data()))) {
    throw std::bad_alloc();
  }
  out.resize(encoded_size);
  return out;
}

}  // namespace

std::string_view ContentEncodingToken(ContentEncoding encoding) {
  switch (encoding) {
    case ContentEncoding::kGzip:
      return "gzip";
    case ContentEncoding::kBrotli:
      return "br";
    case ContentEncoding::kIdentity:
      break;
  }
  return "identity";
}

ContentEncoding NegotiateContentEncoding(std::string_view accept_encoding) {
  AcceptedCodings listed;
  while (!accept_encoding.empty()) {
    std::size_t comma = accept_encoding.find(',');
    std::string_view element = accept_encoding.substr(0, comma);
    accept_encoding =
        comma == std::string_view::npos ? std::string_view() : accept_encoding.substr(comma + 1);
    std::size_t semicolon = element.find(';');
    std::string_view coding = text::TrimOws(element.substr(0, semicolon));
    if (!IsToken(coding)) continue;  // also skips the empty elements a list may contain
    std::optional<int> q = ElementQValue(
        semicolon == std::string_view::npos ? std::string_view() : element.substr(semicolon + 1));
    if (!q) continue;
    if (EqualsIgnoringAsciiCase(coding, "br")) {
      AcceptedCodings::Record(listed.brotli, *q);
    } else if (EqualsIgnoringAsciiCase(coding, "gzip") ||
               EqualsIgnoringAsciiCase(coding, "x-gzip")) {
      AcceptedCodings::Record(listed.gzip, *q);
    } else if (EqualsIgnoringAsciiCase(coding, "identity")) {
      AcceptedCodings::Record(listed.identity, *q);
    } else if (coding == "*") {
      AcceptedCodings::Record(listed.any, *q);
    }
  }
  // No field, or an empty one, asks for no content coding at all.
  if (!listed.brotli && !listed.gzip && !listed.identity && !listed.any)
    return ContentEncoding::kIdentity;
  const int brotli_q = listed.brotli.value_or(listed.any.value_or(0));
  const int gzip_q = listed.gzip.value_or(listed.any.value_or(0));
  // Identity is the fallback whatever the field says, but only competes when listed (or via `*`):
  // "gzip;q=0.8" asks for gzip, "gzip;q=0.5, identity" prefers the unencoded body.
  const int identity_q = listed.identity.value_or(listed.any.value_or(0));
  if (brotli_q > 0 && brotli_q >= gzip_q && brotli_q >= identity_q) return ContentEncoding::kBrotli;
  if (gzip_q > 0 && gzip_q >= identity_q) return ContentEncoding::kGzip;
  return ContentEncoding::kIdentity;
}

bool IsCompressible(std::string_view content_type) {
  const std::string media_type =
      text::AsciiLower(text::TrimOws(content_type.substr(0, content_type.find(';'))));
  std::string_view type = media_type;
  if (type.starts_with("text/")) return type.size() > 5;
  return type == "application/json" || type == "application/javascript" ||
         type == "application/xml" ||
         (type.find('/') != std::string_view::npos &&
          (type.ends_with("+json") || type.ends_with("+xml")));
}

std::string Compress(ContentEncoding encoding, std::string_view body) {
  switch (encoding) {
    case ContentEncoding::kGzip:
      return Gzip(body);
    case ContentEncoding::kBrotli:
      return Brotli(body);
    case ContentEncoding::kIdentity:
      break;
  }
  return std::string(body);
}

bool ShouldCompress(ContentEncoding accepted, const Response& response) {
  return accepted != ContentEncoding::kIdentity && response.body.size() >= kMinCompressBytes &&
         WritesBody(response.status) && IsCompressible(SentContentType(response)) &&
         !HasHeader(response, "content-encoding");
}

void CompressResponse(ContentEncoding accepted, Response& response) {
  if (!IsCompressible(SentContentType(response))) return;
  AddVaryAcceptEncoding(response);
  if (!ShouldCompress(accepted, response)) return;
  response.body = Compress(accepted, response.body);
  response.headers.emplace_back("Content-Encoding", std::string(ContentEncodingToken(accepted)));
}

}  // namespace rn::http
