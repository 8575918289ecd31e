#pragma once
// Response compression: Accept-Encoding negotiation (RFC 9110 §12.5.3), which media types are
// worth compressing, gzip (zlib) and brotli encoders, and the step that applies them to a finished
// Response. Beast-free; the server calls CompressResponse after the handler.

#include <cstddef>
#include <string>
#include <string_view>

#include "http/message.h"

namespace rn::http {

enum class ContentEncoding { kIdentity, kGzip, kBrotli };

// Bodies smaller than this are sent as they are: below about 1 KB the encoding's framing and the
// CPU spent cost more than the bytes saved.
inline constexpr std::size_t kMinCompressBytes = 1024;

// The Content-Encoding token: "gzip", "br"; "identity" for kIdentity.
std::string_view ContentEncodingToken(ContentEncoding encoding);

// The encoding to send for a request whose Accept-Encoding field value is `accept_encoding`
// (several header lines joined with ", "). Tokens are case-insensitive, "x-gzip" means gzip, `*`
// stands for every coding not listed, q=0 excludes. The highest q wins among br, gzip and, when
// listed itself or through `*`, identity; at equal q br beats gzip beats identity. An empty or
// absent field, or one that accepts neither br nor gzip (even with "identity;q=0"), gives
// kIdentity: the server never answers 406.
// Malformed elements (bad token, bad q-value) are ignored; if a coding is listed twice the lower
// q counts.
ContentEncoding NegotiateContentEncoding(std::string_view accept_encoding);

// True for media types that are text and compress well: text/*, JSON and XML (including the
// "+json" / "+xml" structured suffixes such as application/problem+json and image/svg+xml) and
// JavaScript. Parameters (";charset=utf-8") and case are ignored. False for everything else,
// notably images and fonts that are compressed already.
bool IsCompressible(std::string_view content_type);

// `body` encoded with `encoding`: gzip (zlib deflate, gzip wrapper, level 6) or brotli (quality 5,
// window up to 2^22, no larger than the body); kIdentity returns a copy. Throws std::bad_alloc when
// an encoder cannot allocate. REQUIRES: body.size() < 4 GiB (zlib counts input in 32 bits).
std::string Compress(ContentEncoding encoding, std::string_view body);

// True when CompressResponse(accepted, response) would encode the body: `accepted` is not
// identity, the content type IsCompressible, the body is at least kMinCompressBytes, the status is
// not 204 or 304, and the handler did not set a Content-Encoding of its own.
bool ShouldCompress(ContentEncoding accepted, const Response& response);

// Applies `accepted` (the negotiated encoding; kIdentity for requests that must not get an encoded
// body, such as Range requests) to a finished response:
// - a response whose content type IsCompressible gets "Vary: Accept-Encoding", merged into a Vary
//   header the handler set ("Vary: *" and one that already names Accept-Encoding stay as they are);
// - when ShouldCompress, its body is replaced by Compress(accepted, body) and Content-Encoding is
//   set.
// Applying it to a response it has already processed changes nothing.
void CompressResponse(ContentEncoding accepted, Response& response);

}  // namespace rn::http
