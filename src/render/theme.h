#pragma once
// A theme is a directory on disk:
//   templates/*.mustache            pages (home, article, list, byline, page, error, ...)
//   templates/partials/*.mustache   partials usable from any template as {{> name}}
//   assets/*                        css, images, fonts — served with content-hashed URLs
// Templates are parsed once at Load; Render is thread-safe and allocation-light.
// {{var}} is HTML-escaped; {{{var}}} is reserved for HTML our own Markdown
// renderer produced. {{#t}}English text{{/t}} translates through the Catalog
// into the page language given to Render (escaped; the trimmed text between
// the tags is the msgid, so it may hold no other tags). "t" is therefore a
// reserved data key, at any depth. Translations into the languages the
// catalog has at Load are looked up once, at Load. Partials are expanded into
// each template at Load, so they may include other partials (not
// themselves); set-delimiter tags ({{=<% %>=}}) are not supported.

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "base/status.h"
#include "render/catalog.h"
#include "render/value.h"

namespace render {

struct Asset {
  std::string name;          // "site.css"
  std::string url;           // "/assets/site.1a2b3c4d5e6f7a8b.css"
  std::string content_type;  // "text/css; charset=utf-8"
  std::string body;
  std::string etag;          // quoted
};

class Theme {
 public:
  // Loads and parses everything; InvalidArgument naming the file and line for
  // a template syntax error, an unknown or recursive partial, {{t}} used as a
  // variable, tags inside {{#t}} or a set-delimiter tag; NotFound if `dir`
  // has no templates/. Every file under assets/ (recursively, dotfiles
  // skipped) is read into memory.
  // `catalog` must outlive the Theme and not change after Load.
  // Asset URLs start with `asset_url_prefix` (the admin theme's live under
  // "/admin/assets/", so they never clash with the site theme's).
  static base::Result<std::unique_ptr<Theme>> Load(const std::string& dir,
                                                   const Catalog& catalog,
                                                   const std::string& asset_url_prefix =
                                                       "/assets/");
  ~Theme();

  // Renders templates/<name>.mustache with `data` in language `lang`.
  // NotFound for an unknown template name (partials are not templates);
  // InvalidArgument if `data` is not an object.
  base::Result<std::string> Render(std::string_view name, const Value& data,
                                   std::string_view lang) const;
  // The same, but may move strings out of `data` instead of copying them;
  // `data` is left valid but unspecified.
  base::Result<std::string> Render(std::string_view name, Value&& data,
                                   std::string_view lang) const;

  // The asset served at `url_path` ("/assets/site.<hash>.css"), or nullptr.
  // Only exact hashed URLs match, so "../" tricks find nothing.
  const Asset* FindAsset(std::string_view url_path) const;
  // "/assets/site.<hash>.css" for "site.css"; "" if no such asset.
  std::string AssetUrl(std::string_view name) const;
  // Every asset name -> url, for templates: '.', '/' and '-' become '_'
  // ("img/logo-dark.svg" -> {{assets.img_logo_dark_svg}}).
  Value AssetUrls() const;

 private:
  Theme();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace render
