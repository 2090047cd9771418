#include "http/prepare.h"

#include <gtest/gtest.h>

#include <optional>

#include "base/hash.h"

namespace http {
namespace {

std::optional<std::string> HeaderOf(const PreparedResponse& p, std::string_view name) {
  for (const auto& [n, v] : p.headers) {
    if (n == name) return v;
  }
  return std::nullopt;
}

std::string LongText() {
  std::string s;
  for (int i = 0; i < 100; ++i) s += "<p>Solidarity forever, line " + std::to_string(i) + "</p>\n";
  return s;
}

std::string QuotedHash(std::string_view body, std::string_view suffix = "") {
  return "\"" + base::Hex64(base::FastHash64(body)) + std::string(suffix) + "\"";
}

TEST(AcceptsGzipTest, HonoursListsAndQValues) {
  EXPECT_TRUE(AcceptsGzip("gzip"));
  EXPECT_TRUE(AcceptsGzip("deflate, gzip;q=0.5, br"));
  EXPECT_TRUE(AcceptsGzip("GZIP"));
  EXPECT_TRUE(AcceptsGzip("x-gzip"));
  EXPECT_TRUE(AcceptsGzip("*"));
  EXPECT_FALSE(AcceptsGzip(""));
  EXPECT_FALSE(AcceptsGzip("br, deflate"));
  EXPECT_FALSE(AcceptsGzip("gzip;q=0"));
  EXPECT_FALSE(AcceptsGzip("gzip; q=0.000"));
  EXPECT_FALSE(AcceptsGzip("*, gzip;q=0"));  // explicit beats wildcard
  EXPECT_TRUE(AcceptsGzip("gzip;q=0.001"));
  EXPECT_FALSE(AcceptsGzip("*;q=0"));
}

TEST(IfNoneMatchTest, UnderstandsListsWeakAndStar) {
  const std::string etag = "\"abc\"";
  EXPECT_TRUE(IfNoneMatchMatches("\"abc\"", etag));
  EXPECT_TRUE(IfNoneMatchMatches("W/\"abc\"", etag));
  EXPECT_TRUE(IfNoneMatchMatches("\"x\", W/\"y\",\"abc\"", etag));
  EXPECT_TRUE(IfNoneMatchMatches("*", etag));
  EXPECT_FALSE(IfNoneMatchMatches("\"abcd\"", etag));
  EXPECT_FALSE(IfNoneMatchMatches("abc", etag));  // unquoted is malformed
  EXPECT_FALSE(IfNoneMatchMatches("\"ab", etag));
  EXPECT_FALSE(IfNoneMatchMatches("", etag));
  EXPECT_TRUE(IfNoneMatchMatches("\"a,b\", \"abc\"", etag));  // comma inside a tag
}

TEST(PrepareResponseTest, AddsStrongEtagAndLength) {
  Response r;
  r.body = "hello";
  PreparedResponse p = PrepareResponse(r, PrepareContext{});
  EXPECT_EQ(p.status, 200);
  EXPECT_EQ(HeaderOf(p, "ETag"), QuotedHash("hello"));
  EXPECT_EQ(HeaderOf(p, "Content-Length"), "5");
  EXPECT_EQ(HeaderOf(p, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(HeaderOf(p, "Cache-Control"), "no-cache");
  EXPECT_EQ(p.body, "hello");
}

TEST(PrepareResponseTest, NoEtagWhenDisabledOrNot200) {
  Response r;
  r.body = "x";
  r.etag = false;
  EXPECT_FALSE(HeaderOf(PrepareResponse(r, {}), "ETag").has_value());
  Response missing = Response::Text(404, "nope");
  EXPECT_FALSE(HeaderOf(PrepareResponse(missing, {}), "ETag").has_value());
}

TEST(PrepareResponseTest, MatchingIfNoneMatchGives304WithoutBody) {
  Response r;
  r.body = "hello";
  r.cache_control = "public, max-age=60";
  PrepareContext ctx;
  const std::string etag = QuotedHash("hello");
  ctx.if_none_match = etag;
  PreparedResponse p = PrepareResponse(r, ctx);
  EXPECT_EQ(p.status, 304);
  EXPECT_TRUE(p.body.empty());
  EXPECT_EQ(HeaderOf(p, "ETag"), etag);
  EXPECT_EQ(HeaderOf(p, "Cache-Control"), "public, max-age=60");
  EXPECT_FALSE(HeaderOf(p, "Content-Length").has_value());

  ctx.is_get_or_head = false;  // POST: never 304
  EXPECT_EQ(PrepareResponse(r, ctx).status, 200);
}

TEST(PrepareResponseTest, GzipsCompressibleBodiesWhenAccepted) {
  Response r;
  r.body = LongText();
  PrepareContext ctx;
  ctx.accept_encoding = "gzip, deflate";
  PreparedResponse p = PrepareResponse(r, ctx);
  EXPECT_EQ(HeaderOf(p, "Content-Encoding"), "gzip");
  EXPECT_EQ(HeaderOf(p, "Vary"), "Accept-Encoding");
  EXPECT_EQ(HeaderOf(p, "ETag"), QuotedHash(r.body, "-gz"));
  EXPECT_EQ(HeaderOf(p, "Content-Length"), std::to_string(p.body.size()));
  EXPECT_LT(p.body.size(), r.body.size());

  // The identity variant has the other tag; a gzip tag does not match it.
  ctx.accept_encoding = "gzip;q=0";
  const std::string gzip_tag = QuotedHash(r.body, "-gz");  // ctx holds views
  ctx.if_none_match = gzip_tag;
  PreparedResponse identity = PrepareResponse(r, ctx);
  EXPECT_EQ(identity.status, 200);
  EXPECT_FALSE(HeaderOf(identity, "Content-Encoding").has_value());
  EXPECT_EQ(HeaderOf(identity, "Vary"), "Accept-Encoding");
  EXPECT_EQ(identity.body, r.body);
}

TEST(PrepareResponseTest, SkipsGzipForSmallOrIncompressible) {
  PrepareContext ctx;
  ctx.accept_encoding = "gzip";
  Response small;
  small.body = "tiny";
  PreparedResponse p = PrepareResponse(small, ctx);
  EXPECT_FALSE(HeaderOf(p, "Content-Encoding").has_value());
  EXPECT_EQ(HeaderOf(p, "Vary"), "Accept-Encoding");

  Response png;
  png.content_type = "image/png";
  png.body = LongText();
  PreparedResponse q = PrepareResponse(png, ctx);
  EXPECT_FALSE(HeaderOf(q, "Content-Encoding").has_value());
  EXPECT_FALSE(HeaderOf(q, "Vary").has_value());
}

TEST(PrepareResponseTest, HeadKeepsGetLengthWithoutBody) {
  Response r;
  r.body = LongText();
  PrepareContext ctx;
  ctx.is_head = true;
  PreparedResponse p = PrepareResponse(r, ctx);
  EXPECT_TRUE(p.body.empty());
  EXPECT_EQ(p.content_length, r.body.size());
  EXPECT_EQ(HeaderOf(p, "Content-Length"), std::to_string(r.body.size()));
}

TEST(PrepareResponseTest, DropsUnsafeAndTransportOwnedHeaders) {
  Response r;
  r.body = "x";
  r.Header("X-Ok", "yes")
      .Header("X-Split", "a\r\nSet-Cookie: evil=1")
      .Header("Bad Name", "v")
      .Header("Content-Length", "99")
      .Header("Connection", "keep-alive")
      .Header("Vary", "Cookie");
  PreparedResponse p = PrepareResponse(r, {});
  EXPECT_EQ(HeaderOf(p, "X-Ok"), "yes");
  EXPECT_FALSE(HeaderOf(p, "X-Split").has_value());
  EXPECT_FALSE(HeaderOf(p, "Bad Name").has_value());
  EXPECT_FALSE(HeaderOf(p, "Connection").has_value());
  EXPECT_EQ(HeaderOf(p, "Content-Length"), "1");
  EXPECT_EQ(HeaderOf(p, "Vary"), "Cookie, Accept-Encoding");
}

TEST(PrepareResponseTest, InvalidStatusBecomes500) {
  Response r;
  r.status = 42;
  EXPECT_EQ(PrepareResponse(r, {}).status, 500);
  r.status = 1000;
  EXPECT_EQ(PrepareResponse(r, {}).status, 500);
}

TEST(TransportErrorTest, IsSmallPlainAndUncached) {
  Response r = TransportError(431);
  EXPECT_EQ(r.status, 431);
  EXPECT_TRUE(r.close);
  EXPECT_FALSE(r.etag);
  EXPECT_EQ(r.cache_control, "no-store");
  EXPECT_EQ(r.content_type.rfind("text/plain", 0), 0u);
  EXPECT_FALSE(TransportError(400, /*keep_open=*/true).close);
}

TEST(IsCompressibleTypeTest, Classifies) {
  EXPECT_TRUE(IsCompressibleType("text/html; charset=utf-8"));
  EXPECT_TRUE(IsCompressibleType("TEXT/CSS"));
  EXPECT_TRUE(IsCompressibleType("application/json"));
  EXPECT_TRUE(IsCompressibleType("application/atom+xml"));
  EXPECT_TRUE(IsCompressibleType("image/svg+xml"));
  EXPECT_TRUE(IsCompressibleType("application/javascript"));
  EXPECT_FALSE(IsCompressibleType("image/png"));
  EXPECT_FALSE(IsCompressibleType("application/octet-stream"));
  EXPECT_FALSE(IsCompressibleType(""));
}

}  // namespace
}  // namespace http
