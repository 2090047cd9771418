#include "media/responsive.h"

#include <gtest/gtest.h>

namespace media {
namespace {

store::FeatureImage Image(const std::string& path, int width = 1600, int height = 1200) {
  store::FeatureImage f;
  f.path = path;
  f.width = width;
  f.height = height;
  return f;
}

TEST(ResponsiveTest, FullLadder) {
  auto r = Responsive(Image("lib/0123456789abcdef/1600.jpg"));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->src, "/media/lib/0123456789abcdef/1600.jpg");
  EXPECT_EQ(r->srcset_webp,
            "/media/lib/0123456789abcdef/480.webp 480w, /media/lib/0123456789abcdef/960.webp "
            "960w, /media/lib/0123456789abcdef/1600.webp 1600w");
  EXPECT_EQ(r->srcset_jpeg,
            "/media/lib/0123456789abcdef/480.jpg 480w, /media/lib/0123456789abcdef/960.jpg "
            "960w, /media/lib/0123456789abcdef/1600.jpg 1600w");
  EXPECT_EQ(r->sizes, kDefaultSizes);
  EXPECT_EQ(r->width, 1600);
  EXPECT_EQ(r->height, 1200);
}

TEST(ResponsiveTest, NarrowImageStopsAtItsWidth) {
  auto r = Responsive(Image("lib/00ff/700.jpg", 700, 350), "100vw");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->srcset_jpeg, "/media/lib/00ff/480.jpg 480w, /media/lib/00ff/700.jpg 700w");
  EXPECT_EQ(r->srcset_webp, "/media/lib/00ff/480.webp 480w, /media/lib/00ff/700.webp 700w");
  EXPECT_EQ(r->sizes, "100vw");
  EXPECT_EQ(r->width, 700);
  EXPECT_EQ(r->height, 350);

  auto tiny = Responsive(Image("lib/00ff/300.jpg", 300, 200));
  ASSERT_TRUE(tiny.has_value());
  EXPECT_EQ(tiny->srcset_jpeg, "/media/lib/00ff/300.jpg 300w");
}

TEST(ResponsiveTest, OtherPathsAreNotLibraryImages) {
  for (const char* path :
       {"", "demo/peace.jpg", "lib/", "lib/abc", "lib/abc/", "lib/ABC/960.jpg", "lib/../960.jpg",
        "lib/abc/960.webp", "lib/abc/x960.jpg", "lib/abc/0960.jpg", "lib/abc/2000.jpg",
        "lib/abc/sub/960.jpg", "/lib/abc/960.jpg", "https://example.org/lib/abc/960.jpg"}) {
    EXPECT_FALSE(Responsive(Image(path)).has_value()) << path;
  }
}

TEST(ResponsiveTest, FeatureImagePathIsTheLargestJpeg) {
  store::MediaItem item;
  item.key = "0123456789abcdef";
  item.width = 700;
  item.widths = {480, 700};
  EXPECT_EQ(FeatureImagePath(item), "lib/0123456789abcdef/700.jpg");
  EXPECT_EQ(LibraryPrefix(item.key), "lib/0123456789abcdef/");
  auto r = Responsive(Image(FeatureImagePath(item), 700, 500));
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->src, "/media/lib/0123456789abcdef/700.jpg");
}

}  // namespace
}  // namespace media
