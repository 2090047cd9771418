// The only file that includes the mustache engine.
//
// Thread safety. kainjow::mustache::render() is a non-const member, but on
// the paths a loaded Theme can take it only reads the parsed tree: the one
// field it writes, error_message_, is written only when (a) a partial tag is
// met (the engine re-parses the partial's text on every render), (b) a
// lambda is used as a {{variable}} or (c) a lambda asks the engine to render
// text. Load rules all three out: partials are inlined textually before
// parsing, so no partial tag remains; {{t}} as a variable is rejected; and our
// only lambda, t, never calls back into the engine. The escape function is
// set once at Load. So one parsed template is shared by every thread without
// locks or copies.
//
// Speed. Per request the work is: turn the Value into what the engine reads
// (DataTree: no per-key maps, strings moved when the caller gives up the
// Value), look names up (FastContext: no string splitting or hashing), escape
// (EscapeHtml: copies whole runs) and translate (done at Load per catalog
// language, see Pretranslate). What is left is the engine's own walk over the
// parsed template.

#include "render/theme.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <cassert>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <kainjow/mustache.hpp>
#include <map>
#include <set>
#include <sstream>
#include <system_error>
#include <type_traits>
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

// kainjow's html_escape appends one character at a time into a string twice
// the input's size. Most text has nothing to escape, so this scans first and
// then copies whole runs. Escapes the same five characters the same way.
constexpr std::array<bool, 256> kEscaped = [] {
  std::array<bool, 256> table{};
  for (unsigned char c : std::string_view("&<>\"'")) table[c] = true;
  return table;
}();

void AppendEscaped(std::string_view text, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (!kEscaped[static_cast<unsigned char>(c)]) continue;
    out->append(text.data() + run, i - run);
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      default: out->append("&apos;"); break;
    }
    run = i + 1;
  }
  out->append(text.data() + run, text.size() - run);
}

std::string EscapeHtml(std::string_view text) {
  size_t first = 0;
  while (first < text.size() && !kEscaped[static_cast<unsigned char>(text[first])]) ++first;
  if (first == text.size()) return std::string(text);
  std::string out;
  out.reserve(text.size() + 32);
  out.append(text.data(), first);
  AppendEscaped(text.substr(first), &out);
  return out;
}

// The engine's view of a Value tree. kainjow's own data type keeps each
// object in an unordered_map with a heap node per key; building one per
// request cost more than rendering. Instead only what the engine inspects
// itself is converted (strings, bools, lists), objects become opaque
// placeholders (an "invalid" basic_data: no heap, and the engine treats it
// exactly like an object: truthy in sections, prints nothing as a variable,
// pushed as a context frame), and FastContext answers names from the Value's
// own key lists. With a mutable tree (Render(Value&&)) strings are moved, not
// copied.
class DataTree {
 public:
  struct Object {
    const Value::Object* entries;
    const mus::data* values;         // values[i]: the engine's view of (*entries)[i].second
    const Object* const* members;    // members[i]: the same as an object, or nullptr
  };

  // REQUIRES: root.is_object(). V is `const Value` (strings are copied) or
  // `Value` (strings are moved out). `root` must outlive the tree.
  template <typename V>
  explicit DataTree(V& root) : movable_(!std::is_const_v<V>), root_(mus::data::type::invalid) {
    Counts counts;
    Count(root, &counts);
    slots_.reserve(counts.members);
    member_objects_.reserve(counts.members);
    pending_.reserve(counts.members);
    objects_.reserve(counts.objects);
    list_items_.reserve(counts.objects);
    root_object_ = Build(root, &root_);
    std::sort(list_items_.begin(), list_items_.end(), [](const auto& a, const auto& b) {
      return std::less<const mus::data*>()(a.first, b.first);
    });
  }

  const mus::data* root() const { return &root_; }
  const Object* root_object() const { return root_object_; }

  // The engine's view of member `i` of `object`. A non-empty string member is
  // only converted when first asked for: pages leave many strings unused.
  const mus::data* MemberValue(const Object& object, size_t i) {
    const size_t slot = static_cast<size_t>(object.values - slots_.data()) + i;
    if (const std::string* text = pending_[slot]) {
      pending_[slot] = nullptr;
      slots_[slot] = mus::data(mus::data::type::string);
      // kainjow offers no mutable access; the string is a separate non-const
      // heap object, so writing through const_cast is well-defined. When
      // movable_, `text` belongs to a Value the caller gave up.
      auto& str = const_cast<std::string&>(slots_[slot].string_value());
      if (movable_) {
        str = std::move(*const_cast<std::string*>(text));
      } else {
        str = *text;
      }
    }
    return &slots_[slot];
  }

  // The object `data` stands for, or nullptr if it is not an object of this
  // tree. `*hint` (start at 0) speeds up finding consecutive items of a list.
  const Object* FindObject(const mus::data* data, size_t* hint) const {
    const std::less<const mus::data*> less;
    if (!less(data, slots_.data()) && less(data, slots_.data() + slots_.size())) {
      return member_objects_[static_cast<size_t>(data - slots_.data())];
    }
    if (*hint + 1 < list_items_.size() && list_items_[*hint + 1].first == data) {
      return list_items_[++*hint].second;
    }
    auto it = std::lower_bound(
        list_items_.begin(), list_items_.end(), data,
        [&less](const auto& entry, const mus::data* d) { return less(entry.first, d); });
    if (it == list_items_.end() || it->first != data) return nullptr;
    *hint = static_cast<size_t>(it - list_items_.begin());
    return it->second;
  }

 private:
  struct Counts {
    size_t members = 0;
    size_t objects = 0;
  };

  static void Count(const Value& v, Counts* counts) {
    if (v.is_list()) {
      for (const Value& item : v.as_list()) Count(item, counts);
    } else if (v.is_object()) {
      ++counts->objects;
      counts->members += v.as_object().size();
      for (const auto& entry : v.as_object()) Count(entry.second, counts);
    }
  }

  // Fills `*slot` with the engine's view of `v`; returns the Object record
  // when `v` is an object.
  template <typename V>
  const Object* Build(V& v, mus::data* slot) {
    // An empty string is false, so `{{#deck}}<p>{{deck}}</p>{{/deck}}` needs
    // no separate flag (kainjow would treat "" as true). As a variable, false
    // prints nothing, exactly like "" would.
    if (v.is_string()) {
      if (v.as_string().empty()) {
        *slot = mus::data(false);
        return nullptr;
      }
      *slot = mus::data(mus::data::type::string);
      // kainjow offers no mutable access; the string is a separate non-const
      // heap object, so writing through const_cast is well-defined.
      auto& str = const_cast<std::string&>(slot->string_value());
      if constexpr (std::is_const_v<V>) {
        str = v.as_string();
      } else {
        str = std::move(v.as_string());
      }
      return nullptr;
    }
    if (v.is_bool()) {
      *slot = mus::data(v.as_bool());
      return nullptr;
    }
    if (v.is_list()) {
      *slot = mus::data(mus::data::type::list);
      auto& items = const_cast<mus::list&>(slot->list_value());  // as above
      // Reserved exactly: items never move, so pointers to them stay valid.
      items.reserve(v.as_list().size());
      for (auto& item : v.as_list()) {
        items.emplace_back(false);
        if (const Object* object = Build(item, &items.back())) {
          list_items_.emplace_back(&items.back(), object);
        }
      }
      return nullptr;
    }
    *slot = mus::data(mus::data::type::invalid);
    auto& entries = v.as_object();
    const size_t base = slots_.size();
    // Reserved exactly by Count: these never reallocate, so the pointers
    // taken below stay valid.
    assert(base + entries.size() <= slots_.capacity() && objects_.size() < objects_.capacity());
    for (size_t i = 0; i < entries.size(); ++i) {
      slots_.emplace_back(false);
      member_objects_.push_back(nullptr);
      pending_.push_back(nullptr);
    }
    objects_.push_back(Object{&entries, slots_.data() + base, member_objects_.data() + base});
    const Object* object = &objects_.back();
    for (size_t i = 0; i < entries.size(); ++i) {
      const Value& member = entries[i].second;
      if (member.is_string() && !member.as_string().empty()) {
        pending_[base + i] = &member.as_string();  // see MemberValue
      } else {
        member_objects_[base + i] = Build(entries[i].second, &slots_[base + i]);
      }
    }
    return object;
  }

  const bool movable_;
  mus::data root_;
  const Object* root_object_ = nullptr;
  std::vector<mus::data> slots_;               // every object member's value
  std::vector<const Object*> member_objects_;  // parallel to slots_
  std::vector<const std::string*> pending_;    // parallel to slots_: not yet converted
  std::vector<Object> objects_;
  std::vector<std::pair<const mus::data*, const Object*>> list_items_;  // sorted by address
};

// The context the engine looks names up in. kainjow's own context splits
// dotted names with a stringstream on every lookup and needs its object
// maps; this one walks the Value tree with the same semantics: innermost
// frame first, a dotted name resolves in the first frame where the whole path
// does and "." is the innermost frame. "t" is the translation lambda
// whatever the data says.
class FastContext : public mus::basic_context<std::string> {
 public:
  FastContext(DataTree* tree, const mus::data* t) : tree_(tree), t_(t) {
    frames_.reserve(16);
    frames_.push_back({tree->root(), tree->root_object()});
  }

  void push(const mus::data* data) override {
    // Items of one list are pushed one after another at the same depth, so
    // the previous push at this depth is the best hint for the next.
    const size_t depth = frames_.size();
    if (hints_.size() <= depth) hints_.resize(depth + 1, 0);
    frames_.push_back({data, tree_->FindObject(data, &hints_[depth])});
  }
  void pop() override { frames_.pop_back(); }

  const mus::data* get(const std::string& name) const override {
    if (name.size() == 1 && name[0] == '.') return frames_.back().data;
    const size_t dot = name.find('.');
    // "t" is reserved at every depth (so a phrase translates the same whether
    // or not it was pasted in at Load); it has no members.
    if (FirstPartIsT(name, dot)) return dot == std::string::npos ? t_ : nullptr;
    for (size_t i = frames_.size(); i-- > 0;) {
      const DataTree::Object* object = frames_[i].object;
      if (object == nullptr) continue;
      if (const mus::data* found = dot == std::string::npos ? Member(*object, name)
                                                            : Path(object, name, dot)) {
        return found;
      }
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
  struct Frame {
    const mus::data* data;
    const DataTree::Object* object;  // nullptr unless data is an object
  };

  static bool FirstPartIsT(const std::string& name, size_t dot) {
    return !name.empty() && name[0] == 't' && (dot == std::string::npos ? name.size() == 1 : dot == 1);
  }

  static size_t MemberIndex(const DataTree::Object& object, std::string_view key) {
    const Value::Object& entries = *object.entries;
    // Last match wins, as it did when keys were inserted into a map in order.
    for (size_t i = entries.size(); i-- > 0;) {
      const std::string& k = entries[i].first;
      if (k.size() == key.size() &&
          (key.empty() || (k[0] == key[0] && std::memcmp(k.data(), key.data(), key.size()) == 0))) {
        return i;
      }
    }
    return std::string_view::npos;
  }

  const mus::data* Member(const DataTree::Object& object, std::string_view key) const {
    const size_t i = MemberIndex(object, key);
    return i == std::string_view::npos ? nullptr : tree_->MemberValue(object, i);
  }

  // "a.b.c" from `object`; `dot` is the first '.'.
  const mus::data* Path(const DataTree::Object* object, std::string_view path, size_t dot) const {
    size_t begin = 0;
    size_t end = dot;
    while (true) {
      const size_t i = MemberIndex(*object, path.substr(begin, end - begin));
      if (i == std::string_view::npos) return nullptr;
      if (end == std::string_view::npos) return tree_->MemberValue(*object, i);
      object = object->members[i];
      if (object == nullptr) return nullptr;
      begin = end + 1;
      end = path.find('.', begin);
    }
  }

  DataTree* tree_;  // converts strings as they are looked up
  const mus::data* t_;
  std::vector<Frame> frames_;
  std::vector<size_t> hints_;
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

// What the translation lambda needs; lives on Render's stack so the lambda
// captures one pointer and std::function stores it without allocating.
struct Translator {
  const Catalog* catalog;
  std::string_view lang;
};

// Short translations are pasted into the template as text at Load; longer
// ones stay {{#t}} sections. The engine walks text one word at a time (every
// space is a node), so a long phrase costs more as text than one lambda call.
constexpr size_t kMaxPastedSpaces = 3;

// `src` with short {{#t}}text{{/t}} sections replaced by the escaped
// translation of the trimmed text into `lang`. That is exactly what the
// lambda would have output: a lambda section writes its result into the line
// as plain text and does not count as a standalone section tag. Translations
// holding a brace or a line break are not pasted: as template text those
// could form tags or end a line where the lambda's output would not. Nor is
// an empty one, which could join a '{' before it to a tag after it.
std::string Pretranslate(std::string_view src, const Catalog& catalog, std::string_view lang) {
  std::string out;
  out.reserve(src.size());
  size_t pos = 0;
  const Tag* open = nullptr;
  const std::vector<Tag> tags = ScanTags(src);
  for (const Tag& tag : tags) {
    if (tag.kind == '#' && tag.name == "t") {
      open = &tag;
      continue;
    }
    if (open == nullptr || tag.kind != '/' || tag.name != "t") continue;
    const std::string_view text = src.substr(open->end, tag.begin - open->end);
    const std::string translated = EscapeHtml(catalog.Get(lang, TrimView(text)));
    const bool pasteable =
        !translated.empty() && translated.find_first_of("{}\r\n") == std::string::npos &&
        static_cast<size_t>(std::count_if(translated.begin(), translated.end(), [](char c) {
          return c == ' ' || c == '\t';
        })) <= kMaxPastedSpaces;
    if (pasteable) {
      out.append(src.substr(pos, open->begin - pos)).append(translated);
      pos = tag.end;
    }
    open = nullptr;
  }
  out.append(src.substr(pos));
  return out;
}

}  // namespace

struct Theme::Impl {
  struct Template {
    std::unique_ptr<mus::mustache> engine;  // shared, only read: see the file comment
    // The same template with short {{#t}} sections already translated, per
    // catalog language (see Pretranslate).
    StringMap<std::unique_ptr<mus::mustache>> translated;
    // The size of the last page rendered from it, to reserve output up front.
    mutable std::atomic<size_t> size_hint{0};
  };

  const Catalog* catalog = nullptr;
  StringMap<std::unique_ptr<Template>> templates;
  StringMap<Asset> assets_by_url;
  StringMap<std::string> url_by_name;
  Value asset_urls = Value::MakeObject();

  base::Status LoadTemplates(const fs::path& dir);
  base::Status LoadAssets(const fs::path& dir, const std::string& url_prefix);
  template <typename V>
  base::Result<std::string> Render(std::string_view name, V& data, std::string_view lang) const;
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
    auto tmpl = std::make_unique<Template>();
    BS_ASSIGN_OR_RETURN(tmpl->engine, Parse(whole, expanded));
    tmpl->engine->set_custom_escape(EscapeHtml);
    for (const std::string& lang : catalog->Languages()) {
      const std::string src = Pretranslate(expanded, *catalog, lang);
      BS_ASSIGN_OR_RETURN(auto engine, Parse(whole + " [" + lang + "]", src));
      engine->set_custom_escape(EscapeHtml);
      tmpl->translated[lang] = std::move(engine);
    }
    tmpl->size_hint = expanded.size();
    templates[name] = std::move(tmpl);
  }
  return base::Status::Ok();
}

base::Status Theme::Impl::LoadAssets(const fs::path& dir, const std::string& url_prefix) {
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
    asset.url = url_prefix + (parent.empty() ? "" : parent.generic_string() + "/") +
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

base::Result<std::unique_ptr<Theme>> Theme::Load(const std::string& dir, const Catalog& catalog,
                                                 const std::string& asset_url_prefix) {
  const fs::path root(dir);
  std::error_code ec;
  if (!fs::is_directory(root / "templates", ec)) {
    return base::Status::NotFound("no templates/ directory in theme " + dir);
  }
  std::unique_ptr<Theme> theme(new Theme());
  theme->impl_->catalog = &catalog;
  BS_RETURN_IF_ERROR(theme->impl_->LoadTemplates(root / "templates"));
  BS_RETURN_IF_ERROR(theme->impl_->LoadAssets(root / "assets", asset_url_prefix));
  return theme;
}

template <typename V>
base::Result<std::string> Theme::Impl::Render(std::string_view name, V& data,
                                              std::string_view lang) const {
  auto it = templates.find(name);
  if (it == templates.end()) {
    return base::Status::NotFound("no template '" + std::string(name) + "'");
  }
  if (!data.is_object()) return base::Status::InvalidArgument("template data must be an object");
  const Template& tmpl = *it->second;
  const auto translated = tmpl.translated.find(lang);
  // Shared, only read: see the file comment.
  mus::mustache& engine =
      translated != tmpl.translated.end() ? *translated->second : *tmpl.engine;
  try {
    DataTree tree(data);
    const Translator translator{catalog, lang};
    const Translator* tr = &translator;
    const mus::lambda2 translate = [tr](const std::string& text, const mus::renderer&) {
      return EscapeHtml(tr->catalog->Get(tr->lang, TrimView(text)));
    };
    const mus::data t(translate);
    std::string out;
    const size_t hint = tmpl.size_hint.load(std::memory_order_relaxed);
    out.reserve(hint + hint / 8 + 256);
    FastContext context(&tree, &t);
    StringSink sink{&out};
    engine.render(context, sink);
    if (!engine.is_valid()) {
      return base::Status::Internal("rendering " + std::string(name) + ": " +
                                    engine.error_message());
    }
    tmpl.size_hint.store(out.size(), std::memory_order_relaxed);
    return out;
  } catch (const std::exception& e) {
    return base::Status::Internal("rendering " + std::string(name) + ": " + e.what());
  }
}

base::Result<std::string> Theme::Render(std::string_view name, const Value& data,
                                        std::string_view lang) const {
  return impl_->Render(name, data, lang);
}

base::Result<std::string> Theme::Render(std::string_view name, Value&& data,
                                        std::string_view lang) const {
  return impl_->Render(name, data, lang);
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
