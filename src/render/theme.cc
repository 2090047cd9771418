// The only file that includes the mustache engine.
//
// Thread safety. kainjow::mustache::render() is a non-const member, but on
// the paths a loaded Theme can take it only reads the parsed tree: the one
// field it writes, error_message_, is written only when (a) a partial tag is
// met (the engine re-parses the partial's text on every render), (b) a
// lambda is used as a {{variable}} or (c) a lambda asks the engine to render
// text. Load rules all three out: partials are inlined textually before
// parsing, so no partial tag remains; {{t}} as a variable is rejected; and our
// only lambda, t, never calls back into the engine. So one parsed template is
// shared by every thread without locks or copies.

#include "render/theme.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <vector>

#include "base/hash.h"

namespace render {
namespace {

namespace fs = std::filesystem;
namespace mus = kainjow::mustache;

constexpr std::string_view kWhitespace = " \t\n\v\f\r";
constexpr std::string_view kTemplateExt = ".mustache";
constexpr int kMaxPartialDepth = 16;

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename V>
using StringMap = std::unordered_map<std::string, V, TransparentHash, std::equal_to<>>;

std::string_view TrimView(std::string_view s) {
  const size_t begin = s.find_first_not_of(kWhitespace);
  if (begin == std::string_view::npos) return {};
  return s.substr(begin, s.find_last_not_of(kWhitespace) + 1 - begin);
}

base::Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (!in) return base::Status::Unavailable("cannot read " + path.string());
  return std::move(buffer).str();
}

// --- Tag scanning ------------------------------------------------------------
// Finds tags exactly the way kainjow's parser does (first "{{", a third '{'
// makes a triple tag closed by "}}}", contents trimmed, the first character
// gives the kind) so that partial inlining and the checks below see the same
// tags the engine will. Unclosed tags are left for the engine to report.

struct Tag {
  size_t begin;           // offset of "{{"
  size_t end;             // one past the closing braces
  char kind;              // '#', '^', '/', '>', '&', '!', '=', '{' (triple) or 'v'
  std::string_view name;  // trimmed, without the kind character
};

std::vector<Tag> ScanTags(std::string_view src) {
  std::vector<Tag> tags;
  size_t pos = 0;
  while ((pos = src.find("{{", pos)) != std::string_view::npos) {
    const bool triple = pos + 2 < src.size() && src[pos + 2] == '{';
    const size_t contents = pos + (triple ? 3 : 2);
    const size_t close = src.find(triple ? "}}}" : "}}", contents);
    if (close == std::string_view::npos) break;
    Tag tag{pos, close + (triple ? 3 : 2), 'v', TrimView(src.substr(contents, close - contents))};
    if (triple) {
      tag.kind = '{';
    } else if (!tag.name.empty() &&
               std::string_view("#^/>&!=").find(tag.name[0]) != std::string_view::npos) {
      tag.kind = tag.name[0];
      tag.name = TrimView(tag.name.substr(1));
    }
    tags.push_back(tag);
    pos = tag.end;
  }
  return tags;
}

size_t LineOf(std::string_view src, size_t offset) {
  offset = std::min(offset, src.size());
  return 1 + static_cast<size_t>(std::count(src.begin(), src.begin() + offset, '\n'));
}

base::Status TemplateError(const std::string& file, std::string_view src, size_t offset,
                           const std::string& what) {
  return base::Status::InvalidArgument(file + ":" + std::to_string(LineOf(src, offset)) + ": " +
                                       what);
}

// Rules a template must follow beyond mustache syntax (see the file comment
// for why): no delimiter changes (partials are inlined as text, which would
// carry a changed delimiter into them), t only as a section, and nothing but
// plain text inside {{#t}}...{{/t}} (that text is the msgid).
base::Status CheckTags(const std::string& file, std::string_view src) {
  bool in_t = false;
  for (const Tag& tag : ScanTags(src)) {
    if (in_t && !(tag.kind == '/' && tag.name == "t")) {
      return TemplateError(file, src, tag.begin, "only plain text may appear inside {{#t}}");
    }
    switch (tag.kind) {
      case '=':
        return TemplateError(file, src, tag.begin, "set-delimiter tags are not supported");
      case 'v':
      case '&':
      case '{':
        if (tag.name == "t") {
          return TemplateError(file, src, tag.begin, "t is a translation section: use {{#t}}");
        }
        break;
      case '#':
        if (tag.name == "t") in_t = true;
        break;
      case '/':
        if (tag.name == "t") in_t = false;
        break;
      default:
        break;
    }
  }
  return base::Status::Ok();
}

// Parses `src` and turns an engine error ("Unclosed section \"x\" at 42")
// into InvalidArgument "file:line: message".
base::Result<std::unique_ptr<mus::mustache>> Parse(const std::string& file,
                                                   const std::string& src) {
  std::unique_ptr<mus::mustache> tmpl;
  try {
    tmpl = std::make_unique<mus::mustache>(src);
  } catch (const std::exception& e) {
    return base::Status::InvalidArgument(file + ": " + e.what());
  }
  if (tmpl->is_valid()) return tmpl;
  const std::string& msg = tmpl->error_message();
  size_t offset = 0;
  if (const size_t at = msg.rfind(" at "); at != std::string::npos) {
    offset = static_cast<size_t>(std::strtoull(msg.c_str() + at + 4, nullptr, 10));
  }
  return TemplateError(file, src, offset, msg);
}

// Expands {{> name}} tags recursively, memoising each expanded partial.
class PartialInliner {
 public:
  explicit PartialInliner(const StringMap<std::string>& sources) : sources_(sources) {}

  base::Result<std::string> Expand(const std::string& file, const std::string& src, int depth = 0) {
    std::string out;
    out.reserve(src.size());
    size_t pos = 0;
    for (const Tag& tag : ScanTags(src)) {
      if (tag.kind != '>') continue;
      out.append(src, pos, tag.begin - pos);
      BS_ASSIGN_OR_RETURN(const std::string* partial, Partial(file, src, tag, depth));
      out.append(*partial);
      pos = tag.end;
    }
    out.append(src, pos, std::string::npos);
    return out;
  }

 private:
  base::Result<const std::string*> Partial(const std::string& file, const std::string& src,
                                           const Tag& tag, int depth) {
    const std::string name(tag.name);
    if (auto done = expanded_.find(name); done != expanded_.end()) return &done->second;
    auto source = sources_.find(name);
    if (source == sources_.end()) {
      return TemplateError(file, src, tag.begin, "unknown partial '" + name + "'");
    }
    if (depth >= kMaxPartialDepth || !in_progress_.insert(name).second) {
      return TemplateError(file, src, tag.begin, "partial '" + name + "' includes itself");
    }
    BS_ASSIGN_OR_RETURN(std::string text,
                        Expand("templates/partials/" + name + std::string(kTemplateExt),
                               source->second, depth + 1));
    in_progress_.erase(name);
    return &expanded_.emplace(name, std::move(text)).first->second;
  }

  const StringMap<std::string>& sources_;
  std::map<std::string, std::string> expanded_;  // node-based: pointers stay valid
  std::set<std::string> in_progress_;
};

// Reads DIR/*.mustache into name -> source, checking each file on its own so
// errors name the file and line the author wrote.
base::Result<StringMap<std::string>> ReadTemplates(const fs::path& dir, const std::string& label) {
  StringMap<std::string> out;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const fs::path& path = it->path();
    if (path.extension() != kTemplateExt || !it->is_regular_file(ec)) continue;
    BS_ASSIGN_OR_RETURN(std::string src, ReadFile(path));
    const std::string file = label + path.filename().string();
    BS_RETURN_IF_ERROR(CheckTags(file, src));
    if (auto parsed = Parse(file, src); !parsed.ok()) return parsed.status();
    out.emplace(path.stem().string(), std::move(src));
  }
  if (ec) return base::Status::Unavailable("cannot list " + dir.string() + ": " + ec.message());
  return out;
}

// --- Assets --------------------------------------------------------------------

std::string ContentType(std::string ext) {
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  static const std::map<std::string, std::string, std::less<>> kTypes = {
      {".css", "text/css; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".gif", "image/gif"},
      {".ico", "image/x-icon"},
      {".woff", "font/woff"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
  };
  auto it = kTypes.find(ext);
  return it == kTypes.end() ? "application/octet-stream" : it->second;
}

// "css/site.css" -> "css_site_css": a name a template can use as a key.
std::string TemplateKey(std::string_view name) {
  std::string key(name);
  std::replace_if(
      key.begin(), key.end(), [](char c) { return c == '.' || c == '/' || c == '-'; }, '_');
  return key;
}

bool IsHidden(const fs::path& relative) {
  for (const fs::path& part : relative) {
    if (!part.empty() && part.native()[0] == '.') return true;
  }
  return false;
}

// --- Rendering -----------------------------------------------------------------

mus::data ToData(const Value& v) {
  // An empty string is false, so `{{#deck}}<p>{{deck}}</p>{{/deck}}` needs no
  // separate flag (kainjow would treat "" as true). As a variable, false
  // prints nothing, exactly like "" would.
  if (v.is_string()) {
    if (v.as_string().empty()) return mus::data(false);
    return mus::data(v.as_string());
  }
  if (v.is_bool()) return mus::data(v.as_bool());
  if (v.is_list()) {
    mus::data out(mus::data::type::list);
    // kainjow offers no mutable access to a list. The vector is a separate
    // non-const heap object, so writing through const_cast is well-defined;
    // it lets elements be moved in instead of deep-copied.
    auto& items = const_cast<mus::list&>(out.list_value());
    items.reserve(v.as_list().size());  // basic_data's move is not noexcept: avoid regrowth copies
    for (const Value& item : v.as_list()) items.push_back(ToData(item));
    return out;
  }
  mus::data out(mus::data::type::object);
  for (const auto& [key, value] : v.as_object()) out[key] = ToData(value);
  return out;
}

// kainjow's own context resolves dotted names ("image.caption") by splitting
// them with a stringstream on every lookup, which dominated render time. This
// one keeps its semantics (innermost frame first; a dotted name resolves in
// the first frame where the whole path does) without the stream.
class FastContext : public mus::basic_context<std::string> {
 public:
  explicit FastContext(const mus::data* root) { frames_.push_back(root); }

  void push(const mus::data* data) override { frames_.push_back(data); }
  void pop() override { frames_.pop_back(); }

  const mus::data* get(const std::string& name) const override {
    if (name == ".") return frames_.back();
    const size_t dot = name.find('.');
    for (auto frame = frames_.rbegin(); frame != frames_.rend(); ++frame) {
      if (dot == std::string::npos) {
        if (const mus::data* found = (*frame)->get(name)) return found;
        continue;
      }
      if (const mus::data* found = GetPath(*frame, name)) return found;
    }
    return nullptr;
  }

  const mus::data* get_partial(const std::string& name) const override {
    // Partials are inlined at Load, so the engine never asks; answering
    // nothing also keeps data from being used as a partial's text.
    (void)name;
    return nullptr;
  }

 private:
  static const mus::data* GetPath(const mus::data* data, const std::string& path) {
    std::string part;
    size_t begin = 0;
    while (data != nullptr) {
      const size_t end = path.find('.', begin);
      part.assign(path, begin, end == std::string::npos ? std::string::npos : end - begin);
      data = data->get(part);
      if (end == std::string::npos) break;
      begin = end + 1;
    }
    return data;
  }

  std::vector<const mus::data*> frames_;
};

// The engine writes output through `stream << text`; appending to a string
// directly avoids an ostringstream and its final copy.
struct StringSink {
  std::string* out;
  StringSink& operator<<(const std::string& text) {
    out->append(text);
    return *this;
  }
};

}  // namespace

struct Theme::Impl {
  const Catalog* catalog = nullptr;
  StringMap<std::unique_ptr<mus::mustache>> templates;
  StringMap<size_t> size_hints;  // source size, to reserve output up front
  StringMap<Asset> assets_by_url;
  StringMap<std::string> url_by_name;
  Value asset_urls = Value::MakeObject();

  base::Status LoadTemplates(const fs::path& dir);
  base::Status LoadAssets(const fs::path& dir);
};

base::Status Theme::Impl::LoadTemplates(const fs::path& dir) {
  StringMap<std::string> partials;
  std::error_code ec;
  if (fs::is_directory(dir / "partials", ec)) {
    BS_ASSIGN_OR_RETURN(partials, ReadTemplates(dir / "partials", "templates/partials/"));
  }
  BS_ASSIGN_OR_RETURN(StringMap<std::string> sources, ReadTemplates(dir, "templates/"));
  PartialInliner inliner(partials);
  for (auto& [name, src] : sources) {
    const std::string file = "templates/" + name + std::string(kTemplateExt);
    BS_ASSIGN_OR_RETURN(std::string expanded, inliner.Expand(file, src));
    // Re-checked as a whole: a section opened in one file and closed in
    // another, or a tag formed across a file boundary, shows up only here.
    // After this no partial tag remains, which the file comment relies on.
    const std::string whole = file + " (with partials inlined)";
    BS_RETURN_IF_ERROR(CheckTags(whole, expanded));
    for (const Tag& tag : ScanTags(expanded)) {
      if (tag.kind == '>') return TemplateError(whole, expanded, tag.begin, "partial left over");
    }
    BS_ASSIGN_OR_RETURN(auto tmpl, Parse(whole, expanded));
    size_hints[name] = expanded.size();
    templates[name] = std::move(tmpl);
  }
  return base::Status::Ok();
}

base::Status Theme::Impl::LoadAssets(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return base::Status::Ok();  // a theme may have none
  std::vector<Asset> found;
  for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    const fs::path relative = it->path().lexically_relative(dir);
    if (IsHidden(relative)) continue;
    Asset asset;
    asset.name = relative.generic_string();
    BS_ASSIGN_OR_RETURN(asset.body, ReadFile(it->path()));
    const std::string hash = base::Hex64(base::Fnv1a64(asset.body));
    const fs::path parent = relative.parent_path();
    asset.url = "/assets/" + (parent.empty() ? "" : parent.generic_string() + "/") +
                relative.stem().string() + "." + hash + relative.extension().string();
    asset.content_type = ContentType(relative.extension().string());
    asset.etag = "\"" + hash + "\"";
    found.push_back(std::move(asset));
  }
  if (ec) return base::Status::Unavailable("cannot list " + dir.string() + ": " + ec.message());
  // Sorted so that, should two names map to one template key, the result
  // does not depend on directory order.
  std::sort(found.begin(), found.end(),
            [](const Asset& a, const Asset& b) { return a.name < b.name; });
  for (Asset& asset : found) {
    asset_urls.Set(TemplateKey(asset.name), asset.url);
    url_by_name[asset.name] = asset.url;
    std::string url = asset.url;
    assets_by_url[std::move(url)] = std::move(asset);
  }
  return base::Status::Ok();
}

Theme::Theme() : impl_(std::make_unique<Impl>()) {}
Theme::~Theme() = default;

base::Result<std::unique_ptr<Theme>> Theme::Load(const std::string& dir, const Catalog& catalog) {
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root / "templates", ec)) {
    return base::Status::NotFound("no templates/ directory in theme " + dir);
  }
  std::unique_ptr<Theme> theme(new Theme());
  theme->impl_->catalog = &catalog;
  BS_RETURN_IF_ERROR(theme->impl_->LoadTemplates(root / "templates"));
  BS_RETURN_IF_ERROR(theme->impl_->LoadAssets(root / "assets"));
  return theme;
}

base::Result<std::string> Theme::Render(std::string_view name, const Value& data,
                                        std::string_view lang) const {
  auto it = impl_->templates.find(name);
  if (it == impl_->templates.end()) {
    return base::Status::NotFound("no template '" + std::string(name) + "'");
  }
  if (!data.is_object()) return base::Status::InvalidArgument("template data must be an object");
  mus::mustache& tmpl = *it->second;  // shared, only read: see the file comment
  try {
    mus::data root = ToData(data);
    const Catalog* catalog = impl_->catalog;
    root["t"] = mus::data(
        mus::lambda2([catalog, lang](const std::string& text, const mus::renderer&) -> std::string {
          return mus::html_escape(std::string(catalog->Get(lang, TrimView(text))));
        }));
    std::string out;
    out.reserve(impl_->size_hints.find(name)->second + 1024);
    FastContext context(&root);
    StringSink sink{&out};
    tmpl.render(context, sink);
    if (!tmpl.is_valid()) {
      return base::Status::Internal("rendering " + std::string(name) + ": " + tmpl.error_message());
    }
    return out;
  } catch (const std::exception& e) {
    return base::Status::Internal("rendering " + std::string(name) + ": " + e.what());
  }
}

const Asset* Theme::FindAsset(std::string_view url_path) const {
  auto it = impl_->assets_by_url.find(url_path);
  return it == impl_->assets_by_url.end() ? nullptr : &it->second;
}

std::string Theme::AssetUrl(std::string_view name) const {
  auto it = impl_->url_by_name.find(name);
  return it == impl_->url_by_name.end() ? std::string() : it->second;
}

Value Theme::AssetUrls() const { return impl_->asset_urls; }

}  // namespace render
