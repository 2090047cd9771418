// Backend-neutral behaviour of store::Store / PublishingStore. Every backend
// registers a factory at the bottom and runs the same suite.

#include <stdlib.h>

#include <algorithm>
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
  AccountsStore& accounts() override { return inner_->accounts(); }
  MailStore& mail() override { return inner_->mail(); }
  MediaStore& media() override { return inner_->media(); }
  SettingsStore& settings() override { return inner_->settings(); }
  MailbagStore& mailbag() override { return inner_->mailbag(); }
  MembersStore& members() override { return inner_->members(); }
  DonationsStore& donations() override { return inner_->donations(); }
  SearchStore& search() override { return inner_->search(); }
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

// --- back office

TEST_P(StoreConformanceTest, CreatedByIsStoredAndKeptOnUpdate) {
  ArticleDraft d = Draft("mine", ArticleStatus::kDraft, kT0);
  d.created_by = 42;
  const int64_t id = Create(d);
  const int64_t anon = Create(Draft("anon", ArticleStatus::kDraft, kT0));
  EXPECT_EQ(ps_->GetArticle(id)->created_by, 42);
  EXPECT_EQ(ps_->GetArticleBySlug(ContentKind::kArticle, "mine")->created_by, 42);
  EXPECT_FALSE(ps_->GetArticle(anon)->created_by.has_value());
  d.created_by = 7;  // ignored: who created it does not change
  d.title = "edited";
  ASSERT_TRUE(ps_->UpdateArticle(id, d, 1, kT0).ok());
  EXPECT_EQ(ps_->GetArticle(id)->created_by, 42);
}

AdminArticleQuery AllAdmin() {
  AdminArticleQuery q;
  q.limit = 100;
  return q;
}

TEST_P(StoreConformanceTest, AdminListIsNewestUpdatedFirstWithTotal) {
  const int64_t a = Create(Draft("a", ArticleStatus::kPublished, kT0), kT0);
  Create(Draft("b", ArticleStatus::kDraft, kT0), kT0 + hours(1));
  Create(Draft("c", ArticleStatus::kScheduled, kT0 + hours(50)), kT0 + hours(2));
  ArticleDraft page = Draft("p", ArticleStatus::kDraft, kT0);
  page.kind = ContentKind::kPage;
  Create(page, kT0 + hours(3));
  // Touching `a` makes it the newest.
  ASSERT_TRUE(ps_->UpdateArticle(a, Draft("a", ArticleStatus::kPublished, kT0), 1,
                                 kT0 + hours(4)).ok());

  auto all = ps_->ListArticlesForAdmin(AllAdmin());
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->total, 4);
  Strings slugs;
  for (const Article& x : all->items) slugs.push_back(x.slug);
  EXPECT_EQ(slugs, (Strings{"a", "p", "c", "b"}));
  for (const Article& x : all->items) {
    EXPECT_TRUE(x.body_markdown.empty());
    EXPECT_TRUE(x.body_html.empty());
  }

  AdminArticleQuery paged = AllAdmin();
  paged.kind = ContentKind::kArticle;
  paged.limit = 2;
  paged.offset = 2;
  auto second = ps_->ListArticlesForAdmin(paged);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->total, 3);  // the total ignores limit/offset
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].slug, "b");
  paged.offset = 10;
  auto past_end = ps_->ListArticlesForAdmin(paged);
  ASSERT_TRUE(past_end.ok());
  EXPECT_TRUE(past_end->items.empty());
  EXPECT_EQ(past_end->total, 3);

  AdminArticleQuery bad = AllAdmin();
  bad.limit = 0;
  EXPECT_TRUE(ps_->ListArticlesForAdmin(bad).status().IsInvalidArgument());
  bad.limit = 10;
  bad.offset = -1;
  EXPECT_TRUE(ps_->ListArticlesForAdmin(bad).status().IsInvalidArgument());
}

TEST_P(StoreConformanceTest, AdminListFilters) {
  const int64_t s1 = Section("s1", "S1");
  const int64_t b1 = Byline("b1", "B1");
  const int64_t b2 = Byline("b2", "B2");
  const int64_t t1 = TagId("t1");
  ArticleDraft x = Draft("x", ArticleStatus::kDraft, kT0);
  x.section_id = s1;
  x.byline_ids = {b1};
  x.tag_ids = {t1};
  x.lang = "es";
  x.created_by = 5;
  Create(x);
  ArticleDraft y = Draft("y", ArticleStatus::kPublished, kT0);
  y.byline_ids = {b2};
  y.created_by = 6;
  Create(y);
  ArticleDraft z = Draft("z", ArticleStatus::kScheduled, kT0 + hours(1));
  z.byline_ids = {b1, b2};
  Create(z);

  auto slugs = [&](const AdminArticleQuery& q) {
    auto list = ps_->ListArticlesForAdmin(q);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    Strings out;
    if (!list.ok()) return out;
    for (const Article& a : list->items) out.push_back(a.slug);
    std::sort(out.begin(), out.end());
    EXPECT_EQ(list->total, static_cast<int64_t>(out.size()));
    return out;
  };
  AdminArticleQuery q = AllAdmin();
  q.status = ArticleStatus::kDraft;
  EXPECT_EQ(slugs(q), (Strings{"x"}));
  q.status = ArticleStatus::kScheduled;
  EXPECT_EQ(slugs(q), (Strings{"z"}));
  q.status = ArticleStatus::kPublished;
  EXPECT_EQ(slugs(q), (Strings{"y"}));
  // As of a moment after z's time, z lists (and reads) as published.
  q.as_of = kT0 + hours(2);
  auto due = ps_->ListArticlesForAdmin(q);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->items.size(), 2u);
  for (const Article& a : due->items) EXPECT_EQ(a.status, ArticleStatus::kPublished);
  q.status = ArticleStatus::kScheduled;
  EXPECT_EQ(slugs(q), Strings{});
  q.as_of = kT0;  // before z's time
  EXPECT_EQ(slugs(q), (Strings{"z"}));

  q = AllAdmin();
  q.section_id = s1;
  EXPECT_EQ(slugs(q), (Strings{"x"}));
  q = AllAdmin();
  q.tag_id = t1;
  EXPECT_EQ(slugs(q), (Strings{"x"}));
  q = AllAdmin();
  q.byline_id = b2;
  EXPECT_EQ(slugs(q), (Strings{"y", "z"}));
  q = AllAdmin();
  q.lang = "es";
  EXPECT_EQ(slugs(q), (Strings{"x"}));
  q = AllAdmin();
  q.created_by = 6;
  EXPECT_EQ(slugs(q), (Strings{"y"}));
  auto mine = ps_->ListArticlesForAdmin(q);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->items.size(), 1u);
  EXPECT_EQ(mine->items[0].created_by, 6);  // listings carry created_by
  q = AllAdmin();
  q.byline_id = b1;
  q.status = ArticleStatus::kScheduled;
  EXPECT_EQ(slugs(q), (Strings{"z"}));
}

TEST_P(StoreConformanceTest, AdminSearchIsCaseInsensitiveAndLiteral) {
  ArticleDraft a = Draft("fifty-percent", ArticleStatus::kDraft, kT0);
  a.title = "Wages up 50% at the PORT";
  Create(a);
  ArticleDraft b = Draft("snake-case", ArticleStatus::kDraft, kT0);
  b.title = "A title";
  b.deck = "about file_name and back\\slash";
  Create(b);
  ArticleDraft c = Draft("plain", ArticleStatus::kDraft, kT0);
  c.title = "Wages up 500 at the fort";
  c.deck = "filename";
  Create(c);

  auto found = [&](const std::string& text) {
    AdminArticleQuery q = AllAdmin();
    q.text = text;
    auto list = ps_->ListArticlesForAdmin(q);
    EXPECT_TRUE(list.ok()) << list.status().ToString();
    Strings out;
    if (!list.ok()) return out;
    for (const Article& x : list->items) out.push_back(x.slug);
    std::sort(out.begin(), out.end());
    return out;
  };
  EXPECT_EQ(found("port"), (Strings{"fifty-percent"}));     // case-insensitive
  EXPECT_EQ(found("50%"), (Strings{"fifty-percent"}));      // '%' is literal
  EXPECT_EQ(found("%"), (Strings{"fifty-percent"}));
  EXPECT_EQ(found("file_name"), (Strings{"snake-case"}));   // '_' is literal
  EXPECT_EQ(found("_"), (Strings{"snake-case"}));          // not "any character"
  EXPECT_EQ(found("back\\slash"), (Strings{"snake-case"}));
  EXPECT_EQ(found("SNAKE"), (Strings{"snake-case"}));       // slug
  EXPECT_EQ(found("wages up"), (Strings{"fifty-percent", "plain"}));
  EXPECT_EQ(found("nothing like it"), Strings{});
}

TEST_P(StoreConformanceTest, CountByStatusFollowsReadersView) {
  Create(Draft("d1", ArticleStatus::kDraft, kT0));
  Create(Draft("d2", ArticleStatus::kDraft, kT0));
  Create(Draft("s-due", ArticleStatus::kScheduled, kT0 - hours(1)));
  Create(Draft("s-later", ArticleStatus::kScheduled, kT0 + hours(1)));
  Create(Draft("p", ArticleStatus::kPublished, kT0 - hours(2)));
  ArticleDraft page = Draft("page", ArticleStatus::kPublished, kT0);
  page.kind = ContentKind::kPage;
  Create(page);

  auto all = ps_->CountByStatus(std::nullopt, kT0);
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  EXPECT_EQ(all->drafts, 2);
  EXPECT_EQ(all->scheduled, 1);
  EXPECT_EQ(all->published, 3);  // p, page and the due scheduled one
  auto articles = ps_->CountByStatus(ContentKind::kArticle, kT0);
  ASSERT_TRUE(articles.ok());
  EXPECT_EQ(articles->published, 2);
  auto pages = ps_->CountByStatus(ContentKind::kPage, kT0);
  ASSERT_TRUE(pages.ok());
  EXPECT_EQ(pages->drafts + pages->scheduled + pages->published, 1);

  // No rows of a kind: zeros, not an error.
  ASSERT_TRUE(ps_->DeleteArticle(ps_->GetArticleBySlug(ContentKind::kPage, "page")->id).ok());
  auto none = ps_->CountByStatus(ContentKind::kPage, kT0);
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->published, 0);
}

TEST_P(StoreConformanceTest, PublishDueFlipsOnlyDueScheduled) {
  const int64_t due = Create(Draft("due", ArticleStatus::kScheduled, kT0 - hours(1)));
  const int64_t exact = Create(Draft("exact", ArticleStatus::kScheduled, kT0));
  const int64_t later = Create(Draft("later", ArticleStatus::kScheduled, kT0 + hours(1)));
  const int64_t draft = Create(Draft("draft", ArticleStatus::kDraft, kT0));
  auto n = ps_->PublishDue(kT0);
  ASSERT_TRUE(n.ok()) << n.status().ToString();
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(ps_->GetArticle(due)->status, ArticleStatus::kPublished);
  EXPECT_EQ(ps_->GetArticle(due)->published_at, kT0 - hours(1));
  EXPECT_EQ(ps_->GetArticle(due)->version, 1);  // an editor's open copy stays current
  EXPECT_EQ(ps_->GetArticle(exact)->status, ArticleStatus::kPublished);
  EXPECT_EQ(ps_->GetArticle(later)->status, ArticleStatus::kScheduled);
  EXPECT_EQ(ps_->GetArticle(draft)->status, ArticleStatus::kDraft);
  EXPECT_EQ(*ps_->PublishDue(kT0), 0);  // idempotent
  EXPECT_EQ(*ps_->PublishDue(kT0 + hours(2)), 1);
}

TEST_P(StoreConformanceTest, SetArticleStatusChecksVersionAndBumpsIt) {
  const int64_t id = Create(Draft("x", ArticleStatus::kDraft, kT0));
  ASSERT_TRUE(ps_->SetArticleStatus(id, ArticleStatus::kPublished, kT0, 1, kT0 + hours(1)).ok());
  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->status, ArticleStatus::kPublished);
  EXPECT_EQ(a->published_at, kT0);
  EXPECT_EQ(a->version, 2);
  EXPECT_EQ(a->updated_at, kT0 + hours(1));
  EXPECT_EQ(a->body_markdown, "body of x");  // text untouched

  EXPECT_TRUE(ps_->SetArticleStatus(id, ArticleStatus::kDraft, std::nullopt, 1, kT0).IsConflict());
  EXPECT_EQ(ps_->GetArticle(id)->status, ArticleStatus::kPublished);
  EXPECT_TRUE(ps_->SetArticleStatus(id, ArticleStatus::kScheduled, std::nullopt, 2, kT0)
                  .IsInvalidArgument());
  EXPECT_TRUE(ps_->SetArticleStatus(999, ArticleStatus::kDraft, std::nullopt, 1, kT0).IsNotFound());
  // A draft may keep its date.
  ASSERT_TRUE(ps_->SetArticleStatus(id, ArticleStatus::kDraft, kT0, 2, kT0).ok());
  EXPECT_EQ(ps_->GetArticle(id)->status, ArticleStatus::kDraft);
  EXPECT_EQ(ps_->GetArticle(id)->published_at, kT0);
  EXPECT_EQ(ps_->GetArticle(id)->version, 3);
}

TEST_P(StoreConformanceTest, DeleteAtVersionRefusesStaleCopies) {
  const int64_t id = Create(Draft("x", ArticleStatus::kDraft, kT0));
  ASSERT_TRUE(ps_->UpdateArticle(id, Draft("x", ArticleStatus::kDraft, kT0), 1, kT0).ok());
  EXPECT_TRUE(ps_->DeleteArticleAtVersion(id, 1).IsConflict());
  EXPECT_TRUE(ps_->GetArticle(id).ok());
  ASSERT_TRUE(ps_->DeleteArticleAtVersion(id, 2).ok());
  EXPECT_TRUE(ps_->GetArticle(id).status().IsNotFound());
  EXPECT_TRUE(ps_->DeleteArticleAtVersion(id, 2).IsNotFound());
}

TEST_P(StoreConformanceTest, BylineEditAndDeleteRules) {
  store::Byline b;
  b.slug = "ann";
  b.name = "Ann";
  b.bio_markdown = "*Ann*";
  b.bio_html = "<p><em>Ann</em></p>";
  auto id = ps_->CreateByline(b);
  ASSERT_TRUE(id.ok());
  const int64_t other = Byline("bob", "Bob");
  auto got = ps_->GetBylineById(*id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->bio_markdown, "*Ann*");
  EXPECT_TRUE(ps_->GetBylineById(999).status().IsNotFound());

  store::Byline changed = *got;
  changed.name = "Ann Lee";
  changed.slug = "ann-lee";
  changed.kind = BylineKind::kBody;
  changed.title = "Editor";
  changed.photo_path = "p.jpg";
  ASSERT_TRUE(ps_->UpdateByline(changed).ok());
  got = ps_->GetBylineBySlug("ann-lee");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, *id);
  EXPECT_EQ(got->name, "Ann Lee");
  EXPECT_EQ(got->kind, BylineKind::kBody);
  EXPECT_EQ(got->title, "Editor");
  EXPECT_EQ(got->photo_path, "p.jpg");
  changed.slug = "bob";
  EXPECT_TRUE(ps_->UpdateByline(changed).IsConflict());
  changed.id = 999;
  changed.slug = "nobody";
  EXPECT_TRUE(ps_->UpdateByline(changed).IsNotFound());

  ArticleDraft d1 = Draft("one", ArticleStatus::kDraft, kT0);
  d1.byline_ids = {*id, other};
  Create(d1);
  ArticleDraft d2 = Draft("two", ArticleStatus::kDraft, kT0);
  d2.byline_ids = {*id};
  Create(d2);
  EXPECT_TRUE(ps_->DeleteByline(*id).IsConflict());
  EXPECT_TRUE(ps_->GetBylineById(*id).ok());
  ASSERT_TRUE(ps_->DeleteArticle(ps_->GetArticleBySlug(ContentKind::kArticle, "one")->id).ok());
  ASSERT_TRUE(ps_->DeleteArticle(ps_->GetArticleBySlug(ContentKind::kArticle, "two")->id).ok());
  ASSERT_TRUE(ps_->DeleteByline(*id).ok());
  EXPECT_TRUE(ps_->GetBylineById(*id).status().IsNotFound());
  EXPECT_TRUE(ps_->DeleteByline(*id).IsNotFound());
  ASSERT_TRUE(ps_->DeleteByline(other).ok());
}

TEST_P(StoreConformanceTest, SectionEditAndDeleteKeepsArticles) {
  const int64_t s = Section("news", "News", 1);
  Section("world", "World", 2);
  auto got = ps_->GetSectionById(s);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->slug, "news");
  store::Section changed = *got;
  changed.name = "Latest news";
  changed.description = "What happened";
  changed.position = 5;
  ASSERT_TRUE(ps_->UpdateSection(changed).ok());
  got = ps_->GetSectionById(s);
  EXPECT_EQ(got->name, "Latest news");
  EXPECT_EQ(got->description, "What happened");
  EXPECT_EQ(got->position, 5);
  changed.slug = "world";
  EXPECT_TRUE(ps_->UpdateSection(changed).IsConflict());
  changed.id = 999;
  changed.slug = "elsewhere";
  EXPECT_TRUE(ps_->UpdateSection(changed).IsNotFound());

  ArticleDraft d = Draft("x", ArticleStatus::kPublished, kT0);
  d.section_id = s;
  const int64_t id = Create(d);
  ASSERT_TRUE(ps_->DeleteSection(s, kT0 + hours(1)).ok());
  EXPECT_TRUE(ps_->GetSectionById(s).status().IsNotFound());
  auto a = ps_->GetArticle(id);
  ASSERT_TRUE(a.ok());
  EXPECT_FALSE(a->section.has_value());
  EXPECT_EQ(a->version, 2);  // an editor's copy naming the section is now stale
  EXPECT_TRUE(ps_->DeleteSection(s, kT0).IsNotFound());
}

TEST_P(StoreConformanceTest, TagUsageRenameAndDelete) {
  const int64_t peace = TagId("peace");
  const int64_t war = TagId("war");
  const int64_t unused = TagId("unused");
  ArticleDraft a = Draft("a", ArticleStatus::kPublished, kT0);
  a.tag_ids = {peace, war};
  const int64_t a_id = Create(a);
  ArticleDraft b = Draft("b", ArticleStatus::kDraft, kT0);
  b.tag_ids = {peace};
  Create(b);

  auto usage = ps_->ListTagUsage();
  ASSERT_TRUE(usage.ok()) << usage.status().ToString();
  ASSERT_EQ(usage->size(), 3u);
  EXPECT_EQ((*usage)[0].tag.slug, "peace");
  EXPECT_EQ((*usage)[0].articles, 2);
  EXPECT_EQ((*usage)[1].tag.slug, "unused");
  EXPECT_EQ((*usage)[1].articles, 0);
  EXPECT_EQ((*usage)[2].articles, 1);

  ASSERT_TRUE(ps_->UpdateTag(Tag{war, "conflict", "Conflict"}, kT0).ok());
  EXPECT_EQ(ps_->GetTagById(war)->name, "Conflict");
  EXPECT_TRUE(ps_->GetTagBySlug("war").status().IsNotFound());
  EXPECT_EQ(ps_->GetArticle(a_id)->version, 2);  // it shows the tag
  EXPECT_TRUE(ps_->UpdateTag(Tag{war, "peace", "Peace 2"}, kT0).IsConflict());
  EXPECT_EQ(ps_->GetTagById(war)->slug, "conflict");
  EXPECT_TRUE(ps_->UpdateTag(Tag{999, "x", "X"}, kT0).IsNotFound());
  EXPECT_TRUE(ps_->UpdateTag(Tag{war, "", "X"}, kT0).IsInvalidArgument());

  ASSERT_TRUE(ps_->DeleteTag(war, kT0).ok());
  EXPECT_TRUE(ps_->GetTagById(war).status().IsNotFound());
  ASSERT_EQ(ps_->GetArticle(a_id)->tags.size(), 1u);
  EXPECT_TRUE(ps_->DeleteTag(war, kT0).IsNotFound());
  ASSERT_TRUE(ps_->DeleteTag(unused, kT0).ok());
}

TEST_P(StoreConformanceTest, MergeTagsLeavesNoDuplicates) {
  const int64_t from = TagId("labour");
  const int64_t into = TagId("labor");
  const int64_t other = TagId("other");
  ArticleDraft both = Draft("both", ArticleStatus::kDraft, kT0);
  both.tag_ids = {from, into, other};
  const int64_t both_id = Create(both);
  ArticleDraft only_from = Draft("only-from", ArticleStatus::kDraft, kT0);
  only_from.tag_ids = {from};
  const int64_t from_id = Create(only_from);
  ArticleDraft untouched = Draft("untouched", ArticleStatus::kDraft, kT0);
  untouched.tag_ids = {other};
  const int64_t untouched_id = Create(untouched);

  EXPECT_TRUE(ps_->MergeTags(from, from, kT0).IsInvalidArgument());
  EXPECT_TRUE(ps_->MergeTags(from, 999, kT0).IsNotFound());
  EXPECT_TRUE(ps_->MergeTags(999, into, kT0).IsNotFound());
  EXPECT_TRUE(ps_->GetTagById(from).ok());  // failed merges changed nothing

  ASSERT_TRUE(ps_->MergeTags(from, into, kT0 + hours(1)).ok());
  EXPECT_TRUE(ps_->GetTagById(from).status().IsNotFound());
  auto a = ps_->GetArticle(both_id);
  ASSERT_TRUE(a.ok());
  Strings tags;
  for (const Tag& t : a->tags) tags.push_back(t.slug);
  EXPECT_EQ(tags, (Strings{"labor", "other"}));
  EXPECT_EQ(a->version, 2);
  auto b = ps_->GetArticle(from_id);
  ASSERT_EQ(b->tags.size(), 1u);
  EXPECT_EQ(b->tags[0].slug, "labor");
  EXPECT_EQ(ps_->GetArticle(untouched_id)->version, 1);
  auto usage = ps_->ListTagUsage();
  ASSERT_TRUE(usage.ok());
  ASSERT_EQ(usage->size(), 2u);
  EXPECT_EQ((*usage)[0].tag.slug, "labor");
  EXPECT_EQ((*usage)[0].articles, 2);  // one link per article
}

// The name generator keeps test names readable ("Sqlite/...Test.Name/sqlite")
// instead of printing the factory pointer's bytes.
INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformanceTest, ::testing::Values(&MakeSqliteStore),
                         [](const auto&) { return std::string("sqlite"); });
// PostgreSQL joins here once store/postgres exists:
// INSTANTIATE_TEST_SUITE_P(Postgres, StoreConformanceTest, ::testing::Values(&MakePgStore));

}  // namespace
}  // namespace store
