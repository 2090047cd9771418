// Machine-facing routes: sitemap, robots.txt, health check, theme assets and
// uploaded media files.

#include <fstream>
#include <sstream>

#include "base/text.h"
#include "base/time_format.h"
#include "web/handlers.h"
#include "web/urls.h"
#include "web/view_models.h"

namespace web {

using base::Status;

namespace {

constexpr int kSitemapLimit = 50000;  // the sitemap protocol's per-file maximum

void AddUrl(std::string* x, const std::string& loc, std::optional<base::Time> lastmod) {
  *x += "<url><loc>" + base::EscapeXml(loc) + "</loc>";
  if (lastmod) *x += "<lastmod>" + base::FormatRfc3339(*lastmod) + "</lastmod>";
  *x += "</url>\n";
}

// Media paths are what publishing stored: segments of [A-Za-z0-9._-], none
// starting with '.', so nothing can climb out of the media directory.
bool IsSafeMediaPath(std::string_view path) {
  if (path.empty() || path.size() > 300) return false;
  for (std::string_view seg : base::Split(path, '/')) {
    if (seg.empty() || seg.front() == '.') return false;
    for (char c : seg) {
      bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                c == '.' || c == '_' || c == '-';
      if (!ok) return false;
    }
  }
  return true;
}

std::string MediaType(std::string_view path) {
  auto dot = path.rfind('.');
  std::string ext = dot == std::string_view::npos ? "" : base::FoldAccentsLower(path.substr(dot + 1));
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "webp") return "image/webp";
  if (ext == "gif") return "image/gif";
  return "";
}

}  // namespace

HandlerResult Sitemap(const SiteDeps& d, const http::Request&, const Params&) {
  std::string x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                  "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  BS_ASSIGN_OR_RETURN(auto last, d.publishing->LastModified());
  AddUrl(&x, AbsoluteUrl(d, "/"), last);
  BS_ASSIGN_OR_RETURN(auto sections, d.publishing->Sections());
  for (const auto& s : sections) AddUrl(&x, AbsoluteUrl(d, urls::Section(s.slug)), std::nullopt);
  BS_ASSIGN_OR_RETURN(auto pages, d.publishing->AllVisible(store::ContentKind::kPage, kSitemapLimit));
  for (const auto& p : pages) AddUrl(&x, AbsoluteUrl(d, urls::Page(p.slug)), p.updated_at);
  BS_ASSIGN_OR_RETURN(auto articles,
                      d.publishing->AllVisible(store::ContentKind::kArticle, kSitemapLimit));
  for (const auto& a : articles) AddUrl(&x, AbsoluteUrl(d, urls::Article(a.slug)), a.updated_at);
  x += "</urlset>\n";
  http::Response res;
  res.content_type = "application/xml; charset=utf-8";
  res.cache_control = "public, max-age=3600";
  res.body = std::move(x);
  return res;
}

HandlerResult Robots(const SiteDeps& d, const http::Request&, const Params&) {
  http::Response res;
  res.content_type = "text/plain; charset=utf-8";
  res.cache_control = "public, max-age=86400";
  res.body = "User-agent: *\nAllow: /\n\nSitemap: " + AbsoluteUrl(d, "/sitemap.xml") + "\n";
  return res;
}

HandlerResult Health(const SiteDeps& d, const http::Request&, const Params&) {
  http::Response res;
  res.content_type = "text/plain; charset=utf-8";
  res.cache_control = "no-store";
  res.etag = false;
  Status s = d.health ? d.health() : Status::Ok();
  if (!s.ok()) {
    if (d.log_error) d.log_error("health check failed: " + s.ToString());
    res.status = 503;
    res.body = "unavailable\n";
  } else {
    res.body = "ok\n";
  }
  return res;
}

HandlerResult Asset(const SiteDeps& d, const http::Request& req, const Params&) {
  const render::Asset* asset = d.theme->FindAsset(req.path);
  if (asset == nullptr) return Status::NotFound("no asset " + req.path);
  http::Response res;
  res.content_type = asset->content_type;
  res.cache_control = "public, max-age=31536000, immutable";
  res.body = asset->body;
  return res;
}

HandlerResult MediaFile(const SiteDeps& d, const http::Request& req, const Params&) {
  std::string_view rel = std::string_view(req.path).substr(std::string_view("/media/").size());
  std::string type = MediaType(rel);
  if (!IsSafeMediaPath(rel) || type.empty()) return Status::NotFound("no media " + req.path);
  std::ifstream in(d.media_dir + "/" + std::string(rel), std::ios::binary);
  if (!in) return Status::NotFound("no media file " + req.path);
  std::ostringstream body;
  body << in.rdbuf();
  http::Response res;
  res.content_type = type;
  res.cache_control = "public, max-age=86400";
  res.body = std::move(body).str();
  return res;
}

}  // namespace web
