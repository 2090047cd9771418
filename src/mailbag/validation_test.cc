#include "mailbag/validation.h"

#include <gtest/gtest.h>

namespace mailbag {
namespace {

TEST(ValidationTest, CountsLinks) {
  EXPECT_EQ(CountLinks("no links here"), 0);
  EXPECT_EQ(CountLinks("see https://a.example and WWW.b.example, ftp://c"), 3);
  EXPECT_EQ(CountLinks("http://x"), 1);
}

TEST(ValidationTest, DuplicatesNormalizeTogether) {
  EXPECT_EQ(NormalizeForDuplicates("  ¿Qué es la   PLUSVALÍA? "), "que es la plusvalia");
  EXPECT_EQ(NormalizeForDuplicates("Que es la plusvalia"), "que es la plusvalia");
  EXPECT_NE(NormalizeForDuplicates("what is value"), NormalizeForDuplicates("what is a value"));
}

TEST(ValidationTest, LangCodes) {
  EXPECT_TRUE(IsLangCode("en"));
  EXPECT_TRUE(IsLangCode("es"));
  EXPECT_FALSE(IsLangCode("EN"));
  EXPECT_FALSE(IsLangCode("e"));
  EXPECT_FALSE(IsLangCode("en-US"));
}

}  // namespace
}  // namespace mailbag
