// The common-password list behind identity::IsCommonPassword (user.h).
//
// Written for this project, not copied from a breach corpus: the passwords that top every published
// "most common passwords" ranking, and the keyboard walks, repeats and "word + digits" forms that
// reach 12 characters (the minimum length, so the short entries are only a second line of defence).
// Debian's john-data password.lst was considered and not used: its Debian licence is GPL-2 (the
// file itself says it is "assumed to be in the public domain"), and only 1 of its 3,546 entries is
// 12 characters or longer. Entries are lower case; the check ignores ASCII case.

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "identity/user.h"

namespace rn::identity {
namespace {

constexpr std::array<std::string_view, 111> kCommonPasswords = {
    // The perennial top of the rankings (shorter than 12: already refused by length).
    "123456",
    "password",
    "12345678",
    "qwerty",
    "123456789",
    "12345",
    "1234",
    "111111",
    "1234567",
    "dragon",
    "123123",
    "baseball",
    "abc123",
    "football",
    "monkey",
    "letmein",
    "696969",
    "shadow",
    "master",
    "666666",
    "qwertyuiop",
    "123321",
    "mustang",
    "1234567890",
    "michael",
    "654321",
    "superman",
    "1qaz2wsx",
    "7777777",
    "121212",
    "000000",
    "qazwsx",
    "123qwe",
    "killer",
    "trustno1",
    "jordan",
    "jennifer",
    "zxcvbnm",
    "asdfgh",
    "hunter",
    "buster",
    "soccer",
    "harley",
    "batman",
    "andrew",
    "tigger",
    "sunshine",
    "iloveyou",
    "2000",
    "charlie",
    "robert",
    "thomas",
    "hockey",
    "ranger",
    "daniel",
    "starwars",
    "klaster",
    "112233",
    "george",
    "computer",
    "michelle",
    "jessica",
    "pepper",
    "1111",
    "zxcvbn",
    "555555",
    "11111111",
    "131313",
    "freedom",
    "777777",
    "pass",
    "maggie",
    "159753",
    "aaaaaa",
    "ginger",
    "princess",
    "joshua",
    "cheese",
    "amanda",
    "summer",
    "love",
    "ashley",
    "nicole",
    "chelsea",
    "biteme",
    "matthew",
    "access",
    "yankees",
    "987654321",
    "dallas",
    "austin",
    "thunder",
    "taylor",
    "matrix",
    "welcome",
    "admin",
    "password1",
    // 12 characters or more.
    "123456789012",
    "1234567890ab",
    "qwertyuiopas",
    "qwerty123456",
    "password1234",
    "password123!",
    "passwordpassword",
    "iloveyou1234",
    "111111111111",
    "000000000000",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "abcdefghijkl",
    "welcome12345",
};

}  // namespace

bool IsCommonPassword(std::string_view password) {
  std::string lower(password);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kCommonPasswords.begin(), kCommonPasswords.end(), lower) !=
         kCommonPasswords.end();
}

}  // namespace rn::identity
