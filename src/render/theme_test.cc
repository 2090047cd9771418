#include "render/theme.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "base/hash.h"
#include "support/temp_dir.h"

namespace render {
namespace {

namespace fs = std::filesystem;

class ThemeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Write("templates/page.mustache", "<title>{{title}}</title>\n{{{body}}}\n{{> footer}}");
    Write("templates/partials/footer.mustache", "<footer>{{> small}}</footer>");
    Write("templates/partials/small.mustache", "<small>{{#t}} Read more {{/t}}</small>");
    Write("templates/list.mustache",
          "<ul>\n{{#items}}\n<li>{{name}}{{#flag}}!{{/flag}}</li>\n{{/items}}\n</ul>\n"
          "{{^items}}none{{/items}}{{assets.site_css}}");
    Write("assets/site.css", "body { color: red }");
    Write("assets/img/logo-dark.svg", "<svg/>");
    Write("assets/.hidden", "secret");
    catalog_.AddForTest("es", "Read more", "Leer <más>");
  }

  void Write(const std::string& relative, const std::string& content) {
    const fs::path path = dir_ / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
  }
  std::unique_ptr<Theme> LoadOk() {
    auto theme = Theme::Load(dir_.string(), catalog_);
    EXPECT_TRUE(theme.ok()) << theme.status().ToString();
    return theme.ok() ? std::move(theme).value() : nullptr;
  }
  base::Status LoadStatus() { return Theme::Load(dir_.string(), catalog_).status(); }

  test_support::TempDir tmp_{"bs-theme"};
  fs::path dir_{tmp_.path()};
  Catalog catalog_;
};

Value Page(std::string title, std::string body) {
  return Value::MakeObject().Set("title", std::move(title)).Set("body", std::move(body));
}

TEST_F(ThemeTest, EscapesAllFiveCharactersAndTripleIsRaw) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  auto html = theme->Render("page", Page("a&b<c>d\"e'f", "<p>x & y</p>"), "en");
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_NE(html->find("<title>a&amp;b&lt;c&gt;d&quot;e&apos;f</title>"), std::string::npos)
      << *html;
  EXPECT_NE(html->find("\n<p>x & y</p>\n"), std::string::npos) << *html;
}

TEST_F(ThemeTest, NestedPartialsAndTranslation) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  auto en = theme->Render("page", Page("t", ""), "en");
  ASSERT_TRUE(en.ok());
  EXPECT_NE(en->find("<footer><small>Read more</small></footer>"), std::string::npos) << *en;
  auto es = theme->Render("page", Page("t", ""), "es");
  ASSERT_TRUE(es.ok());
  // The translation is escaped like any other text.
  EXPECT_NE(es->find("<footer><small>Leer &lt;más&gt;</small></footer>"), std::string::npos) << *es;
}

TEST_F(ThemeTest, DataCannotOverrideOrInjectIntoTranslation) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  auto html = theme->Render("page", Page("x", "").Set("t", "{{title}}"), "en");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("<small>Read more</small>"), std::string::npos) << *html;
}

TEST_F(ThemeTest, ListsBoolsAndInvertedSections) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  Value items = Value::MakeList();
  items.Push(Value::MakeObject().Set("name", "a").Set("flag", true));
  items.Push(Value::MakeObject().Set("name", "<b>").Set("flag", false));
  auto html = theme->Render(
      "list", Value::MakeObject().Set("items", std::move(items)).Set("assets", theme->AssetUrls()),
      "en");
  ASSERT_TRUE(html.ok());
  EXPECT_EQ(*html, "<ul>\n<li>a!</li>\n<li>&lt;b&gt;</li>\n</ul>\n" + theme->AssetUrl("site.css"));
  auto empty = theme->Render("list", Value::MakeObject().Set("items", Value::MakeList()), "en");
  ASSERT_TRUE(empty.ok());
  // (kainjow keeps a blank line for a standalone section tag that renders nothing.)
  EXPECT_EQ(empty->find("<li>"), std::string::npos) << *empty;
  EXPECT_EQ(empty->substr(empty->size() - 4), "none") << *empty;
}

TEST_F(ThemeTest, DottedNamesAndContextStack) {
  Write("templates/dots.mustache",
        "{{a.b.c}}|{{#list}}{{.}}{{top}},{{/list}}|{{#a}}{{b.c}}{{/a}}|{{a.missing.x}}|{{a.b}}");
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  Value list = Value::MakeList();
  list.Push("x");
  list.Push("<y>");
  Value data = Value::MakeObject()
                   .Set("a", Value::MakeObject().Set("b", Value::MakeObject().Set("c", "deep")))
                   .Set("list", std::move(list))
                   .Set("top", "T");
  auto html = theme->Render("dots", data, "en");
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_EQ(*html, "deep|xT,&lt;y&gt;T,|deep||");
}

TEST_F(ThemeTest, MovedDataRendersLikeCopiedData) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  const std::string long_title = "A title long enough to live on the heap & <escaped>";
  const Value data = Page(long_title, "<p>" + std::string(300, 'b') + "</p>");
  auto copied = theme->Render("page", data, "es");
  Value movable = data;
  auto moved = theme->Render("page", std::move(movable), "es");
  ASSERT_TRUE(copied.ok() && moved.ok());
  EXPECT_EQ(*copied, *moved);
  EXPECT_EQ(data.Find("title")->as_string(), long_title);  // the const overload copied
  EXPECT_NE(moved->find("A title long enough to live on the heap &amp; &lt;escaped&gt;"),
            std::string::npos)
      << *moved;
}

TEST_F(ThemeTest, EscapesRunsBetweenSpecialCharacters) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  const std::string run(40, 'x');
  auto html = theme->Render("page", Page(run + "&" + run + "<>\"'" + run + "&&", ""), "en");
  ASSERT_TRUE(html.ok());
  EXPECT_NE(html->find("<title>" + run + "&amp;" + run + "&lt;&gt;&quot;&apos;" + run +
                       "&amp;&amp;</title>"),
            std::string::npos)
      << *html;
}

TEST_F(ThemeTest, TranslationsThatLookLikeTemplateTextStayLiteral) {
  // A translation with braces or a line break cannot be pasted into the
  // template at Load; it must still come out verbatim (and escaped).
  catalog_.AddForTest("xx", "Read more", "{{title}} <x>\nnext");
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  auto xx = theme->Render("page", Page("T", ""), "xx");
  ASSERT_TRUE(xx.ok());
  EXPECT_NE(xx->find("<small>{{title}} &lt;x&gt;\nnext</small>"), std::string::npos) << *xx;
  auto es = theme->Render("page", Page("T", ""), "es");
  ASSERT_TRUE(es.ok());
  EXPECT_NE(es->find("<small>Leer &lt;más&gt;</small>"), std::string::npos) << *es;
  // A language the catalog does not have falls back to the msgid.
  auto zz = theme->Render("page", Page("T", ""), "zz");
  ASSERT_TRUE(zz.ok());
  EXPECT_NE(zz->find("<small>Read more</small>"), std::string::npos) << *zz;
}

TEST_F(ThemeTest, TIsReservedAtEveryDepthInEveryLanguage) {
  Write("templates/nested.mustache",
        "{{#obj}}[{{#t}} Read more {{/t}}]{{^t}}never{{/t}}{{t.x}}{{/obj}}");
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  Value data = Value::MakeObject().Set(
      "obj", Value::MakeObject().Set("t", Value::MakeObject().Set("x", "data")));
  for (const char* lang : {"es", "en", "zz"}) {
    auto html = theme->Render("nested", data, lang);
    ASSERT_TRUE(html.ok()) << lang;
    EXPECT_EQ(*html, std::string(lang) == "es" ? "[Leer &lt;más&gt;]" : "[Read more]") << lang;
  }
}

TEST_F(ThemeTest, LookupsFollowTheContextStack) {
  Write("templates/stack.mustache",
        "{{dup}}|{{#rows}}{{n}}:{{#inner}}{{v}}{{n}}{{/inner}}{{#tags}}{{.}}{{/tags}},{{/rows}}|"
        "{{#grid}}{{#.}}{{x}}{{/.}};{{/grid}}|{{s.x}}|{{#s}}{{.}}{{/s}}|{{obj.deep.v}}");
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  Value rows = Value::MakeList();
  for (int i = 0; i < 4; ++i) {
    Value tags = Value::MakeList();
    for (int j = 0; j < i; ++j) tags.Push(std::to_string(j));
    rows.Push(Value::MakeObject()
                  .Set("n", std::to_string(i))
                  .Set("inner", Value::MakeObject().Set("v", "v" + std::to_string(i)))
                  .Set("tags", std::move(tags)));
  }
  Value grid = Value::MakeList();
  for (int i = 0; i < 2; ++i) {
    Value row = Value::MakeList();
    for (int j = 0; j < 2; ++j) row.Push(Value::MakeObject().Set("x", std::to_string(i * 2 + j)));
    grid.Push(std::move(row));
  }
  // Duplicate keys (possible through the Object constructor): the last wins.
  Value data(Value::Object{{"dup", "first"}, {"dup", "last"}});
  data.Set("rows", std::move(rows)).Set("grid", std::move(grid)).Set("s", "str");
  data.Set("obj", Value::MakeObject().Set("deep", Value::MakeObject().Set("v", "<deep>")));
  auto html = theme->Render("stack", data, "en");
  ASSERT_TRUE(html.ok()) << html.status().ToString();
  EXPECT_EQ(*html, "last|0:v00,1:v110,2:v2201,3:v33012,|01;23;||str|&lt;deep&gt;");
}

TEST_F(ThemeTest, UnknownTemplateAndNonObjectData) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  EXPECT_TRUE(theme->Render("nope", Value::MakeObject(), "en").status().IsNotFound());
  EXPECT_TRUE(theme->Render("footer", Value::MakeObject(), "en").status().IsNotFound());
  EXPECT_TRUE(theme->Render("page", Value("x"), "en").status().IsInvalidArgument());
}

TEST_F(ThemeTest, MissingTemplatesDirIsNotFound) {
  fs::remove_all(dir_ / "templates");
  EXPECT_TRUE(LoadStatus().IsNotFound());
}

TEST_F(ThemeTest, SyntaxErrorsAreInvalidArgumentNamingTheFile) {
  Write("templates/broken.mustache", "line one\n{{#open}}\nnever closed\n");
  base::Status st = LoadStatus();
  ASSERT_TRUE(st.IsInvalidArgument()) << st.ToString();
  EXPECT_NE(st.message().find("broken.mustache:2"), std::string::npos) << st.message();

  Write("templates/broken.mustache", "{{unclosed");
  EXPECT_TRUE(LoadStatus().IsInvalidArgument());
  Write("templates/broken.mustache", "{{/never_opened}}");
  EXPECT_TRUE(LoadStatus().IsInvalidArgument());
}

TEST_F(ThemeTest, BrokenPartialsAreInvalidArgument) {
  Write("templates/partials/bad.mustache", "{{#x}}");
  base::Status st = LoadStatus();
  ASSERT_TRUE(st.IsInvalidArgument());
  EXPECT_NE(st.message().find("bad.mustache"), std::string::npos) << st.message();
  fs::remove(dir_ / "templates/partials/bad.mustache");

  Write("templates/uses_missing.mustache", "{{> missing}}");
  EXPECT_TRUE(LoadStatus().IsInvalidArgument());
  fs::remove(dir_ / "templates/uses_missing.mustache");

  Write("templates/partials/loop_a.mustache", "a{{> loop_b}}");
  Write("templates/partials/loop_b.mustache", "b{{>loop_a}}");
  Write("templates/loop.mustache", "{{> loop_a}}");
  EXPECT_TRUE(LoadStatus().IsInvalidArgument());
}

TEST_F(ThemeTest, UnsupportedTagsAreInvalidArgument) {
  for (const char* bad :
       {"{{t}}", "{{{t}}}", "{{& t}}", "{{=<% %>=}}", "{{#t}}Hello {{name}}{{/t}}"}) {
    Write("templates/bad.mustache", bad);
    EXPECT_TRUE(LoadStatus().IsInvalidArgument()) << bad;
  }
}

TEST_F(ThemeTest, AssetsAreContentHashed) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  const std::string hash = base::Hex64(base::Fnv1a64("body { color: red }"));
  const std::string url = "/assets/site." + hash + ".css";
  EXPECT_EQ(theme->AssetUrl("site.css"), url);
  const Asset* css = theme->FindAsset(url);
  ASSERT_NE(css, nullptr);
  EXPECT_EQ(css->name, "site.css");
  EXPECT_EQ(css->body, "body { color: red }");
  EXPECT_EQ(css->content_type, "text/css; charset=utf-8");
  EXPECT_EQ(css->etag, "\"" + hash + "\"");

  const std::string svg_url = theme->AssetUrl("img/logo-dark.svg");
  EXPECT_EQ(svg_url, "/assets/img/logo-dark." + base::Hex64(base::Fnv1a64("<svg/>")) + ".svg");
  ASSERT_NE(theme->FindAsset(svg_url), nullptr);
  EXPECT_EQ(theme->FindAsset(svg_url)->content_type, "image/svg+xml");

  Value urls = theme->AssetUrls();
  ASSERT_NE(urls.Find("site_css"), nullptr);
  EXPECT_EQ(urls.Find("site_css")->as_string(), url);
  ASSERT_NE(urls.Find("img_logo_dark_svg"), nullptr);
  EXPECT_EQ(urls.Find("img_logo_dark_svg")->as_string(), svg_url);

  EXPECT_EQ(theme->AssetUrl("missing.css"), "");
  EXPECT_EQ(theme->AssetUrl(".hidden"), "");
  EXPECT_EQ(theme->FindAsset("/assets/site.css"), nullptr);
  EXPECT_EQ(theme->FindAsset("/assets/../templates/page.mustache"), nullptr);
  EXPECT_EQ(theme->FindAsset("/assets/../x"), nullptr);
  EXPECT_EQ(theme->FindAsset("/assets/img/../site." + hash + ".css"), nullptr);
  EXPECT_EQ(theme->FindAsset(url + "?v=1"), nullptr);
  EXPECT_EQ(theme->FindAsset(""), nullptr);
}

TEST_F(ThemeTest, ConcurrentRenderingIsIdentical) {
  auto theme = LoadOk();
  ASSERT_TRUE(theme);
  const Value data = Page("Title & <more>", "<p>body</p>");
  const std::string expected_en = theme->Render("page", data, "en").value();
  const std::string expected_es = theme->Render("page", data, "es").value();
  ASSERT_NE(expected_en, expected_es);
  std::vector<int> mismatches(8, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 300; ++i) {
        const bool es = (i + t) % 2 == 0;
        auto html = theme->Render("page", data, es ? "es" : "en");
        if (!html.ok() || *html != (es ? expected_es : expected_en)) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (int t = 0; t < 8; ++t) EXPECT_EQ(mismatches[t], 0) << "thread " << t;
}

}  // namespace
}  // namespace render

namespace render {
namespace {

TEST(ThemeEmptyStringTest, EmptyStringIsFalseInSections) {
  namespace fs = std::filesystem;
  const fs::path dir = fs::temp_directory_path() / ("render_empty_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "templates");
  std::ofstream(dir / "templates" / "t.mustache")
      << "[{{#deck}}<p>{{deck}}</p>{{/deck}}{{^deck}}none{{/deck}}]";
  Catalog catalog;
  auto theme = Theme::Load(dir.string(), catalog);
  ASSERT_TRUE(theme.ok()) << theme.status().ToString();
  auto empty = (*theme)->Render("t", Value::MakeObject().Set("deck", ""), "en");
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(*empty, "[none]");
  auto full = (*theme)->Render("t", Value::MakeObject().Set("deck", "x<y"), "en");
  ASSERT_TRUE(full.ok());
  EXPECT_EQ(*full, "[<p>x&lt;y</p>]");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace render
