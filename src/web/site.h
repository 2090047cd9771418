#pragma once
// What the public web layer needs, borrowed from the composition root
// (app/composition.cc). Everything here outlives the handlers.

#include <cstddef>
#include <functional>
#include <string>

#include "base/status.h"
#include "base/time_zone.h"
#include "config/config.h"
#include "http/server.h"
#include "publishing/publishing_service.h"
#include "publishing/search_service.h"
#include "render/catalog.h"
#include "render/theme.h"
#include "settings/site_settings.h"
#include "web/rate_limiter.h"

namespace web {

// Where a request reads the site's settings: either fixed values (tests,
// tools) or the live settings admins edit, read afresh at every use so an
// edit shows at once. Reads like the pointer it replaces (`d.site->name`,
// `*d.site`); a pointer it returns stays valid for the life of its source
// (SiteSettings keeps every snapshot), so holding one across a request is
// safe. Two reads in one request may see two snapshots if an edit lands in
// between; each is a whole, validated state.
class SiteRef {
 public:
  SiteRef() = default;
  SiteRef(std::nullptr_t) {}                                      // NOLINT
  SiteRef(const config::SiteConfig* fixed) : fixed_(fixed) {}     // NOLINT
  SiteRef(const settings::SiteSettings* live) : live_(live) {}    // NOLINT

  const config::SiteConfig* get() const { return live_ != nullptr ? live_->Current() : fixed_; }
  const config::SiteConfig* operator->() const { return get(); }
  const config::SiteConfig& operator*() const { return *get(); }
  explicit operator bool() const { return live_ != nullptr || fixed_ != nullptr; }

 private:
  const config::SiteConfig* fixed_ = nullptr;
  const settings::SiteSettings* live_ = nullptr;
};

struct MailbagDeps;  // web/mailbag_pages.h
struct JoinDeps;     // web/join_pages.h
struct ChaptersDeps; // web/chapters_pages.h
struct DonateDeps;   // web/donate_pages.h

struct SiteDeps {
  SiteRef site;
  const render::Theme* theme = nullptr;
  const render::Catalog* catalog = nullptr;
  const base::TimeZone* time_zone = nullptr;
  publishing::PublishingService* publishing = nullptr;
  // Site search; null = no /search routes.
  const publishing::SearchService* search = nullptr;
  // Per-IP limit for /search/suggest; null = unlimited.
  SlidingWindowLimiter* suggest_limiter = nullptr;
  std::function<base::Status()> health;                 // store reachable?
  std::function<void(const std::string&)> log_error;    // operator log
  std::string media_dir;
  // The public Mailbag (/mailbag...); null = no Mailbag routes.
  const MailbagDeps* mailbag = nullptr;
  // Joining and the member portal (/join..., /members...); null = none.
  const JoinDeps* join = nullptr;
  // The public chapter list and contact forms (/chapters...); null = none.
  const ChaptersDeps* chapters = nullptr;
  // The Donate page and Stripe's webhook (/donate..., /stripe/webhook);
  // null = none (donations disabled).
  const DonateDeps* donate = nullptr;
};

// The whole public site as one transport handler: routing, error pages,
// method checks. Thread-safe.
http::Handler MakePublicHandler(const SiteDeps& deps);

}  // namespace web
