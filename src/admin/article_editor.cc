#include "admin/article_editor.h"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "admin/view.h"
#include "base/text.h"
#include "base/time_format.h"
#include "media/media_library.h"
#include "media/responsive.h"

namespace admin {
namespace {

using store::ArticleStatus;
using store::ContentKind;

constexpr int kImageChoices = 48;     // recent library images offered
constexpr int kTranslationPages = 5;  // of ListArticles, for the translation select

struct FieldInfo {
  const char* field;  // as the service names it
  const char* input;  // id of the input in article_edit.mustache
  const char* label;  // English msgid
};
constexpr FieldInfo kFields[] = {
    {"title", "title", "Title"},
    {"slug", "slug", "Slug (web address)"},
    {"deck", "deck", "Deck (subtitle)"},
    {"body", "body", "Text (Markdown)"},
    {"excerpt", "excerpt", "Excerpt"},
    {"lang", "lang", "Language"},
    {"section", "section_id", "Section"},
    {"bylines", "bylines", "Bylines"},
    {"tags", "tags", "Tags"},
    {"translation_of", "translation_of", "Translation of"},
    {"image", "image_pick", "Feature image"},
    {"image_size", "image_pick", "Feature image"},
    {"image_alt", "image_alt", "Image description (alt text)"},
    {"image_caption", "image_caption", "Image caption"},
    {"image_credit", "image_credit", "Image credit"},
    {"image_credit_url", "image_credit_url", "Image credit link"},
    {"publish_at", "publish_at", "Publish at"},
};

std::optional<int64_t> PositiveId(std::string_view text) {
  std::optional<int64_t> v = base::ParseInt64(base::Trim(text));
  if (!v || *v <= 0) return std::nullopt;
  return v;
}

int NonNegative(std::string_view text) {
  std::optional<int64_t> v = base::ParseInt64(base::Trim(text));
  return v && *v >= 0 && *v < 1'000'000 ? static_cast<int>(*v) : 0;
}

std::string JoinTags(const std::vector<store::Tag>& tags) {
  std::string out;
  for (const store::Tag& t : tags) out += (out.empty() ? "" : ", ") + t.name;
  return out;
}

std::vector<std::string> SplitTags(const std::string& text) {
  std::vector<std::string> out;
  for (std::string_view part : base::Split(text, ',')) {
    std::string_view t = base::Trim(part);
    if (!t.empty()) out.emplace_back(t);
  }
  return out;
}

// Bylines as checkboxes: the chosen ones first, in signing order, then the
// rest by name — so the order listed is the order signed, without JS.
base::Result<render::Value> BylineOptions(Ctx& c, const std::vector<int64_t>& chosen) {
  BS_ASSIGN_OR_RETURN(std::vector<store::Byline> all, c.d.editorial->ListBylines());
  render::Value list = render::Value::MakeList(all.size());
  for (int64_t id : chosen) {
    for (const store::Byline& b : all) {
      if (b.id != id) continue;
      list.Push(render::Value::MakeObject()
                    .Set("id", std::to_string(b.id))
                    .Set("name", b.name)
                    .Set("checked", true));
    }
  }
  for (const store::Byline& b : all) {
    if (std::find(chosen.begin(), chosen.end(), b.id) != chosen.end()) continue;
    list.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(b.id))
                  .Set("name", b.name)
                  .Set("checked", false));
  }
  return list;
}

base::Result<render::Value> SectionOptions(Ctx& c, std::optional<int64_t> chosen) {
  BS_ASSIGN_OR_RETURN(std::vector<store::Section> all, c.d.editorial->ListSections());
  render::Value list = render::Value::MakeList(all.size());
  for (const store::Section& s : all) {
    list.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(s.id))
                  .Set("name", s.name)
                  .Set("selected", chosen && *chosen == s.id));
  }
  return list;
}

render::Value LangOptions(const Ctx& c, const std::string& chosen) {
  std::vector<std::string> langs = c.d.site->site->languages;
  if (!chosen.empty() && std::find(langs.begin(), langs.end(), chosen) == langs.end())
    langs.push_back(chosen);
  render::Value list = render::Value::MakeList(langs.size());
  for (const std::string& l : langs)
    list.Push(render::Value::MakeObject().Set("code", l).Set("selected", l == chosen));
  return list;
}

// Other content of the same kind that this one may translate.
base::Result<render::Value> TranslationOptions(Ctx& c, ContentKind kind,
                                               std::optional<int64_t> self,
                                               const std::string& chosen) {
  render::Value list = render::Value::MakeList();
  bool chosen_listed = chosen.empty() || chosen == "leave";
  publishing::ArticleFilter filter;
  filter.kind = kind;
  for (int page = 1; page <= kTranslationPages; ++page) {
    BS_ASSIGN_OR_RETURN(publishing::Page p, c.d.editorial->ListArticles(filter, page));
    for (const store::Article& a : p.items) {
      if (self && a.id == *self) continue;
      const std::string id = std::to_string(a.id);
      if (id == chosen) chosen_listed = true;
      list.Push(render::Value::MakeObject()
                    .Set("id", id)
                    .Set("label", a.title + " (" + a.lang + ")")
                    .Set("selected", id == chosen));
    }
    if (page >= p.total_pages) break;
  }
  if (!chosen_listed) {
    list.Push(render::Value::MakeObject()
                  .Set("id", chosen)
                  .Set("label", "#" + chosen)
                  .Set("selected", true));
  }
  return list;
}

base::Result<render::Value> ImageOptions(Ctx& c) {
  render::Value list = render::Value::MakeList();
  if (c.d.media == nullptr) return list;
  BS_ASSIGN_OR_RETURN(std::vector<store::MediaItem> items, c.d.media->List(kImageChoices, 0));
  for (const store::MediaItem& m : items) {
    std::string label = m.original_name;
    if (!m.alt.empty()) label += " — " + m.alt;
    label += " (" + std::to_string(m.width) + "×" + std::to_string(m.height) + ")";
    list.Push(render::Value::MakeObject().Set("id", std::to_string(m.id)).Set("label", label));
  }
  return list;
}

}  // namespace

std::string EditorBase(ContentKind kind) {
  return kind == ContentKind::kPage ? "/admin/pages" : "/admin/articles";
}

std::string StatusLabel(const Ctx& c, ArticleStatus s) {
  switch (s) {
    case ArticleStatus::kDraft:
      return T(c, "Draft");
    case ArticleStatus::kScheduled:
      return T(c, "Scheduled");
    case ArticleStatus::kPublished:
      return T(c, "Published");
  }
  return "";
}

std::string LocalInputValue(const Ctx& c, base::Time t) {
  const base::CivilTime l = c.d.site->time_zone->ToLocal(t);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", l.year, l.month, l.day, l.hour,
                l.minute);
  return buf;
}

std::optional<base::Time> ParseLocalInput(const Ctx& c, const std::string& text) {
  // "YYYY-MM-DDTHH:MM", optionally ":SS" (browsers add seconds when a step asks for them).
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  char sep = 0;
  int n = std::sscanf(text.c_str(), "%4d-%2d-%2d%c%2d:%2d:%2d", &y, &mo, &d, &sep, &h, &mi, &s);
  if (n < 6 || (sep != 'T' && sep != ' ')) return std::nullopt;
  if (y < 1970 || y > 9999 || mo < 1 || mo > 12 || d < 1 || d > 31 || h < 0 || h > 23 || mi < 0 ||
      mi > 59 || s < 0 || s > 59)
    return std::nullopt;
  static constexpr int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap)) return std::nullopt;
  base::CivilTime local;
  local.year = y;
  local.month = mo;
  local.day = d;
  local.hour = h;
  local.minute = mi;
  local.second = s;
  return c.d.site->time_zone->FromLocal(local);
}

base::Result<EditorForm> ReadEditorForm(Ctx& c, ContentKind kind) {
  const http::Form& f = c.form.form;
  EditorForm out;
  publishing::ArticleEdit& e = out.edit;
  e.kind = kind;
  e.title = f.Value("title");
  e.slug = std::string(base::Trim(f.Value("slug")));
  e.deck = f.Value("deck");
  e.body_markdown = f.Value("body");
  e.excerpt = f.Value("excerpt");
  e.lang = std::string(base::Trim(f.Value("lang")));
  if (e.lang.empty()) e.lang = c.d.site->site->default_language;
  e.section_id = PositiveId(f.Value("section_id"));
  for (const std::string& v : f.GetAll("bylines")) {
    std::optional<int64_t> id = PositiveId(v);
    if (id && std::find(e.byline_ids.begin(), e.byline_ids.end(), *id) == e.byline_ids.end())
      e.byline_ids.push_back(*id);
  }
  out.tags_text = f.Value("tags");
  e.tags = SplitTags(out.tags_text);
  out.translation_choice = std::string(base::Trim(f.Value("translation_of")));
  if (out.translation_choice == "leave") {
    e.leave_translation_group = true;
  } else {
    e.translation_of = PositiveId(out.translation_choice);
    if (!e.translation_of) out.translation_choice.clear();
  }
  e.image.path = f.Value("image_path");
  e.image.width = NonNegative(f.Value("image_width"));
  e.image.height = NonNegative(f.Value("image_height"));
  e.image.alt = f.Value("image_alt");
  e.image.caption = f.Value("image_caption");
  e.image.credit = f.Value("image_credit");
  e.image.credit_url = f.Value("image_credit_url");
  const std::string pick = f.Value("image_pick");
  if (pick == "none") {
    e.image = store::FeatureImage{};
  } else if (std::optional<int64_t> media_id = PositiveId(pick); media_id && c.d.media) {
    base::Result<store::MediaItem> item = c.d.media->Get(*media_id);
    if (!item.ok() && !item.status().IsNotFound()) return item.status();
    if (item.ok()) {
      // A newly picked image brings its own description, credit and size.
      e.image.path = media::FeatureImagePath(*item);
      e.image.width = item->width;
      e.image.height = item->height;
      e.image.alt = item->alt;
      e.image.caption = item->caption;
      e.image.credit = item->credit;
      e.image.credit_url = item->credit_url;
    }
  }
  e.featured = f.Has("featured");
  out.version_text = f.Value("version");
  out.version = PositiveId(out.version_text).value_or(0);
  out.publish_at = std::string(base::Trim(f.Value("publish_at")));
  const std::string action = f.Value("action");
  for (const char* known : {"save", "preview", "publish", "schedule", "unpublish"})
    if (action == known) out.action = action;
  out.overwrite = f.Value("overwrite") == "1";
  out.overwrite_version = PositiveId(f.Value("overwrite_version")).value_or(0);
  return out;
}

EditorForm FormFromNew(const Ctx& c, ContentKind kind) {
  EditorForm f;
  f.edit.kind = kind;
  f.edit.lang = c.d.site->site->default_language;
  return f;
}

EditorForm FormFromArticle(const Ctx& c, const store::Article& a) {
  EditorForm f;
  publishing::ArticleEdit& e = f.edit;
  e.kind = a.kind;
  e.title = a.title;
  e.slug = a.slug;
  e.deck = a.deck;
  e.body_markdown = a.body_markdown;
  e.excerpt = a.excerpt;
  e.lang = a.lang;
  if (a.section) e.section_id = a.section->id;
  for (const store::Byline& b : a.bylines) e.byline_ids.push_back(b.id);
  f.tags_text = JoinTags(a.tags);
  e.tags = SplitTags(f.tags_text);
  e.image = a.image;
  e.featured = a.featured;
  f.version = a.version;
  f.version_text = std::to_string(a.version);
  if (a.status == ArticleStatus::kScheduled && a.published_at)
    f.publish_at = LocalInputValue(c, *a.published_at);
  return f;
}

EditorNotes NotesFor(const Ctx& c, const base::Status& s) {
  EditorNotes n;
  const std::string& msg = s.message();
  const size_t colon = msg.find(": ");
  if (colon != std::string::npos) {
    const std::string field = msg.substr(0, colon);
    for (const FieldInfo& info : kFields) {
      if (field != info.field) continue;
      n.error = T(c, info.label) + ": " + T(c, msg.substr(colon + 2));
      n.error_field = info.input;
      return n;
    }
  }
  n.error = T(c, "Not saved: please check the form.");
  return n;
}

AdminResult RenderEditor(Ctx& c, ContentKind kind, const EditorForm& f,
                         const std::optional<store::Article>& current, const EditorNotes& notes,
                         int status) {
  const publishing::ArticleEdit& e = f.edit;
  const bool is_article = kind == ContentKind::kArticle;
  render::Value data = render::Value::MakeObject();
  data.Set("is_article", is_article);
  data.Set("base", EditorBase(kind));
  data.Set("new", !current.has_value());
  data.Set("can_publish", c.Can(accounts::Permission::kPublish));
  data.Set("title", e.title);
  data.Set("slug", e.slug);
  data.Set("deck", e.deck);
  data.Set("body", e.body_markdown);
  data.Set("excerpt", e.excerpt);
  data.Set("tags", f.tags_text);
  data.Set("featured", e.featured);
  data.Set("publish_at", f.publish_at);
  data.Set("version", f.version_text);
  data.Set("langs", LangOptions(c, e.lang));
  if (is_article) {
    BS_ASSIGN_OR_RETURN(render::Value bylines, BylineOptions(c, e.byline_ids));
    data.Set("has_bylines", !bylines.as_list().empty());
    data.Set("bylines", std::move(bylines));
    BS_ASSIGN_OR_RETURN(render::Value sections, SectionOptions(c, e.section_id));
    data.Set("sections", std::move(sections));
  }
  std::optional<int64_t> self;
  if (current) {
    self = current->id;
    data.Set("id", std::to_string(current->id));
    data.Set("status_label", StatusLabel(c, current->status));
    data.Set("is_draft", current->status == ArticleStatus::kDraft);
    data.Set("is_scheduled", current->status == ArticleStatus::kScheduled);
    data.Set("is_published", current->status == ArticleStatus::kPublished);
    if (current->published_at && current->status != ArticleStatus::kDraft)
      data.Set("published_at", FormatTime(c, *current->published_at));
    data.Set("updated_at", FormatTime(c, current->updated_at));
    BS_ASSIGN_OR_RETURN(std::vector<store::TranslationLink> links,
                        c.d.editorial->Translations(current->id));
    render::Value tl = render::Value::MakeList(links.size());
    for (const store::TranslationLink& l : links) {
      tl.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(l.id))
                  .Set("title", l.title)
                  .Set("lang", l.lang)
                  .Set("status_label", StatusLabel(c, l.status)));
    }
    data.Set("in_group", !links.empty());
    data.Set("translations", std::move(tl));
  }
  data.Set("translation_leave", f.translation_choice == "leave");
  BS_ASSIGN_OR_RETURN(render::Value others,
                      TranslationOptions(c, kind, self, f.translation_choice));
  data.Set("translation_options", std::move(others));
  render::Value image = render::Value::MakeObject()
                            .Set("path", e.image.path)
                            .Set("src", "/media/" + e.image.path)
                            .Set("width", std::to_string(e.image.width))
                            .Set("height", std::to_string(e.image.height))
                            .Set("alt", e.image.alt)
                            .Set("caption", e.image.caption)
                            .Set("credit", e.image.credit)
                            .Set("credit_url", e.image.credit_url);
  data.Set("has_image", !e.image.path.empty());
  data.Set("image", std::move(image));
  BS_ASSIGN_OR_RETURN(render::Value image_options, ImageOptions(c));
  data.Set("image_options", std::move(image_options));
  if (!notes.error.empty()) data.Set("error", notes.error);
  if (!notes.error_field.empty()) data.Set("error_field", notes.error_field);
  if (notes.stale) {
    data.Set("stale", true);
    data.Set("stale_version", std::to_string(notes.stale_version));
  }
  if (!notes.preview_html.empty()) data.Set("preview_html", notes.preview_html);
  data.Set("page_title", e.title.empty() ? T(c, is_article ? "New article" : "New page") : e.title);
  return Page(c, "article_edit", std::move(data), status);
}

}  // namespace admin
