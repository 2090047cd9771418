// Site search for readers: the /search results page (works without
// JavaScript) and the JSON suggestions behind the as-you-type box.

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "base/text.h"
#include "publishing/search_service.h"
#include "web/handlers.h"
#include "web/urls.h"
#include "web/view_models.h"

namespace web {

using base::Status;
using render::Value;

namespace {

// A query parameter: "" when absent; InvalidArgument when present but not
// decodable (bad escape, invalid UTF-8), like PageParam.
base::Result<std::string> TextParam(const http::Request& req, std::string_view name) {
  if (auto v = req.QueryParam(name)) return std::move(*v);
  for (std::string_view pair : base::Split(req.query, '&')) {
    if (pair == name ||
        (pair.starts_with(name) && pair.size() > name.size() && pair[name.size()] == '=')) {
      return Status::InvalidArgument(std::string(name) + ": undecodable");
    }
  }
  return std::string();
}

std::string HitUrl(const store::SearchHit& h) {
  if (h.type == "page") return urls::Page(h.slug);
  if (h.type == "qa") return "/mailbag/" + h.slug;
  return urls::Article(h.slug);
}

// A Q&A's title is its whole public question, often several sentences:
// results and suggestions show the start of it, like the archive does.
constexpr size_t kQaTitleBytes = 110;
std::string HitTitle(std::string_view type, const std::string& title) {
  return type == "qa" ? base::TruncateText(title, kQaTitleBytes) : title;
}

// The snippet as HTML: escaped first, then the store's markers become <mark>
// (balanced even if cleaning dropped one of a pair).
std::string SnippetHtml(std::string_view snippet) {
  std::string out;
  out.reserve(snippet.size() + 32);
  bool open = false;
  size_t start = 0;
  auto flush = [&](size_t end) { out += base::EscapeHtml(snippet.substr(start, end - start)); };
  for (size_t i = 0; i < snippet.size(); ++i) {
    const char c = snippet[i];
    if (c != store::kHighlightOpen && c != store::kHighlightClose) continue;
    flush(i);
    start = i + 1;
    if (c == store::kHighlightOpen && !open) {
      out += "<mark>";
      open = true;
    } else if (c == store::kHighlightClose && open) {
      out += "</mark>";
      open = false;
    }
  }
  flush(snippet.size());
  if (open) out += "</mark>";
  return out;
}

// "/search?q=...&type=..." without the page: the base of the pagination links.
std::string SearchUrl(const publishing::SearchRequest& r, const std::string& query, int page) {
  std::string url = "/search?q=" + http::PercentEncode(query);
  auto add = [&](const char* name, const std::string& v) {
    if (!v.empty()) url += std::string("&") + name + "=" + http::PercentEncode(v);
  };
  add("type", r.type);
  add("section", r.section_slug);
  add("tag", r.tag_slug);
  add("lang", r.lang);
  if (r.year) add("year", std::to_string(*r.year));
  if (page > 1) url += "&page=" + std::to_string(page);
  return url;
}

// One Get per msgid, so the translations test finds each.
std::string TypeLabel(const SiteDeps& d, std::string_view lang, std::string_view type) {
  if (type == "page") return std::string(d.catalog->Get(lang, "Page"));
  if (type == "qa") return std::string(d.catalog->Get(lang, "Q&A"));
  return std::string(d.catalog->Get(lang, "Article"));
}

Value Option(std::string value, std::string label, bool selected) {
  return Value::MakeObject(3)
      .Set("value", std::move(value))
      .Set("label", std::move(label))
      .Set("selected", selected);
}

base::Result<publishing::SearchRequest> ParseSearchRequest(const http::Request& req) {
  publishing::SearchRequest r;
  BS_ASSIGN_OR_RETURN(r.text, TextParam(req, "q"));
  BS_ASSIGN_OR_RETURN(r.type, TextParam(req, "type"));
  BS_ASSIGN_OR_RETURN(r.section_slug, TextParam(req, "section"));
  BS_ASSIGN_OR_RETURN(r.tag_slug, TextParam(req, "tag"));
  BS_ASSIGN_OR_RETURN(r.lang, TextParam(req, "lang"));
  BS_ASSIGN_OR_RETURN(std::string year, TextParam(req, "year"));
  if (!year.empty()) {
    auto y = base::ParseInt64(year);
    if (!y || *y < 1000 || *y > 9999) return Status::InvalidArgument("year: not a year");
    r.year = static_cast<int>(*y);
  }
  BS_ASSIGN_OR_RETURN(r.page, PageParam(req));
  return r;
}

http::Response JsonResponse(int status, std::string body) {
  http::Response res;
  res.status = status;
  res.content_type = "application/json";
  res.cache_control = "no-store";
  res.etag = false;
  res.body = std::move(body);
  return res;
}

}  // namespace

HandlerResult SearchPage(const SiteDeps& d, const http::Request& req, const Params&) {
  BS_ASSIGN_OR_RETURN(publishing::SearchRequest r, ParseSearchRequest(req));
  BS_ASSIGN_OR_RETURN(publishing::SearchResults res, d.search->Search(r));
  const std::string& lang = d.site->default_language;
  const std::string_view search_word = d.catalog->Get(lang, "Search");

  PageMeta meta;
  meta.title =
      res.query.empty() ? std::string(search_word) : std::string(search_word) + ": " + res.query;
  if (res.page > 1) meta.title += " (" + std::to_string(res.page) + ")";
  meta.noindex = true;  // result pages are not content
  Value data = LayoutData(d, lang, meta, "/search");

  Value results = Value::MakeList(res.hits.size());
  for (const store::SearchHit& h : res.hits) {
    Value v = Value::MakeObject(10);
    v.Set("title", HitTitle(h.type, h.title)).Set("url", HitUrl(h)).Set("type", h.type);
    v.Set("type_label", TypeLabel(d, lang, h.type));
    v.Set("snippet_html", SnippetHtml(h.snippet));
    v.Set("date", h.published_at ? Value(LongDate(d, *h.published_at, lang)) : Value(false));
    v.Set("lang", h.lang);
    if (!h.section_slug.empty()) {
      v.Set("section_name", h.section_name).Set("section_url", urls::Section(h.section_slug));
    }
    results.Push(std::move(v));
  }

  Value pagination = Value::MakeObject(5);
  pagination.Set("page", std::to_string(res.page));
  pagination.Set("total_pages", std::to_string(res.total_pages));
  pagination.Set("show", res.total_pages > 1);
  if (res.page > 1) pagination.Set("prev_url", SearchUrl(r, res.query, res.page - 1));
  if (res.page < res.total_pages) pagination.Set("next_url", SearchUrl(r, res.query, res.page + 1));

  Value types = Value::MakeList(4);
  types.Push(Option("", std::string(d.catalog->Get(lang, "Everything")), r.type.empty()));
  types.Push(Option("article", std::string(d.catalog->Get(lang, "Articles")), r.type == "article"));
  types.Push(Option("page", std::string(d.catalog->Get(lang, "Pages")), r.type == "page"));
  types.Push(Option("qa", std::string(d.catalog->Get(lang, "Mailbag answers")), r.type == "qa"));
  Value languages = Value::MakeList();
  if (d.site->languages.size() > 1) {
    languages.Push(Option("", std::string(d.catalog->Get(lang, "Any language")), r.lang.empty()));
    for (const std::string& l : d.site->languages) {
      languages.Push(Option(l, l == "es" ? "Español" : l == "en" ? "English" : l, r.lang == l));
    }
  }
  Value sections = Value::MakeList();
  BS_ASSIGN_OR_RETURN(std::vector<store::Section> all_sections, d.publishing->Sections());
  sections.Push(
      Option("", std::string(d.catalog->Get(lang, "All sections")), r.section_slug.empty()));
  for (const store::Section& s : all_sections) {
    sections.Push(Option(s.slug, s.name, r.section_slug == s.slug));
  }

  Value search = Value::MakeObject(16);
  search.Set("query", res.query);
  search.Set("has_query", !res.query.empty());
  search.Set("total", std::to_string(res.total));
  search.Set("one", res.total == 1 && !res.more);
  search.Set("more", res.more);
  search.Set("results", std::move(results));
  search.Set("has_results", !res.hits.empty());
  search.Set("empty", !res.query.empty() && res.hits.empty());
  search.Set("types", std::move(types));
  search.Set("languages", std::move(languages));
  search.Set("has_languages", d.site->languages.size() > 1);
  search.Set("sections", std::move(sections));
  search.Set("tag", r.tag_slug);
  search.Set("year", r.year ? std::to_string(*r.year) : std::string());
  search.Set("suggest_url", "/search/suggest");
  data.Set("search", std::move(search));
  data.Set("pagination", std::move(pagination));
  BS_ASSIGN_OR_RETURN(http::Response out, RenderHtml(d, "search", std::move(data), lang));
  // Results change with every edit and carry the visitor's words: not cached.
  out.cache_control = "no-store";
  out.etag = false;
  return out;
}

HandlerResult SearchSuggest(const SiteDeps& d, const http::Request& req, const Params&) {
  if (d.suggest_limiter != nullptr) {
    SlidingWindowLimiter::Verdict v = d.suggest_limiter->Admit(req.remote_address);
    if (!v.admitted) {
      http::Response res = JsonResponse(429, R"({"error":"rate_limited"})");
      res.Header("Retry-After", std::to_string(v.retry_after.count()));
      return res;
    }
  }
  auto text = TextParam(req, "q");
  if (!text.ok()) return JsonResponse(400, R"({"error":"bad_query"})");
  BS_ASSIGN_OR_RETURN(std::vector<store::Suggestion> found,
                      d.search->Suggest(*text, publishing::kMaxSuggestions));
  boost::json::array list;
  for (const store::Suggestion& s : found) {
    store::SearchHit h;
    h.type = s.type;
    h.slug = s.slug;
    boost::json::object o;
    o["title"] = HitTitle(s.type, s.title);
    o["url"] = HitUrl(h);
    o["type"] = s.type;
    list.push_back(std::move(o));
  }
  boost::json::object body;
  body["suggestions"] = std::move(list);
  return JsonResponse(200, boost::json::serialize(body));
}

}  // namespace web
