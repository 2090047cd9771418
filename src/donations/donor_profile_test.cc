#include "donations/donor_profile.h"

#include <gtest/gtest.h>

namespace donations {
namespace {

DonorProfile Sample() {
  DonorProfile p;
  p.name = "Ana Ruiz";
  p.email = "ana@example.org";
  p.address_line1 = "Calle Mayor 1";
  p.city = "Madrid";
  p.postal_code = "28001";
  p.country = "ES";
  p.employer = "Hospital";
  p.occupation = "Nurse";
  p.lang = "es";
  return p;
}

TEST(DonorProfileTest, JsonRoundTrips) {
  auto back = DonorProfileFromJson(DonorProfileToJson(Sample()));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, Sample());
  EXPECT_TRUE(DonorProfileFromJson("{}").status().IsInvalidArgument());
  EXPECT_TRUE(DonorProfileFromJson("not json").status().IsInvalidArgument());
}

TEST(DonorProfileTest, SealedToItsRef) {
  auto ring = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
  auto sealed = SealDonorProfile(*ring, Sample(), "ref-a");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("Ana"), std::string::npos);
  auto opened = OpenDonorProfile(*ring, *sealed, "ref-a");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, Sample());
  // Another donor's ref, or the same value opened as a gift's extra, fails.
  EXPECT_FALSE(OpenDonorProfile(*ring, *sealed, "ref-b").ok());
  EXPECT_FALSE(OpenGiftExtra(*ring, *sealed, "ref-a").ok());
}

TEST(DonorProfileTest, GiftExtraRoundTrips) {
  auto ring = crypto::Keyring::Of(crypto::FieldKey::Generate().value());
  GiftExtra e{"In memory of Rosa", "Keep going", {"own_funds", "adult"}};
  auto sealed = SealGiftExtra(*ring, e, "don-1");
  ASSERT_TRUE(sealed.ok());
  auto opened = OpenGiftExtra(*ring, *sealed, "don-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, e);
  EXPECT_FALSE(OpenGiftExtra(*ring, *sealed, "don-2").ok());
  EXPECT_TRUE(GiftExtraFromJson(R"({"dedication":"","comment":"","attested":[1]})")
                  .status()
                  .IsInvalidArgument());
}

TEST(DonorProfileTest, EmailIndexFoldsCaseAndBlanks) {
  auto key = crypto::FieldKey::Generate().value();
  EXPECT_EQ(DonorEmailIndex(key, "Ana@Example.org"), DonorEmailIndex(key, " ana@example.org "));
  EXPECT_NE(DonorEmailIndex(key, "ana@example.org"), DonorEmailIndex(key, "ana2@example.org"));
}

}  // namespace
}  // namespace donations
