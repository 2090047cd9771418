// Contract tests for the media store on SQLite (real database in a temp dir).

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>

#include "store/store.h"
#include "support/temp_dir.h"

namespace store {
namespace {

using std::chrono::seconds;

const Time kT0 = Time(seconds(1'700'000'000));

MediaItem Item(const std::string& key, Time at = kT0) {
  MediaItem m;
  m.key = key;
  m.original_name = "photo.jpg";
  m.format = "jpeg";
  m.width = 1600;
  m.height = 1200;
  m.bytes = 123456;
  m.widths = {480, 960, 1600};
  m.alt = "A march";
  m.created_at = at;
  return m;
}

class MediaStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }
  MediaStore& media() { return store_->media(); }

  test_support::TempDir dir_{"bs-media-store"};
  std::unique_ptr<Store> store_;
};

TEST_F(MediaStoreTest, CreateThenGetRoundTrips) {
  MediaItem in = Item("0123456789abcdef");
  in.caption = "Caption";
  in.credit = "Ana";
  in.credit_url = "https://example.org/ana";
  auto id = media().CreateMedia(in);
  ASSERT_TRUE(id.ok()) << id.status().ToString();

  auto got = media().GetMedia(*id);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->key, in.key);
  EXPECT_EQ(got->original_name, "photo.jpg");
  EXPECT_EQ(got->format, "jpeg");
  EXPECT_EQ(got->width, 1600);
  EXPECT_EQ(got->height, 1200);
  EXPECT_EQ(got->bytes, 123456);
  EXPECT_EQ(got->widths, (std::vector<int>{480, 960, 1600}));
  EXPECT_EQ(got->alt, "A march");
  EXPECT_EQ(got->caption, "Caption");
  EXPECT_EQ(got->credit, "Ana");
  EXPECT_EQ(got->credit_url, "https://example.org/ana");
  EXPECT_EQ(got->created_at, kT0);
  EXPECT_FALSE(got->uploaded_by.has_value());

  auto by_key = media().GetMediaByKey(in.key);
  ASSERT_TRUE(by_key.ok());
  EXPECT_EQ(by_key->id, *id);
}

TEST_F(MediaStoreTest, MissingIsNotFound) {
  EXPECT_TRUE(media().GetMedia(42).status().IsNotFound());
  EXPECT_TRUE(media().GetMediaByKey("nope").status().IsNotFound());
}

TEST_F(MediaStoreTest, DuplicateKeyIsConflict) {
  ASSERT_TRUE(media().CreateMedia(Item("aaaa")).ok());
  EXPECT_TRUE(media().CreateMedia(Item("aaaa")).status().IsConflict());
}

TEST_F(MediaStoreTest, RefusesMalformedItems) {
  MediaItem no_key = Item("");
  EXPECT_TRUE(media().CreateMedia(no_key).status().IsInvalidArgument());
  MediaItem svg = Item("k1");
  svg.format = "svg";
  EXPECT_TRUE(media().CreateMedia(svg).status().IsInvalidArgument());
  MediaItem unsorted = Item("k2");
  unsorted.widths = {960, 480};
  EXPECT_TRUE(media().CreateMedia(unsorted).status().IsInvalidArgument());
  MediaItem none = Item("k3");
  none.widths = {};
  EXPECT_TRUE(media().CreateMedia(none).status().IsInvalidArgument());
  MediaItem zero = Item("k4");
  zero.height = 0;
  EXPECT_TRUE(media().CreateMedia(zero).status().IsInvalidArgument());
  MediaItem ghost_user = Item("k5");
  ghost_user.uploaded_by = 999;  // no such user
  EXPECT_TRUE(media().CreateMedia(ghost_user).status().IsInvalidArgument());
  EXPECT_EQ(*media().CountMedia(), 0);
}

TEST_F(MediaStoreTest, ListsNewestFirstWithPaging) {
  ASSERT_TRUE(media().CreateMedia(Item("old", kT0)).ok());
  ASSERT_TRUE(media().CreateMedia(Item("new", kT0 + seconds(60))).ok());
  ASSERT_TRUE(media().CreateMedia(Item("mid", kT0 + seconds(30))).ok());

  auto all = media().ListMedia(10, 0);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].key, "new");
  EXPECT_EQ((*all)[1].key, "mid");
  EXPECT_EQ((*all)[2].key, "old");

  auto page = media().ListMedia(1, 1);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].key, "mid");
  EXPECT_EQ(*media().CountMedia(), 3);
  EXPECT_TRUE(media().ListMedia(-1, 0).status().IsInvalidArgument());
}

TEST_F(MediaStoreTest, UpdateTextChangesOnlyText) {
  auto id = media().CreateMedia(Item("kkkk"));
  ASSERT_TRUE(id.ok());
  MediaItem change = Item("other-key");
  change.id = *id;
  change.format = "png";
  change.width = 1;
  change.alt = "New alt";
  change.caption = "New caption";
  change.credit = "Bea";
  change.credit_url = "https://example.org/bea";
  ASSERT_TRUE(media().UpdateMediaText(change).ok());

  auto got = media().GetMedia(*id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->alt, "New alt");
  EXPECT_EQ(got->caption, "New caption");
  EXPECT_EQ(got->credit, "Bea");
  EXPECT_EQ(got->credit_url, "https://example.org/bea");
  EXPECT_EQ(got->key, "kkkk");
  EXPECT_EQ(got->format, "jpeg");
  EXPECT_EQ(got->width, 1600);

  change.id = *id + 100;
  EXPECT_TRUE(media().UpdateMediaText(change).IsNotFound());
}

TEST_F(MediaStoreTest, DeleteRemovesTheRow) {
  auto id = media().CreateMedia(Item("dddd"));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(media().DeleteMedia(*id).ok());
  EXPECT_TRUE(media().GetMedia(*id).status().IsNotFound());
  EXPECT_TRUE(media().DeleteMedia(*id).IsNotFound());
  // The key is free again.
  EXPECT_TRUE(media().CreateMedia(Item("dddd")).ok());
}

TEST_F(MediaStoreTest, CountsUsesByArticlesPagesAndBylines) {
  PublishingStore& pub = store_->publishing();
  const std::string prefix = "lib/0123456789abcdef/";
  EXPECT_EQ(*media().CountMediaUses(prefix), 0);

  ArticleDraft feature;
  feature.slug = "feature";
  feature.title = "Feature";
  feature.image.path = prefix + "1600.jpg";
  ASSERT_TRUE(pub.CreateArticle(feature, kT0).ok());

  ArticleDraft page;
  page.kind = ContentKind::kPage;
  page.slug = "about";
  page.title = "About";
  page.image.path = prefix + "960.jpg";
  ASSERT_TRUE(pub.CreateArticle(page, kT0).ok());

  ArticleDraft inline_use;
  inline_use.slug = "inline";
  inline_use.title = "Inline";
  inline_use.body_markdown = "Look: ![march](/media/" + prefix + "960.webp)";
  ASSERT_TRUE(pub.CreateArticle(inline_use, kT0).ok());

  // Feature image and inline use in one article counts once.
  ArticleDraft both = feature;
  both.slug = "both";
  both.body_markdown = "![x](/media/" + prefix + "480.jpg)";
  ASSERT_TRUE(pub.CreateArticle(both, kT0).ok());

  Byline b;
  b.slug = "ana";
  b.name = "Ana";
  b.photo_path = prefix + "480.jpg";
  ASSERT_TRUE(pub.CreateByline(b).ok());

  // Near misses: a longer key sharing the prefix text, a demo image.
  ArticleDraft other;
  other.slug = "other";
  other.title = "Other";
  other.image.path = "lib/0123456789abcdef0/1600.jpg";
  ASSERT_TRUE(pub.CreateArticle(other, kT0).ok());
  ArticleDraft demo;
  demo.slug = "demo";
  demo.title = "Demo";
  demo.image.path = "demo/peace.jpg";
  ASSERT_TRUE(pub.CreateArticle(demo, kT0).ok());

  auto uses = media().CountMediaUses(prefix);
  ASSERT_TRUE(uses.ok()) << uses.status().ToString();
  EXPECT_EQ(*uses, 5);
  EXPECT_EQ(*media().CountMediaUses("lib/fedcba9876543210/"), 0);
}

TEST_F(MediaStoreTest, UsePrefixHasNoWildcards) {
  PublishingStore& pub = store_->publishing();
  ArticleDraft a;
  a.slug = "a";
  a.title = "A";
  a.image.path = "lib/abcd/1600.jpg";
  ASSERT_TRUE(pub.CreateArticle(a, kT0).ok());
  EXPECT_EQ(*media().CountMediaUses("lib/ab%/"), 0);
  EXPECT_EQ(*media().CountMediaUses("lib/ab__/"), 0);
  EXPECT_EQ(*media().CountMediaUses("lib/abcd/"), 1);
  EXPECT_TRUE(media().CountMediaUses("").status().IsInvalidArgument());
}

}  // namespace
}  // namespace store
