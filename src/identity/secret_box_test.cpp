#include "identity/secret_box.h"

#include <gtest/gtest.h>

namespace rn::identity {
namespace {

SecretBox NewBox() { return SecretBox(*SecretKey::Generate()); }

TEST(SecretBox, SealsWithAFreshNonceAndOpensOnlyUnderItsKey) {
  const SecretBox box = NewBox();
  const std::string text = "Testy shared something in confidence.";
  Result<std::string> sealed = box.Seal(text);
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->size(), text.size() + 40);  // 24-byte nonce + 16-byte tag
  EXPECT_EQ(sealed->find("confidence"), std::string::npos);
  Result<std::string> again = box.Seal(text);
  ASSERT_TRUE(again.ok());
  EXPECT_NE(*sealed, *again);  // a new nonce each time
  Result<std::string> opened = box.Open(*sealed);
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, text);

  EXPECT_EQ(NewBox().Open(*sealed).status().code(), StatusCode::kInternal);
  std::string altered = *sealed;
  altered.back() = static_cast<char>(altered.back() ^ 1);
  EXPECT_EQ(box.Open(altered).status().code(), StatusCode::kInternal);
  EXPECT_EQ(box.Open("short").status().code(), StatusCode::kInternal);
  Result<std::string> empty = box.Seal("");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*box.Open(*empty), "");
}

TEST(SecretKey, IsExactlyThirtyTwoBytes) {
  EXPECT_EQ(SecretKey::FromBytes(std::string(31, 'k')).status().field(), "key");
  Result<SecretKey> key = SecretKey::FromBytes(std::string(32, 'k'));
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(key->bytes(), std::string(32, 'k'));
  const SecretBox box{*key};
  const SecretBox same{*SecretKey::FromBytes(std::string(32, 'k'))};
  EXPECT_EQ(*same.Open(*box.Seal("Testy Fakename")), "Testy Fakename");
}

}  // namespace
}  // namespace rn::identity
