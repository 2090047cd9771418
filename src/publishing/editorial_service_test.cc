#include "publishing/editorial_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <variant>

#include "base/time_format.h"
#include "publishing/publishing_service.h"
#include "store/store.h"
#include "support/temp_dir.h"

namespace publishing {
namespace {

using std::chrono::hours;
using store::ArticleStatus;
using store::ContentKind;

class EditorialServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("test.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    editorial_ = std::make_unique<EditorialService>(store_->publishing(), clock_, 2);
    reader_ = std::make_unique<PublishingService>(store_->publishing(), clock_, 10);
    auto section = editorial_->CreateSection({"", "Statements", "", 1});
    ASSERT_TRUE(section.ok()) << section.status().ToString();
    section_ = *section;
    BylineInput ana;
    ana.name = "Ana Ruiz";
    ana.bio_markdown = "Writes about *labor*.";
    auto byline = editorial_->CreateByline(ana);
    ASSERT_TRUE(byline.ok()) << byline.status().ToString();
    ana_ = *byline;
  }
  void TearDown() override {
    editorial_.reset();
    reader_.reset();
    if (store_) store_->Close();
  }

  ArticleEdit Edit(const std::string& title) {
    ArticleEdit in;
    in.title = title;
    in.deck = "A deck";
    in.body_markdown = "First paragraph about **peace**.\n\nSecond paragraph.";
    in.section_id = section_;
    in.byline_ids = {ana_};
    in.tags = {"Peace", "Solidarity"};
    return in;
  }
  int64_t MustCreate(const ArticleEdit& in, std::optional<int64_t> by = std::nullopt) {
    auto id = editorial_->CreateArticle(in, by);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  Article MustGet(int64_t id) {
    auto a = editorial_->GetArticle(id);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? *a : Article{};
  }
  bool ReaderSees(const std::string& slug) {
    auto found = reader_->ArticleBySlug(slug);
    return found.ok() && std::holds_alternative<ArticleView>(*found);
  }

  base::FakeClock clock_{*base::ParseRfc3339("2026-11-01T12:00:00Z")};
  test_support::TempDir dir_{"bs-editorial"};
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<EditorialService> editorial_;
  std::unique_ptr<PublishingService> reader_;
  int64_t section_ = 0, ana_ = 0;
};

TEST_F(EditorialServiceTest, CreateMakesADraftWithDerivedFields) {
  const int64_t id = MustCreate(Edit("¡Paz y Solidaridad!"), 17);
  Article a = MustGet(id);
  EXPECT_EQ(a.slug, "paz-y-solidaridad");
  EXPECT_EQ(a.status, ArticleStatus::kDraft);
  EXPECT_FALSE(a.published_at.has_value());
  EXPECT_EQ(a.created_by, 17);
  EXPECT_EQ(a.version, 1);
  EXPECT_NE(a.body_html.find("<strong>peace</strong>"), std::string::npos);
  EXPECT_EQ(a.body_markdown, Edit("x").body_markdown);
  EXPECT_FALSE(a.excerpt.empty());
  ASSERT_EQ(a.tags.size(), 2u);
  EXPECT_EQ(a.tags[0].slug, "peace");
  EXPECT_FALSE(ReaderSees("paz-y-solidaridad"));  // drafts are not public
}

TEST_F(EditorialServiceTest, DerivedSlugsAreMadeUniqueButExplicitOnesConflict) {
  EXPECT_EQ(EditorialService::SuggestSlug("Huelga General"), "huelga-general");
  EXPECT_EQ(MustGet(MustCreate(Edit("Statement"))).slug, "statement");
  EXPECT_EQ(MustGet(MustCreate(Edit("Statement"))).slug, "statement-2");
  EXPECT_EQ(MustGet(MustCreate(Edit("Statement"))).slug, "statement-3");
  ArticleEdit explicit_taken = Edit("Other");
  explicit_taken.slug = "statement";
  EXPECT_TRUE(editorial_->CreateArticle(explicit_taken, std::nullopt).status().IsConflict());
  // A page may use an article's slug: slugs are unique per kind.
  ArticleEdit page = Edit("Statement");
  page.kind = ContentKind::kPage;
  EXPECT_EQ(MustGet(MustCreate(page)).slug, "statement");
}

TEST_F(EditorialServiceTest, RejectsBadInputByField) {
  auto invalid = [&](const ArticleEdit& in) {
    return editorial_->CreateArticle(in, std::nullopt).status().IsInvalidArgument();
  };
  EXPECT_TRUE(invalid(Edit("")));
  EXPECT_TRUE(invalid(Edit("   ")));
  EXPECT_TRUE(invalid(Edit("!!!")));  // no slug can be derived
  ArticleEdit bad_slug = Edit("Title");
  bad_slug.slug = "Not A Slug";
  EXPECT_TRUE(invalid(bad_slug));
  ArticleEdit bad_lang = Edit("Title");
  bad_lang.lang = "EN";
  EXPECT_TRUE(invalid(bad_lang));
  ArticleEdit no_alt = Edit("Title");
  no_alt.image.path = "lib/x.jpg";
  EXPECT_TRUE(invalid(no_alt));
  ArticleEdit escaping_path = Edit("Title");
  escaping_path.image = {"../etc/passwd", "alt", "", "", "", 0, 0};
  EXPECT_TRUE(invalid(escaping_path));
  ArticleEdit bad_credit = Edit("Title");
  bad_credit.image.credit_url = "javascript:alert(1)";
  EXPECT_TRUE(invalid(bad_credit));
  ArticleEdit negative = Edit("Title");
  negative.image.width = -1;
  EXPECT_TRUE(invalid(negative));
  ArticleEdit no_section = Edit("Title");
  no_section.section_id = 999;
  EXPECT_TRUE(invalid(no_section));
  ArticleEdit no_byline = Edit("Title");
  no_byline.byline_ids = {ana_, 999};
  EXPECT_TRUE(invalid(no_byline));
  ArticleEdit no_original = Edit("Title");
  no_original.translation_of = 999;
  EXPECT_TRUE(invalid(no_original));
  ArticleEdit bad_tag = Edit("Title");
  bad_tag.tags = {"???"};
  EXPECT_TRUE(invalid(bad_tag));
  ArticleEdit bad_utf8 = Edit("Title");
  bad_utf8.deck = "\xff";
  EXPECT_TRUE(invalid(bad_utf8));
  auto counts = editorial_->CountByStatus();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->drafts + counts->scheduled + counts->published, 0);  // nothing stored
}

TEST_F(EditorialServiceTest, UpdateKeepsStatusAndSlugAndRefusesStaleVersions) {
  const int64_t id = MustCreate(Edit("Original"));
  auto v2 = editorial_->PublishNow(id, 1);
  ASSERT_TRUE(v2.ok()) << v2.status().ToString();
  ArticleEdit change = Edit("Retitled");
  change.body_markdown = "New *body*.";
  change.tags = {"Housing"};
  auto v3 = editorial_->UpdateArticle(id, change, *v2);
  ASSERT_TRUE(v3.ok()) << v3.status().ToString();
  Article a = MustGet(id);
  EXPECT_EQ(a.version, *v3);
  EXPECT_EQ(a.title, "Retitled");
  EXPECT_EQ(a.slug, "original");  // empty slug keeps the current one
  EXPECT_EQ(a.status, ArticleStatus::kPublished);
  EXPECT_NE(a.body_html.find("<em>body</em>"), std::string::npos);
  ASSERT_EQ(a.tags.size(), 1u);

  // Someone else's copy from before: refused, nothing changed.
  ArticleEdit stale = Edit("Stale edit");
  auto refused = editorial_->UpdateArticle(id, stale, *v2);
  EXPECT_TRUE(refused.status().IsConflict());
  Article after = MustGet(id);
  EXPECT_EQ(after.title, "Retitled");
  EXPECT_EQ(after.version, *v3);
  EXPECT_TRUE(editorial_->UpdateArticle(999, stale, 1).status().IsNotFound());
  EXPECT_TRUE(editorial_->PublishNow(id, *v2).status().IsConflict());
  EXPECT_TRUE(editorial_->DeleteArticle(id, *v2).IsConflict());
  EXPECT_TRUE(editorial_->GetArticle(id).ok());
}

TEST_F(EditorialServiceTest, ChangedSlugRedirectsReaders) {
  const int64_t id = MustCreate(Edit("First name"));
  ASSERT_TRUE(editorial_->PublishNow(id, 1).ok());
  ArticleEdit renamed = Edit("First name");
  renamed.slug = "second-name";
  ASSERT_TRUE(editorial_->UpdateArticle(id, renamed, 2).ok());
  auto old = reader_->ArticleBySlug("first-name");
  ASSERT_TRUE(old.ok());
  ASSERT_TRUE(std::holds_alternative<Moved>(*old));
  EXPECT_EQ(std::get<Moved>(*old).slug, "second-name");
  // Taking another article's slug is a conflict.
  MustCreate(Edit("Taken"));
  renamed.slug = "taken";
  EXPECT_TRUE(editorial_->UpdateArticle(id, renamed, 3).status().IsConflict());
}

TEST_F(EditorialServiceTest, PublishUnpublishRoundTripThroughTheReader) {
  const int64_t id = MustCreate(Edit("Round trip"));
  EXPECT_FALSE(ReaderSees("round-trip"));
  auto v = editorial_->PublishNow(id, 1);
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(ReaderSees("round-trip"));
  EXPECT_EQ(MustGet(id).published_at, clock_.Now());
  const base::Time first_published = clock_.Now();

  clock_.Advance(hours(5));
  v = editorial_->Unpublish(id, *v);
  ASSERT_TRUE(v.ok());
  EXPECT_FALSE(ReaderSees("round-trip"));
  Article draft = MustGet(id);
  EXPECT_EQ(draft.status, ArticleStatus::kDraft);
  EXPECT_EQ(draft.body_markdown, Edit("x").body_markdown);  // the text stays

  v = editorial_->PublishNow(id, *v);  // republishing keeps the original date
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(ReaderSees("round-trip"));
  EXPECT_EQ(MustGet(id).published_at, first_published);
  EXPECT_EQ(MustGet(id).version, 4);
}

TEST_F(EditorialServiceTest, PublishingAnArticleNeedsABylineButAPageDoesNot) {
  ArticleEdit unsigned_article = Edit("Unsigned");
  unsigned_article.byline_ids.clear();
  const int64_t id = MustCreate(unsigned_article);  // fine as a draft
  EXPECT_TRUE(editorial_->PublishNow(id, 1).status().IsInvalidArgument());
  EXPECT_TRUE(editorial_->Schedule(id, clock_.Now() + hours(1), 1).status().IsInvalidArgument());
  EXPECT_EQ(MustGet(id).status, ArticleStatus::kDraft);
  ArticleEdit page = unsigned_article;
  page.kind = ContentKind::kPage;
  page.section_id.reset();
  EXPECT_TRUE(editorial_->PublishNow(MustCreate(page), 1).ok());
}

TEST_F(EditorialServiceTest, ScheduleInThePastIsRefusedAndPublishDueFlips) {
  const int64_t id = MustCreate(Edit("Later"));
  EXPECT_TRUE(editorial_->Schedule(id, clock_.Now() - hours(1), 1).status().IsInvalidArgument());
  EXPECT_TRUE(editorial_->Schedule(id, clock_.Now(), 1).status().IsInvalidArgument());
  EXPECT_EQ(MustGet(id).version, 1);
  auto v = editorial_->Schedule(id, clock_.Now() + hours(2), 1);
  ASSERT_TRUE(v.ok()) << v.status().ToString();
  EXPECT_EQ(MustGet(id).status, ArticleStatus::kScheduled);
  EXPECT_FALSE(ReaderSees("later"));
  EXPECT_EQ(editorial_->CountByStatus()->scheduled, 1);

  clock_.Advance(hours(3));
  EXPECT_TRUE(ReaderSees("later"));  // readers need no job
  // The admin already lists it as published, before the job runs.
  ArticleFilter published;
  published.status = ArticleStatus::kPublished;
  auto listed = editorial_->ListArticles(published, 1);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->items.size(), 1u);
  EXPECT_EQ(listed->items[0].status, ArticleStatus::kPublished);
  EXPECT_EQ(editorial_->CountByStatus()->published, 1);
  auto flipped = editorial_->PublishDue();
  ASSERT_TRUE(flipped.ok());
  EXPECT_EQ(*flipped, 1);
  EXPECT_EQ(MustGet(id).status, ArticleStatus::kPublished);
  EXPECT_EQ(*editorial_->PublishDue(), 0);
  // An editor's copy loaded before the job is still current.
  EXPECT_TRUE(editorial_->UpdateArticle(id, Edit("Later"), *v).ok());
}

TEST_F(EditorialServiceTest, PublishNowOfAScheduledArticleUsesNow) {
  const int64_t id = MustCreate(Edit("Early"));
  auto v = editorial_->Schedule(id, clock_.Now() + hours(24), 1);
  ASSERT_TRUE(v.ok());
  ASSERT_TRUE(editorial_->PublishNow(id, *v).ok());
  EXPECT_EQ(MustGet(id).published_at, clock_.Now());
  EXPECT_TRUE(ReaderSees("early"));
}

TEST_F(EditorialServiceTest, ListingFiltersSearchesAndPages) {
  const int64_t mine = MustCreate(Edit("Housing now"), 1);
  MustCreate(Edit("Peace talks"), 2);
  ArticleEdit es = Edit("Vivienda ya");
  es.lang = "es";
  MustCreate(es, 1);
  clock_.Advance(hours(1));
  ASSERT_TRUE(editorial_->PublishNow(mine, 1).ok());

  ArticleFilter all;
  auto p1 = editorial_->ListArticles(all, 1);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->total_items, 3);
  EXPECT_EQ(p1->total_pages, 2);
  ASSERT_EQ(p1->items.size(), 2u);
  EXPECT_EQ(p1->items[0].slug, "housing-now");  // most recently updated
  EXPECT_TRUE(p1->items[0].body_markdown.empty());
  EXPECT_TRUE(editorial_->ListArticles(all, 3)->items.empty());
  EXPECT_TRUE(editorial_->ListArticles(all, 0).status().IsInvalidArgument());

  ArticleFilter by_author;
  by_author.created_by = 1;
  EXPECT_EQ(editorial_->ListArticles(by_author, 1)->total_items, 2);
  by_author.status = ArticleStatus::kDraft;
  EXPECT_EQ(editorial_->ListArticles(by_author, 1)->total_items, 1);
  ArticleFilter search;
  search.text = "  HOUSING ";
  EXPECT_EQ(editorial_->ListArticles(search, 1)->total_items, 1);
  search.text = "%";
  EXPECT_EQ(editorial_->ListArticles(search, 1)->total_items, 0);
  search.text = std::string(500, 'x');
  EXPECT_TRUE(editorial_->ListArticles(search, 1).status().IsInvalidArgument());
  ArticleFilter spanish;
  spanish.lang = "es";
  EXPECT_EQ(editorial_->ListArticles(spanish, 1)->total_items, 1);

  auto recent = editorial_->RecentlyUpdated(10);
  ASSERT_TRUE(recent.ok());
  EXPECT_EQ(recent->size(), 3u);
  EXPECT_TRUE(editorial_->RecentlyUpdated(0).status().IsInvalidArgument());
  auto counts = editorial_->CountByStatus(ContentKind::kArticle);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->drafts, 2);
  EXPECT_EQ(counts->published, 1);
}

TEST_F(EditorialServiceTest, TranslationGroupIsKeptOnUpdateUnlessLeft) {
  const int64_t en = MustCreate(Edit("Peace now"));
  ArticleEdit es = Edit("Paz ahora");
  es.lang = "es";
  es.translation_of = en;
  const int64_t es_id = MustCreate(es);
  es.translation_of.reset();  // the form does not resend it
  ASSERT_TRUE(editorial_->UpdateArticle(es_id, es, 1).ok());
  EXPECT_EQ(editorial_->Translations(en)->size(), 1u);
  // Even once the group's first article is gone.
  ArticleEdit fr = Edit("La paix");
  fr.lang = "fr";
  fr.translation_of = es_id;
  const int64_t fr_id = MustCreate(fr);
  ASSERT_TRUE(editorial_->DeleteArticle(en, 1).ok());
  fr.translation_of.reset();
  ASSERT_TRUE(editorial_->UpdateArticle(fr_id, fr, 1).ok());
  ASSERT_EQ(editorial_->Translations(es_id)->size(), 1u);
  fr.leave_translation_group = true;
  ASSERT_TRUE(editorial_->UpdateArticle(fr_id, fr, 2).ok());
  EXPECT_TRUE(editorial_->Translations(es_id)->empty());
  ArticleEdit page = Edit("Page");
  page.kind = ContentKind::kPage;
  page.translation_of = es_id;  // an article cannot be a page's original
  EXPECT_TRUE(editorial_->CreateArticle(page, std::nullopt).status().IsInvalidArgument());
}

TEST_F(EditorialServiceTest, BylinesEditAndDelete) {
  auto got = editorial_->GetByline(ana_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bio_markdown, "Writes about *labor*.");
  BylineInput change;
  change.name = "Ana Ruiz García";
  change.title = "Secretary";
  change.bio_markdown = "New **bio**.";
  change.photo_path = "people/ana.jpg";
  ASSERT_TRUE(editorial_->UpdateByline(ana_, change).ok());
  got = editorial_->GetByline(ana_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->slug, "ana-ruiz");  // kept
  EXPECT_EQ(got->name, "Ana Ruiz García");
  EXPECT_NE(got->bio_html.find("<strong>bio</strong>"), std::string::npos);

  BylineInput other;
  other.name = "Other";
  auto other_id = editorial_->CreateByline(other);
  ASSERT_TRUE(other_id.ok());
  EXPECT_TRUE(editorial_->CreateByline(other).status().IsConflict());
  change.slug = "other";
  EXPECT_TRUE(editorial_->UpdateByline(ana_, change).IsConflict());
  change.slug = "Bad Slug";
  EXPECT_TRUE(editorial_->UpdateByline(ana_, change).IsInvalidArgument());
  change.slug = "";
  change.photo_path = "/etc/x.jpg";
  EXPECT_TRUE(editorial_->UpdateByline(ana_, change).IsInvalidArgument());
  change.photo_path = "";
  change.name = "";
  EXPECT_TRUE(editorial_->UpdateByline(ana_, change).IsInvalidArgument());
  EXPECT_TRUE(editorial_->UpdateByline(999, other).IsNotFound());

  const int64_t id = MustCreate(Edit("Signed"));
  EXPECT_TRUE(editorial_->DeleteByline(ana_).IsConflict());
  ASSERT_TRUE(editorial_->DeleteArticle(id, 1).ok());
  EXPECT_TRUE(editorial_->DeleteByline(ana_).ok());
  EXPECT_TRUE(editorial_->GetByline(ana_).status().IsNotFound());
}

TEST_F(EditorialServiceTest, SectionsEditAndDelete) {
  SectionInput change{"", "Statements and news", "All of them", 3};
  ASSERT_TRUE(editorial_->UpdateSection(section_, change).ok());
  auto got = editorial_->GetSection(section_);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->slug, "statements");
  EXPECT_EQ(got->position, 3);
  EXPECT_TRUE(editorial_->CreateSection({"statements", "Dup", "", 0}).status().IsConflict());
  EXPECT_TRUE(editorial_->UpdateSection(section_, {"", "", "", 0}).IsInvalidArgument());

  const int64_t id = MustCreate(Edit("In a section"));
  ASSERT_TRUE(editorial_->DeleteSection(section_).ok());
  Article a = MustGet(id);
  EXPECT_FALSE(a.section.has_value());
  EXPECT_EQ(a.version, 2);
  EXPECT_TRUE(editorial_->DeleteSection(section_).IsNotFound());
}

TEST_F(EditorialServiceTest, TagsRenameMergeDelete) {
  const int64_t a = MustCreate(Edit("A"));  // Peace, Solidarity
  ArticleEdit b_in = Edit("B");
  b_in.tags = {"Solidarność"};
  const int64_t b = MustCreate(b_in);
  auto tags = editorial_->ListTags();
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 3u);
  int64_t peace = 0, solidarity = 0, solidarnosc = 0;
  for (const auto& u : *tags) {
    if (u.tag.slug == "peace") peace = u.tag.id;
    if (u.tag.slug == "solidarity") solidarity = u.tag.id;
    if (u.tag.slug == "solidarnosc") solidarnosc = u.tag.id;
    EXPECT_EQ(u.articles, 1);
  }
  ASSERT_NE(solidarnosc, 0);

  ASSERT_TRUE(editorial_->RenameTag(peace, "Peace & Justice", "").ok());
  EXPECT_EQ(editorial_->GetTag(peace)->slug, "peace");  // slug kept
  EXPECT_EQ(editorial_->GetTag(peace)->name, "Peace & Justice");
  EXPECT_TRUE(editorial_->RenameTag(peace, "", "solidarity").IsConflict());
  EXPECT_TRUE(editorial_->RenameTag(peace, "", "Bad Slug").IsInvalidArgument());
  EXPECT_TRUE(editorial_->RenameTag(999, "x", "").IsNotFound());

  EXPECT_TRUE(editorial_->MergeTags(solidarity, solidarity).IsInvalidArgument());
  ASSERT_TRUE(editorial_->MergeTags(solidarnosc, solidarity).ok());
  EXPECT_TRUE(editorial_->GetTag(solidarnosc).status().IsNotFound());
  ASSERT_EQ(MustGet(b).tags.size(), 1u);
  EXPECT_EQ(MustGet(b).tags[0].id, solidarity);
  EXPECT_EQ(MustGet(a).tags.size(), 2u);

  ASSERT_TRUE(editorial_->DeleteTag(peace).ok());
  EXPECT_EQ(MustGet(a).tags.size(), 1u);
  EXPECT_EQ(editorial_->ListTags()->size(), 1u);
  EXPECT_EQ(editorial_->ListTags()->front().articles, 2);
}

}  // namespace
}  // namespace publishing
