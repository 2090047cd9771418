#include "donations/stripe_signature.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <vector>

namespace donations {
namespace {

constexpr int64_t kT = 1700000000;
constexpr std::string_view kBody = R"({"id":"evt_test_webhook","object":"event"})";
const std::vector<std::string> kSecrets = {"whsec_test_secret"};

// Computed independently:
//   printf '%s' '1700000000.{"id":"evt_test_webhook","object":"event"}' |
//     openssl dgst -sha256 -hmac 'whsec_test_secret'
constexpr std::string_view kKnownV1 =
    "d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990";
// ... and with -hmac 'whsec_rotated'
constexpr std::string_view kKnownRotatedV1 =
    "7ea09bccaa7375d1a80e0295e1183a6bef25e78448bc808408578ea1473f0b07";

base::Status Verify(std::string_view header, std::string_view body = kBody,
                    const std::vector<std::string>& secrets = kSecrets, int64_t now = kT + 10) {
  return VerifyStripeSignature(header, body, secrets, now);
}

bool IsPermissionDenied(const base::Status& s) {
  return s.code() == base::StatusCode::kPermissionDenied;
}

TEST(StripeSignatureTest, KnownVectorFromOpenssl) {
  EXPECT_EQ(SignStripePayload(kBody, "whsec_test_secret", kT),
            "t=1700000000,v1=" + std::string(kKnownV1));
  EXPECT_TRUE(Verify("t=1700000000,v1=" + std::string(kKnownV1)).ok());
  // Stripe sends lower case; upper case hex is the same signature.
  std::string upper(kKnownV1);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_TRUE(Verify("t=1700000000,v1=" + upper).ok());
}

TEST(StripeSignatureTest, GoodSignature) {
  const std::string header = SignStripePayload(kBody, kSecrets[0], kT);
  EXPECT_TRUE(Verify(header, kBody, kSecrets, kT).ok());
  EXPECT_TRUE(Verify(header, kBody, kSecrets, kT + 300).ok());  // tolerance is inclusive
  EXPECT_TRUE(Verify(header, kBody, kSecrets, kT - 300).ok());
}

TEST(StripeSignatureTest, BadSignatureOrAlteredBody) {
  const std::string header = SignStripePayload(kBody, kSecrets[0], kT);
  EXPECT_TRUE(IsPermissionDenied(Verify(header, R"({"id":"evt_test_webhook","object":"evenT"})")));
  EXPECT_TRUE(IsPermissionDenied(Verify(header, std::string(kBody) + " ")));
  EXPECT_TRUE(IsPermissionDenied(Verify(header, "")));
  // A different timestamp than the one signed.
  std::string moved = header;
  moved.replace(0, 12, "t=1700000001");
  EXPECT_TRUE(IsPermissionDenied(Verify(moved)));
  // One flipped hex digit.
  std::string flipped = header;
  flipped.back() = flipped.back() == '0' ? '1' : '0';
  EXPECT_TRUE(IsPermissionDenied(Verify(flipped)));
  EXPECT_TRUE(IsPermissionDenied(Verify("t=1700000000,v1=" + std::string(64, '0'))));
}

TEST(StripeSignatureTest, WrongSecret) {
  const std::string header = SignStripePayload(kBody, "whsec_someone_else", kT);
  EXPECT_TRUE(IsPermissionDenied(Verify(header)));
}

TEST(StripeSignatureTest, StaleAndFuture) {
  const std::string header = SignStripePayload(kBody, kSecrets[0], kT);
  EXPECT_TRUE(IsPermissionDenied(Verify(header, kBody, kSecrets, kT + 301)));
  EXPECT_TRUE(IsPermissionDenied(Verify(header, kBody, kSecrets, kT + 86400)));
  EXPECT_TRUE(IsPermissionDenied(Verify(header, kBody, kSecrets, kT - 301)));  // from the future
  EXPECT_TRUE(IsPermissionDenied(Verify(header, kBody, kSecrets, 0)));
  // A custom tolerance.
  EXPECT_TRUE(VerifyStripeSignature(header, kBody, kSecrets, kT + 10, 10).ok());
  EXPECT_TRUE(IsPermissionDenied(VerifyStripeSignature(header, kBody, kSecrets, kT + 11, 10)));
}

TEST(StripeSignatureTest, ReplayedLaterIsRefused) {
  // The same header and body, accepted once, sent again after the window.
  const std::string header = SignStripePayload(kBody, kSecrets[0], kT);
  ASSERT_TRUE(Verify(header, kBody, kSecrets, kT + 5).ok());
  EXPECT_TRUE(IsPermissionDenied(Verify(header, kBody, kSecrets, kT + 5 + 3600)));
  // (A replay inside the window is caught by the event-id idempotency, not here.)
}

TEST(StripeSignatureTest, RotatedSecret) {
  const std::vector<std::string> both = {"whsec_test_secret", "whsec_rotated"};
  EXPECT_TRUE(Verify("t=1700000000,v1=" + std::string(kKnownV1), kBody, both).ok());
  EXPECT_TRUE(Verify("t=1700000000,v1=" + std::string(kKnownRotatedV1), kBody, both).ok());
  // Only the new secret configured: the old signature no longer works.
  EXPECT_TRUE(IsPermissionDenied(
      Verify("t=1700000000,v1=" + std::string(kKnownV1), kBody, {"whsec_rotated"})));
  // During rotation Stripe sends two v1s; one good one is enough, in any position.
  const std::string bad(64, 'a');
  EXPECT_TRUE(Verify("t=1700000000,v1=" + bad + ",v1=" + std::string(kKnownRotatedV1), kBody,
                     {"whsec_rotated"})
                  .ok());
  EXPECT_TRUE(Verify("v1=" + std::string(kKnownV1) + ",v1=" + bad + ",t=1700000000").ok());
  EXPECT_TRUE(IsPermissionDenied(Verify("t=1700000000,v1=" + bad + ",v1=" + bad)));
  // Empty secrets in the list are skipped, not matched.
  EXPECT_TRUE(
      Verify("t=1700000000,v1=" + std::string(kKnownV1), kBody, {"", "whsec_test_secret"}).ok());
}

TEST(StripeSignatureTest, OrderWhitespaceAndV0AreTolerated) {
  const std::string v1(kKnownV1);
  EXPECT_TRUE(Verify(" v0=deadbeef , v1 = " + v1 + " ,t= 1700000000 ").ok());
  EXPECT_TRUE(Verify("t=1700000000,,v1=" + v1 + ",").ok());
  EXPECT_TRUE(Verify("t=1700000000,v1=" + v1 + ",scheme=future").ok());
}

TEST(StripeSignatureTest, MalformedHeaders) {
  const std::string v1(kKnownV1);
  for (const std::string& header : std::vector<std::string>{
           "", "   ", "garbage", "v1=" + v1, "t=1700000000", "t=1700000000,v0=" + v1,
           "t=abc,v1=" + v1, "t=-1700000000,v1=" + v1, "t=17e8,v1=" + v1, "t=,v1=" + v1,
           "t=1700000000,v1=" + v1.substr(1),        // odd length
           "t=1700000000,v1=" + v1.substr(2),        // too short
           "t=1700000000,v1=" + v1 + "00",           // too long
           "t=1700000000,v1=" + v1.substr(1) + "g",  // not hex
           "t=1700000000,t=1700000001,v1=" + v1,     // two timestamps
           "t=99999999999999999999,v1=" + v1,        // overflow
           "t=1700000000,v1"}) {
    const base::Status s = Verify(header);
    EXPECT_TRUE(s.IsInvalidArgument()) << "'" << header << "': " << s.ToString();
  }
}

TEST(StripeSignatureTest, NoSecretConfigured) {
  const std::string header = SignStripePayload(kBody, kSecrets[0], kT);
  EXPECT_TRUE(Verify(header, kBody, {}).IsInternal());
  EXPECT_TRUE(Verify(header, kBody, {""}).IsInternal());
}

}  // namespace
}  // namespace donations
