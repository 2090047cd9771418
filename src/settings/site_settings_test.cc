// SiteSettings over a real SQLite store: the overlay, validation, the
// optimistic lock, and another node's edit arriving through Refresh().

#include "settings/site_settings.h"

#include <gtest/gtest.h>

#include <memory>

#include "store/store.h"
#include "support/temp_dir.h"

namespace settings {
namespace {

class SiteSettingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("settings.db");
    o.read_connections = 2;
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    file_.name = "From the file";
    file_.tagline = "File tagline";
    file_.base_url = "https://example.org";
    file_.nav = {{"Archive", "/archive"}};
  }
  void TearDown() override {
    if (store_) store_->Close();
  }
  std::unique_ptr<SiteSettings> Make() {
    auto s = std::make_unique<SiteSettings>(file_, store_->settings(), clock_);
    EXPECT_TRUE(s->Load().ok());
    return s;
  }

  test_support::TempDir dir_{"bs-settings"};
  base::FakeClock clock_{base::Time(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<store::Store> store_;
  config::SiteConfig file_;
};

TEST_F(SiteSettingsTest, StartsWithTheFileValues) {
  auto s = Make();
  EXPECT_EQ(*s->Current(), file_);
  EXPECT_EQ(s->CurrentSnapshot().version, 0);
}

TEST_F(SiteSettingsTest, UpdateOverlaysOnlyTheEditableFields) {
  auto s = Make();
  const config::SiteConfig* before = s->Current();
  SiteEdit e = s->Editable();
  e.name = "Comité de Prensa";
  e.tagline = "Nueva línea";
  e.default_language = "es";
  e.nav = {{"Donar", "/donate"}, {"Archivo", "https://archive.example.org"}};
  e.social = {{"Mastodon", "https://social.example/@prensa"}};
  e.footer_statement = "Publicado por sus socios.";
  ASSERT_TRUE(s->Update(e, 0, "ana@example.org").ok());

  const config::SiteConfig& now = *s->Current();
  EXPECT_EQ(now.name, "Comité de Prensa");
  EXPECT_EQ(now.tagline, "Nueva línea");
  EXPECT_EQ(now.default_language, "es");
  EXPECT_EQ(now.nav, e.nav);
  EXPECT_EQ(now.social, e.social);
  EXPECT_EQ(now.footer_statement, e.footer_statement);
  EXPECT_EQ(now.base_url, file_.base_url);  // not editable: the file's
  EXPECT_EQ(now.languages, file_.languages);
  EXPECT_EQ(s->CurrentSnapshot().version, 1);
  EXPECT_EQ(s->CurrentSnapshot().updated_by, "ana@example.org");
  EXPECT_EQ(s->CurrentSnapshot().updated_at, clock_.Now());
  // An older snapshot a request still holds stays readable.
  EXPECT_EQ(before->name, "From the file");

  // A fresh instance (a restart) reads it back from the store.
  auto restarted = Make();
  EXPECT_EQ(*restarted->Current(), now);
  EXPECT_EQ(restarted->Editable(), e);
}

TEST_F(SiteSettingsTest, InvalidEditNamesTheFieldAndChangesNothing) {
  auto s = Make();
  struct Case {
    void (*edit)(SiteEdit&);
    const char* field;
  };
  const Case cases[] = {
      {[](SiteEdit& e) { e.name = ""; }, "name"},
      {[](SiteEdit& e) { e.default_language = "fr"; }, "default_language"},
      {[](SiteEdit& e) { e.nav.push_back({"Bad", "javascript:alert(1)"}); }, "nav[1].url"},
      {[](SiteEdit& e) { e.social = {{"", "https://x.example"}}; }, "social[0].label"},
      {[](SiteEdit& e) { e.join_url = "join"; }, "join_url"},
  };
  for (const Case& c : cases) {
    SiteEdit e = s->Editable();
    c.edit(e);
    std::string field;
    base::Status st = s->Update(e, 0, "ana", &field);
    EXPECT_TRUE(st.IsInvalidArgument()) << c.field << ": " << st.ToString();
    EXPECT_EQ(field, c.field);
  }
  EXPECT_EQ(*s->Current(), file_);
  auto stored = store_->settings().GetSiteSettings();
  ASSERT_TRUE(stored.ok());
  EXPECT_FALSE(stored->has_value());
}

TEST_F(SiteSettingsTest, StaleVersionIsConflict) {
  auto s = Make();
  SiteEdit e = s->Editable();
  e.name = "First";
  ASSERT_TRUE(s->Update(e, 0, "ana").ok());
  e.name = "Second";
  ASSERT_TRUE(s->Update(e, 1, "ana").ok());
  e.name = "Late";
  EXPECT_TRUE(s->Update(e, 1, "luis").IsConflict());
  EXPECT_EQ(s->Current()->name, "Second");
  EXPECT_EQ(s->CurrentSnapshot().version, 2);
}

TEST_F(SiteSettingsTest, RefreshPicksUpAnotherNodesEdit) {
  auto node_a = Make();
  auto node_b = Make();
  SiteEdit e = node_a->Editable();
  e.name = "Saved on A";
  e.social = {{"Video", "https://video.example/org"}};
  ASSERT_TRUE(node_a->Update(e, 0, "ana").ok());
  EXPECT_EQ(node_b->Current()->name, "From the file");  // until it polls

  const config::SiteConfig* old_b = node_b->Current();
  ASSERT_TRUE(node_b->Refresh().ok());
  EXPECT_EQ(node_b->Current()->name, "Saved on A");
  EXPECT_EQ(node_b->Current()->social, e.social);
  EXPECT_EQ(node_b->CurrentSnapshot().version, 1);
  EXPECT_EQ(old_b->name, "From the file");

  // Nothing new: the snapshot stays the same object.
  const config::SiteConfig* same = node_b->Current();
  ASSERT_TRUE(node_b->Refresh().ok());
  EXPECT_EQ(node_b->Current(), same);

  // B saving with A's version works; A then saving with its stale one does not.
  e.name = "Saved on B";
  ASSERT_TRUE(node_b->Update(e, 1, "luis").ok());
  e.name = "A again";
  EXPECT_TRUE(node_a->Update(e, 1, "ana").IsConflict());
  ASSERT_TRUE(node_a->Refresh().ok());
  EXPECT_EQ(node_a->Current()->name, "Saved on B");
}

TEST_F(SiteSettingsTest, StoredDocumentTheConfigNoLongerAllowsKeepsTheFile) {
  // Saved when "fr" was configured; the file now lists only en and es.
  ASSERT_TRUE(store_->settings()
                  .PutSiteSettings(R"({"name":"X","default_language":"fr"})", 0, clock_.Now(), "")
                  .ok());
  SiteSettings s(file_, store_->settings(), clock_);
  EXPECT_TRUE(s.Load().IsInvalidArgument());
  EXPECT_EQ(*s.Current(), file_);
}

TEST_F(SiteSettingsTest, JsonRoundTripsAndToleratesUnknownOrMissingKeys) {
  SiteEdit e;
  e.name = "N \"quoted\" \\ ñ";
  e.default_language = "en";
  e.nav = {{"A", "/a"}};
  auto back = SiteSettings::FromJson(SiteSettings::ToJson(e), SiteEdit{});
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(*back, e);

  SiteEdit fallback;
  fallback.tagline = "kept";
  auto partial = SiteSettings::FromJson(R"({"name":"Only","future_key":[1,2]})", fallback);
  ASSERT_TRUE(partial.ok()) << partial.status().ToString();
  EXPECT_EQ(partial->name, "Only");
  EXPECT_EQ(partial->tagline, "kept");

  EXPECT_TRUE(SiteSettings::FromJson("{not json", {}).status().IsInvalidArgument());
  EXPECT_TRUE(SiteSettings::FromJson("[]", {}).status().IsInvalidArgument());
  EXPECT_TRUE(SiteSettings::FromJson(R"({"name":3})", {}).status().IsInvalidArgument());
  EXPECT_TRUE(SiteSettings::FromJson(R"({"nav":[{"label":1}]})", {}).status().IsInvalidArgument());
  EXPECT_TRUE(SiteSettings::FromJson(R"({"social":"x"})", {}).status().IsInvalidArgument());
}

}  // namespace
}  // namespace settings
