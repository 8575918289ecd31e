#include "identity/secret_box.h"

#include <sodium.h>

#include <algorithm>

#include "identity/secret.h"

namespace rn::identity {

static_assert(kSecretKeyBytes == crypto_secretbox_KEYBYTES);

Result<SecretKey> SecretKey::Generate() {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  SecretKey key;
  crypto_secretbox_keygen(key.bytes_.data());
  return key;
}

Result<SecretKey> SecretKey::FromBytes(std::string_view bytes) {
  if (bytes.size() != kSecretKeyBytes) {
    return Status::Invalid("key", "a key is " + std::to_string(kSecretKeyBytes) + " bytes, not " +
                                      std::to_string(bytes.size()));
  }
  SecretKey key;
  std::copy(bytes.begin(), bytes.end(), key.bytes_.begin());
  return key;
}

SecretKey::~SecretKey() { sodium_memzero(bytes_.data(), bytes_.size()); }

Result<std::string> SecretBox::Seal(std::string_view plaintext) const {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + plaintext.size(),
                     '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(plaintext.data()), plaintext.size(),
                        out, reinterpret_cast<const unsigned char*>(key_.bytes().data()));
  return sealed;
}

Result<std::string> SecretBox::Open(std::string_view sealed) const {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  if (sealed.size() < crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES) {
    return Status::Internal("a sealed text is too short to open");
  }
  const auto* in = reinterpret_cast<const unsigned char*>(sealed.data());
  std::string plaintext(sealed.size() - crypto_secretbox_NONCEBYTES - crypto_secretbox_MACBYTES,
                        '\0');
  if (crypto_secretbox_open_easy(
          reinterpret_cast<unsigned char*>(plaintext.data()), in + crypto_secretbox_NONCEBYTES,
          sealed.size() - crypto_secretbox_NONCEBYTES, in,
          reinterpret_cast<const unsigned char*>(key_.bytes().data())) != 0) {
    return Status::Internal(
        "a sealed text could not be opened: it was sealed under another key, or altered");
  }
  return plaintext;
}

}  // namespace rn::identity
