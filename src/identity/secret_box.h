#pragma once
// Encryption at rest for what must not be readable from the database file alone (casework's
// private notes): libsodium's secretbox (XSalsa20-Poly1305) under one 256-bit key that is kept
// outside the database (app/ reads or makes the key file). A sealed text is the 24-byte nonce
// followed by the ciphertext and its 16-byte tag; nothing else is stored. What is sealed is the
// text bound to the record it belongs to ("rn-bound\0" + binding + "\0" + text, the binding e.g.
// "contact:<id>"), so a sealed text copied into another record's row does not open there: the tag
// covers the binding, and Open checks it.

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "util/status.h"

namespace rn::identity {

// The length of a key, in bytes (crypto_secretbox_KEYBYTES).
inline constexpr std::size_t kSecretKeyBytes = 32;

// A secretbox key. Its bytes are wiped when it is destroyed; it is never printed.
class SecretKey final {
 public:
  // A new random key. kInternal when libsodium cannot start.
  static Result<SecretKey> Generate();
  // The key of `bytes` (exactly kSecretKeyBytes of them, else kInvalidArgument, field "key").
  static Result<SecretKey> FromBytes(std::string_view bytes);

  SecretKey(const SecretKey& other) = default;
  SecretKey& operator=(const SecretKey& other) = default;
  ~SecretKey();

  // The raw bytes, for writing the key file.
  std::string_view bytes() const {
    return {reinterpret_cast<const char*>(bytes_.data()), bytes_.size()};
  }

 private:
  SecretKey() = default;
  std::array<unsigned char, kSecretKeyBytes> bytes_{};
};

// Seals and opens texts under one key. Thread-safe (it only reads its key).
class SecretBox final {
 public:
  explicit SecretBox(SecretKey key) : key_(std::move(key)) {}

  // `plaintext` bound to `binding` (the record it belongs to) and sealed with a fresh random nonce:
  // nonce + ciphertext (plaintext size + binding size + 50 bytes). kInternal when libsodium cannot
  // start. REQUIRES: `binding` holds no NUL.
  Result<std::string> Seal(std::string_view plaintext, std::string_view binding) const;
  // The plaintext of `sealed`, sealed for `binding`. kInternal when it is too short, was sealed
  // under another key, was altered, or was sealed for another record (the message says so, and
  // shows nothing of the text). A text sealed before bindings existed (no "rn-bound" prefix)
  // opens for any binding.
  Result<std::string> Open(std::string_view sealed, std::string_view binding) const;

 private:
  // What Seal puts before the binding.
  static constexpr std::string_view kBoundPrefix{"rn-bound\0", 9};
  // The secretbox's plaintext, bound or not.
  Result<std::string> OpenBox(std::string_view sealed) const;

  SecretKey key_;
};

}  // namespace rn::identity
