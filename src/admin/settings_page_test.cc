// The settings page's handlers called directly, with a hand-built Ctx: a real
// SQLite store, the real accounts service, the admin theme from the source
// tree and a live SiteSettings. (Routing, sign-in and CSRF are admin_handler's
// and covered by admin_routes_test.)

#include "admin/settings_page.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "accounts/accounts_service.h"
#include "accounts/roles.h"
#include "base/time_zone.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "settings/site_settings.h"
#include "store/store.h"
#include "support/temp_dir.h"
#include "web/site.h"

namespace admin {
namespace {

using Fields = std::vector<std::pair<std::string, std::string>>;

class SettingsPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::SqliteOptions o;
    o.path = dir_.File("admin.db");
    auto st = store::OpenSqliteStore(o);
    ASSERT_TRUE(st.ok()) << st.status().ToString();
    store_ = std::move(st).value();
    auto theme = render::Theme::Load(std::string(BROADSIDE_SOURCE_DIR) + "/themes/admin",
                                     catalog_, "/admin/assets/");
    ASSERT_TRUE(theme.ok()) << theme.status().ToString();
    theme_ = std::move(theme).value();
    accounts::AccountsOptions ao;
    ao.password_policy.ops_limit = 1;
    ao.password_policy.mem_limit = 64 * 1024;
    ao.password_policy.for_tests = true;
    accounts_ = std::make_unique<accounts::AccountsService>(store_->accounts(), clock_, ao);

    file_.name = "Test Org";
    file_.base_url = "https://example.org";
    settings_ = std::make_unique<settings::SiteSettings>(file_, store_->settings(), clock_);
    ASSERT_TRUE(settings_->Load().ok());
    site_deps_.site = settings_.get();
    site_deps_.catalog = &catalog_;
    site_deps_.time_zone = &tz_;
    deps_.site = &site_deps_;
    deps_.theme = theme_.get();
    deps_.accounts = accounts_.get();
    deps_.settings = settings_.get();

    const accounts::RoleSet admin = accounts::Bit(accounts::Role::kAdmin);
    auto id = accounts_->CreateUserWithPassword("ana@example.org", "Ana", admin,
                                                "correct horse battery staple",
                                                accounts::Actor::Cli());
    ASSERT_TRUE(id.ok()) << id.status().ToString();
    session_.user.id = *id;
    session_.user.email = "ana@example.org";
    session_.user.display_name = "Ana";
    session_.user.roles = admin;
    session_.csrf_token = "csrf-token";
  }
  void TearDown() override {
    if (store_) store_->Close();
  }

  // Calls `fn` as admin_handler would after its checks.
  AdminResult Call(AdminResult (*fn)(Ctx&), const Fields& fields = {}) {
    req_ = http::Request();
    req_.method = fields.empty() ? http::Method::kGet : http::Method::kPost;
    req_.method_text = fields.empty() ? "GET" : "POST";
    req_.target = req_.path = "/admin/settings";
    req_.remote_address = "192.0.2.1";
    Ctx c{deps_, req_, params_, {}, session_, "token", "en"};
    for (const auto& f : fields) c.form.form.fields.push_back(f);
    return fn(c);
  }

  // The form as the page would post it, with `changes` applied.
  Fields Form(int64_t version, const Fields& changes = {}) {
    const config::SiteConfig& s = *settings_->Current();
    Fields f = {{"csrf", "csrf-token"},
                {"version", std::to_string(version)},
                {"name", s.name},
                {"tagline", s.tagline},
                {"description", s.description},
                {"footer_statement", s.footer_statement},
                {"default_language", s.default_language},
                {"join_url", s.join_url},
                {"donate_url", s.donate_url}};
    // Plain fields replace the form's; link rows (nav_*, social_*) add rows.
    const size_t plain = f.size();
    for (const auto& [k, v] : changes) {
      bool replaced = false;
      for (size_t i = 0; i < plain; ++i) {
        auto& [fk, fv] = f[i];
        if (fk == k) {
          fv = v;
          replaced = true;
        }
      }
      if (!replaced) f.emplace_back(k, v);
    }
    return f;
  }

  int64_t AuditCount(const std::string& action) {
    store::AuditQuery q;
    q.action = action;
    auto n = accounts_->CountAudit(q);
    EXPECT_TRUE(n.ok()) << n.status().ToString();
    return n.ok() ? *n : -1;
  }

  test_support::TempDir dir_{"bs-settings-page"};
  base::FakeClock clock_{base::Time(std::chrono::seconds(1'800'000'000))};
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  base::TimeZone tz_ = base::TimeZone::Utc();
  std::unique_ptr<accounts::AccountsService> accounts_;
  config::SiteConfig file_;
  std::unique_ptr<settings::SiteSettings> settings_;
  web::SiteDeps site_deps_;
  AdminDeps deps_;
  accounts::SessionInfo session_;
  http::Request req_;
  web::Params params_;
};

std::string Location(const http::Response& r) {
  for (const auto& [k, v] : r.headers)
    if (k == "Location") return v;
  return "";
}

TEST_F(SettingsPageTest, FormShowsCurrentValuesVersionAndEmptyRows) {
  AdminResult r = Call(SettingsForm);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("value=\"Test Org\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"version\" value=\"0\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"nav_label\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"social_url\""), std::string::npos);
  EXPECT_NE(r->body.find("<option value=\"es\""), std::string::npos);
}

TEST_F(SettingsPageTest, SaveUpdatesTheLiveSiteAndAudits) {
  AdminResult r = Call(SettingsSave,
                       Form(0, {{"name", "  Renamed Org  "},
                                {"tagline", "New tagline"},
                                {"default_language", "es"},
                                {"nav_label", "Campaigns"}, {"nav_url", "/campaigns"},
                                {"nav_label", ""}, {"nav_url", ""},  // an empty row: ignored
                                {"social_label", "Mastodon"},
                                {"social_url", "https://social.example/@org"}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(Location(*r), "/admin/settings?done=saved");
  // What the public site reads on its next request.
  const config::SiteConfig& now = *site_deps_.site;
  EXPECT_EQ(now.name, "Renamed Org");
  EXPECT_EQ(now.tagline, "New tagline");
  EXPECT_EQ(now.default_language, "es");
  EXPECT_EQ(now.nav, (std::vector<config::NavLink>{{"Campaigns", "/campaigns"}}));
  EXPECT_EQ(now.social,
            (std::vector<config::NavLink>{{"Mastodon", "https://social.example/@org"}}));
  EXPECT_EQ(settings_->CurrentSnapshot().updated_by, "ana@example.org");
  EXPECT_EQ(AuditCount("settings.update"), 1);

  // A cleared row removes its link.
  r = Call(SettingsSave, Form(1, {{"nav_label", ""}, {"nav_url", ""}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 303);
  EXPECT_TRUE(site_deps_.site->nav.empty());
  EXPECT_EQ(AuditCount("settings.update"), 2);
}

TEST_F(SettingsPageTest, InvalidValueKeepsWhatWasTypedAndNamesTheField) {
  AdminResult r = Call(SettingsSave,
                       Form(0, {{"tagline", "Typed tagline"},
                                {"nav_label", "Good"}, {"nav_url", "/good"},
                                {"nav_label", "Bad link"}, {"nav_url", "javascript:alert(1)"}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("role=\"alert\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"Typed tagline\""), std::string::npos);
  EXPECT_NE(r->body.find("value=\"Bad link\""), std::string::npos);
  // The bad URL is the one marked invalid.
  const size_t bad = r->body.find("value=\"javascript:alert(1)\"");
  ASSERT_NE(bad, std::string::npos);
  const size_t invalid = r->body.find("aria-invalid=\"true\"");
  ASSERT_NE(invalid, std::string::npos);
  EXPECT_GT(invalid, bad);
  EXPECT_LT(invalid, r->body.find('>', bad));
  EXPECT_EQ(r->body.find("aria-invalid=\"true\"", invalid + 1), std::string::npos);
  // Nothing saved, nothing audited.
  EXPECT_EQ(site_deps_.site->tagline, file_.tagline);
  EXPECT_EQ(settings_->CurrentSnapshot().version, 0);
  EXPECT_EQ(AuditCount("settings.update"), 0);

  r = Call(SettingsSave, Form(0, {{"name", "   "}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  r = Call(SettingsSave, Form(0, {{"default_language", "fr"}}));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->status, 400);
  EXPECT_EQ(site_deps_.site->name, "Test Org");
}

TEST_F(SettingsPageTest, StaleVersionIs409WithTypedValuesAndTheNewVersion) {
  // Another admin (or node) saves first.
  settings::SiteEdit other = settings_->Editable();
  other.name = "Their name";
  ASSERT_TRUE(settings_->Update(other, 0, "luis@example.org").ok());

  AdminResult r = Call(SettingsSave, Form(0, {{"name", "My name"}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 409);
  EXPECT_NE(r->body.find("value=\"My name\""), std::string::npos);
  EXPECT_NE(r->body.find("name=\"version\" value=\"1\""), std::string::npos);
  EXPECT_EQ(site_deps_.site->name, "Their name");
  EXPECT_EQ(AuditCount("settings.update"), 0);

  // Saving again, knowingly, replaces theirs.
  r = Call(SettingsSave, Form(1, {{"name", "My name"}}));
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->status, 303);
  EXPECT_EQ(site_deps_.site->name, "My name");
}

TEST_F(SettingsPageTest, MalformedFormIsInvalidArgument) {
  Fields no_version = Form(0);
  no_version.erase(no_version.begin() + 1);
  EXPECT_TRUE(Call(SettingsSave, no_version).status().IsInvalidArgument());
  EXPECT_TRUE(Call(SettingsSave, Form(0, {{"nav_label", "Only a label"}}))
                  .status()
                  .IsInvalidArgument());  // unpaired rows: not our form
  EXPECT_EQ(settings_->CurrentSnapshot().version, 0);
}

TEST_F(SettingsPageTest, WithoutSettingsWiredIsUnavailable) {
  deps_.settings = nullptr;
  EXPECT_EQ(Call(SettingsForm).status().code(), base::StatusCode::kUnavailable);
  EXPECT_EQ(Call(SettingsSave, Form(0)).status().code(), base::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace admin
