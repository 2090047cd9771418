// HTML pages for readers: home, article, standalone page, section, tag,
// byline, archive. Listing pages speak the site's default language; an
// article page speaks the article's.

#include <variant>

#include "base/text.h"
#include "render/catalog.h"
#include "web/handlers.h"
#include "web/mailbag_box.h"
#include "web/urls.h"
#include "web/view_models.h"

namespace web {

using base::Status;
using render::Value;

base::Result<int> PageParam(const http::Request& req) {
  auto text = req.QueryParam("page");
  if (!text) {
    // Absent means page 1; present but undecodable (bad escape, invalid UTF-8) is an error.
    for (std::string_view pair : base::Split(req.query, '&')) {
      if (pair == "page" || pair.starts_with("page=")) {
        return Status::InvalidArgument("page: not a page number");
      }
    }
    return 1;
  }
  auto n = base::ParseInt64(*text);
  if (!n || *n < 1 || *n > publishing::kMaxPage) return Status::InvalidArgument("page: not a page number");
  return static_cast<int>(*n);
}

namespace {

http::Response HtmlResponse(std::string html, std::string_view lang) {
  http::Response res;
  res.body = std::move(html);
  res.cache_control = kPublicCache;
  res.Header("Content-Language", std::string(lang));
  return res;
}

}  // namespace

HandlerResult RenderHtml(const SiteDeps& d, std::string_view template_name, const Value& data,
                         std::string_view lang) {
  BS_ASSIGN_OR_RETURN(std::string html, d.theme->Render(template_name, data, lang));
  return HtmlResponse(std::move(html), lang);
}

HandlerResult RenderHtml(const SiteDeps& d, std::string_view template_name, Value&& data,
                         std::string_view lang) {
  BS_ASSIGN_OR_RETURN(std::string html, d.theme->Render(template_name, std::move(data), lang));
  return HtmlResponse(std::move(html), lang);
}

HandlerResult RenderPrivatePage(const SiteDeps& d, std::string_view template_name,
                                const std::string& title, const std::string& path,
                                const char* section_key, Value&& section, int status,
                                std::string_view page_lang) {
  const std::string lang = page_lang.empty() ? d.site->default_language : std::string(page_lang);
  PageMeta meta;
  meta.title = title;
  meta.canonical_path = path;
  meta.noindex = true;
  Value data = LayoutData(d, lang, meta, path);
  data.Set(section_key, std::move(section));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(d, template_name, std::move(data), lang));
  out.cache_control = "no-store";
  out.etag = false;
  out.status = status;
  return out;
}

namespace {

http::Response MovedPermanently(std::string location) {
  http::Response res = http::Response::Redirect(301, std::move(location));
  res.cache_control = "public, max-age=3600";
  return res;
}

Value SummaryList(const SiteDeps& d, const std::vector<store::Article>& items,
                  std::string_view lang) {
  Value list = Value::MakeList(items.size());
  for (const auto& a : items) list.Push(ArticleSummary(d, a, lang));
  return list;
}

void AddPagination(const SiteDeps& d, PageMeta* meta, std::string_view base,
                   const publishing::Page& page) {
  meta->canonical_path = urls::WithPage(base, page.page);
  if (page.page > 1) meta->prev_path = urls::WithPage(base, page.page - 1);
  if (page.page < page.total_pages) meta->next_path = urls::WithPage(base, page.page + 1);
  (void)d;
}

// A listing page (section, tag, byline, month) with the shared "list" template.
HandlerResult RenderList(const SiteDeps& d, std::string_view base_path, const std::string& title,
                         const std::string& description, const publishing::Page& page,
                         Value extra, std::vector<std::pair<std::string, std::string>> feeds,
                         std::string_view nav_path) {
  const std::string& lang = d.site->default_language;
  PageMeta meta;
  meta.title = page.page > 1 ? title + " (" + std::to_string(page.page) + ")" : title;
  meta.description = description;
  meta.feeds = std::move(feeds);
  AddPagination(d, &meta, base_path, page);
  Value data = LayoutData(d, lang, meta, nav_path);
  Value list = Value::MakeObject();
  list.Set("title", title).Set("description", description);
  list.Set("articles", SummaryList(d, page.items, lang));
  list.Set("empty", page.items.empty());
  list.Set("pagination", Pagination(d, base_path, page, lang));
  data.Set("list", std::move(list));
  data.Set("extra", std::move(extra));
  return RenderHtml(d, "list", std::move(data), lang);
}

std::vector<std::pair<std::string, std::string>> SiteFeeds(const SiteDeps& d) {
  return {{d.site->name + " (RSS)", "/feed.xml"}, {d.site->name + " (Atom)", "/atom.xml"}};
}

}  // namespace

HandlerResult HomePage(const SiteDeps& d, const http::Request& req, const Params&) {
  return LanguageHome(d, req, d.site->default_language);
}

HandlerResult LanguageHome(const SiteDeps& d, const http::Request& req, const std::string& lang) {
  // Each language has its own front page ("/" for the default, "/es" …), so a
  // reader does not see the same story twice, once per translation.
  const std::string base = urls::Home(lang, d.site->default_language);
  BS_ASSIGN_OR_RETURN(int page_number, PageParam(req));
  BS_ASSIGN_OR_RETURN(publishing::Page page, d.publishing->Latest(page_number, lang));
  PageMeta meta;
  meta.feeds = SiteFeeds(d);
  AddPagination(d, &meta, base, page);
  for (const std::string& other : d.site->languages) {
    meta.alternates.emplace_back(other, urls::Home(other, d.site->default_language));
  }
  if (page.page > 1) meta.title = std::string(d.catalog->Get(lang, "Latest")) + " (" +
                                  std::to_string(page.page) + ")";
  Value data = LayoutData(d, lang, meta, base);
  Value home = Value::MakeObject(5);
  if (page.page == 1) {
    BS_ASSIGN_OR_RETURN(auto featured, d.publishing->Featured(3, lang));
    home.Set("featured", SummaryList(d, featured, lang));
    home.Set("has_featured", !featured.empty());
    data.Set("mailbag_box", MailbagBox(d, lang));  // the front page only, not page 2…
  }
  home.Set("articles", SummaryList(d, page.items, lang));
  home.Set("empty", page.items.empty());
  home.Set("pagination", Pagination(d, base, page, lang));
  data.Set("home", std::move(home));
  return RenderHtml(d, "home", std::move(data), lang);
}

HandlerResult ArticlePage(const SiteDeps& d, const http::Request&, const Params& p) {
  const std::string& slug = p.at("slug");
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->ArticleBySlug(slug));
  if (auto* moved = std::get_if<publishing::Moved>(&found)) {
    return MovedPermanently(urls::Article(moved->slug));
  }
  const auto& view = std::get<publishing::ArticleView>(found);
  const store::Article& a = view.article;
  PageMeta meta;
  meta.title = a.title;
  meta.description = a.deck.empty() ? a.excerpt : a.deck;
  meta.canonical_path = urls::Article(a.slug);
  meta.og_type = "article";
  meta.image_path = a.image.path;
  meta.image_alt = a.image.alt;
  meta.json_ld = NewsArticleJsonLd(d, a);
  meta.feeds = SiteFeeds(d);
  if (!view.translations.empty()) {
    meta.alternates.emplace_back(a.lang, urls::Article(a.slug));
    for (const auto& t : view.translations) meta.alternates.emplace_back(t.lang, urls::Article(t.slug));
  }
  std::string nav_path = a.section ? urls::Section(a.section->slug) : "";
  Value data = LayoutData(d, a.lang, meta, nav_path);
  data.Set("article", ArticleFull(d, view));
  data.Set("mailbag_box", MailbagBox(d, a.lang));
  return RenderHtml(d, "article", std::move(data), a.lang);
}

HandlerResult StandalonePage(const SiteDeps& d, const http::Request&, const Params& p) {
  const std::string& slug = p.at("slug");
  if (!base::IsValidSlug(slug)) return Status::NotFound("no page '" + slug + "'");
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->PageBySlug(slug));
  if (auto* moved = std::get_if<publishing::Moved>(&found)) {
    return MovedPermanently(urls::Page(moved->slug));
  }
  const auto& a = std::get<store::Article>(found);
  PageMeta meta;
  meta.title = a.title;
  meta.description = a.deck.empty() ? a.excerpt : a.deck;
  meta.canonical_path = urls::Page(a.slug);
  Value data = LayoutData(d, a.lang, meta, urls::Page(a.slug));
  Value page = Value::MakeObject();
  page.Set("title", a.title).Set("deck", a.deck).Set("body_html", a.body_html);
  data.Set("page", std::move(page));
  return RenderHtml(d, "page", std::move(data), a.lang);
}

HandlerResult SectionPage(const SiteDeps& d, const http::Request& req, const Params& p) {
  BS_ASSIGN_OR_RETURN(int page_number, PageParam(req));
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->SectionPage(p.at("slug"), page_number));
  auto& [section, page] = found;
  std::string base = urls::Section(section.slug);
  return RenderList(d, base, section.name, section.description, page, Value(false),
                    {{section.name + " (RSS)", base + "/feed.xml"},
                     {section.name + " (Atom)", base + "/atom.xml"}},
                    base);
}

HandlerResult TagPage(const SiteDeps& d, const http::Request& req, const Params& p) {
  BS_ASSIGN_OR_RETURN(int page_number, PageParam(req));
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->TagPage(p.at("slug"), page_number));
  auto& [tag, page] = found;
  std::string base = urls::Tag(tag.slug);
  std::string title = "#" + tag.name;
  return RenderList(d, base, title, "", page, Value(false),
                    {{title + " (RSS)", base + "/feed.xml"}, {title + " (Atom)", base + "/atom.xml"}},
                    "");
}

HandlerResult BylinePage(const SiteDeps& d, const http::Request& req, const Params& p) {
  BS_ASSIGN_OR_RETURN(int page_number, PageParam(req));
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->BylinePage(p.at("slug"), page_number));
  auto& [byline, page] = found;
  Value extra = Value::MakeObject().Set("byline", BylineData(d, byline));
  return RenderList(d, urls::Byline(byline.slug), byline.name, byline.title, page,
                    std::move(extra), SiteFeeds(d), "");
}

HandlerResult ArchiveIndex(const SiteDeps& d, const http::Request&, const Params&) {
  const std::string& lang = d.site->default_language;
  BS_ASSIGN_OR_RETURN(auto months, d.publishing->ArchiveMonths());
  PageMeta meta;
  meta.title = std::string(d.catalog->Get(lang, "Archive"));
  meta.canonical_path = "/archive";
  Value data = LayoutData(d, lang, meta, "/archive");
  Value list = Value::MakeList();
  for (const auto& m : months) {
    list.Push(Value::MakeObject()
                  .Set("label", render::FormatMonthYear(*d.catalog, lang, m.year, m.month))
                  .Set("url", urls::Month(m.year, m.month))
                  .Set("count", std::to_string(m.count)));
  }
  data.Set("months", std::move(list));
  data.Set("empty", months.empty());
  return RenderHtml(d, "archive", std::move(data), lang);
}

HandlerResult MonthPage(const SiteDeps& d, const http::Request& req, const Params& p) {
  auto year = base::ParseInt64(p.at("year"));
  auto month = base::ParseInt64(p.at("month"));
  if (!year || !month || *year < 1970 || *year > 9999 || *month < 1 || *month > 12)
    return Status::NotFound("no such month");
  BS_ASSIGN_OR_RETURN(int page_number, PageParam(req));
  BS_ASSIGN_OR_RETURN(auto page, d.publishing->MonthPage(static_cast<int>(*year),
                                                         static_cast<int>(*month), page_number));
  const std::string& lang = d.site->default_language;
  std::string title =
      render::FormatMonthYear(*d.catalog, lang, static_cast<int>(*year), static_cast<int>(*month));
  return RenderList(d, urls::Month(static_cast<int>(*year), static_cast<int>(*month)), title, "",
                    page, Value(false), SiteFeeds(d), "/archive");
}

}  // namespace web
