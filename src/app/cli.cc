#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <vector>

#include <unistd.h>

#include "accounts/roles.h"
#include "app/cli_keys.h"
#include "app/composition.h"
#include "app/log_sink.h"
#include "config/config.h"
#include "publishing/demo_site.h"

#ifndef BROADSIDE_VERSION
#define BROADSIDE_VERSION "dev"
#endif

namespace app {
namespace {

namespace fs = std::filesystem;

struct InitOptions {
  std::string data_dir;
  bool demo = false;
  std::string site_name = "Broadside Workers' Alliance";
  std::string admin_email;          // the first admin; asked for on a terminal if empty
  std::string admin_password_file;  // else a set-password link is printed
};

struct UserAddOptions {
  std::string data_dir, email, name;
  std::vector<std::string> roles;
  std::string chapter;  // slug of the chapter a chapter leader leads
};

struct ResetLinkOptions {
  std::string data_dir, email;
};

struct ServeOptions {
  std::string data_dir;
  std::string listen;
  std::optional<int> threads;
};

AppPaths DefaultPaths() {
  return AppPaths{BROADSIDE_DEFAULT_THEME_DIR, BROADSIDE_DEFAULT_LOCALE_DIR,
                  BROADSIDE_DEFAULT_ADMIN_THEME_DIR};
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "broadside: %s\n", message.c_str());
  return 1;
}

// Reads a password from a file: the first line, without its line ending.
base::Result<std::string> ReadPasswordFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return base::Status::NotFound(path + ": cannot read the password file");
  std::string line;
  std::getline(in, line);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.empty()) return base::Status::InvalidArgument(path + ": the password file is empty");
  return line;
}

std::string SetPasswordLink(const config::Config& cfg, const std::string& token) {
  return cfg.site.base_url + "/admin/set-password?token=" + token;
}

// Creates a staff user and prints how they get in: a one-time link, or
// nothing to print when the password was given.
int AddUser(App& app, const std::string& email, const std::string& name,
            accounts::RoleSet roles, const std::string& password_file,
            std::optional<int64_t> chapter_id = std::nullopt) {
  const accounts::Actor cli = accounts::Actor::Cli();
  if (!password_file.empty()) {
    auto password = ReadPasswordFile(password_file);
    if (!password.ok()) return Fail(password.status().message());
    auto id = app.accounts().CreateUserWithPassword(email, name, roles, *password, cli);
    if (!id.ok()) return Fail("cannot create " + email + ": " + id.status().message());
    std::printf("created %s (%s); they can sign in at %s/admin\n", email.c_str(),
                accounts::RoleList(roles).c_str(), app.config().site.base_url.c_str());
    return 0;
  }
  auto id = app.accounts().CreateUser(email, name, roles, cli);
  if (!id.ok()) return Fail("cannot create " + email + ": " + id.status().message());
  if (chapter_id) {
    auto user = app.accounts().GetUser(*id);
    if (!user.ok()) return Fail(user.status().ToString());
    user->chapter_id = chapter_id;
    base::Status s = app.accounts().UpdateUser(*user, cli);
    if (!s.ok()) return Fail("cannot set the chapter of " + email + ": " + s.message());
  }
  auto token = app.accounts().IssueInvitation(*id, cli);
  if (!token.ok()) return Fail(token.status().message());
  std::printf("created %s (%s)\nset a password within 7 days, once, at:\n  %s\n", email.c_str(),
              accounts::RoleList(roles).c_str(), SetPasswordLink(app.config(), *token).c_str());
  return 0;
}

int RunUserAdd(const UserAddOptions& o) {
  accounts::RoleSet roles = 0;
  for (const std::string& r : o.roles) {
    auto role = accounts::ParseRole(r);
    if (!role) {
      return Fail("--role: unknown role '" + r +
                  "' (admin, editor, author, expert, treasurer, membership-secretary, "
                  "chapter-leader)");
    }
    roles |= accounts::Bit(*role);
  }
  auto cfg = config::LoadConfig(o.data_dir, config::BroadsideEnvironment());
  if (!cfg.ok()) return Fail(cfg.status().message());
  auto built = App::Build(std::move(cfg).value(), DefaultPaths());
  if (!built.ok()) return Fail(built.status().message());
  std::optional<int64_t> chapter_id;
  if (!o.chapter.empty()) {
    if (!accounts::Has(roles, accounts::Role::kChapterLeader))
      return Fail("--chapter: only for a user with --role chapter-leader");
    auto chapters = (*built)->store().members().ListChapters();
    if (!chapters.ok()) return Fail(chapters.status().ToString());
    for (const store::Chapter& c : *chapters)
      if (c.slug == o.chapter) chapter_id = c.id;
    if (!chapter_id) return Fail("--chapter: no chapter with the slug '" + o.chapter + "'");
  }
  return AddUser(**built, o.email, o.name, roles, "", chapter_id);
}

int RunResetLink(const ResetLinkOptions& o) {
  auto cfg = config::LoadConfig(o.data_dir, config::BroadsideEnvironment());
  if (!cfg.ok()) return Fail(cfg.status().message());
  auto built = App::Build(std::move(cfg).value(), DefaultPaths());
  if (!built.ok()) return Fail(built.status().message());
  auto token = (*built)->accounts().RequestPasswordReset(o.email, accounts::Actor::Cli());
  if (!token.ok()) return Fail(token.status().message());
  if (!*token) return Fail("no enabled user with the email " + o.email);
  std::printf("choose a new password within 30 minutes, once, at:\n  %s\n",
              SetPasswordLink((*built)->config(), **token).c_str());
  return 0;
}

// Creates DIR, DIR/media and DIR/broadside.toml; opens the store so the schema
// exists; fills the demo site when asked. Refuses a dir that already has a config.
int RunInit(const InitOptions& o) {
  std::error_code ec;
  const fs::path dir = fs::absolute(o.data_dir, ec);
  const fs::path config_path = dir / "broadside.toml";
  if (fs::exists(config_path, ec)) {
    return Fail(config_path.string() + " already exists; refusing to overwrite a site");
  }
  fs::create_directories(dir / "media", ec);
  if (ec) return Fail("cannot create " + (dir / "media").string() + ": " + ec.message());
  {
    std::ofstream out(config_path);
    config::SiteConfig site;
    site.name = o.site_name;
    if (o.demo) {
      // The demo has pages at /join and /donate for the calls to action.
      site.tagline = "Working people, organized";
      site.description = "News, statements and voices from the Broadside Workers' Alliance.";
      site.footer_statement =
          "The Broadside Workers' Alliance is funded by its members. We take no corporate money.";
      site.join_url = "/join";
      site.donate_url = "/donate";
    }
    out << config::ConfigTomlFor(site);
    if (!out) return Fail("cannot write " + config_path.string());
  }
  auto cfg = config::LoadConfig(dir.string(), {});
  if (!cfg.ok()) return Fail(cfg.status().message());
  auto made_key = EnsureFieldKey(*cfg);
  if (!made_key.ok()) return Fail(made_key.status().message());
  auto built = App::Build(*cfg, DefaultPaths());
  if (!built.ok()) return Fail(built.status().message());
  if (o.demo) {
    auto stats = publishing::CreateDemoSite((*built)->publishing(), cfg->MediaDir());
    if (!stats.ok()) return Fail("demo site: " + stats.status().message());
    std::printf("created demo site: %d articles, %d pages, %d bylines, %d sections, %d images\n",
                stats->articles, stats->pages, stats->bylines, stats->sections, stats->images);
    auto qas = publishing::CreateDemoMailbag((*built)->mailbag(), (*built)->publishing());
    if (!qas.ok()) return Fail("demo mailbag: " + qas.status().message());
    std::printf("created demo mailbag: %d published Q&As, %d waiting, %d topics\n", qas->published,
                qas->waiting, qas->topics);
  }
  std::string admin_email = o.admin_email;
  if (admin_email.empty() && !o.admin_password_file.empty())
    return Fail("--admin-password-file needs --admin-email");
  if (admin_email.empty() && ::isatty(STDIN_FILENO) && ::isatty(STDOUT_FILENO)) {
    std::printf("email address of the first admin (empty to add one later): ");
    std::fflush(stdout);
    std::getline(std::cin, admin_email);
  }
  if (!admin_email.empty()) {
    const int code = AddUser(**built, admin_email, "", accounts::Bit(accounts::Role::kAdmin),
                             o.admin_password_file);
    if (code != 0) return code;
  } else {
    std::printf("no admin yet: add one with\n  broadside user add --data %s --email YOU@EXAMPLE.ORG "
                "--role admin\n",
                dir.c_str());
  }
  std::printf("the key that seals personal data is %s: back it up, apart from the database\n",
              FieldKeyPath(*cfg).c_str());
  std::printf("initialized %s\nstart it with: broadside serve --data %s\n", dir.c_str(),
              dir.c_str());
  return 0;
}

int RunServe(const ServeOptions& o) {
  auto cfg = config::LoadConfig(o.data_dir, config::BroadsideEnvironment());
  if (!cfg.ok()) return Fail(cfg.status().message());
  if (!o.listen.empty()) {
    base::Status s = config::ParseListen(o.listen, &cfg->server.host, &cfg->server.port);
    if (!s.ok()) return Fail("--listen: " + s.message());
  }
  if (o.threads) {
    if (*o.threads < 1 || *o.threads > 256) return Fail("--threads: must be between 1 and 256");
    cfg->server.threads = *o.threads;
  }
  auto built = App::Build(std::move(cfg).value(), DefaultPaths());
  if (!built.ok()) return Fail(built.status().message());
  base::Status s = (*built)->Serve();
  if (!s.ok()) return Fail(s.message());
  return 0;
}

}  // namespace

int RunCli(int argc, char** argv) {
  CLI::App cli{"Broadside: the website and back office of a member-funded organization."};
  cli.set_version_flag("--version", std::string("broadside ") + BROADSIDE_VERSION);
  // At most one subcommand; "none" is handled after parsing so that an unknown
  // option is reported as such rather than as a missing subcommand.
  cli.require_subcommand(0, 1);

  InitOptions init;
  CLI::App* init_cmd = cli.add_subcommand("init", "Create a new site in a data directory");
  init_cmd->add_option("--data", init.data_dir, "Data directory to create")->required();
  init_cmd->add_flag("--demo", init.demo, "Fill the site with demo content");
  init_cmd->add_option("--site-name", init.site_name, "The organization's name");
  init_cmd->add_option("--admin-email", init.admin_email,
                       "Email of the first admin (asked for on a terminal when omitted)");
  init_cmd->add_option("--admin-password-file", init.admin_password_file,
                       "File whose first line is the first admin's password (else a one-time "
                       "link to set it is printed)");

  CLI::App* user_cmd = cli.add_subcommand("user", "Manage staff users");
  user_cmd->require_subcommand(1);
  UserAddOptions user_add;
  CLI::App* user_add_cmd =
      user_cmd->add_subcommand("add", "Add a staff user and print a one-time set-password link");
  user_add_cmd->add_option("--data", user_add.data_dir, "Data directory")->required();
  user_add_cmd->add_option("--email", user_add.email, "Their email address")->required();
  user_add_cmd->add_option("--name", user_add.name, "Their name (default: from the email)");
  user_add_cmd->add_option("--role", user_add.roles,
                           "admin, editor, author, expert, treasurer, membership-secretary or "
                           "chapter-leader (repeat for several)")
      ->required();
  user_add_cmd->add_option("--chapter", user_add.chapter,
                           "For a chapter leader: the slug of the chapter they lead");
  ResetLinkOptions reset;
  CLI::App* reset_cmd = user_cmd->add_subcommand(
      "reset-link", "Print a one-time link to choose a new password (30 minutes)");
  reset_cmd->add_option("--data", reset.data_dir, "Data directory")->required();
  reset_cmd->add_option("--email", reset.email, "The user's email address")->required();

  ServeOptions serve;
  CLI::App* serve_cmd = cli.add_subcommand("serve", "Serve the site over HTTP");
  serve_cmd->add_option("--data", serve.data_dir, "Data directory (holds broadside.toml)")
      ->required();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (overrides the config)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads (default: one per core)");

  CLI::App* keys_cmd = cli.add_subcommand("keys", "Manage the keys that seal personal data");
  keys_cmd->require_subcommand(1);
  KeysRotateOptions rotate;
  CLI::App* rotate_cmd = keys_cmd->add_subcommand(
      "rotate", "Make a new field key and re-seal everything with it (servers keep running)");
  rotate_cmd->add_option("--data", rotate.data_dir, "Data directory")->required();
  rotate_cmd->add_flag("--no-wait", rotate.no_wait,
                       "Do not wait for running servers to pick up the new key (none run)");

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return cli.exit(e);
  } catch (const CLI::Success& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    // One line, as scripts expect; --help explains the rest.
    std::fprintf(stderr, "broadside: %s (see --help)\n", e.what());
    return 2;
  }
  // Logs go to stderr; stdout carries only what scripts read ("listening on ...").
  auto logger = std::make_shared<spdlog::logger>("broadside",
                                                 std::make_shared<BufferedFdSink>(STDERR_FILENO));
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  spdlog::flush_every(std::chrono::seconds(1));
  int code = 2;
  if (*init_cmd) code = RunInit(init);
  else if (*serve_cmd) code = RunServe(serve);
  else if (*user_add_cmd) code = RunUserAdd(user_add);
  else if (*reset_cmd) code = RunResetLink(reset);
  else if (*rotate_cmd) code = RunKeysRotate(rotate);
  spdlog::shutdown();  // flushes what is buffered
  if (*init_cmd || *serve_cmd || *user_cmd || *keys_cmd) return code;
  std::fprintf(stderr,
               "broadside: a command is required: init, serve, user or keys (see --help)\n");
  return 2;
}

}  // namespace app
