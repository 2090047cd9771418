#pragma once
// What the public web layer needs, borrowed from the composition root
// (app/composition.cc). Everything here outlives the handlers.

#include <functional>
#include <string>

#include "base/status.h"
#include "base/time_zone.h"
#include "config/config.h"
#include "http/server.h"
#include "publishing/publishing_service.h"
#include "render/catalog.h"
#include "render/theme.h"

namespace web {

struct SiteDeps {
  const config::SiteConfig* site = nullptr;
  const render::Theme* theme = nullptr;
  const render::Catalog* catalog = nullptr;
  const base::TimeZone* time_zone = nullptr;
  publishing::PublishingService* publishing = nullptr;
  std::function<base::Status()> health;                 // store reachable?
  std::function<void(const std::string&)> log_error;    // operator log
  std::string media_dir;                                // DATA_DIR/media
};

// The whole public site as one transport handler: routing, error pages,
// method checks. Thread-safe.
http::Handler MakePublicHandler(const SiteDeps& deps);

}  // namespace web
