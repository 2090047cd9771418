#include "base/form_text.h"

#include <gtest/gtest.h>

#include <string>

namespace base {
namespace {

TEST(FormTextTest, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints("abc"), 3u);
  EXPECT_EQ(CountCodePoints("ñandú"), 5u);
  EXPECT_EQ(CountCodePoints(""), 0u);
}

TEST(FormTextTest, ControlCharacters) {
  EXPECT_FALSE(HasControlCharacters("a\tb\nc\r\n", true));
  EXPECT_TRUE(HasControlCharacters("a\nb", false));
  EXPECT_TRUE(HasControlCharacters(std::string("a\0b", 3), true));
  EXPECT_TRUE(HasControlCharacters("a\x7f", true));
  EXPECT_TRUE(HasControlCharacters("a\xc2\x85", true));  // U+0085 NEL
  EXPECT_FALSE(HasControlCharacters("¿qué?", true));
}

TEST(FormTextTest, NormalizesEmails) {
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

TEST(FormTextTest, HttpUrls) {
  EXPECT_TRUE(IsHttpUrl("https://video.example/watch?v=1"));
  EXPECT_TRUE(IsHttpUrl("http://example.org"));
  EXPECT_FALSE(IsHttpUrl("javascript:alert(1)"));
  EXPECT_FALSE(IsHttpUrl("https://"));
  EXPECT_FALSE(IsHttpUrl("https:///path"));
  EXPECT_FALSE(IsHttpUrl("https://a.example/x y"));
  EXPECT_FALSE(IsHttpUrl("https://a.example/\"><script>"));
  EXPECT_FALSE(IsHttpUrl("/relative"));
}

TEST(FormTextTest, StartsWithNoCase) {
  EXPECT_TRUE(StartsWithNoCase("WWW.example.org", "www."));
  EXPECT_TRUE(StartsWithNoCase("https://x", "https://"));
  EXPECT_FALSE(StartsWithNoCase("ww", "www."));
  EXPECT_FALSE(StartsWithNoCase("xwww.", "www."));
}

}  // namespace
}  // namespace base
