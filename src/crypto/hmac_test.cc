#include "crypto/hmac.h"

#include <gtest/gtest.h>

#include <string>

namespace crypto {
namespace {

std::string Hex(const HmacSha256Mac& mac) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : mac) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

// RFC 4231, test cases 2 and 6 (a key longer than the block size).
TEST(HmacTest, Rfc4231Vectors) {
  EXPECT_EQ(Hex(HmacSha256("Jefe", {"what do ya want ", "for nothing?"})),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  const std::string long_key(131, '\xaa');
  EXPECT_EQ(Hex(HmacSha256(long_key, {"Test Using Larger Than Block-Size Key - Hash Key First"})),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
}

TEST(HmacTest, PartsAreConcatenated) {
  EXPECT_EQ(HmacSha256("k", {"123", ".", "body"}), HmacSha256("k", {"123.body"}));
  EXPECT_NE(HmacSha256("k", {"123.body"}), HmacSha256("k2", {"123.body"}));
}

TEST(HmacTest, MacEqualsComparesEveryByte) {
  HmacSha256Mac a = HmacSha256("k", {"x"});
  HmacSha256Mac b = a;
  EXPECT_TRUE(MacEquals(a, b));
  b[31] ^= 1;
  EXPECT_FALSE(MacEquals(a, b));
  b = a;
  b[0] ^= 0x80;
  EXPECT_FALSE(MacEquals(a, b));
}

}  // namespace
}  // namespace crypto
