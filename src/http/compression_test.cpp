#include "http/compression.h"

#define ZLIB_CONST
#include <brotli/decode.h>
#include <dlfcn.h>
#include <gtest/gtest.h>
#include <zlib.h>

#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace rn::http {
namespace {

// A page-like text body of about `approximate_bytes`, varied enough not to be trivially repetitive.
std::string SampleHtml(std::size_t approximate_bytes) {
  std::string html = "<!doctype html><html><body><ol class=\"results\">";
  for (int index = 0; html.size() < approximate_bytes; ++index) {
    html += "<li class=\"meeting\"><h2>Fake Group " + std::to_string(index * 7919 % 1000) +
            "</h2><p class=\"where\">" + std::to_string(index * 31 % 997) +
            " Example Street</p></li>\n";
  }
  return html + "</ol></body></html>";
}

// `encoded` decompressed with zlib's inflate, accepting only the gzip wrapper; nullopt on error.
std::optional<std::string> Gunzip(std::string_view encoded) {
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 16) != Z_OK) return std::nullopt;
  stream.next_in = reinterpret_cast<const Bytef*>(encoded.data());
  stream.avail_in = static_cast<uInt>(encoded.size());
  std::string out;
  int status = Z_OK;
  while (status == Z_OK) {
    char chunk[16384];
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof chunk;
    status = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof chunk - stream.avail_out);
  }
  const bool whole = status == Z_STREAM_END && stream.avail_in == 0;
  inflateEnd(&stream);
  if (!whole) return std::nullopt;
  return out;
}

// The brotli decoder. CMakeLists links only the encoder (libbrotlienc) into the program and the
// tests; the decoder ships in the same runtime package (libbrotli1), so it is loaded here.
// nullptr when it cannot be loaded.
decltype(&BrotliDecoderDecompress) LoadBrotliDecoder() {
  static void* library = dlopen("libbrotlidec.so.1", RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) return nullptr;
  return reinterpret_cast<decltype(&BrotliDecoderDecompress)>(
      dlsym(library, "BrotliDecoderDecompress"));
}

// `encoded` decompressed with the brotli decoder; nullopt on error. `expected_size` bounds it.
std::optional<std::string> Unbrotli(decltype(&BrotliDecoderDecompress) decompress,
                                    std::string_view encoded, std::size_t expected_size) {
  std::string out(expected_size + 1, '\0');  // one spare byte: longer output does not fit
  std::size_t decoded_size = out.size();
  if (decompress(encoded.size(), reinterpret_cast<const std::uint8_t*>(encoded.data()),
                 &decoded_size,
                 reinterpret_cast<std::uint8_t*>(out.data())) != BROTLI_DECODER_RESULT_SUCCESS)
    return std::nullopt;
  out.resize(decoded_size);
  return out;
}

std::string HeaderValue(const Response& response, std::string_view name) {
  std::string found;
  for (const auto& [key, value] : response.headers) {
    std::string lower = key;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower != name) continue;
    if (!found.empty()) found += " | ";  // shows a header that was added twice
    found += value;
  }
  return found;
}

Response JsonResponse(std::string body) {
  Response response;
  response.body = std::move(body);
  return response;
}

TEST(NegotiateContentEncodingTest, AbsentOrEmptyFieldMeansIdentity) {
  EXPECT_EQ(NegotiateContentEncoding(""), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding(" \t "), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding(" , ,"), ContentEncoding::kIdentity);
}

TEST(NegotiateContentEncodingTest, SingleCodings) {
  EXPECT_EQ(NegotiateContentEncoding("gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("identity"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("deflate, compress, zstd"), ContentEncoding::kIdentity);
}

TEST(NegotiateContentEncodingTest, BrotliBeatsGzipAtEqualQ) {
  EXPECT_EQ(NegotiateContentEncoding("gzip, br"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("br, gzip"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("gzip, deflate, br, zstd"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0.8, br;q=0.8"), ContentEncoding::kBrotli);
}

TEST(NegotiateContentEncodingTest, HigherQWins) {
  EXPECT_EQ(NegotiateContentEncoding("br;q=0.5, gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0.8, br;q=0.9"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=1.000, br;q=0.999"), ContentEncoding::kGzip);
  // A client may prefer the unencoded body.
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0.5, identity"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0.5, identity;q=0.4"), ContentEncoding::kGzip);
}

TEST(NegotiateContentEncodingTest, QZeroExcludes) {
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0, br;q=0"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("br;q=0, gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br;q=0.000, gzip;q=0.001"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0."), ContentEncoding::kIdentity);
}

TEST(NegotiateContentEncodingTest, StarCoversCodingsNotListed) {
  EXPECT_EQ(NegotiateContentEncoding("*"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("br;q=0, *"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0.5, *;q=0"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("*;q=0.3, gzip;q=0.5"), ContentEncoding::kGzip);
}

TEST(NegotiateContentEncodingTest, EverythingExcludedStillGivesIdentityNot406) {
  EXPECT_EQ(NegotiateContentEncoding("*;q=0"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("identity;q=0"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("identity;q=0, deflate"), ContentEncoding::kIdentity);
  // Identity excluded, but gzip acceptable: gzip.
  EXPECT_EQ(NegotiateContentEncoding("identity;q=0, gzip;q=0.1"), ContentEncoding::kGzip);
}

TEST(NegotiateContentEncodingTest, TokensAreCaseInsensitiveAndWhitespaceIsOptional) {
  EXPECT_EQ(NegotiateContentEncoding("GZip ; Q=0.5 ,\tBR;q=0.4"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("  Br  "), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding("x-gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("X-GZIP;q=1, br;q=0.5"), ContentEncoding::kGzip);
}

TEST(NegotiateContentEncodingTest, MalformedElementsAreIgnored) {
  EXPECT_EQ(NegotiateContentEncoding("br;q=2, gzip;q=0.5"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br;q=abc, gzip;q=0.5"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br;q=0.1234, gzip;q=0.1"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br;q=1.001, gzip;q=0.1"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br;q=, gzip;q=0.1"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("br;q=-1, gzip;q=0.1"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding("g zip, \"br\", ;q=1"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("gzip;q=0.5;q=abc"), ContentEncoding::kIdentity);
  // Parameters other than q are not defined for Accept-Encoding and are skipped.
  EXPECT_EQ(NegotiateContentEncoding("br;level=11, gzip;q=0.5"), ContentEncoding::kBrotli);
  EXPECT_EQ(NegotiateContentEncoding(std::string(100000, ',') + "gzip"), ContentEncoding::kGzip);
  EXPECT_EQ(NegotiateContentEncoding(std::string(100000, ';')), ContentEncoding::kIdentity);
}

TEST(NegotiateContentEncodingTest, CodingListedTwiceKeepsTheLowerQ) {
  EXPECT_EQ(NegotiateContentEncoding("gzip, gzip;q=0"), ContentEncoding::kIdentity);
  EXPECT_EQ(NegotiateContentEncoding("br;q=0, br, gzip;q=0.2"), ContentEncoding::kGzip);
}

TEST(ContentEncodingTokenTest, Tokens) {
  EXPECT_EQ(ContentEncodingToken(ContentEncoding::kGzip), "gzip");
  EXPECT_EQ(ContentEncodingToken(ContentEncoding::kBrotli), "br");
  EXPECT_EQ(ContentEncodingToken(ContentEncoding::kIdentity), "identity");
}

TEST(IsCompressibleTest, TextJsonXmlAndJavaScript) {
  for (std::string_view type :
       {"text/html; charset=utf-8", "TEXT/CSS", "text/plain", "text/calendar; charset=utf-8",
        "text/javascript", "application/javascript", "application/json", "application/problem+json",
        " Application/JSON ; charset=utf-8", "application/xml", "image/svg+xml",
        "application/geo+json", "application/atom+xml"}) {
    EXPECT_TRUE(IsCompressible(type)) << type;
  }
}

TEST(IsCompressibleTest, CompressedOrBinaryFormatsAreNot) {
  for (std::string_view type :
       {"image/png", "image/jpeg", "image/webp", "image/avif", "font/woff2", "font/woff",
        "application/octet-stream", "application/zip", "application/gzip", "application/pdf", "",
        "text/", "+json", "json", "application/jsonp"}) {
    EXPECT_FALSE(IsCompressible(type)) << type;
  }
}

TEST(CompressTest, GzipRoundTripsThroughInflate) {
  const std::string page = SampleHtml(150 * 1024);
  const std::string encoded = Compress(ContentEncoding::kGzip, page);
  ASSERT_GE(encoded.size(), 2u);
  EXPECT_EQ(static_cast<unsigned char>(encoded[0]), 0x1f);  // gzip magic
  EXPECT_EQ(static_cast<unsigned char>(encoded[1]), 0x8b);
  EXPECT_LT(encoded.size(), page.size() / 4);
  EXPECT_EQ(Gunzip(encoded), page);
}

TEST(CompressTest, GzipRoundTripsEmptyAndBinaryBodies) {
  EXPECT_EQ(Gunzip(Compress(ContentEncoding::kGzip, "")), "");
  std::string bytes;
  for (int index = 0; index < 4096; ++index) bytes.push_back(static_cast<char>(index * 37 % 256));
  EXPECT_EQ(Gunzip(Compress(ContentEncoding::kGzip, bytes)), bytes);
}

TEST(CompressTest, BrotliRoundTripsThroughTheDecoder) {
  auto decompress = LoadBrotliDecoder();
  if (decompress == nullptr) {
    GTEST_SKIP() << "libbrotlidec.so.1 could not be loaded (" << dlerror()
                 << "), so the brotli output cannot be decoded here";
  }
  const std::string page = SampleHtml(150 * 1024);
  const std::string encoded = Compress(ContentEncoding::kBrotli, page);
  EXPECT_LT(encoded.size(), page.size() / 4);
  EXPECT_EQ(Unbrotli(decompress, encoded, page.size()), page);

  const std::string empty = Compress(ContentEncoding::kBrotli, "");
  EXPECT_FALSE(empty.empty());
  EXPECT_EQ(Unbrotli(decompress, empty, 0), "");

  std::string bytes;
  for (int index = 0; index < 4096; ++index) bytes.push_back(static_cast<char>(index * 37 % 256));
  EXPECT_EQ(Unbrotli(decompress, Compress(ContentEncoding::kBrotli, bytes), bytes.size()), bytes);
}

TEST(CompressTest, IdentityReturnsTheBody) {
  EXPECT_EQ(Compress(ContentEncoding::kIdentity, "{\"a\":1}"), "{\"a\":1}");
}

TEST(CompressResponseTest, LargeCompressibleBodyIsEncodedWithVary) {
  const std::string body = SampleHtml(4096);
  Response response = JsonResponse(body);
  CompressResponse(ContentEncoding::kGzip, response);
  EXPECT_EQ(HeaderValue(response, "content-encoding"), "gzip");
  EXPECT_EQ(HeaderValue(response, "vary"), "Accept-Encoding");
  EXPECT_EQ(Gunzip(response.body), body);
  EXPECT_EQ(response.content_type, "application/json");
}

TEST(CompressResponseTest, SmallBodyIsSentAsItIsButVaries) {
  Response small = JsonResponse(std::string(kMinCompressBytes - 1, 'a'));
  CompressResponse(ContentEncoding::kBrotli, small);
  EXPECT_EQ(HeaderValue(small, "content-encoding"), "");
  EXPECT_EQ(HeaderValue(small, "vary"), "Accept-Encoding");
  EXPECT_EQ(small.body, std::string(kMinCompressBytes - 1, 'a'));

  Response at_threshold = JsonResponse(std::string(kMinCompressBytes, 'a'));
  CompressResponse(ContentEncoding::kGzip, at_threshold);
  EXPECT_EQ(HeaderValue(at_threshold, "content-encoding"), "gzip");
  EXPECT_EQ(Gunzip(at_threshold.body), std::string(kMinCompressBytes, 'a'));
}

TEST(CompressResponseTest, IdentityOnlyAddsVary) {
  const std::string body = SampleHtml(4096);
  Response response = JsonResponse(body);
  CompressResponse(ContentEncoding::kIdentity, response);
  EXPECT_EQ(response.body, body);
  EXPECT_EQ(HeaderValue(response, "content-encoding"), "");
  EXPECT_EQ(HeaderValue(response, "vary"), "Accept-Encoding");
}

TEST(CompressResponseTest, IncompressibleTypeIsUntouched) {
  Response png = JsonResponse(std::string(4096, 'x'));
  png.content_type = "image/png";
  CompressResponse(ContentEncoding::kGzip, png);
  EXPECT_EQ(png.body, std::string(4096, 'x'));
  EXPECT_TRUE(png.headers.empty());

  // A Content-Type header set by the handler is the one sent, so it decides.
  Response header_type = JsonResponse(std::string(4096, 'x'));
  header_type.headers.emplace_back("content-type", "font/woff2");
  CompressResponse(ContentEncoding::kGzip, header_type);
  EXPECT_EQ(header_type.body, std::string(4096, 'x'));
  EXPECT_EQ(HeaderValue(header_type, "vary"), "");
}

TEST(CompressResponseTest, HandlerContentEncodingIsKept) {
  Response response = JsonResponse(std::string(4096, 'x'));
  response.headers.emplace_back("content-encoding", "br");
  CompressResponse(ContentEncoding::kGzip, response);
  EXPECT_EQ(response.body, std::string(4096, 'x'));
  EXPECT_EQ(HeaderValue(response, "content-encoding"), "br");
  EXPECT_EQ(HeaderValue(response, "vary"), "Accept-Encoding");
}

TEST(CompressResponseTest, BodylessStatusesAreNotEncoded) {
  for (int status : {204, 304}) {
    Response response = JsonResponse(std::string(4096, 'x'));
    response.status = status;
    CompressResponse(ContentEncoding::kGzip, response);
    EXPECT_EQ(response.body, std::string(4096, 'x')) << status;
    EXPECT_EQ(HeaderValue(response, "content-encoding"), "") << status;
  }
}

TEST(CompressResponseTest, VaryIsMergedWithTheHandlers) {
  Response cookie = JsonResponse("{}");
  cookie.headers.emplace_back("Vary", "Cookie");
  CompressResponse(ContentEncoding::kGzip, cookie);
  EXPECT_EQ(HeaderValue(cookie, "vary"), "Cookie, Accept-Encoding");

  Response star = JsonResponse("{}");
  star.headers.emplace_back("Vary", "*");
  CompressResponse(ContentEncoding::kGzip, star);
  EXPECT_EQ(HeaderValue(star, "vary"), "*");

  Response named = JsonResponse("{}");
  named.headers.emplace_back("vary", "Origin, accept-encoding");
  CompressResponse(ContentEncoding::kGzip, named);
  EXPECT_EQ(HeaderValue(named, "vary"), "Origin, accept-encoding");

  Response second_line = JsonResponse("{}");
  second_line.headers.emplace_back("Vary", "Origin");
  second_line.headers.emplace_back("Vary", "Accept-Encoding");
  CompressResponse(ContentEncoding::kGzip, second_line);
  EXPECT_EQ(HeaderValue(second_line, "vary"), "Origin | Accept-Encoding");
}

TEST(CompressResponseTest, SecondApplicationChangesNothing) {
  Response response = JsonResponse(SampleHtml(4096));
  CompressResponse(ContentEncoding::kBrotli, response);
  const Response first = response;
  CompressResponse(ContentEncoding::kGzip, response);
  EXPECT_EQ(response.body, first.body);
  EXPECT_EQ(response.headers, first.headers);
  EXPECT_EQ(HeaderValue(response, "content-encoding"), "br");
}

}  // namespace
}  // namespace rn::http
