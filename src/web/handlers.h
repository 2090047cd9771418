#pragma once
// Public route handlers. Each validates input, calls one publishing service
// method, builds view data and renders a template. Errors come back as
// base::Status and are turned into pages by status_mapping.cc only.

#include "base/status.h"
#include "http/request.h"
#include "http/response.h"
#include "render/value.h"
#include "web/router.h"
#include "web/site.h"

namespace web {

using HandlerResult = base::Result<http::Response>;

// public_pages.cc
HandlerResult HomePage(const SiteDeps& d, const http::Request& req, const Params& p);
// The front page of one of the site's languages (HomePage is the default's).
HandlerResult LanguageHome(const SiteDeps& d, const http::Request& req, const std::string& lang);
HandlerResult ArticlePage(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult StandalonePage(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult SectionPage(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult TagPage(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult BylinePage(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult ArchiveIndex(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult MonthPage(const SiteDeps& d, const http::Request& req, const Params& p);

// feeds.cc: RSS 2.0 and Atom, site-wide, per section, per tag.
HandlerResult SiteRss(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult SiteAtom(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult SectionRss(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult SectionAtom(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult TagRss(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult TagAtom(const SiteDeps& d, const http::Request& req, const Params& p);

// discovery.cc: sitemap, robots, health, theme assets, media files.
HandlerResult Sitemap(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult Robots(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult Health(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult Asset(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult MediaFile(const SiteDeps& d, const http::Request& req, const Params& p);

// search_pages.cc: /search (HTML, no JavaScript needed) and /search/suggest
// (JSON, rate limited per client IP when SiteDeps::suggest_limiter is set).
HandlerResult SearchPage(const SiteDeps& d, const http::Request& req, const Params& p);
HandlerResult SearchSuggest(const SiteDeps& d, const http::Request& req, const Params& p);

// Helpers shared by the handlers.
// ?page=N: absent = 1; anything but a decimal in 1..kMaxPage is InvalidArgument.
base::Result<int> PageParam(const http::Request& req);
// Renders `template_name` into a 200 HTML response with the public cache policy.
HandlerResult RenderHtml(const SiteDeps& d, std::string_view template_name,
                         const render::Value& data, std::string_view lang);
// The same, moving strings out of `data` instead of copying them.
HandlerResult RenderHtml(const SiteDeps& d, std::string_view template_name, render::Value&& data,
                         std::string_view lang);
inline constexpr const char* kPublicCache = "public, no-cache";
// A page about one person's own action (a form's outcome, a link's result):
// `section` under `section_key` in the layout of `path`, noindex and
// never cached (it may say what happened to them), with `status`, in `lang`
// (empty: the site's default language).
HandlerResult RenderPrivatePage(const SiteDeps& d, std::string_view template_name,
                                const std::string& title, const std::string& path,
                                const char* section_key, render::Value&& section, int status,
                                std::string_view lang = {});

}  // namespace web
