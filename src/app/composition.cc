#include "app/composition.h"

#include <spdlog/spdlog.h>

#include <cstdio>

namespace app {

base::Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config) {
  store::SqliteOptions options;
  options.path = config.SqlitePath();
  options.read_connections = config.store.read_connections;
  auto st = store::OpenSqliteStore(options);
  if (!st.ok()) return st.status().WithContext("opening " + options.path);
  return st;
}

base::Result<std::unique_ptr<App>> App::Build(config::Config config, const AppPaths& paths) {
  std::unique_ptr<App> app(new App());
  app->config_ = std::move(config);
  const config::Config& cfg = app->config_;

  BS_ASSIGN_OR_RETURN(app->store_, OpenStore(cfg));
  auto catalog = render::Catalog::LoadDir(paths.locale_dir);
  if (!catalog.ok()) return catalog.status().WithContext("loading translations");
  app->catalog_ = std::move(catalog).value();
  for (const std::string& lang : cfg.site.languages) {
    if (!app->catalog_.HasLanguage(lang))
      return base::Status::InvalidArgument("site.languages: no translation catalog for '" + lang +
                                           "' in " + paths.locale_dir);
  }
  const std::string theme_dir = cfg.theme_dir.empty() ? paths.theme_dir : cfg.theme_dir;
  auto theme = render::Theme::Load(theme_dir, app->catalog_);
  if (!theme.ok()) return theme.status().WithContext("loading theme " + theme_dir);
  app->theme_ = std::move(theme).value();
  auto tz = base::TimeZone::Load(cfg.site.time_zone);
  if (!tz.ok()) return tz.status().WithContext("site.time_zone");
  app->time_zone_ = std::make_unique<base::TimeZone>(std::move(tz).value());

  app->publishing_ = std::make_unique<publishing::PublishingService>(
      app->store_->publishing(), app->clock_, cfg.site.page_size);

  web::SiteDeps& d = app->site_deps_;
  d.site = &cfg.site;
  d.theme = app->theme_.get();
  d.catalog = &app->catalog_;
  d.time_zone = app->time_zone_.get();
  d.publishing = app->publishing_.get();
  store::Store* st = app->store_.get();
  d.health = [st] { return st->Ping(); };
  d.log_error = [](const std::string& msg) { spdlog::error("{}", msg); };
  d.media_dir = cfg.MediaDir();
  return app;
}

App::~App() {
  if (store_) store_->Close();
}

base::Status App::Serve() {
  const config::ServerConfig& sc = config_.server;
  http::ServerOptions o;
  o.host = sc.host;
  o.port = sc.port;
  o.io_threads = sc.threads;
  o.worker_threads = sc.threads;
  o.header_timeout = sc.header_timeout;
  o.body_timeout = sc.body_timeout;
  o.idle_timeout = sc.idle_timeout;
  o.max_body_bytes = static_cast<size_t>(sc.max_body_bytes);
  o.max_header_bytes = static_cast<size_t>(sc.max_header_bytes);
  o.max_request_line = static_cast<size_t>(sc.max_request_line);
  o.max_connections = sc.max_connections;
  o.max_requests_per_connection = sc.max_requests_per_connection;
  o.shutdown_grace = sc.shutdown_grace;
  o.handle_signals = true;

  http::Server server(
      o, web::MakePublicHandler(site_deps_),
      [](const http::AccessRecord& r) {
        spdlog::info("{} \"{} {}\" {} {} {}us id={}", r.remote, r.method, r.target, r.status,
                     r.bytes, r.duration.count(), r.request_id);
      },
      [](const std::string& msg) { spdlog::error("{}", msg); });
  BS_RETURN_IF_ERROR(server.Listen());
  const bool v6 = o.host.find(':') != std::string::npos;
  std::printf("listening on http://%s%s%s:%u\n", v6 ? "[" : "", o.host.c_str(), v6 ? "]" : "",
              static_cast<unsigned>(server.port()));
  std::fflush(stdout);
  spdlog::info("serving {} from {}", config_.site.name, config_.data_dir);
  server.Run();
  spdlog::info("shutting down: closing the store");
  store_->Close();
  return base::Status::Ok();
}

}  // namespace app
