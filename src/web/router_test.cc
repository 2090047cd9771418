#include "web/router.h"

#include <gtest/gtest.h>

namespace web {
namespace {

http::Response Named(std::string name) { return http::Response::Text(200, std::move(name)); }

TEST(RouterTest, MatchesLiteralsAndCaptures) {
  Router r;
  r.Add({http::Method::kGet}, "/", [](auto&, auto&) { return Named("home"); });
  r.Add({http::Method::kGet}, "/tag/{slug}", [](auto&, auto&) { return Named("tag"); });
  r.Add({http::Method::kGet}, "/tag/{slug}/feed.xml", [](auto&, auto&) { return Named("feed"); });

  auto home = r.Find(http::Method::kGet, "/");
  ASSERT_NE(home.handler, nullptr);
  auto tag = r.Find(http::Method::kGet, "/tag/peace");
  ASSERT_NE(tag.handler, nullptr);
  EXPECT_EQ(tag.params.at("slug"), "peace");
  http::Request req;
  EXPECT_EQ((*tag.handler)(req, tag.params).body, "tag");
  auto feed = r.Find(http::Method::kGet, "/tag/peace/feed.xml");
  ASSERT_NE(feed.handler, nullptr);
  EXPECT_EQ((*feed.handler)(req, feed.params).body, "feed");
}

TEST(RouterTest, NoMatchForEmptyCaptureOrExtraSegments) {
  Router r;
  r.Add({http::Method::kGet}, "/tag/{slug}", [](auto&, auto&) { return Named("tag"); });
  EXPECT_EQ(r.Find(http::Method::kGet, "/tag/").handler, nullptr);
  EXPECT_EQ(r.Find(http::Method::kGet, "/tag/a/b").handler, nullptr);
  EXPECT_EQ(r.Find(http::Method::kGet, "/tags/a").handler, nullptr);
  EXPECT_TRUE(r.Find(http::Method::kGet, "/nothing").method_allowed);
}

TEST(RouterTest, HeadUsesGetRouteAndWrongMethodIs405) {
  Router r;
  r.Add({http::Method::kGet}, "/x", [](auto&, auto&) { return Named("x"); });
  EXPECT_NE(r.Find(http::Method::kHead, "/x").handler, nullptr);
  auto post = r.Find(http::Method::kPost, "/x");
  EXPECT_EQ(post.handler, nullptr);
  EXPECT_FALSE(post.method_allowed);
  EXPECT_EQ(post.allow, "GET, HEAD");
}

TEST(RouterTest, FirstRegisteredWins) {
  Router r;
  r.Add({http::Method::kGet}, "/a/special", [](auto&, auto&) { return Named("special"); });
  r.Add({http::Method::kGet}, "/a/{x}", [](auto&, auto&) { return Named("generic"); });
  http::Request req;
  auto m = r.Find(http::Method::kGet, "/a/special");
  EXPECT_EQ((*m.handler)(req, m.params).body, "special");
  m = r.Find(http::Method::kGet, "/a/other");
  EXPECT_EQ((*m.handler)(req, m.params).body, "generic");
}

}  // namespace
}  // namespace web
