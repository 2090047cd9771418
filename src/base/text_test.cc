#include "base/text.h"

#include <gtest/gtest.h>

namespace base {
namespace {

TEST(SlugifyTest, SpanishAccentsAndPunctuation) {
  EXPECT_EQ(Slugify("¡Solidaridad con Cuba!"), "solidaridad-con-cuba");
  EXPECT_EQ(Slugify("¿Qué pasó en la huelga?"), "que-paso-en-la-huelga");
  EXPECT_EQ(Slugify("Año nuevo, lucha nueva"), "ano-nuevo-lucha-nueva");
  EXPECT_EQ(Slugify("ÁÉÍÓÚÜÑ áéíóúüñ"), "aeiouun-aeiouun");
  EXPECT_EQ(Slugify("Straße Ça Œuvre"), "strasse-ca-oeuvre");
  EXPECT_EQ(Slugify("Łódź"), "lodz");
}

TEST(SlugifyTest, DecomposedAccentsFold) {
  EXPECT_EQ(Slugify("Que\xCC\x81 pasa"), "que-pasa");  // e + U+0301 COMBINING ACUTE
}

TEST(SlugifyTest, SeparatorsCollapseAndTrim) {
  EXPECT_EQ(Slugify("  --Hello,   World--  "), "hello-world");
  EXPECT_EQ(Slugify("a_b.c/d"), "a-b-c-d");
  EXPECT_EQ(Slugify("2026: año 1"), "2026-ano-1");
}

TEST(SlugifyTest, EmojiAndOtherScriptsAreSeparators) {
  EXPECT_EQ(Slugify("Huelga ✊🏽 general"), "huelga-general");
  EXPECT_EQ(Slugify("🔥🔥🔥"), "");
  EXPECT_EQ(Slugify("Привет"), "");
  EXPECT_EQ(Slugify(""), "");
  EXPECT_EQ(Slugify("¡¿!?"), "");
}

TEST(SlugifyTest, LongTextIsCutAtADash) {
  std::string title;
  for (int i = 0; i < 30; ++i) title += "palabra ";
  const std::string slug = Slugify(title);
  EXPECT_LE(slug.size(), 80u);
  EXPECT_GT(slug.size(), 60u);
  EXPECT_TRUE(IsValidSlug(slug)) << slug;
  EXPECT_EQ(slug.substr(slug.size() - 7), "palabra");
}

TEST(SlugifyTest, OneHugeWordIsCutHard) {
  const std::string slug = Slugify(std::string(200, 'x'));
  EXPECT_EQ(slug, std::string(80, 'x'));
}

TEST(SlugifyTest, InvalidUtf8DoesNotLeak) {
  const std::string slug = Slugify(
      "abc\xff\xfe"
      "def\xc3");
  EXPECT_EQ(slug, "abc-def");
}

TEST(IsValidSlugTest, Cases) {
  EXPECT_TRUE(IsValidSlug("a"));
  EXPECT_TRUE(IsValidSlug("solidaridad-con-cuba"));
  EXPECT_TRUE(IsValidSlug("2026"));
  EXPECT_TRUE(IsValidSlug(std::string(80, 'a')));
  EXPECT_FALSE(IsValidSlug(std::string(81, 'a')));
  EXPECT_FALSE(IsValidSlug(""));
  EXPECT_FALSE(IsValidSlug("-a"));
  EXPECT_FALSE(IsValidSlug("a-"));
  EXPECT_FALSE(IsValidSlug("a--b"));
  EXPECT_FALSE(IsValidSlug("A"));
  EXPECT_FALSE(IsValidSlug("a b"));
  EXPECT_FALSE(IsValidSlug("año"));
  EXPECT_FALSE(IsValidSlug("../x"));
}

TEST(FoldAccentsLowerTest, Cases) {
  EXPECT_EQ(FoldAccentsLower("Ñandú CAFÉ"), "nandu cafe");
  EXPECT_EQ(FoldAccentsLower("¡Hola!"), "¡hola!");  // non-letters pass through
  EXPECT_EQ(FoldAccentsLower("Привет"), "Привет");
  EXPECT_EQ(FoldAccentsLower("x × y"), "x × y");
}

TEST(Utf8Test, Valid) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii"));
  EXPECT_TRUE(IsValidUtf8("¡Solidaridad! ñ €"));
  EXPECT_TRUE(IsValidUtf8("🏴✊🏽"));
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));      // U+D7FF, just below surrogates
  EXPECT_TRUE(IsValidUtf8("\xEE\x80\x80"));      // U+E000, just above
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST(Utf8Test, Invalid) {
  EXPECT_FALSE(IsValidUtf8("\x80"));                  // lone continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));              // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xC1\xBF"));              // overlong
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));          // overlong 3-byte
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));      // overlong 4-byte
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));          // U+D800 surrogate
  EXPECT_FALSE(IsValidUtf8("\xED\xBF\xBF"));          // U+DFFF surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));      // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF8\x88\x80\x80\x80"));  // 5-byte form
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("abc\xC3"));       // truncated at end
  EXPECT_FALSE(IsValidUtf8("\xE2\x82"));      // truncated 3-byte
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98"));  // truncated 4-byte
  EXPECT_FALSE(IsValidUtf8("\xC3(x"));        // bad continuation
}

TEST(TrimSplitTest, Trim) {
  EXPECT_EQ(Trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(Trim("   "), "");
  EXPECT_EQ(Trim(""), "");
  EXPECT_EQ(Trim("x"), "x");
}

TEST(TrimSplitTest, SplitKeepsEmptyPieces) {
  EXPECT_EQ(Split("a,b,c", ','), (std::vector<std::string_view>{"a", "b", "c"}));
  EXPECT_EQ(Split("a,,b,", ','), (std::vector<std::string_view>{"a", "", "b", ""}));
  EXPECT_EQ(Split("", ','), (std::vector<std::string_view>{""}));
  EXPECT_EQ(Split("abc", ','), (std::vector<std::string_view>{"abc"}));
}

TEST(ParseInt64Test, Valid) {
  EXPECT_EQ(ParseInt64("0"), 0);
  EXPECT_EQ(ParseInt64("-1"), -1);
  EXPECT_EQ(ParseInt64("12345"), 12345);
  EXPECT_EQ(ParseInt64("007"), 7);
  EXPECT_EQ(ParseInt64("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseInt64("-9223372036854775808"), INT64_MIN);
}

TEST(ParseInt64Test, Invalid) {
  EXPECT_EQ(ParseInt64(""), std::nullopt);
  EXPECT_EQ(ParseInt64("-"), std::nullopt);
  EXPECT_EQ(ParseInt64("+1"), std::nullopt);
  EXPECT_EQ(ParseInt64("12a"), std::nullopt);
  EXPECT_EQ(ParseInt64("a12"), std::nullopt);
  EXPECT_EQ(ParseInt64(" 12"), std::nullopt);
  EXPECT_EQ(ParseInt64("12 "), std::nullopt);
  EXPECT_EQ(ParseInt64("1.5"), std::nullopt);
  EXPECT_EQ(ParseInt64("0x10"), std::nullopt);
  EXPECT_EQ(ParseInt64("99999999999999999999"), std::nullopt);
  EXPECT_EQ(ParseInt64("9223372036854775808"), std::nullopt);
  EXPECT_EQ(ParseInt64("-9223372036854775809"), std::nullopt);
}

TEST(TruncateTextTest, ShortTextUnchanged) {
  EXPECT_EQ(TruncateText("hola", 10), "hola");
  EXPECT_EQ(TruncateText("hola", 4), "hola");
  EXPECT_EQ(TruncateText("", 0), "");
}

TEST(TruncateTextTest, PrefersWordBoundary) {
  const std::string out = TruncateText("La huelga general continúa mañana", 20);
  EXPECT_EQ(out, "La huelga general…");
  EXPECT_LE(out.size(), 20u);
}

TEST(TruncateTextTest, NeverSplitsACharacter) {
  // "ñ" is 2 bytes, "🔥" is 4: every cut point must land on a boundary.
  const std::string text = "ññññññññññ🔥🔥🔥🔥🔥";
  for (size_t max = 0; max < text.size(); ++max) {
    const std::string out = TruncateText(text, max);
    EXPECT_LE(out.size(), max) << max;
    EXPECT_TRUE(IsValidUtf8(out)) << max;
  }
}

TEST(TruncateTextTest, LongWordIsCutHard) {
  const std::string out = TruncateText("Supercalifragilistico", 10);
  EXPECT_EQ(out, "Superca…");
}

TEST(TruncateTextTest, TinyBudgetHasNoRoomForEllipsis) {
  EXPECT_EQ(TruncateText("abcdef", 2), "ab");
  EXPECT_EQ(TruncateText("ñb", 1), "");
}

TEST(EscapeTest, Html) {
  EXPECT_EQ(EscapeHtml("<a href=\"x\">Tom & Jerry's</a>"),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;");
  EXPECT_EQ(EscapeHtml("ñ 🔥"), "ñ 🔥");
  EXPECT_EQ(EscapeHtml("a\tb\nc\x01"), "a\tb\nc\x01");  // control characters are not markup
  EXPECT_EQ(EscapeHtml(""), "");
}

TEST(EscapeTest, XmlEscapesAndDropsDisallowedCharacters) {
  EXPECT_EQ(EscapeXml("<t a='1'>&\"</t>"), "&lt;t a=&apos;1&apos;&gt;&amp;&quot;&lt;/t&gt;");
  EXPECT_EQ(EscapeXml("a\tb\nc\rd"), "a\tb\nc\rd");
  EXPECT_EQ(EscapeXml(std::string_view("a\0b\x01\x08\x0B\x0C\x1F"
                                       "c",
                                       9)),
            "abc");
  EXPECT_EQ(EscapeXml("x\xEF\xBF\xBEy\xEF\xBF\xBFz"), "xyz");        // U+FFFE, U+FFFF
  EXPECT_EQ(EscapeXml("ok\xff\xC3"), "ok");                          // invalid bytes dropped
  EXPECT_EQ(EscapeXml("año 🔥 \xEF\xBF\xBD"), "año 🔥 \xEF\xBF\xBD");  // U+FFFD is allowed
  EXPECT_TRUE(IsValidUtf8(EscapeXml("\xED\xA0\x80surrogate")));
}

}  // namespace
}  // namespace base

namespace base {
namespace {

TEST(AppendUtf8Test, EncodesEveryLengthAndReplacesInvalidCodePoints) {
  std::string out;
  for (char32_t cp : {U'a', U'ñ', U'€', U'😀'}) AppendUtf8(out, cp);
  EXPECT_EQ(out, "añ€😀");
  for (char32_t cp : {char32_t{0}, char32_t{0xD800}, char32_t{0x110000}}) {
    std::string bad;
    AppendUtf8(bad, cp);
    EXPECT_EQ(bad, "\xEF\xBF\xBD");
  }
  EXPECT_TRUE(IsValidUtf8(out));
}

}  // namespace
}  // namespace base
