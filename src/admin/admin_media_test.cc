// Uploading through the admin form: the content decides, never the name or
// the claimed type; refusals keep what was typed; deleting an image in use warns.

#include <filesystem>

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"
#include "media/responsive.h"
#include "media/test_images.h"

namespace admin::testing {
namespace {

using accounts::Role;

class AdminMediaTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    AddUser("ed@example.org", accounts::Bit(Role::kEditor));
    AddUser("au@example.org", accounts::Bit(Role::kAuthor));
  }
  std::string Jpeg() {
    media::testing::ImageRef img = media::testing::Noise(800, 600);
    return media::testing::JpegWithMetadata(img.get(), 1);
  }
};

TEST_F(AdminMediaTest, UploadDecodesStoresAndDescribes) {
  const std::string csrf = SignIn("au@example.org");
  TestResponse r = PostFile("/admin/media", {{"csrf", csrf}, {"alt", "A march"}, {"credit", "Ana"}},
                            "file", "march.jpg", "image/jpeg", Jpeg());
  ASSERT_EQ(r.status, 303) << r.body;
  ASSERT_EQ(r.location.rfind("/admin/media/", 0), 0u);
  TestResponse page = Get(r.location.substr(0, r.location.find('?')));
  EXPECT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("value=\"A march\""), std::string::npos);
  auto items = media_->List(10, 0);
  ASSERT_TRUE(items.ok());
  ASSERT_EQ(items->size(), 1u);
  EXPECT_EQ((*items)[0].format, "jpeg");
  EXPECT_EQ((*items)[0].uploaded_by.has_value(), true);
  EXPECT_TRUE(std::filesystem::exists(dir_.File("media") + "/" +
                                      media::FeatureImagePath((*items)[0])));
}

TEST_F(AdminMediaTest, NonImagesAreRefusedWhateverTheyAreCalledAndTheFormKeepsItsText) {
  const std::string csrf = SignIn("au@example.org");
  const std::vector<std::pair<std::string, std::string>> files = {
      {"shell.jpg", "<?php system($_GET['c']); ?>"},
      {"page.jpg", "<!doctype html><script>alert(1)</script>"},
      {"logo.png",
       "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"},
      {"cut.jpg", Jpeg().substr(0, 300)},
      {"bomb.png", media::testing::PngClaiming(100000, 100000)},
  };
  for (const auto& [name, data] : files) {
    TestResponse r = PostFile("/admin/media", {{"csrf", csrf}, {"alt", "kept text"}}, "file", name,
                              "image/jpeg", data);
    EXPECT_EQ(r.status, 400) << name;
    EXPECT_NE(r.body.find("value=\"kept text\""), std::string::npos) << name;
    EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos) << name;
  }
  auto count = media_->Count();
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);
  // No file at all.
  TestResponse none = Post("/admin/media", {{"csrf", csrf}});
  EXPECT_EQ(none.status, 400);
}

TEST_F(AdminMediaTest, DeletingAnImageInUseWarnsFirst) {
  auto item = media_->Upload(Jpeg(), "used.jpg", std::nullopt);
  ASSERT_TRUE(item.ok());
  store::ArticleDraft d;
  d.slug = "with-image";
  d.title = "With image";
  d.image.path = media::FeatureImagePath(*item);
  ASSERT_TRUE(store_->publishing().CreateArticle(d, clock_.Now()).ok());

  // An author may upload but not delete.
  std::string csrf = SignIn("au@example.org");
  const std::string path = "/admin/media/" + std::to_string(item->id) + "/delete";
  EXPECT_EQ(Post(path, {{"csrf", csrf}}).status, 403);

  csrf = SignIn("ed@example.org");
  TestResponse warn = Post(path, {{"csrf", csrf}});
  EXPECT_EQ(warn.status, 409);
  EXPECT_NE(warn.body.find("name=\"force\""), std::string::npos);
  EXPECT_TRUE(media_->Get(item->id).ok());
  TestResponse gone = Post(path, {{"csrf", csrf}, {"force", "1"}});
  EXPECT_EQ(gone.status, 303);
  EXPECT_TRUE(media_->Get(item->id).status().IsNotFound());
  store::AuditQuery q;
  q.action = "media.delete";
  auto audit = accounts_->CountAudit(q);
  ASSERT_TRUE(audit.ok());
  EXPECT_EQ(*audit, 1);
}

}  // namespace
}  // namespace admin::testing
