#include "render/markdown.h"

#include <gtest/gtest.h>

#include <string>

namespace render {
namespace {

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

TEST(MarkdownTest, CommonMarkAndGithubExtensions) {
  EXPECT_EQ(MarkdownToHtml("# Title\n\nSome *em* and **strong**.\n"),
            "<h1>Title</h1>\n<p>Some <em>em</em> and <strong>strong</strong>.</p>\n");
  EXPECT_TRUE(Contains(MarkdownToHtml("~~gone~~"), "<del>gone</del>"));
  const std::string table = MarkdownToHtml("| a | b |\n|---|---|\n| 1 | 2 |\n");
  EXPECT_TRUE(Contains(table, "<table>")) << table;
  EXPECT_TRUE(Contains(table, "<td>2</td>")) << table;
  EXPECT_TRUE(Contains(MarkdownToHtml("see https://example.org/x now"),
                       "<a href=\"https://example.org/x\">https://example.org/x</a>"));
  EXPECT_TRUE(Contains(MarkdownToHtml("www.example.org"), "href=\"http://www.example.org\""));
}

TEST(MarkdownTest, SafeLinksAndImagesAreKept) {
  EXPECT_TRUE(Contains(MarkdownToHtml("[a](https://x.org/?q=1&r=2)"),
                       "<a href=\"https://x.org/?q=1&amp;r=2\">a</a>"));
  EXPECT_TRUE(Contains(MarkdownToHtml("[a](http://x.org)"), "href=\"http://x.org\""));
  EXPECT_TRUE(Contains(MarkdownToHtml("[a](mailto:me@x.org)"), "href=\"mailto:me@x.org\""));
  EXPECT_TRUE(Contains(MarkdownToHtml("[a](/about)"), "href=\"/about\""));
  EXPECT_TRUE(
      Contains(MarkdownToHtml("[a](../up/page?x=a:b#frag:1)"), "href=\"../up/page?x=a:b#frag:1\""));
  EXPECT_TRUE(Contains(MarkdownToHtml("[a](#top)"), "href=\"#top\""));
  EXPECT_TRUE(Contains(MarkdownToHtml("![cat](/img/cat.png \"A cat\")"),
                       "<img src=\"/img/cat.png\" alt=\"cat\" title=\"A cat\">"));
}

TEST(MarkdownTest, RawHtmlIsEscaped) {
  const std::string script = MarkdownToHtml("<script>alert(1)</script>\n");
  EXPECT_FALSE(Contains(script, "<script")) << script;
  EXPECT_TRUE(Contains(script, "&lt;script&gt;")) << script;
  const std::string img = MarkdownToHtml("hi <img src=x onerror=alert(1)> there");
  EXPECT_FALSE(Contains(img, "<img")) << img;
  const std::string block = MarkdownToHtml("<div onclick=\"x()\">\n\nhello\n</div>\n");
  EXPECT_FALSE(Contains(block, "<div")) << block;
}

TEST(MarkdownTest, DangerousUrlsAreDropped) {
  for (const char* md : {
           "[x](javascript:alert(1))",
           "[x](JAVASCRIPT:alert(1))",
           "[x](JavaScript:alert(1))",
           "[x](jav&#x61;script:alert(1))",
           "[x](&#106;avascript:alert(1))",
           "[x](java&#x09;script:alert(1))",
           "[x](<java script:alert(1)>)",
           "[x](vbscript:msgbox(1))",
           "[x](data:text/html;base64,PHNjcmlwdD4=)",
           "<javascript:alert(1)>",
           "[x][ref]\n\n[ref]: javascript:alert(1)",
       }) {
    const std::string html = MarkdownToHtml(md);
    EXPECT_FALSE(Contains(html, "href")) << md << " -> " << html;
    EXPECT_FALSE(Contains(html, "<a>x</a>") && Contains(html, "javascript")) << html;
  }
  for (const char* md : {"![x](data:image/svg+xml;base64,PHN2Zz4=)", "![x](javascript:alert(1))",
                         "![x](JaVaScRiPt:alert(1))"}) {
    const std::string html = MarkdownToHtml(md);
    EXPECT_FALSE(Contains(html, "src=")) << md << " -> " << html;
    EXPECT_TRUE(Contains(html, "<img alt=\"x\">")) << md << " -> " << html;
  }
  // The link text survives; only the URL goes.
  EXPECT_EQ(MarkdownToHtml("[click](javascript:alert(1))"), "<p><a>click</a></p>\n");
}

TEST(MarkdownTest, AttributeLookalikesInTextAreLeftAlone) {
  const std::string html = MarkdownToHtml("Write ` href=\"javascript:x\"` or  src=\"a\" in text");
  EXPECT_FALSE(Contains(html, "href=\"")) << html;
  EXPECT_TRUE(Contains(html, "href=&quot;javascript:x&quot;")) << html;
}

TEST(MarkdownExcerptTest, PlainTextOfParagraphs) {
  const std::string md =
      "# Heading\n\nFirst *para* with `code` and [a link](/x).\n\n"
      "```\nnot this\n```\n\n![an image](/i.png)\n\nSecond &amp; last.\n";
  EXPECT_EQ(MarkdownExcerpt(md, 200), "First para with code and a link. Second & last.");
}

TEST(MarkdownExcerptTest, RawHtmlStaysText) {
  EXPECT_EQ(MarkdownExcerpt("Hello <b>there</b>", 100), "Hello <b>there</b>");
}

TEST(MarkdownExcerptTest, CutsAtWordBoundaryWithEllipsis) {
  const std::string out = MarkdownExcerpt("The quick brown fox jumps over the lazy dog.", 20);
  EXPECT_EQ(out, "The quick brown…");
  EXPECT_LE(out.size(), 20u);
  EXPECT_EQ(MarkdownExcerpt("short", 20), "short");
  EXPECT_EQ(MarkdownExcerpt("", 20), "");
}

TEST(MarkdownExcerptTest, NeverSplitsACharacter) {
  const std::string text = "ñññññññññññññññññññññññññ";  // one long word, 2-byte chars
  for (size_t max = 3; max < 20; ++max) {
    const std::string out = MarkdownExcerpt(text, max);
    EXPECT_LE(out.size(), max);
    ASSERT_GE(out.size(), 3u);
    EXPECT_EQ(out.substr(out.size() - 3), "…");
    EXPECT_EQ((out.size() - 3) % 2, 0u) << max;  // whole ñs only
  }
}

TEST(MarkdownExcerptTest, InvalidUtf8IsReplaced) {
  EXPECT_EQ(MarkdownExcerpt(std::string("a\xff") + "b", 100), std::string("a\xEF\xBF\xBD") + "b");
}

TEST(MarkdownExcerptTest, StopsEarlyOnLongDocuments) {
  std::string md;
  for (int i = 0; i < 2000; ++i) md += "Paragraph number " + std::to_string(i) + ".\n\n";
  const std::string out = MarkdownExcerpt(md, 50);
  EXPECT_LE(out.size(), 50u);
  EXPECT_EQ(out.rfind("Paragraph number 0. Paragraph number 1.", 0), 0u) << out;
}

}  // namespace
}  // namespace render
