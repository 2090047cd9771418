// Articles and standalone pages: the lists, the editor (save, preview,
// publish, schedule, unpublish), delete with a confirmation step, and the
// Markdown preview endpoint for admin.js.
//
// Who may do what, on top of the route's permission:
//   - without kEditAllContent (authors): only articles they created, and only
//     while drafts; anything else is 403;
//   - publish, schedule, unpublish and delete need kPublish.

#include "admin/article_editor.h"
#include "admin/handlers.h"
#include "admin/view.h"
#include "base/text.h"
#include "render/markdown.h"

namespace admin {
namespace {

using accounts::Permission;
using store::ArticleStatus;
using store::ContentKind;

const char* AuditType(ContentKind kind) { return kind == ContentKind::kPage ? "page" : "article"; }

std::string AuditAction(ContentKind kind, const std::string& what) {
  return std::string(AuditType(kind)) + "." + what;
}

base::Status Audit(Ctx& c, ContentKind kind, const std::string& what, int64_t id,
                   const std::string& title) {
  return c.d.accounts->Audit(c.actor(), AuditAction(kind, what), AuditType(kind),
                             std::to_string(id), title);
}

base::Status NeedEditorial(const Ctx& c) {
  if (c.d.editorial == nullptr) return base::Status::Unavailable("no editorial service");
  return base::Status::Ok();
}

// The stored article behind {id}, if this user may open it as `kind`.
base::Result<store::Article> LoadForEditing(Ctx& c, ContentKind kind) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
  BS_ASSIGN_OR_RETURN(store::Article a, c.d.editorial->GetArticle(id));
  if (a.kind != kind) return base::Status::NotFound("wrong kind");
  if (!c.Can(Permission::kEditAllContent)) {
    const bool own = a.created_by && *a.created_by == c.user().id;
    if (!own || a.status != ArticleStatus::kDraft)
      return base::Status::PermissionDenied("authors edit only their own drafts");
  }
  return a;
}

bool ChangesStatus(const std::string& action) {
  return action == "publish" || action == "schedule" || action == "unpublish";
}

const char* FlashFor(const std::string& action) {
  if (action == "publish") return "published";
  if (action == "schedule") return "scheduled";
  if (action == "unpublish") return "unpublished";
  return "saved";
}

// Publish, schedule or unpublish at `version`; returns the new version.
base::Result<int64_t> ApplyStatus(Ctx& c, const EditorForm& f, int64_t id, int64_t version) {
  if (f.action == "publish") return c.d.editorial->PublishNow(id, version);
  if (f.action == "unpublish") return c.d.editorial->Unpublish(id, version);
  std::optional<base::Time> at = ParseLocalInput(c, f.publish_at);
  if (!at) return base::Status::InvalidArgument("publish_at: give a date and a time");
  return c.d.editorial->Schedule(id, *at, version);
}

bool IsFormError(const base::Status& s) { return s.code() == base::StatusCode::kInvalidArgument; }

AdminResult EditorNew(Ctx& c, ContentKind kind) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  return RenderEditor(c, kind, FormFromNew(c, kind), std::nullopt, {}, 200);
}

AdminResult EditorCreate(Ctx& c, ContentKind kind) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  BS_ASSIGN_OR_RETURN(EditorForm f, ReadEditorForm(c, kind));
  if (f.action == "preview") {
    EditorNotes notes;
    notes.preview_html = render::MarkdownToHtml(f.edit.body_markdown);
    return RenderEditor(c, kind, f, std::nullopt, notes, 200);
  }
  if (f.action == "unpublish") f.action = "save";  // nothing to unpublish yet
  if (ChangesStatus(f.action) && !c.Can(Permission::kPublish))
    return base::Status::PermissionDenied("publishing needs the publish permission");
  // A schedule without a usable time is refused before anything is created.
  if (f.action == "schedule" && !ParseLocalInput(c, f.publish_at)) {
    return RenderEditor(
        c, kind, f, std::nullopt,
        NotesFor(c, base::Status::InvalidArgument("publish_at: give a date and a time")), 400);
  }
  base::Result<int64_t> id = c.d.editorial->CreateArticle(f.edit, c.user().id);
  if (!id.ok()) {
    if (IsFormError(id.status()))
      return RenderEditor(c, kind, f, std::nullopt, NotesFor(c, id.status()), 400);
    if (!id.status().IsConflict()) return id.status();
    EditorNotes notes = NotesFor(c, id.status());  // create conflicts only on the slug
    return RenderEditor(c, kind, f, std::nullopt, notes, 409);
  }
  BS_RETURN_IF_ERROR(Audit(c, kind, "create", *id, f.edit.title));
  const std::string to = EditorBase(kind) + "/" + std::to_string(*id);
  if (!ChangesStatus(f.action)) return SeeOther(to, "saved");
  BS_ASSIGN_OR_RETURN(store::Article created, c.d.editorial->GetArticle(*id));
  base::Result<int64_t> changed = ApplyStatus(c, f, *id, created.version);
  if (!changed.ok()) {
    // Created as a draft, but not published: say why, on the draft's own form.
    if (!IsFormError(changed.status())) return changed.status();
    f.version = created.version;
    f.version_text = std::to_string(created.version);
    f.edit.slug = created.slug;
    return RenderEditor(c, kind, f, created, NotesFor(c, changed.status()), 400);
  }
  BS_RETURN_IF_ERROR(Audit(c, kind, f.action, *id, f.edit.title));
  return SeeOther(to, FlashFor(f.action));
}

AdminResult EditorEdit(Ctx& c, ContentKind kind) {
  base::Result<store::Article> a = LoadForEditing(c, kind);
  if (!a.ok() && a.status().IsNotFound() && kind == ContentKind::kArticle) {
    // The dashboard links every recent item here; pages have their own editor.
    BS_ASSIGN_OR_RETURN(int64_t id, c.IdParam());
    base::Result<store::Article> other = c.d.editorial->GetArticle(id);
    if (other.ok() && other->kind == ContentKind::kPage)
      return SeeOther(EditorBase(ContentKind::kPage) + "/" + std::to_string(id));
  }
  BS_RETURN_IF_ERROR(a.status());
  return RenderEditor(c, kind, FormFromArticle(c, *a), *a, {}, 200);
}

AdminResult EditorUpdate(Ctx& c, ContentKind kind) {
  BS_ASSIGN_OR_RETURN(store::Article current, LoadForEditing(c, kind));
  BS_ASSIGN_OR_RETURN(EditorForm f, ReadEditorForm(c, kind));
  if (f.action == "preview") {
    EditorNotes notes;
    notes.preview_html = render::MarkdownToHtml(f.edit.body_markdown);
    return RenderEditor(c, kind, f, current, notes, 200);
  }
  if (ChangesStatus(f.action) && !c.Can(Permission::kPublish))
    return base::Status::PermissionDenied("publishing needs the publish permission");
  if (f.action == "schedule" && !ParseLocalInput(c, f.publish_at)) {
    return RenderEditor(
        c, kind, f, current,
        NotesFor(c, base::Status::InvalidArgument("publish_at: give a date and a time")), 400);
  }
  // Replacing a newer version happens only when the editor said so, against
  // the exact version they were warned about.
  const int64_t expected = f.overwrite && f.overwrite_version > 0 ? f.overwrite_version : f.version;
  base::Result<int64_t> saved = c.d.editorial->UpdateArticle(current.id, f.edit, expected);
  if (!saved.ok()) {
    if (IsFormError(saved.status()))
      return RenderEditor(c, kind, f, current, NotesFor(c, saved.status()), 400);
    if (!saved.status().IsConflict()) return saved.status();
    EditorNotes notes;
    if (current.version != expected) {
      // Someone saved in between: nothing was written; keep what was typed.
      notes.stale = true;
      notes.stale_version = current.version;
      notes.error = T(c,
                      "Not saved: someone saved a newer version of this while you were "
                      "editing. Your text is below. Compare it with the newer version, or "
                      "tick the box to replace the newer version with yours.");
    } else {
      notes = NotesFor(c, saved.status());  // the slug is taken
    }
    f.overwrite = false;
    return RenderEditor(c, kind, f, current, notes, 409);
  }
  BS_RETURN_IF_ERROR(Audit(c, kind, "update", current.id, f.edit.title));
  const std::string to = EditorBase(kind) + "/" + std::to_string(current.id);
  if (!ChangesStatus(f.action)) return SeeOther(to, "saved");
  base::Result<int64_t> changed = ApplyStatus(c, f, current.id, *saved);
  if (!changed.ok()) {
    if (!IsFormError(changed.status()) && !changed.status().IsConflict()) return changed.status();
    // The text is saved; the status change is not. Show the saved state.
    BS_ASSIGN_OR_RETURN(store::Article now, c.d.editorial->GetArticle(current.id));
    f.version = now.version;
    f.version_text = std::to_string(now.version);
    f.edit.slug = now.slug;
    return RenderEditor(c, kind, f, now, NotesFor(c, changed.status()),
                        changed.status().IsConflict() ? 409 : 400);
  }
  BS_RETURN_IF_ERROR(Audit(c, kind, f.action, current.id, f.edit.title));
  return SeeOther(to, FlashFor(f.action));
}

AdminResult DeleteConfirm(Ctx& c, const store::Article& a, bool refused) {
  render::Value data = render::Value::MakeObject()
                           .Set("base", EditorBase(a.kind))
                           .Set("id", std::to_string(a.id))
                           .Set("article_title", a.title)
                           .Set("version", std::to_string(a.version))
                           .Set("status_label", StatusLabel(c, a.status));
  if (refused) data.Set("error", T(c, "Tick the box to confirm that it should be deleted."));
  return Page(c, "article_delete", std::move(data), refused ? 400 : 200);
}

AdminResult EditorDeleteForm(Ctx& c, ContentKind kind) {
  BS_ASSIGN_OR_RETURN(store::Article a, LoadForEditing(c, kind));
  return DeleteConfirm(c, a, false);
}

AdminResult EditorDelete(Ctx& c, ContentKind kind) {
  BS_ASSIGN_OR_RETURN(store::Article a, LoadForEditing(c, kind));
  if (c.form.form.Value("confirm") != "yes") return DeleteConfirm(c, a, true);
  const int64_t version = base::ParseInt64(c.form.form.Value("version")).value_or(0);
  base::Status s = c.d.editorial->DeleteArticle(a.id, version);
  if (s.IsConflict()) {
    render::Value data = render::Value::MakeObject()
                             .Set("base", EditorBase(kind))
                             .Set("id", std::to_string(a.id))
                             .Set("article_title", a.title)
                             .Set("version", std::to_string(a.version))
                             .Set("status_label", StatusLabel(c, a.status))
                             .Set("error", T(c,
                                             "Not deleted: someone changed it in the meantime. "
                                             "Check the newest version first."));
    return Page(c, "article_delete", std::move(data), 409);
  }
  BS_RETURN_IF_ERROR(s);
  BS_RETURN_IF_ERROR(Audit(c, kind, "delete", a.id, a.title));
  return SeeOther(EditorBase(kind), "deleted");
}

// --- the lists

std::optional<ArticleStatus> ParseStatus(const std::string& s) {
  if (s == "draft") return ArticleStatus::kDraft;
  if (s == "scheduled") return ArticleStatus::kScheduled;
  if (s == "published") return ArticleStatus::kPublished;
  return std::nullopt;
}

std::optional<int64_t> QueryId(const Ctx& c, const char* name) {
  std::optional<std::string> v = c.req.QueryParam(name);
  if (!v) return std::nullopt;
  std::optional<int64_t> id = base::ParseInt64(*v);
  if (!id || *id <= 0) return std::nullopt;
  return id;
}

render::Value Options(const std::vector<std::pair<int64_t, std::string>>& all,
                      std::optional<int64_t> chosen) {
  render::Value list = render::Value::MakeList(all.size());
  for (const auto& [id, name] : all) {
    list.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(id))
                  .Set("name", name)
                  .Set("selected", chosen && *chosen == id));
  }
  return list;
}

AdminResult ContentList(Ctx& c, ContentKind kind) {
  BS_RETURN_IF_ERROR(NeedEditorial(c));
  const bool is_article = kind == ContentKind::kArticle;
  publishing::ArticleFilter filter;
  filter.kind = kind;
  const std::string status = c.req.QueryParam("status").value_or("");
  filter.status = ParseStatus(status);
  const std::string lang = std::string(base::Trim(c.req.QueryParam("lang").value_or("")));
  if (!lang.empty()) filter.lang = lang;
  filter.text = c.req.QueryParam("q").value_or("");
  if (is_article) {
    filter.section_id = QueryId(c, "section");
    filter.tag_id = QueryId(c, "tag");
    filter.byline_id = QueryId(c, "byline");
  }
  // Authors see only what they created.
  const bool own_only = !c.Can(Permission::kEditAllContent);
  if (own_only) filter.created_by = c.user().id;
  int page = 1;
  if (std::optional<std::string> p = c.req.QueryParam("page")) {
    std::optional<int64_t> n = base::ParseInt64(*p);
    if (!n || *n < 1 || *n > publishing::kMaxPage)
      return base::Status::InvalidArgument("page out of range");
    page = static_cast<int>(*n);
  }
  BS_ASSIGN_OR_RETURN(publishing::Page result, c.d.editorial->ListArticles(filter, page));

  render::Value rows = render::Value::MakeList(result.items.size());
  for (const store::Article& a : result.items) {
    std::string bylines;
    for (const store::Byline& b : a.bylines) bylines += (bylines.empty() ? "" : ", ") + b.name;
    // Authors get a link only where they may open it (their drafts).
    const bool can_open = !own_only || a.status == ArticleStatus::kDraft;
    rows.Push(render::Value::MakeObject()
                  .Set("id", std::to_string(a.id))
                  .Set("title", a.title)
                  .Set("can_open", can_open)
                  .Set("status_label", StatusLabel(c, a.status))
                  .Set("section", a.section ? a.section->name : "")
                  .Set("bylines", bylines)
                  .Set("lang", a.lang)
                  .Set("updated_at", FormatTime(c, a.updated_at))
                  .Set("published_at", a.published_at && a.status != ArticleStatus::kDraft
                                           ? FormatTime(c, *a.published_at)
                                           : ""));
  }
  render::Value data = render::Value::MakeObject();
  data.Set("is_article", is_article);
  data.Set("base", EditorBase(kind));
  data.Set("items", std::move(rows));
  data.Set("total", std::to_string(result.total_items));
  data.Set("q", filter.text);
  data.Set("lang_filter", lang);
  render::Value statuses = render::Value::MakeList();
  for (const char* s : {"draft", "scheduled", "published"}) {
    statuses.Push(render::Value::MakeObject()
                      .Set("value", s)
                      .Set("label", StatusLabel(c, *ParseStatus(s)))
                      .Set("selected", status == s));
  }
  data.Set("statuses", std::move(statuses));
  render::Value langs = render::Value::MakeList();
  for (const std::string& l : c.d.site->site->languages)
    langs.Push(render::Value::MakeObject().Set("code", l).Set("selected", l == lang));
  data.Set("langs", std::move(langs));
  // Keep the filters when paging.
  std::string query;
  auto add = [&query](const char* k, const std::string& v) {
    if (v.empty()) return;
    query += std::string("&") + k + "=" + http::PercentEncode(v);
  };
  add("status", filter.status ? status : "");
  add("lang", lang);
  add("q", filter.text);
  if (is_article) {
    BS_ASSIGN_OR_RETURN(std::vector<store::Section> sections, c.d.editorial->ListSections());
    BS_ASSIGN_OR_RETURN(std::vector<store::Byline> bylines, c.d.editorial->ListBylines());
    BS_ASSIGN_OR_RETURN(std::vector<store::TagUsage> tags, c.d.editorial->ListTags());
    std::vector<std::pair<int64_t, std::string>> s, b, t;
    for (const auto& x : sections) s.emplace_back(x.id, x.name);
    for (const auto& x : bylines) b.emplace_back(x.id, x.name);
    for (const auto& x : tags) t.emplace_back(x.tag.id, x.tag.name);
    data.Set("sections", Options(s, filter.section_id));
    data.Set("bylines", Options(b, filter.byline_id));
    data.Set("tags", Options(t, filter.tag_id));
    if (filter.section_id) add("section", std::to_string(*filter.section_id));
    if (filter.byline_id) add("byline", std::to_string(*filter.byline_id));
    if (filter.tag_id) add("tag", std::to_string(*filter.tag_id));
  }
  const std::string base = EditorBase(kind) + "?page=";
  if (page > 1) data.Set("prev_url", base + std::to_string(page - 1) + query);
  if (page < result.total_pages) data.Set("next_url", base + std::to_string(page + 1) + query);
  data.Set("page", std::to_string(page));
  data.Set("total_pages", std::to_string(result.total_pages));
  return Page(c, "articles", std::move(data));
}

}  // namespace

AdminResult ArticlesList(Ctx& c) { return ContentList(c, ContentKind::kArticle); }
AdminResult ArticleNewForm(Ctx& c) { return EditorNew(c, ContentKind::kArticle); }
AdminResult ArticleCreate(Ctx& c) { return EditorCreate(c, ContentKind::kArticle); }
AdminResult ArticleEditForm(Ctx& c) { return EditorEdit(c, ContentKind::kArticle); }
AdminResult ArticleUpdate(Ctx& c) { return EditorUpdate(c, ContentKind::kArticle); }
AdminResult ArticleDeleteForm(Ctx& c) { return EditorDeleteForm(c, ContentKind::kArticle); }
AdminResult ArticleDelete(Ctx& c) { return EditorDelete(c, ContentKind::kArticle); }
AdminResult PagesList(Ctx& c) { return ContentList(c, ContentKind::kPage); }
AdminResult PageNewForm(Ctx& c) { return EditorNew(c, ContentKind::kPage); }
AdminResult PageCreate(Ctx& c) { return EditorCreate(c, ContentKind::kPage); }
AdminResult PageEditForm(Ctx& c) { return EditorEdit(c, ContentKind::kPage); }
AdminResult PageUpdate(Ctx& c) { return EditorUpdate(c, ContentKind::kPage); }
AdminResult PageDeleteForm(Ctx& c) { return EditorDeleteForm(c, ContentKind::kPage); }
AdminResult PageDelete(Ctx& c) { return EditorDelete(c, ContentKind::kPage); }

AdminResult MarkdownPreview(Ctx& c) {
  // The same renderer as saving: raw HTML in the source comes out escaped.
  http::Response res;
  res.body = render::MarkdownToHtml(c.form.form.Value("body"));
  return res;
}

}  // namespace admin
