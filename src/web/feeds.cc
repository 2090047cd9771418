// Feed routes: site-wide, per section and per tag, each as RSS and Atom.

#include "web/feed_xml.h"
#include "web/handlers.h"
#include "web/urls.h"
#include "web/view_models.h"

namespace web {
namespace {

constexpr int kFeedItems = 20;

enum class Format { kRss, kAtom };

HandlerResult Feed(const SiteDeps& d, Format format, std::string title, std::string path,
                   std::optional<int64_t> section_id, std::optional<int64_t> tag_id) {
  BS_ASSIGN_OR_RETURN(auto items, d.publishing->FeedItems(section_id, tag_id, kFeedItems));
  FeedInfo info;
  info.title = std::move(title);
  info.site_url = AbsoluteUrl(d, path.empty() ? "/" : path);
  info.self_url = AbsoluteUrl(d, path + (format == Format::kRss ? "/feed.xml" : "/atom.xml"));
  info.description = d.site->tagline;
  info.lang = d.site->default_language;
  info.updated = base::Time{};
  std::vector<FeedEntry> entries;
  entries.reserve(items.size());
  for (const auto& a : items) {
    FeedEntry e;
    e.title = a.title;
    e.url = AbsoluteUrl(d, urls::Article(a.slug));
    e.summary = a.deck.empty() ? a.excerpt : a.deck;
    for (const auto& b : a.bylines) e.authors.push_back(b.name);
    for (const auto& t : a.tags) e.categories.push_back(t.name);
    e.published = a.published_at.value_or(a.created_at);
    e.updated = std::max(a.updated_at, e.published);
    info.updated = std::max(info.updated, e.updated);
    entries.push_back(std::move(e));
  }
  if (entries.empty()) info.updated = d.publishing->Now();
  http::Response res;
  if (format == Format::kRss) {
    res.content_type = "application/rss+xml; charset=utf-8";
    res.body = BuildRss(info, entries);
  } else {
    res.content_type = "application/atom+xml; charset=utf-8";
    res.body = BuildAtom(info, entries);
  }
  res.cache_control = "public, max-age=300";
  return res;
}

HandlerResult SectionFeed(const SiteDeps& d, const Params& p, Format f) {
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->SectionPage(p.at("slug"), 1));
  const auto& section = found.first;
  return Feed(d, f, d.site->name + ": " + section.name, urls::Section(section.slug), section.id,
              std::nullopt);
}

HandlerResult TagFeed(const SiteDeps& d, const Params& p, Format f) {
  BS_ASSIGN_OR_RETURN(auto found, d.publishing->TagPage(p.at("slug"), 1));
  const auto& tag = found.first;
  return Feed(d, f, d.site->name + ": #" + tag.name, urls::Tag(tag.slug), std::nullopt, tag.id);
}

}  // namespace

HandlerResult SiteRss(const SiteDeps& d, const http::Request&, const Params&) {
  return Feed(d, Format::kRss, d.site->name, "", std::nullopt, std::nullopt);
}
HandlerResult SiteAtom(const SiteDeps& d, const http::Request&, const Params&) {
  return Feed(d, Format::kAtom, d.site->name, "", std::nullopt, std::nullopt);
}
HandlerResult SectionRss(const SiteDeps& d, const http::Request&, const Params& p) {
  return SectionFeed(d, p, Format::kRss);
}
HandlerResult SectionAtom(const SiteDeps& d, const http::Request&, const Params& p) {
  return SectionFeed(d, p, Format::kAtom);
}
HandlerResult TagRss(const SiteDeps& d, const http::Request&, const Params& p) {
  return TagFeed(d, p, Format::kRss);
}
HandlerResult TagAtom(const SiteDeps& d, const http::Request&, const Params& p) {
  return TagFeed(d, p, Format::kAtom);
}

}  // namespace web
