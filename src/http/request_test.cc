#include "http/request.h"

#include <gtest/gtest.h>

namespace http {
namespace {

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("/a%20b%2Fc"), "/a b/c");
  EXPECT_EQ(PercentDecode("J%C3%BCrgen"), "J\xC3\xBCrgen");
  EXPECT_EQ(PercentDecode("%41%6a"), "Aj");  // either case of hex digits
  EXPECT_EQ(PercentDecode(""), "");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b"), "a+b");
  EXPECT_EQ(PercentDecode("a+b", /*plus_is_space=*/true), "a b");
  EXPECT_EQ(PercentDecode("a%2Bb", /*plus_is_space=*/true), "a+b");
}

TEST(PercentDecodeTest, RejectsMalformedEscapesAndNul) {
  EXPECT_FALSE(PercentDecode("%").has_value());
  EXPECT_FALSE(PercentDecode("abc%4").has_value());
  EXPECT_FALSE(PercentDecode("%zz").has_value());
  EXPECT_FALSE(PercentDecode("%4g").has_value());
  EXPECT_FALSE(PercentDecode("a%00b").has_value());
  EXPECT_FALSE(PercentDecode(std::string_view("a\0b", 3)).has_value());
}

TEST(PercentEncodeTest, KeepsOnlyUnreserved) {
  EXPECT_EQ(PercentEncode("aZ09-._~"), "aZ09-._~");
  EXPECT_EQ(PercentEncode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(PercentEncode("\xC3\xBC"), "%C3%BC");
  EXPECT_EQ(PercentDecode(PercentEncode("any thing+%/\xE2\x82\xAC")), "any thing+%/\xE2\x82\xAC");
}

TEST(ParseTargetTest, SplitsPathAndRawQuery) {
  auto t = ParseTarget("/tag/caf%C3%A9?page=2&q=a%20b");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->path, "/tag/caf\xC3\xA9");
  EXPECT_EQ(t->query, "page=2&q=a%20b");
  auto plain = ParseTarget("/");
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(plain->path, "/");
  EXPECT_EQ(plain->query, "");
}

TEST(ParseTargetTest, RejectsBadTargets) {
  EXPECT_FALSE(ParseTarget("").has_value());
  EXPECT_FALSE(ParseTarget("tag/x").has_value());
  EXPECT_FALSE(ParseTarget("http://example.org/").has_value());
  EXPECT_FALSE(ParseTarget("*").has_value());
  EXPECT_FALSE(ParseTarget("/%zz").has_value());
  EXPECT_FALSE(ParseTarget("/a%00").has_value());
  EXPECT_FALSE(ParseTarget("/%FF%FE").has_value());  // not UTF-8
  EXPECT_FALSE(ParseTarget("/%C0%AF").has_value());  // overlong '/'
  // Only the path must decode; the query is kept raw for QueryParam.
  EXPECT_TRUE(ParseTarget("/ok?x=%zz").has_value());
}

TEST(RequestTest, QueryParamDecodes) {
  Request r;
  r.query = "name=J%C3%BCrgen+M&empty=&flag&page=2&page=3&a%20b=c";
  EXPECT_EQ(r.QueryParam("name"), "J\xC3\xBCrgen M");
  EXPECT_EQ(r.QueryParam("empty"), "");
  EXPECT_EQ(r.QueryParam("flag"), "");
  EXPECT_EQ(r.QueryParam("page"), "2");  // first wins
  EXPECT_EQ(r.QueryParam("a b"), "c");
  EXPECT_FALSE(r.QueryParam("missing").has_value());
}

TEST(RequestTest, QueryParamRejectsInvalidValues) {
  Request r;
  r.query = "bad=%FF&broken=%z1&nul=a%00&ok=1";
  EXPECT_FALSE(r.QueryParam("bad").has_value());
  EXPECT_FALSE(r.QueryParam("broken").has_value());
  EXPECT_FALSE(r.QueryParam("nul").has_value());
  EXPECT_EQ(r.QueryParam("ok"), "1");
}

TEST(RequestTest, HeaderFindsFirstValue) {
  Request r;
  r.headers = {{"accept", "text/html"}, {"x-dup", "1"}, {"x-dup", "2"}};
  EXPECT_EQ(r.Header("accept"), "text/html");
  EXPECT_EQ(r.Header("x-dup"), "1");
  EXPECT_FALSE(r.Header("cookie").has_value());
}

}  // namespace
}  // namespace http
