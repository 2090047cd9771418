#pragma once
// The article/page editor form: reading what was posted and drawing the form
// again, for articles_pages.cc. Internal to admin/.
//
// Everything typed survives a refused save: the form is re-rendered from
// EditorForm, never from the stored article, whenever a save did not happen.

#include <optional>
#include <string>

#include "admin/routes.h"
#include "publishing/editorial_service.h"
#include "render/value.h"

namespace admin {

// What the editor posted, as typed.
struct EditorForm {
  publishing::ArticleEdit edit;
  int64_t version = 0;             // the version the editor loaded; 0 when absent
  std::string version_text;        // as posted (kept through a re-render)
  std::string publish_at;          // "YYYY-MM-DDTHH:MM" in the site's time zone
  std::string tags_text;           // comma-separated, as typed
  std::string translation_choice;  // "", "leave" or an article id
  // "save", "preview", "publish", "schedule" or "unpublish".
  std::string action = "save";
  // After a stale-version warning: the editor chose to replace the newer version.
  bool overwrite = false;
  int64_t overwrite_version = 0;
};

// Messages shown above the form.
struct EditorNotes {
  std::string error;        // role="alert" summary
  std::string error_field;  // id of the input the error is about (for the link)
  bool stale = false;       // someone saved a newer version: offer to replace it
  int64_t stale_version = 0;
  std::string preview_html;  // rendered Markdown, from our renderer only
};

// Reads the editor's fields. A library image picked in image_pick is looked
// up (its path, size and texts are copied); errors are only from that lookup.
base::Result<EditorForm> ReadEditorForm(Ctx& c, store::ContentKind kind);

// The form for a new article/page, or filled from a stored one.
EditorForm FormFromNew(const Ctx& c, store::ContentKind kind);
EditorForm FormFromArticle(const Ctx& c, const store::Article& a);

// Draws the editor. `current` is the stored article (nullopt while new): its
// id, status and translations frame the form; the fields come from `f`.
AdminResult RenderEditor(Ctx& c, store::ContentKind kind, const EditorForm& f,
                         const std::optional<store::Article>& current, const EditorNotes& notes,
                         int status);

// "Title: required" from the service's "title: required", translated, and
// the input id it is about.
EditorNotes NotesFor(const Ctx& c, const base::Status& s);

// "/admin/articles" or "/admin/pages".
std::string EditorBase(store::ContentKind kind);

// "Draft", "Scheduled", "Published", translated.
std::string StatusLabel(const Ctx& c, store::ArticleStatus s);

// "YYYY-MM-DDTHH:MM" (datetime-local) <-> instants, in the site's time zone.
std::string LocalInputValue(const Ctx& c, base::Time t);
std::optional<base::Time> ParseLocalInput(const Ctx& c, const std::string& text);

}  // namespace admin
