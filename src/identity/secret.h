#pragma once
// Random secrets and their hashes (libsodium): ids, session cookies, CSRF and API tokens.

#include <cstddef>
#include <string>
#include <string_view>

#include "util/status.h"

namespace rn::identity {

// True once libsodium has started (sodium_init); every function below needs it.
bool SodiumReady();

// `bytes` random bytes as lower-case hex (2 × bytes characters). kInternal when libsodium cannot
// start.
Result<std::string> RandomHex(std::size_t bytes);

// A new secret of 256 random bits in URL-safe base64 without padding (43 characters of
// [A-Za-z0-9_-]), for cookies, CSRF tokens and API tokens. kInternal when libsodium cannot start.
Result<std::string> NewSecret();

// The lower-case hex SHA-256 of `bytes` (64 characters). What the store keeps instead of a session
// id or an API token: a plain hash suffices, as those secrets are 256 random bits. Also the audit
// trail's entry hash. Aborts only when the system cannot supply randomness to start libsodium.
std::string Sha256Hex(std::string_view bytes);

// Whether `a` equals `b`, in time that depends only on their lengths (sodium_memcmp).
bool SecretEquals(std::string_view a, std::string_view b);

}  // namespace rn::identity
