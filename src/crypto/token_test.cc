#include "crypto/token.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace crypto {
namespace {

bool IsUrlSafe(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

TEST(TokenTest, RandomTokenIs43UrlSafeCharacters) {
  for (int i = 0; i < 50; ++i) {
    const std::string t = RandomToken();
    ASSERT_EQ(t.size(), 43u) << t;
    for (char c : t) EXPECT_TRUE(IsUrlSafe(c)) << t;
  }
}

TEST(TokenTest, RandomTokensAreUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(RandomToken());
  EXPECT_EQ(seen.size(), 1000u);
}

TEST(TokenTest, HashTokenIsDeterministicHex64) {
  const std::string t = RandomToken();
  const std::string h = HashToken(t);
  EXPECT_EQ(h, HashToken(t));
  ASSERT_EQ(h.size(), 64u);
  for (char c : h) EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')) << h;
  EXPECT_NE(h, HashToken(t + "x"));
  EXPECT_NE(h, t);
  // BLAKE2b-256 of the empty string, a published test vector.
  EXPECT_EQ(HashToken(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
}

TEST(TokenTest, ConstantTimeEquals) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace crypto
