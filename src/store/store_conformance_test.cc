// Backend-neutral behaviour of store::Store / PublishingStore. Every backend
// registers a factory at the bottom and runs the same suite.

#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "base/status.h"
#include "store/store.h"

namespace store {
namespace {

using std::chrono::hours;
using std::chrono::seconds;

using StoreFactory = std::function<std::unique_ptr<Store>()>;

// Forwards to a SQLite store and removes its temporary directory afterwards.
class TempSqliteStore final : public Store {
 public:
  TempSqliteStore(std::unique_ptr<Store> inner, std::string dir)
      : inner_(std::move(inner)), dir_(std::move(dir)) {}
  ~TempSqliteStore() override {
    inner_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  PublishingStore& publishing() override { return inner_->publishing(); }
  Status Ping() override { return inner_->Ping(); }
  void Close() override { inner_->Close(); }

 private:
  std::unique_ptr<Store> inner_;
  std::string dir_;
};

std::unique_ptr<Store> MakeSqliteStore() {
  char tmpl[] = "/tmp/bs_store_conf_XXXXXX";
  if (mkdtemp(tmpl) == nullptr) return nullptr;
  SqliteOptions o;
  o.path = std::string(tmpl) + "/test.db";
  o.read_connections = 2;
  auto opened = OpenSqliteStore(o);
  if (!opened.ok()) {
    ADD_FAILURE() << opened.status().ToString();
    std::filesystem::remove_all(tmpl);
    return nullptr;
  }
  return std::make_unique<TempSqliteStore>(std::move(opened).value(), tmpl);
}

const Time kT0 = Time(seconds(1767225600));  // 2026-01-01T00:00:00Z

class StoreConformanceTest : public ::testing::TestWithParam<StoreFactory> {
 protected:
  void SetUp() override {
    store_ = GetParam()();
    ASSERT_NE(store_, nullptr);
    ps_ = &store_->publishing();
  }

  int64_t Byline(const std::string& slug, const std::string& name) {
    store::Byline b;
    b.slug = slug;
    b.name = name;
    auto id = ps_->CreateByline(b);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t Section(const std::string& slug, const std::string& name, int position = 0) {
    store::Section s;
    s.slug = slug;
    s.name = name;
    s.position = position;
    auto id = ps_->CreateSection(s);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t TagId(const std::string& slug) {
    auto id = ps_->EnsureTag(slug, slug);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  static ArticleDraft Draft(const std::string& slug, ArticleStatus status, Time published) {
    ArticleDraft d;
    d.slug = slug;
    d.title = "Title " + slug;
    d.body_markdown = "body of " + slug;
    d.body_html = "<p>body of " + slug + "</p>";
    d.status = status;
    if (status != ArticleStatus::kDraft) d.published_at = published;
    return d;
  }
  int64_t Create(const ArticleDraft& d, Time now = kT0) {
    auto id = ps_->CreateArticle(d, now);
    EXPECT_TRUE(id.ok()) << d.slug << ": " << id.status().ToString();
    return id.ok() ? *id : 0;
  }
  int64_t Published(const std::string& slug, Time at) {
    return Create(Draft(slug, ArticleStatus::kPublished, at));
  }
  std::vector<std::string> Slugs(const ArticleQuery& q) {
    auto list = ps_->ListArticles(q);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    std::vector<std::string> out;
    if (list.ok()) {
      for (const Article& a : *list) out.push_back(a.slug);
    }
    return out;
  }
  std::vector<std::string> RelatedSlugs(int64_t id, Time at, int limit) {
    auto list = ps_->ListRelated(id, at, limit);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    std::vector<std::string> out;
    if (list.ok()) {
      for (const Article& a : *list) out.push_back(a.slug);
    }
    return out;
  }

  std::unique_ptr<Store> store_;
  PublishingStore* ps_ = nullptr;
};

using Strings = std::vector<std::string>;

// --- bylines, sections, tags

TEST_P(StoreConformanceTest, BylinesRoundTripAndListByName) {
  store::Byline b;
  b.slug = "zoe";
  b.name = "Zoë Ångström";
  b.kind = BylineKind::kPerson;
  b.title = "Secretary, International Department";
  b.bio_html = "<p>Bio — «quoted» 日本語</p>";
  b.photo_path = "people/zoe.jpg";
  auto id = ps_->CreateByline(b);
  ASSERT_TRUE(id.ok()) << id.status().ToString();
  Byline("committee", "Central Committee");

  auto got = ps_->GetBylineBySlug("zoe");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->name, b.name);
  EXPECT_EQ(got->title, b.title);
  EXPECT_EQ(got->bio_html, b.bio_html);
  EXPECT_EQ(got->photo_path, b.photo_path);
  EXPECT_EQ(got->kind, BylineKind::kPerson);

  auto list = ps_->ListBylines();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].slug, "committee");
  EXPECT_EQ((*list)[1].slug, "zoe");
}

TEST_P(StoreConformanceTest, BylineErrors) {
  Byline("ann", "Ann");
  store::Byline dup;
  dup.slug = "ann";
  dup.name = "Another Ann";
  EXPECT_TRUE(ps_->CreateByline(dup).status().IsConflict());
  EXPECT_TRUE(ps_->GetBylineBySlug("nobody").status().IsNotFound());
  store::Byline empty;
  EXPECT_TRUE(ps_->CreateByline(empty).status().IsInvalidArgument());
}

TEST_P(StoreConformanceTest, BodyBylineKindRoundTrips) {
  store::Byline b;
  b.slug = "party";
  b.name = "The Party";
  b.kind = BylineKind::kBody;
  ASSERT_TRUE(ps_->CreateByline(b).ok());
  auto got = ps_->GetBylineBySlug("party");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->kind, BylineKind::kBody);
}

TEST_P(StoreConformanceTest, SectionsOrderedByPositionThenName) {
  Section("world", "World", 2);
  Section("labour", "Labour", 1);
  Section("culture", "Culture", 2);
  auto list = ps_->ListSections();
  ASSERT_TRUE(list.ok());
  Strings slugs;
  for (const auto& s : *list) slugs.push_back(s.slug);
  EXPECT_EQ(slugs, (Strings{"labour", "culture", "world"}));

  store::Section dup;
  dup.slug = "world";
  dup.name = "Dup";
  EXPECT_TRUE(ps_->CreateSection(dup).status().IsConflict());
  EXPECT_TRUE(ps_->GetSectionBySlug("none").status().IsNotFound());
  auto got = ps_->GetSectionBySlug("labour");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Labour");
  EXPECT_EQ(got->position, 1);
}

TEST_P(StoreConformanceTest, EnsureTagIsIdempotent) {
  auto a = ps_->EnsureTag("peace", "Peace");
  auto b = ps_->EnsureTag("peace", "Another name");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
  ASSERT_TRUE(ps_->EnsureTag("arms", "Arms").ok());
  auto got = ps_->GetTagBySlug("peace");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->name, "Peace");  // the first name stays
  EXPECT_TRUE(ps_->GetTagBySlug("war").status().IsNotFound());
  auto list = ps_->ListTags();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].slug, "arms");
  EXPECT_TRUE(ps_->EnsureTag("", "x").status().IsInvalidArgument());
}

// --- articles: create and read

TEST_P(StoreConformanceTest, ArticleRoundTripsEveryField) {
  const int64_t sec = Section("world", "World");
  const int64_t b1 = Byline("zed", "Zed");
  const int64_t b2 = Byline("amy", "Amy");
  const int64_t t1 = TagId("zeta");
  const int64_t t2 = TagId("alpha");
  ArticleDraft d = Draft("grève-générale", ArticleStatus::kPublished, kT0 - hours(1));
  d.title = "Grève générale — 罷工 ✊";
  d.deck = "Deck “quoted”";
  d.excerpt = "Plain excerpt";
  d.lang = "fr";
  d.section_id = sec;
  d.byline_ids = {b1, b2};  // signing order, not alphabetical
  d.tag_ids = {t1, t2};
  d.image = FeatureImage{"demo/peace.jpg", "Alt", "Caption", "Credit", "https://ex.org", 1200,
                         800};
  d.featured = true;
  const int64_t id = Create(d, kT0);

  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_EQ(a->id, id);
  EXPECT_EQ(a->kind, ContentKind::kArticle);
  EXPECT_EQ(a->slug, d.slug);
  EXPECT_EQ(a->title, d.title);
  EXPECT_EQ(a->deck, d.deck);
  EXPECT_EQ(a->body_markdown, d.body_markdown);
  EXPECT_EQ(a->body_html, d.body_html);
  EXPECT_EQ(a->excerpt, d.excerpt);
  EXPECT_EQ(a->lang, "fr");
  ASSERT_TRUE(a->section.has_value());
  EXPECT_EQ(a->section->slug, "world");
  ASSERT_EQ(a->bylines.size(), 2u);
  EXPECT_EQ(a->bylines[0].slug, "zed");
  EXPECT_EQ(a->bylines[1].slug, "amy");
  ASSERT_EQ(a->tags.size(), 2u);
  EXPECT_EQ(a->tags[0].slug, "alpha");  // by name
  EXPECT_EQ(a->tags[1].slug, "zeta");
  EXPECT_EQ(a->image.path, "demo/peace.jpg");
  EXPECT_EQ(a->image.alt, "Alt");
  EXPECT_EQ(a->image.caption, "Caption");
  EXPECT_EQ(a->image.credit, "Credit");
  EXPECT_EQ(a->image.credit_url, "https://ex.org");
  EXPECT_EQ(a->image.width, 1200);
  EXPECT_EQ(a->image.height, 800);
  EXPECT_EQ(a->status, ArticleStatus::kPublished);
  EXPECT_EQ(a->published_at, kT0 - hours(1));
  EXPECT_EQ(a->created_at, kT0);
  EXPECT_EQ(a->updated_at, kT0);
  EXPECT_TRUE(a->featured);
  EXPECT_EQ(a->translation_group, id);
  EXPECT_EQ(a->version, 1);

  auto by_slug = ps_->GetArticleBySlug(ContentKind::kArticle, "grève-générale");
  ASSERT_TRUE(by_slug.ok());
  EXPECT_EQ(by_slug->id, id);
  EXPECT_EQ(by_slug->bylines.size(), 2u);
}

TEST_P(StoreConformanceTest, DraftHasNoPublishedAtAndNoSection) {
  const int64_t id = Create(Draft("d", ArticleStatus::kDraft, kT0));
  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->published_at.has_value());
  EXPECT_FALSE(a->section.has_value());
  EXPECT_TRUE(a->bylines.empty());
  EXPECT_EQ(a->status, ArticleStatus::kDraft);
}

TEST_P(StoreConformanceTest, SlugsAreUniquePerKind) {
  Published("about", kT0);
  ArticleDraft page = Draft("about", ArticleStatus::kPublished, kT0);
  page.kind = ContentKind::kPage;
  const int64_t page_id = Create(page);
  EXPECT_TRUE(ps_->CreateArticle(Draft("about", ArticleStatus::kDraft, kT0), kT0)
                  .status()
                  .IsConflict());
  auto got = ps_->GetArticleBySlug(ContentKind::kPage, "about");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, page_id);
  EXPECT_EQ(got->kind, ContentKind::kPage);
  EXPECT_TRUE(ps_->GetArticleBySlug(ContentKind::kPage, "missing").status().IsNotFound());
  EXPECT_TRUE(ps_->GetArticle(987654).status().IsNotFound());
}

TEST_P(StoreConformanceTest, BadReferencesAreInvalidArgumentAndWriteNothing) {
  const int64_t b = Byline("b", "B");
  ArticleDraft d = Draft("x", ArticleStatus::kPublished, kT0);
  d.byline_ids = {b, 999};
  EXPECT_TRUE(ps_->CreateArticle(d, kT0).status().IsInvalidArgument());
  d.byline_ids = {b};
  d.tag_ids = {999};
  EXPECT_TRUE(ps_->CreateArticle(d, kT0).status().IsInvalidArgument());
  d.tag_ids = {};
  d.section_id = 999;
  EXPECT_TRUE(ps_->CreateArticle(d, kT0).status().IsInvalidArgument());
  d.section_id.reset();
  d.translation_of = 999;
  EXPECT_TRUE(ps_->CreateArticle(d, kT0).status().IsInvalidArgument());
  d.translation_of.reset();
  d.published_at.reset();  // published without a date
  EXPECT_TRUE(ps_->CreateArticle(d, kT0).status().IsInvalidArgument());
  d.published_at = kT0;
  d.slug = "";
  EXPECT_TRUE(ps_->CreateArticle(d, kT0).status().IsInvalidArgument());

  ArticleQuery all;
  auto count = ps_->CountArticles(all);
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 0);  // every failed create was rolled back whole
  d.slug = "x";
  EXPECT_GT(Create(d), 0);  // the slug was not left taken
}

TEST_P(StoreConformanceTest, DuplicateIdsInDraftAreDropped) {
  const int64_t b1 = Byline("b1", "B1");
  const int64_t b2 = Byline("b2", "B2");
  ArticleDraft d = Draft("x", ArticleStatus::kPublished, kT0);
  d.byline_ids = {b2, b1, b2};
  d.tag_ids = {TagId("t"), TagId("t")};
  auto a = ps_->GetArticle(Create(d));
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->bylines.size(), 2u);
  EXPECT_EQ(a->bylines[0].id, b2);
  EXPECT_EQ(a->tags.size(), 1u);
}

// --- visibility, listing, pagination, counts

TEST_P(StoreConformanceTest, VisibilityOfDraftsScheduledAndFuture) {
  Create(Draft("draft", ArticleStatus::kDraft, kT0));
  Create(Draft("sched-past", ArticleStatus::kScheduled, kT0 - hours(1)));
  Create(Draft("sched-future", ArticleStatus::kScheduled, kT0 + hours(1)));
  Create(Draft("pub-past", ArticleStatus::kPublished, kT0 - hours(2)));
  Create(Draft("pub-future", ArticleStatus::kPublished, kT0 + hours(2)));
  Create(Draft("pub-now", ArticleStatus::kPublished, kT0));

  ArticleQuery q;
  q.visible_at = kT0;
  EXPECT_EQ(Slugs(q), (Strings{"pub-now", "sched-past", "pub-past"}));
  EXPECT_EQ(*ps_->CountArticles(q), 3);

  q.visible_at = kT0 + hours(3);
  EXPECT_EQ(Slugs(q),
            (Strings{"pub-future", "sched-future", "pub-now", "sched-past", "pub-past"}));

  ArticleQuery all;  // no visibility filter: everything, drafts last
  auto slugs = Slugs(all);
  ASSERT_EQ(slugs.size(), 6u);
  EXPECT_EQ(slugs.back(), "draft");
  EXPECT_EQ(*ps_->CountArticles(all), 6);
}

TEST_P(StoreConformanceTest, PaginationIsStableNewestFirstThenId) {
  std::vector<int64_t> ids;
  for (int i = 0; i < 25; ++i) {
    // Pairs share a timestamp, so the id breaks ties.
    ids.push_back(Published("a" + std::to_string(i), kT0 - hours(25 - i / 2)));
  }
  ArticleQuery q;
  q.visible_at = kT0;
  q.limit = 10;
  std::vector<int64_t> seen;
  for (int offset : {0, 10, 20, 30}) {
    q.offset = offset;
    auto page = ps_->ListArticles(q);
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->size(), offset == 20 ? 5u : offset == 30 ? 0u : 10u);
    for (const auto& a : *page) seen.push_back(a.id);
  }
  std::vector<int64_t> expected(ids.rbegin(), ids.rend());
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(*ps_->CountArticles(q), 25);
}

TEST_P(StoreConformanceTest, ListingFillsRelationsButNotBodies) {
  const int64_t sec = Section("s", "S");
  ArticleDraft d = Draft("x", ArticleStatus::kPublished, kT0);
  d.section_id = sec;
  d.byline_ids = {Byline("b2", "Bee"), Byline("b1", "Ay")};
  d.tag_ids = {TagId("t")};
  Create(d);
  ArticleDraft e = Draft("y", ArticleStatus::kPublished, kT0 - hours(1));
  e.byline_ids = {Byline("b3", "Cee")};
  Create(e);
  ArticleQuery q;
  q.visible_at = kT0;
  auto list = ps_->ListArticles(q);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  const Article& x = (*list)[0];
  EXPECT_EQ(x.slug, "x");
  EXPECT_TRUE(x.body_markdown.empty());
  EXPECT_TRUE(x.body_html.empty());
  ASSERT_TRUE(x.section.has_value());
  EXPECT_EQ(x.section->slug, "s");
  ASSERT_EQ(x.bylines.size(), 2u);
  EXPECT_EQ(x.bylines[0].slug, "b2");
  ASSERT_EQ(x.tags.size(), 1u);
  const Article& y = (*list)[1];
  ASSERT_EQ(y.bylines.size(), 1u);
  EXPECT_EQ(y.bylines[0].slug, "b3");
  EXPECT_TRUE(y.tags.empty());
  EXPECT_FALSE(y.section.has_value());
}

TEST_P(StoreConformanceTest, ListingFilters) {
  const int64_t s1 = Section("s1", "S1");
  const int64_t s2 = Section("s2", "S2");
  const int64_t b1 = Byline("b1", "B1");
  const int64_t b2 = Byline("b2", "B2");
  const int64_t t1 = TagId("t1");
  const int64_t t2 = TagId("t2");
  auto make = [&](const std::string& slug, int64_t sec, int64_t by, int64_t tag,
                  const std::string& lang, Time at, bool featured) {
    ArticleDraft d = Draft(slug, ArticleStatus::kPublished, at);
    d.section_id = sec;
    d.byline_ids = {by};
    d.tag_ids = {tag};
    d.lang = lang;
    d.featured = featured;
    Create(d);
  };
  make("dec", s1, b1, t1, "en", kT0 - hours(24 * 20), false);                      // Dec 12
  make("feb", s2, b2, t2, "fr", kT0 + hours(24 * 40), true);                         // Feb 10
  make("mar", s1, b2, t2, "en", kT0 + hours(24 * 70), false);                        // Mar 12
  ArticleDraft page = Draft("page", ArticleStatus::kPublished, kT0);
  page.kind = ContentKind::kPage;
  Create(page);

  ArticleQuery q;
  q.visible_at = kT0 + hours(24 * 365);
  EXPECT_EQ(Slugs(q), (Strings{"mar", "feb", "dec"}));
  ArticleQuery s = q;
  s.section_id = s1;
  EXPECT_EQ(Slugs(s), (Strings{"mar", "dec"}));
  ArticleQuery t = q;
  t.tag_id = t2;
  EXPECT_EQ(Slugs(t), (Strings{"mar", "feb"}));
  EXPECT_EQ(*ps_->CountArticles(t), 2);
  ArticleQuery b = q;
  b.byline_id = b1;
  EXPECT_EQ(Slugs(b), (Strings{"dec"}));
  ArticleQuery l = q;
  l.lang = "fr";
  EXPECT_EQ(Slugs(l), (Strings{"feb"}));
  ArticleQuery f = q;
  f.featured = true;
  EXPECT_EQ(Slugs(f), (Strings{"feb"}));
  f.featured = false;
  EXPECT_EQ(Slugs(f), (Strings{"mar", "dec"}));
  ArticleQuery range = q;  // [Jan 1, Mar 1)
  range.published_from = kT0;
  range.published_before = kT0 + hours(24 * 59);
  EXPECT_EQ(Slugs(range), (Strings{"feb"}));
  EXPECT_EQ(*ps_->CountArticles(range), 1);
  ArticleQuery pages = q;
  pages.kind = ContentKind::kPage;
  EXPECT_EQ(Slugs(pages), (Strings{"page"}));
  ArticleQuery combined = q;
  combined.section_id = s1;
  combined.byline_id = b2;
  EXPECT_EQ(Slugs(combined), (Strings{"mar"}));
}

TEST_P(StoreConformanceTest, ListingRejectsBadLimits) {
  ArticleQuery q;
  q.limit = 0;
  EXPECT_TRUE(ps_->ListArticles(q).status().IsInvalidArgument());
  q.limit = 1001;
  EXPECT_TRUE(ps_->ListArticles(q).status().IsInvalidArgument());
  q.limit = 1000;
  EXPECT_TRUE(ps_->ListArticles(q).ok());
  q.offset = -1;
  EXPECT_TRUE(ps_->ListArticles(q).status().IsInvalidArgument());
}

// --- updates, redirects, deletes

TEST_P(StoreConformanceTest, UpdateReplacesFieldsAndBumpsVersion) {
  const int64_t b1 = Byline("b1", "B1");
  const int64_t b2 = Byline("b2", "B2");
  ArticleDraft d = Draft("x", ArticleStatus::kDraft, kT0);
  d.byline_ids = {b1};
  d.tag_ids = {TagId("old")};
  const int64_t id = Create(d, kT0);

  d.title = "New title";
  d.status = ArticleStatus::kPublished;
  d.published_at = kT0 + hours(1);
  d.byline_ids = {b2, b1};
  d.tag_ids = {TagId("new")};
  d.featured = true;
  ASSERT_TRUE(ps_->UpdateArticle(id, d, 1, kT0 + hours(2)).ok());
  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "New title");
  EXPECT_EQ(a->status, ArticleStatus::kPublished);
  EXPECT_EQ(a->version, 2);
  EXPECT_EQ(a->created_at, kT0);
  EXPECT_EQ(a->updated_at, kT0 + hours(2));
  ASSERT_EQ(a->bylines.size(), 2u);
  EXPECT_EQ(a->bylines[0].id, b2);
  ASSERT_EQ(a->tags.size(), 1u);
  EXPECT_EQ(a->tags[0].slug, "new");
  EXPECT_TRUE(a->featured);
}

TEST_P(StoreConformanceTest, StaleVersionIsConflictAndChangesNothing) {
  ArticleDraft d = Draft("x", ArticleStatus::kDraft, kT0);
  const int64_t id = Create(d);
  ArticleDraft first = d;
  first.title = "First editor";
  ASSERT_TRUE(ps_->UpdateArticle(id, first, 1, kT0).ok());
  ArticleDraft second = d;
  second.title = "Second editor";
  EXPECT_TRUE(ps_->UpdateArticle(id, second, 1, kT0).IsConflict());
  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->title, "First editor");
  EXPECT_EQ(a->version, 2);
  EXPECT_TRUE(ps_->UpdateArticle(424242, d, 1, kT0).IsNotFound());
}

TEST_P(StoreConformanceTest, UpdateErrorsRollBackWhole) {
  const int64_t b = Byline("b", "B");
  Published("taken", kT0);
  ArticleDraft d = Draft("x", ArticleStatus::kPublished, kT0);
  d.byline_ids = {b};
  const int64_t id = Create(d);

  ArticleDraft clash = d;
  clash.slug = "taken";
  EXPECT_TRUE(ps_->UpdateArticle(id, clash, 1, kT0).IsConflict());
  ArticleDraft bad_byline = d;
  bad_byline.title = "changed";
  bad_byline.byline_ids = {999};
  EXPECT_TRUE(ps_->UpdateArticle(id, bad_byline, 1, kT0).IsInvalidArgument());

  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->slug, "x");
  EXPECT_EQ(a->title, d.title);
  EXPECT_EQ(a->version, 1);
  ASSERT_EQ(a->bylines.size(), 1u);  // not deleted by the failed replace
  EXPECT_TRUE(ps_->FindRedirect(ContentKind::kArticle, "x").status().IsNotFound());
}

TEST_P(StoreConformanceTest, SlugChangesLeaveRedirects) {
  ArticleDraft d = Draft("first", ArticleStatus::kPublished, kT0);
  const int64_t id = Create(d);
  EXPECT_TRUE(ps_->FindRedirect(ContentKind::kArticle, "first").status().IsNotFound());

  d.slug = "second";
  ASSERT_TRUE(ps_->UpdateArticle(id, d, 1, kT0).ok());
  d.slug = "third";
  ASSERT_TRUE(ps_->UpdateArticle(id, d, 2, kT0).ok());
  EXPECT_EQ(*ps_->FindRedirect(ContentKind::kArticle, "first"), "third");
  EXPECT_EQ(*ps_->FindRedirect(ContentKind::kArticle, "second"), "third");
  EXPECT_TRUE(ps_->FindRedirect(ContentKind::kPage, "first").status().IsNotFound());
  EXPECT_TRUE(ps_->GetArticleBySlug(ContentKind::kArticle, "first").status().IsNotFound());

  // Back to an old slug: that redirect must not shadow the live article.
  d.slug = "first";
  ASSERT_TRUE(ps_->UpdateArticle(id, d, 3, kT0).ok());
  EXPECT_TRUE(ps_->FindRedirect(ContentKind::kArticle, "first").status().IsNotFound());
  EXPECT_EQ(*ps_->FindRedirect(ContentKind::kArticle, "third"), "first");

  // A new article taking an old slug wins over the redirect.
  Published("second", kT0);
  EXPECT_TRUE(ps_->FindRedirect(ContentKind::kArticle, "second").status().IsNotFound());
}

TEST_P(StoreConformanceTest, DeleteRemovesArticleAndItsRedirects) {
  ArticleDraft d = Draft("old", ArticleStatus::kPublished, kT0);
  d.tag_ids = {TagId("t")};
  d.byline_ids = {Byline("b", "B")};
  const int64_t id = Create(d);
  d.slug = "new";
  ASSERT_TRUE(ps_->UpdateArticle(id, d, 1, kT0).ok());
  ASSERT_TRUE(ps_->DeleteArticle(id).ok());
  EXPECT_TRUE(ps_->GetArticle(id).status().IsNotFound());
  EXPECT_TRUE(ps_->FindRedirect(ContentKind::kArticle, "old").status().IsNotFound());
  EXPECT_TRUE(ps_->DeleteArticle(id).IsNotFound());
  ArticleQuery q;
  q.tag_id = *ps_->EnsureTag("t", "t");
  EXPECT_EQ(*ps_->CountArticles(q), 0);
  EXPECT_TRUE(ps_->GetBylineBySlug("b").ok());  // bylines outlive their articles
}

// --- translations and related articles

TEST_P(StoreConformanceTest, TranslationsShareAGroup) {
  ArticleDraft en = Draft("peace", ArticleStatus::kPublished, kT0);
  const int64_t a = Create(en);
  ArticleDraft fr = Draft("paix", ArticleStatus::kDraft, kT0);
  fr.lang = "fr";
  fr.translation_of = a;
  const int64_t b = Create(fr);
  ArticleDraft de = Draft("frieden", ArticleStatus::kPublished, kT0);
  de.lang = "de";
  de.translation_of = b;  // any member of the group will do
  const int64_t c = Create(de);
  const int64_t other = Published("other", kT0);

  EXPECT_EQ(ps_->GetArticle(b)->translation_group, a);
  EXPECT_EQ(ps_->GetArticle(c)->translation_group, a);
  auto links = ps_->ListTranslations(a);
  ASSERT_TRUE(links.ok());
  ASSERT_EQ(links->size(), 2u);  // any status
  EXPECT_EQ((*links)[0].lang, "de");
  EXPECT_EQ((*links)[0].slug, "frieden");
  EXPECT_EQ((*links)[1].id, b);
  EXPECT_EQ((*links)[1].title, fr.title);
  for (const auto& link : *links) {
    auto full = ps_->GetArticle(link.id);
    ASSERT_TRUE(full.ok());
    EXPECT_EQ(link.status, full->status);
    EXPECT_EQ(link.published_at, full->published_at);
  }
  EXPECT_EQ(ps_->ListTranslations(c)->size(), 2u);
  EXPECT_TRUE(ps_->ListTranslations(other)->empty());
  EXPECT_TRUE(ps_->ListTranslations(999).status().IsNotFound());

  // Updating without translation_of leaves the group.
  ASSERT_TRUE(ps_->UpdateArticle(c, Draft("frieden", ArticleStatus::kPublished, kT0), 1, kT0)
                  .ok());
  EXPECT_EQ(ps_->ListTranslations(a)->size(), 1u);
  EXPECT_EQ(ps_->GetArticle(c)->translation_group, c);
}

TEST_P(StoreConformanceTest, RelatedRanksBySharedTagsThenNewest) {
  const int64_t ta = TagId("a");
  const int64_t tb = TagId("b");
  const int64_t tc = TagId("c");
  auto make = [&](const std::string& slug, std::vector<int64_t> tags, Time at,
                  ArticleStatus st = ArticleStatus::kPublished,
                  std::optional<int64_t> translation_of = std::nullopt) {
    ArticleDraft d = Draft(slug, st, at);
    d.tag_ids = std::move(tags);
    d.translation_of = translation_of;
    return Create(d);
  };
  const int64_t self = make("self", {ta, tb, tc}, kT0 - hours(10));
  make("two-old", {ta, tb}, kT0 - hours(9));
  make("two-new", {tb, tc}, kT0 - hours(8));
  make("one", {tc}, kT0 - hours(7));
  make("none-new", {}, kT0 - hours(1));
  make("none-old", {}, kT0 - hours(20));
  make("three-draft", {ta, tb, tc}, kT0, ArticleStatus::kDraft);
  make("three-future", {ta, tb, tc}, kT0 + hours(1));
  make("translation", {ta, tb, tc}, kT0 - hours(2), ArticleStatus::kPublished, self);

  EXPECT_EQ(RelatedSlugs(self, kT0, 3), (Strings{"two-new", "two-old", "one"}));
  // Few share tags: fill with the newest of the rest.
  EXPECT_EQ(RelatedSlugs(self, kT0, 5),
            (Strings{"two-new", "two-old", "one", "none-new", "none-old"}));
  EXPECT_EQ(RelatedSlugs(self, kT0, 10).size(), 5u);  // only five candidates are visible
  // Related lists are listings: no bodies.
  auto related = ps_->ListRelated(self, kT0, 1);
  ASSERT_TRUE(related.ok());
  ASSERT_EQ(related->size(), 1u);
  EXPECT_TRUE((*related)[0].body_html.empty());
  EXPECT_EQ((*related)[0].tags.size(), 2u);

  EXPECT_TRUE(ps_->ListRelated(999, kT0, 3).status().IsNotFound());
  EXPECT_TRUE(ps_->ListRelated(self, kT0, 0).status().IsInvalidArgument());
}

TEST_P(StoreConformanceTest, RelatedWithoutTagsIsNewest) {
  const int64_t lone = Published("lone", kT0 - hours(5));
  Published("p1", kT0 - hours(3));
  Published("p2", kT0 - hours(2));
  ArticleDraft page = Draft("page", ArticleStatus::kPublished, kT0);
  page.kind = ContentKind::kPage;
  Create(page);
  EXPECT_EQ(RelatedSlugs(lone, kT0, 3), (Strings{"p2", "p1"}));
}

// --- archive and last modified

TEST_P(StoreConformanceTest, ArchiveMonthsCountsVisibleArticles) {
  Published("dec", kT0 - hours(1));                 // 2025-12
  Published("jan1", kT0);                           // 2026-01
  Published("jan2", kT0 + hours(24 * 30));          // 2026-01-31
  Published("feb-future", kT0 + hours(24 * 40));    // not yet
  Create(Draft("draft", ArticleStatus::kDraft, kT0));
  ArticleDraft page = Draft("page", ArticleStatus::kPublished, kT0);
  page.kind = ContentKind::kPage;
  Create(page);

  auto months = ps_->ArchiveMonths(kT0 + hours(24 * 31));
  ASSERT_TRUE(months.ok());
  ASSERT_EQ(months->size(), 2u);
  EXPECT_EQ((*months)[0].year, 2026);
  EXPECT_EQ((*months)[0].month, 1);
  EXPECT_EQ((*months)[0].count, 2);
  EXPECT_EQ((*months)[1].year, 2025);
  EXPECT_EQ((*months)[1].month, 12);
  EXPECT_EQ((*months)[1].count, 1);
}

TEST_P(StoreConformanceTest, LastModifiedOverVisibleContent) {
  auto none = ps_->LastModified(kT0);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  Create(Draft("a", ArticleStatus::kPublished, kT0 - hours(5)), kT0 - hours(5));
  Create(Draft("draft", ArticleStatus::kDraft, kT0), kT0 + hours(9));
  ArticleDraft b = Draft("b", ArticleStatus::kPublished, kT0 - hours(4));
  const int64_t id = Create(b, kT0 - hours(4));
  ASSERT_TRUE(ps_->UpdateArticle(id, b, 1, kT0 - hours(1)).ok());
  auto last = ps_->LastModified(kT0);
  ASSERT_TRUE(last.ok());
  ASSERT_TRUE(last->has_value());
  EXPECT_EQ(**last, kT0 - hours(1));
}

// --- lifecycle

TEST_P(StoreConformanceTest, CloseMakesEverythingUnavailable) {
  const int64_t id = Published("x", kT0);
  EXPECT_TRUE(store_->Ping().ok());
  store_->Close();
  store_->Close();  // idempotent
  EXPECT_TRUE(store_->Ping().IsUnavailable());
  EXPECT_TRUE(ps_->GetArticle(id).status().IsUnavailable());
  EXPECT_TRUE(ps_->ListArticles(ArticleQuery{}).status().IsUnavailable());
  EXPECT_TRUE(ps_->CreateArticle(Draft("y", ArticleStatus::kDraft, kT0), kT0)
                  .status()
                  .IsUnavailable());
  EXPECT_TRUE(ps_->EnsureTag("t", "t").status().IsUnavailable());
  EXPECT_TRUE(ps_->DeleteArticle(id).IsUnavailable());
}

// The name generator keeps test names readable ("Sqlite/...Test.Name/sqlite")
// instead of printing the factory pointer's bytes.
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(&MakeSqliteStore),
                         [](const auto&) { return std::string("sqlite"); });
// PostgreSQL joins here once store/postgres exists:
// INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest, ::testing::Values(&MakePgStore));

}  // namespace
}  // namespace store
