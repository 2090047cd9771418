#include "app/cli.h"

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>

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
};

struct ServeOptions {
  std::string data_dir;
  std::string listen;
  std::optional<int> threads;
};

AppPaths DefaultPaths() {
  return AppPaths{BROADSIDE_DEFAULT_THEME_DIR, BROADSIDE_DEFAULT_LOCALE_DIR};
}

int Fail(const std::string& message) {
  std::fprintf(stderr, "broadside: %s\n", message.c_str());
  return 1;
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
  if (o.demo) {
    auto built = App::Build(*cfg, DefaultPaths());
    if (!built.ok()) return Fail(built.status().message());
    auto stats = publishing::CreateDemoSite((*built)->publishing(), cfg->MediaDir());
    if (!stats.ok()) return Fail("demo site: " + stats.status().message());
    std::printf("created demo site: %d articles, %d pages, %d bylines, %d sections, %d images\n",
                stats->articles, stats->pages, stats->bylines, stats->sections, stats->images);
  } else {
    auto st = OpenStore(*cfg);
    if (!st.ok()) return Fail(st.status().message());
    (*st)->Close();
  }
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

  ServeOptions serve;
  CLI::App* serve_cmd = cli.add_subcommand("serve", "Serve the site over HTTP");
  serve_cmd->add_option("--data", serve.data_dir, "Data directory (holds broadside.toml)")
      ->required();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (overrides the config)");
  serve_cmd->add_option("--threads", serve.threads, "Worker threads (default: one per core)");

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
  spdlog::shutdown();  // flushes what is buffered
  if (*init_cmd || *serve_cmd) return code;
  std::fprintf(stderr, "broadside: a command is required: init or serve (see --help)\n");
  return 2;
}

}  // namespace app
