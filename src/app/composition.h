#pragma once
// The composition root: config -> store -> services -> routes -> listener.
// The only place that knows every concrete type; everything else receives its
// collaborators by reference. No globals: the App object owns it all.

#include <memory>
#include <string>

#include "base/clock.h"
#include "base/status.h"
#include "base/time_zone.h"
#include "config/config.h"
#include "http/server.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "store/store.h"
#include "web/site.h"

namespace app {

struct AppPaths {
  std::string theme_dir;   // used when the config names none
  std::string locale_dir;  // compiled .mo catalogs
};

class App {
 public:
  // Opens the store (running migrations), loads catalogs and the theme, and
  // wires services and routes. Errors carry which part failed.
  static base::Result<std::unique_ptr<App>> Build(config::Config config, const AppPaths& paths);
  ~App();

  // Binds, announces "listening on http://HOST:PORT" on stdout, serves until
  // SIGINT/SIGTERM, then closes the store.
  base::Status Serve();

  publishing::PublishingService& publishing() { return *publishing_; }
  store::Store& store() { return *store_; }

 private:
  App() = default;
  config::Config config_;
  base::SystemClock clock_;
  std::unique_ptr<store::Store> store_;
  render::Catalog catalog_;
  std::unique_ptr<render::Theme> theme_;
  std::unique_ptr<base::TimeZone> time_zone_;
  std::unique_ptr<publishing::PublishingService> publishing_;
  web::SiteDeps site_deps_;
};

// Opens just the store and publishing service on a data dir (for `init`).
base::Result<std::unique_ptr<store::Store>> OpenStore(const config::Config& config);

}  // namespace app
