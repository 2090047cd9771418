// MediaLibrary on a real SQLite store and a real directory.

#include "media/media_library.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>

#include "media/responsive.h"
#include "media/test_images.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace media {
namespace {

namespace fs = std::filesystem;
using std::chrono::seconds;

const base::Time kT0 = base::Time(seconds(1'700'000'000));

// Every file under `dir`, relative to it.
std::set<std::string> FilesUnder(const fs::path& dir) {
  std::set<std::string> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(dir, ec); it != fs::end(it); ++it) {
    if (it->is_regular_file()) out.insert(fs::relative(it->path(), dir).string());
  }
  return out;
}

class MediaLibraryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("test.db");
    o.read_connections = 2;
    auto opened = store::OpenSqliteStore(o);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    fs::create_directories(media_dir());
    library_ = std::make_unique<MediaLibrary>(store_->media(), media_dir(), clock_);
  }
  std::string media_dir() const { return dir_.File("media"); }

  std::string Jpeg(int width, int height) {
    testing::ImageRef noise = testing::Noise(width, height);
    return testing::Save(noise.get(), ".jpg");
  }

  test_support::TempDir dir_{"bs-media-lib"};
  base::FakeClock clock_{kT0};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<MediaLibrary> library_;
};

TEST_F(MediaLibraryTest, UploadWritesVariantsAndRecord) {
  const std::string jpeg = Jpeg(1000, 500);
  auto item = library_->Upload(jpeg, "C:\\fakepath\\march\x01.jpg", std::nullopt);
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  EXPECT_GT(item->id, 0);
  EXPECT_EQ(item->key, MediaKey(jpeg));
  EXPECT_EQ(item->key.size(), 16u);
  EXPECT_EQ(item->format, "jpeg");
  EXPECT_EQ(item->original_name, "march.jpg");
  EXPECT_EQ(item->widths, (std::vector<int>{480, 960, 1000}));
  EXPECT_EQ(item->width, 1000);
  EXPECT_EQ(item->height, 500);
  EXPECT_EQ(item->created_at, kT0);

  const std::string lib = "lib/" + item->key + "/";
  EXPECT_EQ(
      FilesUnder(media_dir()),
      (std::set<std::string>{lib + "480.jpg", lib + "480.webp", lib + "960.jpg", lib + "960.webp",
                             lib + "1000.jpg", lib + "1000.webp"}));  // and no temporary files
  int64_t total = 0;
  for (const std::string& f : FilesUnder(media_dir())) {
    total += static_cast<int64_t>(fs::file_size(fs::path(media_dir()) / f));
  }
  EXPECT_EQ(item->bytes, total);
  EXPECT_TRUE(fs::exists(fs::path(media_dir()) / FeatureImagePath(*item)));

  auto got = library_->Get(item->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->key, item->key);
  EXPECT_EQ(got->widths, item->widths);
  EXPECT_EQ(got->bytes, item->bytes);
  EXPECT_EQ(*library_->Count(), 1);
}

TEST_F(MediaLibraryTest, SameBytesTwiceIsTheSameItem) {
  const std::string jpeg = Jpeg(600, 400);
  auto first = library_->Upload(jpeg, "a.jpg", std::nullopt);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  clock_.Advance(seconds(60));
  auto second = library_->Upload(jpeg, "b.jpg", std::nullopt);
  ASSERT_TRUE(second.ok()) << second.status().ToString();
  EXPECT_EQ(second->id, first->id);
  EXPECT_EQ(second->original_name, "a.jpg");
  EXPECT_EQ(*library_->Count(), 1);

  auto other = library_->Upload(Jpeg(600, 400), "c.jpg", std::nullopt);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->id, first->id);
  EXPECT_EQ(*library_->Count(), 2);
  auto listed = library_->List(10, 0);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, other->id);  // newest first
}

TEST_F(MediaLibraryTest, SameBytesRewriteMissingFiles) {
  const std::string jpeg = Jpeg(500, 300);
  auto first = library_->Upload(jpeg, "a.jpg", std::nullopt);
  ASSERT_TRUE(first.ok());
  fs::remove_all(fs::path(media_dir()) / "lib");
  auto again = library_->Upload(jpeg, "a.jpg", std::nullopt);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(FilesUnder(media_dir()).size(), 4u);
}

TEST_F(MediaLibraryTest, RefusedUploadLeavesNothing) {
  EXPECT_TRUE(
      library_->Upload("<?php echo 1; ?>", "shell.jpg", std::nullopt).status().IsInvalidArgument());
  EXPECT_TRUE(library_->Upload("", "empty.jpg", std::nullopt).status().IsInvalidArgument());
  const std::string jpeg = Jpeg(800, 600);
  EXPECT_TRUE(library_->Upload(jpeg.substr(0, jpeg.size() / 2), "cut.jpg", std::nullopt)
                  .status()
                  .IsInvalidArgument());
  EXPECT_EQ(*library_->Count(), 0);
  EXPECT_TRUE(FilesUnder(media_dir()).empty());
}

TEST_F(MediaLibraryTest, DeleteInUseIsConflictUnlessForced) {
  auto item = library_->Upload(Jpeg(700, 500), "a.jpg", std::nullopt);
  ASSERT_TRUE(item.ok());
  store::ArticleDraft d;
  d.slug = "uses-it";
  d.title = "Uses it";
  d.image.path = FeatureImagePath(*item);
  d.image.width = item->width;
  d.image.height = item->height;
  ASSERT_TRUE(store_->publishing().CreateArticle(d, kT0).ok());

  const base::Status refused = library_->Delete(item->id, /*force=*/false);
  EXPECT_TRUE(refused.IsConflict()) << refused.ToString();
  EXPECT_NE(refused.message().find('1'), std::string::npos);  // says how many
  EXPECT_TRUE(library_->Get(item->id).ok());
  EXPECT_EQ(FilesUnder(media_dir()).size(), 4u);

  ASSERT_TRUE(library_->Delete(item->id, /*force=*/true).ok());
  EXPECT_TRUE(library_->Get(item->id).status().IsNotFound());
  EXPECT_TRUE(FilesUnder(media_dir()).empty());
  EXPECT_TRUE(library_->Delete(item->id, false).IsNotFound());
}

TEST_F(MediaLibraryTest, DeleteUnusedRemovesFilesAndRecord) {
  auto item = library_->Upload(Jpeg(300, 200), "a.jpg", std::nullopt);
  ASSERT_TRUE(item.ok());
  ASSERT_TRUE(library_->Delete(item->id, false).ok());
  EXPECT_TRUE(FilesUnder(media_dir()).empty());
  EXPECT_EQ(*library_->Count(), 0);
}

TEST_F(MediaLibraryTest, UpdateTextValidates) {
  auto item = library_->Upload(Jpeg(300, 200), "a.jpg", std::nullopt);
  ASSERT_TRUE(item.ok());
  ASSERT_TRUE(library_
                  ->UpdateText(item->id, "Marchers on the bridge", "The march", "Ana Ruiz",
                               "https://example.org/ana")
                  .ok());
  auto got = library_->Get(item->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->alt, "Marchers on the bridge");
  EXPECT_EQ(got->caption, "The march");
  EXPECT_EQ(got->credit, "Ana Ruiz");
  EXPECT_EQ(got->credit_url, "https://example.org/ana");
  EXPECT_TRUE(library_->UpdateText(item->id, "", "", "", "").ok());  // all may be cleared

  for (const char* bad_url : {"javascript:alert(1)", "ftp://example.org", "example.org", "https://",
                              "https:///path", "http://exa mple.org"}) {
    EXPECT_TRUE(library_->UpdateText(item->id, "", "", "", bad_url).IsInvalidArgument()) << bad_url;
  }
  EXPECT_TRUE(library_->UpdateText(item->id, "", "", "", "HTTP://Example.org/x").ok());
  EXPECT_TRUE(library_->UpdateText(item->id, std::string(kMaxAlt + 1, 'a'), "", "", "")
                  .IsInvalidArgument());
  EXPECT_TRUE(library_->UpdateText(item->id, "", std::string(kMaxCaption + 1, 'a'), "", "")
                  .IsInvalidArgument());
  EXPECT_TRUE(library_->UpdateText(item->id, "", "", std::string(kMaxCredit + 1, 'a'), "")
                  .IsInvalidArgument());
  EXPECT_TRUE(library_->UpdateText(item->id, "\xff\xfe", "", "", "").IsInvalidArgument());
  EXPECT_TRUE(library_->UpdateText(item->id + 100, "alt", "", "", "").IsNotFound());
}

}  // namespace
}  // namespace media
