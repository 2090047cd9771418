// The CMS pages through the admin handler: the article editor (create, edit,
// publish, schedule, preview, conflicts, validation, delete), role rules,
// lists and filters, pages, bylines, sections and tags.

#include <variant>

#include "accounts/roles.h"
#include "admin/admin_test_fixture.h"
#include "base/time_format.h"
#include "media/responsive.h"
#include "media/test_images.h"

namespace admin::testing {
namespace {

using accounts::Role;
using Fields = std::vector<std::pair<std::string, std::string>>;

class AdminContentTest : public AdminFixture {
 protected:
  void SetUp() override {
    AdminFixture::SetUp();
    editor_id_ = AddUser("editor@example.org", accounts::Bit(Role::kEditor));
    author_id_ = AddUser("author@example.org", accounts::Bit(Role::kAuthor));
    AddUser("author2@example.org", accounts::Bit(Role::kAuthor));
    publishing::BylineInput b;
    b.name = "Ana Ruiz";
    auto byline = editorial_->CreateByline(b);
    ASSERT_TRUE(byline.ok()) << byline.status().ToString();
    byline_ = *byline;
    publishing::SectionInput s;
    s.name = "Statements";
    auto section = editorial_->CreateSection(s);
    ASSERT_TRUE(section.ok()) << section.status().ToString();
    section_ = *section;
  }

  // An article straight through the service, as `created_by`.
  int64_t MakeArticle(const std::string& title, std::optional<int64_t> created_by,
                      std::vector<std::string> tags = {}, const std::string& lang = "en") {
    publishing::ArticleEdit e;
    e.title = title;
    e.body_markdown = "Body of " + title;
    e.byline_ids = {byline_};
    e.tags = std::move(tags);
    e.lang = lang;
    auto id = editorial_->CreateArticle(e, created_by);
    EXPECT_TRUE(id.ok()) << id.status().ToString();
    return id.ok() ? *id : 0;
  }

  store::Article Stored(int64_t id) {
    auto a = editorial_->GetArticle(id);
    EXPECT_TRUE(a.ok()) << a.status().ToString();
    return a.ok() ? *a : store::Article{};
  }

  // The editor's fields for an article, with `extra` appended.
  Fields EditorFields(const std::string& csrf, const std::string& title, const std::string& body,
                      const Fields& extra = {}) {
    Fields f = {{"csrf", csrf},
                {"title", title},
                {"body", body},
                {"lang", "en"},
                {"bylines", std::to_string(byline_)},
                {"section_id", std::to_string(section_)},
                {"tags", "Peace, Climate"}};
    f.insert(f.end(), extra.begin(), extra.end());
    return f;
  }

  static int64_t IdFromLocation(const std::string& location) {
    const std::string prefix = "/admin/articles/";
    size_t at = location.find(prefix);
    if (at == std::string::npos) {
      at = location.find("/admin/pages/");
      if (at == std::string::npos) return 0;
      return std::stoll(location.substr(at + 13));
    }
    return std::stoll(location.substr(at + prefix.size()));
  }

  int64_t CountAll() {
    auto counts = editorial_->CountByStatus();
    EXPECT_TRUE(counts.ok());
    return counts.ok() ? counts->drafts + counts->scheduled + counts->published : -1;
  }

  bool Audited(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    auto n = accounts_->CountAudit(q);
    return n.ok() && *n > 0;
  }

  int64_t editor_id_ = 0, author_id_ = 0;
  int64_t byline_ = 0, section_ = 0;
};

TEST_F(AdminContentTest, CreateEditPublishIsVisibleToReaders) {
  const std::string csrf = SignIn("editor@example.org");
  ASSERT_EQ(Get("/admin/articles/new").status, 200);
  TestResponse created = Post("/admin/articles", EditorFields(csrf, "Peace now", "First *draft*."));
  ASSERT_EQ(created.status, 303) << created.body;
  const int64_t id = IdFromLocation(created.location);
  ASSERT_GT(id, 0);
  store::Article a = Stored(id);
  EXPECT_EQ(a.slug, "peace-now");  // suggested from the title
  EXPECT_EQ(a.status, store::ArticleStatus::kDraft);
  EXPECT_EQ(a.created_by, editor_id_);
  ASSERT_EQ(a.tags.size(), 2u);
  ASSERT_TRUE(a.section.has_value());
  // Not visible yet.
  auto before = publishing_->ArticleBySlug("peace-now");
  EXPECT_FALSE(before.ok());

  TestResponse form = Get("/admin/articles/" + std::to_string(id));
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("First *draft*."), std::string::npos);
  EXPECT_NE(form.body.find("name=\"version\" value=\"" + std::to_string(a.version) + "\""),
            std::string::npos);

  TestResponse published = Post(
      "/admin/articles/" + std::to_string(id),
      EditorFields(
          csrf, "Peace now", "Final text.",
          {{"slug", "peace-now"}, {"version", std::to_string(a.version)}, {"action", "publish"}}));
  ASSERT_EQ(published.status, 303) << published.body;
  EXPECT_NE(published.location.find("done=published"), std::string::npos);
  auto seen = publishing_->ArticleBySlug("peace-now");
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();
  ASSERT_TRUE(std::holds_alternative<publishing::ArticleView>(*seen));
  EXPECT_EQ(std::get<publishing::ArticleView>(*seen).article.body_markdown, "Final text.");
  EXPECT_TRUE(Audited("article.create"));
  EXPECT_TRUE(Audited("article.update"));
  EXPECT_TRUE(Audited("article.publish"));

  // Unpublish takes it off the site again.
  const int64_t v = Stored(id).version;
  TestResponse unpublished =
      Post("/admin/articles/" + std::to_string(id),
           EditorFields(csrf, "Peace now", "Final text.",
                        {{"version", std::to_string(v)}, {"action", "unpublish"}}));
  ASSERT_EQ(unpublished.status, 303) << unpublished.body;
  EXPECT_EQ(Stored(id).status, store::ArticleStatus::kDraft);
  EXPECT_FALSE(publishing_->ArticleBySlug("peace-now").ok());
}

TEST_F(AdminContentTest, StaleVersionIsRefusedWithTheTypedTextKept) {
  const int64_t id = MakeArticle("Shared piece", editor_id_);
  const store::Article original = Stored(id);
  // Someone else saves in between.
  publishing::ArticleEdit e;
  e.title = "Shared piece";
  e.body_markdown = "Their newer text.";
  auto v2 = editorial_->UpdateArticle(id, e, original.version);
  ASSERT_TRUE(v2.ok());

  const std::string csrf = SignIn("editor@example.org");
  TestResponse r = Post("/admin/articles/" + std::to_string(id),
                        EditorFields(csrf, "Shared piece", "My typed text, not lost.",
                                     {{"version", std::to_string(original.version)}}));
  EXPECT_EQ(r.status, 409);
  EXPECT_NE(r.body.find("My typed text, not lost."), std::string::npos);
  EXPECT_NE(r.body.find("role=\"alert\""), std::string::npos);
  EXPECT_EQ(Stored(id).body_markdown, "Their newer text.");
  EXPECT_EQ(Stored(id).version, *v2);

  // Publishing with a stale version changes nothing either.
  TestResponse p =
      Post("/admin/articles/" + std::to_string(id),
           EditorFields(csrf, "Shared piece", "Mine",
                        {{"version", std::to_string(original.version)}, {"action", "publish"}}));
  EXPECT_EQ(p.status, 409);
  EXPECT_EQ(Stored(id).status, store::ArticleStatus::kDraft);

  // Replacing the newer version is an explicit choice.
  TestResponse o = Post("/admin/articles/" + std::to_string(id),
                        EditorFields(csrf, "Shared piece", "Mine after all",
                                     {{"version", std::to_string(original.version)},
                                      {"overwrite", "1"},
                                      {"overwrite_version", std::to_string(*v2)}}));
  EXPECT_EQ(o.status, 303) << o.body;
  EXPECT_EQ(Stored(id).body_markdown, "Mine after all");
}

TEST_F(AdminContentTest, ValidationErrorsKeepTheInputAndNameTheField) {
  const std::string csrf = SignIn("editor@example.org");
  TestResponse r = Post("/admin/articles", EditorFields(csrf, "   ", "Keep this body please."));
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("Keep this body please."), std::string::npos);
  EXPECT_NE(r.body.find("href=\"#title\""), std::string::npos);
  EXPECT_EQ(CountAll(), 0);

  TestResponse bad_slug =
      Post("/admin/articles", EditorFields(csrf, "Fine title", "Body", {{"slug", "Not A Slug"}}));
  EXPECT_EQ(bad_slug.status, 400);
  EXPECT_NE(bad_slug.body.find("value=\"Fine title\""), std::string::npos);
  EXPECT_NE(bad_slug.body.find("href=\"#slug\""), std::string::npos);

  // A slug already taken is a conflict, shown on the form.
  MakeArticle("Taken", editor_id_);
  TestResponse taken =
      Post("/admin/articles", EditorFields(csrf, "Other", "Body", {{"slug", "taken"}}));
  EXPECT_EQ(taken.status, 409);
  EXPECT_NE(taken.body.find("value=\"Other\""), std::string::npos);
  EXPECT_EQ(CountAll(), 1);

  // Publishing without a byline: saved as a draft, not published.
  Fields no_byline = {{"csrf", csrf}, {"title", "Unsigned"}, {"body", "x"}, {"action", "publish"}};
  TestResponse unsigned_piece = Post("/admin/articles", no_byline);
  EXPECT_EQ(unsigned_piece.status, 400);
  EXPECT_NE(unsigned_piece.body.find("href=\"#bylines\""), std::string::npos);
}

TEST_F(AdminContentTest, AuthorsWriteTheirOwnDraftsAndNothingElse) {
  const int64_t others = MakeArticle("Someone else's", editor_id_);
  std::string csrf = SignIn("author@example.org");
  // Cannot publish, not even on create: nothing is created.
  TestResponse r =
      Post("/admin/articles", EditorFields(csrf, "Mine", "x", {{"action", "publish"}}));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(CountAll(), 1);
  TestResponse created = Post("/admin/articles", EditorFields(csrf, "Mine", "x"));
  ASSERT_EQ(created.status, 303) << created.body;
  const int64_t mine = IdFromLocation(created.location);
  EXPECT_EQ(Stored(mine).created_by, author_id_);
  const std::string path = "/admin/articles/" + std::to_string(mine);
  EXPECT_EQ(Get(path).status, 200);
  // The form offers no publishing buttons.
  EXPECT_EQ(Get(path).body.find("value=\"publish\""), std::string::npos);
  TestResponse publish = Post(path, EditorFields(csrf, "Mine", "x",
                                                 {{"version", std::to_string(Stored(mine).version)},
                                                  {"action", "publish"}}));
  EXPECT_EQ(publish.status, 403);
  EXPECT_EQ(Stored(mine).status, store::ArticleStatus::kDraft);
  for (const char* action : {"schedule", "unpublish"}) {
    TestResponse t = Post(path, EditorFields(csrf, "Mine", "x",
                                             {{"version", std::to_string(Stored(mine).version)},
                                              {"action", action},
                                              {"publish_at", "2035-01-01T10:00"}}));
    EXPECT_EQ(t.status, 403) << action;
  }
  EXPECT_EQ(Post(path + "/delete", {{"csrf", csrf}, {"confirm", "yes"}}).status, 403);
  // Saving one's own draft works.
  TestResponse saved = Post(
      path,
      EditorFields(csrf, "Mine, edited", "y", {{"version", std::to_string(Stored(mine).version)}}));
  EXPECT_EQ(saved.status, 303) << saved.body;
  EXPECT_EQ(Stored(mine).title, "Mine, edited");

  // Someone else's article: neither open nor save.
  const std::string theirs = "/admin/articles/" + std::to_string(others);
  EXPECT_EQ(Get(theirs).status, 403);
  EXPECT_EQ(Post(theirs, EditorFields(csrf, "Hijacked", "z",
                                      {{"version", std::to_string(Stored(others).version)}}))
                .status,
            403);
  EXPECT_EQ(Stored(others).title, "Someone else's");

  // Once published, one's own article is out of reach too.
  ASSERT_TRUE(editorial_->PublishNow(mine, Stored(mine).version).ok());
  EXPECT_EQ(Get(path).status, 403);
  EXPECT_EQ(Post(path, EditorFields(csrf, "Changed", "z",
                                    {{"version", std::to_string(Stored(mine).version)}}))
                .status,
            403);
  EXPECT_EQ(Stored(mine).title, "Mine, edited");

  // The list shows only their own.
  TestResponse list = Get("/admin/articles");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Mine, edited"), std::string::npos);
  EXPECT_EQ(list.body.find("Someone else"), std::string::npos);
}

TEST_F(AdminContentTest, ScheduleInThePastIsRefusedAndTheFutureWorks) {
  const int64_t id = MakeArticle("Later", editor_id_);
  const std::string csrf = SignIn("editor@example.org");
  const std::string path = "/admin/articles/" + std::to_string(id);
  TestResponse past = Post(path, EditorFields(csrf, "Later", "Body",
                                              {{"version", std::to_string(Stored(id).version)},
                                               {"action", "schedule"},
                                               {"publish_at", "2020-01-01T10:00"}}));
  EXPECT_EQ(past.status, 400);
  EXPECT_NE(past.body.find("href=\"#publish_at\""), std::string::npos);
  EXPECT_EQ(Stored(id).status, store::ArticleStatus::kDraft);
  TestResponse garbage = Post(path, EditorFields(csrf, "Later", "Body",
                                                 {{"version", std::to_string(Stored(id).version)},
                                                  {"action", "schedule"},
                                                  {"publish_at", "soon"}}));
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(Stored(id).status, store::ArticleStatus::kDraft);

  // The fake clock is in January 2027 (UTC site time zone).
  TestResponse future = Post(path, EditorFields(csrf, "Later", "Body",
                                                {{"version", std::to_string(Stored(id).version)},
                                                 {"action", "schedule"},
                                                 {"publish_at", "2030-06-01T09:30"}}));
  ASSERT_EQ(future.status, 303) << future.body;
  store::Article a = Stored(id);
  EXPECT_EQ(a.status, store::ArticleStatus::kScheduled);
  ASSERT_TRUE(a.published_at.has_value());
  base::CivilTime want;
  want.year = 2030;
  want.month = 6;
  want.day = 1;
  want.hour = 9;
  want.minute = 30;
  EXPECT_EQ(*a.published_at, base::FromCivil(want));
  EXPECT_TRUE(Audited("article.schedule"));
}

TEST_F(AdminContentTest, PreviewRendersMarkdownAndEscapesRawHtml) {
  const std::string csrf = SignIn("author@example.org");
  const std::string md = "Some **bold** text <script>alert(1)</script>";
  TestResponse r = Post("/admin/preview", {{"csrf", csrf}, {"body", md}});
  ASSERT_EQ(r.status, 200);
  EXPECT_NE(r.body.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_EQ(r.body.find("<script>"), std::string::npos);
  EXPECT_NE(r.body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(Post("/admin/preview", {{"body", md}}).status, 403);  // CSRF

  // The Preview button re-renders the form, saving nothing and losing nothing.
  TestResponse form =
      Post("/admin/articles", EditorFields(csrf, "Previewed", md, {{"action", "preview"}}));
  ASSERT_EQ(form.status, 200);
  EXPECT_NE(form.body.find("<strong>bold</strong>"), std::string::npos);
  EXPECT_EQ(form.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(form.body.find("value=\"Previewed\""), std::string::npos);
  EXPECT_NE(form.body.find("Some **bold** text"), std::string::npos);
  EXPECT_EQ(CountAll(), 0);
}

TEST_F(AdminContentTest, DeleteNeedsConfirmation) {
  const int64_t id = MakeArticle("Doomed", editor_id_);
  const std::string csrf = SignIn("editor@example.org");
  const std::string path = "/admin/articles/" + std::to_string(id) + "/delete";
  TestResponse confirm = Get(path);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_NE(confirm.body.find("name=\"confirm\""), std::string::npos);
  const std::string version = std::to_string(Stored(id).version);
  TestResponse unconfirmed = Post(path, {{"csrf", csrf}, {"version", version}});
  EXPECT_EQ(unconfirmed.status, 400);
  EXPECT_TRUE(editorial_->GetArticle(id).ok());
  TestResponse stale = Post(path, {{"csrf", csrf}, {"version", "999"}, {"confirm", "yes"}});
  EXPECT_EQ(stale.status, 409);
  EXPECT_TRUE(editorial_->GetArticle(id).ok());
  TestResponse done = Post(path, {{"csrf", csrf}, {"version", version}, {"confirm", "yes"}});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_TRUE(editorial_->GetArticle(id).status().IsNotFound());
  EXPECT_TRUE(Audited("article.delete"));
}

TEST_F(AdminContentTest, TagsAreRenamedMergedAndDeleted) {
  MakeArticle("One", editor_id_, {"Climate"});
  MakeArticle("Two", editor_id_, {"Climate change"});
  auto tags = editorial_->ListTags();
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 2u);
  const int64_t a = (*tags)[0].tag.id, b = (*tags)[1].tag.id;
  const std::string csrf = SignIn("editor@example.org");
  TestResponse list = Get("/admin/tags");
  ASSERT_EQ(list.status, 200);
  EXPECT_NE(list.body.find("Climate change"), std::string::npos);
  ASSERT_EQ(Get("/admin/tags/" + std::to_string(b)).status, 200);
  // Merging needs a target.
  EXPECT_EQ(Post("/admin/tags/" + std::to_string(b) + "/merge", {{"csrf", csrf}}).status, 400);
  TestResponse merged = Post("/admin/tags/" + std::to_string(b) + "/merge",
                             {{"csrf", csrf}, {"into", std::to_string(a)}});
  ASSERT_EQ(merged.status, 303) << merged.body;
  tags = editorial_->ListTags();
  ASSERT_TRUE(tags.ok());
  ASSERT_EQ(tags->size(), 1u);
  EXPECT_EQ((*tags)[0].tag.id, a);
  EXPECT_EQ((*tags)[0].articles, 2);
  EXPECT_TRUE(Audited("tag.merge"));

  TestResponse renamed = Post("/admin/tags/" + std::to_string(a),
                              {{"csrf", csrf}, {"name", "Climate crisis"}, {"slug", ""}});
  ASSERT_EQ(renamed.status, 303) << renamed.body;
  EXPECT_EQ(editorial_->GetTag(a)->name, "Climate crisis");
  TestResponse bad = Post("/admin/tags/" + std::to_string(a),
                          {{"csrf", csrf}, {"name", "X"}, {"slug", "Bad Slug"}});
  EXPECT_EQ(bad.status, 400);
  ASSERT_EQ(Post("/admin/tags/" + std::to_string(a) + "/delete", {{"csrf", csrf}}).status, 303);
  EXPECT_TRUE(editorial_->GetTag(a).status().IsNotFound());
}

TEST_F(AdminContentTest, BylinesAndSections) {
  const std::string csrf = SignIn("editor@example.org");
  MakeArticle("Signed", editor_id_);  // uses byline_
  TestResponse in_use =
      Post("/admin/bylines/" + std::to_string(byline_) + "/delete", {{"csrf", csrf}});
  EXPECT_EQ(in_use.status, 409);
  EXPECT_NE(in_use.body.find("role=\"alert\""), std::string::npos);
  EXPECT_TRUE(editorial_->GetByline(byline_).ok());

  TestResponse empty = Post("/admin/bylines", {{"csrf", csrf}, {"name", ""}, {"bio", "typed bio"}});
  EXPECT_EQ(empty.status, 400);
  EXPECT_NE(empty.body.find("typed bio"), std::string::npos);
  TestResponse created = Post("/admin/bylines", {{"csrf", csrf},
                                                 {"name", "International Department"},
                                                 {"kind", "body"},
                                                 {"bio", "We *work* abroad."}});
  ASSERT_EQ(created.status, 303) << created.body;
  auto bylines = editorial_->ListBylines();
  ASSERT_TRUE(bylines.ok());
  ASSERT_EQ(bylines->size(), 2u);
  int64_t body_id = 0;
  for (const auto& b : *bylines)
    if (b.slug == "international-department") body_id = b.id;
  ASSERT_GT(body_id, 0);
  EXPECT_EQ(editorial_->GetByline(body_id)->kind, store::BylineKind::kBody);
  EXPECT_EQ(Get("/admin/bylines/" + std::to_string(body_id)).status, 200);
  ASSERT_EQ(Post("/admin/bylines/" + std::to_string(body_id) + "/delete", {{"csrf", csrf}}).status,
            303);
  EXPECT_TRUE(editorial_->GetByline(body_id).status().IsNotFound());
  EXPECT_TRUE(Audited("byline.create"));

  TestResponse section =
      Post("/admin/sections",
           {{"csrf", csrf}, {"name", "News"}, {"description", "What happened"}, {"position", "3"}});
  ASSERT_EQ(section.status, 303) << section.body;
  auto sections = editorial_->ListSections();
  ASSERT_TRUE(sections.ok());
  ASSERT_EQ(sections->size(), 2u);
  TestResponse dup = Post("/admin/sections", {{"csrf", csrf}, {"name", "News"}, {"slug", "news"}});
  EXPECT_EQ(dup.status, 409);
  ASSERT_EQ(Post("/admin/sections/" + std::to_string(section_),
                 {{"csrf", csrf}, {"name", "Statements"}, {"position", "9"}})
                .status,
            303);
  EXPECT_EQ(editorial_->GetSection(section_)->position, 9);
  ASSERT_EQ(
      Post("/admin/sections/" + std::to_string(section_) + "/delete", {{"csrf", csrf}}).status,
      303);
  EXPECT_TRUE(editorial_->GetSection(section_).status().IsNotFound());

  // Authors may not manage bylines.
  const std::string author_csrf = SignIn("author@example.org");
  EXPECT_EQ(Post("/admin/bylines", {{"csrf", author_csrf}, {"name", "Sneaky"}}).status, 403);
}

TEST_F(AdminContentTest, ListFiltersAndSearch) {
  const int64_t climate = MakeArticle("Climate strike", editor_id_, {"Climate"});
  MakeArticle("Housing report", editor_id_, {"Housing"});
  MakeArticle("Informe de vivienda", editor_id_, {}, "es");
  ASSERT_TRUE(editorial_->PublishNow(climate, Stored(climate).version).ok());
  SignIn("editor@example.org");
  auto has = [](const TestResponse& r, const char* s) {
    return r.body.find(s) != std::string::npos;
  };
  TestResponse all = Get("/admin/articles");
  ASSERT_EQ(all.status, 200);
  EXPECT_TRUE(has(all, "Climate strike") && has(all, "Housing report") &&
              has(all, "Informe de vivienda"));
  TestResponse q = Get("/admin/articles?q=HOUSING");
  EXPECT_TRUE(has(q, "Housing report"));
  EXPECT_FALSE(has(q, "Climate strike"));
  TestResponse published = Get("/admin/articles?status=published");
  EXPECT_TRUE(has(published, "Climate strike"));
  EXPECT_FALSE(has(published, "Housing report"));
  TestResponse es = Get("/admin/articles?lang=es");
  EXPECT_TRUE(has(es, "Informe de vivienda"));
  EXPECT_FALSE(has(es, "Housing report"));
  const int64_t tag = Stored(climate).tags.at(0).id;
  TestResponse tagged = Get("/admin/articles?tag=" + std::to_string(tag));
  EXPECT_TRUE(has(tagged, "Climate strike"));
  EXPECT_FALSE(has(tagged, "Housing report"));
  TestResponse by = Get("/admin/articles?byline=" + std::to_string(byline_) +
                        "&section=" + std::to_string(section_));
  EXPECT_FALSE(has(by, "Climate strike"));  // none is in the section
  EXPECT_EQ(Get("/admin/articles?page=0").status, 400);
  TestResponse far = Get("/admin/articles?page=7");
  EXPECT_EQ(far.status, 200);
  EXPECT_FALSE(has(far, "Climate strike"));

  // The dashboard counts them.
  TestResponse dash = Get("/admin");
  ASSERT_EQ(dash.status, 200);
  EXPECT_TRUE(has(dash, "<strong>2</strong>"));  // drafts
  EXPECT_TRUE(has(dash, "<strong>1</strong>"));  // published
  EXPECT_TRUE(has(dash, "Recently edited"));
}

TEST_F(AdminContentTest, PagesNeedNoBylinesAndGoLive) {
  const std::string csrf = SignIn("editor@example.org");
  TestResponse created = Post("/admin/pages", {{"csrf", csrf},
                                               {"title", "About us"},
                                               {"body", "Who we are."},
                                               {"lang", "en"},
                                               {"action", "publish"}});
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(created.location.rfind("/admin/pages/", 0), 0u) << created.location;
  auto page = publishing_->PageBySlug("about-us");
  ASSERT_TRUE(page.ok()) << page.status().ToString();
  const int64_t id = IdFromLocation(created.location);
  EXPECT_EQ(Get("/admin/pages/" + std::to_string(id)).status, 200);
  // A page is not an article: the article editor sends it to its own.
  EXPECT_EQ(Get("/admin/articles/" + std::to_string(id)).status, 303);
  EXPECT_EQ(Get("/admin/pages").status, 200);
  EXPECT_TRUE(Audited("page.publish"));
  // Authors may not touch pages.
  SignIn("author@example.org");
  EXPECT_EQ(Get("/admin/pages/" + std::to_string(id)).status, 403);
}

TEST_F(AdminContentTest, FeatureImageIsPickedFromTheLibrary) {
  media::testing::ImageRef img = media::testing::Noise(64, 48);
  auto item = media_->Upload(media::testing::Save(img.get(), ".png"), "noise.png", std::nullopt);
  ASSERT_TRUE(item.ok()) << item.status().ToString();
  ASSERT_TRUE(media_->UpdateText(item->id, "Static on a screen", "A caption", "Jo", "").ok());
  const std::string csrf = SignIn("editor@example.org");
  TestResponse form = Get("/admin/articles/new");
  EXPECT_NE(form.body.find("<option value=\"" + std::to_string(item->id) + "\""),
            std::string::npos);
  TestResponse created =
      Post("/admin/articles",
           EditorFields(csrf, "With a picture", "x",
                        {{"image_pick", std::to_string(item->id)}, {"featured", "1"}}));
  ASSERT_EQ(created.status, 303) << created.body;
  store::Article a = Stored(IdFromLocation(created.location));
  EXPECT_EQ(a.image.path, media::FeatureImagePath(*item));
  EXPECT_EQ(a.image.width, item->width);
  EXPECT_EQ(a.image.height, item->height);
  EXPECT_EQ(a.image.alt, "Static on a screen");
  EXPECT_EQ(a.image.credit, "Jo");
  EXPECT_TRUE(a.featured);
  // Saving again keeps it; "none" removes it.
  const std::string path = "/admin/articles/" + std::to_string(a.id);
  TestResponse edit = Get(path);
  ASSERT_EQ(edit.status, 200);
  EXPECT_NE(edit.body.find("value=\"" + a.image.path + "\""), std::string::npos);
  TestResponse removed = Post(path, EditorFields(csrf, "With a picture", "x",
                                                 {{"version", std::to_string(a.version)},
                                                  {"image_path", a.image.path},
                                                  {"image_alt", a.image.alt},
                                                  {"image_pick", "none"}}));
  ASSERT_EQ(removed.status, 303) << removed.body;
  EXPECT_TRUE(Stored(a.id).image.path.empty());
}

}  // namespace
}  // namespace admin::testing
