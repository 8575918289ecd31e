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

Result<std::string> SecretBox::Seal(std::string_view plaintext, std::string_view binding) const {
  if (!SodiumReady()) return Status::Internal("libsodium could not be initialised");
  std::string bound;
  bound.reserve(kBoundPrefix.size() + binding.size() + 1 + plaintext.size());
  bound.append(kBoundPrefix).append(binding).append(1, '\0').append(plaintext);
  std::string sealed(crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + bound.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, crypto_secretbox_NONCEBYTES);
  crypto_secretbox_easy(out + crypto_secretbox_NONCEBYTES,
                        reinterpret_cast<const unsigned char*>(bound.data()), bound.size(), out,
                        reinterpret_cast<const unsigned char*>(key_.bytes().data()));
  sodium_memzero(bound.data(), bound.size());
  return sealed;
}

Result<std::string> SecretBox::Open(std::string_view sealed, std::string_view binding) const {
  Result<std::string> opened = OpenBox(sealed);
  if (!opened.ok() || !opened->starts_with(kBoundPrefix)) return opened;  // unbound: sealed before
  const std::string_view rest = std::string_view(*opened).substr(kBoundPrefix.size());
  const std::size_t end = rest.find('\0');
  if (end == std::string_view::npos || rest.substr(0, end) != binding) {
    sodium_memzero(opened->data(), opened->size());
    return Status::Internal("a sealed text could not be opened: it was sealed for another record");
  }
  opened->erase(0, kBoundPrefix.size() + end + 1);
  return opened;
}

Result<std::string> SecretBox::OpenBox(std::string_view sealed) const {
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
