#include "publishing/publishing_service.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "base/time_format.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace publishing {
namespace {

using store::ArticleStatus;
using store::ContentKind;

class PublishingServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("test.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    service_ = std::make_unique<PublishingService>(store_->publishing(), clock_, 2);
    ASSERT_TRUE(service_->CreateSection({"", "Statements", "", 1}).ok());
    BylineInput ana;
    ana.name = "Ana Ruiz";
    ana.bio_markdown = "Writes about *labor*.";
    ASSERT_TRUE(service_->CreateByline(ana).ok());
    BylineInput intl;
    intl.name = "International Department";
    intl.kind = store::BylineKind::kBody;
    ASSERT_TRUE(service_->CreateByline(intl).ok());
  }
  void TearDown() override {
    service_.reset();
    if (store_) store_->Close();
  }

  ArticleInput Input(const std::string& title) {
    ArticleInput in;
    in.title = title;
    in.body_markdown = "First paragraph about **peace**.\n\nSecond <script>x</script> paragraph.";
    in.section_slug = "statements";
    in.byline_slugs = {"international-department", "ana-ruiz"};
    in.tags = {"Peace", "Solidarity"};
    in.status = ArticleStatus::kPublished;
    in.published_at = clock_.Now() - std::chrono::hours(1);
    return in;
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  test_support::TempDir dir_{"bs-publishing"};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<PublishingService> service_;
};

TEST_F(PublishingServiceTest, CreateDerivesSlugRendersMarkdownAndExcerpt) {
  auto id = service_->CreateArticle(Input("¡Paz y Solidaridad!"));
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  auto found = service_->ArticleBySlug("paz-y-solidaridad");
  ASSERT_TRUE(found.ok()) << found.status().ToString();
  const auto& view = std::get<ArticleView>(*found);
  EXPECT_NE(view.article.body_html.find("<strong>peace</strong>"), std::string::npos);
  EXPECT_EQ(view.article.body_html.find("<script>"), std::string::npos);
  EXPECT_FALSE(view.article.excerpt.empty());
  ASSERT_EQ(view.article.bylines.size(), 2u);
  EXPECT_EQ(view.article.bylines[0].name, "International Department");
  ASSERT_TRUE(view.article.section.has_value());
  EXPECT_EQ(view.article.tags.size(), 2u);
}

TEST_F(PublishingServiceTest, RejectsBadInputByField) {
  ArticleInput no_title = Input("");
  EXPECT_TRUE(service_->CreateArticle(no_title).status().IsInvalidArgument());
  ArticleInput no_byline = Input("Title");
  no_byline.byline_slugs.clear();
  EXPECT_TRUE(service_->CreateArticle(no_byline).status().IsInvalidArgument());
  ArticleInput unknown_byline = Input("Title");
  unknown_byline.byline_slugs = {"nobody"};
  EXPECT_TRUE(service_->CreateArticle(unknown_byline).status().IsInvalidArgument());
  ArticleInput unknown_section = Input("Title");
  unknown_section.section_slug = "nowhere";
  EXPECT_TRUE(service_->CreateArticle(unknown_section).status().IsInvalidArgument());
  ArticleInput bad_slug = Input("Title");
  bad_slug.slug = "Not A Slug";
  EXPECT_TRUE(service_->CreateArticle(bad_slug).status().IsInvalidArgument());
  ArticleInput image_without_alt = Input("Title");
  image_without_alt.image.path = "x.jpg";
  EXPECT_TRUE(service_->CreateArticle(image_without_alt).status().IsInvalidArgument());
  ArticleInput bad_utf8 = Input(std::string("T\xff"));
  EXPECT_TRUE(service_->CreateArticle(bad_utf8).status().IsInvalidArgument());
  ArticleInput scheduled_without_time = Input("Title");
  scheduled_without_time.status = ArticleStatus::kScheduled;
  scheduled_without_time.published_at.reset();
  EXPECT_TRUE(service_->CreateArticle(scheduled_without_time).status().IsInvalidArgument());
  // Nothing was stored by the failed attempts.
  auto page = service_->Latest(1);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total_items, 0);
}

TEST_F(PublishingServiceTest, DuplicateSlugIsConflict) {
  ASSERT_TRUE(service_->CreateArticle(Input("Same")).ok());
  EXPECT_TRUE(service_->CreateArticle(Input("Same")).status().IsConflict());
}

TEST_F(PublishingServiceTest, DraftsAndFutureArticlesAreInvisibleUntilDue) {
  ArticleInput draft = Input("Draft");
  draft.status = ArticleStatus::kDraft;
  ASSERT_TRUE(service_->CreateArticle(draft).ok());
  ArticleInput later = Input("Later");
  later.status = ArticleStatus::kScheduled;
  later.published_at = clock_.Now() + std::chrono::hours(2);
  ASSERT_TRUE(service_->CreateArticle(later).ok());
  EXPECT_TRUE(service_->ArticleBySlug("draft").status().IsNotFound());
  EXPECT_TRUE(service_->ArticleBySlug("later").status().IsNotFound());
  EXPECT_EQ(service_->Latest(1)->total_items, 0);
  clock_.Advance(std::chrono::hours(3));  // the scheduled one goes live, no job needed
  EXPECT_TRUE(service_->ArticleBySlug("later").ok());
  EXPECT_EQ(service_->Latest(1)->total_items, 1);
}

TEST_F(PublishingServiceTest, PaginationBounds) {
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_->CreateArticle(Input("A" + std::to_string(i))).ok());
  auto p1 = service_->Latest(1);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p1->total_pages, 3);
  EXPECT_EQ(service_->Latest(3)->items.size(), 1u);
  EXPECT_TRUE(service_->Latest(4).status().IsNotFound());
  EXPECT_TRUE(service_->Latest(0).status().IsInvalidArgument());
  EXPECT_TRUE(service_->Latest(-1).status().IsInvalidArgument());
  EXPECT_TRUE(service_->Latest(kMaxPage + 1).status().IsInvalidArgument());
}

TEST_F(PublishingServiceTest, ChangedSlugRedirects) {
  auto id = service_->CreateArticle(Input("Old title"));
  ASSERT_TRUE(id.ok());
  auto before = store_->publishing().GetArticle(*id);
  ASSERT_TRUE(before.ok());
  ArticleInput renamed = Input("New title");
  ASSERT_TRUE(service_->UpdateArticle(*id, renamed, before->version).ok());
  auto old = service_->ArticleBySlug("old-title");
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE(std::holds_alternative<Moved>(*old));
  EXPECT_EQ(std::get<Moved>(*old).slug, "new-title");
  // A stale version is refused instead of overwriting the newer save.
  EXPECT_TRUE(service_->UpdateArticle(*id, Input("Third"), before->version).IsConflict());
}

TEST_F(PublishingServiceTest, RelatedPrefersSharedTagsAndNeverSelf) {
  ASSERT_TRUE(service_->CreateArticle(Input("Main")).ok());
  ArticleInput close = Input("Close");
  close.tags = {"Peace", "Solidarity"};
  close.published_at = clock_.Now() - std::chrono::hours(30);
  ASSERT_TRUE(service_->CreateArticle(close).ok());
  for (int i = 0; i < 4; ++i) {
    ArticleInput other = Input("Unrelated " + std::to_string(i));
    other.tags = {"Housing"};
    ASSERT_TRUE(service_->CreateArticle(other).ok());
  }
  auto found = service_->ArticleBySlug("main");
  ASSERT_TRUE(found.ok());
  const auto& related = std::get<ArticleView>(*found).related;
  ASSERT_EQ(related.size(), static_cast<size_t>(kRelatedCount));
  EXPECT_EQ(related[0].slug, "close");
  for (const auto& r : related) EXPECT_NE(r.slug, "main");
}

TEST_F(PublishingServiceTest, TranslationsAreLinkedAndOnlyVisibleOnesShown) {
  ASSERT_TRUE(service_->CreateArticle(Input("Peace now")).ok());
  ArticleInput es = Input("Paz ahora");
  es.lang = "es";
  es.translation_of_slug = "peace-now";
  ASSERT_TRUE(service_->CreateArticle(es).ok());
  ArticleInput fr = Input("La paix");
  fr.lang = "fr";
  fr.status = ArticleStatus::kDraft;
  fr.translation_of_slug = "peace-now";
  ASSERT_TRUE(service_->CreateArticle(fr).ok());
  auto found = service_->ArticleBySlug("peace-now");
  ASSERT_TRUE(found.ok());
  const auto& translations = std::get<ArticleView>(*found).translations;
  ASSERT_EQ(translations.size(), 1u);
  EXPECT_EQ(translations[0].lang, "es");
  EXPECT_TRUE(service_->CreateArticle([&] {
                        ArticleInput bad = Input("Orphan");
                        bad.translation_of_slug = "missing";
                        return bad;
                      }())
                  .status()
                  .IsInvalidArgument());
}

TEST_F(PublishingServiceTest, PagesAreSeparateFromArticles) {
  ArticleInput about;
  about.kind = ContentKind::kPage;
  about.title = "About us";
  about.slug = "about";
  about.body_markdown = "We are an organization.";
  about.status = ArticleStatus::kPublished;
  ASSERT_TRUE(service_->CreateArticle(about).ok());
  EXPECT_TRUE(service_->PageBySlug("about").ok());
  EXPECT_TRUE(service_->ArticleBySlug("about").status().IsNotFound());
  EXPECT_EQ(service_->Latest(1)->total_items, 0);
}

TEST_F(PublishingServiceTest, MonthPageBounds) {
  ASSERT_TRUE(service_->CreateArticle(Input("In November")).ok());
  auto nov = service_->MonthPage(2026, 11, 1);
  ASSERT_TRUE(nov.ok());
  EXPECT_EQ(nov->total_items, 1);
  EXPECT_EQ(service_->MonthPage(2026, 10, 1)->total_items, 0);
  EXPECT_TRUE(service_->MonthPage(2026, 13, 1).status().IsInvalidArgument());
  auto months = service_->ArchiveMonths();
  ASSERT_TRUE(months.ok());
  ASSERT_EQ(months->size(), 1u);
  EXPECT_EQ((*months)[0].month, 11);
}

}  // namespace
}  // namespace publishing
