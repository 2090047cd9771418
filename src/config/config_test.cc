#include "config/config.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"

namespace config {
namespace {

namespace fs = std::filesystem;
using Env = std::map<std::string, std::string>;

class ConfigTest : public ::testing::Test {
 protected:
  std::string Path() const { return (dir_ / "broadside.toml").string(); }
  void WriteToml(const std::string& text) { std::ofstream(Path(), std::ios::binary) << text; }
  base::Result<Config> Load(const std::string& text, const Env& env = {}) {
    WriteToml(text);
    return LoadConfig(dir_.string(), env);
  }
  // Expects InvalidArgument naming `key` (and the file, unless the key is an
  // environment variable).
  void ExpectInvalid(const std::string& text, const std::string& key, const Env& env = {}) {
    base::Result<Config> c = Load(text, env);
    ASSERT_FALSE(c.ok()) << "accepted: " << text;
    EXPECT_TRUE(c.status().IsInvalidArgument()) << c.status().ToString();
    EXPECT_NE(c.status().message().find(key), std::string::npos)
        << "'" << key << "' not in: " << c.status().message();
    if (key.rfind("BROADSIDE_", 0) != 0) {
      EXPECT_NE(c.status().message().find(Path()), std::string::npos) << c.status().message();
    }
    EXPECT_EQ(c.status().message().find('\n'), std::string::npos) << c.status().message();
  }

  test_support::TempDir tmp_{"bs-config"};
  fs::path dir_{tmp_.path()};
};

TEST_F(ConfigTest, EmptyFileGivesDefaults) {
  base::Result<Config> c = Load("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  Config want;
  want.data_dir = dir_.string();
  EXPECT_EQ(*c, want);
  EXPECT_TRUE(c->theme_dir.empty());
  EXPECT_EQ(c->SqlitePath(), (dir_ / "broadside.db").string());
  EXPECT_EQ(c->MediaDir(), (dir_ / "media").string());
}

TEST_F(ConfigTest, DefaultTomlParsesBackToDefaults) {
  const std::string name = "Comité \"Solidaridad\" \\ 2026";
  base::Result<Config> c = Load(DefaultConfigToml(name));
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  Config want;
  want.data_dir = dir_.string();
  want.site.name = name;
  EXPECT_EQ(*c, want);
}

TEST_F(ConfigTest, DefaultTomlMentionsEveryKeyAndOverride) {
  const std::string toml = DefaultConfigToml("X");
  for (const char* key : {"name",
                          "tagline",
                          "base_url",
                          "default_language",
                          "languages",
                          "time_zone",
                          "description",
                          "footer_statement",
                          "page_size",
                          "join_url",
                          "donate_url",
                          "[[site.nav]]",
                          "[[site.social]]",
                          "listen",
                          "threads",
                          "header_timeout_seconds",
                          "body_timeout_seconds",
                          "idle_timeout_seconds",
                          "max_body_bytes",
                          "max_header_bytes",
                          "max_request_line_bytes",
                          "max_connections",
                          "max_requests_per_connection",
                          "shutdown_grace_seconds",
                          "driver",
                          "sqlite_path",
                          "read_connections",
                          "[theme]",
                          "dir",
                          "[accounts]",
                          "session_idle_minutes",
                          "session_absolute_minutes",
                          "login_attempts_per_minute",
                          "login_failures_per_hour",
                          "[mail]",
                          "smtp_url",
                          "smtp_username",
                          "smtp_password",
                          "starttls",
                          "from_address",
                          "from_name",
                          "reply_to",
                          "[search]",
                          "rank_window",
                          "cache_entries",
                          "[mailbag]",
                          "questions_per_hour",
                          "min_fill_seconds",
                          "[members]",
                          "require_approval",
                          "optional_questions",
                          "deletion_grace_days",
                          "[[members.types]]"}) {
    EXPECT_NE(toml.find(key), std::string::npos) << key;
  }
  for (const auto& [var, key] : EnvOverrides()) EXPECT_NE(toml.find(var), std::string::npos) << var;
}

TEST_F(ConfigTest, FullFile) {
  base::Result<Config> c = Load(R"(
[site]
name = "Prensa Obrera"
tagline = "Periódico"
base_url = "https://example.org/news/"
default_language = "es"
languages = ["es", "en", "pt-BR"]
time_zone = "America/Argentina/Buenos_Aires"
description = "d"
footer_statement = "f"
page_size = 25
[[site.nav]]
label = "Donar"
url = "/donate"
[[site.nav]]
label = "Archivo"
url = "https://archive.example.org"
[[site.social]]
label = "Mastodon"
url = "https://social.example/@prensa"

[server]
listen = "[::1]:0"
threads = 2
header_timeout_seconds = 5
body_timeout_seconds = 6
idle_timeout_seconds = 7
max_body_bytes = 100
max_header_bytes = 200
max_request_line_bytes = 300
max_connections = 40
max_requests_per_connection = 50
shutdown_grace_seconds = 0

[store]
driver = "sqlite"
sqlite_path = "/var/lib/broadside/site.db"
read_connections = 2

[theme]
dir = "themes/mine"
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->site.name, "Prensa Obrera");
  EXPECT_EQ(c->site.base_url, "https://example.org/news");  // trailing slash stripped
  EXPECT_EQ(c->site.default_language, "es");
  EXPECT_EQ(c->site.languages, (std::vector<std::string>{"es", "en", "pt-BR"}));
  EXPECT_EQ(c->site.page_size, 25);
  ASSERT_EQ(c->site.nav.size(), 2u);
  EXPECT_EQ(c->site.nav[1].url, "https://archive.example.org");
  EXPECT_EQ(c->site.social,
            (std::vector<NavLink>{{"Mastodon", "https://social.example/@prensa"}}));
  EXPECT_EQ(c->server.host, "::1");
  EXPECT_EQ(c->server.port, 0);
  EXPECT_EQ(c->server.threads, 2);
  EXPECT_EQ(c->server.header_timeout, std::chrono::seconds(5));
  EXPECT_EQ(c->server.idle_timeout, std::chrono::seconds(7));
  EXPECT_EQ(c->server.max_request_line, 300);
  EXPECT_EQ(c->server.max_requests_per_connection, 50);
  EXPECT_EQ(c->server.shutdown_grace, std::chrono::seconds(0));
  EXPECT_EQ(c->SqlitePath(), "/var/lib/broadside/site.db");
  EXPECT_EQ(c->store.read_connections, 2);
  EXPECT_EQ(c->theme_dir, (dir_ / "themes/mine").string());
}

TEST_F(ConfigTest, MissingFileIsNotFoundWithPath) {
  base::Result<Config> c = LoadConfig(dir_.string(), {});
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.status().IsNotFound()) << c.status().ToString();
  EXPECT_NE(c.status().message().find(Path()), std::string::npos);
}

TEST_F(ConfigTest, DataDirIsMadeAbsolute) {
  WriteToml("");
  const fs::path old = fs::current_path();
  fs::current_path(dir_.parent_path());
  base::Result<Config> c = LoadConfig(dir_.filename().string() + "/", {});
  fs::current_path(old);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->data_dir, dir_.string());
}

TEST_F(ConfigTest, BadSyntaxNamesFileAndLine) {
  base::Result<Config> c = Load("[site]\nname = \"ok\"\npage_size = = 3\n");
  ASSERT_FALSE(c.ok());
  EXPECT_TRUE(c.status().IsInvalidArgument());
  EXPECT_NE(c.status().message().find(Path() + ":3"), std::string::npos) << c.status().message();
  EXPECT_EQ(c.status().message().find('\n'), std::string::npos);
}

TEST_F(ConfigTest, UnknownKeysAndTablesAreErrors) {
  ExpectInvalid("[site]\nnmae = \"typo\"\n", "site.nmae");
  ExpectInvalid("[server]\nport = 8080\n", "server.port");
  ExpectInvalid("[sites]\nname = \"x\"\n", "sites");
  ExpectInvalid("top = 1\n", "top");
  ExpectInvalid("[site.extra]\nx = 1\n", "site.extra");
  ExpectInvalid("[[site.nav]]\nlabel = \"a\"\nurl = \"/a\"\ntarget = \"_blank\"\n",
                "site.nav[0].target");
}

TEST_F(ConfigTest, WrongTypes) {
  ExpectInvalid("[site]\nname = 3\n", "site.name");
  ExpectInvalid("[site]\npage_size = \"10\"\n", "site.page_size");
  ExpectInvalid("[site]\npage_size = 10.0\n", "site.page_size");
  ExpectInvalid("[site]\nlanguages = \"en\"\n", "site.languages");
  ExpectInvalid("[site]\nlanguages = [\"en\", 1]\n", "site.languages");
  ExpectInvalid("site = 1\n", "site");
  ExpectInvalid("[site]\nnav = \"x\"\n", "site.nav");
}

TEST_F(ConfigTest, SiteValidation) {
  ExpectInvalid("[site]\nname = \"  \"\n", "site.name");
  for (const char* url :
       {"example.org", "ftp://example.org", "http://", "http:///x", "https://exa mple.org",
        "http://example.org:0", "http://example.org:99999", "http://example.org:",
        "http://example.org/a?b=1", "http://example.org//", "http://[zz]/"}) {
    ExpectInvalid(std::string("[site]\nbase_url = \"") + url + "\"\n", "site.base_url");
  }
  ExpectInvalid("[site]\nlanguages = []\n", "site.languages");
  ExpectInvalid("[site]\nlanguages = [\"english\"]\n", "site.languages");
  ExpectInvalid("[site]\nlanguages = [\"EN\"]\n", "site.languages");
  ExpectInvalid("[site]\nlanguages = [\"pt-br\"]\n", "site.languages");
  ExpectInvalid("[site]\nlanguages = [\"en\", \"en\"]\n", "site.languages");
  ExpectInvalid("[site]\ndefault_language = \"fr\"\n", "site.default_language");
  ExpectInvalid("[site]\ntime_zone = \"Mars/Base\"\n", "site.time_zone");
  ExpectInvalid("[site]\ntime_zone = \"../etc/passwd\"\n", "site.time_zone");
  ExpectInvalid("[site]\npage_size = 0\n", "site.page_size");
  ExpectInvalid("[site]\npage_size = 101\n", "site.page_size");
  ExpectInvalid("[[site.nav]]\nlabel = \"\"\nurl = \"/a\"\n", "site.nav[0].label");
  ExpectInvalid("[[site.nav]]\nlabel = \"a\"\nurl = \"javascript:alert(1)\"\n", "site.nav[0].url");
  ExpectInvalid("[[site.nav]]\nlabel = \"a\"\nurl = \"//evil.example\"\n", "site.nav[0].url");
  ExpectInvalid("[[site.social]]\nlabel = \"\"\nurl = \"https://x.example\"\n",
                "site.social[0].label");
  ExpectInvalid("[[site.social]]\nlabel = \"a\"\nurl = \"ftp://x.example\"\n",
                "site.social[0].url");
  ExpectInvalid("[[site.social]]\nlabel = \"a\"\nurl = \"/a\"\nicon = \"m\"\n",
                "site.social[0].icon");
  ExpectInvalid("[site]\nsocial = \"x\"\n", "site.social");
  ExpectInvalid("[site]\njoin_url = \"javascript:alert(1)\"\n", "site.join_url");
  ExpectInvalid("[site]\ndonate_url = \"//evil.example\"\n", "site.donate_url");
}

TEST_F(ConfigTest, CallToActionUrls) {
  base::Result<Config> c =
      Load("[site]\njoin_url = \"/join\"\ndonate_url = \"https://give.example.org/wa\"\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->site.join_url, "/join");
  EXPECT_EQ(c->site.donate_url, "https://give.example.org/wa");
  base::Result<Config> defaults = Load("");
  ASSERT_TRUE(defaults.ok());
  EXPECT_TRUE(defaults->site.join_url.empty());
}

TEST_F(ConfigTest, BaseUrlForms) {
  for (const auto& [in, want] : std::vector<std::pair<std::string, std::string>>{
           {"http://example.org", "http://example.org"},
           {"https://example.org/", "https://example.org"},
           {"http://127.0.0.1:8080/", "http://127.0.0.1:8080"},
           {"https://[::1]:8443/site/", "https://[::1]:8443/site"},
           {"https://example.org/a/b", "https://example.org/a/b"}}) {
    base::Result<Config> c = Load("[site]\nbase_url = \"" + in + "\"\n");
    ASSERT_TRUE(c.ok()) << in << ": " << c.status().ToString();
    EXPECT_EQ(c->site.base_url, want);
  }
}

TEST_F(ConfigTest, ServerValidation) {
  ExpectInvalid("[server]\nlisten = \"127.0.0.1:99999\"\n", "server.listen");
  ExpectInvalid("[server]\nlisten = \"localhost\"\n", "server.listen");
  ExpectInvalid("[server]\nlisten = 8080\n", "server.listen");
  ExpectInvalid("[server]\nthreads = -1\n", "server.threads");
  for (const char* key : {"header_timeout_seconds", "body_timeout_seconds", "idle_timeout_seconds",
                          "max_body_bytes", "max_header_bytes", "max_request_line_bytes",
                          "max_connections", "max_requests_per_connection"}) {
    ExpectInvalid(std::string("[server]\n") + key + " = 0\n", std::string("server.") + key);
    ExpectInvalid(std::string("[server]\n") + key + " = -5\n", std::string("server.") + key);
  }
  ExpectInvalid("[server]\nshutdown_grace_seconds = -1\n", "server.shutdown_grace_seconds");
  ExpectInvalid("[server]\nmax_connections = 9999999999999\n", "server.max_connections");
}

TEST_F(ConfigTest, StoreAndThemeValidation) {
  ExpectInvalid("[store]\ndriver = \"postgres\"\n", "store.driver");
  ExpectInvalid("[store]\ndriver = \"mysql\"\n", "store.driver");
  ExpectInvalid("[store]\nsqlite_path = \"\"\n", "store.sqlite_path");
  ExpectInvalid("[store]\nread_connections = 0\n", "store.read_connections");
  ExpectInvalid("[theme]\ndir = 1\n", "theme.dir");
  ExpectInvalid("[theme]\npath = \"x\"\n", "theme.path");

  base::Result<Config> c = Load("[theme]\ndir = \"/opt/theme\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->theme_dir, "/opt/theme");
  c = Load("[theme]\ndir = \"\"\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->theme_dir, "");
}

TEST_F(ConfigTest, AccountsAndMail) {
  base::Result<Config> c = Load(R"(
[accounts]
session_idle_minutes = 30
session_absolute_minutes = 480
login_attempts_per_minute = 5
login_failures_per_hour = 20
[mail]
smtp_url = "smtp://127.0.0.1:2525"
starttls = "required"
from_address = "news@example.org"
from_name = "Comité"
reply_to = "office@example.org"
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->accounts.session_idle, std::chrono::minutes(30));
  EXPECT_EQ(c->accounts.session_absolute, std::chrono::hours(8));
  EXPECT_EQ(c->accounts.login_attempts_per_minute, 5);
  EXPECT_EQ(c->accounts.login_failures_per_hour, 20);
  EXPECT_EQ(c->mail.smtp_url, "smtp://127.0.0.1:2525");
  EXPECT_EQ(c->mail.starttls, "required");
  EXPECT_EQ(c->mail.from_address, "news@example.org");
  EXPECT_EQ(c->mail.from_name, "Comité");
  EXPECT_EQ(c->mail.reply_to, "office@example.org");

  ExpectInvalid("[accounts]\nsession_idle_minutes = 1\n", "accounts.session_idle_minutes");
  ExpectInvalid("[accounts]\nsession_idle_minutes = 600\nsession_absolute_minutes = 60\n",
                "accounts.session_idle_minutes");
  ExpectInvalid("[accounts]\nlogin_attempts_per_minute = 0\n", "accounts.login_attempts_per_minute");
  ExpectInvalid("[mail]\nsmtp_url = \"http://mail\"\nfrom_address = \"a@b.c\"\n", "mail.smtp_url");
  ExpectInvalid("[mail]\nsmtp_url = \"smtp://mail\"\n", "mail.from_address");
  ExpectInvalid("[mail]\nfrom_address = \"not an address\"\n", "mail.from_address");
  ExpectInvalid("[mail]\nfrom_address = \"a@b.c\\r\\nBcc: x@y.z\"\n", "mail.from_address");
  ExpectInvalid("[mail]\nstarttls = \"maybe\"\n", "mail.starttls");
  ExpectInvalid("[mail]\nsmtp_host = \"x\"\n", "mail.smtp_host");

  c = Load("", Env{{"BROADSIDE_SMTP_URL", "smtps://mail.example:465"},
                   {"BROADSIDE_SMTP_PASSWORD", "s3cret"},
                   {"BROADSIDE_MAIL_FROM", "news@example.org"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->mail.smtp_url, "smtps://mail.example:465");
  EXPECT_EQ(c->mail.smtp_password, "s3cret");
  ExpectInvalid("", "BROADSIDE_SMTP_URL", Env{{"BROADSIDE_SMTP_URL", "mail.example"}});
  // The field key may come from the environment (checked when it is loaded).
  EXPECT_EQ(c->field_key_base64, "");
  c = Load("", Env{{"BROADSIDE_FIELD_KEY", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->field_key_base64, "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
}

TEST_F(ConfigTest, Mailbag) {
  base::Result<Config> c = Load("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->mailbag.questions_per_hour, 5);
  EXPECT_EQ(c->mailbag.min_fill_time, std::chrono::seconds(3));
  c = Load("[mailbag]\nquestions_per_hour = 20\nmin_fill_seconds = 0\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->mailbag.questions_per_hour, 20);
  EXPECT_EQ(c->mailbag.min_fill_time, std::chrono::seconds(0));
  ExpectInvalid("[mailbag]\nquestions_per_hour = 0\n", "mailbag.questions_per_hour");
  ExpectInvalid("[mailbag]\nmin_fill_seconds = 61\n", "mailbag.min_fill_seconds");
  ExpectInvalid("[mailbag]\nmin_fill_seconds = \"3\"\n", "mailbag.min_fill_seconds");
  ExpectInvalid("[mailbag]\nquestions = 3\n", "mailbag.questions");
}

TEST_F(ConfigTest, Search) {
  base::Result<Config> c = Load("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->search.rank_window, 1000);
  EXPECT_EQ(c->search.cache_entries, 1024);
  c = Load("[search]\nrank_window = 0\ncache_entries = 0\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->search.rank_window, 0);
  EXPECT_EQ(c->search.cache_entries, 0);
  ExpectInvalid("[search]\ncache_entries = -1\n", "search.cache_entries");
  c = Load("[search]\nrank_window = 250\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->search.rank_window, 250);
  ExpectInvalid("[search]\nrank_window = -1\n", "search.rank_window");
  ExpectInvalid("[search]\nrank_window = 1000001\n", "search.rank_window");
  ExpectInvalid("[search]\nrank_window = \"big\"\n", "search.rank_window");
  ExpectInvalid("[search]\nwindow = 3\n", "search.window");
}

TEST_F(ConfigTest, Members) {
  base::Result<Config> c = Load("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->members.require_approval);
  ASSERT_EQ(c->members.types.size(), 1u);
  EXPECT_EQ(c->members.types[0].slug, "regular");
  EXPECT_EQ(c->members.deletion_grace_days, 14);
  c = Load(R"(
[members]
require_approval = true
optional_questions = ["union", "heard_from"]
deletion_grace_days = 0
joins_per_hour = 600
[[members.types]]
slug = "regular"
name = "Regular"
[[members.types]]
slug = "reduced"
name = "Reduced: unwaged"
monthly_dues_minor = 500
)");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->members.require_approval);
  EXPECT_EQ(c->members.optional_questions, (std::vector<std::string>{"union", "heard_from"}));
  EXPECT_EQ(c->members.deletion_grace_days, 0);
  ASSERT_EQ(c->members.types.size(), 2u);
  EXPECT_EQ(c->members.types[1].name, "Reduced: unwaged");
  EXPECT_EQ(c->members.types[0].monthly_dues_minor, 0);
  EXPECT_EQ(c->members.types[1].monthly_dues_minor, 500);
  EXPECT_EQ(c->members.joins_per_hour, 600);
  ExpectInvalid("[members]\njoins_per_hour = 0\n", "members.joins_per_hour");
  ExpectInvalid("[[members.types]]\nslug = \"x\"\nname = \"X\"\nmonthly_dues_minor = -1\n",
                "members.types[0].monthly_dues_minor");
  ExpectInvalid("[[members.types]]\nslug = \"x\"\nname = \"X\"\nmonthly_dues_minor = 5.5\n",
                "members.types[0].monthly_dues_minor");
  ExpectInvalid("[members]\nrequire_approval = 1\n", "members.require_approval");
  ExpectInvalid("[members]\ndeletion_grace_days = 91\n", "members.deletion_grace_days");
  ExpectInvalid("[members]\noptional_questions = \"union\"\n", "members.optional_questions");
  ExpectInvalid("[members]\ntypes = []\n", "members.types");
  ExpectInvalid("[[members.types]]\nslug = \"Bad Slug\"\nname = \"X\"\n", "members.types[0].slug");
  ExpectInvalid("[[members.types]]\nslug = \"x\"\nname = \"\"\n", "members.types[0].name");
  ExpectInvalid("[[members.types]]\nslug = \"x\"\nname = \"X\"\n[[members.types]]\nslug = \"x\"\nname = \"Y\"\n",
                "members.types[1].slug");
  ExpectInvalid("[members]\nfee = 3\n", "members.fee");
}

TEST_F(ConfigTest, EnvOverridesWinOverFile) {
  const std::string toml = R"(
[site]
name = "From file"
base_url = "https://file.example"
default_language = "en"
time_zone = "Europe/Madrid"
[server]
listen = "127.0.0.1:8080"
threads = 4
[store]
sqlite_path = "file.db"
[theme]
dir = "file-theme"
)";
  base::Result<Config> c = Load(toml, Env{{"BROADSIDE_SITE_NAME", "From env"},
                                          {"BROADSIDE_BASE_URL", "http://env.example:81/"},
                                          {"BROADSIDE_LISTEN", ":0"},
                                          {"BROADSIDE_THREADS", "1"},
                                          {"BROADSIDE_TIME_ZONE", "America/New_York"},
                                          {"BROADSIDE_SQLITE_PATH", "env.db"},
                                          {"BROADSIDE_THEME_DIR", "/env/theme"},
                                          {"BROADSIDE_DEFAULT_LANGUAGE", "es"},
                                          {"BROADSIDE_BIN", "/ignored/unknown/variable"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->site.name, "From env");
  EXPECT_EQ(c->site.base_url, "http://env.example:81");
  EXPECT_EQ(c->server.host, "0.0.0.0");
  EXPECT_EQ(c->server.port, 0);
  EXPECT_EQ(c->server.threads, 1);
  EXPECT_EQ(c->site.time_zone, "America/New_York");
  EXPECT_EQ(c->SqlitePath(), (dir_ / "env.db").string());
  EXPECT_EQ(c->theme_dir, "/env/theme");
  EXPECT_EQ(c->site.default_language, "es");

  // Without the environment the file's values stand.
  c = Load(toml);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->site.name, "From file");
  EXPECT_EQ(c->server.threads, 4);
  EXPECT_EQ(c->theme_dir, (dir_ / "file-theme").string());
}

TEST_F(ConfigTest, BadEnvValuesNameTheVariable) {
  ExpectInvalid("", "BROADSIDE_LISTEN", Env{{"BROADSIDE_LISTEN", "host:99999"}});
  ExpectInvalid("", "BROADSIDE_THREADS", Env{{"BROADSIDE_THREADS", "two"}});
  ExpectInvalid("", "BROADSIDE_THREADS", Env{{"BROADSIDE_THREADS", "99999999999999999999"}});
  ExpectInvalid("", "BROADSIDE_BASE_URL", Env{{"BROADSIDE_BASE_URL", "example.org"}});
  ExpectInvalid("", "BROADSIDE_TIME_ZONE", Env{{"BROADSIDE_TIME_ZONE", "Nowhere/City"}});
  ExpectInvalid("", "BROADSIDE_SITE_NAME", Env{{"BROADSIDE_SITE_NAME", ""}});
  ExpectInvalid("", "BROADSIDE_SQLITE_PATH", Env{{"BROADSIDE_SQLITE_PATH", ""}});
  ExpectInvalid("", "BROADSIDE_DEFAULT_LANGUAGE", Env{{"BROADSIDE_DEFAULT_LANGUAGE", "fr"}});
}

TEST(ParseListenTest, Valid) {
  std::string host;
  uint16_t port = 1;
  ASSERT_TRUE(ParseListen("[::1]:0", &host, &port).ok());
  EXPECT_EQ(host, "::1");
  EXPECT_EQ(port, 0);
  ASSERT_TRUE(ParseListen(":8080", &host, &port).ok());
  EXPECT_EQ(host, "0.0.0.0");
  EXPECT_EQ(port, 8080);
  ASSERT_TRUE(ParseListen("127.0.0.1:65535", &host, &port).ok());
  EXPECT_EQ(host, "127.0.0.1");
  EXPECT_EQ(port, 65535);
  ASSERT_TRUE(ParseListen("localhost:80", &host, &port).ok());
  EXPECT_EQ(host, "localhost");
  ASSERT_TRUE(ParseListen("[::]:443", &host, &port).ok());
  EXPECT_EQ(host, "::");
}

TEST(ParseListenTest, Invalid) {
  for (const char* bad :
       {"host", "host:99999", "host:65536", "host:", "host:-1", "host:+80", "host:8o", "::1:8080",
        "[::1]", "[::1]8080", "[::1:80", "[]:80", "bad host:80", "", ":", "h:123456"}) {
    std::string host = "unchanged";
    uint16_t port = 7;
    const base::Status s = ParseListen(bad, &host, &port);
    EXPECT_TRUE(s.IsInvalidArgument()) << bad;
    EXPECT_EQ(host, "unchanged") << bad;
    EXPECT_EQ(port, 7) << bad;
  }
}

TEST(EnvTest, EnvOverridesListsEachVariableOnce) {
  const auto& list = EnvOverrides();
  EXPECT_EQ(list.size(), 14u);
  for (const char* var : {"BROADSIDE_STRIPE_SECRET_KEY", "BROADSIDE_STRIPE_WEBHOOK_SECRETS",
                          "BROADSIDE_SITE_NAME", "BROADSIDE_BASE_URL", "BROADSIDE_LISTEN",
                          "BROADSIDE_THREADS", "BROADSIDE_TIME_ZONE", "BROADSIDE_SQLITE_PATH",
                          "BROADSIDE_THEME_DIR", "BROADSIDE_DEFAULT_LANGUAGE",
                          "BROADSIDE_SMTP_URL", "BROADSIDE_SMTP_USERNAME",
                          "BROADSIDE_SMTP_PASSWORD", "BROADSIDE_MAIL_FROM"}) {
    int seen = 0;
    for (const auto& [v, key] : list) seen += v == var ? 1 : 0;
    EXPECT_EQ(seen, 1) << var;
  }
}

TEST(EnvTest, BroadsideEnvironmentReadsOnlyBroadsideVariables) {
  ASSERT_EQ(::setenv("BROADSIDE_CONFIG_TEST_VAR", "a=b", 1), 0);
  ASSERT_EQ(::setenv("NOT_BROADSIDE_CONFIG_TEST_VAR", "x", 1), 0);
  const Env env = BroadsideEnvironment();
  ::unsetenv("BROADSIDE_CONFIG_TEST_VAR");
  ::unsetenv("NOT_BROADSIDE_CONFIG_TEST_VAR");
  ASSERT_EQ(env.count("BROADSIDE_CONFIG_TEST_VAR"), 1u);
  EXPECT_EQ(env.at("BROADSIDE_CONFIG_TEST_VAR"), "a=b");
  for (const auto& [k, v] : env) EXPECT_EQ(k.rfind("BROADSIDE_", 0), 0u) << k;
}

// The checks the back office's settings form runs: each failure names the
// field, the way the file's errors do.
TEST(ValidateEditableSiteTest, AcceptsDefaultsAndNamesTheBadField) {
  SiteConfig site;
  EXPECT_TRUE(ValidateEditableSite(site).ok());
  site.nav = {{"Donate", "/donate"}};
  site.social = {{"Mastodon", "https://social.example/@org"}};
  site.join_url = "https://join.example.org";
  EXPECT_TRUE(ValidateEditableSite(site).ok());

  auto expect_bad = [](const SiteConfig& s, const std::string& field) {
    std::string bad;
    base::Status st = ValidateEditableSite(s, &bad);
    EXPECT_TRUE(st.IsInvalidArgument()) << st.ToString();
    EXPECT_EQ(bad, field);
    EXPECT_NE(st.message().find("site." + field), std::string::npos) << st.message();
  };
  SiteConfig s = site;
  s.name = "  ";
  expect_bad(s, "name");
  s = site;
  s.name = std::string(201, 'x');
  expect_bad(s, "name");
  s = site;
  s.footer_statement = std::string(2001, 'x');
  expect_bad(s, "footer_statement");
  s = site;
  s.default_language = "fr";  // not among site.languages
  expect_bad(s, "default_language");
  s = site;
  s.donate_url = "javascript:alert(1)";
  expect_bad(s, "donate_url");
  s = site;
  s.nav.push_back({"", "/x"});
  expect_bad(s, "nav[1].label");
  s = site;
  s.social.push_back({"X", "//evil.example"});
  expect_bad(s, "social[1].url");
  s = site;
  s.social.assign(31, {"X", "/x"});
  expect_bad(s, "social");
}


// ---- [donations] ---------------------------------------------------------------

TEST_F(ConfigTest, DonationsDefaultsAreOffWithUsDefaults) {
  base::Result<Config> c = Load("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_FALSE(c->donations.enabled);
  EXPECT_EQ(c->donations.currency, "USD");
  EXPECT_EQ(c->donations.preset_amounts_minor, (std::vector<int64_t>{1000, 2500, 5000, 10000}));
  EXPECT_EQ(c->donations.itemization_threshold_minor, 20000);
  EXPECT_EQ(c->donations.yearly_cap_minor, 0);
  EXPECT_FALSE(c->donations.attestations_set);
  EXPECT_EQ(c->donations.stripe_api_base, "https://api.stripe.com");
}

TEST_F(ConfigTest, DonationsReadsEveryKeyAndSecretsFromEnv) {
  const Env env = {{"BROADSIDE_STRIPE_SECRET_KEY", "sk_test_abc"},
                   {"BROADSIDE_STRIPE_WEBHOOK_SECRETS", "whsec_one, whsec_two,"}};
  base::Result<Config> c = Load(R"([donations]
enabled = true
currency = "EUR"
preset_amounts_minor = [500, 1500]
min_minor = 200
max_minor = 100000
itemization_threshold_minor = 0
yearly_cap_minor = 290000
legal_name = "Friends of the Union PAC"
receipt_disclaimer = "Not tax deductible."
stripe_api_base = "http://127.0.0.1:9999"
[[donations.attestations]]
key = "own_funds"
text = "My own money."
)", env);
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  const DonationsConfig& d = c->donations;
  EXPECT_TRUE(d.enabled);
  EXPECT_EQ(d.currency, "EUR");
  EXPECT_EQ(d.preset_amounts_minor, (std::vector<int64_t>{500, 1500}));
  EXPECT_EQ(d.min_minor, 200);
  EXPECT_EQ(d.max_minor, 100000);
  EXPECT_EQ(d.itemization_threshold_minor, 0);
  EXPECT_EQ(d.yearly_cap_minor, 290000);
  EXPECT_EQ(d.legal_name, "Friends of the Union PAC");
  EXPECT_EQ(d.receipt_disclaimer, "Not tax deductible.");
  EXPECT_EQ(d.stripe_api_base, "http://127.0.0.1:9999");
  ASSERT_TRUE(d.attestations_set);
  EXPECT_EQ(d.attestations, (std::vector<DonationAttestation>{{"own_funds", "My own money."}}));
  EXPECT_EQ(d.stripe_secret_key, "sk_test_abc");
  EXPECT_EQ(d.stripe_webhook_secrets, (std::vector<std::string>{"whsec_one", "whsec_two"}));
}

TEST_F(ConfigTest, DonationsStartLimitAndCustomerPortal) {
  base::Result<Config> c = Load("");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->donations.starts_per_hour, 20);
  EXPECT_FALSE(c->donations.customer_portal);
  c = Load("[donations]\nstarts_per_hour = 300\ncustomer_portal = true\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->donations.starts_per_hour, 300);
  EXPECT_TRUE(c->donations.customer_portal);
  ExpectInvalid("[donations]\nstarts_per_hour = 0\n", "donations.starts_per_hour");
  ExpectInvalid("[donations]\nstarts_per_hour = 10001\n", "donations.starts_per_hour");
  ExpectInvalid("[donations]\nstarts_per_hour = \"20\"\n", "donations.starts_per_hour");
  ExpectInvalid("[donations]\nstarts_per_hour = 2.5\n", "donations.starts_per_hour");
  ExpectInvalid("[donations]\ncustomer_portal = \"yes\"\n", "donations.customer_portal");
  ExpectInvalid("[donations]\ncustomer_portal = 1\n", "donations.customer_portal");
}

TEST_F(ConfigTest, DonationsEmptyAttestationListAsksNone) {
  base::Result<Config> c = Load("[donations]\nattestations = []\n");
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_TRUE(c->donations.attestations_set);
  EXPECT_TRUE(c->donations.attestations.empty());
}

TEST_F(ConfigTest, DonationsEnabledWithoutSecretsRefusesToStart) {
  ExpectInvalid("[donations]\nenabled = true\n", "BROADSIDE_STRIPE_SECRET_KEY");
  ExpectInvalid("[donations]\nenabled = true\n", "BROADSIDE_STRIPE_WEBHOOK_SECRETS",
                {{"BROADSIDE_STRIPE_SECRET_KEY", "sk_test_abc"}});
  // Disabled: secrets are not needed.
  EXPECT_TRUE(Load("[donations]\nenabled = false\n").ok());
}

TEST_F(ConfigTest, DonationsRefusesSecretsInTheFileAndBadValues) {
  ExpectInvalid("[donations]\nstripe_secret_key = \"sk_live_x\"\n", "donations.stripe_secret_key");
  ExpectInvalid("[donations]\nstripe_webhook_secrets = [\"whsec\"]\n",
                "donations.stripe_webhook_secrets");
  ExpectInvalid("[donations]\ncurrency = \"usd\"\n", "donations.currency");
  ExpectInvalid("[donations]\ncurrency = \"DOLLARS\"\n", "donations.currency");
  ExpectInvalid("[donations]\npreset_amounts_minor = []\n", "donations.preset_amounts_minor");
  ExpectInvalid("[donations]\npreset_amounts_minor = [0]\n", "donations.preset_amounts_minor");
  ExpectInvalid("[donations]\npreset_amounts_minor = [-500]\n", "donations.preset_amounts_minor");
  ExpectInvalid("[donations]\npreset_amounts_minor = [500, 500]\n",
                "donations.preset_amounts_minor");
  ExpectInvalid("[donations]\npreset_amounts_minor = [\"10\"]\n",
                "donations.preset_amounts_minor");
  ExpectInvalid("[donations]\npreset_amounts_minor = [50]\n", "donations.preset_amounts_minor");
  ExpectInvalid("[donations]\nmin_minor = 0\n", "donations.min_minor");
  ExpectInvalid("[donations]\nmin_minor = 600000\n", "donations.min_minor");
  ExpectInvalid("[donations]\nmax_minor = 100000000000000000\n", "donations.max_minor");
  ExpectInvalid("[donations]\nyearly_cap_minor = -1\n", "donations.yearly_cap_minor");
  ExpectInvalid("[donations]\nitemization_threshold_minor = -1\n",
                "donations.itemization_threshold_minor");
  ExpectInvalid("[donations]\nstripe_api_base = \"ftp://x\"\n", "donations.stripe_api_base");
  ExpectInvalid("[donations]\nstripe_api_base = \"https://x/v1\"\n", "donations.stripe_api_base");
  ExpectInvalid("[donations]\nattestations = \"yes\"\n", "donations.attestations");
  ExpectInvalid("[[donations.attestations]]\nkey = \"Own Funds\"\ntext = \"x\"\n",
                "donations.attestations[0].key");
  ExpectInvalid("[[donations.attestations]]\nkey = \"a\"\ntext = \" \"\n",
                "donations.attestations[0].text");
  ExpectInvalid(
      "[[donations.attestations]]\nkey = \"a\"\ntext = \"x\"\n"
      "[[donations.attestations]]\nkey = \"a\"\ntext = \"y\"\n",
      "donations.attestations[1].key");
  ExpectInvalid("[donations]\nsurprise = 1\n", "donations.surprise");
}

}  // namespace
}  // namespace config
