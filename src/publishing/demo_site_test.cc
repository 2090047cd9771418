#include "publishing/demo_site.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "base/clock.h"
#include "crypto/sealed.h"
#include "mailbag/mailbag_service.h"
#include "publishing/demo_images.h"
#include "publishing/publishing_service.h"
#include "store/store.h"

namespace publishing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

base::Time TestNow() {
  return base::Time(std::chrono::sys_days(std::chrono::year(2025) / 3 / 1).time_since_epoch()) +
         12h;
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A fresh directory under the system temp dir, removed at the end.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "bs_demo_XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) fs::remove_all(path_, ec);
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

class DemoSiteTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_FALSE(dir_.path().empty());
    store::SqliteOptions options;
    options.path = (dir_.path() / "broadside.db").string();
    auto opened = store::OpenSqliteStore(options);
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
    service_ = std::make_unique<PublishingService>(store_->publishing(), clock_, 10);
    media_ = dir_.path() / "media";
    auto stats = CreateDemoSite(*service_, media_.string());
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    stats_ = *stats;
  }
  void TearDown() override {
    service_.reset();
    if (store_) store_->Close();
  }

  store::PublishingStore& pub() { return store_->publishing(); }

  // Every visible article (listing form: no bodies).
  std::vector<store::Article> AllArticles() {
    store::ArticleQuery q;
    q.visible_at = clock_.Now();
    q.limit = 1000;
    auto list = pub().ListArticles(q);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    return list.ok() ? *list : std::vector<store::Article>{};
  }

  int64_t Count(std::optional<std::string> lang) {
    store::ArticleQuery q;
    q.visible_at = clock_.Now();
    q.lang = std::move(lang);
    auto n = pub().CountArticles(q);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  TempDir dir_;
  base::FakeClock clock_{TestNow()};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<PublishingService> service_;
  fs::path media_;
  DemoStats stats_;
};

TEST_F(DemoSiteTest, PublishesThirtyArticlesInBothLanguages) {
  EXPECT_GE(stats_.articles, 30);
  EXPECT_GE(Count(std::nullopt), 30);
  EXPECT_EQ(Count(std::nullopt), stats_.articles);
  EXPECT_GE(Count("en"), 15);
  EXPECT_GE(Count("es"), 8);

  auto sections = pub().ListSections();
  ASSERT_TRUE(sections.ok());
  ASSERT_EQ(sections->size(), 3u);
  EXPECT_EQ((*sections)[0].slug, "statements");
  EXPECT_EQ((*sections)[1].slug, "party-voices");
  EXPECT_EQ((*sections)[2].slug, "news");
  EXPECT_EQ(stats_.sections, 3);
  for (const store::Article& a : AllArticles()) {
    ASSERT_TRUE(a.section.has_value()) << a.slug;
    EXPECT_FALSE(a.bylines.empty()) << a.slug;
    EXPECT_GE(a.tags.size(), 2u) << a.slug;
    EXPECT_LE(a.tags.size(), 4u) << a.slug;
  }
}

TEST_F(DemoSiteTest, DatesSpreadOverPastMonths) {
  const base::Time now = clock_.Now();
  std::set<int> months;
  for (const store::Article& a : AllArticles()) {
    ASSERT_TRUE(a.published_at.has_value()) << a.slug;
    EXPECT_LT(*a.published_at, now) << a.slug;
    EXPECT_GT(*a.published_at, now - std::chrono::days(200)) << a.slug;
  }
  auto archive = pub().ArchiveMonths(now);
  ASSERT_TRUE(archive.ok());
  EXPECT_GE(archive->size(), 5u);
  auto featured = service_->Featured(10);
  ASSERT_TRUE(featured.ok());
  EXPECT_GE(featured->size(), 2u);
  EXPECT_LE(featured->size(), 3u);
}

TEST_F(DemoSiteTest, BylinesIncludePeopleBodiesAndJointSignatures) {
  auto bylines = pub().ListBylines();
  ASSERT_TRUE(bylines.ok());
  EXPECT_EQ(static_cast<int>(bylines->size()), stats_.bylines);
  int people = 0, bodies = 0;
  for (const store::Byline& b : *bylines) {
    (b.kind == store::BylineKind::kPerson ? people : bodies)++;
    EXPECT_FALSE(b.bio_html.empty()) << b.slug;
  }
  EXPECT_GE(people, 1);
  EXPECT_GE(bodies, 1);

  bool joint_bodies = false, joint_people = false;
  for (const store::Article& a : AllArticles()) {
    if (a.bylines.size() != 2) continue;
    const bool both_bodies = a.bylines[0].kind == store::BylineKind::kBody &&
                             a.bylines[1].kind == store::BylineKind::kBody;
    const bool both_people = a.bylines[0].kind == store::BylineKind::kPerson &&
                             a.bylines[1].kind == store::BylineKind::kPerson;
    joint_bodies = joint_bodies || both_bodies;
    joint_people = joint_people || both_people;
  }
  EXPECT_TRUE(joint_bodies);
  EXPECT_TRUE(joint_people);
}

TEST_F(DemoSiteTest, TranslationsAreLinked) {
  auto original = pub().GetArticleBySlug(store::ContentKind::kArticle, "ceasefire-now");
  ASSERT_TRUE(original.ok());
  auto links = pub().ListTranslations(original->id);
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].slug, "alto-el-fuego-ya");
  EXPECT_EQ((*links)[0].lang, "es");

  // Most Spanish articles translate an English one, and the links are visible to readers.
  int translated = 0;
  store::ArticleQuery q;
  q.visible_at = clock_.Now();
  q.lang = "es";
  q.limit = 100;
  auto spanish = pub().ListArticles(q);
  ASSERT_TRUE(spanish.ok());
  for (const store::Article& a : *spanish) {
    auto l = pub().ListTranslations(a.id);
    ASSERT_TRUE(l.ok());
    if (!l->empty()) ++translated;
  }
  EXPECT_GE(translated, 6);

  auto view = service_->ArticleBySlug("alto-el-fuego-ya");
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(std::holds_alternative<ArticleView>(*view));
  const auto& translations = std::get<ArticleView>(*view).translations;
  ASSERT_EQ(translations.size(), 1u);
  EXPECT_EQ(translations[0].slug, "ceasefire-now");
}

TEST_F(DemoSiteTest, AboutAndPrivacyPagesExist) {
  for (const char* slug : {"about", "privacy", "quienes-somos"}) {
    auto page = service_->PageBySlug(slug);
    ASSERT_TRUE(page.ok()) << slug << ": " << page.status().ToString();
    ASSERT_TRUE(std::holds_alternative<Article>(*page)) << slug;
    const Article& a = std::get<Article>(*page);
    EXPECT_EQ(a.kind, store::ContentKind::kPage);
    EXPECT_FALSE(a.body_html.empty()) << slug;
  }
  EXPECT_GE(stats_.pages, 2);
  auto about = pub().GetArticleBySlug(store::ContentKind::kPage, "about");
  ASSERT_TRUE(about.ok());
  auto links = pub().ListTranslations(about->id);
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 1u);
  EXPECT_EQ((*links)[0].slug, "quienes-somos");
}

TEST_F(DemoSiteTest, FeatureImagesAreSmallJpegsWithAltText) {
  int with_image = 0;
  uintmax_t total_bytes = 0;
  std::set<std::string> files;
  for (const store::Article& a : AllArticles()) {
    if (a.image.path.empty()) continue;
    ++with_image;
    EXPECT_FALSE(a.image.alt.empty()) << a.slug;
    EXPECT_FALSE(a.image.credit.empty()) << a.slug;
    EXPECT_EQ(a.image.width, 1200) << a.slug;
    EXPECT_EQ(a.image.height, 630) << a.slug;
    const fs::path file = media_ / a.image.path;
    ASSERT_TRUE(fs::is_regular_file(file)) << file;
    const std::string bytes = ReadFile(file);
    ASSERT_GT(bytes.size(), 3u) << file;
    EXPECT_EQ(static_cast<unsigned char>(bytes[0]), 0xFF) << file;
    EXPECT_EQ(static_cast<unsigned char>(bytes[1]), 0xD8) << file;
    EXPECT_EQ(static_cast<unsigned char>(bytes[2]), 0xFF) << file;
    if (files.insert(a.image.path).second) total_bytes += bytes.size();
  }
  EXPECT_GE(with_image, 20);
  EXPECT_GE(files.size(), 20u);
  EXPECT_EQ(static_cast<int>(files.size()), stats_.images);
  EXPECT_LT(total_bytes, 3u * 1024 * 1024);
}

TEST_F(DemoSiteTest, BodiesAreRichMarkdownWithHttpsLinks) {
  for (const store::Article& listed : AllArticles()) {
    auto a = pub().GetArticle(listed.id);
    ASSERT_TRUE(a.ok());
    const std::string& md = a->body_markdown;
    EXPECT_NE(md.find("\n## "), std::string::npos) << a->slug << ": a heading";
    EXPECT_NE(md.find("\n> "), std::string::npos) << a->slug << ": a blockquote";
    const bool has_list =
        md.find("\n- ") != std::string::npos || md.find("\n1. ") != std::string::npos;
    EXPECT_TRUE(has_list) << a->slug;
    EXPECT_NE(md.find("](https://"), std::string::npos) << a->slug << ": a link";
    EXPECT_EQ(md.find("](http://"), std::string::npos) << a->slug;
    EXPECT_NE(a->body_html.find("<blockquote>"), std::string::npos) << a->slug;
    EXPECT_FALSE(a->excerpt.empty()) << a->slug;
  }
}

TEST_F(DemoSiteTest, RelatedArticlesAreFound) {
  auto a = pub().GetArticleBySlug(store::ContentKind::kArticle, "freeze-the-rents");
  ASSERT_TRUE(a.ok());
  auto related = pub().ListRelated(a->id, clock_.Now(), kRelatedCount);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 3u);
  for (const store::Article& r : *related) {
    EXPECT_NE(r.id, a->id);
    EXPECT_NE(r.slug, "congelar-los-alquileres");  // its own translation
  }
  // The best match shares a tag (housing or organizing).
  bool shares = false;
  for (const store::Tag& t : (*related)[0].tags) {
    shares = shares || t.slug == "housing" || t.slug == "organizing";
  }
  EXPECT_TRUE(shares);
}

TEST_F(DemoSiteTest, SecondRunFailsOnExistingContent) {
  auto again = CreateDemoSite(*service_, media_.string());
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.status().IsConflict()) << again.status().ToString();
}

// The demo's Mailbag, written after the articles as `broadside init --demo` does.
class DemoMailbagTest : public DemoSiteTest {
 protected:
  void SetUp() override {
    DemoSiteTest::SetUp();
    if (HasFatalFailure()) return;
    auto key = crypto::FieldKey::Generate();
    ASSERT_TRUE(key.ok());
    key_ = crypto::Keyring::Of(std::move(key).value());
    mailbag_ = std::make_unique<mailbag::MailbagService>(store_->mailbag(), *key_, clock_, nullptr);
    auto stats = CreateDemoMailbag(*mailbag_, *service_);
    ASSERT_TRUE(stats.ok()) << stats.status().ToString();
    mb_stats_ = *stats;
  }
  void TearDown() override {
    mailbag_.reset();
    DemoSiteTest::TearDown();
  }

  std::unique_ptr<crypto::Keyring> key_;
  std::unique_ptr<mailbag::MailbagService> mailbag_;
  DemoMailbagStats mb_stats_;
};

TEST_F(DemoMailbagTest, PublishesSignedAnswersInBothLanguages) {
  EXPECT_EQ(mb_stats_.topics, 3);
  EXPECT_GE(mb_stats_.published, 4);
  auto all = mailbag_->Archive("", "", 1, 100);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->total, mb_stats_.published);
  for (const auto& q : all->items) {
    EXPECT_FALSE(q.bylines.empty()) << q.slug;
    EXPECT_FALSE(q.answer_html.empty()) << q.slug;
    EXPECT_TRUE(q.topic.has_value()) << q.slug;
    EXPECT_FALSE(q.slug.empty());
  }
  auto es = mailbag_->Latest(3, "es");
  ASSERT_TRUE(es.ok());
  EXPECT_GE(es->size(), 2u);
  auto en = mailbag_->Latest(3, "en");
  ASSERT_TRUE(en.ok());
  EXPECT_EQ(en->size(), 3u);
  auto topics = mailbag_->Topics();
  ASSERT_TRUE(topics.ok());
  EXPECT_EQ(topics->size(), 3u);
}

TEST_F(DemoMailbagTest, SomeQuestionsWaitUnpublishedInTheQueue) {
  EXPECT_GE(mb_stats_.waiting, 1);
  auto queue = mailbag_->Queue(store::QueueFilter{});
  ASSERT_TRUE(queue.ok()) << queue.status().ToString();
  EXPECT_EQ(queue->total, mb_stats_.published + mb_stats_.waiting);
  // Waiting questions are not public.
  auto latest = mailbag_->Latest(50);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(static_cast<int>(latest->size()), mb_stats_.published);
}

TEST_F(DemoMailbagTest, SecondRunFailsOnExistingTopics) {
  auto again = CreateDemoMailbag(*mailbag_, *service_);
  ASSERT_FALSE(again.ok());
  EXPECT_TRUE(again.status().IsConflict()) << again.status().ToString();
}

TEST(CreateDemoMailbagTest, NeedsTheDemoBylines) {
  base::FakeClock clock(TestNow());
  TempDir dir;
  store::SqliteOptions options;
  options.path = (dir.path() / "b.db").string();
  auto opened = store::OpenSqliteStore(options);
  ASSERT_TRUE(opened.ok());
  auto key = crypto::FieldKey::Generate();
  ASSERT_TRUE(key.ok());
  PublishingService service((*opened)->publishing(), clock, 10);
  std::unique_ptr<crypto::Keyring> ring = crypto::Keyring::Of(std::move(key).value());
  mailbag::MailbagService mb((*opened)->mailbag(), *ring, clock, nullptr);
  auto stats = CreateDemoMailbag(mb, service);
  EXPECT_TRUE(stats.status().IsNotFound()) << stats.status().ToString();
  auto latest = mb.Latest(10);
  ASSERT_TRUE(latest.ok());
  EXPECT_TRUE(latest->empty());
  (*opened)->Close();
}

TEST(CreateDemoSiteTest, RejectsEmptyMediaDir) {
  // Fails before writing anything.
  base::FakeClock clock(TestNow());
  TempDir dir;
  store::SqliteOptions options;
  options.path = (dir.path() / "b.db").string();
  auto opened = store::OpenSqliteStore(options);
  ASSERT_TRUE(opened.ok());
  PublishingService service((*opened)->publishing(), clock, 10);
  auto stats = CreateDemoSite(service, "");
  EXPECT_TRUE(stats.status().IsInvalidArgument());
  auto sections = (*opened)->publishing().ListSections();
  ASSERT_TRUE(sections.ok());
  EXPECT_TRUE(sections->empty());
}

TEST(DemoImageTest, SameSeedSameBytesOtherSeedOtherPicture) {
  TempDir dir;
  const fs::path a = dir.path() / "a.jpg", b = dir.path() / "b.jpg", c = dir.path() / "c.jpg";
  ASSERT_TRUE(WriteDemoImage(a.string(), 320, 168, 42).ok());
  ASSERT_TRUE(WriteDemoImage(b.string(), 320, 168, 42).ok());
  ASSERT_TRUE(WriteDemoImage(c.string(), 320, 168, 43).ok());
  const std::string bytes_a = ReadFile(a);
  ASSERT_GT(bytes_a.size(), 3u);
  EXPECT_EQ(static_cast<unsigned char>(bytes_a[0]), 0xFF);
  EXPECT_EQ(static_cast<unsigned char>(bytes_a[1]), 0xD8);
  EXPECT_EQ(bytes_a, ReadFile(b));
  EXPECT_NE(bytes_a, ReadFile(c));
  EXPECT_FALSE(DescribeDemoImage(42, "en").empty());
  EXPECT_NE(DescribeDemoImage(42, "en"), DescribeDemoImage(42, "es"));
}

TEST(DemoImageTest, MissingDirectoryIsAnError) {
  TempDir dir;
  const fs::path path = dir.path() / "does-not-exist" / "x.jpg";
  base::Status s = WriteDemoImage(path.string(), 120, 63, 7);
  EXPECT_FALSE(s.ok());
  EXPECT_TRUE(s.IsInternal());
  EXPECT_FALSE(fs::exists(path));
  // A later good call is not affected by the earlier failure.
  EXPECT_TRUE(WriteDemoImage((dir.path() / "ok.jpg").string(), 120, 63, 7).ok());
}

TEST(DemoImageTest, RejectsBadSizes) {
  TempDir dir;
  const std::string path = (dir.path() / "x.jpg").string();
  EXPECT_TRUE(WriteDemoImage(path, 0, 10, 1).IsInvalidArgument());
  EXPECT_TRUE(WriteDemoImage(path, 10, -1, 1).IsInvalidArgument());
  EXPECT_TRUE(WriteDemoImage(path, 100000, 10, 1).IsInvalidArgument());
  EXPECT_TRUE(WriteDemoImage("", 10, 10, 1).IsInvalidArgument());
  EXPECT_FALSE(fs::exists(path));
}

}  // namespace
}  // namespace publishing
