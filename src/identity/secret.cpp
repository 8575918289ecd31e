#include "identity/secret.h"

#include <sodium.h>

#include <cstdlib>
#include <vector>

namespace rn::identity {

bool SodiumReady() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

Result<std::string> RandomHex(std::size_t bytes) {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  std::vector<unsigned char> random(bytes);
  randombytes_buf(random.data(), random.size());
  std::string hex(2 * bytes + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), random.data(), random.size());
  hex.pop_back();
  return hex;
}

Result<std::string> NewSecret() {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  unsigned char random[32];
  randombytes_buf(random, sizeof random);
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(sizeof random, kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), random, sizeof random, kVariant);
  encoded.resize(encoded.find('\0'));
  return encoded;
}

std::string Sha256Hex(std::string_view bytes) {
  if (!SodiumReady()) std::abort();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  char hex[2 * sizeof digest + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

bool SecretEquals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace rn::identity
