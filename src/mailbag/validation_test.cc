#include "mailbag/validation.h"

#include <gtest/gtest.h>

namespace mailbag {
namespace {

TEST(ValidationTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("ñandú"), 5u);
  EXPECT_EQ(CountCodePoints(""), 0u);
}

TEST(ValidationTest, ControlCharacters) {
  EXPECT_FALSE(HasControlCharacters("a\tb\nc\r\n", true));
  EXPECT_TRUE(HasControlCharacters("a\nb", false));
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3), true));
  EXPECT_TRUE(HasControlCharacters("a\x7f", true));
  EXPECT_TRUE(HasControlCharacters("a\xc2\x85", true));  // U+0085 NEL
  EXPECT_FALSE(HasControlCharacters("¿qué?", true));
}

TEST(ValidationTest, CountsLinks) {
  EXPECT_EQ(CountLinks("no links here"), 0);
  EXPECT_EQ(CountLinks("see https://a.example and WWW.b.example, ftp://c"), 3);
  EXPECT_EQ(CountLinks("http://x"), 1);
}

TEST(ValidationTest, NormalizesEmails) {
  EXPECT_EQ(NormalizeEmail("  Ana.Ruiz@Example.ORG "), "Ana.Ruiz@example.org");
  EXPECT_FALSE(NormalizeEmail(""));
  EXPECT_FALSE(NormalizeEmail("no-at-sign"));
  EXPECT_FALSE(NormalizeEmail("a@b@c.org"));
  EXPECT_FALSE(NormalizeEmail("a@localhost"));
  EXPECT_FALSE(NormalizeEmail("a b@example.org"));
  EXPECT_FALSE(NormalizeEmail("a@-bad.org"));
  EXPECT_FALSE(NormalizeEmail("a@exa..org"));
  EXPECT_FALSE(NormalizeEmail("<script>@x.org"));
  EXPECT_FALSE(NormalizeEmail(std::string(65, 'a') + "@example.org"));
}

TEST(ValidationTest, DuplicatesNormalizeTogether) {
  EXPECT_EQ(NormalizeForDuplicates("  ¿Qué es la   PLUSVALÍA? "), "que es la plusvalia");
  EXPECT_EQ(NormalizeForDuplicates("Que es la plusvalia"), "que es la plusvalia");
  EXPECT_NE(NormalizeForDuplicates("what is value"), NormalizeForDuplicates("what is a value"));
}

TEST(ValidationTest, HttpUrls) {
  EXPECT_TRUE(IsHttpUrl("https://video.example/watch?v=1"));
  EXPECT_TRUE(IsHttpUrl("http://example.org"));
  EXPECT_FALSE(IsHttpUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsHttpUrl("https://"));
  EXPECT_FALSE(IsHttpUrl("https:///path"));
  EXPECT_FALSE(IsHttpUrl("https://a.example/x y"));
  EXPECT_FALSE(IsHttpUrl("https://a.example/\"><script>"));
  EXPECT_FALSE(IsHttpUrl("/relative"));
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
