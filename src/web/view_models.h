#pragma once
// Turns domain records into the data templates see (render::Value). Every
// string is escaped by the template engine except body_html/bio_html (from our
// Markdown renderer) and json_ld (serialized here with "<" escaped).
// The keys produced here are the theme's contract: docs/THEMES.md lists them.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "publishing/publishing_service.h"
#include "render/value.h"
#include "web/site.h"

namespace web {

// Head metadata of one page.
struct PageMeta {
  std::string title;        // "" = site name only
  std::string description;
  std::string canonical_path;  // "/articles/x"; made absolute with base_url
  std::string og_type = "website";
  std::string image_path;   // media-relative, for og:image
  std::string image_alt;
  std::string json_ld;      // serialized JSON, already safe for <script>
  std::vector<std::pair<std::string, std::string>> alternates;  // hreflang, path
  std::vector<std::pair<std::string, std::string>> feeds;       // title, path
  std::string prev_path, next_path;                            // rel prev/next
  bool noindex = false;
};

// The layout data every page gets: site, nav, assets, lang, head. The nav is
// the sections, then a "Mailbag" link when the site has the Mailbag
// (deps.mailbag set) and the admin's nav links do not already point at
// /mailbag, then the admin's links; the one whose url is `current_nav_path`
// is marked current.
// The language a page is drawn in: `wanted` (a `lang` query parameter or
// form field) when it is one of the site's languages, else the default. So a
// reader who came from /es gets the Join form, its email and its pages in
// Spanish, and nobody can ask for a language the site does not have.
std::string PageLanguage(const config::SiteConfig& site, std::string_view wanted);

render::Value LayoutData(const SiteDeps& deps, std::string_view lang, const PageMeta& meta,
                         std::string_view current_nav_path);

render::Value ArticleSummary(const SiteDeps& deps, const store::Article& a, std::string_view lang);
// Full article incl. body_html, tags, image credit, related, translations.
render::Value ArticleFull(const SiteDeps& deps, const publishing::ArticleView& view);
render::Value BylineData(const SiteDeps& deps, const store::Byline& b);
// {page, total_pages, prev_url, next_url} for a list at `base_path`.
render::Value Pagination(const SiteDeps& deps, std::string_view base_path,
                         const publishing::Page& page, std::string_view lang);

// "29 November 2026" in the site's time zone and `lang`.
std::string LongDate(const SiteDeps& deps, base::Time t, std::string_view lang);
// Absolute URL from a site path.
std::string AbsoluteUrl(const SiteDeps& deps, std::string_view path);
// JSON-LD NewsArticle for an article.
std::string NewsArticleJsonLd(const SiteDeps& deps, const store::Article& a);

}  // namespace web
