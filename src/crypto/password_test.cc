#include "crypto/password.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/crypto.h"

namespace crypto {
namespace {

// Cheap parameters so most tests run fast; one test uses the real minimum.
PasswordPolicy CheapPolicy() {
  PasswordPolicy p;
  p.ops_limit = 1;
  p.mem_limit = 64 * 1024;
  p.for_tests = true;
  return p;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

TEST(InitTest, IsIdempotent) {
  EXPECT_TRUE(Init().ok());
  EXPECT_TRUE(Init().ok());
}

TEST(PasswordTest, RoundTripWithOwaspMinimum) {
  const PasswordPolicy owasp;  // the defaults: 2 iterations, 19 MiB
  base::Result<std::string> hash = HashPassword("correct horse battery", owasp);
  ASSERT_TRUE(hash.ok()) << hash.status().ToString();
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_NE(hash->find("m=19456,t=2,p=1"), std::string::npos) << *hash;
  EXPECT_TRUE(VerifyPassword(*hash, "correct horse battery"));
  EXPECT_FALSE(VerifyPassword(*hash, "correct horse batterz"));
  EXPECT_FALSE(VerifyPassword(*hash, ""));
  EXPECT_FALSE(NeedsRehash(*hash, owasp));
}

TEST(PasswordTest, WrongPasswordAndMalformedHashAreFalse) {
  base::Result<std::string> hash = HashPassword("s3cret passphrase", CheapPolicy());
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword(*hash, "s3cret passphrase"));
  EXPECT_FALSE(VerifyPassword(*hash, "S3cret passphrase"));
  EXPECT_FALSE(VerifyPassword("", "s3cret passphrase"));
  EXPECT_FALSE(VerifyPassword("not a hash", "s3cret passphrase"));
  EXPECT_FALSE(VerifyPassword(hash->substr(0, hash->size() - 4), "s3cret passphrase"));
  std::string with_nul = *hash;
  with_nul.insert(with_nul.begin() + 5, '\0');
  EXPECT_FALSE(VerifyPassword(with_nul, "s3cret passphrase"));
  EXPECT_FALSE(VerifyPassword(Repeat("x", 500), "s3cret passphrase"));
}

TEST(PasswordTest, SaltMakesHashesDiffer) {
  base::Result<std::string> a = HashPassword("same password here", CheapPolicy());
  base::Result<std::string> b = HashPassword("same password here", CheapPolicy());
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok());
  EXPECT_NE(*a, *b);
  EXPECT_TRUE(VerifyPassword(*a, "same password here"));
  EXPECT_TRUE(VerifyPassword(*b, "same password here"));
}

TEST(PasswordTest, NeedsRehashWhenPolicyGrows) {
  const PasswordPolicy cheap = CheapPolicy();
  base::Result<std::string> hash = HashPassword("a long enough password", cheap);
  ASSERT_TRUE(hash.ok());
  EXPECT_FALSE(NeedsRehash(*hash, cheap));
  PasswordPolicy more_ops = cheap;
  more_ops.ops_limit = 3;
  EXPECT_TRUE(NeedsRehash(*hash, more_ops));
  PasswordPolicy more_mem = cheap;
  more_mem.mem_limit = 2 * cheap.mem_limit;
  EXPECT_TRUE(NeedsRehash(*hash, more_mem));
  EXPECT_TRUE(NeedsRehash("garbage", cheap));
}

TEST(PasswordTest, PolicyBelowMinimumRefusedUnlessForTests) {
  PasswordPolicy weak_ops;
  weak_ops.ops_limit = 1;
  EXPECT_TRUE(HashPassword("whatever password", weak_ops).status().IsInvalidArgument());
  PasswordPolicy weak_mem;
  weak_mem.mem_limit = 18 * 1024 * 1024;
  EXPECT_TRUE(HashPassword("whatever password", weak_mem).status().IsInvalidArgument());
  // Below libsodium's own floor even tests are refused.
  PasswordPolicy absurd = CheapPolicy();
  absurd.mem_limit = 1024;
  EXPECT_TRUE(HashPassword("whatever password", absurd).status().IsInvalidArgument());
  absurd = CheapPolicy();
  absurd.ops_limit = 0;
  EXPECT_TRUE(HashPassword("whatever password", absurd).status().IsInvalidArgument());
}

TEST(PasswordTest, OverlongPasswordRefusedByHashAndVerify) {
  const std::string max(kMaxPasswordBytes, 'k');
  base::Result<std::string> hash = HashPassword(max, CheapPolicy());
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(VerifyPassword(*hash, max));
  // No truncation: one byte less does not match.
  EXPECT_FALSE(VerifyPassword(*hash, max.substr(1)));
  EXPECT_TRUE(HashPassword(max + "k", CheapPolicy()).status().IsInvalidArgument());
  EXPECT_FALSE(VerifyPassword(*hash, max + "k"));
}

TEST(PasswordStrengthTest, LengthCountsCodePoints) {
  EXPECT_TRUE(CheckPasswordStrength("abcdefghij1").IsInvalidArgument());  // 11
  EXPECT_TRUE(CheckPasswordStrength("tr0ub4dor&3x").ok());               // 12
  EXPECT_TRUE(CheckPasswordStrength("").IsInvalidArgument());
  // "ñ" is 2 bytes: 6 of them are 12 bytes but only 6 characters.
  EXPECT_TRUE(CheckPasswordStrength(Repeat("ñb", 3)).IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength(Repeat("ñb", 6)).ok());
  // 11 code points in 22 bytes is still too short.
  EXPECT_TRUE(CheckPasswordStrength(Repeat("ñ", 10) + "a").IsInvalidArgument());
  // 12 "ñ" counts as 12 characters: not refused for length, but it is one
  // character repeated.
  EXPECT_TRUE(CheckPasswordStrength(Repeat("ñ", 11) + "o").ok());
  EXPECT_TRUE(CheckPasswordStrength(Repeat("ñ", 12)).IsInvalidArgument());
}

TEST(PasswordStrengthTest, LongPasswordsAcceptedUpToLimit) {
  std::string pass = "Solidarity forever, the union makes us strong! ";
  while (pass.size() < 70) pass += "x";
  EXPECT_TRUE(CheckPasswordStrength(pass).ok());
  std::string at_limit;
  while (at_limit.size() < kMaxPasswordBytes) at_limit += "abc ";
  at_limit.resize(kMaxPasswordBytes);
  EXPECT_TRUE(CheckPasswordStrength(at_limit).ok());
  EXPECT_TRUE(CheckPasswordStrength(at_limit + "d").IsInvalidArgument());  // 1025 bytes
}

TEST(PasswordStrengthTest, InvalidUtf8Refused) {
  EXPECT_TRUE(CheckPasswordStrength("valid prefix \xff\xfe tail").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("truncated seq \xc3").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("overlong \xc0\xaf slash!!").IsInvalidArgument());
}

TEST(PasswordStrengthTest, RepeatedCharacterRefused) {
  EXPECT_TRUE(CheckPasswordStrength(std::string(20, 'a')).IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength(std::string(13, ' ')).IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength(std::string(19, 'a') + "b").ok());
}

TEST(PasswordStrengthTest, CommonPasswordsRefusedInAnyCase) {
  EXPECT_TRUE(CheckPasswordStrength("password1234").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("PassWord1234").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("123456789012").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("QWERTYUIOP123").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("qwertyuiop123").IsInvalidArgument());
  // First and last entries of the sorted list, to catch an off-by-one search.
  EXPECT_TRUE(CheckPasswordStrength("!@#$%^&*()_+").IsInvalidArgument());
  EXPECT_TRUE(CheckPasswordStrength("ZXCVzxcvZXCV").IsInvalidArgument());
  // Near misses are fine.
  EXPECT_TRUE(CheckPasswordStrength("password1234 but longer").ok());
  EXPECT_TRUE(CheckPasswordStrength("password1235x").ok());
}

}  // namespace
}  // namespace crypto
