#include "identity/secret_box.h"

#include <gtest/gtest.h>
#include <sodium.h>

namespace rn::identity {
namespace {

SecretBox NewBox() { return SecretBox(*SecretKey::Generate()); }

TEST(SecretBox, SealsWithAFreshNonceAndOpensOnlyUnderItsKey) {
  const SecretBox box = NewBox();
  const std::string text = "Testy shared something in confidence.";
  Result<std::string> sealed = box.Seal(text, "contact:1");
  ASSERT_TRUE(sealed.ok());
  // 24-byte nonce + 16-byte tag, and "rn-bound\0contact:1\0" before the text.
  EXPECT_EQ(sealed->size(), text.size() + 40 + 19);
  EXPECT_EQ(sealed->find("confidence"), std::string::npos);
  Result<std::string> again = box.Seal(text, "contact:1");
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*sealed, *again);  // a new nonce each time
  Result<std::string> opened = box.Open(*sealed, "contact:1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, text);

  EXPECT_EQ(NewBox().Open(*sealed, "contact:1").status().code(), StatusCode::kInternal);
  std::string altered = *sealed;
  altered.back() = static_cast<char>(altered.back() ^ 1);
  EXPECT_EQ(box.Open(altered, "contact:1").status().code(), StatusCode::kInternal);
  EXPECT_EQ(box.Open("short", "contact:1").status().code(), StatusCode::kInternal);
  Result<std::string> empty = box.Seal("", "contact:1");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*box.Open(*empty, "contact:1"), "");
}

// A sealed text copied into another record's row does not open there, nor under a binding that
// merely starts like its own.
TEST(SecretBox, OpensOnlyForTheRecordItWasSealedFor) {
  const SecretBox box = NewBox();
  Result<std::string> sealed = box.Seal("Shared in confidence.", "contact:abc");
  ASSERT_TRUE(sealed.ok());
  for (std::string_view other : {"contact:abd", "contact:ab", "contact:abcd", ""}) {
    Result<std::string> opened = box.Open(*sealed, other);
    EXPECT_EQ(opened.status().code(), StatusCode::kInternal) << other;
    EXPECT_EQ(opened.status().message().find("confidence"), std::string::npos);
  }
  EXPECT_EQ(*box.Open(*sealed, "contact:abc"), "Shared in confidence.");
}

// A text sealed before bindings existed (plain secretbox of the text) still opens.
TEST(SecretBox, ATextSealedBeforeBindingsStillOpens) {
  const std::string key(32, 'k');
  const std::string text = "An older note.";
  std::string sealed(24 + 16 + text.size(), '\0');
  auto* out = reinterpret_cast<unsigned char*>(sealed.data());
  randombytes_buf(out, 24);
  ASSERT_EQ(crypto_secretbox_easy(out + 24, reinterpret_cast<const unsigned char*>(text.data()),
                                  text.size(), out,
                                  reinterpret_cast<const unsigned char*>(key.data())),
            0);
  const SecretBox box{*SecretKey::FromBytes(key)};
  EXPECT_EQ(*box.Open(sealed, "contact:any"), text);
}

TEST(SecretKey, IsExactlyThirtyTwoBytes) {
  EXPECT_EQ(SecretKey::FromBytes(std::string(31, 'k')).status().field(), "key");
  Result<SecretKey> key = SecretKey::FromBytes(std::string(32, 'k'));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->bytes(), std::string(32, 'k'));
  const SecretBox box{*key};
  const SecretBox same{*SecretKey::FromBytes(std::string(32, 'k'))};
  EXPECT_EQ(*same.Open(*box.Seal("Testy Fakename", "contact:1"), "contact:1"), "Testy Fakename");
}

}  // namespace
}  // namespace rn::identity
