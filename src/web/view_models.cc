#include "web/view_models.h"

#include <boost/json/object.hpp>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

#include "base/time_format.h"
#include "media/responsive.h"
#include "web/urls.h"

namespace web {

using render::Value;

namespace {

constexpr char kMailbagNavPath[] = "/mailbag";

std::string LanguageName(std::string_view lang) {
  // Each language is named in itself, as language switchers should.
  if (lang == "en") return "English";
  if (lang == "es") return "Español";
  return std::string(lang);
}

// "Ana Ruiz, Ben Ode and Carla Diaz": each byline carries the separator that
// follows it, so the template needs no logic.
Value BylineList(const SiteDeps& deps, const std::vector<store::Byline>& bylines,
                 std::string_view lang) {
  Value list = Value::MakeList(bylines.size());
  for (size_t i = 0; i < bylines.size(); ++i) {
    const auto& b = bylines[i];
    std::string sep;
    if (i + 2 == bylines.size()) sep = " " + std::string(deps.catalog->Get(lang, "and")) + " ";
    else if (i + 2 < bylines.size()) sep = ", ";
    list.Push(Value::MakeObject(4)
                  .Set("name", b.name)
                  .Set("url", urls::Byline(b.slug))
                  .Set("is_body", b.kind == store::BylineKind::kBody)
                  .Set("sep", sep));
  }
  return list;
}

Value ImageData(const store::FeatureImage& img) {
  if (img.path.empty()) return Value(false);
  Value v = Value::MakeObject(8);
  v.Set("src", urls::Media(img.path)).Set("alt", img.alt).Set("caption", img.caption);
  v.Set("credit", img.credit).Set("credit_url", img.credit_url);
  v.Set("width", std::to_string(img.width)).Set("height", std::to_string(img.height));
  v.Set("has_size", img.width > 0 && img.height > 0);
  // Library images have WebP and JPEG variants: a <picture> with srcset lets
  // a cheap phone fetch the 480 px WebP instead of the 1600 px JPEG.
  if (std::optional<media::ResponsiveImage> r = media::Responsive(img)) {
    v.Set("srcset_webp", std::move(r->srcset_webp));
    v.Set("srcset_jpeg", std::move(r->srcset_jpeg));
    v.Set("sizes", std::move(r->sizes));
  }
  return v;
}

// JSON for a <script> element: "</script>" and "<!--" must not appear.
std::string ScriptSafe(std::string json) {
  std::string out;
  out.reserve(json.size());
  for (char c : json) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

}  // namespace

std::string AbsoluteUrl(const SiteDeps& deps, std::string_view path) {
  return deps.site->base_url + std::string(path);
}

std::string LongDate(const SiteDeps& deps, base::Time t, std::string_view lang) {
  base::CivilTime c = deps.time_zone->ToLocal(t);
  return render::FormatLongDate(*deps.catalog, lang, c.year, c.month, c.day);
}

std::string PageLanguage(const config::SiteConfig& site, std::string_view wanted) {
  for (const std::string& l : site.languages) {
    if (l == wanted) return l;
  }
  return site.default_language;
}

Value LayoutData(const SiteDeps& deps, std::string_view lang, const PageMeta& meta,
                 std::string_view current_nav_path) {
  const config::SiteConfig& site = *deps.site;
  // Room for the page's own key (article, home, list...) added by the caller.
  Value data = Value::MakeObject(8);
  data.Set("lang", std::string(lang));
  Value s = Value::MakeObject(12);
  s.Set("name", site.name).Set("tagline", site.tagline).Set("base_url", site.base_url);
  s.Set("footer_statement", site.footer_statement);
  // The built-in Join form, unless the organization points elsewhere.
  // The built-in form opens in the page's language.
  std::string join_url =
      !site.join_url.empty() ? site.join_url : (deps.join != nullptr ? "/join" : "");
  if (join_url == "/join" && lang != site.default_language) join_url += "?lang=" + std::string(lang);
  s.Set("join_url", join_url).Set("donate_url", site.donate_url);
  s.Set("has_cta", !join_url.empty() || !site.donate_url.empty());
  Value social = Value::MakeList(site.social.size());
  for (const config::NavLink& link : site.social) {
    social.Push(Value::MakeObject(2).Set("label", link.label).Set("url", link.url));
  }
  s.Set("social", std::move(social));
  s.Set("has_social", !site.social.empty());
  s.Set("year", std::to_string(deps.time_zone->ToLocal(deps.publishing->Now()).year));
  data.Set("site", std::move(s));

  // Language switcher: each language's front page, named in that language.
  if (site.languages.size() > 1) {
    Value languages = Value::MakeList(site.languages.size());
    for (const std::string& l : site.languages) {
      languages.Push(Value::MakeObject(4)
                         .Set("lang", l)
                         .Set("name", LanguageName(l))
                         .Set("url", urls::Home(l, site.default_language))
                         .Set("current", l == lang));
    }
    data.Set("languages", std::move(languages));
  }
  Value nav = Value::MakeList();
  auto sections = deps.publishing->Sections();
  if (sections.ok()) {
    for (const auto& sec : *sections) {
      std::string url = urls::Section(sec.slug);
      const bool current = url == current_nav_path;
      nav.Push(Value::MakeObject(3)
                   .Set("label", sec.name)
                   .Set("url", std::move(url))
                   .Set("current", current));
    }
  }
  // The Mailbag is a built-in page, like the Archive: its link comes after the
  // sections, in the reader's language, unless an admin put a link to it in
  // the nav themselves (then theirs, with their label and place, is the one).
  if (deps.mailbag != nullptr) {
    bool admin_linked = false;
    for (const auto& link : site.nav) admin_linked = admin_linked || link.url == kMailbagNavPath;
    if (!admin_linked) {
      nav.Push(Value::MakeObject(3)
                   .Set("label", std::string(deps.catalog->Get(lang, "Mailbag")))
                   .Set("url", kMailbagNavPath)
                   .Set("current", current_nav_path == kMailbagNavPath));
    }
  }
  for (const auto& link : site.nav) {
    nav.Push(Value::MakeObject(3)
                 .Set("label", link.label)
                 .Set("url", link.url)
                 .Set("current", link.url == current_nav_path));
  }
  data.Set("nav", std::move(nav));
  data.Set("assets", deps.theme->AssetUrls());

  Value head = Value::MakeObject(14);
  std::string title = meta.title.empty() ? site.name : meta.title + " — " + site.name;
  head.Set("title", std::move(title)).Set("og_title", meta.title.empty() ? site.name : meta.title);
  head.Set("description", meta.description.empty() ? site.description : meta.description);
  head.Set("canonical", AbsoluteUrl(deps, meta.canonical_path));
  head.Set("og_type", meta.og_type);
  if (!meta.image_path.empty()) {
    head.Set("image", AbsoluteUrl(deps, urls::Media(meta.image_path)));
    head.Set("image_alt", meta.image_alt);
  }
  if (!meta.json_ld.empty()) head.Set("json_ld", meta.json_ld);
  Value alternates = Value::MakeList();
  for (const auto& [hreflang, path] : meta.alternates)
    alternates.Push(Value::MakeObject(2).Set("lang", hreflang).Set("url", AbsoluteUrl(deps, path)));
  head.Set("alternates", std::move(alternates));
  Value feeds = Value::MakeList();
  for (const auto& [feed_title, path] : meta.feeds)
    feeds.Push(Value::MakeObject(3)
                   .Set("title", feed_title)
                   .Set("url", path)
                   .Set("atom", path.ends_with("atom.xml")));
  head.Set("feeds", std::move(feeds));
  if (!meta.prev_path.empty()) head.Set("prev", meta.prev_path);
  if (!meta.next_path.empty()) head.Set("next", meta.next_path);
  head.Set("noindex", meta.noindex);
  data.Set("head", std::move(head));
  return data;
}

namespace {

// The summary keys, in an object with room for `capacity` keys (ArticleFull
// adds its own to the same object).
Value Summary(const SiteDeps& deps, const store::Article& a, std::string_view lang,
              size_t capacity) {
  Value v = Value::MakeObject(capacity);
  v.Set("url", a.kind == store::ContentKind::kPage ? urls::Page(a.slug) : urls::Article(a.slug));
  v.Set("title", a.title).Set("deck", a.deck).Set("excerpt", a.excerpt).Set("lang", a.lang);
  v.Set("other_lang", a.lang != lang);
  if (a.published_at) {
    v.Set("date_iso", base::FormatRfc3339(*a.published_at));
    v.Set("date_text", LongDate(deps, *a.published_at, a.lang));
  }
  v.Set("bylines", BylineList(deps, a.bylines, a.lang));
  if (a.section) {
    v.Set("section",
          Value::MakeObject(2).Set("name", a.section->name).Set("url", urls::Section(a.section->slug)));
  }
  v.Set("image", ImageData(a.image));
  return v;
}

constexpr size_t kSummaryKeys = 11;
constexpr size_t kFullKeys = kSummaryKeys + 9;

}  // namespace

Value ArticleSummary(const SiteDeps& deps, const store::Article& a, std::string_view lang) {
  return Summary(deps, a, lang, kSummaryKeys);
}

Value ArticleFull(const SiteDeps& deps, const publishing::ArticleView& view) {
  const store::Article& a = view.article;
  Value v = Summary(deps, a, a.lang, kFullKeys);
  v.Set("body_html", a.body_html);
  // "Updated" only for articles edited after publication (version > 1), not for
  // ones created with a back-dated publication time.
  if (a.version > 1 && a.published_at && a.updated_at > *a.published_at + std::chrono::hours(1)) {
    v.Set("updated_iso", base::FormatRfc3339(a.updated_at));
    v.Set("updated_text", LongDate(deps, a.updated_at, a.lang));
  }
  Value tags = Value::MakeList(a.tags.size());
  for (const auto& t : a.tags)
    tags.Push(Value::MakeObject(2).Set("name", t.name).Set("url", urls::Tag(t.slug)));
  v.Set("has_tags", !a.tags.empty());
  v.Set("tags", std::move(tags));
  Value related = Value::MakeList(view.related.size());
  for (const auto& r : view.related) related.Push(ArticleSummary(deps, r, a.lang));
  v.Set("has_related", !view.related.empty());
  v.Set("related", std::move(related));
  Value translations = Value::MakeList(view.translations.size());
  for (const auto& t : view.translations) {
    translations.Push(Value::MakeObject(4)
                          .Set("lang", t.lang)
                          .Set("lang_name", LanguageName(t.lang))
                          .Set("title", t.title)
                          .Set("url", urls::Article(t.slug)));
  }
  v.Set("has_translations", !view.translations.empty());
  v.Set("translations", std::move(translations));
  return v;
}

Value BylineData(const SiteDeps& deps, const store::Byline& b) {
  (void)deps;
  return Value::MakeObject()
      .Set("name", b.name)
      .Set("title", b.title)
      .Set("bio_html", b.bio_html)
      .Set("is_body", b.kind == store::BylineKind::kBody)
      .Set("photo", b.photo_path.empty() ? Value(false) : Value(urls::Media(b.photo_path)))
      .Set("url", urls::Byline(b.slug));
}

Value Pagination(const SiteDeps& deps, std::string_view base_path, const publishing::Page& page,
                 std::string_view lang) {
  (void)deps;
  (void)lang;
  Value v = Value::MakeObject();
  v.Set("page", std::to_string(page.page)).Set("total_pages", std::to_string(page.total_pages));
  v.Set("show", page.total_pages > 1);
  if (page.page > 1) v.Set("prev_url", urls::WithPage(base_path, page.page - 1));
  if (page.page < page.total_pages) v.Set("next_url", urls::WithPage(base_path, page.page + 1));
  return v;
}

std::string NewsArticleJsonLd(const SiteDeps& deps, const store::Article& a) {
  namespace json = boost::json;
  json::object o;
  o["@context"] = "https://schema.org";
  o["@type"] = "NewsArticle";
  o["headline"] = a.title;
  if (!a.deck.empty()) o["description"] = a.deck;
  o["inLanguage"] = a.lang;
  o["mainEntityOfPage"] = AbsoluteUrl(deps, urls::Article(a.slug));
  if (a.published_at) o["datePublished"] = base::FormatRfc3339(*a.published_at);
  o["dateModified"] = base::FormatRfc3339(a.updated_at);
  json::array authors;
  for (const auto& b : a.bylines) {
    json::object author;
    author["@type"] = b.kind == store::BylineKind::kBody ? "Organization" : "Person";
    author["name"] = b.name;
    author["url"] = AbsoluteUrl(deps, urls::Byline(b.slug));
    authors.push_back(std::move(author));
  }
  o["author"] = std::move(authors);
  json::object publisher;
  publisher["@type"] = "Organization";
  publisher["name"] = deps.site->name;
  publisher["url"] = deps.site->base_url + "/";
  o["publisher"] = std::move(publisher);
  if (!a.image.path.empty()) {
    json::array images;
    images.push_back(json::value(AbsoluteUrl(deps, urls::Media(a.image.path))));
    o["image"] = std::move(images);
  }
  if (a.section) o["articleSection"] = a.section->name;
  return ScriptSafe(json::serialize(o));
}

}  // namespace web
